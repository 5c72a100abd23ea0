/*
 * nook/rcupdate.h — RCU-lite: read-copy update.
 * Linux: include/linux/rcupdate.h, include/linux/types.h (callback_head).
 *
 * Readers walk a structure with no lock: rcu_read_lock(), then each
 * pointer through rcu_dereference(), then rcu_read_unlock(). A writer
 * publishes a new version with rcu_assign_pointer() and may free the old
 * one only after a grace period: once every reader that could have seen
 * it has finished. synchronize_rcu() sleeps through a grace period;
 * call_rcu() runs a function after one, later, in the "rcu_gp" kernel
 * thread (kernel/rcu/tree.c, and docs/rcu.md).
 *
 * This is Linux's non-preemptible RCU: a reader runs with preemption off,
 * so it must not sleep, and a CPU that switches tasks, sits in the idle
 * loop, or is caught by the tick in user mode or with preempt_count zero,
 * has no reader running: a quiescent state.
 */
#ifndef NOOK_RCUPDATE_H
#define NOOK_RCUPDATE_H

#include <nook/kernel.h>
#include <nook/preempt.h>
#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <asm/cpu.h>

/* Marks a pointer read under RCU (for the reader; checked by sparse in Linux). */
#define __rcu

/*
 * A callback waiting for a grace period, embedded in the object it will
 * free. Linux's layout: next, then the function.
 */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __aligned(sizeof(void *));
#define rcu_head callback_head

typedef void (*rcu_callback_t)(struct rcu_head *head);

/*
 * Debug depth of rcu_read_lock() on this CPU (asm/cpu.h). Not Linux's
 * rcu_preempt_depth(), which is always 0 without PREEMPT_RCU.
 */
static __always_inline void rcu_read_lock_nesting_add(int val)
{
	__asm__ __volatile__("addl %0, %%gs:%c1"
			     : : "ri"(val),
			       "i"(offsetof(struct cpu, rcu_read_lock_nesting))
			     : "memory", "cc");
}

static inline int rcu_read_lock_depth(void)
{
	return READ_ONCE(this_cpu()->rcu_read_lock_nesting);
}

static __always_inline void rcu_read_lock(void)
{
	preempt_disable();
	rcu_read_lock_nesting_add(1);
}

static __always_inline void rcu_read_unlock(void)
{
	rcu_read_lock_nesting_add(-1);
	preempt_enable();
}

/*
 * In a read-side critical section? With non-preemptible RCU any region
 * that cannot be preempted (a spinlock held, interrupts off) is one too,
 * as in Linux since the flavours were merged (rcu_read_lock_any_held).
 */
static inline bool rcu_read_lock_held(void)
{
	return rcu_read_lock_depth() > 0 || !preemptible();
}

void rcu_dereference_warn(const char *file, int line);
/* How many times rcu_dereference was misused (tests read it). */
unsigned long rcu_dereference_warnings(void);

/*
 * The value of an RCU-protected pointer, once: READ_ONCE keeps the
 * compiler from reading it twice (and getting two versions). The load
 * that follows through it is ordered after this one by the address
 * dependency, on every CPU Linux supports but Alpha. c names another
 * reason the pointer is stable (a lock held), as in Linux.
 */
#define rcu_dereference_check(p, c)					\
	({								\
		if (unlikely(!((c) || rcu_read_lock_held())))		\
			rcu_dereference_warn(__FILE__, __LINE__);	\
		READ_ONCE(p);						\
	})

#define rcu_dereference(p)	rcu_dereference_check(p, 0)

/* The updater's view: c says which lock makes the pointer stable. */
#define rcu_dereference_protected(p, c)					\
	({								\
		if (unlikely(!(c)))					\
			rcu_dereference_warn(__FILE__, __LINE__);	\
		(p);							\
	})

/* Compare or test the pointer only; never dereference the result. */
#define rcu_access_pointer(p)	READ_ONCE(p)

/*
 * Publish v: everything written to *v before is visible to a reader
 * that finds v through p (release ordering).
 */
#define rcu_assign_pointer(p, v)	smp_store_release(&(p), (v))

/* For NULL, or an object no reader can reach yet: no ordering needed. */
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)

/*
 * call_rcu may be called from any context, as in Linux: interrupts off,
 * any spinlock held (a task's pi_lock, a run queue's lock), an interrupt
 * handler. Where preempt_count is raised or interrupts are off it does
 * not wake rcu_gp, whose wake-up takes those very locks: the next tick
 * does. synchronize_rcu and rcu_barrier sleep: process context only.
 */
void call_rcu(struct rcu_head *head, rcu_callback_t func);
void synchronize_rcu(void);
void rcu_barrier(void);

/*
 * kfree_rcu(ptr, field): kfree(ptr) after a grace period, field being
 * ptr's rcu_head. Linux encodes the offset in place of the function;
 * Nook does the same, so no function per type is needed: an "address"
 * below 4096 is an offset (kernel/rcu/tree.c, rcu_reclaim).
 */
#define RCU_KFREE_MAX_OFFSET	4096
#define kfree_rcu(ptr, field)						\
	do {								\
		_Static_assert(offsetof(typeof(*(ptr)), field) <	\
			       RCU_KFREE_MAX_OFFSET, "rcu_head too far in"); \
		call_rcu(&(ptr)->field, (rcu_callback_t)(unsigned long)	\
			 offsetof(typeof(*(ptr)), field));		\
	} while (0)

/*
 * Linux's gp_seq: +1 when a grace period starts, +1 when it ends (odd:
 * one is running). rcu_gp_completed() is how many have ended.
 */
unsigned long rcu_get_gp_seq(void);
unsigned long rcu_gp_completed(void);

/*
 * A cookie now; later, poll_state_synchronize_rcu(cookie) is true once a
 * full grace period has passed since (Linux's polled grace periods).
 * get_state_synchronize_rcu never starts a grace period: one comes only
 * when someone calls call_rcu, synchronize_rcu or rcu_barrier.
 */
unsigned long get_state_synchronize_rcu(void);
bool poll_state_synchronize_rcu(unsigned long cookie);

/* Linux's hooks, called by the scheduler, the tick and the idle loop. */
void rcu_note_context_switch(bool preempt);
void rcu_sched_clock_irq(bool user);
void rcu_idle_enter(void);
void rcu_all_qs(void);

/* Boot: rcu_init() in kernel_main, the thread once tasks can be made. */
void rcu_init(void);
void rcu_spawn_gp_kthread(void);

/*
 * Mutations, so that make check can show the tests catch a broken RCU
 * (tools/check.py, rcu-broken): rcu_broken=1, grace periods wait for
 * no one; rcu_broken=2, the tick reports a quiescent state even when it
 * interrupted a reader. Read-only after boot.
 */
#define RCU_BROKEN_NO_WAIT	1
#define RCU_BROKEN_TICK		2
extern int rcu_broken;

/* Wake-ups of rcu_gp by call_rcu, rcu_barrier or the tick (tests). */
unsigned long rcu_gp_wakeups(void);

#endif

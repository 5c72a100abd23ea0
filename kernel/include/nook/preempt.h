/*
 * nook/preempt.h — preempt_count: may this CPU switch tasks right now?
 * Linux: include/linux/preempt.h, arch/x86/include/asm/preempt.h.
 *
 * The scheduler may take the CPU away from a task at any interrupt that
 * returns to it (kernel preemption). That is wrong while the task holds
 * a spinlock: the next task could spin forever on it. So spin_lock()
 * raises this CPU's preempt_count and spin_unlock() lowers it, and the
 * interrupt return path preempts only when the count is zero.
 *
 * The count is per CPU (in struct cpu, as Linux keeps it in pcpu_hot),
 * not per task. That works because every task switches out with the
 * same count, 1: the run queue lock, held across the switch and
 * released by the task switched to (see kernel/sched/core.c).
 */
#ifndef NOOK_PREEMPT_H
#define NOOK_PREEMPT_H

#include <nook/kernel.h>
#include <asm/cpu.h>

static __always_inline int preempt_count(void)
{
	int n;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(n)
			     : "i"(offsetof(struct cpu, preempt_count)));
	return n;
}

/* One instruction, so an interrupt cannot split the read-modify-write. */
static __always_inline void preempt_count_add(int val)
{
	__asm__ __volatile__("addl %0, %%gs:%c1"
			     : : "ri"(val), "i"(offsetof(struct cpu, preempt_count))
			     : "memory", "cc");
}

static __always_inline void preempt_count_sub(int val)
{
	preempt_count_add(-val);
}

#define preempt_count_inc()	preempt_count_add(1)
#define preempt_count_dec()	preempt_count_sub(1)

/* Reschedule now if something asked for it while preemption was off. */
void preempt_schedule(void);

#define preempt_disable()						\
	do {								\
		preempt_count_inc();					\
		barrier();						\
	} while (0)

/* For the few places (spin_unlock) that leave the check to the next interrupt. */
#define preempt_enable_no_resched()					\
	do {								\
		barrier();						\
		preempt_count_dec();					\
	} while (0)

#define preempt_enable()						\
	do {								\
		barrier();						\
		preempt_count_dec();					\
		if (!preempt_count())					\
			preempt_schedule();				\
	} while (0)

#define preemptible()	(!preempt_count() && !irqs_disabled())

#endif

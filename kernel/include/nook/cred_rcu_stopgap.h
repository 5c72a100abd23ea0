/*
 * nook/cred_rcu_stopgap.h — HALF DONE, TO BE DELETED: the few RCU names
 * the credentials use, until RCU-lite (branch rcu-api, kernel/rcu/)
 * is merged. Then cred.h includes <nook/rcupdate.h> instead and this
 * file goes.
 *
 * This is not an RCU. The readers are real (rcu_read_lock disables
 * preemption, as a classic RCU reader does), but call_rcu() runs its
 * callback at once: there is no grace period. That is safe today only
 * because no task reads another task's creds yet (only current reads
 * its own, and only current replaces them); /proc and kill(2)'s
 * permission check will read other tasks' creds and need the real one.
 */
#ifndef NOOK_CRED_RCU_STOPGAP_H
#define NOOK_CRED_RCU_STOPGAP_H

#include <nook/kernel.h>
#include <nook/preempt.h>

#ifndef __rcu
#define __rcu
#endif

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

static inline void rcu_read_lock(void)
{
	preempt_disable();
}

static inline void rcu_read_unlock(void)
{
	preempt_enable();
}

#define rcu_dereference(p)	READ_ONCE(p)
/* Publish: the object's fields are written before the pointer is seen. */
#define rcu_assign_pointer(p, v)	\
	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

/* STOPGAP: no grace period (see the top of this file). */
static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	head->func = func;
	func(head);
}

#endif

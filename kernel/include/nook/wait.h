/*
 * nook/wait.h — wait queues: sleeping until something happens.
 * Linux: include/linux/wait.h (the implementation: kernel/sched/wait.c).
 *
 * A wait queue head is a locked list of sleepers. A task that must wait
 * for a condition puts an entry on the list, marks itself asleep, tests
 * the condition once more and calls schedule(); whoever makes the
 * condition true calls wake_up(), which runs each entry's func (by
 * default: wake the task). The second test is what makes it safe: a
 * wake_up() between the first test and the sleep finds the task already
 * marked asleep and wakes it, so the wake-up is never lost.
 */
#ifndef NOOK_WAIT_H
#define NOOK_WAIT_H

#include <nook/list.h>
#include <nook/spinlock.h>

struct task_struct;
struct wait_queue_entry;

typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry,
				 unsigned int mode, int flags, void *key);

#define WQ_FLAG_EXCLUSIVE	0x01	/* wake_up() wakes only one of these */

struct wait_queue_entry {
	unsigned int flags;
	void *private;			/* the sleeping task */
	wait_queue_func_t func;
	struct list_head entry;		/* under the head's lock */
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;		/* exclusive entries at the tail */
};

typedef struct wait_queue_head wait_queue_head_t;
typedef struct wait_queue_entry wait_queue_entry_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock = __SPIN_LOCK_UNLOCKED(name.lock),			\
	.head = LIST_HEAD_INIT(name.head) }

#define DECLARE_WAIT_QUEUE_HEAD(name)					\
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(wait_queue_head_t *wq_head);

int default_wake_function(wait_queue_entry_t *wq_entry, unsigned int mode,
			  int flags, void *key);
/* Wakes the task and takes the entry off the queue. */
int autoremove_wake_function(wait_queue_entry_t *wq_entry, unsigned int mode,
			     int flags, void *key);

#define DEFINE_WAIT_FUNC(name, function)				\
	wait_queue_entry_t name = {					\
		.private = current,					\
		.func = function,					\
		.entry = LIST_HEAD_INIT((name).entry),			\
	}
#define DEFINE_WAIT(name)	DEFINE_WAIT_FUNC(name, autoremove_wake_function)

void init_wait_entry(wait_queue_entry_t *wq_entry, int flags);
void add_wait_queue(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);
void add_wait_queue_exclusive(wait_queue_head_t *wq_head,
			      wait_queue_entry_t *wq_entry);
void remove_wait_queue(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);

/* Queue the entry (if not queued) and set current's state, under the lock. */
void prepare_to_wait(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry,
		     int state);
void prepare_to_wait_exclusive(wait_queue_head_t *wq_head,
			       wait_queue_entry_t *wq_entry, int state);
/* Back to TASK_RUNNING, and off the queue if nobody took us off. */
void finish_wait(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry);

/* Wake waiters in mode; all the non-exclusive ones, nr_exclusive others. */
void __wake_up(wait_queue_head_t *wq_head, unsigned int mode,
	       int nr_exclusive, void *key);
/* The same with wq_head->lock already held. */
void __wake_up_locked(wait_queue_head_t *wq_head, unsigned int mode, int nr);

#define wake_up(x)		__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)	__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)		__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x) __wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(x) __wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)

/* True if anyone waits: lockless, so only a hint (as in Linux). */
static inline bool waitqueue_active(wait_queue_head_t *wq_head)
{
	return !list_empty(&wq_head->head);
}

/*
 * The loop behind every wait_event*: sleep in state until condition
 * holds; 0 then. An interruptible sleep also ends when a signal is
 * pending (nook/sched.h signal_pending), with -ERESTARTSYS, as in Linux:
 * the caller returns that from its system call, and the way back to
 * user mode turns it into EINTR or a restart (SA_RESTART). The test
 * comes after prepare_to_wait has set our state, so a signal sent in
 * between finds us asleep and wakes us (signal_wake_up).
 */
#define ___wait_event(wq_head, condition, state)			\
({									\
	DEFINE_WAIT(__wq_entry);					\
	long __int = 0;							\
	for (;;) {							\
		prepare_to_wait(&(wq_head), &__wq_entry, state);	\
		if (condition)						\
			break;						\
		if (((state) & TASK_INTERRUPTIBLE) &&			\
		    signal_pending(current)) {				\
			__int = -ERESTARTSYS;				\
			break;						\
		}							\
		schedule();						\
	}								\
	finish_wait(&(wq_head), &__wq_entry);				\
	__int;								\
})

/* Sleep (uninterruptibly) until condition is true. */
#define wait_event(wq_head, condition)					\
do {									\
	if (condition)							\
		break;							\
	___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE);	\
} while (0)

/* The same, interruptible: 0, or -ERESTARTSYS if a signal came first. */
#define wait_event_interruptible(wq_head, condition)			\
({									\
	int __ret = 0;							\
	if (!(condition))						\
		__ret = ___wait_event(wq_head, condition,		\
				      TASK_INTERRUPTIBLE);		\
	__ret;								\
})

#endif

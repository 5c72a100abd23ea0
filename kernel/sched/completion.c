// kernel/sched/completion.c — completions, on a wait queue.
//
// Linux: kernel/sched/completion.c (there on a simple wait queue). done
// counts complete() calls not yet consumed; complete_all() sets it to
// UINT_MAX, which no number of waiters can use up.
//
// Lock order: x->wait.lock -> p->pi_lock -> rq->lock.

#include <nook/completion.h>
#include <nook/errno.h>
#include <nook/sched.h>
#include <nook/timer.h>

#define COMPLETE_ALL	(~0U)

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != COMPLETE_ALL)
		x->done++;
	__wake_up_locked(&x->wait, TASK_NORMAL, 1);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = COMPLETE_ALL;
	__wake_up_locked(&x->wait, TASK_NORMAL, 0);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/*
 * Sleep until done > 0 or the timeout runs out; takes one if done.
 * Returns the jiffies left (at least 1) once done, 0 on timeout, and
 * -ERESTARTSYS when a signal that state lets in is pending. The signal
 * test comes after our state is set: a signal sent before it is seen
 * there, one sent after finds us asleep and wakes us (signal_wake_up).
 */
static long do_wait_for_common(struct completion *x, long timeout, int state)
{
	wait_queue_entry_t wait;
	unsigned long flags;

	init_wait_entry(&wait, WQ_FLAG_EXCLUSIVE);
	wait.func = default_wake_function;	/* we unlink it ourselves */
	spin_lock_irqsave(&x->wait.lock, flags);
	if (!x->done) {
		list_add_tail(&wait.entry, &x->wait.head);
		do {
			set_current_state(state);
			if (signal_pending_state(state, current)) {
				timeout = -ERESTARTSYS;
				break;
			}
			spin_unlock_irqrestore(&x->wait.lock, flags);
			timeout = schedule_timeout(timeout);
			spin_lock_irqsave(&x->wait.lock, flags);
		} while (!x->done && timeout);
		list_del_init(&wait.entry);
		__set_current_state(TASK_RUNNING);
		if (!x->done) {
			spin_unlock_irqrestore(&x->wait.lock, flags);
			return timeout;
		}
	}
	if (x->done != COMPLETE_ALL)
		x->done--;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return timeout ? timeout : 1;
}

void wait_for_completion(struct completion *x)
{
	do_wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return do_wait_for_common(x, timeout, TASK_UNINTERRUPTIBLE);
}

/*
 * Linux's killable wait: only SIGKILL cuts it short; other signals do
 * not even wake the sleeper (TASK_KILLABLE). -ERESTARTSYS if it was cut.
 */
int wait_for_completion_killable(struct completion *x)
{
	long ret = do_wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);

	return ret < 0 ? ret : 0;
}

bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}

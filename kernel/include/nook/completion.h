/*
 * nook/completion.h — completions: "wait until this has happened once".
 * Linux: include/linux/completion.h, kernel/sched/completion.c.
 *
 * A counter of events on a wait queue: complete() adds one and wakes a
 * waiter, wait_for_completion() sleeps until the count is positive and
 * takes one. Unlike a bare flag, a complete() that comes before the
 * wait is not lost.
 */
#ifndef NOOK_COMPLETION_H
#define NOOK_COMPLETION_H

#include <nook/wait.h>

struct completion {
	unsigned int done;		/* under wait.lock */
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(work) \
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)

void init_completion(struct completion *x);
/* Make it ready to be completed again (no waiter may be left). */
void reinit_completion(struct completion *x);
void complete(struct completion *x);
/* Completes it for good: every present and future waiter passes. */
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
/* Like wait_for_completion, but SIGKILL ends it: -ERESTARTSYS. */
int wait_for_completion_killable(struct completion *x);
/* 0 on timeout, else the jiffies left (at least 1). */
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
bool completion_done(struct completion *x);

#endif

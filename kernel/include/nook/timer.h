/*
 * nook/timer.h — timer_list: run a function at a given jiffy; and the
 * sleeps built on it (schedule_timeout, msleep).
 * Linux: include/linux/timer.h, include/linux/delay.h (msleep),
 * kernel/time/timer.c, kernel/time/sleep_timeout.c.
 */
#ifndef NOOK_TIMER_H
#define NOOK_TIMER_H

#include <nook/jiffies.h>
#include <nook/list.h>

struct timer_list {
	struct list_head entry;		/* under timer_lock; empty: not pending */
	unsigned long expires;		/* the jiffy it fires at (or after) */
	void (*function)(struct timer_list *);
	u32 flags;
};

#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

void timer_setup(struct timer_list *timer,
		 void (*function)(struct timer_list *), unsigned int flags);
/* Arm a timer that is not pending, for timer->expires. */
void add_timer(struct timer_list *timer);
/* (Re)arm for expires; true if it was pending. */
bool mod_timer(struct timer_list *timer, unsigned long expires);
/* Disarm; true if it was pending. The function may still be running. */
bool del_timer(struct timer_list *timer);
/* Disarm and wait until its function is not running anywhere. */
bool del_timer_sync(struct timer_list *timer);
bool timer_pending(const struct timer_list *timer);

/* The tick on the jiffies CPU: run the timers that are due. */
void run_timers(void);

/*
 * Sleep until woken or timeout jiffies passed; set current's state
 * first (as Linux's). Returns the jiffies left, 0 if it timed out.
 */
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);

/* Sleep at least msecs milliseconds (by jiffies); never busy-waits. */
void msleep(unsigned int msecs);

#endif

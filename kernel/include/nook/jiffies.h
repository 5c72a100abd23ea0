/*
 * nook/jiffies.h — comparing tick counts, and converting to them.
 * Linux: include/linux/jiffies.h.
 *
 * jiffies wraps (after 2^64 ticks here, but the idiom is the point):
 * compare two values by the sign of their difference, never with <.
 */
#ifndef NOOK_JIFFIES_H
#define NOOK_JIFFIES_H

#include <nook/time.h>

#define MSEC_PER_SEC		1000UL

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

/* Rounded up: a sleep of m milliseconds lasts at least m. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return DIV_ROUND_UP((unsigned long)m * HZ, MSEC_PER_SEC);
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j * MSEC_PER_SEC / HZ;
}

#endif

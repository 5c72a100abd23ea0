// kernel/time/timekeeping.c — CLOCK_MONOTONIC, CLOCK_REALTIME and friends.
//
// Linux: kernel/time/timekeeping.c (timekeeping_init, ktime_get*,
// read_persistent_clock64's caller) and kernel/time/time.c (mktime64).
// Linux keeps a clocksource, a multiplier adjusted by NTP and a
// seqcount so readers never see a half-updated time. Nook's clocks need
// none of that: MONOTONIC is sched_clock() (the TSC, in nanoseconds
// since the timer was calibrated), and REALTIME is MONOTONIC plus an
// offset fixed once at boot from the CMOS clock. BOOTTIME equals
// MONOTONIC (Nook never suspends). The time namespace (a later step) adds its
// per-namespace offsets to MONOTONIC and BOOTTIME on top of these.
//
// real_offset_ns is written once, before the other CPUs start and
// before any user task runs; after that it is read-only: no lock.

#include <nook/printk.h>
#include <nook/timekeeping.h>

static u64 real_offset_ns;

/* Days from 1970-01-01 to y-m-d (m 1-12), for any year from 1 on. */
static s64 days_from_civil(s64 y, unsigned int m, unsigned int d)
{
	/*
	 * Count years from March, so the leap day is the last day of the
	 * counted year; then whole 400-year eras (146097 days each) plus
	 * the days into this one.
	 */
	s64 era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = y / 400;
	yoe = y - era * 400;				/* 0..399 */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */
	return era * 146097 + doe - 719468;		/* 719468: 0000-03-01 to 1970 */
}

s64 rtc_tm_to_time64(const struct rtc_time *tm)
{
	s64 days = days_from_civil(tm->tm_year + 1900, tm->tm_mon + 1,
				   tm->tm_mday);

	return ((days * 24 + tm->tm_hour) * 60 + tm->tm_min) * 60 + tm->tm_sec;
}

void timekeeping_init(void)
{
	s64 secs = 0;

	read_persistent_clock64(&secs);
	real_offset_ns = (u64)secs * NSEC_PER_SEC - sched_clock();
}

u64 ktime_get_ns(void)
{
	return sched_clock();
}

u64 ktime_get_boottime_ns(void)
{
	return sched_clock();
}

u64 ktime_real_offset_ns(void)
{
	return real_offset_ns;
}

u64 ktime_get_real_ns(void)
{
	return real_offset_ns + sched_clock();
}

s64 ktime_get_real_seconds(void)
{
	return ktime_get_real_ns() / NSEC_PER_SEC;
}

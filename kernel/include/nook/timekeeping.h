/*
 * nook/timekeeping.h — the clocks user space can read, and the structs
 * that carry their values across the system-call boundary.
 * Linux: include/linux/timekeeping.h (ktime_get_*), include/linux/time64.h
 * (timespec64, timespec64_valid), include/uapi/linux/time.h and
 * time_types.h (clock ids, __kernel_timespec, __kernel_old_timeval),
 * include/linux/mc146818rtc.h / rtc.h (struct rtc_time).
 *
 * Two sources: sched_clock(), nanoseconds since boot from the TSC, is
 * CLOCK_MONOTONIC; the CMOS real-time clock, read once at boot, anchors
 * CLOCK_REALTIME to it. Nothing sets the time afterwards (no
 * settimeofday, no NTP), so REALTIME - MONOTONIC is a constant.
 */
#ifndef NOOK_TIMEKEEPING_H
#define NOOK_TIMEKEEPING_H

#include <nook/time.h>
#include <nook/types.h>

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11
#define MAX_CLOCKS			16

#define TIMER_ABSTIME			0x01

/* One tick: the resolution of the _COARSE clocks and of every sleep. */
#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/* The kernel's own. */
struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

/* What clock_gettime(2) and nanosleep(2) copy (x86-64: two 64-bit words). */
struct __kernel_timespec {
	long long tv_sec;
	long long tv_nsec;
};

/* gettimeofday(2)'s struct timeval and struct timezone. */
struct __kernel_old_timeval {
	long tv_sec;
	long tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

/* A calendar time, as the RTC gives it (Linux's field meanings). */
struct rtc_time {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;	/* 0-11 */
	int tm_year;	/* years since 1900 */
};

/* nanosleep(2)'s EINVAL rule: a non-negative time, nanoseconds below 1e9. */
static inline bool timespec64_valid(const struct timespec64 *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       (unsigned long)ts->tv_nsec < NSEC_PER_SEC;
}

static inline struct timespec64 ns_to_timespec64(u64 ns)
{
	return (struct timespec64){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

/* Saturates: a sleep of 2^63 ns is as good as for ever. */
static inline u64 timespec64_to_ns(const struct timespec64 *ts)
{
	if ((u64)ts->tv_sec >= (~0ULL >> 1) / NSEC_PER_SEC)
		return ~0ULL >> 1;
	return (u64)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/* Calendar time (the proleptic Gregorian calendar, UTC) to Unix seconds. */
s64 rtc_tm_to_time64(const struct rtc_time *tm);

/* The RTC driver's register decoding (arch/x86_64/time/rtc.c), for ktest. */
unsigned int bcd2bin(u8 val);
void mc146818_decode(const u8 raw[6], u8 reg_b, struct rtc_time *tm);

/* Boot: anchor CLOCK_REALTIME to the RTC (after time_init). */
void timekeeping_init(void);
/* The arch's battery-backed clock, in Unix seconds; false if unusable. */
bool read_persistent_clock64(s64 *secs);

u64 ktime_get_ns(void);			/* CLOCK_MONOTONIC */
u64 ktime_get_real_ns(void);		/* CLOCK_REALTIME */
u64 ktime_get_boottime_ns(void);	/* CLOCK_BOOTTIME */
s64 ktime_get_real_seconds(void);
/* CLOCK_REALTIME - CLOCK_MONOTONIC, for absolute REALTIME sleeps. */
u64 ktime_real_offset_ns(void);

/* CPU time current has run (Linux: task_sched_runtime). */
u64 task_sched_runtime(void);

#endif

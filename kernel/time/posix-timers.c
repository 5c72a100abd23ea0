// kernel/time/posix-timers.c — the POSIX clocks: clock_gettime(2),
// clock_getres(2), clock_nanosleep(2) and nanosleep(2).
//
// Linux: kernel/time/posix-timers.c (the k_clock table, the syscalls),
// posix-stubs.c, posix-cpu-timers.c (the CPU-time clocks) and hrtimer.c
// (hrtimer_nanosleep). Each clock id has a struct k_clock saying how to
// read it, how fine it is, and whether one can sleep on it. An id
// without an entry is EINVAL, and so is every negative id: those are
// Linux's "CPU clock of another process or thread" ids (made by
// clock_getcpuclockid), which Nook does not offer yet.
//
// Sleeping is by timer ticks (schedule_timeout), so a sleep lasts at
// least what was asked and up to two ticks (20 ms) more. The sleep is
// interruptible: a pending signal ends it with -EINTR and, for a
// relative sleep, the time left written to rem. (Linux returns
// -ERESTART_RESTARTBLOCK, which becomes EINTR when a handler runs and
// a transparent restart otherwise; Nook keeps to the plain EINTR.)

#include <nook/errno.h>
#include <nook/sched.h>
#include <nook/timekeeping.h>
#include <nook/timer.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

typedef int clockid_t;

struct k_clock {
	u64 (*clock_get)(void);		/* the time, in nanoseconds */
	u64 resolution;			/* what clock_getres reports, ns */
	bool nsleep;			/* clock_nanosleep may use it */
};

static u64 coarse(u64 ns)
{
	return ns - ns % TICK_NSEC;	/* the time at the last tick, near enough */
}

static u64 clock_realtime_coarse(void)
{
	return coarse(ktime_get_real_ns());
}

static u64 clock_monotonic_coarse(void)
{
	return coarse(ktime_get_ns());
}

/*
 * One thread per process in Nook, so the process's CPU time is the
 * thread's (Linux sums the threads', dead ones included). Sleeping on
 * these clocks (Linux allows it for the process clock) is EOPNOTSUPP.
 */
static const struct k_clock posix_clocks[MAX_CLOCKS] = {
	[CLOCK_REALTIME] = { ktime_get_real_ns, 1, true },
	[CLOCK_MONOTONIC] = { ktime_get_ns, 1, true },
	[CLOCK_PROCESS_CPUTIME_ID] = { task_sched_runtime, 1, false },
	[CLOCK_THREAD_CPUTIME_ID] = { task_sched_runtime, 1, false },
	/* No NTP adjusts MONOTONIC, so RAW is the same clock. */
	[CLOCK_MONOTONIC_RAW] = { ktime_get_ns, 1, false },
	[CLOCK_REALTIME_COARSE] = { clock_realtime_coarse, TICK_NSEC, false },
	[CLOCK_MONOTONIC_COARSE] = { clock_monotonic_coarse, TICK_NSEC, false },
	[CLOCK_BOOTTIME] = { ktime_get_boottime_ns, 1, true },
	/* TAI - UTC is 0 until adjtimex sets it, in Linux too. */
	[CLOCK_TAI] = { ktime_get_real_ns, 1, true },
};

static const struct k_clock *clockid_to_kclock(clockid_t id)
{
	if (id < 0 || id >= MAX_CLOCKS || !posix_clocks[id].clock_get)
		return NULL;
	return &posix_clocks[id];
}

static int put_timespec64(const struct timespec64 *ts,
			  struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec kts = { ts->tv_sec, ts->tv_nsec };

	return copy_to_user(uts, &kts, sizeof(kts)) ? -EFAULT : 0;
}

static int get_timespec64(struct timespec64 *ts,
			  const struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec kts;

	if (copy_from_user(&kts, uts, sizeof(kts)))
		return -EFAULT;
	ts->tv_sec = kts.tv_sec;
	ts->tv_nsec = kts.tv_nsec;
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, clockid_t, which_clock,
		struct __kernel_timespec __user *, tp)
{
	const struct k_clock *kc = clockid_to_kclock(which_clock);
	struct timespec64 ts;

	if (!kc)
		return -EINVAL;
	ts = ns_to_timespec64(kc->clock_get());
	return put_timespec64(&ts, tp);
}

SYSCALL_DEFINE2(clock_getres, clockid_t, which_clock,
		struct __kernel_timespec __user *, tp)
{
	const struct k_clock *kc = clockid_to_kclock(which_clock);
	struct timespec64 ts;

	if (!kc)
		return -EINVAL;
	if (!tp)
		return 0;	/* asking only whether the clock exists */
	ts = ns_to_timespec64(kc->resolution);
	return put_timespec64(&ts, tp);
}

/*
 * Sleep until CLOCK_MONOTONIC reaches end. 0 when it has; -EINTR if a
 * signal came first, with *left the time that was still to go.
 */
static int do_nanosleep(u64 end, u64 *left)
{
	for (;;) {
		u64 now = ktime_get_ns();

		if (now >= end)
			return 0;
		if (signal_pending(current)) {
			*left = end - now;
			return -EINTR;
		}
		/*
		 * +1: the tick we are in is partly over, and the timer
		 * fires on a tick boundary. The loop catches the rest.
		 */
		schedule_timeout_interruptible(DIV_ROUND_UP(end - now,
							    TICK_NSEC) + 1);
	}
}

/* Both calls' sleep; rmtp is NULL for an absolute one. */
static long posix_nsleep(clockid_t which_clock, int flags,
			 const struct timespec64 *t,
			 struct __kernel_timespec __user *rmtp)
{
	u64 ns = timespec64_to_ns(t), end, left = 0, now = ktime_get_ns();
	struct timespec64 rem;
	int ret;

	if (!(flags & TIMER_ABSTIME)) {
		end = now + ns;
	} else if (which_clock == CLOCK_REALTIME || which_clock == CLOCK_TAI) {
		/* Nothing sets the wall clock, so its offset is fixed. */
		u64 off = ktime_real_offset_ns();

		end = ns > off ? ns - off : 0;
	} else {
		end = ns;	/* MONOTONIC and BOOTTIME share a time base */
	}
	if (end < now && !(flags & TIMER_ABSTIME))
		end = ~0ULL;	/* now + ns overflowed: for ever, near enough */
	ret = do_nanosleep(end, &left);
	if (ret == -EINTR && rmtp) {
		rem = ns_to_timespec64(left);
		if (put_timespec64(&rem, rmtp))
			return -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE2(nanosleep, struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	struct timespec64 t;

	if (get_timespec64(&t, rqtp))
		return -EFAULT;
	if (!timespec64_valid(&t))
		return -EINVAL;
	return posix_nsleep(CLOCK_MONOTONIC, 0, &t, rmtp);
}

/* Linux's order of checks: the clock, its ability to sleep, then the time. */
SYSCALL_DEFINE4(clock_nanosleep, clockid_t, which_clock, int, flags,
		const struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	const struct k_clock *kc = clockid_to_kclock(which_clock);
	struct timespec64 t;

	if (!kc)
		return -EINVAL;
	if (!kc->nsleep)
		return -EOPNOTSUPP;
	if (get_timespec64(&t, rqtp))
		return -EFAULT;
	if (!timespec64_valid(&t))
		return -EINVAL;
	/* Flags other than TIMER_ABSTIME are ignored, as in Linux. */
	return posix_nsleep(which_clock, flags, &t,
			    flags & TIMER_ABSTIME ? NULL : rmtp);
}

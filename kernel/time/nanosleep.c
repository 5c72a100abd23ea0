// kernel/time/nanosleep.c — nanosleep(2), minimal: sleeps in whole jiffies.
//
// Linux: kernel/time/hrtimer.c (SYSCALL_DEFINE2(nanosleep)), which sleeps
// on a high-resolution timer. This one rounds the request up to the
// tick (1/HZ s), which nanosleep(2) allows ("rounded up to a multiple of
// the sleep clock's resolution"). Written so that PID 1 can idle without
// spinning; the misc-calls work brings the full nanosleep and
// clock_nanosleep, and a merge keeps one of the two.

#include <nook/errno.h>
#include <nook/sched.h>
#include <nook/time.h>
#include <nook/timer.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

struct __kernel_timespec {
	long long tv_sec;
	long long tv_nsec;
};

/* Ticks to cover ts, rounded up; at least one if ts is not zero. */
static long timespec_to_jiffies_up(const struct __kernel_timespec *ts)
{
	unsigned long long ns_per_tick = NSEC_PER_SEC / HZ;
	unsigned long long max_sec = (unsigned long long)(MAX_SCHEDULE_TIMEOUT / HZ) - 1;

	if ((unsigned long long)ts->tv_sec >= max_sec)
		return MAX_SCHEDULE_TIMEOUT;
	return ts->tv_sec * HZ + (ts->tv_nsec + ns_per_tick - 1) / ns_per_tick;
}

SYSCALL_DEFINE2(nanosleep, struct __kernel_timespec __user *, rqtp,
		struct __kernel_timespec __user *, rmtp)
{
	struct __kernel_timespec ts;
	long left;

	if (copy_from_user(&ts, rqtp, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC_PER_SEC)
		return -EINVAL;
	left = timespec_to_jiffies_up(&ts);
	while (left > 0 && !signal_pending(current))
		left = schedule_timeout_interruptible(left);
	if (left <= 0)
		return 0;
	/* Cut short by a signal: say how much was left, then EINTR. */
	if (rmtp) {
		ts.tv_sec = left / HZ;
		ts.tv_nsec = (left % HZ) * (NSEC_PER_SEC / HZ);
		if (copy_to_user(rmtp, &ts, sizeof(ts)))
			return -EFAULT;
	}
	return -EINTR;
}

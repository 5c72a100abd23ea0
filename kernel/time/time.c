// kernel/time/time.c — the old wall-clock calls: time(2), gettimeofday(2).
//
// Linux: kernel/time/time.c. Both read CLOCK_REALTIME; C libraries
// mostly use clock_gettime now, but static programs built long ago and
// some shells still call these. The time zone gettimeofday reports is
// the kernel's sys_tz, which only settimeofday changes: 0, 0 (UTC).

#include <nook/errno.h>
#include <nook/timekeeping.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Returns the time even when tloc is NULL; EFAULT only if tloc is bad. */
SYSCALL_DEFINE1(time, long __user *, tloc)
{
	long now = ktime_get_real_seconds();

	if (tloc && put_user(now, tloc))
		return -EFAULT;
	return now;
}

SYSCALL_DEFINE2(gettimeofday, struct __kernel_old_timeval __user *, tv,
		struct timezone __user *, tz)
{
	static const struct timezone sys_tz;	/* UTC, never changed */

	if (tv) {
		u64 ns = ktime_get_real_ns();
		struct __kernel_old_timeval ktv = {
			.tv_sec = ns / NSEC_PER_SEC,
			.tv_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC,
		};

		if (copy_to_user(tv, &ktv, sizeof(ktv)))
			return -EFAULT;
	}
	if (tz && copy_to_user(tz, &sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

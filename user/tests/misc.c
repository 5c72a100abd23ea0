/*
 * misc.c — the small calls of Step 2, as their man pages and Linux say:
 * uname(2), clock_gettime(2), nanosleep(2), clock_nanosleep(2),
 * getrandom(2), arch_prctl(2), prlimit64 (getrlimit(2)), sched_yield(2),
 * writev(2), syslog(2) (the kernel log dmesg reads), EBADF, and ENOSYS
 * for a number Linux does not use
 * (syscall(2), syscalls(2)).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static void test_uname(void)
{
	struct utsname u;
	int major = 0, minor = 0, patch = 0;

	is(sc(SYS_uname, &u), 0, "uname returns 0");
	sscanf(u.release, "%d.%d.%d", &major, &minor, &patch);
	ok(major > 3 || (major == 3 && minor >= 2),
	   "uname's release is at least 3.2.0 (glibc's minimum): '%s'",
	   u.release);
	ok(strcmp(u.machine, "x86_64") == 0, "uname's machine is x86_64");
	ok(u.sysname[0] && u.nodename[0] && u.version[0],
	   "uname fills sysname, nodename and version");
}

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static void test_clocks(void)
{
	struct timespec a, b, boot, real;
	long long t0;

	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
	for (volatile int i = 0; i < 1000000; i++)
		;
	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &b);
	ok(ts_ns(&b) > ts_ns(&a) && b.tv_nsec < 1000000000L,
	   "CLOCK_MONOTONIC increases across a busy loop");
	is(sc(SYS_clock_gettime, CLOCK_BOOTTIME, &boot), 0,
	   "clock_gettime(CLOCK_BOOTTIME) returns 0");
	ok(ts_ns(&boot) >= ts_ns(&a), "CLOCK_BOOTTIME >= CLOCK_MONOTONIC");
	is(sc(SYS_clock_gettime, CLOCK_REALTIME, &real), 0,
	   "clock_gettime(CLOCK_REALTIME) returns 0");
	is(sc(SYS_clock_gettime, 100, &a), -EINVAL,
	   "clock_gettime of an unknown clock is EINVAL");

	struct timespec req = { 0, 50 * 1000000L };
	t0 = now_ns();
	is(sc(SYS_nanosleep, &req, 0), 0, "nanosleep(50 ms) returns 0");
	ok(now_ns() - t0 >= 50 * 1000000LL,
	   "nanosleep sleeps at least the time asked");
	t0 = now_ns();
	is(sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, 0), 0,
	   "clock_nanosleep(CLOCK_MONOTONIC, 50 ms) returns 0");
	ok(now_ns() - t0 >= 50 * 1000000LL,
	   "clock_nanosleep sleeps at least the time asked");

	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
	a.tv_nsec += 30 * 1000000L;
	if (a.tv_nsec >= 1000000000L) {
		a.tv_sec++;
		a.tv_nsec -= 1000000000L;
	}
	sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &a, 0);
	ok(now_ns() >= ts_ns(&a),
	   "clock_nanosleep(TIMER_ABSTIME) sleeps until the time given");

	struct timespec bad = { 0, 1000000000L };
	is(sc(SYS_nanosleep, &bad, 0), -EINVAL,
	   "nanosleep with tv_nsec of 1e9 is EINVAL");
	bad = (struct timespec){ -1, 0 };
	is(sc(SYS_nanosleep, &bad, 0), -EINVAL,
	   "nanosleep with a negative tv_sec is EINVAL");
}

static void test_getrandom(void)
{
	unsigned char a[64] = { 0 }, b[64] = { 0 };
	int nonzero = 0;

	is(sc(SYS_getrandom, a, sizeof(a), 0), sizeof(a),
	   "getrandom(64) returns 64");
	sc(SYS_getrandom, b, sizeof(b), 0);
	for (unsigned i = 0; i < sizeof(a); i++)
		nonzero |= a[i];
	ok(nonzero && memcmp(a, b, sizeof(a)) != 0,
	   "getrandom fills the buffer, differently each time");
	is(sc(SYS_getrandom, a, sizeof(a), 0x100), -EINVAL,
	   "getrandom with an unknown flag is EINVAL");
}

static void test_arch_prctl(void)
{
	unsigned long fs = 0;

	is(sc(SYS_arch_prctl, ARCH_GET_FS, &fs), 0,
	   "arch_prctl(ARCH_GET_FS) returns 0");
	is(fs, (unsigned long)pthread_self(),
	   "ARCH_GET_FS is the TLS pointer musl set (pthread_self())");
	is(sc(SYS_arch_prctl, ARCH_SET_FS, fs), 0,
	   "arch_prctl(ARCH_SET_FS) with the same pointer returns 0");
	is(sc(SYS_arch_prctl, 0x9999, &fs), -EINVAL,
	   "arch_prctl with an unknown code is EINVAL");
}

static void test_limits_and_ids(void)
{
	struct {
		unsigned long cur, max;
	} lim;

	is(sc(SYS_prlimit64, 0, 3 /* RLIMIT_STACK */, 0, &lim), 0,
	   "prlimit64(0, RLIMIT_STACK) reads the limit");
	ok(lim.cur <= lim.max, "the soft stack limit is at most the hard one");
	is(sc(SYS_prlimit64, 0, 100, 0, &lim), -EINVAL,
	   "prlimit64 of an unknown resource is EINVAL");
	is(sc(SYS_sched_yield), 0, "sched_yield returns 0");
	ok(getpid() > 0, "getpid() > 0");
}

static void test_io_and_errors(void)
{
	struct iovec iov[2] = { { "    # writev ", 13 }, { "gathers\n", 8 } };

	is(sc(SYS_writev, 1, iov, 2), 21,
	   "writev writes every iovec and returns the total");
	is(sc(SYS_write, -1, "x", 1), -EBADF, "write to fd -1 is EBADF");
	is(sc(SYS_write, 1000, "x", 1), -EBADF,
	   "write to an fd that is not open is EBADF");
	is(sc(1000), -ENOSYS, "syscall number 1000 is ENOSYS");
	/* Not 335 or 336: Linux 6.11 and 6.16 gave them to uretprobe/uprobe. */
	is(sc(400), -ENOSYS,
	   "syscall number 400 (in the range Linux leaves unused) is ENOSYS");
	is(sc(-1), -ENOSYS, "syscall number -1 is ENOSYS");
}

#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_SIZE_BUFFER	10

/* The kernel's log: every boot has put lines in it by now. */
static void test_syslog(void)
{
	static char buf[1 << 16];
	long size = sc(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, 0, 0);
	long n;

	ok(size >= 4096, "syslog SIZE_BUFFER gives the buffer's size (%ld)", size);
	n = sc(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf));
	ok(n > 0 && buf[0] == '<' && buf[n - 1] == '\n',
	   "syslog READ_ALL gives whole \"<level>...\\n\" lines (%ld bytes)", n);
	n = sc(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 64);
	ok(n >= 0 && n <= 64, "syslog READ_ALL keeps within the length (%ld)", n);
	is(sc(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 0), 0,
	   "syslog READ_ALL of 0 bytes: 0");
	is(sc(SYS_syslog, SYSLOG_ACTION_READ_ALL, NULL, 10), -EINVAL,
	   "syslog READ_ALL into NULL: EINVAL");
	is(sc(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, -1), -EINVAL,
	   "syslog READ_ALL of a negative length: EINVAL");
	is(sc(SYS_syslog, SYSLOG_ACTION_READ_ALL, KERNEL_ADDR, 10), -EFAULT,
	   "syslog READ_ALL into kernel memory: EFAULT");
	is(sc(SYS_syslog, 99, buf, 10), -EINVAL, "syslog of an unknown action: EINVAL");
}

/* As uid 1000: our own list is ours to read, root's parent's is not. */
static void robust_list_child(void)
{
	void *head;
	size_t len;

	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(sc(SYS_get_robust_list, 0, &head, &len) == 0);
	CHECK(len == 24);
	CHECK(sc(SYS_get_robust_list, getppid(), &head, &len) == -EPERM);
	CHECK(sc(SYS_get_robust_list, 0x7ffffff0, &head, &len) == -ESRCH);
}

/*
 * get_robust_list(2) of another process needs ptrace read access to it
 * (its list is an address in that process: a hint for an attacker).
 */
static void test_robust_list(void)
{
	void *head;
	size_t len;

	is(sc(SYS_get_robust_list, getpid(), &head, &len), 0,
	   "get_robust_list of our own pid works");
	is(in_child(robust_list_child), 0,
	   "get_robust_list of root's process as uid 1000: EPERM");
}

void suite_misc(void)
{
	tap_plan(44);
	test_uname();
	test_clocks();
	test_getrandom();
	test_arch_prctl();
	test_limits_and_ids();
	test_io_and_errors();
	test_syslog();
	test_robust_list();
}

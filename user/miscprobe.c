/*
 * user/miscprobe.c — prints what the kernel answers to the small Step 2
 * calls (uname(2), clock_gettime(2), nanosleep(2), getrandom(2),
 * prlimit64 (getrlimit(2)), set_robust_list(2), ioctl_tty(2), read(2),
 * mmap(2), getuid(2)...), one "name: result" line each, errors as -errno.
 * Run it on the host and in Nook (rdinit=/bin/miscprobe) and compare:
 * lines marked "=" must be identical; "~" lines show values that differ
 * between machines by nature (times, names).
 * Needs no fork, so it can run as pid 1 before fork exists.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_ADDR	0xffff888000000000L
#define BAD_ADDR	1L

static long sc6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define sc_n(nr, a, b, c, d, e, f, ...) \
	sc6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
	    (long)(f))
#define sc(...) sc_n(__VA_ARGS__, 0, 0, 0, 0, 0, 0)

#define same(name, expr) printf("= %-44s %ld\n", name, (long)(expr))

struct kts {
	long sec, nsec;
};

static long long ns(struct kts t)
{
	return t.sec * 1000000000LL + t.nsec;
}

static void probe_uname(void)
{
	struct {
		char f[6][65];
	} u;

	same("uname", sc(SYS_uname, &u));
	printf("~ uname: %s %s %s %s %s %s\n", u.f[0], u.f[1], u.f[2], u.f[3],
	       u.f[4], u.f[5]);
	same("uname(kernel addr)", sc(SYS_uname, KERNEL_ADDR));
	same("uname(bad addr)", sc(SYS_uname, BAD_ADDR));
}

static void probe_clocks(void)
{
	static const char *names[] = { "REALTIME", "MONOTONIC",
		"PROCESS_CPUTIME", "THREAD_CPUTIME", "MONOTONIC_RAW",
		"REALTIME_COARSE", "MONOTONIC_COARSE", "BOOTTIME",
		"REALTIME_ALARM", "BOOTTIME_ALARM", "SGI_CYCLE", "TAI" };
	struct kts t, r, a, b;
	char name[64];
	long tv[2];

	for (int id = 0; id < 12; id++) {
		long e = sc(SYS_clock_gettime, id, &t);

		snprintf(name, sizeof(name), "clock_gettime(%s)", names[id]);
		/* TAI: Linux may have a TAI offset set; Nook has none. */
		if (id == 11)
			printf("~ %-44s %ld\n", name, e);
		else
			same(name, e);
		e = sc(SYS_clock_getres, id, &r);
		snprintf(name, sizeof(name), "clock_getres(%s)", names[id]);
		if (id == 11)
			printf("~ %-44s %ld res %ld.%09ld\n", name, e, r.sec,
			       r.nsec);
		else
			printf("%c %-44s %ld%s\n", "=~"[id == 5 || id == 6],
			       name, e, "");
	}
	same("clock_gettime(100)", sc(SYS_clock_gettime, 100, &t));
	same("clock_gettime(bad addr)",
	     sc(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_ADDR));
	same("clock_getres(MONOTONIC, NULL)",
	     sc(SYS_clock_getres, CLOCK_MONOTONIC, 0));
	same("clock_getres(MONOTONIC, kernel)",
	     sc(SYS_clock_getres, CLOCK_MONOTONIC, KERNEL_ADDR));
	sc(SYS_clock_gettime, CLOCK_REALTIME, &t);
	printf("~ realtime: %ld (%s", t.sec, ctime(&(time_t){ t.sec }));
	same("realtime after 2024", t.sec > 1704067200);
	same("time(NULL) == realtime", sc(SYS_time, 0) - t.sec <= 1);
	same("time(kernel addr)", sc(SYS_time, KERNEL_ADDR));
	same("gettimeofday", sc(SYS_gettimeofday, tv, 0));
	same("gettimeofday usec < 1e6", tv[1] >= 0 && tv[1] < 1000000);
	same("gettimeofday(kernel)", sc(SYS_gettimeofday, KERNEL_ADDR, 0));
	same("gettimeofday(NULL, kernel tz)",
	     sc(SYS_gettimeofday, 0, KERNEL_ADDR));

	/* CPU time grows while we spin. */
	sc(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &a);
	for (volatile long i = 0; i < 20000000; i++)
		;
	sc(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &b);
	same("PROCESS_CPUTIME grows in a busy loop", ns(b) > ns(a));
	printf("~ busy loop took %lld us of CPU\n", (ns(b) - ns(a)) / 1000);
	sc(SYS_clock_gettime, CLOCK_THREAD_CPUTIME_ID, &a);
	same("THREAD_CPUTIME >= 0", ns(a) > 0);

	struct kts req = { 0, 30000000 }, rem = { 7, 7 }, t0, t1;
	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &t0);
	same("nanosleep(30 ms)", sc(SYS_nanosleep, &req, &rem));
	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &t1);
	same("nanosleep slept >= 30 ms", ns(t1) - ns(t0) >= 30000000);
	printf("~ nanosleep(30 ms) took %lld us\n", (ns(t1) - ns(t0)) / 1000);
	same("nanosleep left rem alone", rem.sec == 7 && rem.nsec == 7);
	req = (struct kts){ 0, 1000000000 };
	same("nanosleep(nsec 1e9)", sc(SYS_nanosleep, &req, 0));
	req = (struct kts){ 0, -1 };
	same("nanosleep(nsec -1)", sc(SYS_nanosleep, &req, 0));
	req = (struct kts){ -1, 0 };
	same("nanosleep(sec -1)", sc(SYS_nanosleep, &req, 0));
	req = (struct kts){ 0, 0 };
	same("nanosleep(0)", sc(SYS_nanosleep, &req, 0));
	same("nanosleep(bad req)", sc(SYS_nanosleep, BAD_ADDR, 0));
	same("nanosleep(kernel req)", sc(SYS_nanosleep, KERNEL_ADDR, 0));
	req = (struct kts){ 0, 1000 };
	same("nanosleep(1 us, kernel rem)",
	     sc(SYS_nanosleep, &req, KERNEL_ADDR));
	same("clock_nanosleep(MONOTONIC, 1 us)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, 0));
	same("clock_nanosleep(REALTIME, 1 us)",
	     sc(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &req, 0));
	same("clock_nanosleep(BOOTTIME, 1 us)",
	     sc(SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, &req, 0));
	same("clock_nanosleep(MONOTONIC_RAW)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &req, 0));
	same("clock_nanosleep(MONOTONIC_COARSE)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC_COARSE, 0, &req, 0));
	same("clock_nanosleep(THREAD_CPUTIME)",
	     sc(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, 0));
	same("clock_nanosleep(100)",
	     sc(SYS_clock_nanosleep, 100, 0, &req, 0));
	same("clock_nanosleep(flags 2)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, 2, &req, 0));
	same("clock_nanosleep(kernel req)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, KERNEL_ADDR, 0));
	req = (struct kts){ 0, 1000000000 };
	same("clock_nanosleep(nsec 1e9)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, 0));
	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &t0);
	req = t0;
	req.nsec += 20000000;
	if (req.nsec >= 1000000000) {
		req.sec++;
		req.nsec -= 1000000000;
	}
	same("clock_nanosleep(ABSTIME, +20 ms)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &req, 0));
	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &t1);
	same("... woke at or after the time", ns(t1) >= ns(req));
	req = (struct kts){ 1, 0 };
	same("clock_nanosleep(ABSTIME, in the past)",
	     sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &req, 0));
	sc(SYS_clock_gettime, CLOCK_REALTIME, &req);
	req.sec += 0;
	req.nsec = 0;
	same("clock_nanosleep(REALTIME, ABSTIME, past)",
	     sc(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &req, 0));
	same("sched_yield", sc(SYS_sched_yield));
}

static void probe_random(void)
{
	unsigned char a[64], b[64];
	static unsigned char big[40 << 20];

	same("getrandom(64)", sc(SYS_getrandom, a, 64, 0));
	sc(SYS_getrandom, b, 64, 0);
	same("two draws differ", memcmp(a, b, 64) != 0);
	same("getrandom(0)", sc(SYS_getrandom, a, 0, 0));
	same("getrandom(NONBLOCK)", sc(SYS_getrandom, a, 16, 1));
	same("getrandom(RANDOM)", sc(SYS_getrandom, a, 16, 2));
	same("getrandom(INSECURE)", sc(SYS_getrandom, a, 16, 4));
	same("getrandom(RANDOM|INSECURE)", sc(SYS_getrandom, a, 16, 6));
	same("getrandom(flag 8)", sc(SYS_getrandom, a, 16, 8));
	same("getrandom(flag 0x100)", sc(SYS_getrandom, a, 16, 0x100));
	same("getrandom(kernel)", sc(SYS_getrandom, KERNEL_ADDR, 16, 0));
	same("getrandom(bad)", sc(SYS_getrandom, BAD_ADDR, 16, 0));
	same("getrandom(bad, 0 bytes)", sc(SYS_getrandom, BAD_ADDR, 0, 0));
	same("getrandom(40 MiB)", sc(SYS_getrandom, big, sizeof(big), 0));
	same("getrandom(RANDOM, 40 MiB)", sc(SYS_getrandom, big, sizeof(big), 2));
}

static void probe_rlimits(void)
{
	static const char *names[] = { "CPU", "FSIZE", "DATA", "STACK", "CORE",
		"RSS", "NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS",
		"SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME" };
	unsigned long lim[2], old[2], nl[2];
	char name[64];

	for (int r = 0; r < 16; r++) {
		long e = sc(SYS_prlimit64, 0, r, 0, lim);

		/* NPROC, NOFILE, SIGPENDING, MEMLOCK depend on the machine. */
		snprintf(name, sizeof(name), "prlimit64(%s)", names[r]);
		printf("%c %-44s %ld %ld %ld\n",
		       "=~"[r == 6 || r == 7 || r == 8 || r == 11], name, e,
		       (long)lim[0], (long)lim[1]);
	}
	same("prlimit64(16)", sc(SYS_prlimit64, 0, 16, 0, lim));
	same("prlimit64(-1)", sc(SYS_prlimit64, 0, -1, 0, lim));
	same("prlimit64(pid 99999)", sc(SYS_prlimit64, 99999, 3, 0, lim));
	same("prlimit64(own pid)", sc(SYS_prlimit64, getpid(), 3, 0, lim));
	same("prlimit64(pid -1)", sc(SYS_prlimit64, -1, 3, 0, lim));
	same("prlimit64(bad old)", sc(SYS_prlimit64, 0, 3, 0, BAD_ADDR));
	same("prlimit64(kernel new)", sc(SYS_prlimit64, 0, 3, KERNEL_ADDR, 0));
	same("prlimit64(0, 0)", sc(SYS_prlimit64, 0, 3, 0, 0));
	sc(SYS_prlimit64, 0, 4, 0, old);
	nl[0] = 4096;
	nl[1] = 2048;
	same("prlimit64(CORE, soft > hard)", sc(SYS_prlimit64, 0, 4, nl, 0));
	nl[0] = 1024;
	nl[1] = 8192;
	same("prlimit64(CORE, 1024/8192)", sc(SYS_prlimit64, 0, 4, nl, lim));
	same("... old soft as before", lim[0] == old[0]);
	sc(SYS_prlimit64, 0, 4, 0, lim);
	same("... reads back 1024/8192", lim[0] == 1024 && lim[1] == 8192);
	nl[0] = 1024;
	nl[1] = 16384;
	/* Every Nook task is root; a host container may lack CAP_SYS_RESOURCE. */
	printf("~ %-44s %ld\n", "root raises the hard limit",
	       sc(SYS_prlimit64, 0, 4, nl, 0));
	same("getrlimit(CORE)", sc(SYS_getrlimit, 4, lim));
	same("... soft 1024", lim[0] == 1024);
	nl[0] = 0;
	nl[1] = 0;
	same("setrlimit(CORE, 0/0)", sc(SYS_setrlimit, 4, nl));
	same("getrlimit(16)", sc(SYS_getrlimit, 16, lim));
	same("getrlimit(kernel)", sc(SYS_getrlimit, 3, KERNEL_ADDR));
	same("setrlimit(bad)", sc(SYS_setrlimit, 3, BAD_ADDR));
	nl[0] = 1UL << 20;
	nl[1] = 4096;
	same("setrlimit(NOFILE, soft > hard)", sc(SYS_setrlimit, 7, nl));
	nl[0] = nl[1] = 1UL << 40;
	same("setrlimit(NOFILE, above nr_open)", sc(SYS_setrlimit, 7, nl));
}

static void probe_ids_and_tid(void)
{
	unsigned int groups[4];
	long head, len;

	same("getuid", sc(SYS_getuid));
	same("geteuid", sc(SYS_geteuid));
	same("getgid", sc(SYS_getgid));
	same("getegid", sc(SYS_getegid));
	printf("~ %-44s %ld\n", "getgroups(0)", sc(SYS_getgroups, 0, 0));
	printf("~ %-44s %ld\n", "getgroups(4)", sc(SYS_getgroups, 4, groups));
	same("getgroups(-1)", sc(SYS_getgroups, -1, 0));
	same("set_tid_address == gettid",
	     sc(SYS_set_tid_address, BAD_ADDR) == sc(SYS_gettid));
	same("set_robust_list(len 24)", sc(SYS_set_robust_list, BAD_ADDR, 24));
	same("set_robust_list(len 23)", sc(SYS_set_robust_list, BAD_ADDR, 23));
	same("get_robust_list(0)", sc(SYS_get_robust_list, 0, &head, &len));
	same("... head and len", head == BAD_ADDR && len == 24);
	same("get_robust_list(kernel len)",
	     sc(SYS_get_robust_list, 0, &head, KERNEL_ADDR));
	same("get_robust_list(pid 99999)",
	     sc(SYS_get_robust_list, 99999, &head, &len));
	same("rseq", sc(SYS_rseq, 0, 0, 0, 0) == -ENOSYS ||
		     sc(SYS_rseq, 0, 0, 0, 0) == -EINVAL);
}

static void probe_mem(void)
{
	long p;

	p = sc(SYS_mmap, 0, 8192, 3, 0x22, -1, 0);
	same("mmap(8 KiB anon) is an address", p > 0 && !(p & 4095));
	same("mprotect(read)", sc(SYS_mprotect, p, 4096, 1));
	same("mprotect(unaligned)", sc(SYS_mprotect, p + 1, 4096, 1));
	same("munmap", sc(SYS_munmap, p, 8192));
	same("mprotect(unmapped)", sc(SYS_mprotect, p, 4096, 1));
	same("mmap(len 0)", sc(SYS_mmap, 0, 0, 3, 0x22, -1, 0));
	same("mmap(file, fd -1)", sc(SYS_mmap, 0, 4096, 3, 0x2, -1, 0));
	same("brk(0) > 0", sc(SYS_brk, 0) > 0);
}

static void probe_tty(void)
{
	struct {
		unsigned int iflag, oflag, cflag, lflag;
		unsigned char line, cc[19];
	} t;
	unsigned short ws[4];
	char buf[8];

	long e = sc(SYS_ioctl, 1, 0x5401 /* TCGETS */, &t);

	printf("~ %-44s %ld\n", "ioctl(1, TCGETS)", e);
	if (e == 0) {
		printf("~ termios: iflag %o oflag %o cflag %o lflag %o line %d\n",
		       t.iflag, t.oflag, t.cflag, t.lflag, t.line);
		printf("~ cc:");
		for (int i = 0; i < 19; i++)
			printf(" %d", t.cc[i]);
		printf("\n");
		same("ioctl(1, TCGETS, kernel)",
		     sc(SYS_ioctl, 1, 0x5401, KERNEL_ADDR));
		e = sc(SYS_ioctl, 1, 0x5413 /* TIOCGWINSZ */, ws);
		printf("~ %-44s %ld rows %d cols %d\n", "TIOCGWINSZ", e, ws[0],
		       ws[1]);
		same("ioctl(1, 0x1234)", sc(SYS_ioctl, 1, 0x1234, 0));
		same("ioctl(1, TIOCGWINSZ, bad)",
		     sc(SYS_ioctl, 1, 0x5413, BAD_ADDR));
		same("read(0, kernel)", sc(SYS_read, 0, KERNEL_ADDR, 8));
		same("read(0, buf, 0)", sc(SYS_read, 0, buf, 0));
	}
	same("ioctl(-1, TCGETS)", sc(SYS_ioctl, -1, 0x5401, &t));
	same("ioctl(1000, TCGETS)", sc(SYS_ioctl, 1000, 0x5401, &t));
	same("read(-1)", sc(SYS_read, -1, buf, 1));
	same("read(1000)", sc(SYS_read, 1000, buf, 1));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	probe_uname();
	probe_clocks();
	probe_random();
	probe_rlimits();
	probe_ids_and_tid();
	probe_mem();
	probe_tty();
	printf("miscprobe: done\n");
	return 0;
}

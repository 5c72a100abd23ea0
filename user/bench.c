/*
 * bench.c — the micro-benchmark `make bench` runs, the same static binary
 * on Nook and on Linux (tools/bench.py boots both and compares them).
 *
 * Each figure is one operation, repeated until it has run for about
 * BENCH_TIME_MS milliseconds (default 300) and at least BENCH_MIN_ITERS
 * times (default 20), timed with clock_gettime(CLOCK_MONOTONIC) around
 * whole batches. The output, one line per figure, is
 *
 *	bench: start
 *	bench: note uname SYSNAME RELEASE
 *	bench: NAME NS_PER_OP ITERATIONS
 *	bench: NAME unsupported ERRNO	(the call failed the first time)
 *	bench: NAME error ERRNO		(it failed after working at first)
 *	bench: NAME no-clock ERRNO	(clock_gettime fails: nothing is timed)
 *	bench: note NAME failed with ERRNO after N iterations
 *	bench: done
 *
 * A figure that fails after min-iters iterations is still reported, from
 * the batches that completed, after its note (see stopped_early()).
 *
 * The figures (the names tools/bench.py and README.md use):
 *
 *	clock-gettime	clock_gettime(CLOCK_MONOTONIC): the timer's own cost
 *	getpid		the null system call, syscall(SYS_getpid) (never cached)
 *	fork		fork() + _exit(0) in the child + wait4() in the parent
 *	clone		raw clone(SIGCHLD) + exit + wait4: the base of clone-*
 *	clone-TYPE	clone(CLONE_NEWTYPE | SIGCHLD) + exit + wait4, for uts,
 *			ipc, mnt, pid, net, user, cgroup (clone(2); a time
 *			namespace cannot be made by clone: its flag is in the
 *			exit-signal byte)
 *	unshare-TYPE	unshare(CLONE_NEWTYPE), all eight types; each call runs
 *			in a fresh child (unshare(2) of pid or user cannot be
 *			repeated in one process), which times that one call
 *			itself and reports it through a pipe, so fork and exit
 *			are not counted
 *	setns-uts	setns(2) into a child's UTS namespace, opened as
 *			/proc/PID/ns/uts, and back into our own: per setns
 *	hostname	uname(2) + sethostname(2) of the name it already has
 *			(so running on the host changes nothing)
 *	pipe-pingpong	a 1-byte round trip through two pipes to a child that
 *			echoes it (two writes, two reads, two wake-ups)
 *	exec		fork + execve(2) of bench-exec-target (a static
 *			program that exits 0) + wait4
 *
 * System calls are made raw (sc() below), so what the kernel returned is
 * what is reported; libc cannot cache or emulate. BENCH_ONLY=a,b (or
 * the figure names as arguments) runs only those figures.
 *
 * As PID 1 (Linux's /init in `make bench`'s initramfs) it mounts /proc,
 * which setns-uts needs, and powers the machine off at the end
 * (reboot(2), RB_POWER_OFF). On Nook, init runs it (NOOK_RUN=/bin/bench).
 * On the host, run it as root: build/user/bench.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define DEFAULT_TIME_MS 300
#define DEFAULT_MIN_ITERS 20
#define MAX_ITERS 100000000LL		/* 100 million: ~40 s of null calls */
#define EXEC_TARGET "bench-exec-target"

extern char **environ;

/* A system call with up to five arguments; returns the raw result (-errno). */
static inline long sc5(long nr, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}
#define sc_n(nr, a, b, c, d, e, ...) \
	sc5((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))
#define sc(...) sc_n(__VA_ARGS__, 0, 0, 0, 0, 0)

static long long target_ns;
static long long min_iters;
static const char *only;	/* comma list of figures, or NULL: all */
static long long clock_err;	/* < 0: -errno of clock_gettime */
static char exec_target[256];

/* CLOCK_MONOTONIC in nanoseconds, or -errno if the kernel has no clock. */
static long long now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return -errno;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *errno_name(int e)
{
	static char buf[16];

	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOSPC: return "ENOSPC";
	case ENOSYS: return "ENOSYS";
	case EUSERS: return "EUSERS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* ---- helpers: children and their exit status ------------------------- */

/*
 * Waits for pid. A child reports failure as its exit status (an errno
 * value), so this returns 0, -that errno, or -ECHILD for a child that
 * was killed or could not be waited for.
 */
static long reap(long pid)
{
	int st;
	long r;

	do
		r = sc(SYS_wait4, pid, &st, 0, 0);
	while (r == -EINTR);
	if (r < 0)
		return r;
	if (!WIFEXITED(st))
		return -ECHILD;
	return -(long)WEXITSTATUS(st);
}

/* Raw clone(flags | SIGCHLD) with no new stack: the child runs on a
 * copy-on-write copy of ours, as after fork, and exits at once. */
static long clone_exit_wait(unsigned long flags)
{
	long pid = sc(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);

	if (pid < 0)
		return pid;
	if (pid == 0)
		sc(SYS_exit_group, 0);
	return reap(pid);
}

/* Reads exactly n bytes (pipes may return less); 0 or -errno / -EPIPE. */
static long read_full(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		long r = sc(SYS_read, fd, p, n);

		if (r == -EINTR)
			continue;
		if (r < 0)
			return r;
		if (r == 0)
			return -EPIPE;
		p += r;
		n -= r;
	}
	return 0;
}

/* ---- the operations --------------------------------------------------- */

/* One figure. op() does one iteration and returns 0 or -errno; a
 * self-timed op returns the nanoseconds it measured itself instead. */
struct figure {
	const char *name;
	long (*setup)(void);		/* 0 or -errno; may be NULL */
	long (*op)(void);
	void (*teardown)(void);		/* may be NULL */
	unsigned long flag;		/* the CLONE_NEW* flag, if any */
	int self_timed;
	int ops_per_iter;		/* operations in one op() (setns: 2) */
};

static unsigned long cur_flag;	/* the flag of the figure being run */

static long op_clock_gettime(void)
{
	long long t = now_ns();

	return t < 0 ? t : 0;
}

static long op_getpid(void)
{
	long r = sc(SYS_getpid);

	return r > 0 ? 0 : r;
}

static long op_fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(0);
	return reap(pid);
}

static long op_clone(void)
{
	return clone_exit_wait(cur_flag);
}

static int unshare_pipe[2] = { -1, -1 };

static long setup_unshare(void)
{
	return sc(SYS_pipe2, unshare_pipe, O_CLOEXEC);
}

static void teardown_unshare(void)
{
	close(unshare_pipe[0]);
	close(unshare_pipe[1]);
}

/* A child makes the one unshare(2) call and times it; we read the time. */
static long op_unshare(void)
{
	long long v;
	long r;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		long long t0 = now_ns();

		r = sc(SYS_unshare, cur_flag);
		v = now_ns() - t0;
		if (r < 0)
			v = r;
		sc(SYS_write, unshare_pipe[1], &v, sizeof(v));
		sc(SYS_exit_group, 0);
	}
	r = read_full(unshare_pipe[0], &v, sizeof(v));
	if (reap(pid) < 0 && r == 0)
		r = -ECHILD;
	if (r < 0)
		return r;
	return v;
}

/* setns-uts: a child sits in a new UTS namespace until we close `hold`. */
static int setns_hold = -1, setns_other = -1, setns_self = -1;
static pid_t setns_child = -1;

static void teardown_setns(void)
{
	if (setns_other >= 0)
		close(setns_other);
	if (setns_self >= 0)
		close(setns_self);
	if (setns_hold >= 0)
		close(setns_hold);
	if (setns_child > 0)
		reap(setns_child);
	setns_other = setns_self = setns_hold = setns_child = -1;
}

static long setup_setns(void)
{
	int hold[2], ready[2];
	char path[64], c;
	long r;

	if (pipe(hold) < 0)
		return -errno;
	if (pipe(ready) < 0) {
		r = -errno;
		close(hold[0]);
		close(hold[1]);
		return r;
	}
	setns_child = fork();
	if (setns_child == 0) {
		close(hold[1]);
		close(ready[0]);
		r = sc(SYS_unshare, CLONE_NEWUTS);
		if (r < 0)
			_exit(-r);
		sc(SYS_write, ready[1], "x", 1);
		read(hold[0], &c, 1);	/* returns at EOF: the parent is done */
		_exit(0);
	}
	close(hold[0]);
	close(ready[1]);
	setns_hold = hold[1];
	if (setns_child < 0) {
		r = -errno;
		close(ready[0]);
		teardown_setns();
		return r;
	}
	r = read_full(ready[0], &c, 1);
	close(ready[0]);
	if (r < 0) {			/* the child exited: its status says why */
		close(setns_hold);
		setns_hold = -1;
		r = reap(setns_child);
		setns_child = -1;
		return r < 0 ? r : -ECHILD;
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)setns_child);
	setns_other = sc(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	setns_self = sc(SYS_openat, AT_FDCWD, "/proc/self/ns/uts",
			O_RDONLY | O_CLOEXEC);
	if (setns_other < 0 || setns_self < 0) {
		r = setns_other < 0 ? setns_other : setns_self;
		teardown_setns();
		return r;
	}
	return 0;
}

static long op_setns(void)
{
	long r = sc(SYS_setns, setns_other, CLONE_NEWUTS);

	if (r < 0)
		return r;
	return sc(SYS_setns, setns_self, CLONE_NEWUTS);
}

static long op_hostname(void)
{
	struct utsname u;
	long r = sc(SYS_uname, &u);

	if (r < 0)
		return r;
	return sc(SYS_sethostname, u.nodename, strlen(u.nodename));
}

/* pipe-pingpong: to_child and from_child, and the child echoing between. */
static int ping_to = -1, ping_from = -1;
static pid_t ping_child = -1;

static long setup_pingpong(void)
{
	int a[2], b[2];
	long r;

	if ((r = sc(SYS_pipe2, a, 0)) < 0)
		return r;
	if ((r = sc(SYS_pipe2, b, 0)) < 0) {
		close(a[0]);
		close(a[1]);
		return r;
	}
	ping_child = fork();
	if (ping_child == 0) {
		char c;

		close(a[1]);
		close(b[0]);
		while (sc(SYS_read, a[0], &c, 1) == 1)
			if (sc(SYS_write, b[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	r = ping_child < 0 ? -errno : 0;
	close(a[0]);
	close(b[1]);
	ping_to = a[1];
	ping_from = b[0];
	return r;
}

static void teardown_pingpong(void)
{
	close(ping_to);		/* the child reads EOF and exits */
	close(ping_from);
	if (ping_child > 0)
		reap(ping_child);
	ping_to = ping_from = ping_child = -1;
}

static long op_pingpong(void)
{
	char c = 'p';
	long r = sc(SYS_write, ping_to, &c, 1);

	if (r < 0)
		return r;
	return read_full(ping_from, &c, 1);
}

static long setup_exec(void)
{
	return access(exec_target, X_OK) < 0 ? -errno : 0;
}

static long op_exec(void)
{
	char *argv[] = { exec_target, NULL };
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		long r = sc(SYS_execve, exec_target, argv, environ);

		_exit(-r);
	}
	return reap(pid);
}

#define CLONE_FIG(n, f) { "clone-" n, NULL, op_clone, NULL, f, 0, 1 }
#define UNSHARE_FIG(n, f) \
	{ "unshare-" n, setup_unshare, op_unshare, teardown_unshare, f, 1, 1 }

/*
 * In this order: the process figures first, the namespace ones after, so
 * that what Linux frees in the background after a namespace figure does
 * not land in the middle of fork or exec; and net last of all, since
 * Linux's cleanup_net (a work queue) is the longest of those.
 */
static const struct figure figures[] = {
	{ "clock-gettime", NULL, op_clock_gettime, NULL, 0, 0, 1 },
	{ "getpid", NULL, op_getpid, NULL, 0, 0, 1 },
	{ "fork", NULL, op_fork, NULL, 0, 0, 1 },
	{ "clone", NULL, op_clone, NULL, 0, 0, 1 },
	{ "pipe-pingpong", setup_pingpong, op_pingpong, teardown_pingpong,
	  0, 0, 1 },
	{ "exec", setup_exec, op_exec, NULL, 0, 0, 1 },
	{ "hostname", NULL, op_hostname, NULL, 0, 0, 1 },
	CLONE_FIG("uts", CLONE_NEWUTS),
	CLONE_FIG("ipc", CLONE_NEWIPC),
	CLONE_FIG("mnt", CLONE_NEWNS),
	CLONE_FIG("pid", CLONE_NEWPID),
	CLONE_FIG("user", CLONE_NEWUSER),
	CLONE_FIG("cgroup", CLONE_NEWCGROUP),
	UNSHARE_FIG("uts", CLONE_NEWUTS),
	UNSHARE_FIG("ipc", CLONE_NEWIPC),
	UNSHARE_FIG("mnt", CLONE_NEWNS),
	UNSHARE_FIG("pid", CLONE_NEWPID),
	UNSHARE_FIG("user", CLONE_NEWUSER),
	UNSHARE_FIG("cgroup", CLONE_NEWCGROUP),
	UNSHARE_FIG("time", CLONE_NEWTIME),
	{ "setns-uts", setup_setns, op_setns, teardown_setns, 0, 0, 2 },
	CLONE_FIG("net", CLONE_NEWNET),
	UNSHARE_FIG("net", CLONE_NEWNET),
};

/* ---- the timing loop -------------------------------------------------- */

static int selected(const char *name)
{
	size_t n = strlen(name);
	const char *p = only;

	if (!p || !*p)
		return 1;
	while (p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return 0;
}

/*
 * A call that worked fails later: Linux frees some namespaces in a work
 * queue after an RCU grace period, and creating them faster than that
 * runs into the per-user limit (ENOSPC, /proc/sys/user/max_*_namespaces).
 * With min_iters done, the figure stands on the batches that completed;
 * either way a note says what happened. A short pause lets the kernel
 * catch up before the next figure.
 */
static void stopped_early(const struct figure *f, long r, long long done)
{
	struct timespec pause = { 1, 0 };

	if (done < min_iters)
		printf("bench: %s error %s\n", f->name, errno_name(-r));
	printf("bench: note %s failed with %s after %lld iterations\n",
	       f->name, errno_name(-r), done);
	nanosleep(&pause, NULL);
}

/*
 * Runs one figure: a first call (it shows whether the kernel supports
 * it, and warms caches and page tables; it is not counted), then
 * batches, each sized from the time per iteration so far and at most
 * doubling the count, until the figure has run target_ns and min_iters.
 */
static void measure(const struct figure *f)
{
	/* time for work the last figure left to the kernel, before we start */
	struct timespec settle = { 0, 100 * 1000000 };
	long long count = 0, wall = 0, total = 0, batch = 1;
	long r = 0;

	cur_flag = f->flag;
	nanosleep(&settle, NULL);
	if (f->setup && (r = f->setup()) < 0) {
		printf("bench: %s unsupported %s\n", f->name, errno_name(-r));
		return;
	}
	r = f->op();
	if (r < 0) {
		printf("bench: %s unsupported %s\n", f->name, errno_name(-r));
		goto out;
	}
	for (;;) {
		long long self = 0, t0 = now_ns(), t1;

		for (long long i = 0; i < batch; i++) {
			r = f->op();
			if (r < 0) {
				stopped_early(f, r, count + i);
				if (count < min_iters)
					goto out;
				goto report;	/* the full batches before */
			}
			self += r;
		}
		t1 = now_ns();
		if (t0 < 0 || t1 < t0) {	/* the clock broke mid-way */
			printf("bench: %s error %s\n", f->name,
			       t0 < 0 ? errno_name(-t0) :
			       t1 < 0 ? errno_name(-t1) : "clock-backwards");
			goto out;
		}
		count += batch;
		wall += t1 - t0;
		total += f->self_timed ? self : t1 - t0;
		if (count >= MAX_ITERS)		/* a clock that does not move */
			break;
		if (wall >= target_ns) {
			if (count >= min_iters)
				break;
			batch = min_iters - count;
		} else {
			long long per = wall / count + 1;

			batch = (target_ns - wall) / per + 1;
			if (batch > count)
				batch = count;
		}
	}
report:
	count *= f->ops_per_iter;
	printf("bench: %s %lld %lld\n", f->name, (total + count / 2) / count,
	       count);
out:
	if (f->teardown)
		f->teardown();
}

static long long env_number(const char *name, long long fallback)
{
	const char *s = getenv(name);
	long long v = s ? atoll(s) : 0;

	return v > 0 ? v : fallback;
}

/* exec's target: next to this program (build/user/ on the host), or /bin. */
static void find_exec_target(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	if (slash) {
		snprintf(exec_target, sizeof(exec_target), "%.*s/%s",
			 (int)(slash - argv0), argv0, EXEC_TARGET);
		if (access(exec_target, X_OK) == 0)
			return;
	}
	snprintf(exec_target, sizeof(exec_target), "/bin/%s", EXEC_TARGET);
}

/* /proc is where setns finds namespaces; PID 1 of an initramfs has none. */
static void ensure_proc(void)
{
	if (access("/proc/self/ns", F_OK) == 0)
		return;
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		printf("bench: note cannot mount /proc: %s\n",
		       errno_name(errno));
}

int main(int argc, char **argv)
{
	struct utsname u;
	char onlybuf[1024] = "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	target_ns = env_number("BENCH_TIME_MS", DEFAULT_TIME_MS) * 1000000LL;
	min_iters = env_number("BENCH_MIN_ITERS", DEFAULT_MIN_ITERS);
	only = getenv("BENCH_ONLY");
	for (int i = 1; i < argc; i++) {	/* figure names as arguments */
		if (i > 1)
			strncat(onlybuf, ",", sizeof(onlybuf) - strlen(onlybuf) - 1);
		strncat(onlybuf, argv[i], sizeof(onlybuf) - strlen(onlybuf) - 1);
		only = onlybuf;
	}
	find_exec_target(argv[0]);

	printf("bench: start\n");
	ensure_proc();
	if (sc(SYS_uname, &u) == 0)
		printf("bench: note uname %s %s\n", u.sysname, u.release);
	printf("bench: note time %lld ms min-iters %lld\n",
	       target_ns / 1000000, min_iters);
	clock_err = now_ns();
	if (clock_err < 0) {
		/* musl turns ENOSYS into EINVAL: ask the kernel itself */
		struct timespec ts;
		long r = sc(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);

		clock_err = r < 0 ? r : clock_err;
		printf("bench: note clock_gettime(CLOCK_MONOTONIC) fails with %s:"
		       " no figure can be timed\n", errno_name(-clock_err));
	}
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		if (!selected(figures[i].name))
			continue;
		if (clock_err < 0)
			printf("bench: %s no-clock %s\n", figures[i].name,
			       errno_name(-clock_err));
		else
			measure(&figures[i]);
	}
	printf("bench: done\n");

	if (getpid() == 1) {		/* /init of an initramfs: switch off */
		sync();
		reboot(RB_POWER_OFF);
		printf("bench: note reboot: %s\n", errno_name(errno));
	}
	return 0;
}

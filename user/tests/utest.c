/*
 * utest.c — Nook's Step 2 user-space test suite: processes, memory,
 * signals and the system-call ABI, checked against what Linux does.
 *
 *	utest              run every suite
 *	utest fork signal  run only these suites
 *
 * The same static binary runs on the host's Linux (tools/check.py's
 * host-user run) and, once it can exec, in Nook: the host run proves
 * each test encodes Linux's behaviour. Output is KTAP version 1, one
 * subtest per suite (see ../lib/tap.h); the exit status is 0 only if
 * every case passed. Several tests need a PID 1 init above them
 * (user/init.c): run it as `NOOK_RUN=$PWD/build/user/utest
 * unshare --pid --fork --mount-proc build/user/init` on the host.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

const char *utest_argv0 = "/bin/utest";

static const struct {
	const char *name;
	void (*run)(void);
} suites[] = {
	{ "fork", suite_fork },
	{ "wait", suite_wait },
	{ "exec", suite_exec },
	{ "mem", suite_mem },
	{ "fault", suite_fault },
	{ "signal", suite_signal },
	{ "efault", suite_efault },
	{ "misc", suite_misc },
	{ "fd", suite_fd },
	{ "pipe", suite_pipe },
	{ "file", suite_file },
	{ "jobctl", suite_jobctl },
	{ "io", suite_io },
	{ "tty", suite_tty },
	{ "mount", suite_mount },
	{ "proc", suite_proc },
	{ "dev", suite_dev },
	{ "statfs", suite_statfs },
	{ "cred", suite_cred },
	{ "perm", suite_perm },
	{ "uts", suite_uts },
	{ "setns", suite_setns },
	{ "failnth", suite_failnth },
};
#define NR_SUITES (int)(sizeof(suites) / sizeof(suites[0]))

struct void_fn {
	void (*fn)(void);
};

static void call_void_fn(void *arg)
{
	((struct void_fn *)arg)->fn();
}

int in_child(void (*fn)(void))
{
	struct void_fn f = { fn };
	int status = run_child(call_void_fn, &f);

	if (status == -1)
		return -1;
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int run_child(void (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int copy_file(const char *src, const char *dst, int mode)
{
	static char buf[65536];
	int in = sc(SYS_openat, AT_FDCWD, src, O_RDONLY);
	int out = sc(SYS_openat, AT_FDCWD, dst, O_CREAT | O_WRONLY | O_TRUNC,
		     mode);
	long n, bad = in < 0 || out < 0;

	while (!bad && (n = sc(SYS_read, in, buf, sizeof(buf))) > 0)
		bad = sc(SYS_write, out, buf, n) != n;
	sc(SYS_close, in);
	sc(SYS_close, out);
	return bad ? -1 : 0;
}

int spawn_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			sleep_ms(1000);
	}
	return pid;
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (sc(SYS_nanosleep, &ts, &ts) == -EINTR)
		;
}

/* The state letter in /proc/PID/stat, after the name's last ')'; 0 if none. */
static char proc_state(pid_t pid)
{
	char path[32], buf[512], *paren;
	int fd;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = sc(SYS_read, fd, buf, sizeof(buf) - 1);
	sc(SYS_close, fd);
	buf[n > 0 ? n : 0] = 0;
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

char wait_for_state(pid_t pid, const char *states)
{
	for (int ms = 0; ms < STATE_WAIT_MS; ms += 5) {
		char state = proc_state(pid);

		if (state && strchr(states, state))
			return state;
		sleep_ms(5);
	}
	return 0;
}

long long now_ns(void)
{
	struct timespec ts;

	sc(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

const char *sibling_path(const char *name)
{
	static char path[512];
	const char *slash = strrchr(utest_argv0, '/');

	if (!slash)
		snprintf(path, sizeof(path), "/bin/%s", name);
	else
		snprintf(path, sizeof(path), "%.*s/%s",
			 (int)(slash - utest_argv0), utest_argv0, name);
	return path;
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0;

	if (argc > 0)
		utest_argv0 = argv[0];
	for (int i = 0; i < NR_SUITES; i++)
		n += wanted(suites[i].name, argc, argv);
	if (n == 0) {
		fprintf(stderr, "utest: no such suite; suites:");
		for (int i = 0; i < NR_SUITES; i++)
			fprintf(stderr, " %s", suites[i].name);
		fprintf(stderr, "\n");
		return 2;
	}
	tap_start(n);
	for (int i = 0; i < NR_SUITES; i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		tap_suite_begin(suites[i].name);
		suites[i].run();
		tap_suite_end();
	}
	return tap_finish();
}

#define VFORK_CHILD_SLEEP_MS	20000	/* far longer than a kill takes */

/* The middle process: its vfork child reports its pid, then "done". */
static void vfork_a_sleeper(int report)
{
	if (vfork() == 0) {
		pid_t me = getpid();

		write(report, &me, sizeof(me));
		sleep_ms(VFORK_CHILD_SLEEP_MS);
		write(report, "done", 4);
		_exit(0);
	}
	_exit(1);
}

int kill_vfork_parent(int sig, int *early)
{
	pid_t pid, sleeper = 0;
	int fds[2], st = 0;
	char buf[4];

	*early = 0;
	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		vfork_a_sleeper(fds[1]);
	}
	close(fds[1]);
	read(fds[0], &sleeper, sizeof(sleeper));	/* the middle is in vfork */
	kill(pid, sig);
	waitpid(pid, &st, 0);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	*early = read(fds[0], buf, sizeof(buf)) < 0 && errno == EAGAIN;
	if (sleeper > 0)
		kill(sleeper, SIGKILL);		/* PID 1 reaps the orphan */
	close(fds[0]);
	return st;
}

int read_byte_within(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	unsigned char c;

	if (poll(&pfd, 1, ms) != 1 || read(fd, &c, 1) != 1)
		return -1;
	return c;
}

void wait_for_reparent(pid_t first_parent)
{
	for (int ms = 0; ms < EVENT_MS && getppid() == first_parent; ms += 5)
		sleep_ms(5);
}

const char *path_in(const char *dir, const char *rel)
{
	static char bufs[4][128];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, rel);
	return b;
}

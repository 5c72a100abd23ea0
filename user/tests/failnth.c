/*
 * failnth.c — fault injection from user space: clone(CLONE_NEWUTS) and
 * unshare(CLONE_NEWUTS) walked through every allocation they make, and
 * the kernel's object counts (/proc/slabinfo) back at their baseline.
 *
 * Linux's fail-nth (Documentation/fault-injection): a task writes n to
 * its /proc/thread-self/fail-nth and its n-th allocation from then on
 * fails. Linux has the file only with CONFIG_FAULT_INJECTION (Debian's
 * kernels lack it); where there is none the suite skips: it says
 * nothing about a kernel without it.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define MAX_POINTS	200
#define NR_CASES	19

static long *results;		/* shared with the children */

struct counts {
	long nsproxy, uts, cred, task;
};

/* active_objs of one cache in /proc/slabinfo, or -1. */
static long slab_active(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, name, len) && p[len] == ' ')
			return strtol(p + len, NULL, 10);
	}
	return -1;
}

static void counts_read(struct counts *c)
{
	static char text[16384];
	int fd = open("/proc/slabinfo", O_RDONLY);
	long n = 0, got;

	while (fd >= 0 && n < (long)sizeof(text) - 1 &&
	       (got = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += got;
	text[n] = 0;
	if (fd >= 0)
		close(fd);
	c->nsproxy = slab_active(text, "nsproxy");
	c->uts = slab_active(text, "uts_namespace");
	c->cred = slab_active(text, "cred_jar");
	c->task = slab_active(text, "task_struct");
}

static int counts_equal(const struct counts *a, const struct counts *b)
{
	return a->nsproxy == b->nsproxy && a->uts == b->uts &&
	       a->cred == b->cred && a->task == b->task;
}

/*
 * Reads of unchanged counts that make a baseline, and the longest we
 * poll for one or for counts to come back (only a failure waits that
 * long). A grace period on a slow, loaded machine can outlast 100 ms:
 * a baseline taken before a due free would stay above the counts.
 */
#define SETTLE_READS	25		/* 500 ms without a change */
#define COUNTS_WAIT_MS	20000

/*
 * The baseline: counts that have stopped moving. Frees of what exited
 * before (creds, tasks) wait for a grace period and may still be due.
 */
static void counts_settle(struct counts *c)
{
	struct counts prev;
	int same = 0;

	counts_read(&prev);
	for (int ms = 0; ms < COUNTS_WAIT_MS && same < SETTLE_READS; ms += 20) {
		sleep_ms(20);
		counts_read(c);
		same = counts_equal(c, &prev) ? same + 1 : 0;
		prev = *c;
	}
}

/* The frees wait for reaping and a grace period: give them a moment. */
static int counts_return(const struct counts *base, struct counts *now)
{
	for (int ms = 0; ms < COUNTS_WAIT_MS; ms += 20) {
		counts_read(now);
		if (counts_equal(base, now))
			return 1;
		sleep_ms(20);
	}
	return 0;
}

static void set_fail_nth(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (write(fd, buf, len) != len)
		_exit(3);
}

/*
 * In a child: fail the n-th allocation of op, record what op returned.
 * The file is opened first, so the open's own allocations do not count.
 */
static long run_failing(unsigned int n, long (*op)(void))
{
	int status;
	pid_t pid;

	results[0] = -9999;
	pid = fork();
	if (pid == 0) {
		int fd = open(FAIL_NTH, O_WRONLY);
		long r;

		if (fd < 0)
			_exit(2);
		set_fail_nth(fd, n);
		r = op();
		set_fail_nth(fd, 0);
		results[0] = r;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -10000;
	return results[0];
}

static long op_unshare(void)
{
	return sc(SYS_unshare, CLONE_NEWUTS);
}

static long op_clone(void)
{
	long pid = sc(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	int status;

	if (pid == 0)
		_exit(0);
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		return 0;
	return pid;
}

/* Walk op through each failure point until a run succeeds. */
static void walk(const char *what, long (*op)(void), unsigned int min_points)
{
	struct counts base, now = { 0 };
	unsigned int n, bad = 0;
	long r = -1;
	int back;

	counts_settle(&base);
	for (n = 1; n <= MAX_POINTS; n++) {
		r = run_failing(n, op);
		if (r == 0)
			break;
		if (r != -ENOMEM && !bad) {
			bad = n;
			diag("%s: failure point %u gave %ld", what, n, r);
		}
	}
	diag("%s: %u failure points", what, n - 1);
	is(r, 0, "%s succeeds once fail-nth is past its last allocation", what);
	ok(n - 1 >= min_points, "%s has at least %u failure points (%u)",
	   what, min_points, n - 1);
	is(bad, 0, "%s: every injected failure is ENOMEM", what);
	back = counts_return(&base, &now);
	ok(back, "%s: nsproxies, uts namespaces, creds and tasks back at their "
	   "baseline (%ld %ld %ld %ld, now %ld %ld %ld %ld)", what,
	   base.nsproxy, base.uts, base.cred, base.task, now.nsproxy, now.uts,
	   now.cred, now.task);
}

/* Unshare, rename, open, go back with setns, and again: 50 times. */
static void many_child(void *arg)
{
	int orig = open("/proc/self/ns/uts", O_RDONLY), fd;

	for (int i = 0; i < 50; i++) {
		if (sc(SYS_unshare, CLONE_NEWUTS) ||
		    sc(SYS_sethostname, "many", 4))
			_exit(1);
		fd = open("/proc/self/ns/uts", O_RDONLY);
		if (fd < 0 || sc(SYS_setns, orig, CLONE_NEWUTS) ||
		    sc(SYS_setns, fd, 0))
			_exit(2);
		close(fd);
	}
}

static void test_fail_nth_file(void)
{
	char buf[16] = {};
	int fd = open(FAIL_NTH, O_RDWR);

	ok(fd >= 0, "open %s for reading and writing", FAIL_NTH);
	if (fd < 0)
		return;
	is(write(fd, "7", 1), 1, "writing a number to fail-nth works");
	is(pread(fd, buf, sizeof(buf) - 1, 0) > 0 ? atol(buf) : -1, 7,
	   "and reading it back shows the allocations left");
	is(sc(SYS_write, fd, "x", 1), -EINVAL, "a non-number is EINVAL");
	is(write(fd, "0", 1), 1, "writing 0 turns it off");
	close(fd);
}

void suite_failnth(void)
{
	struct counts base, now = { 0 };
	int status, back;

	tap_plan(NR_CASES);
	if (access("/proc/self", F_OK)) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	if (access(FAIL_NTH, F_OK)) {
		for (int i = 0; i < NR_CASES; i++)
			skip("no " FAIL_NTH " (no fault injection)",
			     "fail-nth case %d", i + 1);
		return;
	}
	results = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	test_fail_nth_file();
	walk("unshare(CLONE_NEWUTS)", op_unshare, 2);
	walk("clone(CLONE_NEWUTS)", op_clone, 8);
	walk("unshare(CLONE_NEWUTS) again", op_unshare, 2);

	counts_settle(&base);
	status = run_child(many_child, NULL);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "a process unshares and setns 50 times over, and exits");
	back = counts_return(&base, &now);
	ok(back, "and its nsproxies and uts namespaces are freed (%ld %ld, now "
	   "%ld %ld)", base.nsproxy, base.uts, now.nsproxy, now.uts);
	munmap(results, 4096);
}

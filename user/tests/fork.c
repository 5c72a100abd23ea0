/*
 * fork.c — process creation: fork(2), vfork(2), clone(2)'s refusals,
 * clone3(2)'s argument-size rules and CLONE_*_SETTID,
 * _exit(2)'s status, getpid(2)/getppid(2)/gettid(2), and orphans being
 * re-parented to PID 1 (_exit(2): "any children of the process are
 * inherited by init(1)"; in Linux, kernel/exit.c, find_new_reaper()).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static int counter = 1;			/* .data */

static void exit_with(void *arg)
{
	_exit((int)(long)arg);
}

/* arg: the parent's heap cell and a local of the parent's stack. */
struct memory_cells {
	int *heap;
	int *stack;
};

static void check_memory_copy(void *arg)
{
	struct memory_cells *cells = arg;

	/* The child's writes must not reach the parent (checked there). */
	counter = 100;
	*cells->heap = 100;
	*cells->stack = 100;
	_exit(counter == 100 && *cells->heap == 100 && *cells->stack == 100 ?
	      0 : 1);
}

static void check_ids(void *arg)
{
	pid_t parent = (pid_t)(long)arg;

	if (getppid() != parent)
		_exit(1);
	if (getpid() == parent)
		_exit(2);
	if (sc(SYS_gettid) != getpid())
		_exit(3);
	_exit(0);
}

static void test_fork_basics(void)
{
	pid_t parent = getpid();
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(getpid() != parent ? 0 : 1);
	ok(pid > 0, "fork returns the child's pid (> 0) to the parent");
	is(waitpid(pid, &status, 0), pid,
	   "waitpid returns the pid fork returned");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "fork returns 0 in the child, which has a new pid");
	is(run_child(check_ids, (void *)(long)parent), 0,
	   "in the child getppid() is the parent's pid, gettid() == getpid()");
	is(sc(SYS_gettid), getpid(),
	   "a single-threaded process has gettid() == getpid()");
}

static void test_exit_codes(void)
{
	static const int codes[] = { 0, 1, 42, 255 };

	for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		int st = run_child(exit_with, (void *)(long)codes[i]);

		ok(WIFEXITED(st) && WEXITSTATUS(st) == codes[i],
		   "_exit(%d) is seen by the parent as exit status %d",
		   codes[i], codes[i]);
	}
	int st = run_child(exit_with, (void *)256L);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "_exit(256) keeps only the low 8 bits: status 0");
}

static void test_fork_copies_memory(void)
{
	int *heap = malloc(sizeof(*heap));
	volatile int stack = 7;
	struct memory_cells cells = { heap, (int *)&stack };

	*heap = 7;
	counter = 7;
	is(run_child(check_memory_copy, &cells), 0,
	   "the child sees its own writes to data, heap and stack");
	ok(counter == 7 && *heap == 7 && stack == 7,
	   "the child's writes do not change the parent's memory");
	free(heap);
}

static void test_many_children(void)
{
	enum { N = 8 };
	pid_t pids[N];
	int seen[N] = { 0 };
	int all = 1;

	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(10 + i);
	}
	for (int n = 0; n < N; n++) {
		int st;
		pid_t pid = wait4(-1, &st, 0, NULL);
		int found = 0;

		for (int i = 0; i < N; i++) {
			if (pids[i] == pid && WIFEXITED(st) &&
			    WEXITSTATUS(st) == 10 + i) {
				seen[i]++;
				found = 1;
			}
		}
		all &= found;
	}
	for (int i = 0; i < N; i++)
		all &= seen[i] == 1;
	ok(all, "wait4(-1) reaps each of 8 children once, with its own status");
	is(wait4(-1, NULL, WNOHANG, NULL) < 0 ? errno : 0, ECHILD,
	   "then wait4 fails with ECHILD: no children left");
}

static volatile int vfork_shared;

static void test_vfork(void)
{
	int status = -1;
	pid_t pid;

	vfork_shared = 0;
	pid = vfork();
	if (pid == 0) {
		vfork_shared = 1;
		sleep_ms(100);	/* the parent must still be suspended */
		vfork_shared = 2;
		_exit(9);
	}
	is(vfork_shared, 2,
	   "vfork: the child shares memory and runs until _exit before the parent resumes");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 9,
	   "vfork: the child's _exit(9) is its exit status");

	vfork_shared = 0;
	pid = vfork();
	if (pid == 0) {
		char *argv[] = { "exec-helper", "exit", "5", NULL };
		char *envp[] = { NULL };

		vfork_shared = 1;
		execve(sibling_path("exec-helper"), argv, envp);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	ok(vfork_shared == 1 && WIFEXITED(status) && WEXITSTATUS(status) == 5,
	   "vfork: the parent resumes once the child has called execve");
}

static void test_clone_refusals(void)
{
	is(sc(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), -EINVAL,
	   "clone(CLONE_THREAD) without CLONE_SIGHAND is EINVAL");
	is(sc(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), -EINVAL,
	   "clone(CLONE_SIGHAND) without CLONE_VM is EINVAL");
}

/* clone3(2)'s struct clone_args, as in <linux/sched.h> (musl has none). */
struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static int clone3_child_tid;

/* clone3 as fork: returns 0 in the child, which checks its SETTID word. */
static void test_clone3(void)
{
	struct {
		struct clone_args_v2 a;
		uint64_t extra;		/* a field from a future version */
	} big;
	struct clone_args_v2 args;
	int parent_tid = 0, st = -1;
	long pid;

	memset(&big, 0, sizeof(big));
	is(sc(SYS_clone3, &big, 63), -EINVAL,
	   "clone3 with a size below CLONE_ARGS_SIZE_VER0 (64) is EINVAL");
	is(sc(SYS_clone3, &big, 4096 + 8), -E2BIG,
	   "clone3 with a size above a page is E2BIG");
	big.extra = 1;
	is(sc(SYS_clone3, &big, sizeof(big)), -E2BIG,
	   "clone3 with a nonzero byte past the known struct is E2BIG");
	is(sc(SYS_clone3, BAD_USER_ADDR, 64), -EFAULT,
	   "clone3 with a bad args pointer is EFAULT");
	memset(&args, 0, sizeof(args));
	args.flags = SIGCHLD;	/* the exit signal has its own field */
	is(sc(SYS_clone3, &args, 64), -EINVAL,
	   "clone3 with an exit signal in flags is EINVAL");

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID;
	args.exit_signal = SIGCHLD;
	args.parent_tid = (uintptr_t)&parent_tid;
	args.child_tid = (uintptr_t)&clone3_child_tid;
	clone3_child_tid = 0;
	pid = sc(SYS_clone3, &args, 64);
	if (pid == 0)
		_exit(clone3_child_tid == sc(SYS_getpid) ? 7 : 1);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	   WEXITSTATUS(st) == 7,
	   "clone3 without CLONE_VM forks: CLONE_CHILD_SETTID is the child's pid");
	is(parent_tid, pid, "clone3's CLONE_PARENT_SETTID gets the child's pid");
}

/* Set by the orphan's signal: SIGUSR1 if it saw getppid() == 1. */
static volatile sig_atomic_t orphan_report;

static void orphan_handler(int sig)
{
	orphan_report = sig;
}

static void test_orphan(void)
{
	struct sigaction sa = { .sa_handler = orphan_handler };
	pid_t tester = getpid();
	pid_t middle;
	int st;

	if (getppid() != 1) {
		skip("utest's parent is not PID 1: run it under init",
		     "an orphan is re-parented to PID 1 (getppid() == 1)");
		return;
	}
	orphan_report = 0;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	middle = fork();
	if (middle == 0) {
		if (fork() == 0) {
			/* The grandchild: wait to be orphaned, then report. */
			for (int ms = 0; ms < STATE_WAIT_MS &&
					 getppid() != 1; ms += 10)
				sleep_ms(10);
			kill(tester, getppid() == 1 ? SIGUSR1 : SIGUSR2);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(middle, &st, 0);
	for (int ms = 0; ms < 2 * STATE_WAIT_MS && !orphan_report; ms += 10)
		sleep_ms(10);
	is(orphan_report, SIGUSR1,
	   "an orphan is re-parented to PID 1 (getppid() == 1; SIGUSR1=%d)",
	   SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

/*
 * A vfork parent waits for its child "killably" (vfork(2), Linux's
 * TASK_KILLABLE): SIGKILL must end it at once, not when the child ends.
 */
static void test_vfork_parent_killable(void)
{
	int early, st = kill_vfork_parent(SIGKILL, &early);

	ok(early && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "SIGKILL ends a vfork parent still waiting for its child");
}

void suite_fork(void)
{
	tap_plan(28);
	test_fork_basics();
	test_exit_codes();
	test_fork_copies_memory();
	test_many_children();
	test_vfork();
	test_vfork_parent_killable();
	test_clone_refusals();
	test_clone3();
	test_orphan();
}

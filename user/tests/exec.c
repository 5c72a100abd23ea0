/*
 * exec.c — execve(2): argv and envp reach the new program, the auxiliary
 * vector musl and glibc need is there (getauxval(3)), the pid is kept,
 * caught signals are reset and ignored ones and the mask kept (signal(7)),
 * the new program's exit status is the process's; ENOENT for a missing
 * file. Each check runs ../exec-helper.c in a child and reads its status.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

/* fork, execve(helper, argv, envp), wait: the helper's wait status. */
static int run_helper(char **argv, char **envp)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execve(sibling_path("exec-helper"), argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* 0 when the helper exited 0. */
static int helper(const char *mode, const char *arg, const char *arg2)
{
	char *argv[] = { "exec-helper", (char *)mode, (char *)arg,
			 (char *)arg2, NULL };
	char *envp[] = { NULL };
	int st = run_helper(argv, envp);

	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void test_args(void)
{
	char *argv[] = { "exec-helper", "argv", "one", "two words", "", NULL };
	char *envp[] = { "NOOK_A=1", "NOOK_B=x=y", NULL };
	char *nothing[] = { NULL };
	char *exit_argv[] = { "exec-helper", "exit", "42", NULL };
	char pid_arg[16];
	int st;

	st = run_helper(exit_argv, nothing);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "execve runs the new program; its exit(42) is the child's status");
	is(run_helper(argv, nothing), 0,
	   "execve passes argv exactly (empty strings and spaces too)");
	is(run_helper((char *[]){ "exec-helper", "envp", NULL }, envp), 0,
	   "execve passes envp exactly as environ");

	/* The helper checks its pid is the one fork gave the child. */
	pid_t pid = fork();
	if (pid == 0) {
		snprintf(pid_arg, sizeof(pid_arg), "%d", getpid());
		execve(sibling_path("exec-helper"),
		       (char *[]){ "exec-helper", "pid", pid_arg, NULL },
		       nothing);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "execve keeps the process's pid");

	errno = 0;
	is(execve("/nonexistent/program", argv, nothing), -1,
	   "execve of a missing file returns -1");
	is(errno, ENOENT, "... with errno ENOENT");
}

static void test_auxv(void)
{
	is(helper("auxv", "pagesz", NULL), 0, "auxv: AT_PAGESZ is 4096");
	is(helper("auxv", "random", NULL), 0,
	   "auxv: AT_RANDOM points to 16 bytes, not all zero");
	is(helper("auxv", "phdr", NULL), 0,
	   "auxv: AT_PHDR, AT_PHENT and AT_PHNUM describe the program headers");
	is(helper("auxv", "entry", NULL), 0,
	   "auxv: AT_ENTRY is the program's entry point _start");
	is(helper("auxv", "ids", NULL), 0,
	   "auxv: AT_UID, AT_EUID, AT_GID, AT_EGID match the credentials");
	is(helper("auxv", "secure", NULL), 0, "auxv: AT_SECURE is 0");
	is(helper("auxv", "execfn", sibling_path("exec-helper")), 0,
	   "auxv: AT_EXECFN is the path given to execve");
	is(helper("auxv", "hwcap", NULL), 0, "auxv: AT_HWCAP is present, not 0");
}

static void on_usr1(int sig)
{
}

static void test_signals_across_exec(void)
{
	struct sigaction catch = { .sa_handler = on_usr1 };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct sigaction old1, old2;
	sigset_t usr1, oldmask;

	sigaction(SIGUSR1, &catch, &old1);
	sigaction(SIGUSR2, &ign, &old2);
	is(helper("sigdfl", NULL, NULL), 0,
	   "execve resets a caught signal (SIGUSR1) to SIG_DFL");
	is(helper("sigign", NULL, NULL), 0,
	   "execve keeps an ignored signal (SIGUSR2) ignored");
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &oldmask);
	is(helper("sigmask", NULL, NULL), 0,
	   "fork and execve keep the signal mask (SIGUSR1 blocked)");
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	sigaction(SIGUSR1, &old1, NULL);
	sigaction(SIGUSR2, &old2, NULL);
}

void suite_exec(void)
{
	tap_plan(17);
	test_args();
	test_auxv();
	test_signals_across_exec();
}

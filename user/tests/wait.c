/*
 * wait.c — wait4(2) and waitid(2): the status macros (WIFEXITED,
 * WEXITSTATUS, WIFSIGNALED, WTERMSIG), WNOHANG, ECHILD, zombies, and
 * children of a process whose SIGCHLD is SIG_IGN (wait(2), NOTES).
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static void test_macros(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && !WIFSIGNALED(st) && WEXITSTATUS(st) == 3,
	   "an exiting child: WIFEXITED, not WIFSIGNALED, WEXITSTATUS 3");

	pid = spawn_sleeper();
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && !WIFEXITED(st) && WTERMSIG(st) == SIGKILL,
	   "a killed child: WIFSIGNALED, not WIFEXITED, WTERMSIG SIGKILL");
}

static void test_wnohang_and_zombies(void)
{
	pid_t pid = spawn_sleeper();
	int st = 0;

	is(wait4(pid, &st, WNOHANG, NULL), 0,
	   "wait4(WNOHANG) on a running child returns 0");
	kill(pid, SIGTERM);
	wait_for_state(pid, "Z");	/* exited, not yet reaped */
	is(wait4(pid, &st, WNOHANG, NULL), pid,
	   "wait4(WNOHANG) returns a zombie's pid");
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "the zombie kept its status (killed by SIGTERM)");
	is(wait4(pid, &st, 0, NULL), -1, "a reaped child cannot be waited for again");
	is(errno, ECHILD, "... the error is ECHILD");
	is(sc(SYS_wait4, -1, 0, 0, 0), -ECHILD,
	   "wait4(-1) with no children is ECHILD");
	is(sc(SYS_wait4, -1, 0, WEXITED, 0), -EINVAL,
	   "wait4 with an option it does not take (WEXITED) is EINVAL");
}

static void test_waitid(void)
{
	siginfo_t info;
	pid_t pid = spawn_sleeper();

	memset(&info, 0, sizeof(info));
	is(sc(SYS_waitid, P_PID, pid, &info, WEXITED | WNOHANG, 0), 0,
	   "waitid(WEXITED|WNOHANG) on a running child returns 0");
	is(info.si_pid, 0, "... and leaves si_pid 0");
	kill(pid, SIGKILL);
	memset(&info, 0, sizeof(info));
	is(sc(SYS_waitid, P_PID, pid, &info, WEXITED, 0), 0,
	   "waitid(P_PID, WEXITED) on a killed child returns 0");
	ok(info.si_pid == pid && info.si_signo == SIGCHLD &&
	   info.si_code == CLD_KILLED && info.si_status == SIGKILL,
	   "... si_pid, si_signo SIGCHLD, si_code CLD_KILLED, si_status SIGKILL");

	pid = fork();
	if (pid == 0)
		_exit(77);
	memset(&info, 0, sizeof(info));
	sc(SYS_waitid, P_ALL, 0, &info, WEXITED, 0);
	ok(info.si_pid == pid && info.si_code == CLD_EXITED &&
	   info.si_status == 77,
	   "waitid(P_ALL) on an exited child: CLD_EXITED, si_status 77");
	is(sc(SYS_waitid, P_ALL, 0, &info, WEXITED | WNOHANG, 0), -ECHILD,
	   "waitid with no children is ECHILD");
	is(sc(SYS_waitid, P_ALL, 0, &info, WNOHANG, 0), -EINVAL,
	   "waitid without WEXITED, WSTOPPED or WCONTINUED is EINVAL");
}

static void test_sigchld_ignored(void)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	pid_t pid;

	sigaction(SIGCHLD, &ign, &old);
	pid = fork();
	if (pid == 0)
		_exit(1);
	is(sc(SYS_wait4, pid, 0, 0, 0), -ECHILD,
	   "with SIGCHLD ignored, children are reaped at exit: wait4 waits, then ECHILD");
	sigaction(SIGCHLD, &old, NULL);
}

void suite_wait(void)
{
	tap_plan(17);
	test_macros();
	test_wnohang_and_zombies();
	test_waitid();
	test_sigchld_ignored();
}

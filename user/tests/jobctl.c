/*
 * jobctl.c — job control without a terminal: process groups and
 * sessions (setpgid(2), getpgid, getpgrp, setsid(2), getsid(2)) with
 * their errnos, kill(2) and waitpid(2) on a group (pid 0 and < -1),
 * and stop signals: SIGSTOP and SIGTSTP stop a child, SIGCONT resumes
 * it, and waitpid's WUNTRACED and WCONTINUED (waitid's WSTOPPED) say
 * so. The terminal's side (^C, TIOCSPGRP) needs a tty: user/ttytest.c.
 *
 * Checks that need a fresh session run in a child that reports the
 * first check it failed as its exit status (0: all held).
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static void test_ids(void)
{
	pid_t me = getpid();

	ok(getpgrp() == getpgid(0) && getpgid(0) == getpgid(me),
	   "getpgrp() == getpgid(0) == getpgid(getpid())");
	ok(getsid(0) == getsid(me) && getsid(0) >= 0,
	   "getsid(0) == getsid(getpid())");
	is(sc(SYS_getpgid, 0x7ffffff0), -ESRCH, "getpgid of no process: ESRCH");
	is(sc(SYS_getsid, 0x7ffffff0), -ESRCH, "getsid of no process: ESRCH");
	is(sc(SYS_setpgid, 0, -1), -EINVAL, "setpgid to a negative group: EINVAL");
	is(sc(SYS_setpgid, getppid(), 0), -ESRCH,
	   "setpgid of a process neither us nor our child: ESRCH");
}

/* In a fresh child: setsid, then what a session leader may not do. */
static int session_checks(void)
{
	pid_t me = getpid();

	if (setsid() != me)
		return 1;
	if (getsid(0) != me || getpgrp() != me)
		return 2;
	if (sc(SYS_setsid) != -EPERM)
		return 3;		/* a group leader already */
	if (sc(SYS_setpgid, 0, 0) != -EPERM)
		return 4;		/* a session leader never moves */
	return 0;
}

/* In a fresh child: lead a group, then setsid is refused. */
static int group_leader_checks(void)
{
	if (setpgid(0, 0) != 0 || getpgrp() != getpid())
		return 1;
	if (sc(SYS_setsid) != -EPERM)
		return 2;
	return 0;
}

static int exit_status_of(int (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void test_setsid(void)
{
	is(exit_status_of(session_checks), 0,
	   "setsid: a new session and group named after the caller; then setsid and setpgid are EPERM");
	is(exit_status_of(group_leader_checks), 0,
	   "setsid by a process group leader: EPERM");
}

static void test_setpgid_child(void)
{
	pid_t a = spawn_sleeper(), b = spawn_sleeper();
	int fds[2];
	char c;
	pid_t e;

	is(sc(SYS_setpgid, a, 0), 0, "setpgid(child, 0): the child leads a new group");
	is(getpgid(a), a, "getpgid(child) is the child's pid");
	is(sc(SYS_setpgid, b, a), 0, "setpgid(other child, that group): joins it");
	is(getpgid(b), a, "getpgid(other child) is the first child's group");
	is(sc(SYS_setpgid, b, 0x7ffffff0), -EPERM,
	   "setpgid to a group that does not exist: EPERM");
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);

	/* The close-on-exec pipe's end says when the child has exec'd. */
	if (pipe2(fds, O_CLOEXEC)) {
		ok(0, "pipe2");
		return;
	}
	e = fork();
	if (e == 0) {
		char *argv[] = { "exec-helper", "pause", NULL };

		close(fds[0]);
		execve(sibling_path("exec-helper"), argv, (char *[]){ NULL });
		_exit(127);
	}
	close(fds[1]);
	read(fds[0], &c, 1);
	close(fds[0]);
	is(sc(SYS_setpgid, e, 0), -EACCES,
	   "setpgid of a child that has exec'd: EACCES");
	kill(e, SIGKILL);
	waitpid(e, NULL, 0);

	/* A child in a session of its own is out of reach. */
	if (pipe(fds))
		return;
	e = fork();
	if (e == 0) {
		setsid();
		close(fds[0]);
		close(fds[1]);		/* tells the parent: done */
		for (;;)
			pause();
	}
	close(fds[1]);
	read(fds[0], &c, 1);
	close(fds[0]);
	is(sc(SYS_setpgid, e, e), -EPERM,
	   "setpgid of a child in another session: EPERM");
	kill(e, SIGKILL);
	waitpid(e, NULL, 0);
}

static void test_group_kill_and_wait(void)
{
	pid_t a = spawn_sleeper(), b = spawn_sleeper(), other, got;
	int st1 = 0, st2 = 0;

	setpgid(a, a);
	setpgid(b, a);
	is(kill(-a, SIGTERM), 0, "kill(-pgid) succeeds");
	waitpid(a, &st1, 0);
	waitpid(b, &st2, 0);
	ok(WIFSIGNALED(st1) && WTERMSIG(st1) == SIGTERM &&
	   WIFSIGNALED(st2) && WTERMSIG(st2) == SIGTERM,
	   "kill(-pgid): every member of the group got it");
	is(sc(SYS_kill, -0x7ffffff0, 0), -ESRCH, "kill of an empty group: ESRCH");

	other = spawn_sleeper();
	a = fork();
	if (a == 0) {
		sleep_ms(50);
		_exit(5);
	}
	setpgid(a, a);
	got = waitpid(-a, &st1, 0);
	ok(got == a && WIFEXITED(st1) && WEXITSTATUS(st1) == 5,
	   "waitpid(-pgid) waits for that group's child only");
	is(waitpid(-a, &st1, WNOHANG), -1, "waitpid(-pgid) with the group gone: ECHILD");
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
}

static void test_stop_continue(void)
{
	pid_t pid = spawn_sleeper();
	siginfo_t si;
	int st = 0;

	kill(pid, SIGSTOP);
	is(waitpid(pid, &st, WUNTRACED), pid, "waitpid(WUNTRACED) sees a child stop");
	ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	   "WIFSTOPPED, WSTOPSIG is SIGSTOP");
	is(waitpid(pid, &st, WUNTRACED | WNOHANG), 0,
	   "a stop is reported once");

	kill(pid, SIGTERM);	/* pending: a stopped process runs nothing */
	sleep_ms(50);
	is(waitpid(pid, &st, WNOHANG), 0, "a stopped child does not die of SIGTERM yet");
	kill(pid, SIGCONT);
	is(waitpid(pid, &st, WCONTINUED), pid, "waitpid(WCONTINUED) sees it go on");
	ok(WIFCONTINUED(st) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM),
	   "WIFCONTINUED (or, had it run already, dead of the pending SIGTERM)");
	if (WIFCONTINUED(st))
		waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "once continued, the pending SIGTERM kills it");

	/*
	 * Linux discards SIGTSTP sent to an orphaned process group, and
	 * whether ours is one depends on who ran us: a group of the child's
	 * own, whose parent (we) is outside it in the same session, is not.
	 */
	pid = spawn_sleeper();
	setpgid(pid, pid);
	kill(pid, SIGTSTP);
	memset(&si, 0, sizeof(si));
	is(waitid(P_PID, pid, &si, WSTOPPED), 0, "waitid(WSTOPPED) sees SIGTSTP stop it");
	ok(si.si_code == CLD_STOPPED && si.si_status == SIGTSTP && si.si_pid == pid,
	   "si_code CLD_STOPPED, si_status SIGTSTP");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "SIGKILL ends a stopped child");
}

void suite_jobctl(void)
{
	tap_plan(30);
	test_ids();
	test_setsid();
	test_setpgid_child();
	test_group_kill_and_wait();
	test_stop_continue();
}

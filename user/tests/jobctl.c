/*
 * jobctl.c — job control without a terminal: process groups and
 * sessions (setpgid(2), getpgid, getpgrp, setsid(2), getsid(2)) with
 * their errnos, kill(2) and waitpid(2) on a group (pid 0 and < -1),
 * and stop signals: SIGSTOP and SIGTSTP stop a child, SIGCONT resumes
 * it, and waitpid's WUNTRACED and WCONTINUED (waitid's WSTOPPED) say
 * so. Orphaned process groups: SIGHUP and SIGCONT when an exit orphans
 * a group with a stopped member, and the terminal's stop signals thrown
 * away in one. Races: a SIGCONT that comes while a stop signal is
 * being taken, and the CLD_CONTINUED SIGCHLD that is owed to a parent
 * whose wait already saw the continue. The terminal's side (^C, TIOCSPGRP) needs a tty:
 * user/ttytest.c.
 *
 * Checks that need a fresh session run in a child that reports the
 * first check it failed as its exit status (0: all held).
 */
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
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
		setpgid(0, 0);	/* as the parent does: whoever runs first */
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

/* ---- orphaned process groups ---- */

static int report_fd = -1;
static pid_t first_parent;

static void report(char c)
{
	write(report_fd, &c, 1);
}

static void on_hup(int sig)
{
	report('H');
}

static void on_cont(int sig)
{
	report('C');
}

/* Reads the pid a child wrote first (0 if none came). */
static pid_t read_pid(int fd)
{
	pid_t pid = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (poll(&pfd, 1, EVENT_MS) == 1)
		read(fd, &pid, sizeof(pid));
	return pid;
}

/*
 * A child in a session of its own (so that init, its grandchildren's
 * next parent, is outside it) forks fn's process into a group of its
 * own, tells us that pid through the pipe, and exits after the
 * grandchild stopped (stop_first) or at once: its exit orphans the
 * grandchild's group. Returns the read end; *gpid is the grandchild.
 */
static int orphan_a_group(void (*fn)(void), bool stop_first, pid_t *gpid)
{
	int p[2], status;
	pid_t c;

	pipe(p);
	c = fork();
	if (c == 0) {
		pid_t g;

		close(p[0]);
		setsid();
		first_parent = getpid();
		g = fork();
		if (g == 0) {
			report_fd = p[1];
			setpgid(0, 0);
			fn();
			_exit(0);
		}
		setpgid(g, g);
		write(p[1], &g, sizeof(g));
		if (stop_first)
			waitpid(g, &status, WUNTRACED);
		_exit(0);
	}
	close(p[1]);
	waitpid(c, &status, 0);
	*gpid = read_pid(p[0]);
	return p[0];
}

static void stop_then_report(void)
{
	signal(SIGHUP, on_hup);
	signal(SIGCONT, on_cont);
	raise(SIGSTOP);
	report('E');
}

static void hup_check_unstopped(void)
{
	signal(SIGHUP, on_hup);
	wait_for_reparent(first_parent);
	sleep_ms(100);
	report('N');
}

/* A terminal's stop signals are thrown away; SIGSTOP is not. */
static void stop_signals_orphaned(void)
{
	wait_for_reparent(first_parent);
	raise(SIGTSTP);
	raise(SIGTTIN);
	raise(SIGTTOU);
	report('T');
	raise(SIGSTOP);
	report('S');
}

/*
 * The other way a group is orphaned: the member that linked it to the
 * session exits itself. C (a session of its own) forks Q into a group
 * of its own; Q forks P, which stops, and Q exits: Q was group Q's
 * only link (its parent C is in another group of the session), so P,
 * stopped, gets SIGHUP and SIGCONT. Returns the read end, *ppid is P.
 */
static int orphan_own_group(pid_t *ppid)
{
	int p[2], status;
	pid_t c;

	pipe(p);
	c = fork();
	if (c == 0) {
		pid_t q;

		close(p[0]);
		setsid();
		q = fork();
		if (q == 0) {
			pid_t pid;

			setpgid(0, 0);
			pid = fork();
			if (pid == 0) {
				report_fd = p[1];
				stop_then_report();
				_exit(0);
			}
			write(p[1], &pid, sizeof(pid));
			waitpid(pid, &status, WUNTRACED);
			_exit(0);
		}
		setpgid(q, q);
		waitpid(q, &status, 0);
		_exit(0);
	}
	close(p[1]);
	waitpid(c, &status, 0);
	*ppid = read_pid(p[0]);
	return p[0];
}

static void test_orphaned_own_group(void)
{
	pid_t pid;
	int fd = orphan_own_group(&pid);
	int a = read_byte_within(fd, EVENT_MS), b = read_byte_within(fd, EVENT_MS);

	ok((a == 'H' && b == 'C') || (a == 'C' && b == 'H'),
	   "the group's last link to the session exits: its stopped member gets SIGHUP and SIGCONT (%c%c)",
	   a, b);
	is(read_byte_within(fd, EVENT_MS), 'E', "and runs on");
	kill(pid, SIGKILL);
	close(fd);
}

static void test_orphaned_pgrp(void)
{
	pid_t g;
	int fd = orphan_a_group(stop_then_report, true, &g);
	int a, b, c;

	ok(g > 0, "a grandchild in a group of its own, stopped");
	a = read_byte_within(fd, EVENT_MS);
	b = read_byte_within(fd, EVENT_MS);
	c = read_byte_within(fd, EVENT_MS);
	/* Both handlers' frames are built before either runs: C nests in H. */
	ok((a == 'H' && b == 'C') || (a == 'C' && b == 'H'),
	   "its group orphaned with a stopped member: SIGHUP and SIGCONT (%c%c)",
	   a, b);
	is(c, 'E', "and it runs on");
	kill(-g, SIGKILL);
	close(fd);

	fd = orphan_a_group(hup_check_unstopped, false, &g);
	is(read_byte_within(fd, EVENT_MS), 'N',
	   "an orphaned group with no stopped member gets no SIGHUP");
	kill(-g, SIGKILL);
	close(fd);

	fd = orphan_a_group(stop_signals_orphaned, false, &g);
	is(read_byte_within(fd, EVENT_MS), 'T',
	   "SIGTSTP, SIGTTIN, SIGTTOU do not stop an orphaned group");
	ok(wait_for_state(g, "T") == 'T' && read_byte_within(fd, 0) == -1,
	   "SIGSTOP does");
	kill(g, SIGCONT);
	is(read_byte_within(fd, EVENT_MS), 'S', "until SIGCONT");
	kill(-g, SIGKILL);
	close(fd);
}

/* ---- races between a stop and SIGCONT ---- */

#define STOPCONT_ROUNDS		300
#define PROGRESS_LIMIT_NS	10000000000LL	/* 10 s: a generous limit */

/* Spins for a pseudo-random while, so SIGCONT lands all over the stop. */
static void spin_a_little(unsigned int *seed)
{
	*seed = *seed * 1103515245 + 12345;
	for (volatile unsigned int k = 0; k < (*seed >> 16) % 4000; k++)
		;
}

/* Until *counter moves past seen (true), or the limit (false). */
static bool wait_for_progress(volatile unsigned long *counter,
			      unsigned long seen)
{
	long long start = now_ns();

	while (*counter == seen && now_ns() - start < PROGRESS_LIMIT_NS)
		sched_yield();
	return *counter != seen;
}

/*
 * SIGTSTP then SIGCONT, again and again, with SIGCONT landing anywhere
 * in the taking of the stop: a SIGCONT sent after the stop signal was
 * dequeued, but before the child stopped, must still leave it running
 * (Linux: JOBCTL_STOP_DEQUEUED). After each pair the child, which does
 * nothing but count, must count on.
 */
static void test_stop_cont_race(void)
{
	volatile unsigned long *counter;
	unsigned int seed = 777;
	int stuck = 0, round;
	pid_t pid;

	counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counter == MAP_FAILED) {
		ok(0, "a shared page for the stop/continue race");
		return;
	}
	*counter = 0;
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (;;) {
			getppid();	/* a way back to user mode */
			__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
		}
	}
	setpgid(pid, pid);	/* not orphaned: SIGTSTP stops it */
	wait_for_progress(counter, 0);
	for (round = 0; round < STOPCONT_ROUNDS && !stuck; round++) {
		unsigned long seen;

		kill(pid, round % 4 == 3 ? SIGSTOP : SIGTSTP);
		spin_a_little(&seed);
		kill(pid, SIGCONT);
		seen = *counter;
		if (!wait_for_progress(counter, seen))
			stuck = round + 1;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	munmap((void *)counter, 4096);
	is(stuck, 0,
	   "%d rounds of a stop signal then SIGCONT: the child always runs on (0: no round left it stopped)",
	   STOPCONT_ROUNDS);
}

#define CLDCONT_ROUNDS		20

static volatile sig_atomic_t chld_codes[4], nr_chld;

static void record_sigchld(int sig, siginfo_t *si, void *ctx)
{
	if (nr_chld < 4)
		chld_codes[nr_chld] = si->si_code;
	nr_chld++;
}

/* Until n SIGCHLDs have been handled (true), or the limit (false). */
static bool wait_for_sigchlds(int n)
{
	long long start = now_ns();

	while (nr_chld < n && now_ns() - start < PROGRESS_LIMIT_NS)
		sleep_ms(1);
	return nr_chld >= n;
}

/*
 * One round: the child stops; once we have its CLD_STOPPED, SIGCONT,
 * and our waitpid(WCONTINUED) at once, likely before the child has run.
 * The child then tells us through the pipe that it runs on: by then it
 * has sent its CLD_CONTINUED, which our wait must not have swallowed.
 * Returns 0, or which step failed.
 */
static int stop_cont_exit_round(void)
{
	int to_child[2], from_child[2], st, step = 0;
	char c = 0;
	pid_t pid;

	if (pipe(to_child) || pipe(from_child))
		return 1;
	nr_chld = 0;
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		write(from_child[1], "c", 1);
		read(to_child[0], &c, 1);
		_exit(3);
	}
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st))
		step = 2;
	else if (!wait_for_sigchlds(1))
		step = 3;
	else if (kill(pid, SIGCONT) ||
		 waitpid(pid, &st, WCONTINUED) != pid || !WIFCONTINUED(st))
		step = 4;
	else if (read(from_child[0], &c, 1) != 1)
		step = 5;
	else if (write(to_child[1], "x", 1) != 1 ||
		 waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		step = 6;
	else if (nr_chld != 3)
		step = 10 + nr_chld;
	else if (chld_codes[0] != CLD_STOPPED ||
		 chld_codes[1] != CLD_CONTINUED || chld_codes[2] != CLD_EXITED)
		step = 20;
	if (step && step < 10) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	close(to_child[0]);
	close(to_child[1]);
	close(from_child[0]);
	close(from_child[1]);
	return step;
}

/*
 * Linux keeps two flags: what wait reports (SIGNAL_STOP_CONTINUED) and
 * the SIGCHLD owed to the parent (SIGNAL_CLD_CONTINUED); a wait that
 * reports the continue must not cancel the signal.
 */
static void test_continued_sigchld(void)
{
	struct sigaction sa = { .sa_sigaction = record_sigchld,
				.sa_flags = SA_SIGINFO | SA_RESTART }, old;
	int failed = 0, round;

	sigaction(SIGCHLD, &sa, &old);
	for (round = 0; round < CLDCONT_ROUNDS && !failed; round++)
		failed = stop_cont_exit_round();
	sigaction(SIGCHLD, &old, NULL);
	is(failed, 0,
	   "stop, SIGCONT, waitpid(WCONTINUED), exit: SIGCHLD with CLD_STOPPED, CLD_CONTINUED, CLD_EXITED, %d times over (%d rounds)",
	   CLDCONT_ROUNDS, round);
}

void suite_jobctl(void)
{
	tap_plan(41);
	test_ids();
	test_setsid();
	test_setpgid_child();
	test_group_kill_and_wait();
	test_stop_continue();
	test_orphaned_pgrp();
	test_orphaned_own_group();
	test_stop_cont_race();
	test_continued_sigchld();
}

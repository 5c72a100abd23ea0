/*
 * tty.c — a terminal's job control that needs no typing: SIGTTOU for a
 * background group that writes with TOSTOP, changes termios or picks
 * the foreground group (and EIO, or ENOTTY, once that group is
 * orphaned); SIGHUP to the foreground group when the session leader
 * exits, and the session losing its terminal; TIOCNOTTY; OPOST/ONLCR.
 * termios(3), tty_ioctl(4), credentials(7).
 *
 * The terminal: on the host a pty (posix_openpt), in Nook, which has no
 * ptys, the console (fd 0). Each scenario runs in a child that makes a
 * session of its own and takes the terminal (TIOCSCTTY), and reports
 * the first step that went wrong as its exit status (0: all held).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "utest.h"

static int tty_fd = -1, master_fd = -1;	/* master: the host's pty */
static int result_fd = -1;		/* a pipe to the test's parent */
static struct termios saved;

static const char bg_line[] = "    # a background write\n";

/* A pty's slave on the host; the console in Nook. */
static bool open_terminal(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m >= 0 && !grantpt(m) && !unlockpt(m)) {
		master_fd = m;
		tty_fd = open(ptsname(m), O_RDWR | O_NOCTTY);
	} else {
		tty_fd = dup(0);
	}
	return tty_fd >= 0 && isatty(tty_fd) && !tcgetattr(tty_fd, &saved);
}

/* A session of our own with the terminal as its controlling tty. */
static bool become_leader(void)
{
	return setsid() == getpid() && ioctl(tty_fd, TIOCSCTTY, 1) == 0;
}

static void set_tostop(bool on)
{
	struct termios t = saved;

	if (on)
		t.c_lflag |= TOSTOP;
	tcsetattr(tty_fd, TCSANOW, &t);
}

/* Forks fn into a background group of its own; returns its status. */
static int in_background(int (*fn)(void), int options)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		_exit(fn());
	}
	setpgid(pid, pid);
	if (waitpid(pid, &status, options) != pid)
		return -1;
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return status;
}

static bool stopped_by_ttou(int status)
{
	return WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTOU;
}

static bool exited_0(int status)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int bg_write(void)
{
	return write(tty_fd, bg_line, strlen(bg_line)) == (long)strlen(bg_line) ? 0 : 1;
}

static int bg_write_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return bg_write();
}

static int bg_write_blocking(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTTOU);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return bg_write();
}

static int tostop_checks(void)
{
	if (!become_leader())
		return 10;
	set_tostop(true);
	if (!stopped_by_ttou(in_background(bg_write, WUNTRACED)))
		return 1;
	if (!exited_0(in_background(bg_write_ignoring, WUNTRACED)))
		return 2;
	if (!exited_0(in_background(bg_write_blocking, WUNTRACED)))
		return 3;
	set_tostop(false);
	if (!exited_0(in_background(bg_write, WUNTRACED)))
		return 4;
	return 0;
}

static int bg_tcsets(void)
{
	return tcsetattr(tty_fd, TCSANOW, &saved) ? 1 : 0;
}

static int bg_tcsets_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return bg_tcsets();
}

/* The foreground group stays what it is: our parent's. */
static int bg_tiocspgrp(void)
{
	pid_t fg = getpgid(getppid());

	return ioctl(tty_fd, TIOCSPGRP, &fg) ? 1 : 0;
}

static int bg_tiocspgrp_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return bg_tiocspgrp();
}

static int change_checks(void)
{
	if (!become_leader())
		return 10;
	if (!stopped_by_ttou(in_background(bg_tcsets, WUNTRACED)))
		return 1;
	if (!stopped_by_ttou(in_background(bg_tiocspgrp, WUNTRACED)))
		return 2;
	if (!exited_0(in_background(bg_tcsets_ignoring, WUNTRACED)))
		return 3;
	if (!exited_0(in_background(bg_tiocspgrp_ignoring, WUNTRACED)))
		return 4;
	return 0;
}

/* In a background group whose parent has exited: orphaned. */
static char orphan_steps(void)
{
	struct termios t = saved;
	pid_t fg = getpgid(getsid(0));
	char c;

	if (write(tty_fd, bg_line, strlen(bg_line)) != -1 || errno != EIO)
		return 1;
	if (read(tty_fd, &c, 1) != -1 || errno != EIO)
		return 2;
	if (tcsetattr(tty_fd, TCSANOW, &t) != -1 || errno != EIO)
		return 3;
	if (ioctl(tty_fd, TIOCSPGRP, &fg) != -1 || errno != ENOTTY)
		return 4;
	return 0;
}

static int orphan_checks(void)
{
	int p[2], code;
	pid_t m, g = 0;

	if (!become_leader())
		return 10;
	set_tostop(true);
	pipe(p);
	m = fork();
	if (m == 0) {
		pid_t me = getpid();

		g = fork();
		if (g == 0) {
			char r;

			setpgid(0, 0);
			wait_for_reparent(me);
			r = orphan_steps();
			write(p[1], &r, 1);
			_exit(0);
		}
		setpgid(g, g);
		write(p[1], &g, sizeof(g));
		_exit(0);
	}
	close(p[1]);
	waitpid(m, NULL, 0);
	read(p[0], &g, sizeof(g));
	code = read_byte_within(p[0], EVENT_MS);
	kill(-g, SIGKILL);
	set_tostop(false);
	return code < 0 ? 9 : code;
}

static void report(char c)
{
	write(result_fd, &c, 1);
}

static void on_hup(int sig)
{
	report('H');
}

static void on_cont(int sig)
{
	report('C');
}

/* A member of the foreground group, told what happens to it. */
static void fg_member(int ready_fd, pid_t leader)
{
	pid_t pgrp;

	signal(SIGHUP, on_hup);
	signal(SIGCONT, on_cont);
	write(ready_fd, "R", 1);
	wait_for_reparent(leader);
	sleep_ms(50);
	if (ioctl(tty_fd, TIOCGPGRP, &pgrp) == -1 && errno == ENOTTY)
		report('N');
	_exit(0);
}

/* A background group: nothing the leader's exit sends reaches it. */
static void bg_member(pid_t leader)
{
	signal(SIGHUP, on_hup);
	signal(SIGCONT, on_cont);
	wait_for_reparent(leader);
	sleep_ms(150);
	_exit(0);
}

/*
 * The leader exits with a foreground member and a background group in
 * its session; returns what was reported (NUL-terminated).
 */
static void leader_exit(char *got, size_t size)
{
	int ready[2], res[2], n = 0, c;
	pid_t leader;

	pipe(ready);
	pipe(res);
	leader = fork();
	if (leader == 0) {
		pid_t me = getpid();

		close(res[0]);
		result_fd = res[1];
		if (!become_leader())
			_exit(10);
		if (fork() == 0)
			fg_member(ready[1], me);
		if (fork() == 0) {
			setpgid(0, 0);
			bg_member(me);
		}
		read_byte_within(ready[0], EVENT_MS);	/* it is listening */
		_exit(0);
	}
	close(ready[1]);
	close(res[1]);
	waitpid(leader, NULL, 0);
	while (n < (int)size - 1 && (c = read_byte_within(res[0], EVENT_MS)) >= 0)
		got[n++] = (char)c;
	got[n] = 0;
	close(ready[0]);
	close(res[0]);
}

/*
 * TIOCNOTTY: anyone else gives up only its own terminal; the session
 * leader gives up the session's, with SIGHUP and SIGCONT to the
 * foreground group.
 */
static int notty_member(void)
{
	pid_t pgrp;

	if (ioctl(tty_fd, TIOCNOTTY) != 0)
		return 1;
	if (ioctl(tty_fd, TIOCGPGRP, &pgrp) != -1 || errno != ENOTTY)
		return 2;
	return 0;
}

static void notty(char *got, size_t size, int *code)
{
	int ready[2], res[2], n = 0, c, status;
	pid_t leader;

	pipe(ready);
	pipe(res);
	leader = fork();
	if (leader == 0) {
		pid_t me = getpid(), pgrp, kid;

		close(res[0]);
		result_fd = res[1];
		if (ioctl(tty_fd, TIOCNOTTY) != -1 || errno != ENOTTY)
			_exit(1);	/* not our controlling tty */
		if (!become_leader())
			_exit(10);
		kid = fork();
		if (kid == 0)
			_exit(notty_member());
		if (waitpid(kid, &status, 0) != kid || !exited_0(status))
			_exit(2);
		if (ioctl(tty_fd, TIOCGPGRP, &pgrp) || pgrp != me)
			_exit(3);	/* ours still */
		if (fork() == 0)
			fg_member(ready[1], me);
		read_byte_within(ready[0], EVENT_MS);
		signal(SIGHUP, SIG_IGN);
		if (ioctl(tty_fd, TIOCNOTTY) != 0)
			_exit(4);
		if (ioctl(tty_fd, TIOCGPGRP, &pgrp) != -1 || errno != ENOTTY)
			_exit(5);
		_exit(0);
	}
	close(ready[1]);
	close(res[1]);
	waitpid(leader, &status, 0);
	*code = WIFEXITED(status) ? WEXITSTATUS(status) : 99;
	while (n < (int)size - 1 && (c = read_byte_within(res[0], EVENT_MS)) >= 0)
		got[n++] = (char)c;
	got[n] = 0;
	close(ready[0]);
	close(res[0]);
}

static int status_of(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

/* A session leader of its own, without privilege, tries to take it. */
static int steal_unprivileged(void)
{
	if (setsid() != getpid())
		return 1;
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 2;
	if (ioctl(tty_fd, TIOCSCTTY, 1) == 0 || errno != EPERM)
		return 3;		/* capable(CAP_SYS_ADMIN) is needed */
	if (ioctl(tty_fd, TIOCSCTTY, 0) == 0 || errno != EPERM)
		return 4;
	return 0;
}

/*
 * Only a privileged caller takes a terminal that another session holds
 * (TIOCSCTTY with arg 1): anyone could read what its owner types.
 */
static int steal_checks(void)
{
	pid_t sid;
	int code;

	if (!become_leader())
		return 10;
	code = status_of(steal_unprivileged);
	if (code)
		return 10 + code;
	if (ioctl(tty_fd, TIOCGSID, &sid) || sid != getpid())
		return 20;		/* still ours */
	return 0;
}

/*
 * What the master reads up to and including a NL: a pty passes output
 * on later (Linux: a work item), so poll for each part.
 */
static int read_master_line(char *buf, int size)
{
	int n = 0, c;

	while (n < size && (c = read_byte_within(master_fd, EVENT_MS)) >= 0) {
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	return n;
}

/* OPOST and ONLCR: read back through the pty's master (host only). */
static void test_opost(void)
{
	struct termios t = saved;
	char buf[8] = { 0 };

	if (master_fd < 0) {
		skip("no pty in Nook: the console's output is not readable",
		     "OPOST|ONLCR: NL goes out as CR NL");
		skip("no pty in Nook", "without OPOST: NL goes out alone");
		return;
	}
	fcntl(master_fd, F_SETFL, O_NONBLOCK);
	while (read(master_fd, buf, sizeof(buf)) > 0)
		;			/* what the background writes left */
	t.c_oflag |= OPOST | ONLCR;
	tcsetattr(tty_fd, TCSANOW, &t);
	write(tty_fd, "a\n", 2);
	is(read_master_line(buf, sizeof(buf)), 3, "OPOST|ONLCR: NL goes out as CR NL");
	t.c_oflag &= ~OPOST;
	tcsetattr(tty_fd, TCSANOW, &t);
	write(tty_fd, "a\n", 2);
	is(read_master_line(buf, sizeof(buf)), 2, "without OPOST: NL goes out alone");
	tcsetattr(tty_fd, TCSANOW, &saved);
}

/* sendfile from a terminal reads a line (host: the pty; Nook: ttytest). */
static void test_sendfile_from_tty(void)
{
	char buf[8] = { 0 };
	int p[2];

	if (master_fd < 0) {
		skip("no pty in Nook: user/ttytest.c types on the console",
		     "sendfile from a terminal: a line");
		skip("no pty in Nook: user/ttytest.c types on the console",
		     "sendfile from a terminal to a terminal: refused");
		skip("no pty in Nook: user/ttytest.c types on the console",
		     "... with EINVAL");
		return;
	}
	pipe(p);
	write(master_fd, "xy\n", 3);
	is(sendfile(p[1], tty_fd, NULL, sizeof(buf)), 3,
	   "sendfile from a terminal: a line");
	close(p[0]);
	close(p[1]);
	/* not into a file: that path wants a source it can seek back in */
	is(sendfile(tty_fd, tty_fd, NULL, sizeof(buf)), -1,
	   "sendfile from a terminal to a terminal: refused");
	is(errno, EINVAL, "... with EINVAL");
}

/*
 * TIOCSPGRP checks its argument before asking whose terminal it is: a
 * negative group is EINVAL even from a process with no controlling tty
 * (Linux: tiocspgrp), a good one ENOTTY.
 */
static int tiocspgrp_no_ctty(void)
{
	pid_t neg = -5, mine;

	if (setsid() != getpid())
		return 1;
	mine = getpgrp();
	if (ioctl(tty_fd, TIOCSPGRP, &neg) != -1 || errno != EINVAL)
		return 2;
	if (ioctl(tty_fd, TIOCSPGRP, &mine) != -1 || errno != ENOTTY)
		return 3;
	return 0;
}

#define NR_TTY_CASES	14

void suite_tty(void)
{
	char got[16];
	int code;

	pid_t sid;

	tap_plan(NR_TTY_CASES);
	if (!open_terminal()) {
		ok(0, "a terminal: a pty, or the console");
		return;
	}
	/*
	 * The scenarios take the terminal from whoever has it: not from
	 * the shell this runs under (utest tty typed at Nook's console).
	 */
	if (master_fd < 0 && ioctl(tty_fd, TIOCGSID, &sid) == 0) {
		for (int i = 0; i < NR_TTY_CASES; i++)
			skip("the console is this shell's terminal", "case %d", i + 1);
		return;
	}
	is(status_of(tostop_checks), 0,
	   "TOSTOP: a background write stops its group with SIGTTOU, unless SIGTTOU is ignored or blocked; without TOSTOP it goes ahead");
	is(status_of(change_checks), 0,
	   "TCSETS and TIOCSPGRP from a background group: SIGTTOU, unless ignored");
	is(status_of(orphan_checks), 0,
	   "an orphaned background group: write (TOSTOP), read and TCSETS are EIO, TIOCSPGRP ENOTTY");
	leader_exit(got, sizeof(got));
	ok(got[0] == 'H', "the session leader exits: SIGHUP to the foreground group (%s)", got);
	ok(!strcmp(got, "HN"),
	   "no SIGCONT, nothing to a background group, and the session has no terminal any more (%s)", got);
	notty(got, sizeof(got), &code);
	is(code, 0, "TIOCNOTTY: ENOTTY on another tty, a member gives up its own terminal only, the leader the session's");
	ok(!strcmp(got, "HCN") || !strcmp(got, "CHN"),
	   "the leader's TIOCNOTTY: SIGHUP and SIGCONT to the foreground group (%s)", got);
	is(status_of(steal_checks), 0,
	   "TIOCSCTTY without CAP_SYS_ADMIN: EPERM on a terminal another session holds, even with arg 1");
	is(status_of(tiocspgrp_no_ctty), 0,
	   "TIOCSPGRP without a controlling tty: EINVAL for a negative group, else ENOTTY");
	test_opost();
	test_sendfile_from_tty();
	tcsetattr(tty_fd, TCSANOW, &saved);
}

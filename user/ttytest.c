/*
 * user/ttytest.c — the console tty, driven from outside: it asks for
 * input by printing "# tty-send HEX" (tools/harness.py --tty writes
 * those bytes to QEMU's serial console) and checks what read(2)
 * returns: canonical mode with erase, kill, word erase, ICRNL and ^D;
 * raw mode's VMIN and VTIME; TCSETSF's flush; and job control: the
 * console as controlling tty (TIOCSCTTY), ^C as SIGINT to the
 * foreground group only (TIOCSPGRP), a background read's EIO; and
 * sendfile(2) from the console.
 * Prints KTAP like utest. Nook only: on the host it would need a
 * terminal of its own. termios(3), tty_ioctl(4), credentials(7).
 *
 *	tools/harness.py --tty
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static struct termios cooked;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* How long a typed ^C may take to become a signal (input is polled). */
#define SIGINT_WAIT_MS	2000

/* Ask the harness for these bytes. */
static void send(const char *s)
{
	printf("# tty-send ");
	for (; *s; s++)
		printf("%02x", (unsigned char)*s);
	printf("\n");
	fflush(stdout);
}

/* read(2) once; the bytes, NUL-terminated, in buf. */
static long read_once(char *buf, size_t n)
{
	long got = read(0, buf, n - 1);

	buf[got > 0 ? got : 0] = 0;
	return got;
}

static void set_mode(int lflag_off, int vmin, int vtime)
{
	struct termios t = cooked;

	t.c_lflag &= ~lflag_off;
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	tcsetattr(0, TCSANOW, &t);
}

static void canon_case(const char *in, const char *want, const char *what)
{
	char buf[64];
	long n;

	send(in);
	n = read_once(buf, sizeof(buf));
	ok(n == (long)strlen(want) && strcmp(buf, want) == 0,
	   "%s (read %ld)", what, n);
}

/*
 * sendfile(2) from the console: into a pipe, as Linux's tty allows, a
 * line; into a file, EINVAL (the direct path wants a regular source).
 */
static void test_sendfile(void)
{
	char buf[64] = { 0 };
	int p[2], f;

	pipe(p);
	send("line\n");
	is(sendfile(p[1], 0, NULL, sizeof(buf)), 5,
	   "sendfile from the console: one line");
	ok(read(p[0], buf, sizeof(buf)) == 5 && !strcmp(buf, "line\n"),
	   "the pipe holds it (%s)", buf);
	close(p[0]);
	close(p[1]);
	/* Into a file, only a regular file may be the source: EINVAL, no wait. */
	f = open("/tmp/ttytest-sendfile", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	errno = 0;
	ok(sendfile(f, 0, NULL, sizeof(buf)) == -1 && errno == EINVAL,
	   "sendfile from the console into a file: EINVAL");
	close(f);
	unlink("/tmp/ttytest-sendfile");
}

static void test_canonical(void)
{
	char buf[64];
	long n;

	tcsetattr(0, TCSANOW, &cooked);
	canon_case("hello\n", "hello\n", "canonical: a line, with its NL");
	canon_case("abX\x7f" "c\x08" "d\n", "abd\n", "VERASE (DEL) and ^H erase a byte");
	canon_case("junk\x15" "ok\n", "ok\n", "VKILL (^U) erases the line");
	canon_case("one two\x17three\n", "one three\n", "VWERASE (^W) erases a word");
	canon_case("cr\r", "cr\n", "ICRNL: CR reads as NL");
	send("ab\x04");
	n = read_once(buf, sizeof(buf));
	printf("\n");		/* end the echoed "ab" line */
	ok(n == 2 && strcmp(buf, "ab") == 0,
	   "^D mid-line hands over the line without NL");
	send("\x04");
	is(read_once(buf, sizeof(buf)), 0, "^D at a line's start: read returns 0 (EOF)");
	test_sendfile();
}

static void test_raw(void)
{
	char buf[64];
	struct timespec a, b;
	long n, ms;
	int avail = 0;

	set_mode(ICANON | ECHO, 2, 0);
	send("xy");
	n = read_once(buf, sizeof(buf));
	ok(n == 2 && strcmp(buf, "xy") == 0, "raw, VMIN 2: read waits for two bytes");

	set_mode(ICANON | ECHO, 1, 0);
	send("q\n");
	n = read_once(buf, 2);
	ok(n == 1 && buf[0] == 'q', "raw, VMIN 1: a byte at a time, no line needed");
	n = read_once(buf, sizeof(buf));
	ok(n == 1 && buf[0] == '\n', "raw: NL is an ordinary byte");

	set_mode(ICANON | ECHO, 0, 0);
	is(read_once(buf, sizeof(buf)), 0, "raw, VMIN 0 VTIME 0: nothing there, read returns 0");

	set_mode(ICANON | ECHO, 0, 2);
	clock_gettime(CLOCK_MONOTONIC, &a);
	n = read_once(buf, sizeof(buf));
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	ok(n == 0 && ms >= 150, "raw, VTIME 2: read gives up after 0.2 s (%ld ms)", ms);

	/* TCSETSF: what was typed before it is thrown away. */
	set_mode(ECHO, 1, 0);
	send("stale\n");
	for (int i = 0; i < 100 && avail < 6; i++) {
		sleep_ms(20);
		ioctl(0, FIONREAD, &avail);
	}
	is(avail, 6, "FIONREAD counts what is waiting");
	tcsetattr(0, TCSAFLUSH, &cooked);
	canon_case("fresh\n", "fresh\n", "TCSETSF flushed the input typed before it");
	tcsetattr(0, TCSANOW, &cooked);
}

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	got_sigint = sig;
}

static void test_job_control(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	pid_t me = getpid(), pg = 0, sid = 0, child, bad = -1;
	char buf[16];
	int st = 0, ready[2];
	long n;

	is(setsid(), me, "setsid: a session of our own");
	is(ioctl(0, TIOCSCTTY, 0), 0, "TIOCSCTTY: the console becomes our terminal");
	ioctl(0, TIOCGPGRP, &pg);
	ioctl(0, TIOCGSID, &sid);
	ok(pg == me && sid == me, "TIOCGPGRP and TIOCGSID: our group, our session");
	errno = 0;
	ok(ioctl(0, TIOCSPGRP, &bad) == -1 && errno == EINVAL,
	   "TIOCSPGRP to a negative group: EINVAL");
	bad = 0x7ffffff0;
	errno = 0;
	ok(ioctl(0, TIOCSPGRP, &bad) == -1 && errno == ESRCH,
	   "TIOCSPGRP to no group: ESRCH");

	/*
	 * ^C: SIGINT to the foreground group (us); echo off keeps the log
	 * tidy. We wait for the handler rather than block in read(): the
	 * ^C may well arrive before a read would have started, and then
	 * that read would wait forever. (That a signal ends a blocked read
	 * with EINTR is the pipe suite's check.)
	 */
	sigaction(SIGINT, &sa, NULL);
	set_mode(ECHO, 1, 0);
	send("\x03");
	for (n = 0; n < SIGINT_WAIT_MS && !got_sigint; n += 10)
		sleep_ms(10);
	ok(got_sigint == SIGINT, "^C sends SIGINT to the foreground group");

	/*
	 * A child's group in the foreground: ^C is its, not ours. The child
	 * says when SIGINT would kill it; a ^C typed before that would run
	 * the handler it inherited from us, and its read would then wait
	 * forever (it did, on a loaded machine).
	 */
	if (pipe(ready) < 0)
		ready[0] = ready[1] = -1;
	child = fork();
	if (child == 0) {
		char c;

		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		while (tcgetpgrp(0) != getpid())	/* else SIGTTIN stops us */
			sleep_ms(10);
		write(ready[1], "r", 1);
		read(0, &c, 1);	/* reads nothing: foreground but ^C first */
		_exit(0);
	}
	setpgid(child, child);
	close(ready[1]);
	got_sigint = 0;
	signal(SIGTTOU, SIG_IGN);	/* Linux's rule for a background TIOCSPGRP */
	signal(SIGTTIN, SIG_IGN);
	is(ioctl(0, TIOCSPGRP, &child), 0, "TIOCSPGRP: the child's group to the foreground");
	read(ready[0], buf, 1);
	close(ready[0]);
	errno = 0;
	ok(read(0, buf, 1) == -1 && errno == EIO,
	   "a background read, SIGTTIN ignored: EIO");
	sleep_ms(100);
	send("\x03");
	waitpid(child, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT && !got_sigint,
	   "^C went to the foreground group only");
	is(ioctl(0, TIOCSPGRP, &me), 0, "TIOCSPGRP: our group back");
	tcsetattr(0, TCSANOW, &cooked);

	child = fork();
	if (child == 0) {
		setsid();
		_exit(ioctl(0, TIOCGPGRP, &pg) == -1 && errno == ENOTTY ? 0 : 1);
	}
	waitpid(child, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "TIOCGPGRP outside the terminal's session: ENOTTY");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	tcgetattr(0, &cooked);
	tap_start(3);
	tap_suite_begin("canonical");
	tap_plan(10);
	test_canonical();
	tap_suite_end();
	tap_suite_begin("raw");
	tap_plan(7);
	test_raw();
	tap_suite_end();
	tap_suite_begin("jobctl");
	tap_plan(11);
	test_job_control();
	tap_suite_end();
	return tap_finish();
}

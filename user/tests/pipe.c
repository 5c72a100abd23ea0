/*
 * pipe.c — pipes as pipe(2), pipe2(2) and pipe(7) describe them: bytes
 * in order across fork, end of file once every write end is closed,
 * SIGPIPE and EPIPE once every read end is, O_NONBLOCK's EAGAIN, a full
 * pipe's capacity (64 KiB), writes and writevs of PIPE_BUF bytes kept
 * whole, a
 * blocked read woken by a write or ended by a signal (EINTR, or a
 * restart with SA_RESTART), ESPIPE, EINVAL, EFAULT.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define PIPE_CAPACITY	65536	/* Linux's default: 16 pages */
#define PIPE_BUF_BYTES	4096

static void test_round_trip_fork(void)
{
	char buf[32] = { 0 };
	int p[2], status;
	pid_t pid;

	is(sc(SYS_pipe, p), 0, "pipe returns 0");
	pid = fork();
	if (pid == 0) {
		sc(SYS_close, p[0]);
		_exit(sc(SYS_write, p[1], "hello, pipe", 11) == 11 ? 0 : 1);
	}
	sc(SYS_close, p[1]);
	is(sc(SYS_read, p[0], buf, sizeof(buf)), 11,
	   "the parent reads what the forked child wrote");
	ok(strcmp(buf, "hello, pipe") == 0, "... the same bytes: '%s'", buf);
	is(sc(SYS_read, p[0], buf, sizeof(buf)), 0,
	   "read gives end of file once the writer has exited");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the child's write returned 11");
	sc(SYS_close, p[0]);
}

static void test_eof_after_close(void)
{
	char buf[8];
	int p[2], d;

	sc(SYS_pipe, p);
	d = sc(SYS_dup, p[1]);
	sc(SYS_write, p[1], "ab", 2);
	sc(SYS_close, p[1]);
	is(sc(SYS_read, p[0], buf, 1), 1, "a read takes what it asked for");
	is(sc(SYS_read, p[0], buf, 8), 1, "a read returns what there is");
	sc(SYS_fcntl, p[0], F_SETFL, O_NONBLOCK);
	is(sc(SYS_read, p[0], buf, 8), -EAGAIN,
	   "no EOF while a dup of the write end is open (EAGAIN)");
	sc(SYS_close, d);
	is(sc(SYS_read, p[0], buf, 8), 0, "EOF once the last write end closes");
	sc(SYS_close, p[0]);
}

static volatile sig_atomic_t got_sigpipe;

static void on_sigpipe(int sig)
{
	(void)sig;
	got_sigpipe = 1;
}

static void sigpipe_child(void *arg)
{
	int *p = arg;

	sc(SYS_close, p[0]);
	sc(SYS_write, p[1], "x", 1);
	_exit(0);		/* not reached: SIGPIPE kills */
}

static void test_epipe(void)
{
	struct sigaction sa = { .sa_handler = on_sigpipe }, old;
	int p[2], st;

	sc(SYS_pipe, p);
	sc(SYS_close, p[0]);
	sigaction(SIGPIPE, &sa, &old);
	got_sigpipe = 0;
	is(sc(SYS_write, p[1], "x", 1), -EPIPE,
	   "write with no read end is EPIPE");
	ok(got_sigpipe, "... and raises SIGPIPE");
	is(sc(SYS_write, p[1], "", 0), 0,
	   "a write of 0 bytes with no read end returns 0");
	sigaction(SIGPIPE, &old, NULL);
	sc(SYS_close, p[1]);

	sc(SYS_pipe, p);
	sc(SYS_close, p[0]);
	st = run_child(sigpipe_child, p);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	   "SIGPIPE's default action kills the writer (status %#x)", st);
	sc(SYS_close, p[1]);
}

static void test_nonblock_capacity(void)
{
	static char buf[PIPE_CAPACITY];
	long n, total = 0;
	int p[2];

	is(sc(SYS_pipe2, p, O_NONBLOCK), 0, "pipe2(O_NONBLOCK)");
	is(sc(SYS_fcntl, p[1], F_GETFL) & O_NONBLOCK, O_NONBLOCK,
	   "pipe2(O_NONBLOCK) sets O_NONBLOCK on the write end");
	is(sc(SYS_read, p[0], buf, 1), -EAGAIN,
	   "reading an empty O_NONBLOCK pipe is EAGAIN");
	memset(buf, 'z', sizeof(buf));
	while ((n = sc(SYS_write, p[1], buf, PIPE_BUF_BYTES)) > 0)
		total += n;
	is(n, -EAGAIN, "writing a full O_NONBLOCK pipe is EAGAIN");
	is(total, PIPE_CAPACITY, "a pipe holds 65536 bytes (pipe(7))");
	is(sc(SYS_read, p[0], buf, PIPE_BUF_BYTES), PIPE_BUF_BYTES,
	   "reading 4096 bytes makes room");
	is(sc(SYS_write, p[1], buf, PIPE_BUF_BYTES + 1), PIPE_BUF_BYTES,
	   "a big O_NONBLOCK write is partial: as much as fits");
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
}

/*
 * Reads PIPE_BUF-byte records until end of file; returns how many, and
 * adds to *bad each byte unlike its record's first (each writer fills
 * its records with one letter, so a mixed record was interleaved).
 */
static int read_records(int fd, int *bad)
{
	static char got[PIPE_BUF_BYTES];
	int records = 0;

	for (;;) {
		long n = 0, r;

		while (n < PIPE_BUF_BYTES &&
		       (r = sc(SYS_read, fd, got + n, PIPE_BUF_BYTES - n)) > 0)
			n += r;
		if (n == 0)
			return records;
		records++;
		for (long i = 1; i < n; i++)
			if (got[i] != got[0])
				(*bad)++;
	}
}

/* Two writers of PIPE_BUF-byte records: each record arrives whole. */
static void test_pipe_buf_atomic(void)
{
	static char rec[PIPE_BUF_BYTES];
	int p[2], bad = 0, records = 0;
	pid_t a, b;

	sc(SYS_pipe, p);
	for (int w = 0; w < 2; w++) {
		pid_t pid = fork();

		if (pid == 0) {
			sc(SYS_close, p[0]);
			memset(rec, w ? 'B' : 'A', sizeof(rec));
			for (int i = 0; i < 20; i++)
				if (sc(SYS_write, p[1], rec, sizeof(rec)) !=
				    sizeof(rec))
					_exit(1);
			_exit(0);
		}
		if (w)
			b = pid;
		else
			a = pid;
	}
	sc(SYS_close, p[1]);
	records = read_records(p[0], &bad);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	is(records, 40, "40 records of PIPE_BUF bytes arrive");
	is(bad, 0, "no PIPE_BUF write is interleaved with another");
	sc(SYS_close, p[0]);
}

/*
 * Two writers of PIPE_BUF-byte records made of two iovecs each: a
 * writev's total is what PIPE_BUF counts, so each still arrives whole.
 */
static void test_writev_atomic(void)
{
	static char half[PIPE_BUF_BYTES / 2];
	int p[2], bad = 0, records = 0;

	sc(SYS_pipe, p);
	for (int w = 0; w < 2; w++) {
		if (fork() == 0) {
			struct iovec iov[2] = {
				{ half, sizeof(half) }, { half, sizeof(half) },
			};

			sc(SYS_close, p[0]);
			memset(half, w ? 'D' : 'C', sizeof(half));
			for (int i = 0; i < 20; i++)
				if (sc(SYS_writev, p[1], iov, 2) !=
				    PIPE_BUF_BYTES)
					_exit(1);
			_exit(0);
		}
	}
	sc(SYS_close, p[1]);
	records = read_records(p[0], &bad);
	while (wait(NULL) > 0)
		;
	is(records, 40, "40 writev records of PIPE_BUF bytes arrive");
	is(bad, 0, "no PIPE_BUF writev is interleaved with another");
	sc(SYS_close, p[0]);
}

static void test_blocking_read_woken(void)
{
	char c = 0;
	int p[2];
	pid_t pid;

	sc(SYS_pipe, p);
	pid = fork();
	if (pid == 0) {
		wait_for_state(getppid(), "S");	/* blocked in the read */
		sc(SYS_write, p[1], "w", 1);
		_exit(0);
	}
	is(sc(SYS_read, p[0], &c, 1), 1, "a blocked read is woken by a write");
	is(c, 'w', "... and reads its byte");
	waitpid(pid, NULL, 0);
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
}

static int usr1_ack_fd = -1;

/* Tells the child the handler ran: the read has failed or restarted. */
static void on_usr1(int sig)
{
	(void)sig;
	sc(SYS_write, usr1_ack_fd, "h", 1);
}

/*
 * A child signals us once we sleep in read, and writes one byte once
 * our handler has run: so the byte can only be read by a read that
 * was restarted.
 */
static char read_across_signal(int sa_flags, long *ret)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = sa_flags };
	struct sigaction old;
	char c = 0;
	int p[2], ack[2];
	pid_t pid, parent = getpid();

	sigaction(SIGUSR1, &sa, &old);
	sc(SYS_pipe, p);
	sc(SYS_pipe, ack);
	usr1_ack_fd = ack[1];
	pid = fork();
	if (pid == 0) {
		struct pollfd pfd = { .fd = ack[0], .events = POLLIN };

		wait_for_state(parent, "S");
		kill(parent, SIGUSR1);
		poll(&pfd, 1, STATE_WAIT_MS);
		sc(SYS_write, p[1], "r", 1);
		_exit(0);
	}
	*ret = sc(SYS_read, p[0], &c, 1);
	waitpid(pid, NULL, 0);
	sigaction(SIGUSR1, &old, NULL);
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
	sc(SYS_close, ack[0]);
	sc(SYS_close, ack[1]);
	return c;
}

static void test_read_interrupted(void)
{
	long ret;
	char c;

	c = read_across_signal(0, &ret);
	is(ret, -EINTR, "a signal handler without SA_RESTART ends a blocked "
	   "pipe read with EINTR");
	c = read_across_signal(SA_RESTART, &ret);
	ok(ret == 1 && c == 'r', "with SA_RESTART the read is restarted and "
	   "gets the byte (ret %ld)", ret);
}

static void test_errors(void)
{
	char c;
	int p[2], lowest;

	sc(SYS_pipe, p);
	is(sc(SYS_lseek, p[0], 0, SEEK_CUR), -ESPIPE, "lseek on a pipe is ESPIPE");
	is(sc(SYS_read, p[1], &c, 1), -EBADF,
	   "reading the write end is EBADF");
	is(sc(SYS_write, p[0], "x", 1), -EBADF,
	   "writing the read end is EBADF");
	is(sc(SYS_write, p[1], BAD_USER_ADDR, 1), -EFAULT,
	   "writing from a bad pointer is EFAULT");
	is(sc(SYS_write, p[1], "y", 1), 1, "then a byte");
	is(sc(SYS_read, p[0], KERNEL_ADDR, 1), -EFAULT,
	   "reading into a kernel address is EFAULT");
	is(sc(SYS_ioctl, p[0], 0x5401, &c), -ENOTTY,
	   "TCGETS on a pipe is ENOTTY");
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);

	is(sc(SYS_pipe2, p, 0x1), -EINVAL, "pipe2 with an unknown flag is EINVAL");
	lowest = sc(SYS_dup, 1);
	sc(SYS_close, lowest);
	is(sc(SYS_pipe, BAD_USER_ADDR), -EFAULT,
	   "pipe with a bad fds pointer is EFAULT");
	is(sc(SYS_dup, 1), lowest, "... and leaves no descriptor behind");
	sc(SYS_close, lowest);
}

#define POLL_WAIT_MS	50

/* The child of test_poll: writes one byte once the parent waits. */
static void write_later(void *arg)
{
	int fd = (int)(long)arg;

	wait_for_state(getppid(), "S");	/* asleep in poll */
	_exit(write(fd, "w", 1) == 1 ? 0 : 1);
}

/* poll(2) on pipes: readiness, timeouts, wake-ups, HUP, NVAL, EFAULT. */
static void test_poll(void)
{
	struct pollfd p[2];
	int fds[2], st;
	long long t0;
	char c;

	if (pipe(fds))
		return;
	p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	t0 = now_ns();
	is(poll(p, 1, POLL_WAIT_MS), 0, "poll on an empty pipe times out: 0");
	ok(now_ns() - t0 >= POLL_WAIT_MS * 1000000LL && p[0].revents == 0,
	   "... after the timeout, with no revents");

	p[1] = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	is(poll(&p[1], 1, 0), 1, "the write end of an empty pipe is ready");
	ok(p[1].revents == POLLOUT, "... with POLLOUT");

	pid_t pid = fork();
	if (pid == 0)
		write_later((void *)(long)fds[1]);
	is(poll(p, 1, -1), 1, "poll with no timeout wakes when a writer writes");
	ok(p[0].revents & POLLIN, "... and reports POLLIN");
	waitpid(pid, &st, 0);
	read(fds[0], &c, 1);

	close(fds[1]);
	is(poll(p, 1, 0), 1, "a pipe with no writer left is ready to read");
	ok(p[0].revents & POLLHUP, "... with POLLHUP (end of file)");

	p[1] = (struct pollfd){ .fd = fds[1], .events = POLLIN };	/* closed */
	p[0] = (struct pollfd){ .fd = -1, .events = POLLIN };
	is(poll(p, 2, 0), 1, "a closed descriptor counts, a negative one not");
	ok(p[1].revents == POLLNVAL && p[0].revents == 0,
	   "... POLLNVAL for the closed one");
	close(fds[0]);
	errno = 0;
	ok(poll(BAD_USER_ADDR, 1, 0) == -1 && errno == EFAULT,
	   "poll with a bad pointer is EFAULT");
}

/*
 * A CLONE_FILES sibling closes both ends while we poll the read end:
 * the pipe must outlive our wait (poll holds the file, as Linux's
 * poll_table_entry does), and the last pass reports the closed fd.
 */
#define SIBLING_POLL_MS	10000	/* the sibling closes long before */

static void test_poll_while_sibling_closes(void)
{
	struct pollfd pfd;
	int p[2], st = 0;
	long pid, n;

	pipe(p);
	pid = sc(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		wait_for_state(getppid(), "S");	/* asleep in poll */
		close(p[0]);
		close(p[1]);
		sc(SYS_exit, 0);
	}
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	n = sc(SYS_poll, &pfd, 1, SIBLING_POLL_MS);
	waitpid(pid, &st, 0);
	ok(n == 1 && pfd.revents == POLLNVAL,
	   "poll across a sibling's close: the fd is POLLNVAL after the timeout "
	   "(%ld, %#x)", n, pfd.revents);
}

void suite_pipe(void)
{
	tap_plan(50);
	test_round_trip_fork();
	test_eof_after_close();
	test_epipe();
	test_nonblock_capacity();
	test_pipe_buf_atomic();
	test_writev_atomic();
	test_blocking_read_woken();
	test_read_interrupted();
	test_errors();
	test_poll();
	test_poll_while_sibling_closes();
}

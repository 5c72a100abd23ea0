/*
 * io.c — the I/O calls around read and write: select(2), pselect6(2),
 * ppoll(2) (poll's machinery under other arguments).
 *
 * What each test checks is Linux's behaviour as run on the host: fd_set
 * answers and EBADF for a closed descriptor, the time left written back,
 * EINTR after a handler even with SA_RESTART, the signal mask swapped in
 * for the wait only.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define WAIT_MS 50

static char dir[64];
static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	got_usr1++;
}

/* SIGUSR1 runs on_usr1; flags says whether with SA_RESTART. */
static void catch_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	got_usr1 = 0;
}

static void block_usr1(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(how, &set, NULL);
}

static int usr1_blocked(void)
{
	sigset_t set;

	sigprocmask(SIG_BLOCK, NULL, &set);
	return sigismember(&set, SIGUSR1);
}

/* A child that sends SIGUSR1 to us after ms; returns its pid. */
static pid_t usr1_later(long ms)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		sleep_ms(ms);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	return pid;
}

/* select(2): which sets answer, the time written back, EBADF, EINVAL. */
static void test_select(void)
{
	struct timeval tv;
	fd_set rd, wr, ex;
	int p[2];
	long long t0;

	pipe(p);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, WAIT_MS * 1000 };
	t0 = now_ns();
	is(sc(SYS_select, p[0] + 1, &rd, 0, 0, &tv), 0,
	   "select on an empty pipe times out: 0");
	ok(now_ns() - t0 >= WAIT_MS * 1000000LL, "after the time asked");
	ok(!FD_ISSET(p[0], &rd), "and clears the read set");
	ok(tv.tv_sec == 0 && tv.tv_usec == 0, "the time left is written back: 0");

	write(p[1], "x", 1);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &rd);
	FD_SET(p[0], &wr);
	FD_SET(p[1], &wr);
	is(sc(SYS_select, p[1] + 1, &rd, &wr, 0, 0), 2,
	   "select counts bits: read end readable, write end writable");
	ok(FD_ISSET(p[0], &rd) && !FD_ISSET(p[1], &rd), "read set: the read end only");
	ok(FD_ISSET(p[1], &wr) && !FD_ISSET(p[0], &wr), "write set: the write end only");

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 1500000 };
	is(sc(SYS_select, p[0] + 1, &rd, 0, 0, &tv), 1,
	   "tv_usec above a second is more seconds, not EINVAL");
	ok(tv.tv_sec == 1 && tv.tv_usec > 0,
	   "the time left is written back (%ld.%06ld)", (long)tv.tv_sec,
	   (long)tv.tv_usec);
	tv = (struct timeval){ 0, -1 };
	is(sc(SYS_select, 0, 0, 0, 0, &tv), -EINVAL, "negative tv_usec: EINVAL");
	tv = (struct timeval){ -1, 0 };
	is(sc(SYS_select, 0, 0, 0, 0, &tv), -EINVAL, "negative tv_sec: EINVAL");
	is(sc(SYS_select, -1, 0, 0, 0, 0), -EINVAL, "negative nfds: EINVAL");
	close(60);
	FD_ZERO(&rd);
	FD_SET(60, &rd);
	tv = (struct timeval){ 0, 0 };
	is(sc(SYS_select, 61, &rd, 0, 0, &tv), -EBADF,
	   "a closed descriptor in a set: EBADF");
	is(sc(SYS_select, 60, &rd, 0, 0, &tv), 0,
	   "a bit at nfds and above is not looked at");
	is(sc(SYS_select, 1, BAD_USER_ADDR, 0, 0, &tv), -EFAULT,
	   "a bad fd_set pointer: EFAULT");
	is(sc(SYS_select, 0, 0, 0, 0, BAD_USER_ADDR), -EFAULT,
	   "a bad timeval pointer: EFAULT");

	close(p[1]);
	read(p[0], &tv, 1);
	FD_ZERO(&ex);
	FD_SET(p[0], &ex);
	tv = (struct timeval){ 0, WAIT_MS * 1000 };
	is(sc(SYS_select, p[0] + 1, 0, 0, &ex, &tv), 0,
	   "a hung-up pipe is not an exceptional condition: time out");
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	is(sc(SYS_select, p[0] + 1, &rd, 0, 0, 0), 1,
	   "a hung-up pipe is readable (end of file)");
	close(p[0]);

	tv = (struct timeval){ 0, WAIT_MS * 1000 };
	t0 = now_ns();
	is(sc(SYS_select, 0, 0, 0, 0, &tv), 0, "select with no fds sleeps: 0");
	ok(now_ns() - t0 >= WAIT_MS * 1000000LL, "for the time asked");
}

/* select is not restarted after a handler, even one with SA_RESTART. */
static void test_select_eintr(void)
{
	struct timeval tv = { 5, 0 };
	fd_set rd;
	int p[2];
	pid_t kid;

	pipe(p);
	catch_usr1(SA_RESTART);
	kid = usr1_later(WAIT_MS);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	is(sc(SYS_select, p[0] + 1, &rd, 0, 0, &tv), -EINTR,
	   "a signal with an SA_RESTART handler: select fails with EINTR");
	is(got_usr1, 1, "after the handler ran");
	ok(tv.tv_sec < 5, "the time left is written back (%ld s)", (long)tv.tv_sec);
	waitpid(kid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

struct sigset_argpack {
	const sigset_t *p;
	size_t size;
};

/*
 * The p-calls: a signal blocked outside and let in by the call's mask
 * is taken during the wait, with the call's mask, and the caller's
 * mask is back afterwards.
 */
static void test_pselect_ppoll_mask(void)
{
	struct timespec ts = { 5, 0 };
	struct pollfd pfd;
	sigset_t empty;
	struct sigset_argpack pack = { &empty, 8 };
	fd_set rd;
	int p[2];

	pipe(p);
	sigemptyset(&empty);
	catch_usr1(0);
	block_usr1(SIG_BLOCK);
	raise(SIGUSR1);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	is(sc(SYS_pselect6, p[0] + 1, &rd, 0, 0, &ts, &pack), -EINTR,
	   "pselect6: a pending signal its mask lets in: EINTR");
	is(got_usr1, 1, "the handler ran during the call");
	ok(usr1_blocked(), "the caller's mask is back after pselect6");

	raise(SIGUSR1);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	is(sc(SYS_ppoll, &pfd, 1, &ts, &empty, 8), -EINTR,
	   "ppoll: a pending signal its mask lets in: EINTR");
	is(got_usr1, 2, "the handler ran during the call");
	ok(usr1_blocked(), "the caller's mask is back after ppoll");

	raise(SIGUSR1);
	ts = (struct timespec){ 0, 0 };
	is(sc(SYS_ppoll, &pfd, 1, &ts, &empty, 8), -EINTR,
	   "ppoll with a zero timeout: the signal still wins, EINTR");
	is(got_usr1, 3, "the handler ran");

	write(p[1], "x", 1);
	raise(SIGUSR1);
	ts = (struct timespec){ 5, 0 };
	is(sc(SYS_ppoll, &pfd, 1, &ts, &empty, 8), 1,
	   "ppoll with a ready fd and a pending signal: 1");
	is(got_usr1, 3, "the signal is not taken: the old mask is back first");
	ok(ts.tv_sec == 4, "ppoll writes back the time left (%ld s)",
	   (long)ts.tv_sec);
	block_usr1(SIG_UNBLOCK);
	is(got_usr1, 4, "it is taken once unblocked");

	pack.size = 4;
	is(sc(SYS_pselect6, 0, 0, 0, 0, &ts, &pack), -EINVAL,
	   "pselect6 with a bad sigsetsize: EINVAL");
	is(sc(SYS_ppoll, &pfd, 1, &ts, &empty, 4), -EINVAL,
	   "ppoll with a bad sigsetsize: EINVAL");
	is(sc(SYS_ppoll, &pfd, 1, &ts, 0, 4), 1,
	   "ppoll with no mask: sigsetsize is not looked at");
	is(sc(SYS_pselect6, 0, 0, 0, 0, &ts, BAD_USER_ADDR), -EFAULT,
	   "pselect6 with a bad argument pack: EFAULT");
	is(sc(SYS_ppoll, &pfd, 1, &ts, BAD_USER_ADDR, 8), -EFAULT,
	   "ppoll with a bad mask pointer: EFAULT");
	close(p[0]);
	close(p[1]);
}

/* ppoll's timeout is a timespec: EINVAL for one that is not a time. */
static void test_ppoll_timeout(void)
{
	struct timespec ts = { 0, WAIT_MS * 1000000L };
	struct pollfd pfd;
	long long t0;
	int p[2];

	pipe(p);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	t0 = now_ns();
	is(sc(SYS_ppoll, &pfd, 1, &ts, 0, 8), 0, "ppoll on an empty pipe times out");
	ok(now_ns() - t0 >= WAIT_MS * 1000000LL, "after the time asked");
	ok(ts.tv_sec == 0 && ts.tv_nsec == 0, "the time left is written back: 0");
	ts = (struct timespec){ 0, 1000000000L };
	is(sc(SYS_ppoll, &pfd, 1, &ts, 0, 8), -EINVAL, "tv_nsec of 1e9: EINVAL");
	ts = (struct timespec){ -1, 0 };
	is(sc(SYS_ppoll, &pfd, 1, &ts, 0, 8), -EINVAL, "negative tv_sec: EINVAL");
	is(sc(SYS_ppoll, &pfd, 1, BAD_USER_ADDR, 0, 8), -EFAULT,
	   "a bad timespec pointer: EFAULT");
	is(sc(SYS_ppoll, BAD_USER_ADDR, 1, 0, 0, 8), -EFAULT,
	   "a bad pollfd pointer: EFAULT");
	close(p[0]);
	close(p[1]);
}

static void cleanup(void)
{
	is(sc(SYS_rmdir, dir), 0, "the test directory is empty at the end");
}

void suite_io(void)
{
	tap_plan(48);
	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(dir, "/tmp/nookio.XXXXXX");
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	test_select();
	test_select_eintr();
	test_pselect_ppoll_mask();
	test_ppoll_timeout();
	cleanup();
	signal(SIGUSR1, SIG_DFL);
}

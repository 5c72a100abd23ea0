/*
 * io.c — the I/O calls around read and write: select(2), pselect6(2),
 * ppoll(2) (poll's machinery under other arguments), sendfile(2), and
 * sync(2), syncfs(2), fsync(2), fdatasync(2).
 *
 * What each test checks is Linux's behaviour as run on the host: fd_set
 * answers and EBADF for a closed descriptor, the time left written back,
 * EINTR after a handler even with SA_RESTART, the signal mask swapped in
 * for the wait only, sendfile's offset rules and its errors, and which
 * files fsync refuses.
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

/*
 * A child that sends SIGUSR1 to us every ms until it is killed; returns
 * its pid. Again and again, so that one sent before we are asleep (a
 * slow machine) is not the only one.
 */
static pid_t usr1_every(long ms)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		for (;;) {
			sleep_ms(ms);
			kill(parent, SIGUSR1);
		}
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
	/* at most what was asked, in whole seconds and microseconds */
	ok(tv.tv_sec <= 1 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
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
	kid = usr1_every(WAIT_MS);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	is(sc(SYS_select, p[0] + 1, &rd, 0, 0, &tv), -EINTR,
	   "a signal with an SA_RESTART handler: select fails with EINTR");
	ok(got_usr1 >= 1, "after the handler ran");
	ok(tv.tv_sec < 5, "the time left is written back (%ld s)", (long)tv.tv_sec);
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

/* In a child: select or ppoll for 300 ms on an empty pipe; exit 0 if 0. */
static void wait_300ms(void *use_ppoll)
{
	struct timeval tv = { 0, 300000 };
	struct timespec ts = { 0, 300000000L };
	struct pollfd pfd;
	fd_set rd;
	int p[2];
	long r;

	pipe(p);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	if (use_ppoll)
		r = sc(SYS_ppoll, &pfd, 1, &ts, 0, 8);
	else
		r = sc(SYS_select, p[0] + 1, &rd, 0, 0, &tv);
	_exit(r == 0 ? 0 : 1);
}

/*
 * A signal that runs no handler (a stop, then SIGCONT) restarts the
 * call, with the time left, instead of failing it.
 */
static int stop_and_continue(void *use_ppoll)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		wait_300ms(use_ppoll);
	wait_for_state(pid, "S");	/* in the call */
	kill(pid, SIGSTOP);
	waitpid(pid, &status, WUNTRACED);
	kill(pid, SIGCONT);
	waitpid(pid, &status, 0);
	return status;
}

static void test_restart(void)
{
	is(stop_and_continue(NULL), 0,
	   "select stopped and continued (no handler): restarted, times out with 0");
	is(stop_and_continue((void *)1), 0,
	   "ppoll stopped and continued: restarted, times out with 0");
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
	ok(ts.tv_sec >= 0 && ts.tv_sec <= 4,
	   "ppoll writes back the time left (%ld s)", (long)ts.tv_sec);
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

/* A file in the test directory holding text; returns an O_RDWR fd. */
static int make_file(const char *name, const char *text, size_t len)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, text, len);
	return fd;
}

static long file_pos(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

/* sendfile(2): where the bytes go, and which offset moves. */
static void test_sendfile_offsets(void)
{
	char buf[32] = { 0 };
	long long off;
	int f = make_file("src", "hello world", 11), p[2], g;

	pipe(p);
	lseek(f, 0, SEEK_SET);
	is(sc(SYS_sendfile, p[1], f, 0, 5), 5, "sendfile to a pipe: 5 bytes");
	is(file_pos(f), 5, "no offset: the file position moves");
	is(read(p[0], buf, sizeof(buf)), 5, "the pipe holds them");
	ok(!memcmp(buf, "hello", 5), "the right ones");
	off = 6;
	is(sc(SYS_sendfile, p[1], f, &off, 100), 5,
	   "with an offset: to the end of the file, no further");
	is(off, 11, "*offset moves past what was sent");
	is(file_pos(f), 5, "the file position stays");
	is(read(p[0], buf, sizeof(buf)), 5, "the pipe holds them");
	ok(!memcmp(buf, "world", 5), "the right ones");
	is(sc(SYS_sendfile, p[1], f, &off, 100), 0, "at the end: 0");

	g = make_file("dst", "", 0);
	off = 0;
	is(sc(SYS_sendfile, g, f, &off, 11), 11, "sendfile from file to file");
	is(file_pos(g), 11, "the destination's position moves");
	lseek(g, 0, SEEK_SET);
	memset(buf, 0, sizeof(buf));
	read(g, buf, sizeof(buf));
	ok(!strcmp(buf, "hello world"), "the file holds the bytes (%s)", buf);
	close(g);
	g = make_file("note", "    # sendfile to stdout\n", 25);
	off = 0;
	is(sc(SYS_sendfile, 1, g, &off, 100), 25,
	   "sendfile to stdout (this suite's output)");
	close(g);
	close(f);
	close(p[0]);
	close(p[1]);
}

/* sendfile(2)'s errors, in Linux's order. */
static void test_sendfile_errors(void)
{
	char path[128];
	long long off = 0;
	int f = make_file("src", "hello world", 11), p[2], q[2], a, d;

	pipe(p);
	pipe(q);
	write(p[1], "abc", 3);
	is(sc(SYS_sendfile, q[1], p[0], 0, 3), -EINVAL, "from a pipe: EINVAL");
	is(sc(SYS_sendfile, q[1], p[0], &off, 3), -ESPIPE,
	   "from a pipe with an offset: ESPIPE");
	off = -1;
	is(sc(SYS_sendfile, q[1], f, &off, 3), -EINVAL, "a negative offset: EINVAL");
	d = open(dir, O_RDONLY | O_DIRECTORY);
	is(sc(SYS_sendfile, q[1], d, 0, 3), -EINVAL, "from a directory: EINVAL");
	close(d);
	snprintf(path, sizeof(path), "%s/app", dir);
	a = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	off = 0;
	is(sc(SYS_sendfile, a, f, &off, 3), -EINVAL, "to an O_APPEND file: EINVAL");
	close(a);
	is(sc(SYS_sendfile, q[1], q[1], 0, 3), -EBADF,
	   "from a descriptor not open for reading: EBADF");
	is(sc(SYS_sendfile, q[0], f, &off, 3), -EBADF,
	   "to a descriptor not open for writing: EBADF");
	is(sc(SYS_sendfile, q[1], 99, 0, 3), -EBADF, "from a closed fd: EBADF");
	is(sc(SYS_sendfile, 99, f, 0, 3), -EBADF, "to a closed fd: EBADF");
	is(sc(SYS_sendfile, 99, f, BAD_USER_ADDR, 3), -EFAULT,
	   "a bad offset pointer: EFAULT, before the descriptors");
	is(sc(SYS_sendfile, q[1], f, KERNEL_ADDR, 3), -EFAULT,
	   "a kernel offset pointer: EFAULT");
	close(f);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	unlink(path);
}

/*
 * A file bigger than one chunk goes whole to a file, as busybox cp
 * sends it; to a pipe, a pipe's worth (cat loops for the rest).
 */
static void test_sendfile_big(void)
{
	size_t size = 300 * 1024 + 123;
	char *data = malloc(size), *back = malloc(size);
	long long off = 0;
	long n, got = 0;
	int f, g, p[2];

	for (size_t i = 0; i < size; i++)
		data[i] = (char)(i * 7 + i / 4096);
	f = make_file("big", data, size);
	g = make_file("big2", "", 0);
	n = sc(SYS_sendfile, g, f, &off, size + 1000);
	is(n, (long)size, "sendfile of a %zu-byte file sends it whole", size);
	lseek(g, 0, SEEK_SET);
	while (got < (long)size && (n = read(g, back + got, size - got)) > 0)
		got += n;
	ok(got == (long)size && !memcmp(data, back, size), "byte for byte");
	pipe(p);
	off = 0;
	is(sc(SYS_sendfile, p[1], f, &off, size), 65536,
	   "into an empty pipe: one pipe's worth (64 KiB), without blocking");
	close(p[0]);
	close(p[1]);
	close(f);
	close(g);
	free(data);
	free(back);
}

/* sync(2) and friends: at once (all in memory), with Linux's errors. */
static void test_sync(void)
{
	int f = make_file("src", "x", 1), p[2], d = open(dir, O_RDONLY);

	pipe(p);
	is(sc(SYS_sync), 0, "sync: 0");
	is(sc(SYS_syncfs, f), 0, "syncfs on a file: 0");
	is(sc(SYS_syncfs, p[0]), 0, "syncfs on a pipe: 0");
	is(sc(SYS_syncfs, 99), -EBADF, "syncfs on a closed fd: EBADF");
	is(sc(SYS_fsync, f), 0, "fsync on a file: 0");
	is(sc(SYS_fdatasync, f), 0, "fdatasync on a file: 0");
	is(sc(SYS_fsync, d), 0, "fsync on a directory: 0");
	is(sc(SYS_fsync, p[0]), -EINVAL, "fsync on a pipe: EINVAL");
	is(sc(SYS_fdatasync, p[1]), -EINVAL, "fdatasync on a pipe: EINVAL");
	is(sc(SYS_fsync, 99), -EBADF, "fsync on a closed fd: EBADF");
	is(sc(SYS_fdatasync, 99), -EBADF, "fdatasync on a closed fd: EBADF");
	close(f);
	close(d);
	close(p[0]);
	close(p[1]);
}

static void cleanup(void)
{
	static const char *const names[] = { "src", "dst", "note", "big",
					     "big2" };
	char path[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	is(sc(SYS_rmdir, dir), 0, "the test directory is empty at the end");
}

void suite_io(void)
{
	tap_plan(89);
	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(dir, "/tmp/nookio.XXXXXX");
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	test_select();
	test_select_eintr();
	test_restart();
	test_pselect_ppoll_mask();
	test_ppoll_timeout();
	test_sendfile_offsets();
	test_sendfile_errors();
	test_sendfile_big();
	test_sync();
	cleanup();
	signal(SIGUSR1, SIG_DFL);
}

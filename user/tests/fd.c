/*
 * fd.c — file descriptors as dup(2), dup2(2), dup3(2), fcntl(2),
 * close(2) and execve(2) say: the lowest free number, FD_CLOEXEC and
 * who sees it, status flags shared by duplicates, EBADF, EINVAL, EMFILE
 * under RLIMIT_NOFILE (getrlimit(2)).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static void test_dup_lowest(void)
{
	int p[2], fd;

	is(sc(SYS_pipe, p), 0, "pipe for the dup tests");
	fd = sc(SYS_dup, p[0]);
	ok(fd > p[1], "dup returns the lowest free descriptor (%d)", fd);
	sc(SYS_close, p[0]);
	is(sc(SYS_dup, p[1]), p[0],
	   "after close, dup reuses the lowest free number");
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
	sc(SYS_close, fd);
}

static void test_dup2_dup3(void)
{
	int p[2];

	sc(SYS_pipe, p);
	is(sc(SYS_dup2, p[0], p[0]), p[0], "dup2 onto itself returns the fd");
	is(sc(SYS_dup2, 900, 900), -EBADF,
	   "dup2 onto itself of a closed fd is EBADF");
	is(sc(SYS_dup3, p[0], p[0], 0), -EINVAL,
	   "dup3 with oldfd == newfd is EINVAL");
	is(sc(SYS_dup3, p[0], 50, 0x1), -EINVAL, "dup3 with a bad flag is EINVAL");
	is(sc(SYS_dup3, p[0], 50, O_CLOEXEC), 50, "dup3 to a chosen number");
	is(sc(SYS_fcntl, 50, F_GETFD), FD_CLOEXEC,
	   "dup3(O_CLOEXEC) sets FD_CLOEXEC on the new fd");
	is(sc(SYS_fcntl, p[0], F_GETFD), 0, "... but not on the old one");
	is(sc(SYS_dup2, p[1], 50), 50, "dup2 onto an open fd replaces it");
	is(sc(SYS_fcntl, 50, F_GETFD), 0, "dup2 clears FD_CLOEXEC");
	is(sc(SYS_write, 50, "x", 1), 1, "the replaced fd now writes the pipe");
	is(sc(SYS_dup2, 900, 51), -EBADF, "dup2 of a closed fd is EBADF");
	is(sc(SYS_dup2, p[0], 1 << 20), -EBADF,
	   "dup2 to a number above RLIMIT_NOFILE is EBADF");
	sc(SYS_close, 50);
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
}

static void test_fcntl(void)
{
	int p[2], fd;

	sc(SYS_pipe, p);
	fd = sc(SYS_fcntl, p[0], F_DUPFD, 40);
	is(fd, 40, "F_DUPFD returns the lowest free fd >= arg");
	is(sc(SYS_fcntl, p[0], F_DUPFD, 40), 41, "... and the next one after");
	is(sc(SYS_fcntl, 40, F_GETFD), 0, "F_DUPFD's new fd has no FD_CLOEXEC");
	is(sc(SYS_fcntl, p[0], F_DUPFD_CLOEXEC, 40), 42,
	   "F_DUPFD_CLOEXEC returns a new fd");
	is(sc(SYS_fcntl, 42, F_GETFD), FD_CLOEXEC, "... with FD_CLOEXEC set");
	is(sc(SYS_fcntl, 40, F_SETFD, FD_CLOEXEC), 0, "F_SETFD returns 0");
	is(sc(SYS_fcntl, 40, F_GETFD), FD_CLOEXEC, "F_GETFD sees F_SETFD's flag");
	is(sc(SYS_fcntl, p[0], F_GETFD), 0,
	   "FD_CLOEXEC belongs to the descriptor, not the open file");
	is(sc(SYS_fcntl, p[0], F_GETFL) & O_ACCMODE, O_RDONLY,
	   "F_GETFL of a pipe's read end is O_RDONLY");
	is(sc(SYS_fcntl, p[1], F_GETFL) & O_ACCMODE, O_WRONLY,
	   "F_GETFL of a pipe's write end is O_WRONLY");
	is(sc(SYS_fcntl, p[0], F_SETFL, O_NONBLOCK | O_WRONLY), 0,
	   "F_SETFL O_NONBLOCK returns 0");
	is(sc(SYS_fcntl, 40, F_GETFL) & (O_NONBLOCK | O_ACCMODE),
	   O_NONBLOCK | O_RDONLY,
	   "a dup shares the status flags; F_SETFL keeps the access mode");
	is(sc(SYS_fcntl, p[0], F_SETFL, 0), 0, "F_SETFL 0 clears O_NONBLOCK");
	is(sc(SYS_fcntl, 40, F_GETFL) & O_NONBLOCK, 0, "... for the dup too");
	is(sc(SYS_fcntl, p[0], 9999), -EINVAL, "an unknown fcntl cmd is EINVAL");
	is(sc(SYS_fcntl, 900, F_GETFD), -EBADF, "fcntl on a closed fd is EBADF");
	is(sc(SYS_fcntl, p[0], F_DUPFD, 1 << 20), -EINVAL,
	   "F_DUPFD above RLIMIT_NOFILE is EINVAL");
	for (int i = 40; i <= 42; i++)
		sc(SYS_close, i);
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
}

static void test_ebadf(void)
{
	char c;

	is(sc(SYS_close, 900), -EBADF, "close of a closed fd is EBADF");
	is(sc(SYS_close, -1), -EBADF, "close(-1) is EBADF");
	is(sc(SYS_dup, 900), -EBADF, "dup of a closed fd is EBADF");
	is(sc(SYS_read, 900, &c, 1), -EBADF, "read of a closed fd is EBADF");
	is(sc(SYS_write, 900, &c, 1), -EBADF, "write of a closed fd is EBADF");
	is(sc(SYS_lseek, 900, 0, SEEK_SET), -EBADF,
	   "lseek of a closed fd is EBADF");
	is(sc(SYS_ioctl, 900, 0x5401, 0), -EBADF,
	   "ioctl of a closed fd is EBADF");
}

static void emfile_child(void *arg)
{
	struct rlimit rl = { 10, 10 };
	int fd, p[2];

	(void)arg;
	for (fd = 3; fd < 64; fd++)
		sc(SYS_close, fd);
	if (setrlimit(RLIMIT_NOFILE, &rl))
		_exit(10);
	for (fd = 3; fd < 10; fd++)
		if (sc(SYS_dup, 1) != fd)
			_exit(11);
	if (sc(SYS_dup, 1) != -EMFILE)
		_exit(12);
	if (sc(SYS_fcntl, 1, F_DUPFD, 5) != -EMFILE)
		_exit(13);
	if (sc(SYS_fcntl, 1, F_DUPFD, 10) != -EINVAL)
		_exit(14);
	if (sc(SYS_dup2, 1, 10) != -EBADF)
		_exit(15);
	sc(SYS_close, 9);
	if (sc(SYS_pipe, p) != -EMFILE)	/* one slot free: not enough */
		_exit(16);
	if (sc(SYS_dup, 1) != 9)	/* ... and the pipe leaked none */
		_exit(17);
	_exit(0);
}

static void test_emfile(void)
{
	int st = run_child(emfile_child, NULL);

	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "with RLIMIT_NOFILE 10: fds up to 9, then dup, F_DUPFD and pipe "
	   "give EMFILE, dup2 above is EBADF, no fd leaks (status %#x)", st);
}

/* fork, execve(exec-helper fds KEEP SHUT), wait: 0 if as expected. */
static int exec_fds(int keep, int shut)
{
	char a[16], b[16];
	char *argv[] = { "exec-helper", "fds", a, b, NULL };
	char *envp[] = { NULL };
	int status;
	pid_t pid;

	snprintf(a, sizeof(a), "%d", keep);
	snprintf(b, sizeof(b), "%d", shut);
	pid = fork();
	if (pid == 0) {
		execve(sibling_path("exec-helper"), argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void test_cloexec_exec(void)
{
	int p[2];

	is(sc(SYS_pipe2, p, O_CLOEXEC), 0, "pipe2(O_CLOEXEC)");
	is(sc(SYS_fcntl, p[0], F_GETFD), FD_CLOEXEC,
	   "pipe2(O_CLOEXEC) sets FD_CLOEXEC on both ends");
	sc(SYS_fcntl, p[1], F_SETFD, 0);
	is(exec_fds(p[1], p[0]), 0,
	   "execve closes the FD_CLOEXEC fd and keeps the one F_SETFD cleared");
	sc(SYS_fcntl, p[1], F_SETFD, FD_CLOEXEC);
	sc(SYS_fcntl, p[0], F_SETFD, 0);
	is(exec_fds(p[0], p[1]), 0,
	   "FD_CLOEXEC set by fcntl F_SETFD is closed by execve");
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
}

void suite_fd(void)
{
	tap_plan(44);
	test_dup_lowest();
	test_dup2_dup3();
	test_fcntl();
	test_ebadf();
	test_emfile();
	test_cloexec_exec();
}

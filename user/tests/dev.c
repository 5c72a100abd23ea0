/*
 * dev.c — device files, as null(4), zero(4), full(4), random(4), tty(4),
 * console(4) and mknod(2) describe them: what reads and writes return,
 * the device numbers stat(2) shows (Linux's devices.txt: mem is major
 * 1, tty and console 5:0 and 5:1), and mknod's nodes opening the same
 * drivers wherever they are made. mknod happens on a tmpfs the suite
 * mounts itself under /tmp, so it behaves the same on the host.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static char base[64];

static const char *P(const char *rel)
{
	return path_in(base, rel);
}

/* Is path a character device numbered major:minor with these permissions? */
static bool is_chr(const char *path, unsigned int major, unsigned int minor,
		   int perm)
{
	struct stat st;

	if (sc(SYS_newfstatat, AT_FDCWD, path, &st, 0))
		return false;
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(major, minor))
		return false;
	return perm < 0 || (st.st_mode & 07777) == (unsigned int)perm;
}

static bool all_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_null(void)
{
	char buf[16];
	struct stat st;
	int fd = sc(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR);

	ok(fd >= 0, "open /dev/null read-write");
	ok(is_chr("/dev/null", 1, 3, 0666), "/dev/null is crw-rw-rw- 1,3");
	is(sc(SYS_write, fd, "hello", 5), 5, "a write to null takes every byte");
	is(sc(SYS_read, fd, buf, sizeof(buf)), 0, "a read of null is end of file");
	is(sc(SYS_read, fd, BAD_USER_ADDR, 8), 0,
	   "a read of null never touches the buffer");
	is(sc(SYS_write, fd, KERNEL_ADDR, 8), -EFAULT,
	   "a write of a kernel address to null: EFAULT (access_ok first)");
	is(sc(SYS_lseek, fd, 100, SEEK_SET), 0, "lseek on null stays at 0");
	is(sc(SYS_fstat, fd, &st), 0, "fstat of the open null");
	ok(S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3),
	   "fstat shows the same device");
	sc(SYS_close, fd);
}

static void test_zero_full(void)
{
	unsigned char buf[5000];
	int fd = sc(SYS_openat, AT_FDCWD, "/dev/zero", O_RDWR);

	ok(is_chr("/dev/zero", 1, 5, 0666), "/dev/zero is crw-rw-rw- 1,5");
	memset(buf, 0xaa, sizeof(buf));
	is(sc(SYS_read, fd, buf, sizeof(buf)), sizeof(buf),
	   "a read of zero fills the whole buffer");
	ok(all_zero(buf, sizeof(buf)), "with zero bytes");
	is(sc(SYS_write, fd, buf, 10), 10, "a write to zero takes every byte");
	is(sc(SYS_read, fd, BAD_USER_ADDR, 8), -EFAULT,
	   "a read of zero into a bad buffer: EFAULT");
	sc(SYS_close, fd);

	fd = sc(SYS_openat, AT_FDCWD, "/dev/full", O_RDWR);
	ok(is_chr("/dev/full", 1, 7, 0666), "/dev/full is crw-rw-rw- 1,7");
	is(sc(SYS_write, fd, "x", 1), -ENOSPC, "a write to full: ENOSPC");
	memset(buf, 0xaa, 100);
	is(sc(SYS_read, fd, buf, 100), 100, "a read of full reads zeros");
	ok(all_zero(buf, 100), "zeros indeed");
	sc(SYS_close, fd);
}

static void test_random(void)
{
	unsigned char a[64], b[64];
	int fd = sc(SYS_openat, AT_FDCWD, "/dev/urandom", O_RDONLY);

	ok(is_chr("/dev/urandom", 1, 9, 0666), "/dev/urandom is crw-rw-rw- 1,9");
	ok(is_chr("/dev/random", 1, 8, 0666), "/dev/random is crw-rw-rw- 1,8");
	is(sc(SYS_read, fd, a, sizeof(a)), sizeof(a), "urandom gives 64 bytes");
	is(sc(SYS_read, fd, b, sizeof(b)), sizeof(b), "and 64 more");
	ok(!all_zero(a, sizeof(a)) && memcmp(a, b, sizeof(a)),
	   "not zeros, and not the same twice");
	is(sc(SYS_read, fd, BAD_USER_ADDR, 8), -EFAULT,
	   "a read of urandom into a bad buffer: EFAULT");
	is(sc(SYS_read, fd, a, 0), 0, "a read of 0 bytes: 0");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "/dev/random", O_RDWR);
	is(sc(SYS_read, fd, a, 16), 16, "random gives bytes at once");
	is(sc(SYS_write, fd, "seed", 4), 4, "a write to random is taken");
	sc(SYS_close, fd);
}

static void open_tty_without_ctty(void *arg)
{
	(void)arg;
	if (sc(SYS_setsid) < 0)
		_exit(2);
	_exit(sc(SYS_openat, AT_FDCWD, "/dev/tty", O_RDWR) == -ENXIO ? 0 : 1);
}

/* A terminal has no file position (a wrong pread would wait for
 * console input: the harness's timeout reports that as a hang). */
static void console_has_no_position(void *arg)
{
	char c;
	int fd = sc(SYS_openat, AT_FDCWD, "/dev/console", O_RDONLY | O_NOCTTY);

	(void)arg;
	if (fd < 0)
		_exit(2);
	_exit(sc(SYS_pread64, fd, &c, 1, 0) == -ESPIPE &&
	      sc(SYS_lseek, fd, 0, SEEK_SET) == -ESPIPE ? 0 : 1);
}

static void test_tty(void)
{
	int st;

	ok(is_chr("/dev/tty", 5, 0, 0666), "/dev/tty is crw-rw-rw- 5,0");
	ok(is_chr("/dev/console", 5, 1, -1), "/dev/console is a character device 5,1");
	st = run_child(console_has_no_position, NULL);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "/dev/console: pread and lseek are ESPIPE (%#x)", st);
	st = run_child(open_tty_without_ctty, NULL);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "/dev/tty in a new session (no controlling tty): ENXIO (%#x)", st);
}

static void test_mknod(void)
{
	struct stat st;
	char buf[8];
	int fd, old;

	is(sc(SYS_mknod, P("null2"), S_IFCHR | 0666, makedev(1, 3)), 0,
	   "mknod a character device 1,3");
	fd = sc(SYS_openat, AT_FDCWD, P("null2"), O_RDWR);
	ok(fd >= 0, "it opens");
	is(sc(SYS_write, fd, "abc", 3), 3, "and writes like /dev/null");
	is(sc(SYS_read, fd, buf, sizeof(buf)), 0, "and reads like /dev/null");
	sc(SYS_close, fd);
	is(sc(SYS_mknodat, AT_FDCWD, P("zero2"), S_IFCHR | 0600, makedev(1, 5)), 0,
	   "mknodat a character device 1,5");
	ok(is_chr(P("zero2"), 1, 5, 0600), "stat shows its type, number and mode");
	is(sc(SYS_mknod, P("null2"), S_IFCHR | 0666, makedev(1, 3)), -EEXIST,
	   "mknod over a name: EEXIST");
	is(sc(SYS_mknod, P("nodir/x"), S_IFCHR | 0666, makedev(1, 3)), -ENOENT,
	   "mknod in a missing directory: ENOENT");
	is(sc(SYS_mknod, P("bad"), 0170000 | 0644, 0), -EINVAL,
	   "mknod of an unknown type: EINVAL");
	is(sc(SYS_mknod, P("dir"), S_IFDIR | 0755, 0), -EPERM,
	   "mknod of a directory: EPERM");
	is(sc(SYS_mknod, BAD_USER_ADDR, S_IFCHR | 0666, 0), -EFAULT,
	   "mknod with a bad pointer: EFAULT");
	is(sc(SYS_mknod, P("reg"), S_IFREG | 0644, 0), 0, "mknod of a regular file");
	sc(SYS_newfstatat, AT_FDCWD, P("reg"), &st, 0);
	ok(S_ISREG(st.st_mode) && st.st_rdev == 0, "is a plain file");
	is(sc(SYS_mknod, P("reg0"), 0644, 0), 0, "mknod with no type: a regular file");
	old = sc(SYS_umask, 022);
	sc(SYS_mknod, P("masked"), S_IFCHR | 0666, makedev(1, 3));
	ok(is_chr(P("masked"), 1, 3, 0644), "the umask applies to mknod's mode");
	sc(SYS_umask, old);
	is(sc(SYS_mknod, P("blk"), S_IFBLK | 0600, makedev(7, 250)), 0,
	   "mknod a block device");
	sc(SYS_newfstatat, AT_FDCWD, P("blk"), &st, 0);
	ok(S_ISBLK(st.st_mode) && st.st_rdev == makedev(7, 250), "stat shows it");
	is(sc(SYS_mknod, P("sock"), S_IFSOCK | 0644, 0), 0, "mknod a socket node");
	is(sc(SYS_openat, AT_FDCWD, P("sock"), O_RDONLY), -ENXIO,
	   "opening a socket node: ENXIO");
	is(sc(SYS_mknod, P("kmem"), S_IFCHR | 0600, makedev(1, 2)), 0,
	   "mknod 1,2 (kmem, which no kernel here provides)");
	is(sc(SYS_openat, AT_FDCWD, P("kmem"), O_RDONLY), -ENXIO,
	   "opening a number with no driver: ENXIO");

	is(sc(SYS_mount, "none", P("nd"), "tmpfs", MS_NODEV, NULL), 0,
	   "mount a MS_NODEV tmpfs");
	is(sc(SYS_mknod, P("nd/null"), S_IFCHR | 0666, makedev(1, 3)), 0,
	   "mknod works there");
	is(sc(SYS_openat, AT_FDCWD, P("nd/null"), O_RDWR), -EACCES,
	   "but the device does not open: EACCES");
	is(sc(SYS_mount, NULL, P("nd"), NULL, MS_REMOUNT | MS_RDONLY, NULL), 0,
	   "remount it read-only");
	is(sc(SYS_mknod, P("nd/zero"), S_IFCHR | 0666, makedev(1, 5)), -EROFS,
	   "mknod on a read-only mount: EROFS");
	is(sc(SYS_umount2, P("nd"), 0), 0, "umount2 it");

	sc(SYS_unlink, P("null2"));
	sc(SYS_unlink, P("zero2"));
	sc(SYS_unlink, P("reg"));
	sc(SYS_unlink, P("reg0"));
	sc(SYS_unlink, P("masked"));
	sc(SYS_unlink, P("blk"));
	sc(SYS_unlink, P("sock"));
	sc(SYS_unlink, P("kmem"));
}

static void fifo_writer(void *arg)
{
	int fd;

	wait_for_state(getppid(), "S");	/* the parent waits in open */
	fd = sc(SYS_openat, AT_FDCWD, (const char *)arg, O_WRONLY);
	_exit(fd >= 0 && sc(SYS_write, fd, "hi", 2) == 2 ? 0 : 1);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * A signal ends an open that waits for a writer (EINTR: the handler has
 * no SA_RESTART), and the reader it was counted as is gone again: a
 * non-blocking writer then finds none (ENXIO). The parent signals until
 * the child is done, since it cannot know when the open began to wait.
 */
static void fifo_open_interrupted(const char *path, int *status)
{
	struct sigaction sa = { .sa_handler = on_usr1 }, old;
	pid_t pid;
	long r;

	sigaction(SIGUSR1, &sa, &old);
	pid = fork();
	if (pid == 0) {
		r = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
		if (r != -EINTR)
			_exit(1);
		r = sc(SYS_openat, AT_FDCWD, path, O_WRONLY | O_NONBLOCK);
		_exit(r == -ENXIO ? 0 : 2);
	}
	for (int ms = 0; ms < STATE_WAIT_MS; ms += 50) {
		sleep_ms(50);
		if (waitpid(pid, status, WNOHANG) == pid)
			break;
		kill(pid, SIGUSR1);
	}
	if (waitpid(pid, status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
	}
	sigaction(SIGUSR1, &old, NULL);
}

/* fifo(7): named pipes, and who waits for whom at open. */
static void test_fifo(void)
{
	char buf[8] = "";
	struct stat st;
	int r, w, st_child;
	pid_t pid;

	is(sc(SYS_mknod, P("fifo"), S_IFIFO | 0644, 0), 0, "mknod a FIFO");
	sc(SYS_newfstatat, AT_FDCWD, P("fifo"), &st, 0);
	ok(S_ISFIFO(st.st_mode), "stat says it is a FIFO");
	is(sc(SYS_openat, AT_FDCWD, P("fifo"), O_WRONLY | O_NONBLOCK), -ENXIO,
	   "O_WRONLY|O_NONBLOCK with no reader: ENXIO");
	r = sc(SYS_openat, AT_FDCWD, P("fifo"), O_RDONLY | O_NONBLOCK);
	ok(r >= 0, "O_RDONLY|O_NONBLOCK opens at once");
	w = sc(SYS_openat, AT_FDCWD, P("fifo"), O_WRONLY | O_NONBLOCK);
	ok(w >= 0, "then a writer opens");
	is(sc(SYS_write, w, "abc", 3), 3, "write to the FIFO");
	is(sc(SYS_read, r, buf, sizeof(buf)), 3, "read it back through the other end");
	ok(!memcmp(buf, "abc", 3), "the same bytes");
	is(sc(SYS_lseek, r, 0, SEEK_SET), -ESPIPE, "lseek on a FIFO: ESPIPE");
	is(sc(SYS_fstat, r, &st), 0, "fstat on the open FIFO");
	ok(S_ISFIFO(st.st_mode), "is a FIFO");
	sc(SYS_close, w);
	is(sc(SYS_read, r, buf, sizeof(buf)), 0, "no writer left: end of file");
	sc(SYS_close, r);

	pid = fork();
	if (pid == 0) {
		fifo_writer((void *)P("fifo"));
		_exit(1);
	}
	r = sc(SYS_openat, AT_FDCWD, P("fifo"), O_RDONLY);
	ok(r >= 0, "a blocking O_RDONLY open waits for the writer");
	is(sc(SYS_read, r, buf, 2), 2, "and reads what it wrote");
	sc(SYS_close, r);
	waitpid(pid, &st_child, 0);
	ok(WIFEXITED(st_child) && WEXITSTATUS(st_child) == 0,
	   "the writer's open and write succeeded");

	fifo_open_interrupted(P("fifo"), &st_child);
	ok(WIFEXITED(st_child) && WEXITSTATUS(st_child) == 0,
	   "a signal ends a waiting open with EINTR, leaving no reader (%#x)",
	   st_child);

	r = sc(SYS_openat, AT_FDCWD, P("fifo"), O_RDWR | O_NONBLOCK);
	ok(r >= 0, "O_RDWR opens without waiting");
	is(sc(SYS_write, r, "x", 1), 1, "and writes");
	sc(SYS_close, r);
	r = sc(SYS_openat, AT_FDCWD, P("fifo"), O_RDWR | O_NONBLOCK);
	is(sc(SYS_read, r, buf, 1), -EAGAIN,
	   "what no one had open any more is gone: EAGAIN");
	sc(SYS_close, r);
	sc(SYS_unlink, P("fifo"));
}

void suite_dev(void)
{
	char top[64];

	tap_plan(80);
	test_null();
	test_zero_full();
	test_random();
	test_tty();

	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(top, "/tmp/nookdev.XXXXXX");
	if (!mkdtemp(top)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	/* A tmpfs of our own: the host's /tmp may be nodev. */
	strcpy(base, top);
	is(sc(SYS_mount, "none", top, "tmpfs", 0, NULL), 0,
	   "mount a tmpfs for the nodes");
	sc(SYS_mkdir, P("nd"), 0755);
	test_mknod();
	test_fifo();
	sc(SYS_rmdir, P("nd"));
	is(sc(SYS_umount2, top, 0), 0, "umount2 it");
	is(sc(SYS_rmdir, top), 0, "the test directory is empty at the end");
}

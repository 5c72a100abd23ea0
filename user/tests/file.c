/*
 * file.c — files and directories by name, as open(2), read(2), lseek(2),
 * getdents64(2), stat(2), mkdir(2), rmdir(2), unlink(2), rename(2),
 * link(2), symlink(2), readlink(2), truncate(2), access(2), chdir(2),
 * getcwd(2), chroot(2), umask(2) and execve(2) say: round trips, link counts, and one check
 * per error case. Everything happens in a fresh directory under /tmp
 * (made first where it is missing, as in Nook's bare root).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define RENAME_NOREPLACE	1

struct dirent64_raw {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char dir[64];

static long slen(const char *s)
{
	return (long)strlen(s);
}

static void test_cwd(void)
{
	char buf[128];
	int fd;

	is(sc(SYS_chdir, dir), 0, "chdir into the test directory");
	is(sc(SYS_getcwd, buf, sizeof(buf)), slen(dir) + 1,
	   "getcwd returns the length with its NUL");
	ok(!strcmp(buf, dir), "getcwd after chdir names it (%s)", buf);
	is(sc(SYS_getcwd, buf, 3), -ERANGE, "getcwd into a small buffer: ERANGE");
	is(sc(SYS_getcwd, BAD_USER_ADDR, 128), -EFAULT, "getcwd to a bad pointer: EFAULT");
	fd = sc(SYS_openat, AT_FDCWD, "plain", O_CREAT | O_WRONLY, 0644);
	ok(fd >= 0, "create a plain file");
	sc(SYS_close, fd);
	is(sc(SYS_chdir, "plain"), -ENOTDIR, "chdir to a file: ENOTDIR");
	is(sc(SYS_chdir, "nowhere"), -ENOENT, "chdir to nothing: ENOENT");
	is(sc(SYS_chdir, BAD_USER_ADDR), -EFAULT, "chdir with a bad pointer: EFAULT");
	is(sc(SYS_fchdir, 999), -EBADF, "fchdir on a closed fd: EBADF");
	fd = sc(SYS_openat, AT_FDCWD, "plain", O_RDONLY);
	is(sc(SYS_fchdir, fd), -ENOTDIR, "fchdir on a file: ENOTDIR");
	sc(SYS_close, fd);
	sc(SYS_unlink, "plain");

	is(sc(SYS_mkdir, "gone", 0755), 0, "mkdir gone");
	fd = sc(SYS_open, ".", O_RDONLY | O_DIRECTORY);
	is(sc(SYS_chdir, "gone"), 0, "chdir gone");
	snprintf(buf, sizeof(buf), "%s/gone", dir);
	is(sc(SYS_rmdir, buf), 0, "rmdir the cwd by its full name");
	is(sc(SYS_getcwd, buf, sizeof(buf)), -ENOENT,
	   "getcwd in a removed directory: ENOENT");
	is(sc(SYS_fchdir, fd), 0, "fchdir back by a directory fd");
	sc(SYS_getcwd, buf, sizeof(buf));
	ok(!strcmp(buf, dir), "getcwd after fchdir names it");
	sc(SYS_close, fd);
}

static void child_chdir(void *arg)
{
	(void)arg;
	sc(SYS_chdir, "/");
}

static void test_fork_copies_cwd(void)
{
	char buf[128];

	run_child(child_chdir, NULL);
	sc(SYS_getcwd, buf, sizeof(buf));
	ok(!strcmp(buf, dir), "a forked child's chdir leaves the parent's cwd");
}

static void test_open_errors(void)
{
	char longname[300], longpath[4200];
	int fd, dfd;

	fd = sc(SYS_openat, AT_FDCWD, "f", O_CREAT | O_EXCL | O_RDWR, 0600);
	ok(fd >= 0, "O_CREAT|O_EXCL makes a new file");
	is(sc(SYS_openat, AT_FDCWD, "f", O_CREAT | O_EXCL | O_RDWR, 0600),
	   -EEXIST, "O_CREAT|O_EXCL on an existing file: EEXIST");
	is(sc(SYS_openat, AT_FDCWD, "nofile", O_RDONLY), -ENOENT,
	   "open of a missing name: ENOENT");
	is(sc(SYS_openat, AT_FDCWD, "nodir/x", O_CREAT | O_RDWR, 0600), -ENOENT,
	   "O_CREAT under a missing directory: ENOENT");
	is(sc(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_DIRECTORY), -ENOTDIR,
	   "O_DIRECTORY on a file: ENOTDIR");
	is(sc(SYS_openat, AT_FDCWD, "f/x", O_RDONLY), -ENOTDIR,
	   "a file in the middle of a path: ENOTDIR");
	is(sc(SYS_symlink, "f", "lnk"), 0, "symlink lnk -> f");
	is(sc(SYS_openat, AT_FDCWD, "lnk", O_RDONLY | O_NOFOLLOW), -ELOOP,
	   "O_NOFOLLOW on a symlink: ELOOP");
	is(sc(SYS_openat, AT_FDCWD, ".", O_WRONLY), -EISDIR,
	   "opening a directory for writing: EISDIR");
	is(sc(SYS_openat, AT_FDCWD, "f/", O_CREAT | O_RDWR, 0600), -EISDIR,
	   "O_CREAT of a name with a trailing slash: EISDIR");
	is(sc(SYS_symlink, "target", "dangling"), 0, "symlink dangling -> target");
	is(sc(SYS_openat, AT_FDCWD, "dangling", O_CREAT | O_EXCL | O_RDWR, 0600),
	   -EEXIST, "O_CREAT|O_EXCL on a dangling symlink: EEXIST");
	dfd = sc(SYS_openat, AT_FDCWD, "dangling", O_CREAT | O_RDWR, 0600);
	ok(dfd >= 0, "O_CREAT through a dangling symlink opens");
	sc(SYS_close, dfd);
	is(sc(SYS_access, "target", F_OK), 0, "and created its target");
	sc(SYS_unlink, "target");
	sc(SYS_unlink, "dangling");
	is(sc(SYS_read, fd, longname, 1), 0, "read at the end of an empty file: 0");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "f", O_WRONLY);
	is(sc(SYS_read, fd, longname, 1), -EBADF, "read on a write-only fd: EBADF");
	is(sc(SYS_openat, fd, "x", O_RDONLY), -ENOTDIR,
	   "openat relative to a file's fd: ENOTDIR");
	is(sc(SYS_openat, 999, "x", O_RDONLY), -EBADF,
	   "openat relative to a closed fd: EBADF");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "f", O_RDONLY | O_CLOEXEC);
	is(sc(SYS_write, fd, "x", 1), -EBADF, "write on a read-only fd: EBADF");
	is(sc(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	sc(SYS_close, fd);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	is(sc(SYS_openat, AT_FDCWD, longname, O_CREAT | O_RDWR, 0600),
	   -ENAMETOOLONG, "a component over NAME_MAX: ENAMETOOLONG");
	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = 0;
	is(sc(SYS_openat, AT_FDCWD, longpath, O_RDONLY), -ENAMETOOLONG,
	   "a path over PATH_MAX: ENAMETOOLONG");
	is(sc(SYS_openat, AT_FDCWD, BAD_USER_ADDR, O_RDONLY), -EFAULT,
	   "open with a bad name pointer: EFAULT");
	is(sc(SYS_openat, AT_FDCWD, KERNEL_ADDR, O_RDONLY), -EFAULT,
	   "open with a kernel name pointer: EFAULT");
	is(sc(SYS_openat, AT_FDCWD, "", O_RDONLY), -ENOENT,
	   "open of the empty name: ENOENT");

	dfd = sc(SYS_openat, AT_FDCWD, ".", O_RDONLY | O_DIRECTORY);
	fd = sc(SYS_openat, dfd, "f", O_RDONLY);
	ok(fd >= 0, "openat relative to a directory fd");
	sc(SYS_close, fd);
	sc(SYS_close, dfd);
	sc(SYS_unlink, "lnk");
	sc(SYS_unlink, "f");
}

static void test_read_write(void)
{
	char buf[32] = { 0 };
	struct stat st;
	int fd, p[2];

	fd = sc(SYS_creat, "rw", 0644);
	is(sc(SYS_write, fd, "hello world", 11), 11, "write 11 bytes");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "rw", O_RDWR);
	is(sc(SYS_read, fd, buf, sizeof(buf)), 11, "read them back");
	ok(!memcmp(buf, "hello world", 11), "the same bytes");
	is(sc(SYS_lseek, fd, -5, SEEK_END), 6, "lseek SEEK_END -5");
	is(sc(SYS_read, fd, buf, 5), 5, "read from there");
	ok(!memcmp(buf, "world", 5), "the tail");
	is(sc(SYS_lseek, fd, -1, SEEK_CUR), 10, "lseek SEEK_CUR -1");
	is(sc(SYS_lseek, fd, -1, SEEK_SET), -EINVAL, "lseek before 0: EINVAL");
	is(sc(SYS_lseek, fd, 0, 77), -EINVAL, "lseek with a bad whence: EINVAL");
	is(sc(SYS_lseek, fd, 20, SEEK_SET), 20, "lseek past the end");
	is(sc(SYS_write, fd, "!", 1), 1, "write past the end");
	sc(SYS_fstat, fd, &st);
	is(st.st_size, 21, "the file grew to 21");
	is(sc(SYS_pread64, fd, buf, 4, 12), 4, "pread a hole");
	ok(!memcmp(buf, "\0\0\0\0", 4), "a hole reads as zeros");
	is(sc(SYS_lseek, fd, 0, SEEK_CUR), 21, "pread leaves the offset alone");
	is(sc(SYS_pwrite64, fd, "HE", 2, 0), 2, "pwrite at 0");
	is(sc(SYS_pread64, fd, buf, 5, 0), 5, "pread at 0");
	ok(!memcmp(buf, "HEllo", 5), "pwrite's bytes are there");
	is(sc(SYS_pread64, fd, buf, 1, -1), -EINVAL, "pread at a negative offset: EINVAL");
	sc(SYS_lseek, fd, 0, SEEK_SET);
	is(sc(SYS_read, fd, BAD_USER_ADDR, 4), -EFAULT, "read into a bad pointer: EFAULT");
	sc(SYS_close, fd);
	sc(SYS_pipe, p);
	is(sc(SYS_pread64, p[0], buf, 1, 0), -ESPIPE, "pread on a pipe: ESPIPE");
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);

	fd = sc(SYS_openat, AT_FDCWD, "rw", O_WRONLY | O_APPEND);
	sc(SYS_lseek, fd, 0, SEEK_SET);
	is(sc(SYS_write, fd, "?", 1), 1, "write with O_APPEND");
	is(sc(SYS_lseek, fd, 0, SEEK_CUR), 22, "O_APPEND wrote at the end");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "rw", O_RDWR | O_TRUNC);
	sc(SYS_fstat, fd, &st);
	is(st.st_size, 0, "O_TRUNC empties the file");
	sc(SYS_write, fd, "abcdef", 6);
	is(sc(SYS_ftruncate, fd, 3), 0, "ftruncate to 3");
	sc(SYS_fstat, fd, &st);
	is(st.st_size, 3, "the size is 3");
	is(sc(SYS_ftruncate, fd, -1), -EINVAL, "ftruncate to a negative size: EINVAL");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "rw", O_RDONLY);
	is(sc(SYS_ftruncate, fd, 0), -EINVAL, "ftruncate on a read-only fd: EINVAL");
	sc(SYS_close, fd);
	is(sc(SYS_truncate, "rw", 1), 0, "truncate by name");
	sc(SYS_stat, "rw", &st);
	is(st.st_size, 1, "the size is 1");
	is(sc(SYS_truncate, ".", 0), -EISDIR, "truncate a directory: EISDIR");
	is(sc(SYS_truncate, "nofile", 0), -ENOENT, "truncate nothing: ENOENT");
	sc(SYS_unlink, "rw");
}

static void test_getdents(void)
{
	char buf[512];
	int fd, n, seen = 0, ok_types = 1;

	sc(SYS_mkdir, "d", 0755);
	sc(SYS_close, sc(SYS_openat, AT_FDCWD, "d/a", O_CREAT | O_RDWR, 0600));
	sc(SYS_mkdir, "d/b", 0755);
	fd = sc(SYS_openat, AT_FDCWD, "d", O_RDONLY | O_DIRECTORY);
	is(sc(SYS_getdents64, fd, buf, 10), -EINVAL,
	   "getdents64 into a buffer too small for one entry: EINVAL");
	n = sc(SYS_getdents64, fd, buf, sizeof(buf));
	ok(n > 0, "getdents64 reads entries (%d bytes)", n);
	for (int off = 0; off < n;) {
		struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			seen |= d->d_name[1] ? 2 : 1;
		else if (!strcmp(d->d_name, "a"))
			seen |= 4, ok_types &= d->d_type == DT_REG;
		else if (!strcmp(d->d_name, "b"))
			seen |= 8, ok_types &= d->d_type == DT_DIR;
		else
			seen |= 16;
		off += d->d_reclen;
	}
	is(seen, 15, "it lists ., .., a and b, and nothing else");
	ok(ok_types, "with d_type DT_REG for a and DT_DIR for b");
	is(sc(SYS_getdents64, fd, buf, sizeof(buf)), 0, "then the end: 0");
	sc(SYS_close, fd);
	fd = sc(SYS_openat, AT_FDCWD, "d/a", O_RDONLY);
	is(sc(SYS_getdents64, fd, buf, sizeof(buf)), -ENOTDIR,
	   "getdents64 on a file: ENOTDIR");
	sc(SYS_close, fd);
	is(sc(SYS_getdents64, 999, buf, sizeof(buf)), -EBADF,
	   "getdents64 on a closed fd: EBADF");
}

static void test_stat_links(void)
{
	struct stat st, st2;
	char buf[16];
	int fd;

	is(sc(SYS_umask, 077), 022, "umask returns the old mask");
	fd = sc(SYS_openat, AT_FDCWD, "s", O_CREAT | O_RDWR, 0666);
	is(sc(SYS_umask, 022), 077, "umask again");
	is(sc(SYS_fstat, fd, &st), 0, "fstat");
	is(st.st_mode, S_IFREG | 0600, "the umask took 077 off the mode");
	is(st.st_nlink, 1, "one link");
	is(sc(SYS_link, "s", "s2"), 0, "link s2 to s");
	sc(SYS_fstat, fd, &st);
	is(st.st_nlink, 2, "two links");
	sc(SYS_stat, "s2", &st2);
	ok(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev,
	   "both names are the same inode");
	is(sc(SYS_link, "s", "s2"), -EEXIST, "link onto an existing name: EEXIST");
	is(sc(SYS_link, "d", "d2"), -EPERM, "link to a directory: EPERM");
	is(sc(SYS_unlink, "s2"), 0, "unlink s2");
	sc(SYS_fstat, fd, &st);
	is(st.st_nlink, 1, "one link again");
	is(sc(SYS_newfstatat, fd, "", &st2, AT_EMPTY_PATH), 0,
	   "fstatat with AT_EMPTY_PATH");
	is(st2.st_ino, st.st_ino, "names the fd's inode");
	is(sc(SYS_newfstatat, AT_FDCWD, "s", &st2, 0x4000000), -EINVAL,
	   "fstatat with an unknown flag: EINVAL");
	is(sc(SYS_newfstatat, AT_FDCWD, "", &st2, 0), -ENOENT,
	   "fstatat of the empty name without AT_EMPTY_PATH: ENOENT");
	is(sc(SYS_fstat, fd, BAD_USER_ADDR), -EFAULT, "fstat to a bad pointer: EFAULT");
	sc(SYS_close, fd);

	is(sc(SYS_symlink, "s", "sl"), 0, "symlink sl -> s");
	is(sc(SYS_symlink, "s", "sl"), -EEXIST, "symlink onto an existing name: EEXIST");
	sc(SYS_lstat, "sl", &st);
	ok(S_ISLNK(st.st_mode) && st.st_size == 1, "lstat sees the link, size 1");
	is(sc(SYS_newfstatat, AT_FDCWD, "sl", &st2, AT_SYMLINK_NOFOLLOW), 0,
	   "fstatat with AT_SYMLINK_NOFOLLOW");
	ok(S_ISLNK(st2.st_mode), "sees the link too");
	sc(SYS_stat, "sl", &st);
	ok(S_ISREG(st.st_mode), "stat follows it to the file");
	is(sc(SYS_readlink, "sl", buf, sizeof(buf)), 1, "readlink returns 1 byte");
	ok(buf[0] == 's', "the target");
	is(sc(SYS_readlink, "s", buf, sizeof(buf)), -EINVAL,
	   "readlink of a file: EINVAL");
	is(sc(SYS_readlinkat, AT_FDCWD, "sl", buf, 0), -EINVAL,
	   "readlink into no room: EINVAL");
	is(sc(SYS_stat, "nofile", &st), -ENOENT, "stat nothing: ENOENT");

	is(sc(SYS_access, "s", F_OK), 0, "access F_OK on a file");
	is(sc(SYS_access, "nofile", F_OK), -ENOENT, "access on nothing: ENOENT");
	is(sc(SYS_access, "s", X_OK), -EACCES,
	   "X_OK on a file with no x bit: EACCES, even for root");
	is(sc(SYS_faccessat, AT_FDCWD, "d", X_OK), 0, "X_OK on a directory");
	is(sc(SYS_access, "s", 8), -EINVAL, "access with a bad mode: EINVAL");
	sc(SYS_unlink, "sl");
}

/* statx(2)'s record, as the uapi header lays it out (256 bytes). */
struct statx_raw {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t r; } atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

static void test_statx(void)
{
	struct statx_raw sx;
	struct stat st;
	int fd = sc(SYS_openat, AT_FDCWD, "sx", O_CREAT | O_RDWR, 0640);

	sc(SYS_write, fd, "12345", 5);
	sc(SYS_fstat, fd, &st);
	sc(SYS_close, fd);
	is(sizeof(sx), 256, "struct statx is 256 bytes");
	is(sc(SYS_statx, AT_FDCWD, "sx", 0, 0x7ff, &sx), 0, "statx");
	is(sx.mask & 0x7ff, 0x7ff, "reports the basic stats");
	ok(sx.ino == st.st_ino && sx.size == 5 && sx.mode == (S_IFREG | 0640) &&
	   sx.nlink == 1, "ino, size, mode and nlink agree with fstat");
	ok(makedev(sx.dev_major, sx.dev_minor) == st.st_dev,
	   "the device agrees with st_dev");
	is(sc(SYS_statx, AT_FDCWD, "sx", 0x4000000, 0x7ff, &sx), -EINVAL,
	   "statx with an unknown flag: EINVAL");
	is(sc(SYS_statx, AT_FDCWD, "sx", 0x6000, 0x7ff, &sx), -EINVAL,
	   "statx with both sync types: EINVAL");
	is(sc(SYS_statx, AT_FDCWD, "sx", 0, 0x80000000u, &sx), -EINVAL,
	   "statx with the reserved mask bit: EINVAL");
	is(sc(SYS_statx, AT_FDCWD, "nofile", 0, 0x7ff, &sx), -ENOENT,
	   "statx of nothing: ENOENT");
	is(sc(SYS_statx, AT_FDCWD, "sx", 0, 0x7ff, BAD_USER_ADDR), -EFAULT,
	   "statx to a bad pointer: EFAULT");
	sc(SYS_unlink, "sx");
}

/* clone(CLONE_FS): a child's chdir moves its parent too. */
static void test_clone_fs(void)
{
	char buf[128];
	int status = -1;
	long pid = sc(SYS_clone, CLONE_FS | SIGCHLD, 0, 0, 0, 0);

	if (pid == 0) {
		sc(SYS_chdir, "/");
		sc(SYS_exit, 0);
	}
	waitpid(pid, &status, 0);
	sc(SYS_getcwd, buf, sizeof(buf));
	ok(!strcmp(buf, "/"), "after a CLONE_FS child's chdir, the parent is in / too");
	is(sc(SYS_chdir, dir), 0, "chdir back");
}

/*
 * chroot(2) in a child, which reports each check as a bit of its exit
 * status (a child's own ok() lines would repeat the parent's numbers).
 */
enum {
	CHROOT_OK = 1, CHROOT_SEES_INSIDE = 2, CHROOT_DOTDOT_STAYS = 4,
	CHROOT_ENOENT = 8, CHROOT_ENOTDIR = 16, CHROOT_EFAULT = 32,
};

static void child_chroot(void *arg)
{
	struct stat root, up;
	char buf[64];
	int bits = 0;

	(void)arg;
	if (sc(SYS_chroot, dir) == 0)
		bits |= CHROOT_OK;
	if (sc(SYS_access, "/marker", F_OK) == 0)
		bits |= CHROOT_SEES_INSIDE;
	if (!sc(SYS_chdir, "/..") && !stat("/", &root) && !stat("..", &up) &&
	    root.st_ino == up.st_ino &&
	    sc(SYS_getcwd, buf, sizeof(buf)) == 2 && !strcmp(buf, "/"))
		bits |= CHROOT_DOTDOT_STAYS;
	if (sc(SYS_chroot, "/nowhere") == -ENOENT)
		bits |= CHROOT_ENOENT;
	if (sc(SYS_chroot, "/marker") == -ENOTDIR)
		bits |= CHROOT_ENOTDIR;
	if (sc(SYS_chroot, BAD_USER_ADDR) == -EFAULT)
		bits |= CHROOT_EFAULT;
	sc(SYS_exit_group, bits);
}

static void test_chroot(void)
{
	int st, bits, fd = sc(SYS_openat, AT_FDCWD, "marker", O_CREAT | O_WRONLY,
			      0644);

	sc(SYS_close, fd);
	st = run_child(child_chroot, NULL);
	bits = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
	ok(bits & CHROOT_OK, "chroot into the test directory");
	ok(bits & CHROOT_SEES_INSIDE, "after chroot, / is that directory");
	ok(bits & CHROOT_DOTDOT_STAYS, "after chroot, .. of / is / and getcwd says /");
	ok(bits & CHROOT_ENOENT, "chroot to nothing: ENOENT");
	ok(bits & CHROOT_ENOTDIR, "chroot to a file: ENOTDIR");
	ok(bits & CHROOT_EFAULT, "chroot with a bad pointer: EFAULT");
	is(sc(SYS_access, "/tmp", F_OK), 0, "the child's chroot leaves the parent's root");
	sc(SYS_unlink, "marker");
}

static void test_names(void)
{
	struct stat st, st2;

	is(sc(SYS_mkdir, "x", 0755), 0, "mkdir x");
	is(sc(SYS_mkdir, "x/y", 0755), 0, "mkdir x/y");
	is(sc(SYS_mkdirat, AT_FDCWD, "x/y/z", 0755), 0, "mkdirat x/y/z");
	is(sc(SYS_mkdir, "x/y", 0755), -EEXIST, "mkdir of an existing name: EEXIST");
	is(sc(SYS_mkdir, "q/r", 0755), -ENOENT, "mkdir under nothing: ENOENT");
	sc(SYS_stat, "x/y", &st);
	is(st.st_nlink, 3, "x/y has 3 links (its name, ., z's ..)");
	is(sc(SYS_rmdir, "x/y"), -ENOTEMPTY, "rmdir of a non-empty directory: ENOTEMPTY");
	is(sc(SYS_rmdir, "s"), -ENOTDIR, "rmdir of a file: ENOTDIR");
	is(sc(SYS_unlink, "x"), -EISDIR, "unlink of a directory: EISDIR");
	is(sc(SYS_unlinkat, AT_FDCWD, "x/y/z", 0x1), -EINVAL,
	   "unlinkat with a bad flag: EINVAL");
	is(sc(SYS_unlinkat, AT_FDCWD, "x/y/z", AT_REMOVEDIR), 0,
	   "unlinkat AT_REMOVEDIR");
	is(sc(SYS_rename, "x", "x/y/w"), -EINVAL,
	   "rename a directory below itself: EINVAL");

	sc(SYS_close, sc(SYS_openat, AT_FDCWD, "t", O_CREAT | O_RDWR, 0600));
	sc(SYS_stat, "s", &st);
	is(sc(SYS_rename, "s", "t"), 0, "rename s over t");
	sc(SYS_stat, "t", &st2);
	is(st2.st_ino, st.st_ino, "t is now s's inode");
	is(sc(SYS_stat, "s", &st), -ENOENT, "and s is gone");
	sc(SYS_close, sc(SYS_openat, AT_FDCWD, "u", O_CREAT | O_RDWR, 0600));
	is(sc(SYS_renameat2, AT_FDCWD, "u", AT_FDCWD, "t", RENAME_NOREPLACE),
	   -EEXIST, "renameat2 RENAME_NOREPLACE onto a name: EEXIST");
	is(sc(SYS_renameat, AT_FDCWD, "u", AT_FDCWD, "x/y/u"), 0,
	   "renameat into a subdirectory");
	is(sc(SYS_rename, "nofile", "v"), -ENOENT, "rename nothing: ENOENT");
	is(sc(SYS_rename, "t", "x"), -EISDIR, "rename a file over a directory: EISDIR");
	sc(SYS_unlink, "x/y/u");
	sc(SYS_rmdir, "x/y");
	sc(SYS_rmdir, "x");
	sc(SYS_unlink, "t");
	sc(SYS_unlink, "d/a");
	sc(SYS_rmdir, "d/b");
	is(sc(SYS_rmdir, "d"), 0, "every name removed: rmdir d");
}

/* execve finds programs by the same walk: written at run time, via a link. */
static void test_exec(void)
{
	char *argv[] = { "exec-helper", "argv", "one", "two words", "", NULL };
	char *envp[] = { NULL };
	int status = -1;
	pid_t pid;

	is(copy_file(sibling_path("exec-helper"), "prog", 0755), 0,
	   "copy a program into the directory");
	sc(SYS_symlink, "prog", "plink");
	pid = fork();
	if (pid == 0) {
		execve("plink", argv, envp);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "execve through a symlink runs the copy (status %#x)", status);
	sc(SYS_close, sc(SYS_openat, AT_FDCWD, "noexec", O_CREAT | O_RDWR, 0644));
	is(sc(SYS_execve, "noexec", argv, envp), -EACCES,
	   "execve of a file with no x bit: EACCES");
	is(sc(SYS_execve, ".", argv, envp), -EACCES,
	   "execve of a directory: EACCES");
	sc(SYS_unlink, "noexec");
	sc(SYS_unlink, "plink");
	sc(SYS_unlink, "prog");
}

void suite_file(void)
{
	tap_plan(160);
	sc(SYS_mkdir, "/tmp", 01777);	/* Nook's root has no /tmp yet */
	strcpy(dir, "/tmp/nookfile.XXXXXX");
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	test_cwd();
	test_fork_copies_cwd();
	test_clone_fs();
	test_chroot();
	test_open_errors();
	test_read_write();
	test_getdents();
	test_stat_links();
	test_statx();
	test_names();
	test_exec();
	sc(SYS_chdir, "/");
	is(sc(SYS_rmdir, dir), 0, "the test directory is empty at the end");
}

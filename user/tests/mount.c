/*
 * mount.c — mount(2) and umount2(2) as their man pages and Linux say:
 * new tmpfs mounts and their options, bind mounts (MS_BIND, MS_REC),
 * remounts (MS_RDONLY makes writes fail with EROFS), MS_NOEXEC, moves,
 * lazy (MNT_DETACH), forced and expiring unmounts, getcwd in a cwd no
 * name reaches ("(unreachable)"), and one check per
 * error case (ENODEV, ENOENT, ENOTDIR, EBUSY, EINVAL, EFAULT,
 * ENAMETOOLONG). Everything happens under a fresh directory in /tmp; on
 * the host the suite runs as root in a private mount namespace
 * (tools/host_user.py), so nothing it mounts is seen outside.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#ifndef MNT_EXPIRE
#define MNT_EXPIRE	4
#endif
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW	8
#endif

static char base[64];

static const char *P(const char *rel)
{
	return path_in(base, rel);
}

static long mnt(const char *src, const char *rel, const char *type,
		unsigned long flags, const char *data)
{
	return sc(SYS_mount, src, P(rel), type, flags, data);
}

static long umnt(const char *rel, int flags)
{
	return sc(SYS_umount2, P(rel), flags);
}

static int put_file(const char *path, const char *text)
{
	int fd = sc(SYS_openat, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC,
		    0644);
	long n;

	if (fd < 0)
		return fd;
	n = sc(SYS_write, fd, text, strlen(text));
	sc(SYS_close, fd);
	return n == (long)strlen(text) ? 0 : -1;
}

/* The first bytes of path, NUL-terminated, or "" when it cannot be read. */
static const char *get_file(const char *path)
{
	static char buf[64];
	int fd = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
	long n = fd < 0 ? 0 : sc(SYS_read, fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		sc(SYS_close, fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static bool exists(const char *path)
{
	struct stat st;

	return sc(SYS_newfstatat, AT_FDCWD, path, &st, 0) == 0;
}

static unsigned long dev_of(const char *path)
{
	struct stat st;

	if (sc(SYS_newfstatat, AT_FDCWD, path, &st, 0))
		return 0;
	return st.st_dev;
}

/* A new tmpfs shows its own empty root, and goes with umount. */
static void test_new_mount(void)
{
	struct stat st;

	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	ok(dev_of(P("a")) != dev_of(base),
	   "the mount's root has a device of its own");
	is(put_file(P("a/f"), "hello"), 0, "a file can be made on it");
	ok(!strcmp(get_file(P("a/f")), "hello"), "and read back");
	is(umnt("a", 0), 0, "umount2 a");
	ok(!exists(P("a/f")), "the file went with the mount");
	ok(dev_of(P("a")) == dev_of(base), "a is the plain directory again");

	is(mnt("x", "a", "tmpfs", 0, "mode=0700,size=8k"), 0,
	   "mount with mode= and size=");
	sc(SYS_newfstatat, AT_FDCWD, P("a"), &st, 0);
	is(st.st_mode, S_IFDIR | 0700, "mode= is the root's mode");
	{
		static char page[12288];
		int fd = sc(SYS_openat, AT_FDCWD, P("a/big"),
			    O_CREAT | O_WRONLY, 0644);

		is(sc(SYS_write, fd, page, sizeof(page)), 8192,
		   "size=8k: a 12 KiB write stops after 8 KiB");
		is(sc(SYS_write, fd, page, 1), -ENOSPC,
		   "size=8k: the next write is ENOSPC");
		sc(SYS_close, fd);
	}
	is(mnt(NULL, "a", NULL, MS_REMOUNT, "size=4k"), -EINVAL,
	   "remount size= below what is used: EINVAL");
	is(mnt(NULL, "a", NULL, MS_REMOUNT, "size=16k"), 0,
	   "remount with a bigger size=");
	{
		int fd = sc(SYS_openat, AT_FDCWD, P("a/big"), O_WRONLY | O_APPEND);

		is(sc(SYS_write, fd, "x", 1), 1, "the next write fits now");
		sc(SYS_close, fd);
	}
	is(umnt("a", 0), 0, "umount2 it");

	is(mnt("none", "a", "tmpfs", 0, "bogus=1"), -EINVAL,
	   "an unknown tmpfs option: EINVAL");
	is(mnt("none", "a", "tmpfs", 0, "size=lots"), -EINVAL,
	   "a bad size=: EINVAL");
	is(mnt("none", "a", "tmpfs", MS_MGC_VAL, NULL), 0,
	   "the old magic MS_MGC_VAL in the top bits is ignored");
	is(umnt("a", 0), 0, "umount2 it");
}

static void test_mount_errors(void)
{
	static char longname[PATH_MAX + 16];

	is(mnt("none", "a", "nosuchfs", 0, NULL), -ENODEV,
	   "an unknown filesystem type: ENODEV");
	is(mnt("none", "a", NULL, 0, NULL), -EINVAL,
	   "no type for a new mount: EINVAL");
	is(mnt("none", "nowhere", "tmpfs", 0, NULL), -ENOENT,
	   "a target that does not exist: ENOENT");
	is(mnt("none", "f/x", "tmpfs", 0, NULL), -ENOTDIR,
	   "a target below a file: ENOTDIR");
	is(mnt("none", "f", "tmpfs", 0, NULL), -ENOTDIR,
	   "a directory's filesystem on a file: ENOTDIR");
	is(sc(SYS_mount, "none", BAD_USER_ADDR, "tmpfs", 0, NULL), -EFAULT,
	   "a bad target pointer: EFAULT");
	is(sc(SYS_mount, "none", P("a"), BAD_USER_ADDR, 0, NULL), -EFAULT,
	   "a bad type pointer: EFAULT");
	is(sc(SYS_mount, BAD_USER_ADDR, P("a"), "tmpfs", 0, NULL), -EFAULT,
	   "a bad source pointer: EFAULT");
	is(sc(SYS_mount, "none", P("a"), "tmpfs", 0, BAD_USER_ADDR), -EFAULT,
	   "a bad data pointer: EFAULT");
	is(sc(SYS_mount, "none", P("a"), "tmpfs", 0, KERNEL_ADDR), -EFAULT,
	   "data at a kernel address: EFAULT");
	memset(longname, 'x', PATH_MAX + 8);
	is(sc(SYS_mount, "none", longname, "tmpfs", 0, NULL), -ENAMETOOLONG,
	   "a target of PATH_MAX bytes: ENAMETOOLONG");
	is(sc(SYS_mount, "none", P("a"), longname, 0, NULL), -EINVAL,
	   "a type string longer than PATH_MAX: EINVAL");
	is(mnt("none", "a", "tmpfs", MS_NOUSER, NULL), -EINVAL,
	   "MS_NOUSER: EINVAL");
}

static void test_umount_errors(void)
{
	is(umnt("b", 0), -EINVAL, "umount2 of a directory that is no mount: EINVAL");
	is(umnt("nowhere", 0), -ENOENT, "umount2 of nothing: ENOENT");
	is(sc(SYS_umount2, BAD_USER_ADDR, 0), -EFAULT,
	   "umount2 with a bad pointer: EFAULT");
	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	is(umnt("a", 0x100), -EINVAL, "umount2 with an unknown flag: EINVAL");
	is(umnt("a", MNT_EXPIRE | MNT_DETACH), -EINVAL,
	   "MNT_EXPIRE with MNT_DETACH: EINVAL");
	is(umnt("a", MNT_EXPIRE | MNT_FORCE), -EINVAL,
	   "MNT_EXPIRE with MNT_FORCE: EINVAL");
	sc(SYS_mkdir, P("a/d"), 0755);
	is(umnt("a/d", 0), -EINVAL,
	   "umount2 of a directory inside a mount: EINVAL");
	is(umnt("a", MNT_EXPIRE), -EAGAIN,
	   "MNT_EXPIRE on an idle mount: EAGAIN, marked");
	is(umnt("a", MNT_EXPIRE), 0, "MNT_EXPIRE again: unmounted");
	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	is(umnt("a", MNT_FORCE), 0, "MNT_FORCE on an idle tmpfs unmounts it");
}

/* A mount in use is busy; MNT_DETACH takes it away all the same. */
static void test_busy_and_detach(void)
{
	char buf[8] = "";
	int fd;

	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	put_file(P("a/f"), "kept");
	fd = sc(SYS_openat, AT_FDCWD, P("a/f"), O_RDONLY);
	is(umnt("a", 0), -EBUSY, "umount2 while a file is open there: EBUSY");
	sc(SYS_close, fd);
	sc(SYS_chdir, P("a"));
	is(umnt("a", 0), -EBUSY, "umount2 while the cwd is there: EBUSY");
	sc(SYS_chdir, "/");
	sc(SYS_mkdir, P("a/sub"), 0755);
	is(mnt("none", "a/sub", "tmpfs", 0, NULL), 0, "a mount below it");
	is(umnt("a", 0), -EBUSY, "umount2 with a mount below: EBUSY");
	is(umnt("a/sub", 0), 0, "umount2 the one below");

	fd = sc(SYS_openat, AT_FDCWD, P("a/f"), O_RDONLY);
	is(mnt("none", "a/sub", "tmpfs", 0, NULL), 0, "a mount below again");
	is(umnt("a", MNT_DETACH), 0,
	   "MNT_DETACH with an open file and a mount below: unmounted");
	ok(!exists(P("a/f")) && !exists(P("a/sub")),
	   "the names are gone at once");
	is(sc(SYS_read, fd, buf, sizeof(buf) - 1), 4,
	   "the open file still reads its data");
	ok(!strcmp(buf, "kept"), "its own data (%s)", buf);
	sc(SYS_close, fd);
}

/* The newest of several mounts on one place is the one seen. */
static void test_stacked(void)
{
	is(mnt("one", "a", "tmpfs", 0, NULL), 0, "mount a first tmpfs");
	put_file(P("a/f"), "first");
	is(mnt("two", "a", "tmpfs", 0, NULL), 0, "mount a second on top");
	ok(!exists(P("a/f")), "the second hides the first's files");
	is(umnt("a", 0), 0, "umount2 takes the top one");
	ok(!strcmp(get_file(P("a/f")), "first"), "the first shows again");
	is(umnt("a", 0), 0, "umount2 the first");
}

static void test_bind(void)
{
	struct stat s1, s2;

	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	put_file(P("a/f"), "bound");
	sc(SYS_mkdir, P("a/sub"), 0755);
	is(mnt("none", "a/sub", "tmpfs", 0, NULL), 0, "and one on a/sub");
	put_file(P("a/sub/g"), "deep");

	is(mnt(P("a"), "b", NULL, MS_BIND, NULL), 0, "MS_BIND a on b");
	ok(!strcmp(get_file(P("b/f")), "bound"), "b shows a's files");
	sc(SYS_newfstatat, AT_FDCWD, P("a/f"), &s1, 0);
	sc(SYS_newfstatat, AT_FDCWD, P("b/f"), &s2, 0);
	ok(s1.st_dev == s2.st_dev && s1.st_ino == s2.st_ino,
	   "the same file: same st_dev and st_ino");
	ok(!exists(P("b/sub/g")), "without MS_REC the mount below is not copied");
	is(umnt("b", 0), 0, "umount2 b");
	ok(!strcmp(get_file(P("a/f")), "bound"), "a is still there");

	is(mnt(P("a"), "b", NULL, MS_BIND | MS_REC, NULL), 0,
	   "MS_BIND|MS_REC a on b");
	ok(!strcmp(get_file(P("b/sub/g")), "deep"),
	   "with MS_REC the mount below comes along");
	is(umnt("b", 0), -EBUSY, "the copy has a mount below it: EBUSY");
	is(umnt("b/sub", 0), 0, "umount2 b/sub");
	ok(!strcmp(get_file(P("a/sub/g")), "deep"), "a/sub is untouched");
	is(umnt("b", 0), 0, "umount2 b");

	is(mnt(P("a/f"), "f", NULL, MS_BIND, NULL), 0,
	   "MS_BIND a file on a file");
	ok(!strcmp(get_file(P("f")), "bound"), "the file shows the other's data");
	is(umnt("f", 0), 0, "umount2 the file");
	is(mnt(P("a/f"), "b", NULL, MS_BIND, NULL), -ENOTDIR,
	   "MS_BIND a file on a directory: ENOTDIR");
	is(mnt(NULL, "b", NULL, MS_BIND, NULL), -EINVAL,
	   "MS_BIND with no source: EINVAL");
	is(mnt(P("nowhere"), "b", NULL, MS_BIND, NULL), -ENOENT,
	   "MS_BIND of nothing: ENOENT");
	is(umnt("a/sub", 0), 0, "umount2 a/sub");
	is(umnt("a", 0), 0, "umount2 a");
}

/* MS_RDONLY makes every write through the mount fail with EROFS. */
static void test_readonly(void)
{
	struct statfs before, after;
	int fd;

	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	put_file(P("a/f"), "data");
	sc(SYS_mkdir, P("a/d"), 0755);
	fd = sc(SYS_openat, AT_FDCWD, P("a/f"), O_WRONLY);
	is(mnt(NULL, "a", NULL, MS_REMOUNT | MS_RDONLY, NULL), -EBUSY,
	   "remount read-only with a file open for writing: EBUSY");
	sc(SYS_statfs, P("a"), &before);
	is(mnt(NULL, "a", NULL, MS_REMOUNT | MS_RDONLY, "size=1m"), -EBUSY,
	   "the same with new options: EBUSY");
	sc(SYS_statfs, P("a"), &after);
	ok(before.f_blocks == after.f_blocks && before.f_blocks != 256,
	   "... and the options did not take (%llu blocks, was %llu)",
	   (unsigned long long)after.f_blocks,
	   (unsigned long long)before.f_blocks);
	sc(SYS_close, fd);
	is(mnt(NULL, "a", NULL, MS_REMOUNT | MS_RDONLY, NULL), 0,
	   "MS_REMOUNT|MS_RDONLY");
	is(sc(SYS_openat, AT_FDCWD, P("a/new"), O_CREAT | O_WRONLY, 0644),
	   -EROFS, "create on it: EROFS");
	is(sc(SYS_openat, AT_FDCWD, P("a/f"), O_WRONLY), -EROFS,
	   "open a file for writing: EROFS");
	is(sc(SYS_openat, AT_FDCWD, P("a/f"), O_RDONLY | O_TRUNC), -EROFS,
	   "O_TRUNC: EROFS");
	ok(!strcmp(get_file(P("a/f")), "data"), "reading still works");
	fd = sc(SYS_openat, AT_FDCWD, P("a/f"), O_CREAT | O_RDONLY, 0644);
	ok(fd >= 0, "O_CREAT of a name that exists, to read: allowed");
	sc(SYS_close, fd);
	is(sc(SYS_mkdir, P("a/e"), 0755), -EROFS, "mkdir: EROFS");
	is(sc(SYS_mkdir, P("a/d"), 0755), -EEXIST,
	   "mkdir of a name that exists: EEXIST first");
	is(sc(SYS_unlink, P("a/f")), -EROFS, "unlink: EROFS");
	is(sc(SYS_rmdir, P("a/d")), -EROFS, "rmdir: EROFS");
	is(sc(SYS_rename, P("a/f"), P("a/g")), -EROFS, "rename: EROFS");
	is(sc(SYS_symlink, "f", P("a/l")), -EROFS, "symlink: EROFS");
	is(sc(SYS_link, P("a/f"), P("a/h")), -EROFS, "link: EROFS");
	is(sc(SYS_truncate, P("a/f"), 0), -EROFS, "truncate: EROFS");
	is(mnt(NULL, "a", NULL, MS_REMOUNT, NULL), 0, "MS_REMOUNT read-write");
	is(put_file(P("a/new"), "x"), 0, "writes work again");

	is(mnt(P("a"), "b", NULL, MS_BIND, NULL), 0, "MS_BIND a on b");
	is(mnt(NULL, "b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0,
	   "MS_REMOUNT|MS_BIND|MS_RDONLY: only b is read-only");
	is(put_file(P("b/new2"), "x"), -EROFS, "a write through b: EROFS");
	is(put_file(P("a/new2"), "x"), 0, "a write through a works");
	is(umnt("b", 0), 0, "umount2 b");
	is(mnt(NULL, "a/d", NULL, MS_REMOUNT, NULL), -EINVAL,
	   "MS_REMOUNT of a directory that is no mount's root: EINVAL");
	is(mnt(NULL, "b", NULL, MS_REMOUNT | MS_BIND, NULL), -EINVAL,
	   "MS_REMOUNT|MS_BIND of no mount: EINVAL");
	is(umnt("a", 0), 0, "umount2 a");

	is(mnt("none", "a", "tmpfs", MS_RDONLY, NULL), 0,
	   "a new mount with MS_RDONLY");
	is(put_file(P("a/f"), "x"), -EROFS, "is read-only from the start");
	is(umnt("a", 0), 0, "umount2 a");
}

static int run_prog(const char *path)
{
	char *argv[] = { "exec-helper", "exit", "7", NULL };
	char *envp[] = { NULL };
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, argv, envp);
		_exit(errno == EACCES ? 13 : 127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_noexec(void)
{
	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	is(copy_file(sibling_path("exec-helper"), P("a/prog"), 0755), 0,
	   "copy a program onto it");
	is(run_prog(P("a/prog")), 7, "it runs from there");
	is(mnt(P("a"), "b", NULL, MS_BIND, NULL), 0, "MS_BIND a on b");
	is(mnt(NULL, "b", NULL, MS_REMOUNT | MS_BIND | MS_NOEXEC, NULL), 0,
	   "make b MS_NOEXEC");
	is(run_prog(P("b/prog")), 13, "execve through b: EACCES");
	is(run_prog(P("a/prog")), 7, "through a it still runs");
	is(umnt("b", 0), 0, "umount2 b");
	is(umnt("a", 0), 0, "umount2 a");
	is(mnt("none", "a", "tmpfs", MS_NOEXEC | MS_NOSUID | MS_NODEV, NULL), 0,
	   "a new mount with MS_NOEXEC|MS_NOSUID|MS_NODEV");
	copy_file(sibling_path("exec-helper"), P("a/prog"), 0755);
	is(run_prog(P("a/prog")), 13, "execve there: EACCES");
	is(umnt("a", 0), 0, "umount2 a");
}

/* MS_MOVE, MS_PRIVATE and the symlink rules of umount2. */
static void test_move_and_links(void)
{
	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	put_file(P("a/f"), "moved");
	sc(SYS_mkdir, P("a/sub"), 0755);
	is(mnt(P("a"), "b", NULL, MS_MOVE, NULL), 0, "MS_MOVE a to b");
	ok(!exists(P("a/f")) && !strcmp(get_file(P("b/f")), "moved"),
	   "the mount is at b now, not at a");
	is(mnt(P("b"), "b/sub", NULL, MS_MOVE, NULL), -ELOOP,
	   "MS_MOVE a mount below itself: ELOOP");
	is(mnt(P("a"), "b/sub", NULL, MS_MOVE, NULL), -EINVAL,
	   "MS_MOVE of a directory that is no mount: EINVAL");
	/* onto a removed directory (our cwd): no name could reach the mount */
	sc(SYS_mkdir, P("gone"), 0755);
	sc(SYS_chdir, P("gone"));
	sc(SYS_rmdir, P("gone"));
	is(sc(SYS_mount, P("b"), ".", NULL, MS_MOVE, NULL), -ENOENT,
	   "MS_MOVE onto a removed directory: ENOENT");
	is(sc(SYS_mount, "none", ".", "tmpfs", 0, NULL), -ENOENT,
	   "a new mount on a removed directory: ENOENT");
	sc(SYS_chdir, "/");
	is(mnt(NULL, "b", NULL, MS_PRIVATE, NULL), 0, "MS_PRIVATE on a mount");
	is(mnt(NULL, "b/sub", NULL, MS_PRIVATE, NULL), -EINVAL,
	   "MS_PRIVATE on a directory that is no mount: EINVAL");
	is(mnt(NULL, "b", NULL, MS_PRIVATE | MS_SLAVE, NULL), -EINVAL,
	   "two propagation types at once: EINVAL");

	sc(SYS_symlink, "b", P("lnk"));
	is(umnt("lnk", UMOUNT_NOFOLLOW), -EINVAL,
	   "UMOUNT_NOFOLLOW on a symlink to a mount: EINVAL (the link is no mount)");
	is(umnt("lnk", 0), 0, "umount2 through the symlink follows it");
	ok(!exists(P("b/f")), "b is unmounted");
	sc(SYS_unlink, P("lnk"));
}

/* getcwd(2) and readlink of /proc/self/cwd; the name's length, or -errno. */
static long cwd_of(char *buf, size_t size)
{
	return sc(SYS_getcwd, buf, size);
}

static const char *link_of(const char *path)
{
	static char buf[128];
	long n = sc(SYS_readlinkat, AT_FDCWD, path, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/*
 * getcwd(3)'s NOTES: a cwd no name reaches from the caller's root (its
 * mount was lazily unmounted) is shown as "(unreachable)" and the path
 * from the top of its own detached tree; the readlink of
 * /proc/self/cwd (d_path) shows that path without the prefix.
 */
static void test_unreachable_cwd(void)
{
	char buf[128];
	int fd;

	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	sc(SYS_mkdir, P("a/sub"), 0755);
	sc(SYS_mkdir, P("a/sub/deep"), 0755);
	sc(SYS_mkdir, P("a/m"), 0755);
	is(mnt("none", "a/m", "tmpfs", 0, NULL), 0, "and one on a/m");
	sc(SYS_mkdir, P("a/m/d"), 0755);
	fd = sc(SYS_openat, AT_FDCWD, P("a/m/d"), O_RDONLY | O_DIRECTORY);
	sc(SYS_chdir, P("a"));
	is(umnt("a", MNT_DETACH), 0, "MNT_DETACH a while it is the cwd");
	is(cwd_of(buf, sizeof(buf)), 15,
	   "getcwd at the detached mount's root: 15, the NUL counted");
	ok(!strcmp(buf, "(unreachable)/"), "... \"(unreachable)/\" (%s)", buf);
	ok(!strcmp(link_of("/proc/self/cwd"), "/"),
	   "readlink /proc/self/cwd says \"/\" (%s)", link_of("/proc/self/cwd"));
	is(cwd_of(buf, 15), 15, "a buffer of exactly 15 bytes is enough");
	is(cwd_of(buf, 14), -ERANGE, "one byte less: ERANGE");
	sc(SYS_chdir, "sub/deep");
	is(cwd_of(buf, sizeof(buf)), 23, "getcwd deeper in it: 23");
	ok(!strcmp(buf, "(unreachable)/sub/deep"),
	   "... \"(unreachable)/sub/deep\" (%s)", buf);
	sc(SYS_fchdir, fd);
	ok(cwd_of(buf, sizeof(buf)) == 16 && !strcmp(buf, "(unreachable)/d"),
	   "fchdir into a mount that was below it: \"(unreachable)/d\" (%s)",
	   buf);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
	ok(!strcmp(link_of(buf), "/d"), "its fd's link says \"/d\" (%s)",
	   link_of(buf));
	sc(SYS_chdir, "/");
	sc(SYS_close, fd);
}

/* The chroot cases: each in a child, which reports the line that failed. */
static void child_cwd_above_root(void)
{
	char buf[128], want[128];

	CHECK(!sc(SYS_chdir, P("a")));
	CHECK(!sc(SYS_chroot, P("a/sub")));
	snprintf(want, sizeof(want), "(unreachable)%s", P("a"));
	CHECK(cwd_of(buf, sizeof(buf)) == (long)strlen(want) + 1);
	CHECK(!strcmp(buf, want));
	CHECK(!sc(SYS_chdir, ".."));
	snprintf(want, sizeof(want), "(unreachable)%s", base);
	CHECK(cwd_of(buf, sizeof(buf)) == (long)strlen(want) + 1);
	CHECK(!strcmp(buf, want));
}

static void child_root_detached_too(void)
{
	char buf[16];

	CHECK(!sc(SYS_chdir, P("a")));
	CHECK(!sc(SYS_chroot, "."));
	CHECK(!sc(SYS_umount2, ".", MNT_DETACH));
	CHECK(!sc(SYS_chdir, "sub"));
	CHECK(cwd_of(buf, sizeof(buf)) == 5);
	CHECK(!strcmp(buf, "/sub"));
}

static void test_unreachable_chroot(void)
{
	is(mnt("none", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	sc(SYS_mkdir, P("a/sub"), 0755);
	is(in_child(child_cwd_above_root), 0,
	   "chroot below the cwd's mount: getcwd says \"(unreachable)\" "
	   "and the whole path, before and after ..");
	is(in_child(child_root_detached_too), 0,
	   "root and cwd in one detached mount: getcwd says \"/sub\"");
	is(umnt("a", 0), -EINVAL, "the child's MNT_DETACH took a away");
}

#define NR_MANY	200

/* All of a /proc file, read chunk bytes at a time; its length or -errno. */
static long read_in(int fd, char *buf, size_t size, size_t chunk)
{
	long got = 0, n;

	while ((size_t)got < size - 1 &&
	       (n = sc(SYS_read, fd, buf + got,
		       chunk < size - 1 - got ? chunk : size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	return n < 0 ? n : got;
}

static long read_proc(const char *path, char *buf, size_t size, size_t chunk)
{
	int fd = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
	long n;

	if (fd < 0)
		return fd;
	n = read_in(fd, buf, size, chunk);
	sc(SYS_close, fd);
	return n;
}

/* How many lines of text have src as their first field. */
static int lines_of(const char *text, const char *src)
{
	size_t len = strlen(src);
	int n = 0;

	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		if (!strncmp(l, src, len) && l[len] == ' ')
			n++;
		if (!strchr(l, '\n'))
			break;
	}
	return n;
}

static const char *many(int i)
{
	static char name[64];

	if (i < 0)
		snprintf(name, sizeof(name), "many/new");
	else
		snprintf(name, sizeof(name), "many/%d", i);
	return name;
}

static const char *src_of(int i)
{
	static char name[32];

	snprintf(name, sizeof(name), i < 0 ? "nookmany-new" : "nookmany%d", i);
	return name;
}

/*
 * /proc/self/mounts and mountinfo walk the mount list with a cursor
 * (Linux: m_start/m_next): a read in 17-byte pieces gives the same text
 * as one read, and mounts made or removed between two reads never make
 * the walk skip or repeat a line. Linux fills its buffer a record at a
 * time, so a mount made mid-read is still seen at the end.
 */
static void test_mounts_walk(void)
{
	static char one[1 << 18], small[1 << 18];
	int i, fd, once = 0;
	long n;

	sc(SYS_mkdir, P("many"), 0755);
	for (i = 0; i < NR_MANY; i++) {
		sc(SYS_mkdir, P(many(i)), 0755);
		if (mnt(src_of(i), many(i), "tmpfs", 0, NULL))
			break;
	}
	is(i, NR_MANY, "mount %d tmpfs instances", NR_MANY);
	n = read_proc("/proc/self/mounts", one, sizeof(one), sizeof(one));
	ok(n > 0 && read_proc("/proc/self/mounts", small, sizeof(small), 17) == n &&
	   !strcmp(one, small),
	   "/proc/self/mounts in 17-byte reads is the text of one read");
	for (i = 0; i < NR_MANY; i++)
		once += lines_of(one, src_of(i)) == 1;
	is(once, NR_MANY, "each of them is in it once");
	n = read_proc("/proc/self/mountinfo", one, sizeof(one), sizeof(one));
	ok(n > 0 &&
	   read_proc("/proc/self/mountinfo", small, sizeof(small), 17) == n &&
	   !strcmp(one, small), "so is /proc/self/mountinfo");

	/* read up to the line of mount 10, then change the tree */
	fd = sc(SYS_openat, AT_FDCWD, "/proc/self/mounts", O_RDONLY);
	n = 0;
	small[0] = '\0';
	while (lines_of(small, src_of(10)) == 0) {
		long got = sc(SYS_read, fd, small + n, 17);

		if (got <= 0)
			break;
		n += got;
		small[n] = '\0';
	}
	is(lines_of(small, src_of(10)), 1, "read up to mount 10's line");
	is(umnt(many(5), 0), 0, "umount2 mount 5, read already");
	is(umnt(many(150), 0), 0, "umount2 mount 150, not read yet");
	sc(SYS_mkdir, P(many(-1)), 0755);
	is(mnt(src_of(-1), many(-1), "tmpfs", 0, NULL), 0, "mount a new one");
	n = read_in(fd, small + n, sizeof(small) - n, 17);
	sc(SYS_close, fd);
	for (i = once = 0; i < NR_MANY; i++)
		once += lines_of(small, src_of(i)) == (i == 150 ? 0 : 1);
	is(once, NR_MANY,
	   "the rest of the read: every line once, mount 150 not at all");
	is(lines_of(small, src_of(-1)), 1, "and the new mount once, at the end");

	umnt(many(-1), 0);
	sc(SYS_rmdir, P(many(-1)));
	for (i = 0; i < NR_MANY; i++) {
		umnt(many(i), 0);
		sc(SYS_rmdir, P(many(i)));
	}
	is(sc(SYS_rmdir, P("many")), 0, "all of them unmounted and removed");
}

/* The mount point lines_of's src has in text (mounts' second field). */
static const char *where_of(const char *text, const char *src)
{
	static char where[128];
	size_t len = strlen(src);

	for (const char *l = text; l && *l; l = strchr(l, '\n')) {
		l += *l == '\n';
		if (!strncmp(l, src, len) && l[len] == ' ' &&
		    sscanf(l + len + 1, "%127s", where) == 1)
			return where;
	}
	return "";
}

static int count_of(const char *text, const char *needle)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/*
 * /proc/PID/mounts and mountinfo show the tree from PID's root, taken
 * when the file is opened (Linux: mounts_open_common): mount points
 * under it by their names from there, mounts outside it not at all.
 * A process that has exited has none to show (EINVAL); a file opened
 * before it exited still reads.
 */
static void test_mounts_of_chrooted(void)
{
	static char text[1 << 16];
	char path[64], c;
	int p[2], fd, fd2, status;
	pid_t pid;

	is(mnt("nookin", "a", "tmpfs", 0, NULL), 0, "mount a tmpfs on a");
	sc(SYS_mkdir, P("a/s"), 0755);
	is(mnt("nookinsub", "a/s", "tmpfs", 0, NULL), 0, "and one on a/s");
	is(mnt("nookout", "b", "tmpfs", 0, NULL), 0, "and one on b");
	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		if (chroot(P("a")) == 0 && chdir("/") == 0)
			sc(SYS_write, p[1], "x", 1);
		pause();
		_exit(0);
	}
	ok(read(p[0], &c, 1) == 1, "a child chroots into a");
	snprintf(path, sizeof(path), "/proc/%d/mounts", (int)pid);
	fd = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
	read_in(fd, text, sizeof(text), sizeof(text));
	ok(!strcmp(where_of(text, "nookin"), "/"),
	   "its mounts names a as / (%s)", where_of(text, "nookin"));
	ok(!strcmp(where_of(text, "nookinsub"), "/s"),
	   "and a/s as /s (%s)", where_of(text, "nookinsub"));
	is(lines_of(text, "nookout"), 0, "and leaves out b, outside its root");
	ok(!strstr(text, "(unreachable)") && lines_of(text, "rootfs") == 0,
	   "and everything else outside it");
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)pid);
	fd2 = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
	read_in(fd2, text, sizeof(text), sizeof(text));
	ok(count_of(text, " / / rw") == 1 && count_of(text, " / /s rw") == 1 &&
	   count_of(text, " nookout ") == 0,
	   "so does its mountinfo");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	sc(SYS_lseek, fd, 0, SEEK_SET);
	read_in(fd, text, sizeof(text), 17);
	ok(!strcmp(where_of(text, "nookinsub"), "/s"),
	   "the open file still reads after the process is gone");
	sc(SYS_close, fd);
	sc(SYS_close, fd2);
	close(p[0]);
	close(p[1]);

	pid = fork();
	if (pid == 0)
		_exit(0);
	snprintf(path, sizeof(path), "/proc/%d/mounts", (int)pid);
	for (int i = 0; i < 4000; i++) {	/* until it is a zombie: 20 s at most */
		char stat_path[64], buf[256] = "";
		int sfd;

		snprintf(stat_path, sizeof(stat_path), "/proc/%d/stat", (int)pid);
		sfd = sc(SYS_openat, AT_FDCWD, stat_path, O_RDONLY);
		if (sfd >= 0) {
			sc(SYS_read, sfd, buf, sizeof(buf) - 1);
			sc(SYS_close, sfd);
		}
		if (strstr(buf, ") Z "))
			break;
		sleep_ms(5);
	}
	is(sc(SYS_openat, AT_FDCWD, path, O_RDONLY), -EINVAL,
	   "a zombie's mounts: EINVAL");
	waitpid(pid, &status, 0);
	is(umnt("b", 0), 0, "umount2 b");
	is(umnt("a/s", 0), 0, "umount2 a/s");
	is(umnt("a", 0), 0, "umount2 a");
}

void suite_mount(void)
{
	tap_plan(181);
	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(base, "/tmp/nookmnt.XXXXXX");
	if (!mkdtemp(base)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	sc(SYS_mkdir, P("a"), 0755);
	sc(SYS_mkdir, P("b"), 0755);
	put_file(P("f"), "plain");
	test_new_mount();
	test_mount_errors();
	test_umount_errors();
	test_busy_and_detach();
	test_stacked();
	test_bind();
	test_readonly();
	test_noexec();
	test_move_and_links();
	test_unreachable_cwd();
	test_unreachable_chroot();
	test_mounts_walk();
	test_mounts_of_chrooted();
	sc(SYS_unlink, P("f"));
	sc(SYS_rmdir, P("a"));
	sc(SYS_rmdir, P("b"));
	is(sc(SYS_rmdir, base), 0, "the test directory is empty at the end");
}

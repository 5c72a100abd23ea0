/*
 * perm.c — file permissions checked against the caller's credentials
 * (path_resolution(7), open(2), access(2), execve(2), chmod(2),
 * chown(2), utimensat(2), and inode(7)'s set-user-ID, set-group-ID and
 * sticky bits): a child that drops to uid 1000 meets EACCES and EPERM
 * where Linux gives them; root passes by CAP_DAC_OVERRIDE, CAP_FOWNER
 * and CAP_CHOWN, except that it too needs an x bit to execute.
 *
 * Everything happens in a fresh directory under /tmp (mode 0755, so
 * that uid 1000 may search it). Children report through their exit
 * status: 0, or the line of the first failing CHECK.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define AT_EACCESS	0x200
#define USER		1000	/* the unprivileged uid and gid */

static char dir[64];

/* Become uid and gid USER, with supplementary group 50 only. */
static void drop_to_user(void)
{
	unsigned int groups[1] = { 50 };

	CHECK(sc(SYS_setgroups, 1, groups) == 0);
	CHECK(sc(SYS_setresgid, USER, USER, USER) == 0);
	CHECK(sc(SYS_setresuid, USER, USER, USER) == 0);
}

/* A file of mode, owned by root, with a few bytes in it. */
static void make_file(const char *name, int mode)
{
	int fd = sc(SYS_openat, AT_FDCWD, name, O_CREAT | O_WRONLY | O_TRUNC,
		    0600);

	sc(SYS_write, fd, "data", 4);
	sc(SYS_close, fd);
	sc(SYS_chmod, name, mode);
}

static int mode_of(const char *name)
{
	struct stat st;

	if (sc(SYS_newfstatat, AT_FDCWD, name, &st, AT_SYMLINK_NOFOLLOW))
		return -1;
	return st.st_mode & 07777;
}

static int open_err(const char *name, int flags)
{
	long fd = sc(SYS_openat, AT_FDCWD, name, flags, 0644);

	if (fd >= 0) {
		sc(SYS_close, fd);
		return 0;
	}
	return fd;
}

/* A copy of exec-helper at name, mode mode: a program to run here. */
static int copy_helper(const char *name, int mode)
{
	char buf[8192];
	int in = open(sibling_path("exec-helper"), O_RDONLY), out;
	ssize_t n;

	if (in < 0)
		return -1;
	out = sc(SYS_openat, AT_FDCWD, name, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	close(out);
	return sc(SYS_chmod, name, mode);
}

static int run_helper(const char *path, const char *a1, const char *a2,
		      const char *a3, const char *a4, const char *a5,
		      const char *a6)
{
	char *argv[] = { "exec-helper", (char *)a1, (char *)a2, (char *)a3,
			 (char *)a4, (char *)a5, (char *)a6, NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		sc(SYS_execve, path, argv, NULL);
		_exit(98);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 200;
}

/* ---- root ---- */

static void test_root(void)
{
	char *argv[] = { "x", NULL };

	make_file("f0000", 0);
	is(open_err("f0000", O_RDWR), 0,
	   "root opens a mode 0000 file to read and write (CAP_DAC_OVERRIDE)");
	is(sc(SYS_access, "f0000", R_OK | W_OK), 0,
	   "access(R_OK|W_OK) of a 0000 file by root is 0");
	is(sc(SYS_access, "f0000", X_OK), -EACCES,
	   "access(X_OK) of a file with no x bit is EACCES even for root");
	is(sc(SYS_execve, "f0000", argv, NULL), -EACCES,
	   "root cannot execve a file with no x bit");
	is(copy_helper("prog", 0644), 0, "a copy of exec-helper, mode 0644");
	is(sc(SYS_execve, "prog", argv, NULL), -EACCES,
	   "root cannot execve a 0644 program");
	sc(SYS_chmod, "prog", 0744);
	is(run_helper("prog", "exit", "7", NULL, NULL, NULL, NULL), 7,
	   "root executes a 0744 program (one x bit suffices)");
	sc(SYS_mkdir, "d0000", 0);
	sc(SYS_mkdir, "d0000/sub", 0);
	is(sc(SYS_access, "d0000/sub", X_OK), 0,
	   "root searches a mode 0000 directory (CAP_DAC_READ_SEARCH)");
}

/* ---- root, one capability at a time ---- */

#define CAP_CHOWN		0
#define CAP_DAC_OVERRIDE	1
#define CAP_DAC_READ_SEARCH	2
#define CAP_FOWNER		3

/* Drop caps from the effective set (capset(2), version 3). */
static int drop_caps(unsigned long long caps)
{
	struct { unsigned int version; int pid; } h = { 0x20080522, 0 };
	struct { unsigned int e, p, i; } d[2];

	if (sc(SYS_capget, &h, d))
		return -1;
	d[0].e &= ~(unsigned int)caps;
	d[1].e &= ~(unsigned int)(caps >> 32);
	return sc(SYS_capset, &h, d);
}

/* CAP_DAC_READ_SEARCH alone: read files and search directories only. */
static void read_search_child(void)
{
	struct stat st;

	CHECK(drop_caps(1ULL << CAP_DAC_OVERRIDE) == 0);
	CHECK(open_err("f0000", O_RDONLY) == 0);
	CHECK(open_err("f0000", O_WRONLY) == -EACCES);
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "d0000/sub", &st, 0) == 0);
	CHECK(sc(SYS_mkdir, "d0000/new", 0755) == -EACCES);
	CHECK(drop_caps(1ULL << CAP_DAC_READ_SEARCH) == 0);
	CHECK(open_err("f0000", O_RDONLY) == -EACCES);
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "d0000/sub", &st, 0) == -EACCES);
}

/* Without CAP_FOWNER and CAP_CHOWN root is an ordinary non-owner. */
static void fowner_child(void)
{
	struct timespec t[2] = { { 1, 0 }, { 2, 0 } };

	CHECK(drop_caps((1ULL << CAP_FOWNER) | (1ULL << CAP_CHOWN)) == 0);
	CHECK(sc(SYS_chmod, "others", 0600) == -EPERM);
	CHECK(sc(SYS_utimensat, AT_FDCWD, "others", t, 0) == -EPERM);
	CHECK(sc(SYS_utimensat, AT_FDCWD, "others", NULL, 0) == 0); /* DAC_OVERRIDE */
	CHECK(sc(SYS_chown, "others", 0, -1) == -EPERM);
	CHECK(sc(SYS_chown, "f0000", 7, -1) == -EPERM);	/* even its own */
	CHECK(sc(SYS_chown, "f0000", -1, 7) == -EPERM);	/* not in group 7 */
	CHECK(sc(SYS_chown, "f0000", 0, 0) == 0);	/* no change: allowed */
	CHECK(sc(SYS_unlink, "sticky2/others") == -EPERM);
}

static void test_root_caps(void)
{
	make_file("others", 0644);
	sc(SYS_chown, "others", 4000, 4000);
	sc(SYS_mkdir, "sticky2", 0777);
	sc(SYS_chmod, "sticky2", 01777);
	sc(SYS_chown, "sticky2", 4001, 4001);	/* neither root's nor others' */
	make_file("sticky2/others", 0644);
	sc(SYS_chown, "sticky2/others", 4000, 4000);
	is(in_child(read_search_child), 0,
	   "CAP_DAC_READ_SEARCH reads and searches, never writes");
	is(in_child(fowner_child), 0,
	   "without CAP_FOWNER/CAP_CHOWN: chmod, times, chown, sticky EPERM");
	sc(SYS_unlink, "sticky2/others");
	sc(SYS_rmdir, "sticky2");
	sc(SYS_unlink, "others");
}

/* ---- uid 1000 meets the mode bits ---- */

static void user_open_child(void)
{
	drop_to_user();
	CHECK(open_err("f0600", O_RDONLY) == -EACCES);
	CHECK(open_err("f0600", O_WRONLY) == -EACCES);
	CHECK(open_err("f0644", O_RDONLY) == 0);
	CHECK(open_err("f0644", O_WRONLY) == -EACCES);
	CHECK(open_err("f0644", O_RDWR) == -EACCES);
	CHECK(open_err("f0644", O_RDONLY | O_TRUNC) == -EACCES);
	CHECK(open_err("f0644", O_RDONLY | O_NOATIME) == -EPERM);
	CHECK(open_err("f0666", O_RDWR | O_TRUNC) == 0);
	CHECK(sc(SYS_truncate, "f0644", 0) == -EACCES);
	CHECK(sc(SYS_access, "f0644", R_OK) == 0);
	CHECK(sc(SYS_access, "f0644", W_OK) == -EACCES);
	CHECK(sc(SYS_access, "f0600", F_OK) == 0);
	/* group bits: gid 50 is a supplementary group of ours */
	CHECK(open_err("g0460", O_RDWR) == 0);
	CHECK(open_err("g0406", O_RDONLY) == -EACCES);	/* others' bits unused */
}

static void user_dir_child(void)
{
	struct stat st;

	drop_to_user();
	/* d0700: no search, so nothing below it can be reached */
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "d0700/f", &st, 0) == -EACCES);
	CHECK(sc(SYS_chdir, "d0700") == -EACCES);
	/* d0711: search, not read */
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "d0711/f", &st, 0) == 0);
	CHECK(open_err("d0711", O_RDONLY | O_DIRECTORY) == -EACCES);
	CHECK(sc(SYS_chdir, "d0711") == 0);
	CHECK(sc(SYS_chdir, "..") == 0);
	/* chroot: search permission (EACCES) before CAP_SYS_CHROOT (EPERM) */
	CHECK(sc(SYS_chroot, "d0700") == -EACCES);
	CHECK(sc(SYS_chroot, "d0711") == -EPERM);
	/* creating and removing names needs write on the directory */
	CHECK(open_err("new", O_CREAT | O_WRONLY) == -EACCES);
	CHECK(sc(SYS_mkdir, "newdir", 0755) == -EACCES);
	CHECK(sc(SYS_symlink, "f0644", "newlink") == -EACCES);
	CHECK(sc(SYS_unlink, "f0644") == -EACCES);
	CHECK(sc(SYS_rename, "f0644", "moved") == -EACCES);
	CHECK(sc(SYS_rmdir, "d0711") == -EACCES);
	CHECK(sc(SYS_mkdir, "f0644", 0755) == -EEXIST);	/* EEXIST first */
	/* an existing file in an unwritable directory may still be opened */
	CHECK(open_err("f0666", O_CREAT | O_WRONLY) == 0);
	/* in the world-writable sticky directory: own names only */
	CHECK(open_err("sticky/mine", O_CREAT | O_WRONLY) == 0);
	CHECK(sc(SYS_rename, "sticky/mine", "sticky/mine2") == 0);
	CHECK(sc(SYS_unlink, "sticky/mine2") == 0);
	CHECK(sc(SYS_unlink, "sticky/roots") == -EPERM);
	CHECK(sc(SYS_rename, "sticky/roots", "sticky/x") == -EPERM);
	/* a directory without the sticky bit: anyone with write may */
	CHECK(sc(SYS_unlink, "open/roots") == 0);
}

static void test_user_files(void)
{
	make_file("f0600", 0600);
	make_file("f0644", 0644);
	make_file("f0666", 0666);
	make_file("g0460", 0460);
	sc(SYS_chown, "g0460", 0, 50);
	make_file("g0406", 0406);
	sc(SYS_chown, "g0406", 0, 50);
	is(in_child(user_open_child), 0,
	   "uid 1000 opens by the owner/group/other bits (EACCES, EPERM)");
	sc(SYS_mkdir, "d0700", 0700);
	make_file("d0700/f", 0644);
	sc(SYS_mkdir, "d0711", 0711);
	make_file("d0711/f", 0644);
	sc(SYS_mkdir, "sticky", 0777);
	sc(SYS_chmod, "sticky", 01777);
	make_file("sticky/roots", 0666);
	sc(SYS_mkdir, "open", 0777);
	sc(SYS_chmod, "open", 0777);
	make_file("open/roots", 0644);
	is(in_child(user_dir_child), 0,
	   "uid 1000: search, read and write on directories, the sticky bit");
	is(mode_of("sticky/roots"), 0666, "root's file in the sticky directory stays");
	is(mode_of("open/roots"), -1, "root's file in a 0777 directory was removed");
}

/* Files uid 1000 creates are its own: fsuid and fsgid. */
static void user_create_child(void)
{
	struct stat st;

	drop_to_user();
	CHECK(open_err("open/mine", O_CREAT | O_WRONLY) == 0);
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "open/mine", &st, 0) == 0);
	CHECK(st.st_uid == USER && st.st_gid == USER);
	/* a set-group-ID directory gives its group instead */
	CHECK(open_err("sgid/mine", O_CREAT | O_WRONLY) == 0);
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "sgid/mine", &st, 0) == 0);
	CHECK(st.st_uid == USER && st.st_gid == 77);
	CHECK(sc(SYS_mkdir, "sgid/sub", 0755) == 0);
	CHECK(sc(SYS_newfstatat, AT_FDCWD, "sgid/sub", &st, 0) == 0);
	CHECK(st.st_gid == 77 && (st.st_mode & S_ISGID));
	/* a directory moving to another parent needs write on itself */
	CHECK(sc(SYS_mkdir, "open/ud", 0555) == 0);
	CHECK(sc(SYS_mkdir, "open/other", 0777) == 0);
	CHECK(sc(SYS_rename, "open/ud", "open/other/ud") == -EACCES);
	CHECK(sc(SYS_rename, "open/ud", "open/ud2") == 0);
	CHECK(sc(SYS_rmdir, "open/ud2") == 0);
	CHECK(sc(SYS_rmdir, "open/other") == 0);
	/* a hard link is a new name: write on its directory */
	CHECK(sc(SYS_link, "open/mine", "lnk") == -EACCES);
	CHECK(sc(SYS_link, "open/mine", "open/lnk") == 0);
	CHECK(sc(SYS_unlink, "open/lnk") == 0);
	CHECK(sc(SYS_unlink, "open/mine") == 0);
	/* execute without read: enough to run a program */
	CHECK(run_helper("prog0711", "exit", "5", NULL, NULL, NULL, NULL) == 5);
	CHECK(open_err("prog0711", O_RDONLY) == -EACCES);
}

static void test_new_owner(void)
{
	copy_helper("prog0711", 0711);
	sc(SYS_mkdir, "sgid", 0777);
	sc(SYS_chown, "sgid", 0, 77);
	sc(SYS_chmod, "sgid", 02777);
	is(in_child(user_create_child), 0,
	   "new files get fsuid/fsgid (set-group-ID directories: theirs); rename, link, exec rules");
	is(mode_of("sgid"), 02777, "chmod 02777 of a directory by root keeps S_ISGID");
}

/* ---- chmod, chown ---- */

static void user_chmod_child(void)
{
	CHECK(sc(SYS_chmod, "mine", 0640) == 0);	/* as root first */
	drop_to_user();
	CHECK(sc(SYS_chmod, "f0644", 0666) == -EPERM);
	CHECK(sc(SYS_chmod, "mine", 0600) == 0);
	CHECK(mode_of("mine") == 0600);
	/* S_ISGID needs the file's group: ours (USER) keeps it ... */
	CHECK(sc(SYS_chmod, "mine", 02755) == 0);
	CHECK(mode_of("mine") == 02755);
	/* chown to another uid: EPERM; chgrp to one of our groups: fine */
	CHECK(sc(SYS_chown, "mine", 2000, -1) == -EPERM);
	CHECK(sc(SYS_chown, "mine", USER, -1) == 0);	/* to itself */
	CHECK(sc(SYS_chown, "mine", -1, 60) == -EPERM);
	CHECK(sc(SYS_chown, "mine", -1, 50) == 0);
	/* ... in group 50 we are still a member: kept again */
	CHECK(sc(SYS_chmod, "mine", 02755) == 0);
	CHECK((mode_of("mine") & S_ISGID));
	CHECK(sc(SYS_chown, "f0644", -1, 50) == -EPERM);	/* not ours */
	/* fchmod, fchown on an open descriptor */
	int fd = sc(SYS_openat, AT_FDCWD, "mine", O_RDONLY);
	CHECK(sc(SYS_fchmod, fd, 0640) == 0);
	CHECK(mode_of("mine") == 0640);
	CHECK(sc(SYS_fchown, fd, 2000, -1) == -EPERM);
	sc(SYS_close, fd);
}

static void test_chmod_chown(void)
{
	struct stat st;

	make_file("mine", 0644);
	sc(SYS_chown, "mine", USER, USER);
	is(in_child(user_chmod_child), 0,
	   "uid 1000: chmod only its own file, chown EPERM, chgrp to its groups");
	/* root: any file, any owner */
	is(sc(SYS_chown, "mine", 4242, 4343), 0, "root chowns to anyone");
	sc(SYS_newfstatat, AT_FDCWD, "mine", &st, 0);
	ok(st.st_uid == 4242 && st.st_gid == 4343, "stat shows the new owner");
	is(sc(SYS_chmod, "mine", 04755), 0, "root chmods another's file");
	is(sc(SYS_chown, "mine", -1, -1), 0, "chown(-1, -1) returns 0");
	is(mode_of("mine"), 0755, "chown, even root's, clears set-user-ID");
	sc(SYS_chmod, "mine", 02755);
	sc(SYS_chown, "mine", 1, -1);
	is(mode_of("mine"), 0755, "... and a group-executable set-group-ID");
	sc(SYS_chmod, "mine", 02745);
	sc(SYS_chown, "mine", 2, -1);
	is(mode_of("mine"), 02745, "... but not a set-group-ID without group x");
	sc(SYS_mkdir, "sdir", 0755);
	sc(SYS_chmod, "sdir", 06755);
	sc(SYS_chown, "sdir", 3, -1);
	is(mode_of("sdir"), 06755, "a directory's bits survive chown");
	is(sc(SYS_chown, "mine", -2, -1) == 0 ? 0 : 1, 0,
	   "chown to uid 4294967294 works (-1 alone is 'unchanged')");
	/* the calls' errors */
	is(sc(SYS_chmod, "nonesuch", 0644), -ENOENT, "chmod of a missing file: ENOENT");
	is(sc(SYS_chmod, "mine/x", 0644), -ENOTDIR, "chmod through a file: ENOTDIR");
	sc(SYS_symlink, "loop", "loop");
	is(sc(SYS_chmod, "loop", 0644), -ELOOP, "chmod of a symlink loop: ELOOP");
	is(sc(SYS_chmod, BAD_USER_ADDR, 0644), -EFAULT, "chmod with a bad name: EFAULT");
	is(sc(SYS_fchmod, -1, 0644), -EBADF, "fchmod of a bad fd: EBADF");
	is(sc(SYS_fchown, 999, 0, 0), -EBADF, "fchown of a bad fd: EBADF");
	is(sc(SYS_fchownat, AT_FDCWD, "mine", 0, 0, 0x4), -EINVAL,
	   "fchownat with an unknown flag: EINVAL");
	is(sc(SYS_lchown, "loop", 7, 8), 0, "lchown changes a symlink itself");
	sc(SYS_newfstatat, AT_FDCWD, "loop", &st, AT_SYMLINK_NOFOLLOW);
	ok(st.st_uid == 7 && st.st_gid == 8, "the link's owner is 7:8");
	is(sc(SYS_fchownat, AT_FDCWD, "mine", 0, 0, AT_SYMLINK_NOFOLLOW), 0,
	   "fchownat with AT_SYMLINK_NOFOLLOW");
	int fd = sc(SYS_openat, AT_FDCWD, "mine", O_RDONLY);
	is(sc(SYS_fchownat, fd, "", 5, 6, AT_EMPTY_PATH), 0,
	   "fchownat(fd, \"\", AT_EMPTY_PATH) changes the open file");
	sc(SYS_close, fd);
	sc(SYS_newfstatat, AT_FDCWD, "mine", &st, 0);
	ok(st.st_uid == 5 && st.st_gid == 6, "... to 5:6");
	is(sc(SYS_fchmodat, AT_FDCWD, "mine", 0600), 0, "fchmodat");
	is(mode_of("mine"), 0600, "... sets the mode");
}

/* A write or truncate by someone without CAP_FSETID drops set-user-ID. */
static void user_write_child(void)
{
	drop_to_user();
	int fd = sc(SYS_openat, AT_FDCWD, "suid", O_WRONLY);
	CHECK(fd >= 0);
	CHECK(mode_of("suid") == 04666);	/* opening is not writing */
	CHECK(sc(SYS_write, fd, "x", 1) == 1);
	CHECK(mode_of("suid") == 0666);
	CHECK(sc(SYS_truncate, "suid2", 1) == 0);
	CHECK(mode_of("suid2") == 0666);
	CHECK(open_err("suid3", O_WRONLY | O_TRUNC) == 0);
	CHECK(mode_of("suid3") == 0666);
	fd = sc(SYS_openat, AT_FDCWD, "suid4", O_WRONLY);
	CHECK(sc(SYS_ftruncate, fd, 0) == 0);
	CHECK(mode_of("suid4") == 0666);
}

static void test_write_kills_suid(void)
{
	int fd;

	make_file("suid", 04666);
	make_file("suid2", 04666);
	make_file("suid3", 04666);
	make_file("suid4", 04666);
	fd = sc(SYS_openat, AT_FDCWD, "suid", O_WRONLY);
	sc(SYS_write, fd, "y", 1);
	sc(SYS_close, fd);
	is(mode_of("suid"), 04666, "root's write keeps set-user-ID (CAP_FSETID)");
	is(in_child(user_write_child), 0,
	   "uid 1000's write, truncate, O_TRUNC, ftruncate clear set-user-ID");
}

/* ---- utimensat ---- */

static void user_utimes_child(void)
{
	struct timespec t[2] = { { 5, 0 }, { 6, 0 } };

	drop_to_user();
	CHECK(sc(SYS_utimensat, AT_FDCWD, "f0666", NULL, 0) == 0);
	CHECK(sc(SYS_utimensat, AT_FDCWD, "f0666", t, 0) == -EPERM);
	CHECK(sc(SYS_utimensat, AT_FDCWD, "f0644", NULL, 0) == -EACCES);
	t[0].tv_nsec = t[1].tv_nsec = UTIME_NOW;
	CHECK(sc(SYS_utimensat, AT_FDCWD, "f0644", t, 0) == -EACCES);
	CHECK(sc(SYS_utimensat, AT_FDCWD, "f0666", t, 0) == 0);
}

static void test_utimensat(void)
{
	struct timespec t[2] = { { 1000, 5 }, { 2000, 6 } };
	struct stat st, st2;
	long long t0 = 0;

	make_file("times", 0644);
	is(sc(SYS_utimensat, AT_FDCWD, "times", t, 0), 0, "utimensat with two times");
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	ok(st.st_atim.tv_sec == 1000 && st.st_atim.tv_nsec == 5 &&
	   st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 6,
	   "atime and mtime are what was given");
	t[0].tv_nsec = UTIME_OMIT;
	t[1] = (struct timespec){ 3000, 0 };
	is(sc(SYS_utimensat, AT_FDCWD, "times", t, 0), 0, "UTIME_OMIT for atime");
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	ok(st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec == 3000,
	   "atime left alone, mtime set");
	sc(SYS_clock_gettime, CLOCK_REALTIME, t);
	t0 = t[0].tv_sec;
	is(sc(SYS_utimensat, AT_FDCWD, "times", NULL, 0), 0, "utimensat(NULL): now");
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	ok(st.st_atim.tv_sec >= t0 && st.st_mtim.tv_sec >= t0 &&
	   st.st_ctim.tv_sec >= t0, "atime, mtime and ctime are now");
	t[0].tv_nsec = t[1].tv_nsec = UTIME_OMIT;
	is(sc(SYS_utimensat, AT_FDCWD, "nonesuch", t, 0), 0,
	   "both UTIME_OMIT: 0 without even looking up the name");
	t[0] = (struct timespec){ 1, 1000000000 };
	t[1] = (struct timespec){ 1, 0 };
	is(sc(SYS_utimensat, AT_FDCWD, "times", t, 0), -EINVAL,
	   "tv_nsec of 10^9: EINVAL");
	is(sc(SYS_utimensat, AT_FDCWD, "times", NULL, 0x8), -EINVAL,
	   "an unknown flag: EINVAL");
	is(sc(SYS_utimensat, AT_FDCWD, "nonesuch", NULL, 0), -ENOENT,
	   "a missing file: ENOENT");
	is(sc(SYS_utimensat, AT_FDCWD, "times", BAD_USER_ADDR, 0), -EFAULT,
	   "a bad times pointer: EFAULT");
	int fd = sc(SYS_openat, AT_FDCWD, "times", O_RDONLY);
	t[0] = (struct timespec){ 77, 0 };
	t[1] = (struct timespec){ 88, 0 };
	is(sc(SYS_utimensat, fd, NULL, t, 0), 0, "utimensat(fd, NULL): futimens");
	sc(SYS_close, fd);
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	ok(st.st_mtim.tv_sec == 88, "... set the open file's mtime");
	is(sc(SYS_utimensat, 999, NULL, t, 0), -EBADF, "futimens of a bad fd: EBADF");
	sc(SYS_symlink, "times", "tlink");
	is(sc(SYS_utimensat, AT_FDCWD, "tlink", t, AT_SYMLINK_NOFOLLOW), 0,
	   "AT_SYMLINK_NOFOLLOW");
	t[1].tv_sec = 99;
	sc(SYS_utimensat, AT_FDCWD, "tlink", t, 0);
	sc(SYS_newfstatat, AT_FDCWD, "tlink", &st, AT_SYMLINK_NOFOLLOW);
	sc(SYS_newfstatat, AT_FDCWD, "times", &st2, 0);
	ok(st.st_mtim.tv_sec == 88 && st2.st_mtim.tv_sec == 99,
	   "without it the target's times change, with it the link's");
	struct timeval tv[2] = { { 10, 20 }, { 30, 40 } };
	is(sc(SYS_utimes, "times", tv), 0, "utimes");
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	ok(st.st_mtim.tv_sec == 30 && st.st_mtim.tv_nsec == 40000,
	   "utimes' microseconds become nanoseconds");
	tv[0].tv_usec = 1000000;
	is(sc(SYS_utimes, "times", tv), -EINVAL, "utimes with 10^6 usec: EINVAL");
	long ut[2] = { 111, 222 };
	is(sc(SYS_utime, "times", ut), 0, "utime");
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	ok(st.st_atim.tv_sec == 111 && st.st_mtim.tv_sec == 222, "utime's seconds");
	/* ctime moves on a chmod */
	sc(SYS_newfstatat, AT_FDCWD, "times", &st, 0);
	sleep_ms(20);
	sc(SYS_chmod, "times", 0600);
	sc(SYS_newfstatat, AT_FDCWD, "times", &st2, 0);
	ok(st2.st_ctim.tv_sec * 1000000000LL + st2.st_ctim.tv_nsec >
	   st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec,
	   "chmod updates ctime");
	is(in_child(user_utimes_child), 0,
	   "uid 1000: touch needs write (EACCES), explicit times the owner (EPERM)");
}

/* ---- access with the real ids; set-user-ID programs ---- */

static void access_child(void)
{
	CHECK(sc(SYS_setresuid, USER, 0, 0) == 0);	/* real 1000, euid 0 */
	CHECK(sc(SYS_access, "f0600", R_OK) == -EACCES);
	CHECK(sc(SYS_faccessat, AT_FDCWD, "f0600", R_OK) == -EACCES);
	CHECK(sc(SYS_faccessat2, AT_FDCWD, "f0600", R_OK, AT_EACCESS) == 0);
	CHECK(sc(SYS_faccessat2, AT_FDCWD, "f0600", R_OK, 0x1) == -EINVAL);
	CHECK(open_err("f0600", O_RDONLY) == 0);	/* open uses euid 0 */
	CHECK(sc(SYS_access, "f0644", R_OK) == 0);
	CHECK(sc(SYS_access, "f0600", 8) == -EINVAL);
}

/* uid 1000 runs a set-user-ID-root copy of exec-helper. */
static void setuid_exec_child(void)
{
	drop_to_user();
	char *argv[] = { "exec-helper", "creds", "1000", "0", "0", "full", "1",
			 NULL };
	sc(SYS_execve, "suidprog", argv, NULL);
	_exit(97);
}

/* Set-group-ID: egid from the file, if the group may execute it. */
static void setgid_exec_child(void)
{
	drop_to_user();
	CHECK(run_helper("sgidprog", "gids", "1000", "77", "77", NULL, NULL) == 0);
	/* without group execute, S_ISGID is a locking mark, not a program's */
	CHECK(run_helper("lockprog", "gids", "1000", "1000", "1000", NULL,
			 NULL) == 0);
}

static void noexec_child(void)
{
	char *argv[] = { "exec-helper", "exit", "0", NULL };

	drop_to_user();
	CHECK(sc(SYS_execve, "prog0700", argv, NULL) == -EACCES);
	CHECK(sc(SYS_access, "prog0700", X_OK) == -EACCES);
}

static void test_access_and_setuid_exec(void)
{
	is(in_child(access_child), 0,
	   "access checks the real uid, AT_EACCESS the effective one");
	is(copy_helper("suidprog", 04755), 0, "a set-user-ID root program");
	is(mode_of("suidprog"), 04755, "... mode 04755");
	is(in_child(setuid_exec_child), 0,
	   "uid 1000 runs it with euid 0, full capabilities, AT_SECURE 1");
	copy_helper("sgidprog", 0755);
	sc(SYS_chown, "sgidprog", 0, 77);
	sc(SYS_chmod, "sgidprog", 02755);
	copy_helper("lockprog", 0755);
	sc(SYS_chown, "lockprog", 0, 77);
	sc(SYS_chmod, "lockprog", 02745);
	is(in_child(setgid_exec_child), 0,
	   "set-group-ID programs set the egid (only with group execute)");
	copy_helper("prog0700", 0700);
	is(in_child(noexec_child), 0, "uid 1000 cannot run root's 0700 program");
}

/* ---- mount flags: nosuid, read-only ---- */

static void nosuid_exec_child(void)
{
	drop_to_user();
	/* set-user-ID root, but on a nosuid mount: runs as uid 1000 */
	CHECK(run_helper("mnt/suidprog", "creds", "1000", "1000", "1000", "0",
			 "0") == 0);
}

/* ---- /proc/PID's links are the process's own (ptrace_may_access) ---- */

static pid_t root_sleeper;

static void proc_links_child(void)
{
	char path[64], buf[256];

	drop_to_user();
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)root_sleeper);
	CHECK(sc(SYS_readlink, path, buf, sizeof(buf)) == -EACCES);
	snprintf(path, sizeof(path), "/proc/%d/cwd/f", (int)root_sleeper);
	CHECK(open_err(path, O_RDONLY) == -EACCES);
	snprintf(path, sizeof(path), "/proc/%d/root", (int)root_sleeper);
	CHECK(sc(SYS_readlink, path, buf, sizeof(buf)) == -EACCES);
	snprintf(path, sizeof(path), "/proc/%d/fd/0", (int)root_sleeper);
	CHECK(sc(SYS_readlink, path, buf, sizeof(buf)) == -EACCES);
	CHECK(sc(SYS_readlink, "/proc/self/cwd", buf, sizeof(buf)) > 0);
}

/*
 * A root process sits in d0700; uid 1000 may not follow or read its
 * /proc links (that would reach d0700/f without search permission).
 */
static void test_proc_links(void)
{
	char path[64], buf[256];
	long n = -1;
	int st;

	root_sleeper = fork();
	if (root_sleeper == 0) {
		if (sc(SYS_chdir, "d0700") == 0)
			pause();
		_exit(1);
	}
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)root_sleeper);
	for (int ms = 0; ms < STATE_WAIT_MS; ms += 10) {	/* until in d0700 */
		n = sc(SYS_readlink, path, buf, sizeof(buf) - 1);
		if (n > 6 && !memcmp(buf + n - 6, "/d0700", 6))
			break;
		sleep_ms(10);
	}
	ok(n > 6 && !memcmp(buf + n - 6, "/d0700", 6),
	   "root reads another root process's /proc/PID/cwd");
	is(in_child(proc_links_child), 0,
	   "uid 1000 may not read or follow a root process's cwd, root, fd links");
	kill(root_sleeper, SIGKILL);
	waitpid(root_sleeper, &st, 0);
}

/* ---- the dumpable flag (prctl(2) PR_SET_DUMPABLE) ---- */

#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define CAP_SYS_PTRACE		19

static bool owner_is(const char *path, unsigned int uid, unsigned int gid)
{
	struct stat st;

	return sc(SYS_newfstatat, AT_FDCWD, path, &st, 0) == 0 &&
	       st.st_uid == uid && st.st_gid == gid;
}

static int open_proc(pid_t pid, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	return open_err(path, O_RDONLY);
}

static long readlink_proc(pid_t pid, const char *file)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	return sc(SYS_readlink, path, buf, sizeof(buf));
}

static void dump_owner_child(void);

static void test_dumpable_prctl(void)
{
	is(sc(SYS_prctl, PR_GET_DUMPABLE), 1, "PR_GET_DUMPABLE is 1 at start");
	is(sc(SYS_prctl, PR_SET_DUMPABLE, 0), 0, "PR_SET_DUMPABLE 0");
	is(sc(SYS_prctl, PR_GET_DUMPABLE), 0, "... then PR_GET_DUMPABLE is 0");
	is(sc(SYS_prctl, PR_SET_DUMPABLE, 1), 0, "PR_SET_DUMPABLE 1");
	is(sc(SYS_prctl, PR_GET_DUMPABLE), 1, "... then PR_GET_DUMPABLE is 1");
	is(sc(SYS_prctl, PR_SET_DUMPABLE, 2), -EINVAL,
	   "PR_SET_DUMPABLE 2 (SUID_DUMP_ROOT): EINVAL");
	is(sc(SYS_prctl, PR_SET_DUMPABLE, 3), -EINVAL,
	   "PR_SET_DUMPABLE 3: EINVAL");
	is(in_child(dump_owner_child), 0,
	   "after setuid /proc/self's files are root's until PR_SET_DUMPABLE 1");
}

/*
 * Each path is stat'ed again after the flag changes, its dentry held by
 * an open descriptor (Linux keeps unused dentries cached anyway): only
 * revalidation can change what stat says. The 0555 directories stay
 * the euid's (Linux: task_dump_owner); a process may always use its
 * own fd/ (proc_fd_permission), not its own environ.
 */
static void dump_owner_child(void)
{
	static const char *held[] = {
		"/proc/self", "/proc/self/status", "/proc/self/fd",
		"/proc/self/ns",
	};
	char link[64], buf[256];
	int fd = open(".", O_RDONLY | O_DIRECTORY);

	for (int i = 0; i < 4; i++) {
		CHECK(open(held[i], O_RDONLY) >= 0);
		CHECK(owner_is(held[i], 0, 0));
	}
	drop_to_user();
	CHECK(sc(SYS_prctl, PR_GET_DUMPABLE) == 0);
	CHECK(owner_is("/proc/self/status", 0, 0));
	CHECK(owner_is("/proc/self/fd", 0, 0));
	CHECK(owner_is("/proc/self/ns", 0, 0));
	CHECK(owner_is("/proc/self", USER, USER));
	CHECK(owner_is("/proc/self/task", USER, USER));
	CHECK(open_err("/proc/self/environ", O_RDONLY) == -EACCES);
	CHECK(open_err("/proc/self/fd", O_RDONLY | O_DIRECTORY) == 0);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	CHECK(sc(SYS_readlink, link, buf, sizeof(buf)) > 0);
	CHECK(sc(SYS_prctl, PR_SET_DUMPABLE, 1) == 0);
	CHECK(owner_is("/proc/self/status", USER, USER));
	CHECK(owner_is("/proc/self/fd", USER, USER));
	CHECK(owner_is("/proc/self/ns", USER, USER));
	CHECK(open_err("/proc/self/environ", O_RDONLY) == 0);
	CHECK(sc(SYS_prctl, PR_SET_DUMPABLE, 0) == 0);
	CHECK(owner_is("/proc/self/status", 0, 0));
	CHECK(owner_is("/proc/self", USER, USER));
}

/* Drop caps from the permitted and effective sets. */
static int drop_permitted(unsigned long long caps)
{
	struct { unsigned int version; int pid; } h = { 0x20080522, 0 };
	struct { unsigned int e, p, i; } d[2];

	if (sc(SYS_capget, &h, d))
		return -1;
	for (int i = 0; i < 2; i++) {
		d[i].e &= ~(unsigned int)(caps >> (32 * i));
		d[i].p &= ~(unsigned int)(caps >> (32 * i));
	}
	return sc(SYS_capset, &h, d);
}

/* A process (uid 1000 or root), dumpable or not, waiting to be looked at. */
static pid_t spawn_target(bool user, int dumpable)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (user)
			drop_to_user();
		else	/* a permitted set the tests' root children cover */
			CHECK(drop_permitted(1ULL << CAP_SYS_PTRACE) == 0);
		CHECK(sc(SYS_prctl, PR_SET_DUMPABLE, dumpable) == 0);
		CHECK(write(p[1], "x", 1) == 1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid > 0 && read(p[0], &c, 1) != 1) {
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(p[0]);
	return pid;
}

static pid_t closed_target, open_target, root_closed, root_open;

/* Same ids as both targets: only the flag tells them apart. */
static void dump_peer_child(void)
{
	drop_to_user();
	CHECK(open_proc(closed_target, "environ") == -EACCES);
	CHECK(readlink_proc(closed_target, "cwd") == -EACCES);
	CHECK(readlink_proc(closed_target, "ns/uts") == -EACCES);
	CHECK(open_proc(closed_target, "status") == 0);
	CHECK(open_proc(open_target, "environ") == 0);
	CHECK(readlink_proc(open_target, "cwd") > 0);
	CHECK(readlink_proc(open_target, "ns/uts") > 0);
}

/*
 * Root's ids match root's targets, and its effective set covers their
 * permitted (Linux's cap_ptrace_access_check): without CAP_SYS_PTRACE
 * only the flag tells the two apart. Its parent's permitted set still
 * has CAP_SYS_PTRACE: more than the child holds, so closed to it.
 */
static void dump_noptrace_child(void)
{
	CHECK(drop_caps(1ULL << CAP_SYS_PTRACE) == 0);
	CHECK(readlink_proc(getppid(), "cwd") == -EACCES);
	CHECK(readlink_proc(root_closed, "cwd") == -EACCES);
	CHECK(readlink_proc(root_closed, "ns/uts") == -EACCES);
	CHECK(readlink_proc(root_open, "cwd") > 0);
	CHECK(readlink_proc(root_open, "ns/uts") > 0);
}

static void test_dumpable_peers(void)
{
	pid_t *targets[] = { &closed_target, &open_target, &root_closed,
			     &root_open };

	closed_target = spawn_target(true, 0);
	open_target = spawn_target(true, 1);
	root_closed = spawn_target(false, 0);
	root_open = spawn_target(false, 1);
	ok(closed_target > 0 && open_target > 0 && root_closed > 0 &&
	   root_open > 0, "uid 1000 and root processes, dumpable and not");
	is(in_child(dump_peer_child), 0,
	   "the same uid may not open a non-dumpable process's environ, links");
	is(open_proc(closed_target, "environ"), 0,
	   "root opens it (CAP_SYS_PTRACE)");
	is(in_child(dump_noptrace_child), 0,
	   "root without CAP_SYS_PTRACE: not a non-dumpable or more capable root");
	for (int i = 0; i < 4; i++) {
		kill(*targets[i], SIGKILL);
		waitpid(*targets[i], NULL, 0);
	}
}

static void dump_exec_child(void)
{
	pid_t pid;
	int st;

	drop_to_user();
	pid = fork();	/* the child's mm is a copy: flag and all */
	if (pid == 0)
		_exit(sc(SYS_prctl, PR_GET_DUMPABLE) == 0 ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(run_helper(sibling_path("exec-helper"), "dumpable", "1", NULL,
			 NULL, NULL, NULL) == 0);
	CHECK(run_helper("suiddump", "dumpable", "0", NULL, NULL, NULL,
			 NULL) == 0);
	CHECK(run_helper("xonlydump", "dumpable", "0", NULL, NULL, NULL,
			 NULL) == 0);
}

/* Only the real uid changed: dumpable, but the next exec is not. */
static void dump_exec_ruid_child(void)
{
	CHECK(sc(SYS_setresuid, USER, 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_GET_DUMPABLE) == 1);
	CHECK(run_helper(sibling_path("exec-helper"), "dumpable", "0", NULL,
			 NULL, NULL, NULL) == 0);
}

static void test_dumpable_exec(void)
{
	copy_helper("suiddump", 04755);
	copy_helper("xonlydump", 0711);
	is(in_child(dump_exec_child), 0,
	   "fork keeps the flag; exec sets it, unless set-user-ID or unreadable");
	is(in_child(dump_exec_ruid_child), 0,
	   "exec with real uid != effective uid: not dumpable");
}

/* A zombie has no mm: its files are root's, its directory its euid's. */
static void test_dumpable_zombie(void)
{
	char path[64];
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0) {
		drop_to_user();
		sc(SYS_prctl, PR_SET_DUMPABLE, 1);
		_exit(0);
	}
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	ok(owner_is(path, USER, USER), "a zombie's /proc/PID is its euid's");
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	ok(owner_is(path, 0, 0), "... its status root's");
	waitpid(pid, NULL, 0);
}

static void test_mount_flags(void)
{
	struct timespec t[2] = { { 1, 0 }, { 2, 0 } };

	sc(SYS_mkdir, "mnt", 0755);
	is(sc(SYS_mount, "none", "mnt", "tmpfs", 0x2 /* MS_NOSUID */,
	      "mode=0755"), 0, "mount a nosuid tmpfs");
	copy_helper("mnt/suidprog", 04755);
	is(in_child(nosuid_exec_child), 0,
	   "MS_NOSUID: execve ignores the set-user-ID bit");
	is(sc(SYS_mount, "none", "mnt", NULL,
	      0x20 | 0x1 | 0x2 | 0x8 /* REMOUNT, RDONLY, NOSUID, NOEXEC */,
	      NULL), 0, "remount it read-only and noexec");
	is(sc(SYS_access, "mnt/suidprog", W_OK), -EROFS,
	   "access(W_OK) on a read-only mount: EROFS");
	is(sc(SYS_access, "mnt/suidprog", X_OK), -EACCES,
	   "access(X_OK) on a noexec mount: EACCES");
	is(sc(SYS_access, "mnt/suidprog", R_OK), 0, "... R_OK is still 0");
	is(sc(SYS_chmod, "mnt/suidprog", 0755), -EROFS,
	   "chmod on a read-only mount: EROFS");
	is(sc(SYS_chown, "mnt/suidprog", 1, 1), -EROFS,
	   "chown on a read-only mount: EROFS");
	is(sc(SYS_utimensat, AT_FDCWD, "mnt/suidprog", t, 0), -EROFS,
	   "utimensat on a read-only mount: EROFS");
	is(sc(SYS_umount2, "mnt", 0), 0, "umount");
	sc(SYS_rmdir, "mnt");
}

static void cleanup(void)
{
	static const char *files[] = {
		"f0000", "prog", "f0600", "f0644", "f0666", "g0460", "g0406",
		"d0700/f", "d0711/f", "sticky/roots", "sgid/mine", "mine",
		"loop", "suid", "times", "tlink", "suidprog", "prog0700",
		"suid2", "suid3", "suid4", "prog0711", "sgidprog", "lockprog",
		"suiddump", "xonlydump",
	};
	static const char *dirs[] = {
		"d0000/sub", "d0000", "d0700", "d0711", "sticky", "open",
		"sgid/sub", "sgid", "sdir",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		sc(SYS_unlink, files[i]);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		sc(SYS_rmdir, dirs[i]);
}

void suite_perm(void)
{
	tap_plan(100);
	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(dir, "/tmp/nookperm.XXXXXX");
	if (!mkdtemp(dir) || chmod(dir, 0755) || chdir(dir)) {
		ok(0, "a test directory under /tmp");
		return;
	}
	test_root();
	test_root_caps();
	test_user_files();
	test_proc_links();
	test_dumpable_prctl();
	test_dumpable_peers();
	test_dumpable_exec();
	test_dumpable_zombie();
	test_new_owner();
	test_chmod_chown();
	test_write_kills_suid();
	test_utimensat();
	test_access_and_setuid_exec();
	test_mount_flags();
	cleanup();
	sc(SYS_chdir, "/");
	is(sc(SYS_rmdir, dir), 0, "the test directory is empty at the end");
}

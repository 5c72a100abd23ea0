/*
 * statfs.c — statfs(2) and fstatfs(2) as Linux answers them for tmpfs:
 * f_type TMPFS_MAGIC, 4 KiB blocks counted against size=, inodes against
 * nr_inodes=, f_namelen 255, and f_flags from the mount (ST_RDONLY,
 * ST_NOSUID, ST_NODEV, ST_NOEXEC); pipes are in pipefs; the errors; the
 * boot's root is rootfs (a tmpfs).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "utest.h"

#define TMPFS_MAGIC	0x01021994
#define PIPEFS_MAGIC	0x50495045

static char base[64];

static long do_statfs(const char *path, struct statfs *st)
{
	memset(st, 0xff, sizeof(*st));
	return sc(SYS_statfs, path, st);
}

static void test_sizes(void)
{
	static char page[8192];
	struct statfs st, fst;
	char file[96];
	int fd;

	is(sc(SYS_mount, "none", base, "tmpfs", 0, "size=1m,nr_inodes=100"), 0,
	   "mount a tmpfs with size=1m,nr_inodes=100");
	is(do_statfs(base, &st), 0, "statfs its root");
	is(st.f_type, TMPFS_MAGIC, "f_type is TMPFS_MAGIC");
	is(st.f_bsize, 4096, "f_bsize is the page size");
	is(st.f_frsize, 4096, "f_frsize is the same");
	is(st.f_blocks, 256, "f_blocks: 1 MiB in pages");
	is(st.f_bfree, 256, "f_bfree: nothing written yet");
	is(st.f_bavail, 256, "f_bavail equals f_bfree");
	is(st.f_files, 100, "f_files is nr_inodes");
	is(st.f_ffree, 99, "f_ffree: the root takes one");
	is(st.f_namelen, 255, "f_namelen is NAME_MAX");
	is(st.f_flags & (ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC), 0,
	   "f_flags: none of rdonly, nosuid, nodev, noexec");
	ok(st.f_flags & 0x20, "f_flags has ST_VALID");

	snprintf(file, sizeof(file), "%s/f", base);
	fd = sc(SYS_openat, AT_FDCWD, file, O_CREAT | O_RDWR, 0644);
	is(sc(SYS_write, fd, page, sizeof(page)), sizeof(page), "write two pages");
	do_statfs(base, &st);
	is(st.f_bfree, 254, "f_bfree counts them");
	is(st.f_ffree, 98, "f_ffree counts the file");
	is(sc(SYS_fstatfs, fd, &fst), 0, "fstatfs on the file");
	ok(fst.f_type == TMPFS_MAGIC && fst.f_blocks == 256 &&
	   fst.f_bfree == 254, "says the same");
	sc(SYS_ftruncate, fd, 0);
	do_statfs(base, &st);
	is(st.f_bfree, 256, "truncating gives the pages back");
	sc(SYS_close, fd);
	sc(SYS_unlink, file);
	do_statfs(base, &st);
	is(st.f_ffree, 99, "unlinking gives the inode back");

	is(sc(SYS_mount, NULL, base, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0,
	   "remount read-only");
	do_statfs(base, &st);
	ok(st.f_flags & ST_RDONLY, "f_flags has ST_RDONLY");
	is(sc(SYS_umount2, base, 0), 0, "umount2");

	is(sc(SYS_mount, "none", base, "tmpfs", 0, "nr_inodes=2"), 0,
	   "mount with nr_inodes=2");
	is(sc(SYS_mkdir, file, 0755), 0, "the root and one more inode fit");
	snprintf(file, sizeof(file), "%s/g", base);
	is(sc(SYS_openat, AT_FDCWD, file, O_CREAT | O_RDWR, 0644), -ENOSPC,
	   "a third inode: ENOSPC");
	snprintf(file, sizeof(file), "%s/f", base);
	sc(SYS_rmdir, file);
	is(sc(SYS_umount2, base, 0), 0, "umount2");

	is(sc(SYS_mount, "none", base, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	      "size=0"), 0, "mount nosuid,nodev,noexec with size=0");
	do_statfs(base, &st);
	is(st.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC),
	   ST_NOSUID | ST_NODEV | ST_NOEXEC, "f_flags has all three");
	is(st.f_blocks, 0, "size=0 (no limit): f_blocks is 0");
	is(sc(SYS_umount2, base, 0), 0, "umount2");
}

static void test_others(void)
{
	struct statfs st;
	int p[2];

	is(do_statfs("/dev", &st), 0, "statfs /dev");
	is(st.f_type, TMPFS_MAGIC, "/dev (devtmpfs) is a tmpfs");
	is(do_statfs("/proc", &st), 0, "statfs /proc");
	is(st.f_type, 0x9fa0, "/proc says PROC_SUPER_MAGIC");
	is(st.f_bsize, 4096, "/proc's block size is the page size");
	sc(SYS_pipe, p);
	is(sc(SYS_fstatfs, p[0], &st), 0, "fstatfs on a pipe");
	is(st.f_type, PIPEFS_MAGIC, "is pipefs");
	sc(SYS_close, p[0]);
	sc(SYS_close, p[1]);
	is(sc(SYS_fstatfs, 999, &st), -EBADF, "fstatfs on a closed fd: EBADF");
	is(do_statfs("/nowhere/at/all", &st), -ENOENT, "statfs of nothing: ENOENT");
	is(sc(SYS_statfs, BAD_USER_ADDR, &st), -EFAULT,
	   "statfs with a bad path: EFAULT");
	is(sc(SYS_statfs, "/", BAD_USER_ADDR), -EFAULT,
	   "statfs into a bad buffer: EFAULT");
	is(sc(SYS_fstatfs, 0, KERNEL_ADDR), -EFAULT,
	   "fstatfs into a kernel address: EFAULT");
}

/* The text of a small /proc file, NUL-terminated ("" if unreadable). */
static const char *slurp(const char *path)
{
	static char buf[16384];
	int fd = sc(SYS_openat, AT_FDCWD, path, O_RDONLY);
	long n, got = 0;

	while (fd >= 0 && (n = sc(SYS_read, fd, buf + got,
				  sizeof(buf) - 1 - got)) > 0)
		got += n;
	if (fd >= 0)
		sc(SYS_close, fd);
	buf[got] = '\0';
	return buf;
}

/*
 * A kernel booted from an initramfs (Nook always is) shows its root as
 * Linux's rootfs: source and type "rootfs", a tmpfs inside (statfs says
 * TMPFS_MAGIC). The type is never registered, so it cannot be mounted
 * by name. The host's "/" is not an initramfs: there only the last two
 * checks apply.
 */
static void test_rootfs(void)
{
	char src[160] = "", dir[64], type[64];
	const char *line = slurp("/proc/self/mounts");
	struct statfs st;
	int n;

	/* the last mount on "/" is the one seen */
	for (; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
		char s[64];

		if (sscanf(line, "%63s %63s %63s%n", s, dir, type, &n) == 3 &&
		    !strcmp(dir, "/"))
			snprintf(src, sizeof(src), "%s %s", s, type);
	}
	if (!strncmp(src, "rootfs ", 7)) {
		is(strcmp(src, "rootfs rootfs"), 0,
		   "/ from an initramfs: source and type rootfs (%s)", src);
		is(do_statfs("/", &st), 0, "statfs /");
		is(st.f_type, TMPFS_MAGIC, "rootfs is a tmpfs: TMPFS_MAGIC");
	} else {
		for (n = 0; n < 3; n++)
			skip("/ is no initramfs here", "/ is rootfs, a tmpfs");
	}
	ok(!strstr(slurp("/proc/filesystems"), "rootfs"),
	   "/proc/filesystems does not list rootfs");
	is(sc(SYS_mount, "none", base, "rootfs", 0, NULL), -ENODEV,
	   "mount -t rootfs: ENODEV");
}

void suite_statfs(void)
{
	tap_plan(49);
	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(base, "/tmp/nookstatfs.XXXXXX");
	if (!mkdtemp(base)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	test_sizes();
	test_others();
	test_rootfs();
	is(sc(SYS_rmdir, base), 0, "the test directory is empty at the end");
}

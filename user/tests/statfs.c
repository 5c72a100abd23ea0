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
#include <sys/sysinfo.h>
#include <sys/stat.h>
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
	is(sc(SYS_mount, NULL, base, NULL, MS_REMOUNT, "size=1m"), -EINVAL,
	   "a remount cannot limit an instance made without a limit: EINVAL");
	is(sc(SYS_mount, NULL, base, NULL, MS_REMOUNT, "size=0"), 0,
	   "but may say size=0 again");
	is(sc(SYS_umount2, base, 0), 0, "umount2");
}

#define ASK_RAM	(~0ULL)		/* the answer depends on RAM: pct_blocks */

/*
 * Linux's sum for size=N%: N pages' worth of bytes times RAM's pages,
 * over 100, then rounded up to pages, every step wrapping at 2^64 as
 * the kernel's unsigned long long does.
 */
static unsigned long long pct_blocks(unsigned long long n)
{
	struct sysinfo si;
	unsigned long long pages, size;

	sysinfo(&si);
	pages = (unsigned long long)si.totalram * si.mem_unit / 4096;
	size = (n << 12) * pages / 100;
	return (size + 4095) / 4096;
}

/* An option as a TAP name can show it: a newline as \n. */
static const char *shown(const char *opt)
{
	static char buf[64];
	char *p = buf;

	for (; *opt && p < buf + sizeof(buf) - 3; opt++) {
		if (*opt == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else {
			*p++ = *opt;
		}
	}
	*p = '\0';
	return buf;
}

/* A mount with opt: -errno, else what statfs says of field ('b', 'f'). */
static long long mount_says(const char *opt, char field)
{
	struct statfs st;
	long err = sc(SYS_mount, "none", base, "tmpfs", 0, opt);

	if (err)
		return err;
	do_statfs(base, &st);
	sc(SYS_umount2, base, 0);
	return field == 'b' ? (long long)st.f_blocks : (long long)st.f_files;
}

/*
 * size=, nr_blocks= and nr_inodes= go through Linux's memparse: a
 * number in base 0 (0x.. hex, 0.. octal), one suffix k..e, and (size=
 * only) a % of RAM after it. Digits past 2^64 wrap instead of failing,
 * and so does the shift of a suffix; nr_blocks= must stay within
 * LONG_MAX and nr_inodes= within ULONG_MAX / 1024. A sign, a space, an
 * unknown or second suffix, or nothing at all is EINVAL.
 */
static void test_size_values(void)
{
	static const struct {
		const char *opt;
		char field;			/* 'b': f_blocks, 'f': f_files */
		unsigned long long want;	/* or ASK_RAM */
		unsigned long long pct;		/* size=pct% when ASK_RAM */
		int err;
	} cases[] = {
		{ "size=99999999999999999999999", 'b', 48920024541184ULL },
		{ "size=18446744073709551615", 'b', 0 },
		{ "size=18446744073709551616", 'b', 0 },
		{ "size=0xfffffffffffff000", 'b', 4503599627370495ULL },
		{ "size=16E", 'b', 0 },
		{ "size=17E", 'b', 1ULL << 48 },
		{ "size=1e", 'b', 1ULL << 48 },
		{ "size=0x10k", 'b', 4 },
		{ "size=010", 'b', 1 },
		{ "size=0", 'b', 0 },
		{ "size=k", 'b', 0 },
		{ "size=%", 'b', 0 },
		{ "size=1%", 'b', ASK_RAM, 1 },
		{ "size=150%", 'b', ASK_RAM, 150 },
		{ "size=1k%", 'b', ASK_RAM, 1024 },
		{ "size=100000000000000000%", 'b', ASK_RAM, 100000000000000000ULL },
		{ "size=", 0, 0, 0, EINVAL },
		{ "size=-1", 0, 0, 0, EINVAL },
		{ "size=-1%", 0, 0, 0, EINVAL },
		{ "size=+4096", 0, 0, 0, EINVAL },
		{ "size= 4096", 0, 0, 0, EINVAL },
		{ "size=4096 ", 0, 0, 0, EINVAL },
		{ "size=1\n", 0, 0, 0, EINVAL },
		{ "size=4kb", 0, 0, 0, EINVAL },
		{ "size=1kk", 0, 0, 0, EINVAL },
		{ "size=4x", 0, 0, 0, EINVAL },
		{ "size=08", 0, 0, 0, EINVAL },
		{ "size=0x", 0, 0, 0, EINVAL },
		{ "size=1%k", 0, 0, 0, EINVAL },
		{ "size=1%%", 0, 0, 0, EINVAL },
		{ "size=1.5%", 0, 0, 0, EINVAL },
		{ "nr_blocks=10", 'b', 10 },
		{ "nr_blocks=1k", 'b', 1024 },
		{ "nr_blocks=99999999999999999999999", 'b', 200376420520689663ULL },
		{ "nr_blocks=9223372036854775807", 'b', 9223372036854775807ULL },
		{ "size=1m,nr_blocks=3", 'b', 3 },
		{ "nr_blocks=3,size=1m", 'b', 256 },
		{ "nr_blocks=9223372036854775808", 0, 0, 0, EINVAL },
		{ "nr_blocks=10%", 0, 0, 0, EINVAL },
		{ "nr_blocks=-1", 0, 0, 0, EINVAL },
		{ "nr_inodes=0", 'f', 0 },
		{ "nr_inodes=k", 'f', 0 },
		{ "nr_inodes=0x10", 'f', 16 },
		{ "nr_inodes=18014398509481983", 'f', 18014398509481983ULL },
		{ "nr_inodes=18446744073709551617", 'f', 1 },
		{ "nr_inodes=18014398509481984", 0, 0, 0, EINVAL },
		{ "nr_inodes=99999999999999999999999", 0, 0, 0, EINVAL },
		{ "nr_inodes=1e", 0, 0, 0, EINVAL },
		{ "nr_inodes=1%", 0, 0, 0, EINVAL },
		{ "nr_inodes=-1", 0, 0, 0, EINVAL },
		{ "nr_inodes=", 0, 0, 0, EINVAL },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long got = mount_says(cases[i].opt, cases[i].field);

		if (cases[i].err) {
			is(got, -cases[i].err, "%s: EINVAL", shown(cases[i].opt));
			continue;
		}
		if (cases[i].want == ASK_RAM) {
			is(got, pct_blocks(cases[i].pct), "%s: f_blocks %llu",
			   cases[i].opt, pct_blocks(cases[i].pct));
			continue;
		}
		is(got, cases[i].want, "%s: f_%s %llu", cases[i].opt,
		   cases[i].field == 'b' ? "blocks" : "files", cases[i].want);
	}
}

/* A mount with opt: -errno, else the root's mode, uid or gid (field). */
static long long mount_root(const char *opt, char field)
{
	struct stat st;
	long err = sc(SYS_mount, "none", base, "tmpfs", 0, opt);

	if (err)
		return err;
	sc(SYS_newfstatat, AT_FDCWD, base, &st, 0);
	sc(SYS_umount2, base, 0);
	return field == 'm' ? st.st_mode & 07777 :
	       field == 'u' ? st.st_uid : st.st_gid;
}

/*
 * mode= is a u32 in octal, uid= and gid= a u32 in base 0, as Linux's
 * kstrtouint reads them: a '+' and one trailing newline are allowed,
 * a value past 2^32 is EINVAL (no wrapping here), and so is an id with
 * no mapping (uid=4294967295, which is (uid_t)-1).
 */
static void test_id_values(void)
{
	static const struct {
		const char *opt;
		char field;		/* 'm' mode, 'u' uid, 'g' gid */
		long long want;		/* or -errno */
	} cases[] = {
		{ "mode=+777", 'm', 0777 },
		{ "mode=7777777", 'm', 07777 },
		{ "mode=777\n", 'm', 0777 },
		{ "mode=77777777777", 'm', -EINVAL },
		{ "mode=0x1ff", 'm', -EINVAL },
		{ "mode=8", 'm', -EINVAL },
		{ "mode=-1", 'm', -EINVAL },
		{ "mode=", 'm', -EINVAL },
		{ "uid=0x10", 'u', 16 },
		{ "uid=01", 'u', 1 },
		{ "uid=+1", 'u', 1 },
		{ "uid=1\n", 'u', 1 },
		{ "uid=4294967294", 'u', 4294967294LL },
		{ "uid=08", 'u', -EINVAL },
		{ "uid=0x", 'u', -EINVAL },
		{ "uid=1k", 'u', -EINVAL },
		{ "uid= 1", 'u', -EINVAL },
		{ "uid=4294967295", 'u', -EINVAL },
		{ "uid=4294967296", 'u', -EINVAL },
		{ "uid=99999999999999999999", 'u', -EINVAL },
		{ "gid=0x10", 'g', 16 },
		{ "gid=4294967295", 'g', -EINVAL },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long got = mount_root(cases[i].opt, cases[i].field);

		if (cases[i].want < 0)
			is(got, cases[i].want, "%s: EINVAL", shown(cases[i].opt));
		else if (cases[i].field == 'm')
			is(got, cases[i].want, "%s: the root's mode is %llo",
			   shown(cases[i].opt), cases[i].want);
		else
			is(got, cases[i].want, "%s: the root's %cid is %lld",
			   shown(cases[i].opt), cases[i].field, cases[i].want);
	}
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
	tap_plan(124);
	sc(SYS_mkdir, "/tmp", 01777);
	strcpy(base, "/tmp/nookstatfs.XXXXXX");
	if (!mkdtemp(base)) {
		ok(0, "mkdtemp under /tmp");
		return;
	}
	test_sizes();
	test_size_values();
	test_id_values();
	test_others();
	test_rootfs();
	is(sc(SYS_rmdir, base), 0, "the test directory is empty at the end");
}

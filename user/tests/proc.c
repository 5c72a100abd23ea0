/*
 * proc.c — procfs (proc(5)) as Linux shows it: /proc/self, a process's
 * stat, status, cmdline, comm, exe, cwd, fd/ and task/ entries, a child's
 * /proc/PID coming and going, /proc/mounts, uptime and meminfo, the
 * errors of missing and read-only files, and sysinfo(2).
 *
 * If /proc/self is missing (Nook, until init mounts /proc), the suite
 * mounts proc on /proc itself; on the host, tools/host_user.py has
 * mounted a proc of the test's own pid namespace (unshare --mount-proc).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static char text[8192];

/* The whole of a file into text (NUL-ended); its length or -errno. */
static long slurp(const char *path)
{
	long n = 0, r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	if (r < 0)
		return -errno;
	text[n] = '\0';
	return n;
}

/* Field nr (1-based) of a /proc/PID/stat line, after the "(comm)". */
static long stat_field(const char *line, int nr)
{
	const char *p = strrchr(line, ')');

	if (!p || nr < 3)
		return -1;
	p += 2;				/* field 3 starts here */
	for (int i = 3; i < nr; i++) {
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	return strtol(p, NULL, 10);
}

/* The number after "Key:\t" in a status text, or -1. */
static long status_field(const char *key)
{
	char want[32];
	const char *p;

	snprintf(want, sizeof(want), "\n%s:\t", key);
	p = strstr(text, want);
	return p ? strtol(p + strlen(want), NULL, 10) : -1;
}

static int ensure_proc(void)
{
	if (access("/proc/self", F_OK) == 0)
		return 0;
	mkdir("/proc", 0555);
	return mount("proc", "/proc", "proc", 0, NULL) ? -errno : 0;
}

static void test_self(void)
{
	char buf[32], want[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	snprintf(want, sizeof(want), "%d", getpid());
	ok(n > 0 && (buf[n] = '\0', strcmp(buf, want) == 0),
	   "/proc/self is a link to getpid() (%s)", want);
	ok(slurp("/proc/self/stat") > 0 &&
	   strtol(text, NULL, 10) == getpid(),
	   "/proc/self/stat starts with our pid");
}

/* A process of one thread: task/ holds it, thread-self leads there. */
static void test_threads(void)
{
	char buf[64], want[64], path[64];
	ssize_t n = readlink("/proc/thread-self", buf, sizeof(buf) - 1);
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int entries = 0, mine = 0;

	snprintf(want, sizeof(want), "%d/task/%d", getpid(), getpid());
	ok(n > 0 && (buf[n] = '\0', strcmp(buf, want) == 0),
	   "/proc/thread-self reads PID/task/TID (%s)", want);
	snprintf(want, sizeof(want), "%d", getpid());
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		entries++;
		mine += strcmp(e->d_name, want) == 0;
	}
	if (d)
		closedir(d);
	ok(entries == 1 && mine == 1, "/proc/self/task lists our one thread");
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getpid());
	ok(slurp(path) > 0 && strtol(text, NULL, 10) == getpid(),
	   "task/TID/stat is our thread's");
}

static void test_stat_fields(void)
{
	static char line[sizeof(text)];

	is(slurp("/proc/self/stat") > 0, 1, "read /proc/self/stat");
	memcpy(line, text, sizeof(line));
	is(stat_field(line, 4), getppid(), "stat field 4 is getppid()");
	is(stat_field(line, 5), getpgrp(), "stat field 5 is getpgrp()");
	is(stat_field(line, 6), getsid(0), "stat field 6 is getsid(0)");
	is(stat_field(line, 20), 1, "stat field 20 (num_threads) is 1");
	ok(strchr("RS", strrchr(line, ')')[2]) != NULL,
	   "stat field 3 (state) of the reader is R or S");
	ok(stat_field(line, 52) == 0 && stat_field(line, 53) == -1,
	   "stat has 52 fields");
	is(slurp("/proc/self/status") > 0, 1, "read /proc/self/status");
	is(status_field("Pid"), getpid(), "status Pid is getpid()");
	is(status_field("Tgid"), getpid(), "status Tgid is getpid()");
	is(status_field("PPid"), getppid(), "status PPid is getppid()");
	ok(strncmp(text, "Name:\t", 6) == 0, "status starts with Name:");
	ok(strstr(text, "\nUid:\t") && strstr(text, "\nSigBlk:\t") &&
	   strstr(text, "\nCapEff:\t"), "status has Uid, SigBlk, CapEff");
}

/*
 * Read a byte at a time, the text is the same as read whole (from a
 * file whose text does not change between the two opens).
 */
static void test_partial_reads(void)
{
	static char whole[8192];
	long n = slurp("/proc/self/mountinfo"), i = 0;
	int fd = open("/proc/self/mountinfo", O_RDONLY);
	char c;

	memcpy(whole, text, n + 1);
	while (i < n && read(fd, &c, 1) == 1 && c == whole[i])
		i++;
	is(i, n, "mountinfo read 1 byte at a time matches a whole read");
	is(read(fd, &c, 1), 0, "a read at the end returns 0");
	is(lseek(fd, 6, SEEK_SET), 6, "lseek to 6");
	ok(read(fd, &c, 1) == 1 && c == whole[6], "read after lseek");
	is(lseek(fd, 0, SEEK_END) < 0 ? errno : 0, EINVAL,
	   "SEEK_END on a seq_file is EINVAL");
	close(fd);
}

static void test_child_comes_and_goes(void)
{
	char path[64], want[64];
	pid_t pid = fork();
	struct stat st;
	long n = 0;

	if (pid == 0) {
		char *argv[] = { "exec-helper", "pause", NULL };

		execv(sibling_path("exec-helper"), argv);
		_exit(127);
	}
	snprintf(path, sizeof(path), "/proc/%d", pid);
	is(stat(path, &st), 0, "a forked child has /proc/PID");
	ok(S_ISDIR(st.st_mode), "/proc/PID is a directory");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	memcpy(want, "exec-helper\0pause\0", 18);
	for (int ms = 0; ms < STATE_WAIT_MS; ms += 10) {	/* until exec'd */
		n = slurp(path);
		if (n == 18 && memcmp(text, want, 18) == 0)
			break;
		sleep_ms(10);
	}
	ok(n == 18 && memcmp(text, want, 18) == 0,
	   "cmdline is the exec'd argv, NUL-separated");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	ok(slurp(path) > 0 && stat_field(text, 4) == getpid(),
	   "the child's stat names us as its parent");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	is(stat(path, &st) ? errno : 0, ENOENT,
	   "after wait, /proc/PID is gone (ENOENT)");
	is(stat("/proc/999999", &st) ? errno : 0, ENOENT,
	   "/proc/999999: ENOENT");
}

static void test_comm(void)
{
	int fd = open("/proc/self/comm", O_WRONLY);

	ok(fd >= 0 && write(fd, "proctest\n", 9) == 9, "write comm");
	close(fd);
	ok(slurp("/proc/self/comm") == 10 &&
	   strcmp(text, "proctest\n\n") == 0,
	   "comm reads back what was written, newline kept");
	fd = open("/proc/self/comm", O_WRONLY | O_TRUNC);
	ok(fd >= 0 && write(fd, "0123456789abcdefghij", 20) == 20,
	   "write a 20-byte comm");
	close(fd);
	ok(slurp("/proc/self/comm") == 16 &&
	   strcmp(text, "0123456789abcde\n") == 0,
	   "comm keeps the first 15 bytes");
}

/* procfs directories end at 2^31 - 1 (MAX_NON_LFS): lseek past is EINVAL. */
static void test_dir_lseek_limit(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	is(sc(SYS_lseek, fd, (1LL << 32) + 2, SEEK_SET), -EINVAL,
	   "lseek on %s to 2^32 + 2: EINVAL", path);
	is(sc(SYS_lseek, fd, 0x7fffffff, SEEK_SET), 0x7fffffff,
	   "lseek on %s to 2^31 - 1 is allowed", path);
	close(fd);
}

/* /proc lists us and self; rewinddir starts the listing over. */
static void test_readdir(void)
{
	char me[16];
	DIR *d = opendir("/proc");
	struct dirent *e;
	int first = 0, again = 0, mine = 0, self = 0;

	snprintf(me, sizeof(me), "%d", getpid());
	while (d && (e = readdir(d))) {
		first++;
		mine |= strcmp(e->d_name, me) == 0;
		self |= strcmp(e->d_name, "self") == 0 && e->d_type == DT_LNK;
	}
	ok(mine && self, "/proc lists our pid and the self link");
	if (d)
		rewinddir(d);
	while (d && readdir(d))
		again++;
	is(again, first, "rewinddir on /proc lists it again");
	if (d)
		closedir(d);
	test_dir_lseek_limit("/proc");
	test_dir_lseek_limit("/proc/self/fd");
}

static int has_entry(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		found |= strcmp(e->d_name, name) == 0;
	if (d)
		closedir(d);
	return found;
}

static void test_fds(void)
{
	char path[64], buf[64], want[64];
	int p[2], fd;
	struct stat st;
	ssize_t n;

	is(pipe(p), 0, "pipe");
	snprintf(buf, sizeof(buf), "%d", p[1]);
	ok(has_entry("/proc/self/fd", "0") && has_entry("/proc/self/fd", buf),
	   "/proc/self/fd lists 0 and the pipe's write end");
	fstat(p[0], &st);
	ok(st.st_ino != 0, "a pipe has an inode number");
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	n = readlink(path, buf, sizeof(buf) - 1);
	ok(n > 0 && (buf[n] = '\0', strcmp(buf, want) == 0),
	   "readlink of a pipe fd is pipe:[st_ino] (%s)", want);
	close(p[0]);
	close(p[1]);
	is(access(path, F_OK) ? errno : 0, ENOENT,
	   "a closed fd's link is gone");

	fd = open("/proc/self/exe", O_RDONLY);
	ok(fd >= 0, "open /proc/self/exe");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	ok(n > 6 && (buf[n] = '\0', strstr(buf, "/utest") != NULL),
	   "fd link of an opened file reads its path (%s)", n > 0 ? buf : "");
	ok(readlink("/proc/self/exe", want, sizeof(want) - 1) == n &&
	   memcmp(want, buf, n) == 0, "exe reads the same path");
	{
		int again = open(path, O_RDONLY);
		char a[4] = "", b[4] = "";

		ok(again >= 0 && read(again, a, 4) == 4 &&
		   pread(fd, b, 4, 0) == 4 && memcmp(a, b, 4) == 0 &&
		   memcmp(a, "\177ELF", 4) == 0,
		   "opening through the fd link reaches the same file");
		close(again);
	}
	close(fd);
}

static void test_cwd_root(void)
{
	char buf[64];
	ssize_t n;

	chdir("/");
	n = readlink("/proc/self/cwd", buf, sizeof(buf));
	ok(n == 1 && buf[0] == '/', "cwd link reads / after chdir(\"/\")");
	n = readlink("/proc/self/root", buf, sizeof(buf));
	ok(n == 1 && buf[0] == '/', "root link reads /");
}

static void test_system_files(void)
{
	double up = -1, idle = -1;

	ok(slurp("/proc/mounts") > 0 && (strncmp(text, "proc /proc proc ", 16)
					 == 0 ||
					 strstr(text, "\nproc /proc proc ")),
	   "/proc/mounts has a \"proc /proc proc\" line");
	ok(slurp("/proc/self/mountinfo") > 0 && strstr(text, " - proc proc "),
	   "mountinfo has the proc mount, after the \"-\"");
	ok(slurp("/proc/uptime") > 0 &&
	   sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0,
	   "/proc/uptime parses as two numbers");
	ok(slurp("/proc/meminfo") > 0 && strncmp(text, "MemTotal:", 9) == 0,
	   "/proc/meminfo starts with MemTotal");
	ok(slurp("/proc/filesystems") > 0 && strstr(text, "nodev\tproc\n"),
	   "/proc/filesystems lists nodev proc");
	ok(slurp("/proc/stat") > 0 && strncmp(text, "cpu ", 4) == 0 &&
	   strstr(text, "\nbtime ") && strstr(text, "\nprocesses "),
	   "/proc/stat has cpu, btime and processes");
	ok(slurp("/proc/loadavg") > 0, "/proc/loadavg reads");
}

/* Root may open them to write; the write fails as Linux's does. */
static void test_read_only(void)
{
	int fd = open("/proc/self/stat", O_WRONLY);

	ok(fd >= 0, "root opens /proc/self/stat to write");
	is(write(fd, "x", 1) < 0 ? errno : 0, EINVAL,
	   "writing a task's read-only file: EINVAL");
	close(fd);
	fd = open("/proc/meminfo", O_WRONLY);
	ok(fd >= 0, "root opens /proc/meminfo to write");
	is(write(fd, "x", 1) < 0 ? errno : 0, EIO,
	   "writing /proc/meminfo: EIO");
	close(fd);
	is(unlink("/proc/self/comm") ? errno : 0, EPERM,
	   "unlink in /proc/self: EPERM");
}

/* Hostile user pointers: EFAULT, as for any other file. */
static void test_efault(void)
{
	int fd = open("/proc/self/stat", O_RDONLY);

	is(sc(SYS_read, fd, BAD_USER_ADDR, 16), -EFAULT,
	   "read of /proc/self/stat into a bad buffer: EFAULT");
	close(fd);
	fd = open("/proc/self/comm", O_WRONLY);
	is(sc(SYS_write, fd, KERNEL_ADDR, 4), -EFAULT,
	   "write to comm from a kernel address: EFAULT");
	close(fd);
	is(sc(SYS_readlink, "/proc/self/exe", BAD_USER_ADDR, 64), -EFAULT,
	   "readlink of /proc/self/exe into a bad buffer: EFAULT");
}

static void test_sysinfo(void)
{
	struct sysinfo si;

	is(sysinfo(&si), 0, "sysinfo");
	ok(si.totalram > 0 && si.freeram > 0 && si.freeram <= si.totalram,
	   "sysinfo: 0 < freeram <= totalram");
	ok(si.mem_unit >= 1 && si.procs >= 1, "sysinfo: mem_unit, procs");
	ok(si.uptime >= 0, "sysinfo: uptime");
	is(sc(SYS_sysinfo, BAD_USER_ADDR), -EFAULT, "sysinfo: EFAULT");
}

void suite_proc(void)
{
	int err = ensure_proc();

	tap_plan(70);
	if (err) {
		for (int i = 0; i < 66; i++)
			skip("no procfs", "cannot mount proc (%d)", err);
		return;
	}
	test_self();
	test_threads();
	test_stat_fields();
	test_partial_reads();
	test_child_comes_and_goes();
	test_comm();
	test_readdir();
	test_fds();
	test_cwd_root();
	test_system_files();
	test_read_only();
	test_efault();
	test_sysinfo();
}

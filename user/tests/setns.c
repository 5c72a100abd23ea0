/*
 * setns.c — namespaces as files: /proc/PID/ns links, the nsfs files
 * they open, setns(2), and /proc/sys/kernel/{hostname,domainname}, as
 * namespaces(7), setns(2), proc(5) and Linux say.
 *
 * As in uts.c, every name change happens in a child that first made a
 * UTS namespace of its own; children report through a shared page.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

struct results {
	long r[40];
	char s[6][80];
};
static struct results *res;

static void results_reset(void)
{
	memset(res, 0, sizeof(*res));
	for (int i = 0; i < 40; i++)
		res->r[i] = -9999;
}

static int exited_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void nodename(char *buf)
{
	struct utsname u;

	sc(SYS_uname, &u);
	strcpy(buf, u.nodename);
}

/* readlink into buf (NUL-ended); the length or -errno. */
static long link_of(const char *path, char *buf, size_t size)
{
	long n = sc(SYS_readlink, path, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
	return n;
}

/* Nook's init mounts no /proc: mount it where no one has. */
static void ensure_proc(void)
{
	if (access("/proc/self", F_OK) == 0)
		return;
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL))
		diag("mounting /proc failed: errno %d", errno);
}

/* ---- the links ---- */

static void test_links(void)
{
	char link[80], path[64];
	unsigned int inum = 0;
	struct stat st;
	int found = 0, status;
	DIR *d;
	struct dirent *e;
	long pid;

	results_reset();
	ok(link_of("/proc/self/ns/uts", link, sizeof(link)) > 0,
	   "readlink /proc/self/ns/uts works");
	ok(sscanf(link, "uts:[%u]", &inum) == 1 && inum >= 4026531838U,
	   "the link reads uts:[N], N from Linux's range ('%s')", link);
	ok(stat("/proc/self/ns/uts", &st) == 0 && st.st_ino == inum,
	   "stat through the link: st_ino is the link's number");
	ok(lstat("/proc/self/ns/uts", &st) == 0 && S_ISLNK(st.st_mode),
	   "/proc/self/ns/uts itself is a symlink");
	d = opendir("/proc/self/ns");
	while (d && (e = readdir(d)))
		found += strcmp(e->d_name, "uts") == 0;
	if (d)
		closedir(d);
	is(found, 1, "readdir of /proc/self/ns lists uts");

	/* a fork child is in the same namespace: the same link */
	pid = fork();
	if (pid == 0) {
		link_of("/proc/self/ns/uts", res->s[0], sizeof(res->s[0]));
		sc(SYS_unshare, CLONE_NEWUTS);
		link_of("/proc/self/ns/uts", res->s[1], sizeof(res->s[1]));
		res->r[0] = sc(SYS_getpid);
		pause();		/* until killed, for its /proc/PID */
		_exit(0);
	}
	for (int ms = 0; ms < STATE_WAIT_MS && res->r[0] == -9999; ms += 10)
		sleep_ms(10);
	ok(strcmp(res->s[0], link) == 0,
	   "a fork child shows the same uts link as its parent");
	ok(res->s[1][0] && strcmp(res->s[1], res->s[0]) != 0,
	   "after unshare(CLONE_NEWUTS) the child's link differs");
	snprintf(path, sizeof(path), "/proc/%ld/ns/uts", pid);
	link_of(path, res->s[2], sizeof(res->s[2]));
	ok(strcmp(res->s[2], res->s[1]) == 0,
	   "another process reads the child's link in /proc/PID/ns");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

/* ---- the nsfs file ---- */

static void test_ns_file(void)
{
	struct stat st, st2;
	char buf[8];
	int fd, fd2;

	fd = open("/proc/self/ns/uts", O_RDONLY);
	ok(fd >= 0, "open /proc/self/ns/uts read-only works");
	if (fd < 0)
		return;
	ok(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	   (st.st_mode & 0777) == 0444,
	   "the open file is a regular file, mode 0444");
	fd2 = open("/proc/self/ns/uts", O_RDONLY);
	ok(fd2 >= 0 && fstat(fd2, &st2) == 0 && st2.st_ino == st.st_ino &&
	   st2.st_dev == st.st_dev,
	   "two opens of one namespace: the same st_dev and st_ino");
	if (fd2 >= 0)
		close(fd2);
	is(sc(SYS_read, fd, buf, sizeof(buf)), -EINVAL,
	   "read(2) of a namespace file is EINVAL");
	is(sc(SYS_open, "/proc/self/ns/uts", O_WRONLY), -EPERM,
	   "opening a namespace file for writing is EPERM, even for root");
	is(sc(SYS_ioctl, fd, 0xb703), CLONE_NEWUTS,
	   "ioctl NS_GET_NSTYPE answers CLONE_NEWUTS");
	is(sc(SYS_ioctl, fd, 0xb702), -EINVAL,
	   "ioctl NS_GET_PARENT of a UTS namespace is EINVAL");
	is(sc(SYS_ioctl, fd, 0xb704, buf), -EINVAL,
	   "ioctl NS_GET_OWNER_UID of a UTS namespace is EINVAL");
	is(sc(SYS_ioctl, fd, 0xb7ff), -ENOTTY,
	   "an ioctl nsfs does not know is ENOTTY");
	close(fd);
}

/* ---- setns ---- */

static void setns_child(void *arg)
{
	int orig, kept, fds[2];
	char hn[80];

	orig = open("/proc/self/ns/uts", O_RDONLY);
	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "kept", 4))
		_exit(10);
	kept = open("/proc/self/ns/uts", O_RDONLY);
	/* a third namespace: "kept" now has no task, only the open file */
	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "third", 5))
		_exit(11);
	res->r[0] = sc(SYS_setns, kept, CLONE_NEWUTS);
	nodename(res->s[0]);			/* "kept" */
	res->r[1] = sc(SYS_setns, orig, 0);	/* any type */
	nodename(hn);
	link_of("/proc/self/ns/uts", res->s[1], sizeof(res->s[1]));
	res->r[2] = strcmp(hn, "kept") != 0;	/* back in the first */
	res->r[3] = sc(SYS_setns, kept, CLONE_NEWIPC);
	res->r[4] = sc(SYS_setns, kept, CLONE_NEWPID);
	res->r[5] = sc(SYS_setns, -1, 0);
	res->r[6] = sc(SYS_setns, 999, CLONE_NEWUTS);
	if (pipe(fds) == 0) {
		res->r[7] = sc(SYS_setns, fds[0], CLONE_NEWUTS);
		res->r[8] = sc(SYS_setns, fds[0], 0);
	}
	res->r[9] = sc(SYS_setns, kept, 0);
	nodename(res->s[2]);			/* "kept" again */
	/* without CAP_SYS_ADMIN */
	res->r[10] = sc(SYS_setuid, 1000);
	if (res->r[10] == 0)
		res->r[11] = sc(SYS_setns, orig, CLONE_NEWUTS);
}

static void test_setns(void)
{
	char first[80];

	results_reset();
	link_of("/proc/self/ns/uts", first, sizeof(first));
	ok(exited_ok(run_child(setns_child, NULL)),
	   "the setns test's process exits normally");
	is(res->r[0], 0, "setns(fd, CLONE_NEWUTS) returns 0");
	ok(strcmp(res->s[0], "kept") == 0,
	   "an open namespace file keeps a namespace no task is in, and "
	   "setns enters it");
	is(res->r[1], 0, "setns(fd, 0) takes the file's type");
	is(res->r[2], 1, "and the caller is back in its first namespace");
	ok(strcmp(res->s[1], first) == 0,
	   "its link is the first namespace's again");
	is(res->r[3], -EINVAL, "setns with another type (CLONE_NEWIPC) is EINVAL");
	is(res->r[4], -EINVAL, "setns with another type (CLONE_NEWPID) is EINVAL");
	is(res->r[5], -EBADF, "setns(-1, 0) is EBADF");
	is(res->r[6], -EBADF, "setns on a descriptor not open is EBADF");
	is(res->r[7], -EINVAL, "setns on a pipe is EINVAL");
	is(res->r[8], -EINVAL, "setns on a pipe with nstype 0 is EINVAL");
	is(res->r[9], 0, "setns again into the kept namespace");
	ok(strcmp(res->s[2], "kept") == 0, "and its name is still there");
	if (res->r[10] == -ENOSYS)
		skip("no setuid(2) yet", "setns without CAP_SYS_ADMIN is EPERM");
	else
		is(res->r[11], -EPERM, "setns without CAP_SYS_ADMIN is EPERM");
}

/* ---- the same, as a student types it: Debian's busybox ---- */

#define BUSYBOX	"/bin/busybox"

/* Runs busybox with argv, stdout into out (NUL-ended); its exit status. */
static int busybox(char *const argv[], char *out, size_t size)
{
	int fds[2], status = -1;
	size_t n = 0;
	long got;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(BUSYBOX, argv);
		_exit(127);
	}
	close(fds[1]);
	while (n < size - 1 && (got = read(fds[0], out + n, size - 1 - n)) > 0)
		n += got;
	out[n] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void busybox_child(void *arg)
{
	static char out[4096];
	char pidstr[16], *nl;
	int go[2];
	pid_t pid;

	/* unshare -u sh -c 'hostname inner; hostname' */
	{
		char *argv[] = { "busybox", "unshare", "-u", BUSYBOX, "sh", "-c",
				 BUSYBOX " hostname inner; " BUSYBOX " hostname",
				 NULL };

		res->r[0] = busybox(argv, res->s[0], sizeof(res->s[0]));
	}
	nodename(res->s[1]);
	/* nsenter -t PID -u hostname, PID in a namespace of its own */
	if (pipe(go))
		_exit(10);
	pid = fork();
	if (pid == 0) {
		sc(SYS_unshare, CLONE_NEWUTS);
		sc(SYS_sethostname, "target", 6);
		write(go[1], "x", 1);
		for (;;)
			pause();	/* until killed */
	}
	close(go[1]);
	read(go[0], out, 1);
	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	{
		char *argv[] = { "busybox", "nsenter", "-t", pidstr, "-u",
				 BUSYBOX, "hostname", NULL };

		res->r[1] = busybox(argv, res->s[2], sizeof(res->s[2]));
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	/* readlink /proc/self/ns/uts, and ls -l /proc/self/ns/ */
	{
		char *argv[] = { "busybox", "readlink", "/proc/self/ns/uts",
				 NULL };

		res->r[2] = busybox(argv, out, sizeof(out));
		nl = strchr(out, '\n');
		if (nl)
			*nl = 0;
		link_of("/proc/self/ns/uts", res->s[3], sizeof(res->s[3]));
		res->r[3] = strcmp(out, res->s[3]) == 0;
	}
	{
		char *argv[] = { "busybox", "ls", "-l", "/proc/self/ns/", NULL };

		res->r[4] = busybox(argv, out, sizeof(out));
		res->r[5] = strstr(out, " uts -> uts:[") != NULL;
		nl = strstr(out, "\nl");
		res->r[6] = nl && !strncmp(nl + 1, "lrwxrwxrwx", 10);
	}
}

static void test_busybox(void)
{
	results_reset();
	ok(exited_ok(run_child(busybox_child, NULL)),
	   "the busybox test's process exits normally");
	ok(exited_ok(res->r[0]) && strcmp(res->s[0], "inner\n") == 0,
	   "busybox unshare -u sh -c 'hostname inner; hostname' prints inner");
	ok(strcmp(res->s[1], "inner") != 0,
	   "and the outer hostname is unchanged ('%s')", res->s[1]);
	ok(exited_ok(res->r[1]) && strcmp(res->s[2], "target\n") == 0,
	   "busybox nsenter -t PID -u hostname shows PID's hostname");
	ok(exited_ok(res->r[2]) && res->r[3] == 1,
	   "busybox readlink /proc/self/ns/uts gives the link ('%s')",
	   res->s[3]);
	ok(exited_ok(res->r[4]) && res->r[5] == 1,
	   "busybox ls -l /proc/self/ns/ shows uts -> uts:[N]");
	is(res->r[6], 1, "and the ns entries are symlinks, lrwxrwxrwx");
}

/*
 * The initial user namespace: Linux's fixed number; a process already
 * in it cannot enter it again.
 */
static void test_user_link(void)
{
	char link[80];
	int fd;

	link_of("/proc/self/ns/user", link, sizeof(link));
	ok(strcmp(link, "user:[4026531837]") == 0,
	   "/proc/self/ns/user is user:[4026531837], the initial one ('%s')",
	   link);
	fd = open("/proc/self/ns/user", O_RDONLY);
	ok(fd >= 0, "open /proc/self/ns/user works");
	is(sc(SYS_setns, fd, CLONE_NEWUSER), -EINVAL,
	   "setns into one's own user namespace is EINVAL");
	is(sc(SYS_setns, fd, CLONE_NEWUTS), -EINVAL,
	   "setns of a user namespace file as CLONE_NEWUTS is EINVAL");
	if (fd >= 0)
		close(fd);
}

/* NS_GET_USERNS, NS_GET_PARENT and NS_GET_OWNER_UID about owners. */
static void test_owner_ioctls(void)
{
	int uts = open("/proc/self/ns/uts", O_RDONLY), user;
	struct stat st;
	unsigned int uid = 12345;

	user = uts >= 0 ? sc(SYS_ioctl, uts, 0xb701) : -1;
	ok(user >= 0, "ioctl NS_GET_USERNS on a UTS namespace opens its owner");
	ok(user >= 0 && fstat(user, &st) == 0 && st.st_ino == 4026531837U,
	   "which is the initial user namespace");
	ok(user >= 0 && (fcntl(user, F_GETFD) & FD_CLOEXEC),
	   "and the new descriptor is close-on-exec");
	is(user >= 0 ? sc(SYS_ioctl, user, 0xb703) : -1, CLONE_NEWUSER,
	   "NS_GET_NSTYPE of it is CLONE_NEWUSER");
	is(user >= 0 ? sc(SYS_ioctl, user, 0xb701) : -1, -EPERM,
	   "NS_GET_USERNS of the initial user namespace is EPERM");
	is(user >= 0 ? sc(SYS_ioctl, user, 0xb702) : -1, -EPERM,
	   "NS_GET_PARENT of the initial user namespace is EPERM");
	is(user >= 0 ? sc(SYS_ioctl, user, 0xb704, &uid) : -1, 0,
	   "NS_GET_OWNER_UID of a user namespace works");
	is(uid, 0, "and the initial one's owner is root");
	if (user >= 0)
		close(user);
	if (uts >= 0)
		close(uts);
}

/* ---- /proc/sys/kernel/hostname and domainname ---- */

static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -errno;
	n = sc(SYS_read, fd, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
	return n;
}

static long write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	long n;

	if (fd < 0)
		return -errno;
	n = sc(SYS_write, fd, s, strlen(s));
	close(fd);
	return n;
}

static void sysctl_child(void *arg)
{
	char want[80], long_name[100];

	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "sys", 3))
		_exit(10);
	read_file("/proc/sys/kernel/hostname", res->s[0], sizeof(res->s[0]));
	res->r[0] = write_file("/proc/sys/kernel/hostname", "written\n");
	nodename(res->s[1]);
	res->r[1] = write_file("/proc/sys/kernel/domainname", "dom.example");
	read_file("/proc/sys/kernel/domainname", res->s[2],
		  sizeof(res->s[2]));
	memset(long_name, 'x', 70);
	long_name[70] = 0;
	res->r[2] = write_file("/proc/sys/kernel/hostname", long_name);
	nodename(want);
	res->r[3] = strlen(want);
}

static void test_proc_sys_kernel(void)
{
	char mine[80], want[80];

	results_reset();
	nodename(want);
	strcat(want, "\n");
	read_file("/proc/sys/kernel/hostname", mine, sizeof(mine));
	ok(strcmp(mine, want) == 0,
	   "/proc/sys/kernel/hostname reads the hostname and a newline");
	ok(exited_ok(run_child(sysctl_child, NULL)),
	   "the sysctl test's process exits normally");
	ok(strcmp(res->s[0], "sys\n") == 0,
	   "/proc/sys/kernel/hostname shows the reader's namespace's name");
	is(res->r[0], 8, "writing it returns the bytes written");
	ok(strcmp(res->s[1], "written") == 0,
	   "and sets the hostname, without the newline");
	is(res->r[1], 11, "writing /proc/sys/kernel/domainname works");
	ok(strcmp(res->s[2], "dom.example\n") == 0,
	   "and reading it shows the new domain name");
	is(res->r[2], 70, "a 70-byte write is taken whole");
	is(res->r[3], 64, "but only 64 bytes of it become the name");
	read_file("/proc/sys/kernel/hostname", mine, sizeof(mine));
	ok(strcmp(mine, want) == 0,
	   "the parent's /proc/sys/kernel/hostname is unchanged");
}

void suite_setns(void)
{
	tap_plan(61);
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		diag("mmap of the results page failed");
		return;
	}
	ensure_proc();
	test_links();
	test_ns_file();
	test_setns();
	test_busybox();
	test_user_link();
	test_owner_ioctls();
	test_proc_sys_kernel();
	munmap(res, sizeof(*res));
}

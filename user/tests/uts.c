/*
 * uts.c — the UTS namespace and the namespace flags of clone(2),
 * clone3(2) and unshare(2), as uts_namespaces(7), sethostname(2),
 * unshare(2) and clone(2) say and Linux does.
 *
 * Every sethostname here runs in a child that first made a UTS
 * namespace of its own, so the run never renames the machine it runs
 * on (the host run is in a private one too: tools/host_user.py).
 * Children report through a shared page of results (or their exit
 * status); only the parent prints.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif
#define CLONE_PIDFD_	0x00001000
#define CLONE_DETACHED_	0x00400000

/* What the children found, in a page the parent shares with them. */
struct results {
	long r[32];
	char name[4][80];
};
static struct results *res;

static void results_reset(void)
{
	memset(res, 0, sizeof(*res));
	for (int i = 0; i < 32; i++)
		res->r[i] = -9999;	/* "never written" */
}

static int wait_status(long pid)
{
	int status = -1;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static void nodename(char *buf)
{
	struct utsname u;

	sc(SYS_uname, &u);
	strcpy(buf, u.nodename);
}

/* ---- unshare and fork: who sees whose names ---- */

static void unshare_child(void *arg)
{
	struct utsname u;

	res->r[0] = sc(SYS_unshare, CLONE_NEWUTS);
	res->r[1] = sc(SYS_sethostname, "inner", 5);
	res->r[2] = sc(SYS_setdomainname, "inner.dom", 9);
	sc(SYS_uname, &u);
	strcpy(res->name[0], u.nodename);
	strcpy(res->name[1], u.domainname);
}

static void test_unshare_hides_names(void)
{
	struct utsname before, after;
	int st;

	results_reset();
	sc(SYS_uname, &before);
	st = run_child(unshare_child, NULL);
	sc(SYS_uname, &after);
	ok(exited_with(st, 0), "the unsharing child exits normally");
	is(res->r[0], 0, "unshare(CLONE_NEWUTS) returns 0");
	is(res->r[1], 0, "sethostname in the new namespace returns 0");
	is(res->r[2], 0, "setdomainname in the new namespace returns 0");
	ok(strcmp(res->name[0], "inner") == 0,
	   "uname in the new namespace shows the new hostname");
	ok(strcmp(res->name[1], "inner.dom") == 0,
	   "uname in the new namespace shows the new domain name");
	ok(strcmp(before.nodename, after.nodename) == 0,
	   "the parent's hostname is unchanged ('%s')", after.nodename);
	ok(strcmp(before.domainname, after.domainname) == 0,
	   "the parent's domain name is unchanged");
}

/*
 * In a namespace of its own, the test process sets "outer"; a plain
 * fork child shares the namespace, a CLONE_NEWUTS child gets a copy.
 */
static void sharing_child(void *arg)
{
	int go[2], done[2];
	long pid;

	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "outer", 5))
		_exit(10);
	/* fork: one namespace, so the child's name is the parent's too */
	pid = fork();
	if (pid == 0) {
		sc(SYS_sethostname, "shared", 6);
		_exit(0);
	}
	wait_status(pid);
	nodename(res->name[0]);
	sc(SYS_sethostname, "outer", 5);

	/* clone(CLONE_NEWUTS): a copy, then each changes only its own */
	if (pipe(go) || pipe(done))
		_exit(11);
	pid = sc(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		char c;

		nodename(res->name[1]);		/* the copy */
		sc(SYS_sethostname, "child", 5);
		write(done[1], "x", 1);
		read(go[0], &c, 1);		/* the parent renamed itself */
		nodename(res->name[2]);
		_exit(0);
	}
	res->r[0] = pid > 0;
	if (pid > 0) {
		char c;

		read(done[0], &c, 1);
		nodename(res->name[3]);
		sc(SYS_sethostname, "outer2", 6);
		write(go[1], "x", 1);
		res->r[1] = exited_with(wait_status(pid), 0);
	}
}

static void test_clone_newuts(void)
{
	int st;

	results_reset();
	st = run_child(sharing_child, NULL);
	ok(exited_with(st, 0), "the test's parent process exits normally");
	ok(strcmp(res->name[0], "shared") == 0,
	   "a fork child shares its parent's UTS namespace");
	is(res->r[0], 1, "clone(CLONE_NEWUTS) makes a child");
	is(res->r[1], 1, "the CLONE_NEWUTS child exits normally");
	ok(strcmp(res->name[1], "outer") == 0,
	   "the CLONE_NEWUTS child starts with a copy of its parent's hostname");
	ok(strcmp(res->name[3], "outer") == 0,
	   "the child's sethostname does not change the parent's");
	ok(strcmp(res->name[2], "child") == 0,
	   "the parent's sethostname does not change the child's");
}

/* clone3 takes CLONE_NEWUTS in its 64-bit flags. */
struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls;
};

static void clone3_child(void *arg)
{
	struct clone_args_v0 args = { .flags = CLONE_NEWUTS,
				      .exit_signal = SIGCHLD };
	long pid;

	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "before", 6))
		_exit(10);
	pid = sc(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		nodename(res->name[0]);
		sc(SYS_sethostname, "clone3", 6);
		_exit(0);
	}
	res->r[0] = exited_with(wait_status(pid), 0);
	nodename(res->name[1]);
}

static void test_clone3_newuts(void)
{
	results_reset();
	ok(exited_with(run_child(clone3_child, NULL), 0),
	   "the clone3 test's process exits normally");
	is(res->r[0], 1, "clone3(CLONE_NEWUTS) makes a child that exits");
	ok(strcmp(res->name[0], "before") == 0,
	   "the clone3 child starts with its parent's hostname");
	ok(strcmp(res->name[1], "before") == 0,
	   "the clone3 child's sethostname leaves its parent's alone");
}

/* A vfork child may have a namespace of its own, too. */
static void vfork_child(void *arg)
{
	long pid;

	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "vparent", 7))
		_exit(10);
	pid = sc(SYS_clone, CLONE_NEWUTS | CLONE_VM | CLONE_VFORK | SIGCHLD,
		 0, 0, 0, 0);
	if (pid == 0) {
		sc(SYS_sethostname, "vchild", 6);
		sc(SYS_exit, 0);
	}
	res->r[0] = exited_with(wait_status(pid), 0);
	nodename(res->name[0]);
}

static void test_vfork_newuts(void)
{
	results_reset();
	ok(exited_with(run_child(vfork_child, NULL), 0),
	   "the vfork test's process exits normally");
	is(res->r[0], 1, "clone(CLONE_NEWUTS|CLONE_VM|CLONE_VFORK) works");
	ok(strcmp(res->name[0], "vparent") == 0,
	   "the vfork child's sethostname leaves its parent's alone");
}

/* ---- sethostname and setdomainname: lengths, bytes, faults ---- */

static void errors_child(void *arg)
{
	char name64[64], buf[80];
	struct utsname u;

	if (sc(SYS_unshare, CLONE_NEWUTS) || sc(SYS_sethostname, "keep", 4))
		_exit(10);
	res->r[0] = sc(SYS_sethostname, "x", -1);
	res->r[1] = sc(SYS_sethostname, "x", 65);
	res->r[2] = sc(SYS_sethostname, BAD_USER_ADDR, 4);
	res->r[3] = sc(SYS_sethostname, KERNEL_ADDR, 4);
	res->r[4] = sc(SYS_setdomainname, "x", -1);
	res->r[5] = sc(SYS_setdomainname, "x", 65);
	res->r[6] = sc(SYS_setdomainname, BAD_USER_ADDR, 1);
	nodename(res->name[0]);			/* still "keep" */

	memset(name64, 'h', sizeof(name64));	/* 64 bytes, no NUL */
	res->r[7] = sc(SYS_sethostname, name64, 64);
	sc(SYS_uname, &u);
	res->r[8] = strlen(u.nodename);
	/* Shorter after longer: the rest is cleared, not left over. */
	res->r[9] = sc(SYS_sethostname, "ab", 2);
	nodename(res->name[1]);
	/* The bytes as given, a NUL among them included. */
	res->r[10] = sc(SYS_sethostname, "a\0b", 3);
	sc(SYS_uname, &u);
	res->r[11] = memcmp(u.nodename, "a\0b\0", 4) == 0;
	/* Length 0: an empty name, and the pointer is never read. */
	res->r[12] = sc(SYS_sethostname, BAD_USER_ADDR, 0);
	nodename(buf);
	res->r[13] = strlen(buf);
	res->r[14] = sc(SYS_uname, BAD_USER_ADDR);
}

static void test_sethostname_errors(void)
{
	results_reset();
	ok(exited_with(run_child(errors_child, NULL), 0),
	   "the error test's process exits normally");
	is(res->r[0], -EINVAL, "sethostname with a negative length is EINVAL");
	is(res->r[1], -EINVAL, "sethostname with 65 bytes is EINVAL");
	is(res->r[2], -EFAULT, "sethostname with a bad pointer is EFAULT");
	is(res->r[3], -EFAULT, "sethostname with a kernel pointer is EFAULT");
	is(res->r[4], -EINVAL, "setdomainname with a negative length is EINVAL");
	is(res->r[5], -EINVAL, "setdomainname with 65 bytes is EINVAL");
	is(res->r[6], -EFAULT, "setdomainname with a bad pointer is EFAULT");
	ok(strcmp(res->name[0], "keep") == 0,
	   "a refused sethostname leaves the name as it was");
	is(res->r[7], 0, "sethostname takes exactly 64 bytes");
	is(res->r[8], 64, "a 64-byte hostname reads back whole, NUL-ended");
	is(res->r[9], 0, "a shorter name after a longer one is set");
	ok(strcmp(res->name[1], "ab") == 0,
	   "and nothing of the longer one is left behind it");
	is(res->r[10], 0, "sethostname takes a NUL among its bytes");
	is(res->r[11], 1, "and uname shows the bytes as given");
	is(res->r[12], 0, "sethostname with length 0 never reads the pointer");
	is(res->r[13], 0, "and the hostname is then empty");
	is(res->r[14], -EFAULT, "uname with a bad pointer is EFAULT");
}

/* Many namespaces, one after another, in one process. */
static void many_child(void *arg)
{
	char want[16];

	for (int i = 0; i < 100; i++) {
		snprintf(want, sizeof(want), "ns%d", i);
		if (sc(SYS_unshare, CLONE_NEWUTS) ||
		    sc(SYS_sethostname, want, strlen(want)))
			_exit(1);
	}
	nodename(res->name[0]);
}

static void test_many_unshares(void)
{
	char before[80];

	results_reset();
	nodename(before);
	ok(exited_with(run_child(many_child, NULL), 0),
	   "a process unshares its UTS namespace 100 times");
	ok(strcmp(res->name[0], "ns99") == 0,
	   "and sees the name it set last");
	nodename(res->name[1]);
	ok(strcmp(before, res->name[1]) == 0,
	   "its parent's hostname is unchanged");
}

/* ---- privilege ---- */

static void unprivileged_child(void *arg)
{
	res->r[0] = sc(SYS_setuid, 1000);
	if (res->r[0])
		return;
	res->r[1] = sc(SYS_sethostname, "nope", 4);
	res->r[2] = sc(SYS_sethostname, "nope", -1);	/* EPERM comes first */
	res->r[3] = sc(SYS_unshare, CLONE_NEWUTS);
	res->r[4] = sc(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (res->r[4] == 0)
		_exit(0);
}

static void test_unprivileged(void)
{
	results_reset();
	run_child(unprivileged_child, NULL);
	if (res->r[0] == -ENOSYS) {
		for (int i = 0; i < 4; i++)
			skip("no setuid(2) yet (credentials, Step 4)",
			     "EPERM without CAP_SYS_ADMIN, case %d", i + 1);
		return;
	}
	is(res->r[1], -EPERM, "sethostname without CAP_SYS_ADMIN is EPERM");
	is(res->r[2], -EPERM, "EPERM is checked before the length's EINVAL");
	is(res->r[3], -EPERM, "unshare(CLONE_NEWUTS) without CAP_SYS_ADMIN is EPERM");
	is(res->r[4], -EPERM, "clone(CLONE_NEWUTS) without CAP_SYS_ADMIN is EPERM");
}

/* ---- the flag rules of unshare(2) and clone(2) ---- */

static void flags_child(void *arg)
{
	static const long bad[] = {
		CLONE_PARENT, CLONE_VFORK, CLONE_SETTLS, CLONE_PIDFD_,
		CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID,
		CLONE_IO, CLONE_PTRACE, CLONE_UNTRACED, CLONE_DETACHED_,
		SIGCHLD, 1L << 32,
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		if (sc(SYS_unshare, bad[k]) != -EINVAL)
			res->r[0] = bad[k];
	if (res->r[0] == -9999)
		res->r[0] = 0;
	res->r[1] = sc(SYS_unshare, 0);
	/* Nothing shared, so nothing to unshare: each is a no-op. */
	res->r[2] = sc(SYS_unshare, CLONE_FS);
	res->r[3] = sc(SYS_unshare, CLONE_FILES);
	res->r[4] = sc(SYS_unshare, CLONE_SYSVSEM);
	res->r[5] = sc(SYS_unshare, CLONE_THREAD);
	res->r[6] = sc(SYS_unshare, CLONE_SIGHAND);
	res->r[7] = sc(SYS_unshare, CLONE_VM);
	res->r[8] = sc(SYS_unshare, CLONE_NEWUTS | CLONE_FS | CLONE_FILES);
}

static void test_unshare_flags(void)
{
	results_reset();
	ok(exited_with(run_child(flags_child, NULL), 0),
	   "the flag test's process exits normally");
	is(res->r[0], 0, "unshare refuses with EINVAL every clone-only flag "
	   "(PARENT, VFORK, SETTLS, PIDFD, *_SETTID, CHILD_CLEARTID, IO, "
	   "PTRACE, UNTRACED, DETACHED, a signal, bits above 31)");
	is(res->r[1], 0, "unshare(0) does nothing and returns 0");
	is(res->r[2], 0, "unshare(CLONE_FS) returns 0");
	is(res->r[3], 0, "unshare(CLONE_FILES) returns 0");
	is(res->r[4], 0, "unshare(CLONE_SYSVSEM) returns 0");
	is(res->r[5], 0, "unshare(CLONE_THREAD) of a single thread returns 0");
	is(res->r[6], 0, "unshare(CLONE_SIGHAND) of an unshared table returns 0");
	is(res->r[7], 0, "unshare(CLONE_VM) of a single-user mm returns 0");
	is(res->r[8], 0, "unshare(CLONE_NEWUTS|CLONE_FS|CLONE_FILES) returns 0");
}

/*
 * CLONE_FS and CLONE_FILES undone after the fact: a CLONE_FS|CLONE_FILES
 * child shares its parent's cwd and descriptor table until it unshares.
 */
static int fs_child_fn(void)
{
	int fds[2];

	res->r[0] = sc(SYS_unshare, CLONE_FS | CLONE_FILES);
	sc(SYS_chdir, "/");
	res->r[1] = sc(SYS_pipe2, fds, 0);	/* only in its own table now */
	res->r[2] = fds[0];
	sc(SYS_exit, 0);
	return 0;
}

static void test_unshare_fs_files(void)
{
	char before[256], after[256];
	long pid;
	int fd;

	results_reset();
	sc(SYS_chdir, "/bin");
	if (!getcwd(before, sizeof(before)))
		before[0] = 0;
	pid = sc(SYS_clone, CLONE_FS | CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		fs_child_fn();
	ok(exited_with(wait_status(pid), 0),
	   "a CLONE_FS|CLONE_FILES child unshares both and exits");
	is(res->r[0], 0, "unshare(CLONE_FS|CLONE_FILES) of shared ones returns 0");
	if (!getcwd(after, sizeof(after)))
		after[0] = 0;
	ok(strcmp(before, after) == 0,
	   "after unshare(CLONE_FS) the child's chdir leaves the parent's cwd");
	fd = res->r[1] == 0 ? res->r[2] : -1;
	ok(fd >= 0 && sc(SYS_fcntl, fd, F_GETFD) == -EBADF,
	   "after unshare(CLONE_FILES) the child's new fds are not the parent's");
	sc(SYS_chdir, "/");
}

/* unshare(CLONE_VM) by a vfork child: its parent shares the mm. */
static void test_unshare_vm_vfork(void)
{
	static volatile long got;
	int st;
	pid_t pid;

	got = -9999;
	pid = vfork();
	if (pid == 0) {
		got = sc(SYS_unshare, CLONE_VM);
		_exit(0);
	}
	st = wait_status(pid);
	ok(exited_with(st, 0), "the vfork child exits");
	is(got, -EINVAL, "unshare(CLONE_VM) in a vfork child is EINVAL");
}

static void test_clone_flag_rules(void)
{
	is(sc(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0), -EINVAL,
	   "clone(CLONE_NEWNS|CLONE_FS) is EINVAL");
	is(sc(SYS_clone, CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0),
	   -EINVAL, "clone(CLONE_NEWUSER|CLONE_FS) is EINVAL");
	is(sc(SYS_clone, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD,
	      0, 0, 0, 0), -EINVAL,
	   "clone(CLONE_NEWIPC|CLONE_SYSVSEM) is EINVAL");
	is(sc(SYS_clone, CLONE_NEWUSER | CLONE_THREAD | CLONE_SIGHAND |
	      CLONE_VM, 0, 0, 0, 0), -EINVAL,
	   "clone(CLONE_NEWUSER|CLONE_THREAD) is EINVAL");
	is(sc(SYS_clone, CLONE_NEWPID | CLONE_THREAD | CLONE_SIGHAND |
	      CLONE_VM, 0, 0, 0, 0), -EINVAL,
	   "clone(CLONE_NEWPID|CLONE_THREAD) is EINVAL");
	is(sc(SYS_clone, CLONE_NEWUTS | CLONE_THREAD | SIGCHLD, 0, 0, 0, 0),
	   -EINVAL, "clone(CLONE_NEWUTS|CLONE_THREAD) without SIGHAND is EINVAL");
}

void suite_uts(void)
{
	tap_plan(69);
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		diag("mmap of the results page failed");
		return;
	}
	test_unshare_hides_names();
	test_clone_newuts();
	test_clone3_newuts();
	test_vfork_newuts();
	test_sethostname_errors();
	test_many_unshares();
	test_unprivileged();
	test_unshare_flags();
	test_unshare_fs_files();
	test_unshare_vm_vfork();
	test_clone_flag_rules();
	munmap(res, sizeof(*res));
}

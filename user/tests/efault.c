/*
 * efault.c — every Step 2 system call that takes a pointer returns
 * -EFAULT for a bad one (errno(3): "Bad address"), for a never-mapped
 * user address and for a kernel address alike, and the caller lives on.
 * Raw system calls: libc must not check or mask anything. The two calls
 * that store a pointer for later without reading it (set_tid_address,
 * set_robust_list) succeed, as in Linux.
 */
#include <signal.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "utest.h"

#define ARCH_GET_FS 0x1003

static void test_io(void)
{
	struct iovec bad_base = { BAD_USER_ADDR, 10 };

	is(sc(SYS_write, 1, BAD_USER_ADDR, 10), -EFAULT,
	   "write from an unmapped address is EFAULT");
	is(sc(SYS_write, 1, KERNEL_ADDR, 10), -EFAULT,
	   "write from a kernel address is EFAULT");
	is(sc(SYS_read, 0, KERNEL_ADDR, 10), -EFAULT,
	   "read into a kernel address is EFAULT");
	is(sc(SYS_writev, 1, BAD_USER_ADDR, 1), -EFAULT,
	   "writev with a bad iovec array is EFAULT");
	is(sc(SYS_writev, 1, &bad_base, 1), -EFAULT,
	   "writev with a bad iov_base is EFAULT");

	struct termios t;
	if (sc(SYS_ioctl, 1, TCGETS, &t) == 0)
		is(sc(SYS_ioctl, 1, TCGETS, KERNEL_ADDR), -EFAULT,
		   "ioctl(TCGETS) into a kernel address is EFAULT");
	else
		skip("stdout is not a terminal",
		     "ioctl(TCGETS) into a kernel address is EFAULT");
}

static void test_info_calls(void)
{
	is(sc(SYS_uname, BAD_USER_ADDR), -EFAULT,
	   "uname into an unmapped address is EFAULT");
	is(sc(SYS_uname, KERNEL_ADDR), -EFAULT,
	   "uname into a kernel address is EFAULT");
	is(sc(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_USER_ADDR), -EFAULT,
	   "clock_gettime into a bad address is EFAULT");
	is(sc(SYS_getrandom, KERNEL_ADDR, 16, 0), -EFAULT,
	   "getrandom into a kernel address is EFAULT");
	is(sc(SYS_getrandom, BAD_USER_ADDR, 16, 0), -EFAULT,
	   "getrandom into an unmapped address is EFAULT");
	is(sc(SYS_prlimit64, 0, 3, 0, BAD_USER_ADDR), -EFAULT,
	   "prlimit64 with a bad old_limit is EFAULT");
	is(sc(SYS_prlimit64, 0, 3, KERNEL_ADDR, 0), -EFAULT,
	   "prlimit64 with a bad new_limit is EFAULT");
	is(sc(SYS_arch_prctl, ARCH_GET_FS, KERNEL_ADDR), -EFAULT,
	   "arch_prctl(ARCH_GET_FS) into a kernel address is EFAULT");
}

static void test_sleep_calls(void)
{
	is(sc(SYS_nanosleep, BAD_USER_ADDR, 0), -EFAULT,
	   "nanosleep with a bad request is EFAULT");
	is(sc(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, KERNEL_ADDR, 0), -EFAULT,
	   "clock_nanosleep with a bad request is EFAULT");
}

static void test_signal_calls(void)
{
	is(sc(SYS_rt_sigaction, SIGUSR1, BAD_USER_ADDR, 0, 8), -EFAULT,
	   "rt_sigaction with a bad act is EFAULT");
	is(sc(SYS_rt_sigaction, SIGUSR1, 0, KERNEL_ADDR, 8), -EFAULT,
	   "rt_sigaction with a bad oldact is EFAULT");
	is(sc(SYS_rt_sigprocmask, SIG_BLOCK, BAD_USER_ADDR, 0, 8), -EFAULT,
	   "rt_sigprocmask with a bad set is EFAULT");
	is(sc(SYS_rt_sigprocmask, SIG_BLOCK, 0, KERNEL_ADDR, 8), -EFAULT,
	   "rt_sigprocmask with a bad oldset is EFAULT");
}

static void test_wait_calls(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	is(sc(SYS_wait4, pid, BAD_USER_ADDR, 0, 0), -EFAULT,
	   "wait4 with a bad status pointer is EFAULT");
	waitpid(pid, NULL, WNOHANG);	/* in case it was not reaped */

	pid = fork();
	if (pid == 0)
		_exit(0);
	is(sc(SYS_wait4, pid, 0, 0, KERNEL_ADDR), -EFAULT,
	   "wait4 with a bad rusage pointer is EFAULT");
	waitpid(pid, NULL, WNOHANG);

	pid = fork();
	if (pid == 0)
		_exit(0);
	is(sc(SYS_waitid, P_PID, pid, BAD_USER_ADDR, WEXITED, 0), -EFAULT,
	   "waitid with a bad infop is EFAULT");
	waitpid(pid, NULL, WNOHANG);
}

/* Runs execve with these arguments in a child: the -errno it returned. */
static int execve_error(const char *path, char *const *argv)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit((int)-sc(SYS_execve, path, argv, 0));
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void stored_pointers(void *arg)
{
	/* Both store the pointer for later; neither reads it now. */
	if (sc(SYS_set_robust_list, BAD_USER_ADDR, 24) != 0)
		_exit(1);
	_exit(sc(SYS_set_tid_address, BAD_USER_ADDR) == sc(SYS_gettid) ?
		      0 : 2);
}

static void test_exec_and_stored(void)
{
	char *bad_argv[] = { BAD_USER_ADDR, NULL };
	int st;

	is(execve_error(BAD_USER_ADDR, NULL), EFAULT,
	   "execve with a bad path pointer is EFAULT");
	is(execve_error(KERNEL_ADDR, NULL), EFAULT,
	   "execve with a kernel path pointer is EFAULT");
	is(execve_error(sibling_path("exec-helper"), BAD_USER_ADDR), EFAULT,
	   "execve with a bad argv array is EFAULT");
	is(execve_error(sibling_path("exec-helper"), bad_argv), EFAULT,
	   "execve with a bad argv[0] string is EFAULT");
	st = run_child(stored_pointers, NULL);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "set_robust_list and set_tid_address accept any pointer (stored, not read)");
}

void suite_efault(void)
{
	tap_plan(28);
	test_io();
	test_info_calls();
	test_sleep_calls();
	test_signal_calls();
	test_wait_calls();
	test_exec_and_stored();
}

/*
 * utest.h — what the suites of utest share: raw system calls that return
 * Linux's -errno unchanged, running a function in a child, sleeping and
 * reading the clock, and the path of the exec helper.
 *
 * The raw call matters: libc wrappers may check arguments themselves or
 * fold the error into errno; sc() shows exactly what the kernel said.
 */
#ifndef NOOK_UTEST_H
#define NOOK_UTEST_H

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include "tap.h"

/* A system call with up to six arguments; returns the raw result (-errno). */
static inline long sc6(long nr, long a1, long a2, long a3, long a4, long a5,
		       long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define sc_n(nr, a, b, c, d, e, f, ...) \
	sc6((nr), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
	    (long)(f))
/* sc(SYS_write, 1, buf, n): pad the missing arguments with zeros. */
#define sc(...) sc_n(__VA_ARGS__, 0, 0, 0, 0, 0, 0)

/* An address no user process may touch: the start of Linux's direct map. */
#define KERNEL_ADDR ((void *)0xffff888000000000UL)
/* A user address that is never mapped (below the lowest mmap address). */
#define BAD_USER_ADDR ((void *)1)

/*
 * Runs fn(arg) in a forked child, which then exits 0 (fn may exit or die
 * itself); returns the wait status the parent saw, or -1 if fork or wait4
 * failed.
 */
int run_child(void (*fn)(void *arg), void *arg);
/*
 * For checks made in a child (one whose ok() lines would repeat the
 * parent's numbers): a failed CHECK ends the child with its line number
 * (never 0), and in_child(fn) returns 0 when every CHECK in fn held,
 * else that number, 1000 + the signal that killed it, or -1.
 */
#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			_exit(__LINE__ % 250 + 1);			\
	} while (0)
int in_child(void (*fn)(void));
/* Copies src into a new file dst of mode; 0 when every byte arrived. */
int copy_file(const char *src, const char *dst, int mode);
/* A child that sleeps until killed. Returns its pid. */
int spawn_sleeper(void);
/* nanosleep(2) for ms milliseconds (restarted if a signal cuts it short). */
void sleep_ms(long ms);
/*
 * Polls /proc/PID/stat until the process's state letter is one of
 * states ("S", "Z", "TS"...); returns it, or 0 if none came within
 * STATE_WAIT_MS. An event to wait for in place of a guessed sleep.
 */
#define STATE_WAIT_MS 20000
char wait_for_state(pid_t pid, const char *states);
/*
 * How long a signal, a handler and a write may take to show up: only a
 * failing test (or a reader whose writers are all gone) waits that long.
 */
#define EVENT_MS	20000
/* dir/rel, in one of four rotating buffers (several per call). */
const char *path_in(const char *dir, const char *rel);
/* The next byte on fd within ms, or -1. */
int read_byte_within(int fd, int ms);
/* Until the parent that made us (first_parent) has gone: init's now. */
void wait_for_reparent(pid_t first_parent);

/*
 * Forks a process that vforks a child which sleeps 20 s; once the child
 * runs, sends sig to the vfork parent and reaps it. Returns the parent's
 * wait status; *early says whether it was gone while its child still
 * slept (so "at once" needs no clock). The child is then killed.
 */
int kill_vfork_parent(int sig, int *early);
/* CLOCK_MONOTONIC in nanoseconds. */
long long now_ns(void);
/* The full path of a program next to utest (utest's own argv[0] dir). */
const char *sibling_path(const char *name);

extern const char *utest_argv0;

/* The suites, one per file. */
void suite_fork(void);
void suite_wait(void);
void suite_exec(void);
void suite_mem(void);
void suite_fault(void);
void suite_signal(void);
void suite_efault(void);
void suite_misc(void);
void suite_fd(void);
void suite_pipe(void);
void suite_file(void);
void suite_jobctl(void);
void suite_io(void);
void suite_tty(void);
void suite_mount(void);
void suite_proc(void);
void suite_dev(void);
void suite_statfs(void);
void suite_cred(void);
void suite_perm(void);
void suite_uts(void);
void suite_setns(void);
void suite_failnth(void);

#endif

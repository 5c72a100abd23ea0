/*
 * signal.c — signals: rt_sigaction(2) handlers run (and rt_sigreturn
 * brings the program back), sigprocmask(2) holds a signal until it is
 * unblocked, SA_SIGINFO and SA_RESETHAND, kill(2)'s checks, and the
 * default actions of signal(7): SIGTERM and SIGINT terminate, SIGKILL
 * cannot be caught, blocked or ignored, SIGCHLD is ignored; a fatal
 * signal other than SIGKILL also ends a killable sleep (a vfork parent's).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <ucontext.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

static volatile sig_atomic_t got_sig, got_count, blocked_inside;

static void handler(int sig)
{
	sigset_t now;

	got_sig = sig;
	got_count++;
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
}

static volatile pid_t info_pid;
static volatile int info_code, info_signo;

static void info_handler(int sig, siginfo_t *si, void *ctx)
{
	info_signo = si->si_signo;
	info_pid = si->si_pid;
	info_code = si->si_code;
}

static void test_handlers(void)
{
	struct sigaction sa = { .sa_handler = handler }, old;

	got_sig = got_count = 0;
	is(sigaction(SIGUSR1, &sa, NULL), 0, "rt_sigaction installs a handler");
	kill(getpid(), SIGUSR1);
	is(got_sig, SIGUSR1,
	   "the handler runs on kill(getpid(), SIGUSR1) before kill returns");
	ok(blocked_inside,
	   "the signal is blocked while its handler runs (no SA_NODEFER)");
	sigaction(SIGUSR1, NULL, &old);
	ok(old.sa_handler == handler,
	   "rt_sigaction's oldact returns the installed handler");

	got_sig = 0;
	sigaction(SIGINT, &sa, NULL);
	kill(getpid(), SIGINT);
	is(got_sig, SIGINT, "a SIGINT handler runs instead of the default action");
	signal(SIGINT, SIG_DFL);

	struct sigaction si = { .sa_sigaction = info_handler,
				.sa_flags = SA_SIGINFO };
	sigaction(SIGUSR2, &si, NULL);
	kill(getpid(), SIGUSR2);
	ok(info_signo == SIGUSR2 && info_pid == getpid() &&
	   info_code == SI_USER,
	   "SA_SIGINFO: si_signo, si_pid of the sender and si_code SI_USER");

	struct sigaction once = { .sa_handler = handler,
				  .sa_flags = SA_RESETHAND };
	sigaction(SIGUSR2, &once, NULL);
	got_count = 0;
	kill(getpid(), SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	ok(got_count == 1 && old.sa_handler == SIG_DFL,
	   "SA_RESETHAND: the handler runs once, then the action is SIG_DFL");
	signal(SIGUSR1, SIG_DFL);
}

static void test_mask(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t usr1, old, now;

	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	got_count = 0;
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	is(got_count, 0, "a blocked signal is not delivered");
	sigprocmask(SIG_SETMASK, &old, NULL);
	is(got_count, 1,
	   "unblocking delivers it once (standard signals do not queue)");

	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	sigprocmask(SIG_BLOCK, NULL, &now);
	ok(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP),
	   "sigprocmask silently refuses to block SIGKILL and SIGSTOP");
	sigprocmask(SIG_SETMASK, &old, NULL);
	is(sc(SYS_rt_sigprocmask, 99, &usr1, 0, 8), -EINVAL,
	   "rt_sigprocmask with an unknown 'how' is EINVAL");
	signal(SIGUSR1, SIG_DFL);
}

static void test_sigaction_errors(void)
{
	struct sigaction sa = { .sa_handler = handler };

	errno = 0;
	ok(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL,
	   "rt_sigaction(SIGKILL) is EINVAL: SIGKILL cannot be caught");
	errno = 0;
	ok(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL,
	   "rt_sigaction(SIGSTOP) is EINVAL");
	is(sc(SYS_rt_sigaction, 0, 0, 0, 8), -EINVAL,
	   "rt_sigaction of signal 0 is EINVAL");
	is(sc(SYS_rt_sigaction, 65, 0, 0, 8), -EINVAL,
	   "rt_sigaction of signal 65 is EINVAL");
	is(sc(SYS_rt_sigaction, SIGUSR1, 0, 0, 4), -EINVAL,
	   "rt_sigaction with sigsetsize other than 8 is EINVAL");
}

static void test_kill_checks(void)
{
	pid_t pid = spawn_sleeper();
	int st;

	is(kill(pid, 0), 0, "kill(pid, 0) of a live process returns 0");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	errno = 0;
	ok(kill(pid, 0) == -1 && errno == ESRCH,
	   "kill of a reaped pid is ESRCH");
	is(sc(SYS_kill, getpid(), 65), -EINVAL,
	   "kill with signal 65 is EINVAL");
}

/* Blocks every signal, then says so by closing ready (its last writer). */
static void block_all_then_sleep(int ready)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	signal(SIGTERM, SIG_IGN);
	close(ready);
	for (;;)
		sleep_ms(1000);
}

static void raise_sigchld(void *arg)
{
	kill(getpid(), SIGCHLD);
	kill(getpid(), SIGURG);
	_exit(0);
}

/* The status of a sleeping child killed by sig. */
static int kill_sleeper(int sig)
{
	pid_t pid = spawn_sleeper();
	int st = -1;

	wait_for_state(pid, "S");
	kill(pid, sig);
	waitpid(pid, &st, 0);
	return st;
}

static void test_default_actions(void)
{
	int st = kill_sleeper(SIGTERM);

	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "SIGTERM's default action terminates the process");
	st = kill_sleeper(SIGINT);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT,
	   "SIGINT's default action terminates the process");
	st = kill_sleeper(SIGUSR1);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1,
	   "SIGUSR1's default action terminates the process");

	int ready[2];
	char c;

	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		block_all_then_sleep(ready[1]);
	}
	close(ready[1]);
	read(ready[0], &c, 1);	/* end of file: the child blocks all */
	close(ready[0]);
	kill(pid, SIGTERM);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "SIGKILL kills a process that blocks every signal");

	st = run_child(raise_sigchld, NULL);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "SIGCHLD and SIGURG are ignored by default: the process lives on");
}

/* Sets a reserved MXCSR bit in the frame rt_sigreturn will load. */
static void poison_mxcsr(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	uc->uc_mcontext.fpregs->mxcsr |= 0xffff0000u;
}

static void return_with_bad_mxcsr(void *arg)
{
	struct sigaction sa = { .sa_sigaction = poison_mxcsr,
				.sa_flags = SA_SIGINFO };

	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	_exit(0);	/* reached only if the bad frame was accepted */
}

/*
 * rt_sigreturn(2) loads the FPU image from user memory: one the CPU
 * would refuse (reserved MXCSR bits) must kill the task with SIGSEGV,
 * not fault inside the kernel.
 */
static void test_bad_fpu_frame(void)
{
	int st = run_child(return_with_bad_mxcsr, NULL);

	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "rt_sigreturn with reserved MXCSR bits kills with SIGSEGV");
}

/*
 * SIGTERM with its default action is as fatal as SIGKILL: Linux's
 * complete_signal turns it into a group exit, which ends even the vfork
 * parent's killable wait at once, and the status still says SIGTERM.
 */
static void test_fatal_ends_killable_wait(void)
{
	int early, st = kill_vfork_parent(SIGTERM, &early);

	ok(early, "SIGTERM (default action) ends a vfork parent still waiting for its child");
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "... and its status says SIGTERM, not SIGKILL");
}

void suite_signal(void)
{
	tap_plan(27);
	test_handlers();
	test_mask();
	test_sigaction_errors();
	test_kill_checks();
	test_default_actions();
	test_bad_fpu_frame();
	test_fatal_ends_killable_wait();
}

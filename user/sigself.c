/*
 * user/sigself.c — signals a process can check on itself, without fork:
 * handlers run (and rt_sigreturn resumes the interrupted code with its
 * registers, FPU included), the mask holds signals back, siginfo says
 * who sent what, faults become catchable signals (signal(7),
 * sigaction(2), sigprocmask(2), sigsuspend(2)). Prints TAP; passes on
 * the host's Linux too. In Nook: make run CMDLINE='rdinit=/bin/sigself'
 * (as pid 1: signals without a handler are ignored, as Linux does for
 * init, so every check here installs one).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures, n;

#define ok(cond, ...)							\
	do {								\
		int ok_ = !!(cond);					\
		printf("%sok %d - ", ok_ ? "" : "not ", ++n);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		failures += !ok_;					\
	} while (0)

static long sc(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static volatile sig_atomic_t got, count, blocked_inside, order[4], norder;
static volatile int si_signo_, si_code_, si_pid_;
static volatile void *si_addr_;

static void handler(int sig)
{
	sigset_t now;

	got = sig;
	count++;
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	si_signo_ = si->si_signo;
	si_code_ = si->si_code;
	si_pid_ = si->si_pid;
}

static void test_handler_runs(void)
{
	struct sigaction sa = { .sa_handler = handler }, old;

	ok(sigaction(SIGUSR1, &sa, NULL) == 0, "rt_sigaction installs a handler");
	got = 0;
	kill(getpid(), SIGUSR1);
	ok(got == SIGUSR1, "the handler runs before kill(getpid()) returns");
	ok(blocked_inside, "the signal is blocked inside its own handler");
	sigaction(SIGUSR1, NULL, &old);
	ok(old.sa_handler == handler, "oldact gives the handler back");

	struct sigaction nd = { .sa_handler = handler, .sa_flags = SA_NODEFER };
	sigaction(SIGUSR1, &nd, NULL);
	kill(getpid(), SIGUSR1);
	ok(!blocked_inside, "SA_NODEFER: not blocked inside its handler");

	struct sigaction si = { .sa_sigaction = info_handler,
				.sa_flags = SA_SIGINFO };
	sigaction(SIGUSR2, &si, NULL);
	kill(getpid(), SIGUSR2);
	ok(si_signo_ == SIGUSR2 && si_code_ == SI_USER && si_pid_ == getpid(),
	   "SA_SIGINFO: si_signo, si_code SI_USER, si_pid (%d %d %d)",
	   si_signo_, si_code_, si_pid_);
	sc(SYS_tkill, syscall(SYS_gettid), SIGUSR2, 0, 0);
	ok(si_code_ == SI_TKILL, "tkill: si_code SI_TKILL (%d)", si_code_);
	si_code_ = 0;
	sc(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2, 0);
	ok(si_code_ == SI_TKILL, "tgkill: si_code SI_TKILL");

	struct sigaction once = { .sa_handler = handler,
				  .sa_flags = SA_RESETHAND };
	sigaction(SIGUSR2, &once, NULL);
	count = 0;
	kill(getpid(), SIGUSR2);
	sigaction(SIGUSR2, NULL, &old);
	ok(count == 1 && old.sa_handler == SIG_DFL,
	   "SA_RESETHAND: runs once, then SIG_DFL");
}

static void test_mask(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t usr1, old, now, pend;

	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	count = 0;
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	ok(count == 0, "a blocked signal is not delivered");
	sigpending(&pend);
	ok(sigismember(&pend, SIGUSR1), "rt_sigpending shows it");
	sigprocmask(SIG_SETMASK, &old, NULL);
	ok(count == 1, "unblocking delivers it once (%d)", (int)count);

	sigset_t all;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	sigprocmask(SIG_BLOCK, NULL, &now);
	ok(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP),
	   "SIGKILL and SIGSTOP cannot be blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* sigsuspend: the handler runs, EINTR, and the old mask is back */
	sigprocmask(SIG_BLOCK, &usr1, &old);
	kill(getpid(), SIGUSR1);
	count = 0;
	sigset_t empty;
	sigemptyset(&empty);
	errno = 0;
	int r = sigsuspend(&empty);
	sigprocmask(SIG_BLOCK, NULL, &now);
	ok(r == -1 && errno == EINTR && count == 1 &&
	   sigismember(&now, SIGUSR1),
	   "sigsuspend: handler ran, EINTR, mask restored");
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* SIG_IGN drops a pending signal */
	sigprocmask(SIG_BLOCK, &usr1, &old);
	kill(getpid(), SIGUSR1);
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pend);
	ok(!sigismember(&pend, SIGUSR1), "SIG_IGN discards a pending signal");
	sigprocmask(SIG_SETMASK, &old, NULL);
	kill(getpid(), SIGUSR1);
	ok(1, "an ignored signal does nothing");
	kill(getpid(), SIGCHLD);
	kill(getpid(), SIGURG);
	ok(1, "SIGCHLD and SIGURG are ignored by default");
}

static void test_errors(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t s;

	sigemptyset(&s);
	ok(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL,
	   "rt_sigaction(SIGKILL) is EINVAL");
	ok(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL,
	   "rt_sigaction(SIGSTOP) is EINVAL");
	ok(sc(SYS_rt_sigaction, 0, 0, 0, 8) == -EINVAL, "signal 0 is EINVAL");
	ok(sc(SYS_rt_sigaction, 65, 0, 0, 8) == -EINVAL, "signal 65 is EINVAL");
	ok(sc(SYS_rt_sigaction, SIGUSR1, 0, 0, 4) == -EINVAL,
	   "sigsetsize 4 is EINVAL");
	ok(sc(SYS_rt_sigaction, SIGUSR1, 1, 0, 8) == -EFAULT,
	   "rt_sigaction: a bad act is EFAULT");
	ok(sc(SYS_rt_sigaction, SIGUSR1, 0, 0xffff888000000000L, 8) == -EFAULT,
	   "rt_sigaction: a kernel oldact is EFAULT");
	ok(sc(SYS_rt_sigprocmask, 99, (long)&s, 0, 8) == -EINVAL,
	   "rt_sigprocmask: unknown how is EINVAL");
	ok(sc(SYS_rt_sigprocmask, SIG_BLOCK, 1, 0, 8) == -EFAULT,
	   "rt_sigprocmask: a bad set is EFAULT");
	ok(sc(SYS_rt_sigprocmask, SIG_BLOCK, 0, 0xffff888000000000L, 8) ==
	   -EFAULT, "rt_sigprocmask: a kernel oldset is EFAULT");
	ok(sc(SYS_kill, getpid(), 65, 0, 0) == -EINVAL, "kill(self, 65) is EINVAL");
	ok(sc(SYS_kill, getpid(), 0, 0, 0) == 0, "kill(self, 0) is 0");
	ok(sc(SYS_kill, 30000, 0, 0, 0) == -ESRCH, "kill of no such pid is ESRCH");
	ok(sc(SYS_tkill, 0, SIGUSR1, 0, 0) == -EINVAL, "tkill(0) is EINVAL");
	ok(sc(SYS_tgkill, getpid() + 1000, getpid(), SIGUSR1, 0) == -ESRCH,
	   "tgkill with the wrong group is ESRCH");
}

/* The handler clobbers xmm7 and general registers: all must come back. */
static void clobber_handler(int sig)
{
	__asm__ volatile("pcmpeqd %%xmm7, %%xmm7" ::: "xmm7");
	count++;
}

static void test_registers_preserved(void)
{
	struct sigaction sa = { .sa_handler = clobber_handler };
	unsigned long in = 0x1122334455667788UL, out, rbx = 0xabcdef;
	long ret;

	sigaction(SIGUSR1, &sa, NULL);
	count = 0;
	__asm__ volatile("movq %[in], %%xmm7\n\t"
			 "syscall\n\t"
			 "movq %%xmm7, %[out]"
			 : [out] "=r"(out), "=a"(ret), "+b"(rbx)
			 : [in] "r"(in), "a"((long)SYS_kill), "D"((long)getpid()),
			   "S"((long)SIGUSR1)
			 : "rcx", "r11", "memory", "xmm7");
	ok(count == 1 && ret == 0, "the handler ran during the syscall");
	ok(out == in, "xmm7 survives a handler that changes it (%lx)", out);
	ok(rbx == 0xabcdef, "rbx survives");
}

static sigjmp_buf env;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	si_signo_ = si->si_signo;
	si_code_ = si->si_code;
	si_addr_ = si->si_addr;
	siglongjmp(env, 1);
}

#define CATCH(sig, stmt)						\
	({								\
		struct sigaction sa_ = { .sa_sigaction = fault_handler,	\
					 .sa_flags = SA_SIGINFO };	\
		sigaction(sig, &sa_, NULL);				\
		si_signo_ = si_code_ = 0;				\
		si_addr_ = NULL;					\
		if (!sigsetjmp(env, 1)) {				\
			stmt;						\
		}							\
		signal(sig, SIG_DFL);					\
		si_signo_;						\
	})

static void *volatile prot_page;

static void fix_handler(int sig, siginfo_t *si, void *uc)
{
	count++;
	mprotect((void *)((unsigned long)si->si_addr & ~4095UL), 4096,
		 PROT_READ | PROT_WRITE);
}

static void test_faults(void)
{
	volatile char *p;
	int s;

	s = CATCH(SIGSEGV, (void)*(volatile int *)0x1234);
	ok(s == SIGSEGV && si_code_ == SEGV_MAPERR && si_addr_ == (void *)0x1234,
	   "reading 0x1234: SIGSEGV, SEGV_MAPERR, si_addr");
	p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		ok(1, "# SKIP mmap failed (%s): reading PROT_NONE",
		   strerror(errno));
	} else {
		s = CATCH(SIGSEGV, (void)p[100]);
		ok(s == SIGSEGV && si_code_ == SEGV_ACCERR &&
		   si_addr_ == p + 100,
		   "reading PROT_NONE: SIGSEGV, SEGV_ACCERR, si_addr");
	}
	s = CATCH(SIGILL, __asm__ volatile("ud2"));
	ok(s == SIGILL && si_code_ == ILL_ILLOPN, "ud2: SIGILL, ILL_ILLOPN");
	s = CATCH(SIGFPE, __asm__ volatile("xor %%ecx, %%ecx\n\tmov $1, %%eax\n\t"
					   "cltd\n\tidivl %%ecx"
					   ::: "eax", "ecx", "edx"));
	ok(s == SIGFPE && si_code_ == FPE_INTDIV, "idiv by 0: SIGFPE, FPE_INTDIV");
	s = CATCH(SIGTRAP, __asm__ volatile("int3"));
	ok(s == SIGTRAP && si_code_ == SI_KERNEL, "int3: SIGTRAP, SI_KERNEL");
	s = CATCH(SIGSEGV, __asm__ volatile("hlt"));
	ok(s == SIGSEGV && si_code_ == SI_KERNEL && si_addr_ == NULL,
	   "hlt (#GP): SIGSEGV, SI_KERNEL, si_addr 0");
	s = CATCH(SIGSEGV, (void)*(volatile int *)0xffff888000000000UL);
	ok(s == SIGSEGV, "reading a kernel address: SIGSEGV");

	/* A handler that fixes the cause and returns: the access is retried. */
	struct sigaction sa = { .sa_sigaction = fix_handler,
				.sa_flags = SA_SIGINFO };
	sigaction(SIGSEGV, &sa, NULL);
	prot_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	if (prot_page == MAP_FAILED) {
		signal(SIGSEGV, SIG_DFL);
		ok(1, "# SKIP mmap failed (%s): mprotect from a handler",
		   strerror(errno));
		return;
	}
	count = 0;
	((volatile char *)prot_page)[7] = 42;
	signal(SIGSEGV, SIG_DFL);
	ok(count == 1 && ((char *)prot_page)[7] == 42,
	   "a SIGSEGV handler that mprotects and returns: the write is retried");
}

static void usr2_inner(int sig)
{
	order[norder++] = sig;
}

static void usr1_outer(int sig)
{
	order[norder++] = sig;
	kill(getpid(), SIGUSR2);
	order[norder++] = -sig;
}

static void test_nesting(void)
{
	struct sigaction a = { .sa_handler = usr1_outer };
	struct sigaction b = { .sa_handler = usr2_inner };

	sigaction(SIGUSR1, &a, NULL);
	sigaction(SIGUSR2, &b, NULL);
	norder = 0;
	kill(getpid(), SIGUSR1);
	ok(norder == 3 && order[0] == SIGUSR1 && order[1] == SIGUSR2 &&
	   order[2] == -SIGUSR1, "a handler interrupted by another signal nests");
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("TAP version 13\n");
	test_handler_runs();
	test_mask();
	test_errors();
	test_registers_preserved();
	test_faults();
	test_nesting();
	printf("1..%d\n", n);
	printf("sigself: %d passed, %d failed\n", n - failures, failures);
	return failures != 0;
}

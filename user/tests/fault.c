/*
 * fault.c — bad accesses kill the process with the signal Linux sends
 * (signal(7): SIGSEGV for an invalid memory reference, SIGILL, SIGFPE),
 * the parent sees it through WIFSIGNALED/WTERMSIG (wait(2)), and a
 * SIGSEGV handler gets si_addr and si_code (sigaction(2): SEGV_MAPERR
 * for an unmapped address, SEGV_ACCERR for a page it may not access).
 */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define PAGE 4096UL

static void read_null(void *arg)
{
	(void)*(volatile int *)0;
}

static void read_kernel(void *arg)
{
	(void)*(volatile int *)KERNEL_ADDR;
}

static void read_prot_none(void *arg)
{
	volatile char *p = mmap(NULL, PAGE, PROT_NONE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	(void)*p;
}

static void write_read_only(void *arg)
{
	volatile char *p = mmap(NULL, PAGE, PROT_READ,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*p = 1;
}

static void touch_unmapped(void *arg)
{
	volatile char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*p = 1;
	munmap((void *)p, PAGE);
	*p = 2;
}

static void run_data(void *arg)
{
	unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 0xc3;	/* ret: harmless if the page were executable */
	((void (*)(void))p)();
	_exit(0);
}

static void undefined_instruction(void *arg)
{
	__asm__ volatile("ud2");
}

static void divide_by_zero(void *arg)
{
	/* In assembly: gcc turns 1 / x into a comparison, which never traps. */
	__asm__ volatile("xor %%ecx, %%ecx\n\t"
			 "mov $1, %%eax\n\t"
			 "cltd\n\t"
			 "idivl %%ecx" ::: "eax", "ecx", "edx");
}

static void write_text(void *arg)
{
	*(volatile char *)read_null = 0;
}

struct killer {
	void (*fn)(void *);
	int sig;
	const char *what;
};

static const struct killer killers[] = {
	{ read_null, SIGSEGV, "reading address 0" },
	{ read_kernel, SIGSEGV, "reading a kernel address" },
	{ read_prot_none, SIGSEGV, "reading a PROT_NONE page" },
	{ write_read_only, SIGSEGV, "writing a PROT_READ page" },
	{ touch_unmapped, SIGSEGV, "writing a page after munmap" },
	{ write_text, SIGSEGV, "writing the program's own code" },
	{ run_data, SIGSEGV, "executing a page mapped without PROT_EXEC" },
	{ undefined_instruction, SIGILL, "ud2 (an undefined instruction)" },
	{ divide_by_zero, SIGFPE, "an integer division by zero" },
};

static void test_killers(void)
{
	for (unsigned i = 0; i < sizeof(killers) / sizeof(killers[0]); i++) {
		int st = run_child(killers[i].fn, NULL);

		ok(WIFSIGNALED(st) && WTERMSIG(st) == killers[i].sig,
		   "%s kills the process with %s", killers[i].what,
		   strsignal(killers[i].sig));
		if (!WIFSIGNALED(st))
			diag("status %#x: %s %d", st,
			     WIFEXITED(st) ? "exited" : "other",
			     WIFEXITED(st) ? WEXITSTATUS(st) : st);
	}
}

static volatile void *expected_addr;
static volatile int expected_code;

static void segv_handler(int sig, siginfo_t *si, void *ctx)
{
	_exit(si->si_signo == SIGSEGV && si->si_addr == expected_addr &&
	      si->si_code == expected_code ? 0 : 1);
}

static void catch_fault(void *arg)
{
	struct sigaction sa = { .sa_sigaction = segv_handler,
				.sa_flags = SA_SIGINFO };
	volatile char *p;

	sigaction(SIGSEGV, &sa, NULL);
	if (arg) {
		p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		p += 100;
		expected_code = SEGV_ACCERR;
	} else {
		p = (volatile char *)0x1234;
		expected_code = SEGV_MAPERR;
	}
	expected_addr = p;
	(void)*p;
	_exit(2);
}

static void test_siginfo(void)
{
	int st = run_child(catch_fault, NULL);

	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a SIGSEGV handler gets si_addr and SEGV_MAPERR for an unmapped address");
	st = run_child(catch_fault, (void *)1);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a SIGSEGV handler gets si_addr and SEGV_ACCERR for a PROT_NONE page");
}

void suite_fault(void)
{
	tap_plan(11);
	test_killers();
	test_siginfo();
}

/*
 * mem.c — a process's memory: brk(2), mmap(2) (anonymous, private,
 * MAP_FIXED), munmap(2), mprotect(2) and their EINVAL/EBADF cases, and a
 * stack that grows on demand (getrlimit(2), RLIMIT_STACK). Accesses that
 * must kill the process are in fault.c.
 */
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define PAGE 4096UL

static int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_brk(void)
{
	unsigned long start = sc(SYS_brk, 0);
	unsigned long want = start + 16 * PAGE;
	unsigned char *p = (unsigned char *)start;

	ok(start != 0, "brk(0) returns the current break");
	is(sc(SYS_brk, want), want, "brk(break + 64 KiB) returns the new break");
	ok(all_bytes(p, 16 * PAGE, 0), "memory below the new break reads as zero");
	memset(p, 0x5a, 16 * PAGE);
	ok(all_bytes(p, 16 * PAGE, 0x5a), "... and is writable");
	is(sc(SYS_brk, 0), want, "brk(0) now returns the new break");
	is(sc(SYS_brk, KERNEL_ADDR), want,
	   "brk(a kernel address) fails: it returns the old break");
	is(sc(SYS_brk, start), start, "brk(the first break) shrinks it back");
}

static void test_mmap(void)
{
	size_t big = 64 << 20;	/* 64 MiB: only touched pages need frames */
	unsigned char *p, *q;

	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p != MAP_FAILED && (unsigned long)p % PAGE == 0,
	   "mmap(anonymous, private) returns a page-aligned address");
	ok(all_bytes(p, 4 * PAGE, 0), "anonymous memory reads as zero");
	memset(p, 0xa5, 4 * PAGE);
	ok(all_bytes(p, 4 * PAGE, 0xa5), "... and is writable");

	q = mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	is(q, p + PAGE, "MAP_FIXED maps exactly at the address asked");
	ok(all_bytes(q, PAGE, 0) && all_bytes(p, PAGE, 0xa5) &&
	   all_bytes(p + 2 * PAGE, 2 * PAGE, 0xa5),
	   "MAP_FIXED replaces just that page of the old mapping (now zero)");
	is(munmap(p, 4 * PAGE), 0, "munmap of a mapping returns 0");
	is(munmap(p, 4 * PAGE), 0, "munmap of a range with nothing mapped returns 0");

	p = mmap(NULL, big, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		for (size_t off = 0; off < big; off += 1 << 20)
			p[off] = 1;
	}
	ok(p != MAP_FAILED && p[big - (1 << 20)] == 1,
	   "a 64 MiB anonymous mapping can be touched every MiB");
	munmap(p, big);

	is(sc(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
	   -EINVAL, "mmap of length 0 is EINVAL");
	is(sc(SYS_mmap, 0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL,
	   "mmap with neither MAP_PRIVATE nor MAP_SHARED is EINVAL");
	is(sc(SYS_mmap, 0x10000001, PAGE, PROT_READ,
	      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL,
	   "MAP_FIXED at an unaligned address is EINVAL");
	is(sc(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), -EBADF,
	   "a file mapping of fd -1 is EBADF");
	is(sc(SYS_munmap, 0x10000001, PAGE), -EINVAL,
	   "munmap of an unaligned address is EINVAL");
}

static void test_mprotect(void)
{
	unsigned char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 7;
	is(mprotect(p, PAGE, PROT_READ), 0, "mprotect(PROT_READ) returns 0");
	is(p[0], 7, "a read-only page keeps its contents and can be read");
	is(mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0,
	   "mprotect back to PROT_READ|PROT_WRITE returns 0");
	p[0] = 8;
	is(p[0], 8, "... and the page is writable again");
	is(sc(SYS_mprotect, p + 1, PAGE, PROT_READ), -EINVAL,
	   "mprotect of an unaligned address is EINVAL");
	munmap(p, 2 * PAGE);
	is(sc(SYS_mprotect, p, PAGE, PROT_READ), -ENOMEM,
	   "mprotect of an unmapped range is ENOMEM");
}

/* Uses about 1 MiB of stack, page by page. */
static int __attribute__((noinline)) deep(int n)
{
	volatile char frame[4000];

	frame[0] = (char)n;
	frame[sizeof(frame) - 1] = (char)n;
	if (n == 0)
		return frame[0];
	return deep(n - 1) + frame[sizeof(frame) - 1] - (char)n;
}

static void grow_stack(void *arg)
{
	_exit(deep(256) == 0 ? 0 : 1);
}

static void test_stack(void)
{
	struct rlimit {
		unsigned long cur, max;
	} lim;
	int st;

	is(sc(SYS_prlimit64, 0, 3 /* RLIMIT_STACK */, 0, &lim), 0,
	   "prlimit64(RLIMIT_STACK) can be read");
	ok(lim.cur >= (2UL << 20), "the stack limit is at least 2 MiB");
	st = run_child(grow_stack, NULL);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "the stack grows on demand to 1 MiB");
}

/* The clone child of test_shared_munmap: writes until the page is gone. */
static int write_forever(void *page)
{
	for (;;)
		*(volatile unsigned long *)page += 1;
	return 0;
}

#define SHARED_CHILD_STACK	(64 * 1024)
#define SHARED_WAIT_MS		20000	/* only a failure waits this long */

/*
 * Two processes share one address space (clone(CLONE_VM)); one unmaps a
 * page the other keeps writing to. The writer must get SIGSEGV at once,
 * on any CPU: the kernel has to flush the other CPU's TLB before munmap
 * returns (a stale entry would let it write into a freed page).
 */
static void test_shared_munmap(void)
{
	static char stack[SHARED_CHILD_STACK] __attribute__((aligned(16)));
	volatile unsigned long *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long seen;
	int st = 0;
	pid_t pid;

	pid = clone(write_forever, stack + sizeof(stack), CLONE_VM | SIGCHLD,
		    (void *)page);
	ok(pid > 0, "clone(CLONE_VM) starts a process sharing our memory");
	if (pid <= 0)
		return;
	while (*page == 0)
		sched_yield();		/* until the child is writing */
	munmap((void *)page, PAGE);
	for (int ms = 0; ms < SHARED_WAIT_MS; ms += 10) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		sleep_ms(10);
	}
	seen = WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
	if (!seen) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	ok(seen, "munmap in one process of a shared mm: the other, writing, "
	   "gets SIGSEGV (its TLB was flushed)");
}

void suite_mem(void)
{
	tap_plan(31);
	test_brk();
	test_mmap();
	test_mprotect();
	test_stack();
	test_shared_munmap();
}

// kernel/test/uaccess_test.c — the "uaccess" suite: user copies that fault, are refused, or truncate.
//
// Linux: lib/usercopy_kunit.c tests the same contract. Each case loads
// a fresh mm (mm_test.h) and aims the user-copy routines at mapped,
// unmapped and kernel addresses. A case that oopses instead of getting
// a short count has found a missing exception-table entry.

#include <nook/errno.h>
#include <nook/mman.h>
#include <nook/preempt.h>
#include <nook/string.h>
#include <asm/uaccess.h>
#include "mm_test.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define UADDR		0x20000000UL	/* one mapped page; the next is not */
#define CANARY		0x5a

static int kernel_target = 42;		/* a kernel address to aim at */

static bool map_one_page(struct ktest *t, struct mm_test_env *env)
{
	if (!mm_test_begin(t, env))
		return false;
	if (do_mmap(env->mm, UADDR, PAGE_SIZE, RW, ANON | MAP_FIXED, 0) != UADDR) {
		KEXPECT_TRUE(t, false);
		mm_test_end(t, env);
		return false;
	}
	return true;
}

/* A copy straddling the end of the mapping stops at it, exactly. */
static void test_copy_partial(struct ktest *t)
{
	struct mm_test_env env;
	char *end = (char *)(UADDR + PAGE_SIZE);
	char buf[16];

	if (!map_one_page(t, &env))
		return;
	KEXPECT_EQ(t, copy_to_user(end - 8, "0123456789abcdef", 16), 8);
	memset(buf, CANARY, sizeof(buf));
	KEXPECT_EQ(t, copy_from_user(buf, end - 8, 16), 8);
	KEXPECT_EQ(t, memcmp(buf, "01234567", 8), 0);
	/* The part not copied is zeroed, never left stale. */
	for (int i = 8; i < 16; i++)
		KEXPECT_EQ(t, buf[i], 0);
	mm_test_end(t, &env);
}

static void test_copy_unmapped(struct ktest *t)
{
	struct mm_test_env env;
	char buf[32];

	if (!map_one_page(t, &env))
		return;
	memset(buf, CANARY, sizeof(buf));
	KEXPECT_EQ(t, copy_from_user(buf, (void *)(UADDR + 2 * PAGE_SIZE),
				     sizeof(buf)), sizeof(buf));
	KEXPECT_EQ(t, buf[0], 0);
	KEXPECT_EQ(t, copy_to_user((void *)(UADDR - PAGE_SIZE), buf, 8), 8);
	KEXPECT_EQ(t, copy_from_user(buf, NULL, 8), 8);
	mm_test_end(t, &env);
}

/* Kernel addresses are refused before any access, mapped or not. */
static void test_kernel_address_refused(struct ktest *t)
{
	struct mm_test_env env;
	char buf[8];
	int v = 7;

	if (!map_one_page(t, &env))
		return;
	KEXPECT_EQ(t, copy_from_user(buf, &kernel_target, sizeof(int)),
		   sizeof(int));
	KEXPECT_EQ(t, copy_to_user(&kernel_target, &v, sizeof(v)), sizeof(v));
	KEXPECT_EQ(t, kernel_target, 42);
	KEXPECT_EQ(t, clear_user(&kernel_target, sizeof(int)), sizeof(int));
	KEXPECT_EQ(t, kernel_target, 42);
	/* A range that starts in user space but runs into the kernel. */
	KEXPECT_FALSE(t, access_ok((void *)(TASK_SIZE_MAX - 4), 8));
	KEXPECT_TRUE(t, access_ok((void *)(TASK_SIZE_MAX - 8), 8));
	KEXPECT_FALSE(t, access_ok((void *)UADDR, -1UL));
	KEXPECT_EQ(t, copy_from_user(buf, (void *)(TASK_SIZE_MAX - 4), 8), 8);
	mm_test_end(t, &env);
}

static void test_strncpy_from_user(struct ktest *t)
{
	struct mm_test_env env;
	char *u = (char *)UADDR;
	char *last = (char *)(UADDR + PAGE_SIZE - 4);
	char buf[16];

	if (!map_one_page(t, &env))
		return;
	KEXPECT_EQ(t, copy_to_user(u, "hello", 6), 0);
	KEXPECT_EQ(t, strncpy_from_user(buf, u, sizeof(buf)), 5);
	KEXPECT_STREQ(t, buf, "hello");
	/* Too long for count: count bytes, and no NUL. */
	memset(buf, CANARY, sizeof(buf));
	KEXPECT_EQ(t, strncpy_from_user(buf, u, 3), 3);
	KEXPECT_EQ(t, memcmp(buf, "hel", 3), 0);
	KEXPECT_EQ(t, buf[3], CANARY);
	KEXPECT_EQ(t, strncpy_from_user(buf, u, 0), 0);
	/* Exactly room for the NUL. */
	KEXPECT_EQ(t, strncpy_from_user(buf, u, 6), 5);
	/* The string runs off the mapping before its NUL. */
	KEXPECT_EQ(t, copy_to_user(last, "abcd", 4), 0);
	KEXPECT_EQ(t, strncpy_from_user(buf, last, sizeof(buf)), -EFAULT);
	KEXPECT_EQ(t, strncpy_from_user(buf, last, 4), 4);
	KEXPECT_EQ(t, strncpy_from_user(buf, (char *)(UADDR + PAGE_SIZE), 4),
		   -EFAULT);
	KEXPECT_EQ(t, strncpy_from_user(buf, (const char *)"kernel", 8), -EFAULT);
	mm_test_end(t, &env);
}

static void test_clear_user(struct ktest *t)
{
	struct mm_test_env env;
	char *end = (char *)(UADDR + PAGE_SIZE);
	char buf[8];

	if (!map_one_page(t, &env))
		return;
	KEXPECT_EQ(t, copy_to_user(end - 8, "xxxxxxxx", 8), 0);
	KEXPECT_EQ(t, clear_user(end - 8, 12), 4);
	KEXPECT_EQ(t, copy_from_user(buf, end - 8, 8), 0);
	for (int i = 0; i < 8; i++)
		KEXPECT_EQ(t, buf[i], 0);
	mm_test_end(t, &env);
}

static void test_get_put_user(struct ktest *t)
{
	struct mm_test_env env;
	u64 __user *p64 = (u64 *)UADDR;
	u8 __user *p8 = (u8 *)(UADDR + 9);
	u16 __user *p16 = (u16 *)(UADDR + 10);
	u32 __user *p32 = (u32 *)(UADDR + 12);
	u64 v64 = 1;
	u32 v32 = 1;
	u16 v16 = 1;
	u8 v8 = 1;

	if (!map_one_page(t, &env))
		return;
	KEXPECT_EQ(t, put_user(0x1122334455667788UL, p64), 0);
	KEXPECT_EQ(t, put_user(0xab, p8), 0);
	KEXPECT_EQ(t, put_user(0xbeef, p16), 0);
	KEXPECT_EQ(t, put_user(0xdeadbeef, p32), 0);
	KEXPECT_EQ(t, get_user(v64, p64), 0);
	KEXPECT_EQ(t, v64, 0x1122334455667788UL);
	KEXPECT_EQ(t, get_user(v8, p8), 0);
	KEXPECT_EQ(t, v8, 0xab);
	KEXPECT_EQ(t, get_user(v16, p16), 0);
	KEXPECT_EQ(t, v16, 0xbeef);
	KEXPECT_EQ(t, get_user(v32, p32), 0);
	KEXPECT_EQ(t, v32, 0xdeadbeef);
	/* Failure: -EFAULT, and the destination zeroed. */
	KEXPECT_EQ(t, get_user(v32, (u32 *)(UADDR + PAGE_SIZE)), -EFAULT);
	KEXPECT_EQ(t, v32, 0);
	KEXPECT_EQ(t, put_user(v32, (u32 *)&kernel_target), -EFAULT);
	KEXPECT_EQ(t, kernel_target, 42);
	mm_test_end(t, &env);
}

/* A read-only mapping turns copy_to_user away; copy_from_user still works. */
static void test_readonly_refuses_write(struct ktest *t)
{
	struct mm_test_env env;
	char c = 0;

	if (!map_one_page(t, &env))
		return;
	KEXPECT_EQ(t, do_mprotect(env.mm, UADDR, PAGE_SIZE, PROT_READ), 0);
	KEXPECT_EQ(t, copy_to_user((void *)UADDR, "w", 1), 1);
	KEXPECT_EQ(t, copy_from_user(&c, (void *)UADDR, 1), 0);
	KEXPECT_EQ(t, c, 0);
	mm_test_end(t, &env);
}

/*
 * With only the kernel's mm loaded, every user address is bad. Loaded
 * here: pid 1 is a kernel thread, so it runs on whatever mm its CPU had
 * last (lazy TLB), a dead user process's perhaps, depending on where
 * the scheduler put it. Preemption off, or a switch could reload that.
 */
static void test_no_mm_loaded(struct ktest *t)
{
	struct mm_struct *prev;
	char buf[4];

	preempt_disable();
	prev = this_cpu()->loaded_mm;
	switch_mm(prev, &init_mm, NULL);
	KEXPECT_NULL(t, current_mm());
	KEXPECT_EQ(t, copy_from_user(buf, (void *)UADDR, sizeof(buf)),
		   sizeof(buf));
	KEXPECT_EQ(t, copy_to_user((void *)UADDR, buf, sizeof(buf)),
		   sizeof(buf));
	switch_mm(&init_mm, prev, NULL);
	preempt_enable();
}

static struct ktest_case uaccess_cases[] = {
	KTEST_CASE(test_copy_partial),
	KTEST_CASE(test_copy_unmapped),
	KTEST_CASE(test_kernel_address_refused),
	KTEST_CASE(test_strncpy_from_user),
	KTEST_CASE(test_clear_user),
	KTEST_CASE(test_get_put_user),
	KTEST_CASE(test_readonly_refuses_write),
	KTEST_CASE(test_no_mm_loaded),
	{}
};

static struct ktest_suite uaccess_suite = {
	.name = "uaccess",
	.cases = uaccess_cases,
};
KTEST_SUITE(uaccess_suite);

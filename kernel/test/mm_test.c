// kernel/test/mm_test.c — the "mm" suite: address spaces, VMAs, page faults and fork's copy-on-write.
//
// Linux tests the same behaviour from user space (tools/testing/
// selftests/mm) and with KUnit; Nook has no user mode yet, so each case
// builds an mm, loads it on this CPU with switch_mm, and touches its
// user addresses through copy_to_user/copy_from_user: the faults they
// take are the same ones a process would take. Every case ends by
// checking that the mm_struct and vm_area_struct caches and the free
// page count are back where they started.

#include <nook/errno.h>
#include <nook/mman.h>
#include <nook/string.h>
#include <asm/uaccess.h>
#include "mm_test.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
/* A user address well inside the lower half, far from mmap_base. */
#define FIXED_ADDR	0x10000000UL
#define BRK_START	0x00800000UL

static void *uptr(unsigned long addr)
{
	return (void *)addr;
}

/* Write one byte at addr through the user-copy path; 0 on success. */
static unsigned long poke(unsigned long addr, char c)
{
	return copy_to_user(uptr(addr), &c, 1);
}

static char peek(unsigned long addr)
{
	char c = 0;

	copy_from_user(&c, uptr(addr), 1);
	return c;
}

static void test_page_refcount(struct ktest *t)
{
	unsigned long before = nr_free_pages();
	struct page *page = alloc_page();

	KASSERT_NOT_NULL(t, page);
	KEXPECT_EQ(t, page_count(page), 1);
	get_page(page);
	KEXPECT_EQ(t, page_count(page), 2);
	put_page(page);
	KEXPECT_EQ(t, nr_free_pages(), before - 1);
	put_page(page);		/* the last reference frees it */
	KEXPECT_EQ(t, nr_free_pages(), before);
}

/* Every pgd shares the kernel half, so the kernel runs on any of them. */
static void test_mm_alloc_shares_kernel_half(struct ktest *t)
{
	struct mm_test_env env;
	int i;

	if (!mm_test_begin(t, &env))
		return;
	for (i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		if (env.mm->pgd[i])
			break;
	KEXPECT_EQ(t, i, KERNEL_PGD_BOUNDARY);
	for (i = KERNEL_PGD_BOUNDARY; i < PTRS_PER_TABLE; i++)
		if (env.mm->pgd[i] != swapper_pg_dir[i] ||
		    !(env.mm->pgd[i] & _PAGE_PRESENT))
			break;
	KEXPECT_EQ(t, i, PTRS_PER_TABLE);
	KEXPECT_EQ(t, read_cr3_pa(), __pa(env.mm->pgd));
	KEXPECT_EQ(t, current_mm(), env.mm);
	KEXPECT_EQ(t, env.mm->cpu_bitmap, 1UL << smp_processor_id());
	KEXPECT_EQ(t, env.mm->mm_users, 1);
	KEXPECT_EQ(t, env.mm->mm_count, 1);
	mm_test_end(t, &env);
	KEXPECT_EQ(t, read_cr3_pa(), __pa(env.prev->pgd));
}

/* The first touch of an anonymous page maps a zeroed page. */
static void test_mmap_demand_zero(struct ktest *t)
{
	struct mm_test_env env;
	char buf[] = "demand-zero";
	char back[sizeof(buf)];
	unsigned long addr;

	if (!mm_test_begin(t, &env))
		return;
	addr = do_mmap(env.mm, 0, 3 * PAGE_SIZE, RW, ANON, 0);
	KASSERT_FALSE(t, IS_ERR_VALUE(addr));
	KEXPECT_TRUE(t, IS_ALIGNED(addr, PAGE_SIZE));
	KEXPECT_LE(t, addr + 3 * PAGE_SIZE, env.mm->mmap_base);
	KEXPECT_EQ(t, env.mm->map_count, 1);
	KEXPECT_EQ(t, env.mm->total_vm, 3);
	KEXPECT_NULL(t, follow_page(env.mm, addr + PAGE_SIZE));

	KEXPECT_EQ(t, copy_to_user(uptr(addr + PAGE_SIZE), buf, sizeof(buf)), 0);
	KEXPECT_NOT_NULL(t, follow_page(env.mm, addr + PAGE_SIZE));
	KEXPECT_NULL(t, follow_page(env.mm, addr));
	KEXPECT_EQ(t, copy_from_user(back, uptr(addr + PAGE_SIZE), sizeof(back)), 0);
	KEXPECT_STREQ(t, back, buf);
	/* Untouched memory reads as zero. */
	KEXPECT_EQ(t, peek(addr + 2 * PAGE_SIZE + 100), 0);
	mm_test_end(t, &env);
}

/* mmap(2)'s ERRORS, checked against Linux 6.18 on the host. */
static void test_mmap_errors(struct ktest *t)
{
	struct mm_test_env env;
	struct mm_struct *mm;
	unsigned long a, b;

	if (!mm_test_begin(t, &env))
		return;
	mm = env.mm;
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, 0, RW, ANON, 0), -EINVAL);
	KEXPECT_EQ(t, (long)do_mmap(mm, FIXED_ADDR + 1, PAGE_SIZE, RW,
				    ANON | MAP_FIXED, 0), -EINVAL);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW, MAP_PRIVATE, 0),
		   -EBADF);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW, MAP_ANONYMOUS, 0),
		   -EINVAL);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW,
				    MAP_SHARED_VALIDATE | MAP_ANONYMOUS, 0),
		   -EINVAL);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW,
				    MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, 0),
		   -EINVAL);
	KEXPECT_EQ(t, (long)do_mmap(mm, TASK_SIZE_MAX - PAGE_SIZE, 2 * PAGE_SIZE,
				    RW, ANON | MAP_FIXED, 0), -ENOMEM);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, TASK_SIZE_MAX, RW, ANON, 0), -ENOMEM);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, -1UL, RW, ANON, 0), -ENOMEM);
	KEXPECT_EQ(t, (long)do_mmap(mm, 0, PAGE_SIZE, RW, ANON | MAP_FIXED, 0),
		   -EPERM);

	/* A free hint is taken (rounded down); a taken one is not. */
	a = do_mmap(mm, FIXED_ADDR + 5, PAGE_SIZE, RW, ANON, 0);
	KEXPECT_EQ(t, a, FIXED_ADDR);
	b = do_mmap(mm, a, PAGE_SIZE, PROT_READ, ANON, 0);
	KEXPECT_FALSE(t, IS_ERR_VALUE(b));
	KEXPECT_NE(t, b, a);
	KEXPECT_EQ(t, (long)do_mmap(mm, a, PAGE_SIZE, RW,
				    ANON | MAP_FIXED_NOREPLACE, 0), -EEXIST);

	/* MAP_FIXED replaces what was there: the old data is gone. */
	KEXPECT_EQ(t, poke(a, 'x'), 0);
	KEXPECT_EQ(t, peek(a), 'x');
	KEXPECT_EQ(t, do_mmap(mm, a, PAGE_SIZE, RW, ANON | MAP_FIXED, 0), a);
	KEXPECT_EQ(t, peek(a), 0);
	mm_test_end(t, &env);
}

/* Unmapping the middle of a VMA leaves two, and frees the pages. */
static void test_munmap_splits_vma(struct ktest *t)
{
	struct mm_test_env env;
	unsigned long a = FIXED_ADDR, before;

	if (!mm_test_begin(t, &env))
		return;
	before = nr_free_pages();
	KASSERT_EQ(t, do_mmap(env.mm, a, 3 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0), a);
	for (int i = 0; i < 3; i++)
		KEXPECT_EQ(t, poke(a + i * PAGE_SIZE, 'a' + i), 0);
	KEXPECT_EQ(t, env.mm->map_count, 1);

	KEXPECT_EQ(t, do_munmap(env.mm, a + PAGE_SIZE, PAGE_SIZE), 0);
	KEXPECT_EQ(t, env.mm->map_count, 2);
	KEXPECT_EQ(t, env.mm->total_vm, 2);
	KEXPECT_NULL(t, find_vma_intersection(env.mm, a + PAGE_SIZE,
					      a + 2 * PAGE_SIZE));
	KEXPECT_NULL(t, follow_page(env.mm, a + PAGE_SIZE));
	KEXPECT_EQ(t, peek(a), 'a');
	KEXPECT_EQ(t, peek(a + 2 * PAGE_SIZE), 'c');
	KEXPECT_EQ(t, poke(a + PAGE_SIZE, 'b'), 1);	/* gone: no fault-in */

	KEXPECT_EQ(t, do_munmap(env.mm, a + 1, PAGE_SIZE), -EINVAL);
	KEXPECT_EQ(t, do_munmap(env.mm, a, 0), -EINVAL);
	KEXPECT_EQ(t, do_munmap(env.mm, PAGE_OFFSET, PAGE_SIZE), -EINVAL);
	KEXPECT_EQ(t, do_munmap(env.mm, a + PAGE_SIZE, PAGE_SIZE), 0);

	/* Unmapping across both pieces takes pages and page tables with it. */
	KEXPECT_EQ(t, do_munmap(env.mm, a, 3 * PAGE_SIZE), 0);
	KEXPECT_EQ(t, env.mm->map_count, 0);
	KEXPECT_EQ(t, env.mm->total_vm, 0);
	KEXPECT_EQ(t, nr_free_pages(), before);
	mm_test_end(t, &env);
}

/* mprotect splits, changes present PTEs, and merges back. */
static void test_mprotect(struct ktest *t)
{
	struct mm_test_env env;
	unsigned long a = FIXED_ADDR, mid = FIXED_ADDR + PAGE_SIZE;

	if (!mm_test_begin(t, &env))
		return;
	KASSERT_EQ(t, do_mmap(env.mm, a, 3 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0), a);
	KEXPECT_EQ(t, poke(mid, 'm'), 0);

	KEXPECT_EQ(t, do_mprotect(env.mm, mid, PAGE_SIZE, PROT_READ), 0);
	KEXPECT_EQ(t, env.mm->map_count, 3);
	KEXPECT_FALSE(t, *follow_pte(env.mm, mid) & _PAGE_RW);
	KEXPECT_EQ(t, poke(mid, 'x'), 1);	/* write refused */
	KEXPECT_EQ(t, peek(mid), 'm');		/* data kept */
	KEXPECT_EQ(t, poke(a, 'x'), 0);		/* neighbours untouched */

	KEXPECT_EQ(t, do_mprotect(env.mm, mid, PAGE_SIZE, PROT_NONE), 0);
	KEXPECT_EQ(t, peek(mid), 0);		/* read refused too */
	KEXPECT_NOT_NULL(t, follow_page(env.mm, mid));	/* page kept */

	KEXPECT_EQ(t, do_mprotect(env.mm, mid, PAGE_SIZE, RW), 0);
	KEXPECT_EQ(t, env.mm->map_count, 1);	/* merged back */
	KEXPECT_EQ(t, peek(mid), 'm');
	KEXPECT_EQ(t, poke(mid, 'w'), 0);
	KEXPECT_EQ(t, peek(mid), 'w');

	KEXPECT_EQ(t, do_mprotect(env.mm, a + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	KEXPECT_EQ(t, do_mprotect(env.mm, a, PAGE_SIZE, 0x100), -EINVAL);
	KEXPECT_EQ(t, do_mprotect(env.mm, a, 0, PROT_READ), 0);
	KEXPECT_EQ(t, do_mprotect(env.mm, a, 4 * PAGE_SIZE, PROT_READ), -ENOMEM);
	KEXPECT_EQ(t, do_mprotect(env.mm, 2 * FIXED_ADDR, PAGE_SIZE, PROT_READ),
		   -ENOMEM);
	KEXPECT_EQ(t, do_mprotect(env.mm, a, PAGE_SIZE,
				  PROT_READ | PROT_GROWSDOWN), -EINVAL);
	mm_test_end(t, &env);
}

/* brk grows the heap and gives pages back when it shrinks. */
static void test_brk(struct ktest *t)
{
	struct mm_test_env env;
	unsigned long top, before;

	if (!mm_test_begin(t, &env))
		return;
	env.mm->start_brk = env.mm->brk = BRK_START;
	/* The heap's VMA exists, nothing is mapped: the baseline. */
	KEXPECT_EQ(t, do_brk(env.mm, BRK_START + 10), BRK_START + 10);
	before = nr_free_pages();
	top = BRK_START + 3 * PAGE_SIZE + 5;
	KEXPECT_EQ(t, do_brk(env.mm, top), top);
	KEXPECT_EQ(t, env.mm->map_count, 1);
	KEXPECT_EQ(t, env.mm->total_vm, 4);
	KEXPECT_EQ(t, poke(top - 1, 'h'), 0);
	KEXPECT_EQ(t, poke(BRK_START + PAGE_SIZE, 'h'), 0);

	KEXPECT_EQ(t, do_brk(env.mm, BRK_START + 10), BRK_START + 10);
	KEXPECT_EQ(t, env.mm->total_vm, 1);
	KEXPECT_NULL(t, follow_page(env.mm, BRK_START + PAGE_SIZE));
	KEXPECT_EQ(t, poke(BRK_START + PAGE_SIZE, 'h'), 1);
	KEXPECT_EQ(t, nr_free_pages(), before);

	/* Below the start, or into another mapping: the break stays. */
	KEXPECT_EQ(t, do_brk(env.mm, BRK_START - 1), BRK_START + 10);
	KASSERT_EQ(t, do_mmap(env.mm, BRK_START + 8 * PAGE_SIZE, PAGE_SIZE,
			      RW, ANON | MAP_FIXED, 0), BRK_START + 8 * PAGE_SIZE);
	KEXPECT_EQ(t, do_brk(env.mm, BRK_START + 8 * PAGE_SIZE), BRK_START + 10);
	KEXPECT_EQ(t, do_brk(env.mm, BRK_START + 7 * PAGE_SIZE),
		   BRK_START + 7 * PAGE_SIZE);
	mm_test_end(t, &env);
}

/* A fault just below a MAP_GROWSDOWN mapping grows it, within limits. */
static void test_stack_grows_down(struct ktest *t)
{
	struct mm_test_env env;
	unsigned long top = FIXED_ADDR + 64 * MiB, s;
	struct vm_area_struct *vma;

	if (!mm_test_begin(t, &env))
		return;
	s = do_mmap(env.mm, top - PAGE_SIZE, PAGE_SIZE, RW,
		    ANON | MAP_FIXED | MAP_GROWSDOWN, 0);
	KASSERT_EQ(t, s, top - PAGE_SIZE);
	KEXPECT_EQ(t, poke(s - 3 * PAGE_SIZE + 8, 's'), 0);
	vma = find_vma(env.mm, s);
	KASSERT_NOT_NULL(t, vma);
	KEXPECT_EQ(t, vma->vm_start, s - 3 * PAGE_SIZE);
	KEXPECT_EQ(t, env.mm->stack_vm, 4);
	KEXPECT_EQ(t, peek(s - 3 * PAGE_SIZE + 8), 's');
	/* Beyond RLIMIT_STACK (8 MiB) the stack does not grow. */
	KEXPECT_EQ(t, poke(top - _STK_LIM - PAGE_SIZE, 's'), 1);
	KEXPECT_EQ(t, vma->vm_start, s - 3 * PAGE_SIZE);
	/* Nor into the guard gap above another mapping. */
	KASSERT_EQ(t, do_mmap(env.mm, top - 2 * MiB, PAGE_SIZE, RW,
			      ANON | MAP_FIXED, 0), top - 2 * MiB);
	KEXPECT_EQ(t, poke(top - 2 * MiB + PAGE_SIZE + 16, 's'), 1);
	mm_test_end(t, &env);
}

/* fork's copy: a write on one side never shows on the other. */
static void test_dup_mmap_copy_on_write(struct ktest *t)
{
	struct mm_test_env env;
	unsigned long a = FIXED_ADDR;
	struct mm_struct *child;
	struct page *shared, *after;
	char buf[16];

	if (!mm_test_begin(t, &env))
		return;
	KASSERT_EQ(t, do_mmap(env.mm, a, 2 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0), a);
	KEXPECT_EQ(t, copy_to_user(uptr(a), "parent", 7), 0);
	shared = follow_page(env.mm, a);
	KASSERT_NOT_NULL(t, shared);

	child = dup_mm(env.mm);
	KASSERT_NOT_NULL(t, child);
	KEXPECT_EQ(t, child->map_count, 1);
	KEXPECT_EQ(t, child->total_vm, 2);
	KEXPECT_EQ(t, follow_page(child, a), shared);
	KEXPECT_EQ(t, page_count(shared), 2);
	KEXPECT_FALSE(t, *follow_pte(env.mm, a) & _PAGE_RW);
	KEXPECT_FALSE(t, *follow_pte(child, a) & _PAGE_RW);

	/* The parent writes: it gets a copy, the child keeps the original. */
	KEXPECT_EQ(t, copy_to_user(uptr(a), "PARENT", 7), 0);
	after = follow_page(env.mm, a);
	KEXPECT_NE(t, after, shared);
	KEXPECT_EQ(t, page_count(shared), 1);
	KEXPECT_EQ(t, page_count(after), 1);

	switch_mm(env.mm, child, NULL);
	KEXPECT_EQ(t, copy_from_user(buf, uptr(a), 7), 0);
	KEXPECT_STREQ(t, buf, "parent");
	/* The child's page is its alone now: writing needs no copy. */
	KEXPECT_EQ(t, copy_to_user(uptr(a), "child", 6), 0);
	KEXPECT_EQ(t, follow_page(child, a), shared);
	/* The page nobody touched before fork is still unmapped in both. */
	KEXPECT_NULL(t, follow_page(child, a + PAGE_SIZE));
	switch_mm(child, env.mm, NULL);

	KEXPECT_EQ(t, copy_from_user(buf, uptr(a), 7), 0);
	KEXPECT_STREQ(t, buf, "PARENT");
	mmput(child);
	mm_test_end(t, &env);
}

/* MAP_SHARED memory stays shared after fork: writes show on both sides. */
static void test_dup_mmap_shared(struct ktest *t)
{
	struct mm_test_env env;
	unsigned long a = FIXED_ADDR;
	struct mm_struct *child;

	if (!mm_test_begin(t, &env))
		return;
	KASSERT_EQ(t, do_mmap(env.mm, a, 2 * PAGE_SIZE, RW,
			      MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0), a);
	/* Filled in at mmap time: there is no shmem object to fault from. */
	KEXPECT_NOT_NULL(t, follow_page(env.mm, a + PAGE_SIZE));
	child = dup_mm(env.mm);
	KASSERT_NOT_NULL(t, child);
	KEXPECT_TRUE(t, *follow_pte(child, a) & _PAGE_RW);
	switch_mm(env.mm, child, NULL);
	KEXPECT_EQ(t, poke(a + PAGE_SIZE, 'c'), 0);
	switch_mm(child, env.mm, NULL);
	KEXPECT_EQ(t, peek(a + PAGE_SIZE), 'c');
	KEXPECT_EQ(t, follow_page(child, a), follow_page(env.mm, a));
	mmput(child);
	mm_test_end(t, &env);
}

/* mmget/mmput and mmgrab/mmdrop: the struct outlives its users. */
static void test_mm_counts(struct ktest *t)
{
	unsigned long mm_live = kmem_cache_live(mm_cachep);
	unsigned long vma_live = kmem_cache_live(vm_area_cachep);
	struct mm_struct *mm = mm_alloc();

	KASSERT_NOT_NULL(t, mm);
	KEXPECT_FALSE(t, IS_ERR_VALUE(do_mmap(mm, 0, PAGE_SIZE, RW, ANON, 0)));
	mmget(mm);
	mmgrab(mm);
	mmput(mm);
	KEXPECT_EQ(t, mm->map_count, 1);	/* one user left */
	mmput(mm);
	KEXPECT_EQ(t, kmem_cache_live(vm_area_cachep), vma_live);
	KEXPECT_EQ(t, mm->map_count, 0);	/* emptied, still allocated */
	KEXPECT_EQ(t, kmem_cache_live(mm_cachep), mm_live + 1);
	mmdrop(mm);
	KEXPECT_EQ(t, kmem_cache_live(mm_cachep), mm_live);
}

static struct ktest_case mm_cases[] = {
	KTEST_CASE(test_page_refcount),
	KTEST_CASE(test_mm_alloc_shares_kernel_half),
	KTEST_CASE(test_mmap_demand_zero),
	KTEST_CASE(test_mmap_errors),
	KTEST_CASE(test_munmap_splits_vma),
	KTEST_CASE(test_mprotect),
	KTEST_CASE(test_brk),
	KTEST_CASE(test_stack_grows_down),
	KTEST_CASE(test_dup_mmap_copy_on_write),
	KTEST_CASE(test_dup_mmap_shared),
	KTEST_CASE(test_mm_counts),
	{}
};

static struct ktest_suite mm_suite = {
	.name = "mm",
	.cases = mm_cases,
};
KTEST_SUITE(mm_suite);

// kernel/test/kmalloc_test.c — tests for kmalloc, kzalloc, krealloc, kfree.
//
// Linux: lib/slub_kunit.c and mm/kfence tests cover parts of this. Every
// size class from 1 byte to past a page must give usable memory of at
// least that size that overlaps nothing else, with kmalloc's alignment.

#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/slab.h>

#define MAX_TEST_SIZE	(2 * PAGE_SIZE)
#define SMALL_SIZES	256	/* every size up to here, one by one */
#define MAX_SIZES	(SMALL_SIZES + 3 * 8)

/* 1..256, then each power of two up to two pages, and its neighbours. */
static int fill_test_sizes(size_t *sizes)
{
	int n = 0;

	for (size_t size = 1; size <= SMALL_SIZES; size++)
		sizes[n++] = size;
	for (size_t p = 2 * SMALL_SIZES; p <= MAX_TEST_SIZE; p *= 2) {
		sizes[n++] = p - 1;
		sizes[n++] = p;
		sizes[n++] = p + 1;
	}
	return n;
}

/* All sizes live at once, each filled with its own byte. */
static void test_every_size_usable(struct ktest *t)
{
	static unsigned char *ptrs[MAX_SIZES];
	static size_t sizes[MAX_SIZES];
	int n = fill_test_sizes(sizes), bad = 0;

	for (int i = 0; i < n; i++) {
		ptrs[i] = kmalloc(sizes[i]);
		KASSERT_NOT_NULL(t, ptrs[i]);
		KEXPECT_GE(t, ksize(ptrs[i]), sizes[i]);
		KEXPECT_EQ(t, (unsigned long)ptrs[i] % ARCH_KMALLOC_MINALIGN, 0);
		memset(ptrs[i], i & 0xff, sizes[i]);
	}
	/* Had any two overlapped, a later fill would show in an earlier one. */
	for (int i = 0; i < n; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			bad += ptrs[i][j] != (i & 0xff);
	KEXPECT_EQ(t, bad, 0);
	KEXPECT_EQ(t, sizes[n - 1], MAX_TEST_SIZE + 1);
	for (int i = 0; i < n; i++)
		kfree(ptrs[i]);
}

/* Power-of-two sizes are naturally aligned (as Linux guarantees). */
static void test_power_of_two_alignment(struct ktest *t)
{
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE;
	     size *= 2) {
		void *a = kmalloc(size), *b = kmalloc(size);

		KASSERT_NOT_NULL(t, a);
		KASSERT_NOT_NULL(t, b);
		KEXPECT_EQ(t, (unsigned long)a % size, 0);
		KEXPECT_EQ(t, (unsigned long)b % size, 0);
		kfree(a);
		kfree(b);
	}
}

static void test_kzalloc_zeroes(struct ktest *t)
{
	unsigned char *p = kmalloc(200);
	int nonzero = 0;

	KASSERT_NOT_NULL(t, p);
	memset(p, 0xff, 200);
	kfree(p);
	p = kzalloc(200);		/* most likely the same object */
	KASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 200; i++)
		nonzero += p[i] != 0;
	KEXPECT_EQ(t, nonzero, 0);
	kfree(p);
}

static void test_null_and_zero_size(struct ktest *t)
{
	kfree(NULL);
	KEXPECT_TRUE(t, kmalloc(0) == ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	KEXPECT_EQ(t, ksize(NULL), 0);
}

/* Above a page: a block from the page allocator, not a slab. */
static void test_large_goes_to_pages(struct ktest *t)
{
	size_t size = 3 * PAGE_SIZE;
	unsigned long before = nr_free_pages();
	void *p = kmalloc(size);
	struct page *page;

	KASSERT_NOT_NULL(t, p);
	page = virt_to_page(p);
	KEXPECT_EQ(t, nr_free_pages(), before - (1UL << get_order(size)));
	KEXPECT_TRUE(t, page->flags & PG_large_kmalloc);
	KEXPECT_FALSE(t, page->flags & PG_slab);
	KEXPECT_EQ(t, (unsigned long)p % PAGE_SIZE, 0);
	memset(p, 0x77, size);
	kfree(p);
	KEXPECT_EQ(t, nr_free_pages(), before);
}

static void test_krealloc_keeps_contents(struct ktest *t)
{
	char *p = kmalloc(16), *q;
	int bad = 0;

	KASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 16; i++)
		p[i] = i;
	q = krealloc(p, 3000);
	KASSERT_NOT_NULL(t, q);
	KEXPECT_GE(t, ksize(q), 3000);
	for (int i = 0; i < 16; i++)
		bad += q[i] != i;
	KEXPECT_EQ(t, bad, 0);
	KEXPECT_TRUE(t, krealloc(q, 0) == ZERO_SIZE_PTR);
}

/* Every object allocated here is freed: each class is back where it was. */
static void test_live_counts_return(struct ktest *t)
{
	static const size_t sizes[] = { 8, 24, 96, 100, 192, 1000, 4096 };
	unsigned long before[ARRAY_SIZE(sizes)];
	void *p[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		before[i] = kmem_cache_live(kmalloc_slab(sizes[i]));
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KASSERT_NOT_NULL(t, p[i]);
		KEXPECT_EQ(t, kmem_cache_live(kmalloc_slab(sizes[i])),
			   before[i] + 1);
		kfree(p[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		KEXPECT_EQ(t, kmem_cache_live(kmalloc_slab(sizes[i])), before[i]);
	KEXPECT_NULL(t, kmalloc_slab(KMALLOC_MAX_CACHE_SIZE + 1));
}

static struct ktest_case kmalloc_cases[] = {
	KTEST_CASE(test_every_size_usable),
	KTEST_CASE(test_power_of_two_alignment),
	KTEST_CASE(test_kzalloc_zeroes),
	KTEST_CASE(test_null_and_zero_size),
	KTEST_CASE(test_large_goes_to_pages),
	KTEST_CASE(test_krealloc_keeps_contents),
	KTEST_CASE(test_live_counts_return),
	{}
};

static struct ktest_suite kmalloc_suite = {
	.name = "kmalloc",
	.cases = kmalloc_cases,
};
KTEST_SUITE(kmalloc_suite);

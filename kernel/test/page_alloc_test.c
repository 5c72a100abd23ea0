// kernel/test/page_alloc_test.c — tests for the buddy page allocator.
//
// Linux has no single KUnit suite for this (mm/page_alloc.c is tested by
// running the system); these check the contract callers rely on: blocks
// are aligned, counts are exact, exhaustion gives NULL and recovers.

#include <nook/ktest.h>
#include <nook/mm.h>

/* A freed page is the next one handed out: freed memory is reused. */
static void test_freed_page_comes_back(struct ktest *t)
{
	struct page *p = alloc_page(), *q;

	KASSERT_NOT_NULL(t, p);
	__free_page(p);
	q = alloc_page();
	KEXPECT_TRUE(t, q == p);
	if (q)
		__free_page(q);
}

/* An order-n block starts on a 2^n-page boundary and all of it is ours. */
static void test_blocks_aligned_and_whole(struct ktest *t)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		unsigned long before = nr_free_pages();
		unsigned long n = 1UL << order;
		struct page *page = alloc_pages(order);
		unsigned char *mem;

		KASSERT_NOT_NULL(t, page);
		KEXPECT_EQ(t, page_to_pfn(page) & (n - 1), 0);
		KEXPECT_EQ(t, nr_free_pages(), before - n);
		for (unsigned long i = 0; i < n; i++)
			KEXPECT_FALSE(t, page[i].flags & (PG_buddy | PG_reserved));
		mem = page_to_virt(page);
		mem[0] = 0xa5;
		mem[n * PAGE_SIZE - 1] = 0x5a;
		KEXPECT_EQ(t, mem[0] + mem[n * PAGE_SIZE - 1], 0xa5 + 0x5a);
		__free_pages(page, order);
		KEXPECT_EQ(t, nr_free_pages(), before);
	}
}

static void test_too_big_order_fails(struct ktest *t)
{
	KEXPECT_NULL(t, alloc_pages(MAX_PAGE_ORDER + 1));
}

static void test_address_conversions(struct ktest *t)
{
	struct page *page = alloc_page();
	void *addr;

	KASSERT_NOT_NULL(t, page);
	addr = page_to_virt(page);
	KEXPECT_TRUE(t, virt_to_page(addr) == page);
	KEXPECT_TRUE(t, pfn_to_page(page_to_pfn(page)) == page);
	KEXPECT_EQ(t, __pa(addr), page_to_pfn(page) << PAGE_SHIFT);
	KEXPECT_TRUE(t, virt_to_page((char *)addr + PAGE_SIZE - 1) == page);
	__free_page(page);
}

static void test_get_zeroed_page(struct ktest *t)
{
	unsigned long addr = __get_free_page();
	unsigned char *p;
	bool all_zero = true;

	KASSERT_NE(t, addr, 0);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		((unsigned char *)addr)[i] = 0xff;
	free_page(addr);

	addr = get_zeroed_page();	/* most likely the same page */
	KASSERT_NE(t, addr, 0);
	p = (unsigned char *)addr;
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		all_zero &= !p[i];
	KEXPECT_TRUE(t, all_zero);
	free_page(addr);
}

static void test_counters_sane(struct ktest *t)
{
	KEXPECT_GT(t, totalram_pages(), 0);
	KEXPECT_LE(t, nr_free_pages(), totalram_pages());
}

/*
 * Allocate everything, biggest blocks first so that 4 GiB takes about a
 * thousand calls, then give it all back. The blocks we hold are linked
 * through their head pages' lru (an allocated page's lru is its owner's
 * to use): writing into the blocks themselves would make QEMU back every
 * guest page with host memory, which takes seconds with -m 4G.
 */
static void test_exhaustion_returns_null(struct ktest *t)
{
	unsigned long before = nr_free_pages(), held = 0;
	struct page *page, *next;
	LIST_HEAD(blocks);

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		while ((page = alloc_pages(order))) {
			list_add(&page->lru, &blocks);
			held += 1UL << order;
		}
	}
	KEXPECT_EQ(t, nr_free_pages(), 0);
	KEXPECT_EQ(t, held, before);
	KEXPECT_NULL(t, alloc_page());
	KEXPECT_EQ(t, get_zeroed_page(), 0);

	/* alloc_pages recorded each block's order in its head page. */
	list_for_each_entry_safe(page, next, &blocks, lru) {
		list_del(&page->lru);
		__free_pages(page, page->order);
	}
	KEXPECT_EQ(t, nr_free_pages(), before);
	/* Everything merged back: a maximal block is there again. */
	page = alloc_pages(MAX_PAGE_ORDER);
	KEXPECT_NOT_NULL(t, page);
	if (page)
		__free_pages(page, MAX_PAGE_ORDER);
	KEXPECT_EQ(t, nr_free_pages(), before);
}

static struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(test_freed_page_comes_back),
	KTEST_CASE(test_blocks_aligned_and_whole),
	KTEST_CASE(test_too_big_order_fails),
	KTEST_CASE(test_address_conversions),
	KTEST_CASE(test_get_zeroed_page),
	KTEST_CASE(test_counters_sane),
	KTEST_CASE(test_exhaustion_returns_null),
	{}
};

static struct ktest_suite page_alloc_suite = {
	.name = "page_alloc",
	.cases = page_alloc_cases,
};
KTEST_SUITE(page_alloc_suite);

// kernel/mm/page_alloc.c — the buddy allocator: physical frames in blocks of 2^order pages.
//
// Linux: mm/page_alloc.c (__alloc_pages, __free_one_page, free_area[]).
// Free blocks of each order sit on free_area[order]. Allocating splits a
// bigger block in halves until one has the wanted order; freeing merges a
// block with its "buddy" (the other half of the block they were split
// from, found by flipping bit `order` of the pfn) for as long as the
// buddy is free too. Blocks are therefore always aligned to their size.
//
// Locking: zone_lock (irqsave) guards free_area[], nr_free and the flags
// and order of every free page. It is the innermost lock of the memory
// code: callers may hold a kmem_cache lock or pgd_lock while they take
// it, and nothing is called with it held.

#include <nook/fault-inject.h>
#include <nook/kernel.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/spinlock.h>
#include <nook/string.h>

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;		/* blocks on free_list */
};

struct page *mem_map;
unsigned long max_pfn;

static DEFINE_SPINLOCK(zone_lock);
static struct free_area free_area[NR_PAGE_ORDERS];
static unsigned long free_pages_count;	/* pages in all free blocks */
static unsigned long managed_pages;	/* pages ever given to us */

/* mem_map must already be allocated; every frame starts out reserved. */
void page_alloc_init(unsigned long highest_pfn)
{
	max_pfn = highest_pfn;
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = &mem_map[pfn];

		page->flags = PG_reserved;
		page->order = 0;
		page->inuse = 0;
		page->slab_cache = NULL;
		page->freelist = NULL;
		page->_refcount = 0;
	}
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		INIT_LIST_HEAD(&free_area[order].free_list);
		free_area[order].nr_free = 0;
	}
}

static void add_to_free_area(struct page *page, unsigned int order)
{
	page->flags |= PG_buddy;
	page->order = order;
	list_add(&page->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

static void del_from_free_area(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	free_area[order].nr_free--;
}

/* Is the buddy of a block of this order free, and whole? */
static struct page *find_free_buddy(unsigned long pfn, unsigned int order)
{
	unsigned long buddy_pfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (!pfn_valid(buddy_pfn))
		return NULL;
	buddy = pfn_to_page(buddy_pfn);
	if (!(buddy->flags & PG_buddy) || buddy->order != order)
		return NULL;
	return buddy;
}

/* Called with zone_lock held. */
static void __free_one_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	struct page *buddy;

	free_pages_count += 1UL << order;
	while (order < MAX_PAGE_ORDER) {
		buddy = find_free_buddy(pfn, order);
		if (!buddy)
			break;
		del_from_free_area(buddy, order);
		pfn &= ~(1UL << order);		/* the merged block's head */
		order++;
	}
	add_to_free_area(pfn_to_page(pfn), order);
}

/*
 * Take a block of `order` from a free block of order `high`, putting the
 * upper halves we split off back on the smaller lists.
 */
static void split_block(struct page *page, unsigned int order,
			unsigned int high)
{
	while (high > order) {
		high--;
		add_to_free_area(page + (1UL << high), high);
	}
}

/*
 * The first time a frame is handed out after boot, write all of it once.
 * What ran in it before the kernel (the firmware, GRUB) leaves nothing a
 * caller may rely on, but under QEMU's TCG it leaves a cost: TCG keeps
 * the code it translated from a physical page, and while any of it is
 * left, every store to that page takes the self-modifying-code slow
 * path. A slab page over such code made fork's byte-by-byte copy of the
 * signal actions (copy_sighand) ~3 ms of a ~3.3 ms fork; scrubbed, fork
 * is ~0.25 ms. Frames the kernel itself frees are not scrubbed again.
 */
static void scrub_block(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (!(page[i].flags & PG_unscrubbed))
			continue;
		page[i].flags &= ~PG_unscrubbed;
		memset(page_to_virt(page + i), 0, PAGE_SIZE);
	}
}

struct page *__alloc_pages(unsigned int order)
{
	struct page *page = NULL;
	unsigned long flags;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	spin_lock_irqsave(&zone_lock, flags);
	for (unsigned int high = order; high < NR_PAGE_ORDERS; high++) {
		struct free_area *area = &free_area[high];

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_from_free_area(page, high);
		split_block(page, order, high);
		free_pages_count -= 1UL << order;
		break;
	}
	spin_unlock_irqrestore(&zone_lock, flags);
	if (page) {
		scrub_block(page, order);
		page->order = order;
		page->_refcount = 1;
	}
	return page;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	/* A double free, or memory that was never ours, would corrupt the
	 * free lists silently: stop at the first sign of it. */
	BUG_ON(page->flags & (PG_buddy | PG_reserved));
	BUG_ON(!IS_ALIGNED(page_to_pfn(page), 1UL << order));
	/* Freeing with another order than allocated would lose or invent pages. */
	BUG_ON(page->order != order);
	page->flags = 0;
	page->_refcount = 0;
	spin_lock_irqsave(&zone_lock, flags);
	__free_one_page(page, order);
	spin_unlock_irqrestore(&zone_lock, flags);
}

void put_page(struct page *page)
{
	int left = __atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL);

	/* Below zero is a put without a get: a use-after-free in waiting. */
	BUG_ON(left < 0);
	if (!left)
		__free_pages(page, 0);
}

/*
 * Linux: should_fail_alloc_page() with fail_page_alloc's default
 * min-order of 1: a task's fail-nth counts, and fails, only blocks of
 * two pages or more (kernel stacks, big kmallocs). Single pages (user
 * memory, page tables) never fail on purpose, so a test can set
 * fail-nth from user space without its own page faults being hit.
 */
#define FAIL_PAGE_ALLOC_MIN_ORDER	1

struct page *alloc_pages(unsigned int order)
{
	if (order >= FAIL_PAGE_ALLOC_MIN_ORDER && should_fail_alloc())
		return NULL;
	return __alloc_pages(order);
}

unsigned long __get_free_pages(unsigned int order)
{
	struct page *page = alloc_pages(order);

	return page ? (unsigned long)page_to_virt(page) : 0;
}

unsigned long get_zeroed_page(void)
{
	unsigned long addr = __get_free_pages(0);

	if (addr)
		memset((void *)addr, 0, PAGE_SIZE);
	return addr;
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

/*
 * Boot only: give the frames [start_pfn, end_pfn) to the allocator, in
 * the biggest aligned blocks that fit, so 4 GiB of RAM is a few thousand
 * list insertions, not a million.
 */
void free_pages_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn, flags;

	while (pfn < end_pfn) {
		unsigned int order = MAX_PAGE_ORDER;

		while (order && (!IS_ALIGNED(pfn, 1UL << order) ||
				 pfn + (1UL << order) > end_pfn))
			order--;
		for (unsigned long i = 0; i < (1UL << order); i++)
			mem_map[pfn + i].flags = (mem_map[pfn + i].flags &
						  ~PG_reserved) | PG_unscrubbed;
		spin_lock_irqsave(&zone_lock, flags);
		managed_pages += 1UL << order;
		__free_one_page(pfn_to_page(pfn), order);
		spin_unlock_irqrestore(&zone_lock, flags);
		pfn += 1UL << order;
	}
}

unsigned long nr_free_pages(void)
{
	return READ_ONCE(free_pages_count);
}

unsigned long totalram_pages(void)
{
	return READ_ONCE(managed_pages);
}

// kernel/mm/kmalloc.c — kmalloc and kfree: memory of any size, on top of kmem_cache.
//
// Linux: mm/slab_common.c (kmalloc_caches, kmalloc_info, kmalloc_slab,
// kmalloc_large, krealloc) and mm/slub.c (kfree). A request up to a page
// goes to the smallest size class that holds it; a bigger one gets its
// own block of pages. kfree() needs no size: the struct page of the
// address says whether it lives in a slab (and whose) or is such a block.
// The locks are the caches' and the page allocator's; none of its own.

#include <nook/kernel.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <nook/string.h>

/* Linux's classes, including the two between powers of two (96, 192). */
static const struct {
	const char *name;
	size_t size;
} kmalloc_info[] = {
	{ "kmalloc-8", 8 },	{ "kmalloc-16", 16 },	{ "kmalloc-32", 32 },
	{ "kmalloc-64", 64 },	{ "kmalloc-96", 96 },	{ "kmalloc-128", 128 },
	{ "kmalloc-192", 192 },	{ "kmalloc-256", 256 },	{ "kmalloc-512", 512 },
	{ "kmalloc-1k", 1024 },	{ "kmalloc-2k", 2048 },	{ "kmalloc-4k", 4096 },
};

/* Written once by kmalloc_init, read-only afterwards. */
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_info)];

static bool is_power_of_2(size_t n)
{
	return n && !(n & (n - 1));
}

/*
 * Power-of-two classes are aligned to their size (Linux promises this
 * since 5.4: callers may rely on kmalloc(512) being 512-aligned); the
 * others get the minimum alignment.
 */
void kmalloc_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(kmalloc_info); i++) {
		size_t size = kmalloc_info[i].size;
		size_t align = is_power_of_2(size) ? size : ARCH_KMALLOC_MINALIGN;

		kmalloc_caches[i] = kmem_cache_create(kmalloc_info[i].name,
						      size, align, 0, NULL);
		if (!kmalloc_caches[i])
			panic("kmalloc: cannot create %s", kmalloc_info[i].name);
	}
}

struct kmem_cache *kmalloc_slab(size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(kmalloc_info); i++)
		if (size <= kmalloc_info[i].size)
			return kmalloc_caches[i];
	return NULL;
}

/* Whole pages; the head page remembers the order for kfree. */
static void *kmalloc_large(size_t size)
{
	struct page *page = alloc_pages(get_order(size));

	if (!page)
		return NULL;
	page->flags |= PG_large_kmalloc;
	return page_to_virt(page);
}

void *kmalloc(size_t size)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size);
	return kmem_cache_alloc(kmalloc_slab(size));
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (!ZERO_OR_NULL_PTR(p))
		memset(p, 0, size);
	return p;
}

void kfree(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	page = virt_to_page(p);
	if (page->flags & PG_slab) {
		kmem_cache_free(page->slab_cache, (void *)p);
		return;
	}
	/* Neither a slab object nor the start of a large block: a bug in
	 * the caller; freeing anything would only spread the damage. */
	if (WARN_ON(!(page->flags & PG_large_kmalloc) ||
		    p != page_to_virt(page)))
		return;
	page->flags &= ~PG_large_kmalloc;
	__free_pages(page, page->order);
}

size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = virt_to_page(p);
	if (page->flags & PG_slab)
		return page->slab_cache->object_size;
	return PAGE_SIZE << page->order;
}

/* Grows in place when the object already has room, as Linux does. */
void *krealloc(const void *p, size_t new_size)
{
	size_t old_size;
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return kmalloc(new_size);
	old_size = ksize(p);
	if (new_size <= old_size)
		return (void *)p;
	n = kmalloc(new_size);
	if (!n)
		return NULL;
	memcpy(n, p, old_size);
	kfree(p);
	return n;
}

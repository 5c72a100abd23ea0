// kernel/mm/slab.c — kmem_cache: many objects of one size, carved from page blocks.
//
// Linux: mm/slab_common.c (kmem_cache_create, slab_caches) and mm/slub.c
// (slabs, freelists). A slab is one block of 2^order pages from the
// buddy allocator, cut into equal objects. Free objects of a slab form a
// singly linked list through a pointer stored inside each free object
// (at cache->offset); the head page's struct page holds the list, the
// count of objects in use, and the slab's place on the cache's partial
// or full list. A slab that empties goes straight back to the page
// allocator, so freed memory never lingers in a cache.
//
// Locking, outermost first: slab_caches_lock (the list of caches), then
// one cache's lock (its slabs and counts), then the page allocator's
// zone_lock. All are irqsave spinlocks: nothing here sleeps.

#include <nook/errno.h>
#include <nook/fault-inject.h>
#include <nook/kernel.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/slab.h>
#include <nook/string.h>

/* Bigger slabs waste less at the end, but are harder to find free. */
#define SLAB_MAX_ORDER		3
/* Accept a slab order once at most 1/8 of it is left over. */
#define SLAB_WASTE_FRACTION	8

static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);

/* The cache of struct kmem_cache itself: it cannot come from itself. */
static struct kmem_cache kmem_cache_boot;

static void **free_link(struct kmem_cache *s, void *obj)
{
	return (void **)((char *)obj + s->offset);
}

static unsigned int calculate_order(size_t size)
{
	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		size_t slab = PAGE_SIZE << order;

		if (slab >= size && slab % size <= slab / SLAB_WASTE_FRACTION)
			return order;
	}
	return max(get_order(size), (unsigned int)SLAB_MAX_ORDER);
}

static int setup_cache(struct kmem_cache *s, const char *name, size_t size,
		       size_t align, unsigned int flags, void (*ctor)(void *))
{
	if (!size || (align & (align - 1)))
		return -EINVAL;
	align = max(align, (size_t)ARCH_KMALLOC_MINALIGN);
	if (flags & SLAB_HWCACHE_ALIGN)
		align = max(align, (size_t)L1_CACHE_BYTES);

	/* A constructed object must keep its state while free, so with a
	 * ctor the free link goes after the object instead of over it. */
	s->offset = ctor ? ALIGN(size, sizeof(void *)) : 0;
	s->size = ALIGN(max(size, s->offset + sizeof(void *)), align);
	s->order = calculate_order(s->size);
	if (s->order > MAX_PAGE_ORDER)
		return -EINVAL;
	s->objects = (PAGE_SIZE << s->order) / s->size;
	s->name = name;
	s->object_size = size;
	s->align = align;
	s->ctor = ctor;
	spin_lock_init(&s->lock, name);
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	s->live = 0;
	s->nr_slabs = 0;
	return 0;
}

static void add_cache(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&s->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

void kmem_cache_init(void)
{
	if (setup_cache(&kmem_cache_boot, "kmem_cache",
			sizeof(struct kmem_cache), 0, SLAB_HWCACHE_ALIGN, NULL))
		panic("slab: cannot set up the kmem_cache cache");
	add_cache(&kmem_cache_boot);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned int flags,
				     void (*ctor)(void *obj))
{
	struct kmem_cache *s = kmem_cache_zalloc(&kmem_cache_boot);

	if (!s)
		return NULL;
	if (setup_cache(s, name, size, align, flags, ctor)) {
		kmem_cache_free(&kmem_cache_boot, s);
		return NULL;
	}
	add_cache(s);
	return s;
}

/* Called with s->lock held. Every page of the slab points at the cache,
 * because kfree() finds the cache from whichever page the object is in. */
static struct page *new_slab(struct kmem_cache *s)
{
	/*
	 * Not alloc_pages: kmem_cache_alloc has counted this request for
	 * fail-nth already, and whether a slab must be made depends on
	 * what others freed, so counting it would make the n-th failure
	 * point move from run to run.
	 */
	struct page *page = __alloc_pages(s->order);
	char *base;

	if (!page)
		return NULL;
	base = page_to_virt(page);
	for (unsigned long i = 0; i < (1UL << s->order); i++) {
		page[i].flags |= PG_slab;
		page[i].slab_cache = s;
	}
	page->inuse = 0;
	page->freelist = NULL;
	/* Link from the last object down, so objects go out in address order. */
	for (unsigned int i = s->objects; i-- > 0;) {
		void *obj = base + i * s->size;

		if (s->ctor)
			s->ctor(obj);
		*free_link(s, obj) = page->freelist;
		page->freelist = obj;
	}
	s->nr_slabs++;
	list_add(&page->lru, &s->partial);
	return page;
}

/* Called with s->lock held, once the slab's last object is freed. */
static void discard_slab(struct kmem_cache *s, struct page *page)
{
	list_del(&page->lru);
	s->nr_slabs--;
	for (unsigned long i = 0; i < (1UL << s->order); i++) {
		page[i].flags &= ~PG_slab;
		page[i].slab_cache = NULL;
	}
	__free_pages(page, s->order);
}

void *kmem_cache_alloc(struct kmem_cache *s)
{
	struct page *page;
	unsigned long flags;
	void *obj = NULL;

	if (should_fail_alloc())	/* Linux: should_failslab */
		return NULL;
	spin_lock_irqsave(&s->lock, flags);
	if (list_empty(&s->partial) && !new_slab(s))
		goto out;
	page = list_first_entry(&s->partial, struct page, lru);
	obj = page->freelist;
	page->freelist = *free_link(s, obj);
	page->inuse++;
	if (!page->freelist)
		list_move(&page->lru, &s->full);
	s->live++;
out:
	spin_unlock_irqrestore(&s->lock, flags);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *s)
{
	void *obj = kmem_cache_alloc(s);

	if (obj)
		memset(obj, 0, s->object_size);
	return obj;
}

/*
 * The slab's head page. Buddy blocks are aligned to their size, so the
 * slab holding obj starts at obj rounded down to the slab size.
 */
static struct page *slab_head(struct kmem_cache *s, const void *obj)
{
	unsigned long base = ALIGN_DOWN((unsigned long)obj, PAGE_SIZE << s->order);

	return virt_to_page((void *)base);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct page *page;
	unsigned long flags, offset;

	if (!obj)
		return;
	page = slab_head(s, obj);
	/* Freeing into the wrong cache, or a pointer into the middle of an
	 * object, would corrupt the freelist: stop here instead. */
	offset = (unsigned long)obj - (unsigned long)page_to_virt(page);
	BUG_ON(!(page->flags & PG_slab) || page->slab_cache != s);
	BUG_ON(offset % s->size);

	spin_lock_irqsave(&s->lock, flags);
	if (!page->freelist)
		list_move(&page->lru, &s->partial);
	*free_link(s, obj) = page->freelist;
	page->freelist = obj;
	page->inuse--;
	s->live--;
	if (!page->inuse)
		discard_slab(s, page);
	spin_unlock_irqrestore(&s->lock, flags);
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;
	unsigned long live;

	if (!s)
		return;
	spin_lock_irqsave(&s->lock, flags);
	live = s->live;
	spin_unlock_irqrestore(&s->lock, flags);
	if (live) {
		pr_err("kmem_cache_destroy %s: %lu objects still live\n",
		       s->name, live);
		WARN_ON(live);
		return;
	}
	/* Empty slabs are freed at once, so no live object means no slab. */
	BUG_ON(s->nr_slabs);

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&kmem_cache_boot, s);
}

unsigned long kmem_cache_live(struct kmem_cache *s)
{
	return READ_ONCE(s->live);
}

void get_slabinfo(struct kmem_cache *s, struct slabinfo *info)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	info->name = s->name;
	info->object_size = s->object_size;
	info->size = s->size;
	info->active_objs = s->live;
	info->num_objs = s->nr_slabs * s->objects;
	info->num_slabs = s->nr_slabs;
	info->objects_per_slab = s->objects;
	info->pages_per_slab = 1U << s->order;
	spin_unlock_irqrestore(&s->lock, flags);
}

void slabinfo_for_each(void (*fn)(const struct slabinfo *info, void *arg),
		       void *arg)
{
	struct kmem_cache *s;
	struct slabinfo info;
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(s, &slab_caches, list) {
		get_slabinfo(s, &info);
		fn(&info, arg);
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

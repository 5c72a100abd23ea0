/*
 * nook/slab.h — object caches (kmem_cache) and kmalloc. Linux:
 * include/linux/slab.h, mm/slab.h (struct kmem_cache, slab_caches).
 *
 * A kmem_cache hands out objects of one size, carved from slabs of
 * 2^order pages; kmalloc picks the cache of the right size class
 * (kmalloc-8 ... kmalloc-4096) and takes bigger requests straight from
 * the page allocator. Nothing here sleeps, so there are no gfp flags:
 * every call may be made with interrupts off or a spinlock held.
 */
#ifndef NOOK_SLAB_H
#define NOOK_SLAB_H

#include <nook/list.h>
#include <nook/spinlock.h>

/* kmem_cache_create flags */
#define SLAB_HWCACHE_ALIGN	(1U << 0)	/* align objects to cache lines */

#define L1_CACHE_BYTES		64
#define ARCH_KMALLOC_MINALIGN	8	/* every object is at least this aligned */

/* The largest size kmalloc serves from a cache; above, whole pages. */
#define KMALLOC_MAX_CACHE_SIZE	PAGE_SIZE
#define KMALLOC_MIN_SIZE	8

/* kmalloc(0) returns this: not NULL (not a failure), but never usable. */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache {
	/* set by kmem_cache_create, read-only afterwards */
	const char *name;		/* must outlive the cache */
	size_t object_size;		/* what the creator asked for */
	size_t size;			/* stride between objects in a slab */
	size_t align;
	size_t offset;			/* where a free object keeps its next link */
	unsigned int order;		/* a slab is 2^order pages */
	unsigned int objects;		/* objects per slab */
	void (*ctor)(void *obj);

	/* under lock */
	spinlock_t lock;
	struct list_head partial;	/* slabs with free and used objects */
	struct list_head full;		/* slabs with no free object */
	unsigned long live;		/* objects handed out, not yet freed */
	unsigned long nr_slabs;

	/* under slab_caches_lock */
	struct list_head list;		/* on slab_caches */
};

/* NULL if size or align make no sense (align must be a power of two). */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned int flags,
				     void (*ctor)(void *obj));
/* Refuses (with a warning) while objects are still live. */
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache);
void *kmem_cache_zalloc(struct kmem_cache *cache);
void kmem_cache_free(struct kmem_cache *cache, void *obj);
unsigned long kmem_cache_live(struct kmem_cache *cache);

/* One line of /proc/slabinfo. Linux: struct slabinfo in mm/slab.h. */
struct slabinfo {
	const char *name;
	size_t object_size;
	size_t size;
	unsigned long active_objs;	/* live objects */
	unsigned long num_objs;		/* live and free, in all slabs */
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int pages_per_slab;
};

void get_slabinfo(struct kmem_cache *cache, struct slabinfo *info);
/* Calls fn for every cache, oldest first, under slab_caches_lock (so fn
 * must not create or destroy caches). */
void slabinfo_for_each(void (*fn)(const struct slabinfo *info, void *arg),
		       void *arg);

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *krealloc(const void *p, size_t new_size);
void kfree(const void *p);
/* How many bytes the object at p really has room for. */
size_t ksize(const void *p);
/* The cache kmalloc uses for size; NULL above KMALLOC_MAX_CACHE_SIZE. */
struct kmem_cache *kmalloc_slab(size_t size);

void kmem_cache_init(void);
void kmalloc_init(void);

#endif

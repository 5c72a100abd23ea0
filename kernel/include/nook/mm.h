/*
 * nook/mm.h — physical memory: struct page, the buddy allocator, mm_init.
 * Linux: include/linux/mm_types.h (struct page), include/linux/gfp.h
 * (alloc_pages and friends), include/linux/mm.h (page_to_virt...).
 *
 * Every physical frame below max_pfn has one struct page in mem_map[],
 * indexed by its page frame number (pfn = physical address / PAGE_SIZE),
 * holes included: that keeps pfn_to_page() a plain array index, as in
 * Linux's FLATMEM model. Blocks are 2^order contiguous pages, aligned to
 * their own size; the allocator never sleeps, so there are no gfp flags.
 */
#ifndef NOOK_MM_H
#define NOOK_MM_H

#include <nook/list.h>
#include <nook/mm_types.h>
#include <nook/resource.h>
#include <asm/page.h>

/* Blocks go up to 2^MAX_PAGE_ORDER pages (4 MiB), as in Linux. */
#define MAX_PAGE_ORDER		10
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)

/* page->flags bits */
#define PG_reserved		(1UL << 0)	/* never given to the allocator */
#define PG_buddy		(1UL << 1)	/* head of a free block */
#define PG_slab			(1UL << 2)	/* belongs to a kmem_cache slab */
#define PG_large_kmalloc	(1UL << 3)	/* head of a kmalloc > page size */
#define PG_unscrubbed		(1UL << 4)	/* free since boot, never allocated */

struct kmem_cache;

/*
 * Who may touch what: a free page (PG_buddy head and its block) belongs
 * to the page allocator and is changed only under its zone lock; an
 * allocated page belongs to whoever allocated it (the slab allocator
 * under its cache's lock, kmalloc_large, a page-table builder...).
 */
struct page {
	unsigned long flags;		/* PG_* */
	unsigned int order;		/* head of a free or allocated block */
	unsigned int inuse;		/* slab: objects handed out */
	struct list_head lru;		/* free_area list, or a cache's slab list */
	struct kmem_cache *slab_cache;	/* slab: owning cache (every page) */
	void *freelist;			/* slab head: first free object */
	/*
	 * References to an allocated page: 1 from alloc_pages, one more
	 * for every extra page-table entry that maps it (fork shares
	 * anonymous pages copy-on-write). Atomic: two address spaces
	 * sharing a page drop their references under different locks.
	 */
	int _refcount;
};

extern struct page *mem_map;
extern unsigned long max_pfn;		/* one past the highest RAM frame */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

static inline void *page_to_virt(const struct page *page)
{
	return __va((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT);
}

#define page_address(page)	page_to_virt(page)

/* For direct-map (and kernel-image) addresses only. */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(__pa(addr)));
}

/* The smallest order whose block holds size bytes. */
static inline unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static inline int page_count(const struct page *page)
{
	return __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
}

static inline void get_page(struct page *page)
{
	__atomic_add_fetch(&page->_refcount, 1, __ATOMIC_RELAXED);
}

/* Drops a reference to a single (order-0) page; the last one frees it. */
void put_page(struct page *page);

/* NULL (never a crash) when no free block is big enough. */
struct page *alloc_pages(unsigned int order);
/* The same, never failed on purpose (slab.c's own slabs: see fail-nth). */
struct page *__alloc_pages(unsigned int order);
void __free_pages(struct page *page, unsigned int order);
#define alloc_page()		alloc_pages(0)
#define __free_page(page)	__free_pages(page, 0)

/* The same, by direct-map address; 0 means no memory. */
unsigned long __get_free_pages(unsigned int order);
unsigned long get_zeroed_page(void);
void free_pages(unsigned long addr, unsigned int order);
#define __get_free_page()	__get_free_pages(0)
#define free_page(addr)		free_pages(addr, 0)

unsigned long nr_free_pages(void);
unsigned long totalram_pages(void);	/* pages the allocator manages */

/* The mm_struct and vm_area_struct caches (kernel/mm/mm_struct.c). */
void proc_caches_init(void);
extern struct kmem_cache *mm_cachep;
extern struct kmem_cache *vm_area_cachep;

/* Set once the buddy allocator owns memory (memblock is then retired). */
extern bool after_bootmem;

#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/*
 * Address spaces (kernel/mm/mm_struct.c, mmap.c, mprotect.c, memory.c).
 * Every function taking an mm takes its mmap_lock itself unless its
 * comment says the caller holds it.
 */

/* The kernel's own address space: swapper_pg_dir, no VMAs, never freed. */
extern struct mm_struct init_mm;

/* A new, empty address space with mm_users == mm_count == 1; NULL if no memory. */
struct mm_struct *mm_alloc(void);
void mmget(struct mm_struct *mm);
/* The last mmput frees VMAs, pages and page tables (exit_mmap), then mmdrops. */
void mmput(struct mm_struct *mm);
void mmgrab(struct mm_struct *mm);
/* The last mmdrop frees the pgd and the struct: no CPU may still load it. */
void mmdrop(struct mm_struct *mm);
/* fork: a copy of oldmm, private pages shared copy-on-write; NULL if no memory. */
struct mm_struct *dup_mm(struct mm_struct *oldmm);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);

/*
 * The address space user pointers refer to right now. Until tasks exist
 * that is the mm loaded on this CPU (NULL for init_mm); with tasks it
 * becomes current->mm.
 */
struct mm_struct *current_mm(void);

/* The first VMA with vm_end > addr, or NULL. Caller holds mmap_lock. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end);

/* The system calls' cores, with mmap(2)'s, munmap(2)'s... errno rules. */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot);
/* brk(2): the new break, or the old one if the change is refused. */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);

/* handle_mm_fault's flags and result bits: Linux's values. */
#define FAULT_FLAG_WRITE	(1U << 0)
#define FAULT_FLAG_USER		(1U << 6)
#define FAULT_FLAG_INSTRUCTION	(1U << 8)

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | \
				 VM_FAULT_SIGSEGV)

/* Caller holds mmap_lock and has checked the access against the VMA. */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags);
/* Grow a VM_GROWSDOWN VMA down to address. Caller holds mmap_lock. */
int expand_downwards(struct vm_area_struct *vma, unsigned long address);

/* The PTE slot for addr, or NULL if a table is missing. Caller holds mmap_lock. */
pteval_t *follow_pte(struct mm_struct *mm, unsigned long addr);
/* The page mapped at addr, or NULL. Caller holds mmap_lock. */
struct page *follow_page(struct mm_struct *mm, unsigned long addr);

/* Read another address space's memory (procfs's cmdline): bytes copied. */
size_t access_remote_vm(struct mm_struct *mm, unsigned long addr,
			void *buf, size_t len);
/* Pages mm has mapped now (procfs's VmRSS and rss). */
unsigned long mm_rss_pages(struct mm_struct *mm);
/* p's address space with an mm_users reference, NULL for a kernel thread. */
struct task_struct;
struct mm_struct *get_task_mm(struct task_struct *p);

/* Linux's defaults for the knobs in /proc/sys/vm (RLIMIT_STACK's: nook/resource.h). */
#define DEFAULT_MMAP_MIN_ADDR	PAGE_SIZE
#define DEFAULT_MAX_MAP_COUNT	65530
#define STACK_GUARD_GAP		(256UL << PAGE_SHIFT)

/* Boot: frames, kernel page tables, then the slab allocator. */
void mm_init(void);

/* Used by mm_init: hands [start_pfn, end_pfn) to the buddy allocator. */
void free_pages_range(unsigned long start_pfn, unsigned long end_pfn);
void page_alloc_init(unsigned long highest_pfn);

#endif

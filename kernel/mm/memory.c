// kernel/mm/memory.c — user page tables: walking them, filling them on a fault, tearing them down.
//
// Linux: mm/memory.c (handle_mm_fault, do_anonymous_page, do_wp_page,
// copy_page_range, zap_page_range_single, free_pgtables, follow_pte).
// User page tables are filled lazily: a VMA promises memory, and the
// first touch of each page faults and lands here. Anonymous memory
// starts as a fresh zeroed page; a page that fork left shared between
// two address spaces is mapped read-only in both, and the first write
// on either side copies it (copy-on-write) unless no one else holds it.
//
// Locking: every function here runs under the mm's mmap_lock, which
// guards the mm's page tables. A page shared copy-on-write belongs to
// several mms at once; its _refcount, atomic, is the only thing they
// share, and a reference is only ever added by fork while it holds the
// parent's mmap_lock — so a count of 1 seen under our lock stays 1.

#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/string.h>
#include <asm/mmu_context.h>
#include <asm/pgtable.h>
#include "internal.h"

static unsigned long table_index(unsigned long addr, enum pg_level level)
{
	return (addr >> page_level_shift(level)) & (PTRS_PER_TABLE - 1);
}

static pteval_t *entry_table(pteval_t entry)
{
	return __va(entry & PTE_PFN_MASK);
}

/* Walk from the pgd down to addr's PTE slot, creating tables if alloc. */
static pteval_t *walk_to_pte(struct mm_struct *mm, unsigned long addr,
			     bool alloc)
{
	pteval_t *table = mm->pgd;

	for (enum pg_level l = PG_LEVEL_TOP; l > PG_LEVEL_4K; l--) {
		pteval_t *entry = &table[table_index(addr, l)];

		if (!(*entry & _PAGE_PRESENT)) {
			pteval_t *new;

			if (!alloc)
				return NULL;
			new = (pteval_t *)get_zeroed_page();
			if (!new)
				return NULL;
			*entry = __pa(new) | _PAGE_USER_TABLE;
		}
		table = entry_table(*entry);
	}
	return &table[table_index(addr, PG_LEVEL_4K)];
}

pteval_t *follow_pte(struct mm_struct *mm, unsigned long addr)
{
	return walk_to_pte(mm, addr, false);
}

pteval_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	return walk_to_pte(mm, addr, true);
}

struct page *follow_page(struct mm_struct *mm, unsigned long addr)
{
	pteval_t *pte = follow_pte(mm, addr);

	if (!pte || !pte_present(*pte))
		return NULL;
	return pfn_to_page(pte_pfn(*pte));
}

/* Where the entry holding addr at this level stops covering [addr, end). */
static unsigned long level_end(unsigned long addr, unsigned long end,
			       enum pg_level level)
{
	unsigned long boundary = ALIGN_DOWN(addr, page_level_size(level)) +
				 page_level_size(level);

	return min(boundary, end);
}

static int walk_level(pteval_t *table, enum pg_level level,
		      unsigned long addr, unsigned long end, pte_fn_t fn,
		      void *data)
{
	while (addr < end) {
		pteval_t *entry = &table[table_index(addr, level)];
		unsigned long next = level_end(addr, end, level);
		int ret = 0;

		if (level == PG_LEVEL_4K)
			ret = fn(entry, addr, data);
		else if (*entry & _PAGE_PRESENT)
			ret = walk_level(entry_table(*entry), level - 1, addr,
					 next, fn, data);
		if (ret)
			return ret;
		addr = next;
	}
	return 0;
}

/* Skips whole missing tables, so a sparse terabyte costs a few steps. */
int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, pte_fn_t fn, void *data)
{
	return walk_level(mm->pgd, PG_LEVEL_TOP, start, end, fn, data);
}

static int zap_pte(pteval_t *pte, unsigned long addr, void *data)
{
	pteval_t entry = *pte;

	if (!pte_present(entry))
		return 0;
	*pte = 0;
	put_page(pfn_to_page(pte_pfn(entry)));
	return 0;
}

/*
 * The PTEs are cleared and the pages dropped before the TLB flush.
 * That is only safe because no other CPU can be running this mm (see
 * flush_tlb_mm_range); with remote CPUs the pages must wait for the
 * flush, as Linux's mmu_gather makes them.
 */
void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	walk_page_range(mm, start, end, zap_pte, NULL);
	flush_tlb_mm_range(mm, start, end);
}

static bool table_is_empty(const pteval_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Bottom up: a table is freed once every entry in it is zero, which also
 * covers tables shared with a neighbouring VMA that has nothing mapped.
 * Linux instead frees the tables that lie wholly between the
 * neighbouring VMAs (the floor/ceiling rule): the same tables in the
 * end, since an empty table is worth nothing.
 */
static void free_level(pteval_t *table, enum pg_level level,
		       unsigned long addr, unsigned long end)
{
	while (addr < end) {
		pteval_t *entry = &table[table_index(addr, level)];
		unsigned long next = level_end(addr, end, level);

		if (*entry & _PAGE_PRESENT) {
			pteval_t *below = entry_table(*entry);

			if (level - 1 > PG_LEVEL_4K)
				free_level(below, level - 1, addr, next);
			if (table_is_empty(below)) {
				*entry = 0;
				free_page((unsigned long)below);
			}
		}
		addr = next;
	}
}

void free_pgtables(struct mm_struct *mm, unsigned long start,
		   unsigned long end)
{
	free_level(mm->pgd, PG_LEVEL_TOP, start, end);
	/* The CPU caches upper-level entries too; forget the freed ones. */
	flush_tlb_mm_range(mm, start, end);
}

struct copy_range {
	struct mm_struct *dst;
	struct vm_area_struct *vma;
};

static int copy_pte(pteval_t *src_pte, unsigned long addr, void *data)
{
	struct copy_range *c = data;
	pteval_t entry = *src_pte;
	pteval_t *dst_pte;

	if (!pte_present(entry))
		return 0;
	dst_pte = pte_alloc_map(c->dst, addr);
	if (!dst_pte)
		return -ENOMEM;
	/* Both sides read-only: the first write on either side copies. */
	if (is_cow_mapping(c->vma->vm_flags) && pte_write(entry)) {
		entry &= ~_PAGE_RW;
		*src_pte = entry;
	}
	get_page(pfn_to_page(pte_pfn(entry)));
	*dst_pte = entry;
	return 0;
}

/*
 * On failure the pages copied so far stay mapped in dst with their
 * references taken: tearing dst down (mmput) drops them all.
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma)
{
	struct copy_range c = { .dst = dst, .vma = vma };
	int err;

	err = walk_page_range(src, vma->vm_start, vma->vm_end, copy_pte, &c);
	/* src's writable entries just became read-only. */
	if (is_cow_mapping(vma->vm_flags))
		flush_tlb_mm_range(src, vma->vm_start, vma->vm_end);
	return err;
}

/* A writable entry for page in vma: the page is this mm's alone. */
static pteval_t mk_writable_pte(struct vm_area_struct *vma, struct page *page)
{
	pteval_t entry = ((pteval_t)page_to_pfn(page) << PAGE_SHIFT) |
			 vma->vm_page_prot;

	if (vma->vm_flags & VM_WRITE)
		entry |= _PAGE_RW | _PAGE_DIRTY;
	return entry;
}

/* The first touch of an anonymous page: a zeroed page of our own. */
static vm_fault_t do_anonymous_page(struct vm_area_struct *vma,
				    pteval_t *pte, unsigned long address)
{
	unsigned long kaddr = get_zeroed_page();

	if (!kaddr)
		return VM_FAULT_OOM;
	/* Not present before: no CPU can have cached the entry. */
	*pte = mk_writable_pte(vma, virt_to_page((void *)kaddr));
	return 0;
}

/*
 * A write to a present, read-only page of a writable private VMA: the
 * page is shared copy-on-write (or was read-only through mprotect). If
 * nobody else holds it any more, it is ours: just allow writing.
 * Otherwise write to a copy, and drop our reference to the original.
 */
static vm_fault_t do_wp_page(struct vm_area_struct *vma, pteval_t *pte,
			     unsigned long address)
{
	struct page *old = pfn_to_page(pte_pfn(*pte));
	unsigned long page_addr = address & PAGE_MASK;
	struct page *new;

	if (page_count(old) == 1) {
		*pte = mk_writable_pte(vma, old);
	} else {
		new = alloc_page();
		if (!new)
			return VM_FAULT_OOM;
		memcpy(page_to_virt(new), page_to_virt(old), PAGE_SIZE);
		*pte = mk_writable_pte(vma, new);
		put_page(old);
	}
	flush_tlb_mm_range(vma->vm_mm, page_addr, page_addr + PAGE_SIZE);
	return 0;
}

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags)
{
	pteval_t *pte = pte_alloc_map(vma->vm_mm, address);

	if (!pte)
		return VM_FAULT_OOM;
	if (!pte_present(*pte))
		return do_anonymous_page(vma, pte, address);
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(*pte))
		return do_wp_page(vma, pte, address);
	/*
	 * Present and allowed: this CPU's TLB held an older, stricter entry
	 * (a spurious fault). Forget it and retry.
	 */
	__flush_tlb_one(address);
	return 0;
}

/*
 * Linux: access_remote_vm (read only). Copies up to len bytes at addr
 * of mm, an address space not loaded here, into buf; returns how many
 * it could: it stops at the first address no VMA allows reading. A page
 * not yet faulted in is faulted in for the read, as Linux's
 * get_user_pages does. The copy runs under a page reference, with
 * mmap_lock let go, so the page cannot be freed under it.
 */
size_t access_remote_vm(struct mm_struct *mm, unsigned long addr,
			void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		unsigned long off = offset_in_page(addr);
		size_t n = min(len - done, (size_t)(PAGE_SIZE - off));
		struct vm_area_struct *vma;
		struct page *page;

		spin_lock(&mm->mmap_lock);
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr || !(vma->vm_flags & VM_READ)) {
			spin_unlock(&mm->mmap_lock);
			break;
		}
		page = follow_page(mm, addr);
		if (!page && !(handle_mm_fault(vma, addr, 0) & VM_FAULT_ERROR))
			page = follow_page(mm, addr);
		if (page)
			get_page(page);
		spin_unlock(&mm->mmap_lock);
		if (!page)
			break;
		memcpy((char *)buf + done, (char *)page_address(page) + off, n);
		put_page(page);
		done += n;
		addr += n;
	}
	return done;
}

static int count_present(pteval_t *pte, unsigned long addr, void *data)
{
	if (pte_present(*pte))
		(*(unsigned long *)data)++;
	return 0;
}

/*
 * Pages mm has mapped now (Linux keeps this count, get_mm_rss, in
 * mm->rss_stat; Nook counts the present PTEs when asked: /proc only).
 */
unsigned long mm_rss_pages(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long n = 0;

	spin_lock(&mm->mmap_lock);
	list_for_each_entry(vma, &mm->mmap, vm_list)
		walk_page_range(mm, vma->vm_start, vma->vm_end, count_present,
				&n);
	spin_unlock(&mm->mmap_lock);
	return n;
}

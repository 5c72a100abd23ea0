/*
 * kernel/mm/internal.h — what the files of kernel/mm/ share and nobody
 * else needs. Linux: mm/internal.h. Every function here expects the
 * caller to hold mm->mmap_lock.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <nook/mm.h>

/* Called for each PTE slot of [start, end) in tables that exist. */
typedef int (*pte_fn_t)(pteval_t *pte, unsigned long addr, void *data);
/* Stops at, and returns, the first nonzero value fn returns. */
int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, pte_fn_t fn, void *data);

/* The PTE slot for addr, creating missing tables; NULL if out of memory. */
pteval_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr);

/* Unmap [start, end) and drop the pages' references. TLB flushed. */
void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end);
/* Free the page tables under [start, end) that map nothing any more. */
void free_pgtables(struct mm_struct *mm, unsigned long start,
		   unsigned long end);
/* fork: share src's pages in [vma) with dst, copy-on-write if private. */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma);

/* The PTE protection bits for a VMA's vm_flags (Linux: vm_get_page_prot). */
pteval_t vm_get_page_prot(unsigned long vm_flags);

/* Private and writable (now or after mprotect): shared copy-on-write on fork. */
static inline bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* VMA list surgery (mmap.c). */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);
void exit_mmap(struct mm_struct *mm);
struct vm_area_struct *vma_next(struct mm_struct *mm,
				struct vm_area_struct *vma);
struct vm_area_struct *vma_prev(struct mm_struct *mm,
				struct vm_area_struct *vma);
/* vma keeps [vm_start, addr); a new VMA after it gets [addr, vm_end). */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr);
/* Merge vma into equal neighbours that touch it; returns the survivor. */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *vma);

#endif

// kernel/mm/mmap.c — VMAs: finding, placing, splitting, merging; mmap, munmap, brk, stack growth.
//
// Linux: mm/mmap.c (do_mmap, get_unmapped_area, do_brk_flags, sys_brk,
// expand_downwards, exit_mmap), mm/vma.c (split_vma, vma_merge,
// do_vmi_munmap) and arch/x86/kernel/sys_x86_64.c (the top-down search).
// An mm's VMAs sit on one list sorted by address (Linux used such a
// list, next to an rbtree, until 6.1 replaced both with a maple tree):
// finding is a walk, which is plenty for the few dozen VMAs a process has.
//
// Invariants kept under mmap_lock: VMAs do not overlap, are page-aligned
// and non-empty; two neighbours that touch and have the same flags are
// one VMA (merged), so mprotect back and forth leaves no debris;
// map_count and total_vm count what is on the list.

#include <nook/errno.h>
#include <nook/mman.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <asm/mmu_context.h>
#include <asm/syscall.h>
#include "internal.h"

/* Linux: protection_map[], indexed by VM_READ|VM_WRITE|VM_EXEC|VM_SHARED. */
static const pteval_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};

pteval_t vm_get_page_prot(unsigned long vm_flags)
{
	return protection_map[vm_flags & (VM_ACCESS_FLAGS | VM_SHARED)];
}

/* ---- VMA objects and the sorted list -------------------------------- */

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_zalloc(vm_area_cachep);

	if (vma) {
		vma->vm_mm = mm;
		INIT_LIST_HEAD(&vma->vm_list);
	}
	return vma;
}

struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *new = kmem_cache_alloc(vm_area_cachep);

	if (new) {
		*new = *orig;
		INIT_LIST_HEAD(&new->vm_list);
	}
	return new;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vm_area_cachep, vma);
}

struct vm_area_struct *vma_next(struct mm_struct *mm,
				       struct vm_area_struct *vma)
{
	if (vma->vm_list.next == &mm->mmap)
		return NULL;
	return list_next_entry(vma, vm_list);
}

struct vm_area_struct *vma_prev(struct mm_struct *mm,
				       struct vm_area_struct *vma)
{
	if (vma->vm_list.prev == &mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

static unsigned long vma_pages(struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static void vm_stat_account(struct mm_struct *mm, unsigned long flags,
			    long npages)
{
	mm->total_vm += npages;
	if (flags & VM_GROWSDOWN)
		mm->stack_vm += npages;
}

/* Put a new VMA on the list at its place; the range must be free. */
static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = find_vma(mm, vma->vm_start);

	list_add_tail(&vma->vm_list, next ? &next->vm_list : &mm->mmap);
	mm->map_count++;
	vm_stat_account(mm, vma->vm_flags, vma_pages(vma));
}

static void vma_unlink_free(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del(&vma->vm_list);
	mm->map_count--;
	vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
	vm_area_free(vma);
}

/*
 * Split vma at addr: vma keeps [vm_start, addr), a new VMA after it
 * takes [addr, vm_end). The page tables need no change.
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr)
{
	struct vm_area_struct *new;

	if (mm->map_count >= DEFAULT_MAX_MAP_COUNT)
		return -ENOMEM;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	new->vm_start = addr;
	vma->vm_end = addr;
	list_add(&new->vm_list, &vma->vm_list);
	mm->map_count++;
	return 0;
}

/*
 * Anonymous private VMAs that touch and agree on flags become one.
 * (Linux also requires the same anon_vma; Nook's anonymous pages carry
 * no reverse map, so the flags are all there is to agree on.) Shared
 * anonymous VMAs stay apart: each is its own object in Linux (shmem).
 */
static bool can_merge(struct vm_area_struct *a, struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags &&
	       !(a->vm_flags & VM_SHARED);
}

/* Merge vma with its neighbours where possible; returns what survives. */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
					struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(mm, vma);
	struct vm_area_struct *next = vma_next(mm, vma);

	if (next && can_merge(vma, next)) {
		vma->vm_end = next->vm_end;
		list_del(&next->vm_list);
		mm->map_count--;
		vm_area_free(next);
	}
	if (prev && can_merge(prev, vma)) {
		prev->vm_end = vma->vm_end;
		list_del(&vma->vm_list);
		mm->map_count--;
		vm_area_free(vma);
		vma = prev;
	}
	return vma;
}

/* ---- placing a new mapping ------------------------------------------ */

/* A stack's guard gap belongs to it: nothing may be placed there. */
static unsigned long vm_start_gap(struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN)
		start = start > STACK_GUARD_GAP ? start - STACK_GUARD_GAP : 0;
	return start;
}

/* Is [addr, addr + len) free, guard gaps included? */
static bool range_is_free(struct mm_struct *mm, unsigned long addr,
			  unsigned long len)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return !vma || addr + len <= vm_start_gap(vma);
}

/*
 * The highest gap of at least len that ends at or below high: walk the
 * VMAs from the top down (Linux: unmapped_area_topdown).
 */
static unsigned long unmapped_area_topdown(struct mm_struct *mm,
					   unsigned long len,
					   unsigned long high)
{
	unsigned long low = DEFAULT_MMAP_MIN_ADDR;
	unsigned long gap_end = mm->task_size;
	struct list_head *pos = mm->mmap.prev;

	for (;;) {
		struct vm_area_struct *below = pos == &mm->mmap ? NULL :
			list_entry(pos, struct vm_area_struct, vm_list);
		unsigned long gap_start = below ? max(below->vm_end, low) : low;
		unsigned long end = min(gap_end, high);

		if (end > gap_start && end - gap_start >= len)
			return end - len;
		if (!below)
			return -ENOMEM;
		gap_end = vm_start_gap(below);
		pos = pos->prev;
	}
}

/*
 * Where a new mapping of len bytes goes (Linux: get_unmapped_area and
 * arch_get_unmapped_area_topdown). MAP_FIXED takes addr as it is; a
 * hint is taken if that range is free; otherwise the highest gap below
 * mmap_base, and failing that, the highest gap anywhere.
 */
static unsigned long get_unmapped_area(struct mm_struct *mm,
				       unsigned long addr, unsigned long len,
				       unsigned long flags)
{
	unsigned long area;

	if (len > mm->task_size - DEFAULT_MMAP_MIN_ADDR)
		return -ENOMEM;
	if (!(flags & MAP_FIXED) && addr) {
		addr = PAGE_ALIGN(addr);
		if (addr >= DEFAULT_MMAP_MIN_ADDR &&
		    addr <= mm->task_size - len && range_is_free(mm, addr, len))
			return addr;
	}
	if (!(flags & MAP_FIXED)) {
		area = unmapped_area_topdown(mm, len, mm->mmap_base);
		if (IS_ERR_VALUE(area))
			area = unmapped_area_topdown(mm, len, mm->task_size);
		addr = area;
	}
	if (IS_ERR_VALUE(addr))
		return addr;
	if (addr > mm->task_size - len)
		return -ENOMEM;
	if (offset_in_page(addr))
		return -EINVAL;
	return addr;
}

/* Linux: calc_vm_prot_bits and calc_vm_flag_bits. */
static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (prot & PROT_READ)
		vm_flags |= VM_READ;
	if (prot & PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm_flags |= VM_EXEC;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if ((flags & MAP_TYPE) == MAP_SHARED)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	return vm_flags;
}

/* Fault every page of [start, end) in now, as a write would. */
static int populate_range(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		pteval_t *pte = follow_pte(vma->vm_mm, a);

		if (pte && pte_present(*pte))
			continue;
		if (handle_mm_fault(vma, a, 0) & VM_FAULT_ERROR)
			return -ENOMEM;
	}
	return 0;
}

static int __do_munmap(struct mm_struct *mm, unsigned long start,
		       unsigned long end);

/*
 * Create the VMA for [addr, addr + len), replacing whatever MAP_FIXED
 * put it on top of (Linux: mmap_region). Shared anonymous memory is
 * filled in at once: its pages must be the same pages in every process
 * that inherits it through fork, and Nook has no shmem object to find
 * them by later, so none may be left for a fault to create.
 */
static unsigned long mmap_region(struct mm_struct *mm, unsigned long addr,
				 unsigned long len, unsigned long vm_flags,
				 unsigned long flags)
{
	struct vm_area_struct *vma;
	int err;

	if (mm->map_count >= DEFAULT_MAX_MAP_COUNT)
		return -ENOMEM;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	err = __do_munmap(mm, addr, addr + len);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma_link(mm, vma);

	if (vm_flags & VM_SHARED) {
		if (populate_range(vma, addr, addr + len)) {
			__do_munmap(mm, addr, addr + len);
			return -ENOMEM;
		}
	} else {
		vma = vma_merge(mm, vma);
		/* MAP_POPULATE is best effort: a failure shows at fault time. */
		if (flags & MAP_POPULATE)
			populate_range(vma, addr, addr + len);
	}
	return addr;
}

/*
 * mmap(2) for anonymous memory; Nook has no files yet, so a mapping
 * without MAP_ANONYMOUS names a file descriptor that cannot exist.
 * Returns the address, or a negative errno (test with IS_ERR_VALUE).
 */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff)
{
	unsigned long vm_flags;
	unsigned long ret;

	if (!len)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -EBADF;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	/* A hint below mmap_min_addr is moved up, not refused. */
	if (!(flags & MAP_FIXED)) {
		addr &= PAGE_MASK;
		if (addr && addr < DEFAULT_MMAP_MIN_ADDR)
			addr = PAGE_ALIGN(DEFAULT_MMAP_MIN_ADDR);
	}
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (flags & MAP_GROWSDOWN)
			return -EINVAL;
		break;
	case MAP_PRIVATE:
		break;
	default:
		return -EINVAL;	/* MAP_SHARED_VALIDATE too, for anonymous memory */
	}
	vm_flags = calc_vm_flags(prot, flags);

	spin_lock(&mm->mmap_lock);
	addr = get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR_VALUE(addr)) {
		ret = addr;
		goto out;
	}
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len)) {
		ret = -EEXIST;
		goto out;
	}
	/*
	 * Linux: security_mmap_addr. Root (CAP_SYS_RAWIO) may map below
	 * mmap_min_addr; Nook has no capabilities yet, so nobody may.
	 */
	if (addr < DEFAULT_MMAP_MIN_ADDR) {
		ret = -EPERM;
		goto out;
	}
	ret = mmap_region(mm, addr, len, vm_flags, flags);
out:
	spin_unlock(&mm->mmap_lock);
	return ret;
}

/* ---- unmapping ------------------------------------------------------ */

/*
 * Unmap [start, end), both page-aligned; called with mmap_lock held.
 * VMAs that straddle an end are split first, so that only what lies
 * inside goes; the pages' references are dropped and the page tables
 * left empty are freed.
 */
static int __do_munmap(struct mm_struct *mm, unsigned long start,
		       unsigned long end)
{
	struct vm_area_struct *vma = find_vma_intersection(mm, start, end);
	struct vm_area_struct *next;
	int err;

	if (!vma)
		return 0;
	if (vma->vm_start < start) {
		err = split_vma(mm, vma, start);
		if (err)
			return err;
		vma = vma_next(mm, vma);
	}
	for (; vma && vma->vm_start < end; vma = next) {
		if (vma->vm_end > end) {
			err = split_vma(mm, vma, end);
			if (err)
				return err;
		}
		next = vma_next(mm, vma);
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_unlink_free(mm, vma);
	}
	free_pgtables(mm, start, end);
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end;
	int err;

	if (offset_in_page(start) || start > mm->task_size ||
	    len > mm->task_size - start)
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end == start)
		return -EINVAL;
	spin_lock(&mm->mmap_lock);
	err = __do_munmap(mm, start, end);
	spin_unlock(&mm->mmap_lock);
	return err;
}

/* Every VMA, page and page table of the user half: the last mmput. */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;

	spin_lock(&mm->mmap_lock);
	list_for_each_entry_safe(vma, next, &mm->mmap, vm_list) {
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_unlink_free(mm, vma);
	}
	free_pgtables(mm, 0, mm->task_size);
	spin_unlock(&mm->mmap_lock);
}

/* ---- the heap ------------------------------------------------------- */

/* Add [addr, addr + len) to the heap, growing the VMA below if it ends there. */
static int do_brk_flags(struct mm_struct *mm, unsigned long addr,
			unsigned long len, unsigned long vm_flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr - 1);

	if (mm->map_count >= DEFAULT_MAX_MAP_COUNT)
		return -ENOMEM;
	if (vma && vma->vm_end == addr && vma->vm_flags == vm_flags) {
		vma->vm_end = addr + len;
		vm_stat_account(mm, vm_flags, len >> PAGE_SHIFT);
		return 0;
	}
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma_link(mm, vma);
	return 0;
}

/*
 * brk(2) (Linux: the body of sys_brk). The break itself may be any
 * byte; the heap VMA ends at the page boundary above it. Growing stops
 * short of the next mapping (keeping a page, and a stack's guard gap,
 * free); shrinking unmaps and frees the pages given back. Failure is
 * not an error code: the old break comes back, as the C library expects.
 */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk, oldbrk, ret;
	struct vm_area_struct *next;

	spin_lock(&mm->mmap_lock);
	ret = mm->brk;
	if (brk < mm->start_brk || brk > mm->task_size)
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		goto success;
	}
	if (brk <= mm->brk) {
		if (__do_munmap(mm, newbrk, oldbrk))
			goto out;
		mm->brk = brk;
		goto success;
	}
	if (oldbrk < DEFAULT_MMAP_MIN_ADDR)
		goto out;
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		goto out;
	if (do_brk_flags(mm, oldbrk, newbrk - oldbrk, VM_DATA_DEFAULT_FLAGS))
		goto out;
	mm->brk = brk;
success:
	ret = mm->brk;
out:
	spin_unlock(&mm->mmap_lock);
	return ret;
}

/* ---- the stack ------------------------------------------------------ */

/*
 * A fault just below a stack VMA grows it down to the faulting page
 * (Linux: expand_downwards), unless that would come within the guard
 * gap of the mapping below or make the stack larger than RLIMIT_STACK.
 */
int expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(mm, vma);
	unsigned long grow;

	address &= PAGE_MASK;
	if (!(vma->vm_flags & VM_GROWSDOWN) || address >= vma->vm_start)
		return -EFAULT;
	if (address < DEFAULT_MMAP_MIN_ADDR)
		return -EPERM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    address - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (prev && prev->vm_end > address)
		return -ENOMEM;
	if (vma->vm_end - address > rlimit(RLIMIT_STACK))
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	vma->vm_start = address;
	vm_stat_account(mm, vma->vm_flags, grow);
	return 0;
}

/* ---- the system calls ----------------------------------------------- */

/*
 * mmap(2). Linux: arch/x86/kernel/sys_x86_64.c. The offset is in bytes
 * here and must be page-aligned; do_mmap counts it in pages.
 */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags, unsigned long, fd,
		unsigned long, off)
{
	struct mm_struct *mm = current_mm();

	if (offset_in_page(off))
		return -EINVAL;
	if (!mm)
		return -EFAULT;
	return do_mmap(mm, addr, len, prot, flags, off >> PAGE_SHIFT);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	struct mm_struct *mm = current_mm();

	return mm ? do_munmap(mm, addr, len) : -EINVAL;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current_mm();

	return mm ? do_brk(mm, brk) : 0;
}

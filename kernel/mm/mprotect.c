// kernel/mm/mprotect.c — mprotect(2): new permissions for a range of an address space.
//
// Linux: mm/mprotect.c (do_mprotect_pkey, mprotect_fixup,
// change_protection). The range is cut out of its VMAs (splitting those
// that straddle its ends), each piece gets the new flags, its present
// PTEs get the new protection bits, and pieces that now match their
// neighbours merge back. A private writable page comes out read-only
// even when it was writable before: the next write faults and
// do_wp_page makes it writable again, copying it first if fork left it
// shared. All of it under mmap_lock.

#include <nook/errno.h>
#include <nook/mman.h>
#include <nook/mm.h>
#include <asm/mmu_context.h>
#include <asm/syscall.h>
#include "internal.h"

static int change_pte(pteval_t *pte, unsigned long addr, void *data)
{
	const pteval_t *prot = data;

	if (pte_present(*pte))
		*pte = pte_modify(*pte, *prot);
	return 0;
}

static void change_protection(struct vm_area_struct *vma, unsigned long start,
			      unsigned long end)
{
	walk_page_range(vma->vm_mm, start, end, change_pte, &vma->vm_page_prot);
	flush_tlb_mm_range(vma->vm_mm, start, end);
}

/* Give [start, end), which lies within vma, the flags newflags. */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma,
			  unsigned long start, unsigned long end,
			  unsigned long newflags)
{
	int err;

	if (newflags == vma->vm_flags)
		return 0;
	if (start > vma->vm_start) {
		err = split_vma(mm, vma, start);
		if (err)
			return err;
		vma = vma_next(mm, vma);
	}
	if (end < vma->vm_end) {
		err = split_vma(mm, vma, end);
		if (err)
			return err;
	}
	vma->vm_flags = newflags;
	vma->vm_page_prot = vm_get_page_prot(newflags);
	change_protection(vma, start, end);
	vma_merge(mm, vma);
	return 0;
}

/*
 * The checks come in Linux's order, because tests compare errno values
 * with Linux. Like Linux, a hole part-way through the range stops the
 * call with ENOMEM after the VMAs before it have been changed.
 */
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot)
{
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	unsigned long end, nstart, tmp, newflags;
	struct vm_area_struct *vma;
	int err = 0;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (offset_in_page(start))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;

	spin_lock(&mm->mmap_lock);
	vma = find_vma(mm, start);
	err = -ENOMEM;
	if (!vma)
		goto out;
	if (grows & PROT_GROWSDOWN) {
		if (vma->vm_start >= end)
			goto out;
		start = vma->vm_start;
		err = -EINVAL;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			goto out;
	} else {
		if (vma->vm_start > start)
			goto out;
		/* No x86 VMA grows up. */
		err = -EINVAL;
		if (grows & PROT_GROWSUP)
			goto out;
	}

	for (nstart = start; ; nstart = tmp) {
		unsigned long wanted = 0;

		if (prot & PROT_READ)
			wanted |= VM_READ;
		if (prot & PROT_WRITE)
			wanted |= VM_WRITE;
		if (prot & PROT_EXEC)
			wanted |= VM_EXEC;
		newflags = wanted | (vma->vm_flags & ~VM_ACCESS_FLAGS);
		/* VM_MAY* sit four bits above the rights they allow. */
		err = -EACCES;
		if (wanted & ~(vma->vm_flags >> 4))
			goto out;
		tmp = min(vma->vm_end, end);
		err = mprotect_fixup(mm, vma, nstart, tmp, newflags);
		if (err)
			goto out;
		if (tmp >= end)
			break;
		/*
		 * Look again: a merge may have freed the VMA that followed.
		 * If it swallowed it, the one found holds tmp and already
		 * has the new flags, and its fixup does nothing.
		 */
		vma = find_vma(mm, tmp);
		err = -ENOMEM;
		if (!vma || vma->vm_start > tmp)
			goto out;
	}
	err = 0;
out:
	spin_unlock(&mm->mmap_lock);
	return err;
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len,
		unsigned long, prot)
{
	struct mm_struct *mm = current_mm();

	return mm ? do_mprotect(mm, start, len, prot) : -ENOMEM;
}

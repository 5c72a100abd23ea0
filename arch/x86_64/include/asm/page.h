/*
 * asm/page.h — the kernel's two views of physical memory.
 * Linux: arch/x86/include/asm/page_64.h, page_64_types.h.
 *
 * The kernel image is mapped at __START_KERNEL_map + its physical address
 * (the top 2 GiB). All of physical memory is mapped again at PAGE_OFFSET
 * (Linux's default without KASLR), the "direct map": __va(phys) is how
 * the kernel reaches any physical frame. boot/entry.asm maps the first
 * GiB of it; arch/x86_64/mm/paging.c maps the rest.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <nook/types.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_OFFSET		0xffff888000000000UL
#define __START_KERNEL_map	0xffffffff80000000UL

#define __va(phys)	((void *)((unsigned long)(phys) + PAGE_OFFSET))

/* Works for both direct-map and kernel-image addresses. */
static inline phys_addr_t __pa(const void *virt)
{
	unsigned long v = (unsigned long)virt;

	if (v >= __START_KERNEL_map)
		return v - __START_KERNEL_map;
	return v - PAGE_OFFSET;
}

/*
 * User space is the lower half of the 48-bit address space, less its
 * top page: a user pointer always stays canonical when it walks a page
 * past its end (Linux: TASK_SIZE_MAX in page_64_types.h, and the
 * comment there about the sysret erratum). Nook has one task size.
 */
#define __VIRTUAL_MASK_SHIFT	47
#define TASK_SIZE_MAX		((1UL << __VIRTUAL_MASK_SHIFT) - PAGE_SIZE)
#define TASK_SIZE		TASK_SIZE_MAX
#define STACK_TOP		TASK_SIZE

#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

#endif

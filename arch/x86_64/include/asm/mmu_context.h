/*
 * asm/mmu_context.h — switching a CPU from one address space to another.
 * Linux: arch/x86/include/asm/mmu_context.h, arch/x86/mm/tlb.c.
 */
#ifndef ASM_MMU_CONTEXT_H
#define ASM_MMU_CONTEXT_H

#include <nook/mm_types.h>

struct task_struct;

/*
 * Load next's page tables on this CPU (CR3) unless they are loaded
 * already, and record it in this_cpu()->loaded_mm and next's
 * cpu_bitmap. prev is what the caller believes is loaded; the CPU's own
 * record is what counts. Takes no reference: whoever switches to an mm
 * must hold an mm_count reference on it (mmgrab) for as long as it may
 * stay loaded, and drop it only after switching away.
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next,
	       struct task_struct *tsk);

/*
 * Forget cached translations of [start, end) in mm on every CPU that
 * has it loaded. Called after page-table entries were changed or
 * cleared, with mm's mmap_lock held.
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end);

#endif

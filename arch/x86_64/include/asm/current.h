/*
 * asm/current.h — current: the task running on this CPU.
 * Linux: arch/x86/include/asm/current.h (pcpu_hot.current_task).
 *
 * One instruction, as in Linux: the pointer lives in this CPU's struct cpu
 * and GS points there, so "movq %gs:OFFSET, reg" reads it without first
 * finding the struct cpu. Only the context switch writes it.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <nook/kernel.h>
#include <asm/cpu.h>

static __always_inline struct task_struct *get_current(void)
{
	struct task_struct *p;

	__asm__ __volatile__("movq %%gs:%c1, %0"
			     : "=r"(p)
			     : "i"(offsetof(struct cpu, current_task)));
	return p;
}

#define current get_current()

#endif

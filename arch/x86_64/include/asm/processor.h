/*
 * asm/processor.h — struct thread_struct: the CPU state a switched-out
 * task leaves behind. Linux: arch/x86/include/asm/processor.h.
 *
 * Only the stack pointer: __switch_to_asm pushes the callee-saved
 * registers onto the task's own stack (struct inactive_task_frame,
 * asm/switch_to.h) and stores rsp here. The FS base for user TLS and the
 * FPU state join it with user mode.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <nook/kernel.h>

struct thread_struct {
	unsigned long sp;	/* saved rsp; touched only by switch_to */
};

/* switch.asm reads thread.sp at this offset in task_struct. */
#define TASK_THREAD_SP_OFFSET	8

#endif

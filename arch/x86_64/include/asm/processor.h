/*
 * asm/processor.h — struct thread_struct: the CPU state a switched-out
 * task leaves behind. Linux: arch/x86/include/asm/processor.h.
 *
 * The stack pointer: __switch_to_asm pushes the callee-saved registers
 * onto the task's own stack (struct inactive_task_frame, asm/switch_to.h)
 * and stores rsp here. Then what only user mode uses: the FS and GS
 * bases (arch_prctl(2): FS points at a program's thread-local storage)
 * and the FPU/SSE registers, saved and loaded by __switch_to for tasks
 * that have an mm.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <asm/fpu.h>

#include <nook/kernel.h>

struct thread_struct {
	unsigned long sp;	/* saved rsp; touched only by switch_to */
	/* the task's own, or __switch_to while it is off the CPU */
	unsigned long fsbase;
	unsigned long gsbase;
	/* the last exception's, for a signal frame's sigcontext (Linux's too) */
	unsigned long cr2;
	unsigned long trap_nr;
	unsigned long error_code;
	struct fpu fpu;
};

/* exec: the new program starts without the old one's TLS (FS base). */
void arch_setup_new_exec(void);

/* switch.asm reads thread.sp at this offset in task_struct. */
#define TASK_THREAD_SP_OFFSET	16

#endif

/*
 * asm/ptrace.h — struct pt_regs: the registers of interrupted code.
 * Linux: arch/x86/include/asm/ptrace.h.
 *
 * The interrupt entry (arch/x86_64/kernel/entry.asm) builds this on the
 * stack: the CPU pushes the last five fields, the entry stub the error
 * code (or 0), the common entry the general registers. Field order is
 * Linux's, so gdb scripts and students' notes carry over; entry.asm's
 * PTREGS_* offsets must match it.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include <nook/types.h>
#include <asm/segment.h>

struct pt_regs {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long bp;
	unsigned long bx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long ax;
	unsigned long cx;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long orig_ax;	/* the exception's error code, else 0 */
	/* pushed by the CPU */
	unsigned long ip;
	unsigned long cs;
	unsigned long flags;
	unsigned long sp;
	unsigned long ss;
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & SEGMENT_RPL_MASK) == USER_RPL;
}

#endif

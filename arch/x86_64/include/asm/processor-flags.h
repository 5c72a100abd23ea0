/*
 * asm/processor-flags.h — the bits of RFLAGS the kernel names.
 * Linux: arch/x86/include/uapi/asm/processor-flags.h.
 */
#ifndef ASM_PROCESSOR_FLAGS_H
#define ASM_PROCESSOR_FLAGS_H

#define X86_EFLAGS_CF	(1UL << 0)	/* carry */
#define X86_EFLAGS_PF	(1UL << 2)	/* parity */
#define X86_EFLAGS_AF	(1UL << 4)	/* auxiliary carry */
#define X86_EFLAGS_ZF	(1UL << 6)	/* zero */
#define X86_EFLAGS_SF	(1UL << 7)	/* sign */
#define X86_EFLAGS_TF	(1UL << 8)	/* trap after each instruction */
#define X86_EFLAGS_IF	(1UL << 9)	/* interrupts enabled */
#define X86_EFLAGS_DF	(1UL << 10)	/* string operations go down */
#define X86_EFLAGS_OF	(1UL << 11)	/* overflow */
#define X86_EFLAGS_NT	(1UL << 14)	/* nested task */
#define X86_EFLAGS_RF	(1UL << 16)	/* resume: no debug fault once */
#define X86_EFLAGS_AC	(1UL << 18)	/* alignment check / SMAP override */

#endif

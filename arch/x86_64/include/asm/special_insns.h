/*
 * asm/special_insns.h — control registers and TLB flushes.
 * Linux: arch/x86/include/asm/special_insns.h, tlbflush.h.
 */
#ifndef ASM_SPECIAL_INSNS_H
#define ASM_SPECIAL_INSNS_H

#include <nook/types.h>

#define DEFINE_READ_CR(n)						\
	static inline unsigned long read_cr##n(void)			\
	{								\
		unsigned long v;					\
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));	\
		return v;						\
	}

DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)

static inline void write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline void write_cr4(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* Forget this CPU's cached translation for one page. */
static inline void invlpg(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

#endif

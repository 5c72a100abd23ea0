/* asm/tsc.h — the TSC clock (see arch/x86_64/time/tsc.c). Linux: arch/x86/include/asm/tsc.h. */
#ifndef ASM_TSC_H
#define ASM_TSC_H

extern unsigned long tsc_khz;	/* TSC ticks per millisecond; 0 = unknown */

void tsc_init_early(void);

#endif

/*
 * asm/i8253.h — the PIT, used as a stopwatch to measure other clocks.
 * Linux: include/linux/i8253.h, arch/x86/kernel/tsc.c (pit_calibrate_tsc).
 */
#ifndef ASM_I8253_H
#define ASM_I8253_H

#include <nook/types.h>

#define PIT_TICK_RATE	1193182UL	/* Hz, the PC's 14.318 MHz / 12 */
#define PIT_MAX_COUNT	0xffff

/* Start channel 2 counting count ticks down, without an interrupt. */
void pit_ch2_start(u16 count);
/* True once channel 2 has reached zero. */
bool pit_ch2_expired(void);

#endif

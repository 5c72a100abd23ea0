// kernel/time/jiffies.c — the tick counter. Linux: kernel/time/jiffies.c.
//
// Incremented by the boot CPU's timer interrupt (arch/x86_64/time/),
// HZ times a second; read anywhere without a lock (a single aligned
// 64-bit load cannot tear).

#include <nook/time.h>

volatile unsigned long jiffies;

/*
 * nook/time.h — clocks. Linux: include/linux/sched/clock.h, jiffies.h.
 *
 * jiffies counts timer interrupts since the timer started; HZ of them
 * make a second. sched_clock() is nanoseconds since boot, read from the
 * TSC (0 until the timer code has measured the TSC's frequency).
 */
#ifndef NOOK_TIME_H
#define NOOK_TIME_H

#include <nook/types.h>

#define HZ		100	/* timer interrupts per second */
#define NSEC_PER_SEC	1000000000UL
#define NSEC_PER_MSEC	1000000UL
#define NSEC_PER_USEC	1000UL
#define USEC_PER_MSEC	1000UL
#define USEC_PER_SEC	1000000UL

extern volatile unsigned long jiffies;

u64 sched_clock(void);
/* Busy-waits; usable before interrupts are on. */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

/* Measure the TSC and APIC timer, start the HZ tick (interrupts stay off). */
void time_init(void);
/*
 * One timer interrupt's work; counts jiffies on the boot CPU. user: the
 * interrupt came from user mode (RCU counts that as a quiescent state).
 */
void tick_periodic(bool user);
/* Idle loop: print "timer: jiffies=N" each second for the first few. */
/* A kernel thread: prints the first seconds of jiffies, then ends. */
int timer_heartbeat(void *unused);

#endif

// arch/x86_64/time/tsc.c — the time-stamp counter as a clock.
//
// Linux: arch/x86/kernel/tsc.c (native_sched_clock, calibration). The
// TSC counts CPU cycles; once we know how many it counts per millisecond
// (tsc_khz, measured against the PIT by the timer code), it gives
// nanoseconds since boot without any interrupt.

#include <nook/time.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/tsc.h>

/* Written once by time_init() on the boot CPU, then read-only. */
unsigned long tsc_khz;
static u64 tsc_at_boot;

void tsc_init_early(void)
{
	tsc_at_boot = rdtsc();
}

u64 sched_clock(void)
{
	u64 cycles;

	if (!tsc_khz)
		return 0;
	cycles = rdtsc() - tsc_at_boot;
	/* cycles * 1e6 / khz, split to avoid overflowing 64 bits */
	return cycles / tsc_khz * NSEC_PER_MSEC +
	       cycles % tsc_khz * NSEC_PER_MSEC / tsc_khz;
}

void udelay(unsigned long usecs)
{
	u64 start = rdtsc(), wait;

	if (!tsc_khz) {		/* not calibrated yet: ~1 us per port write */
		while (usecs--)
			io_delay();
		return;
	}
	wait = (u64)usecs * tsc_khz / 1000;
	while (rdtsc() - start < wait)
		__asm__ __volatile__("pause");
}

void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}

// arch/x86_64/time/time.c — time_init: measure the clocks, start the tick.
//
// Linux: arch/x86/kernel/time.c (time_init), tsc.c (native_calibrate_tsc,
// pit_calibrate_tsc) and apic/apic.c (calibrate_APIC_clock). Neither the
// TSC's rate nor the local APIC timer's is known in advance, so both are
// measured over the same PIT interval. Then the APIC timer is set to
// interrupt HZ times a second: each interrupt is a tick (tick_periodic).

#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/i8253.h>
#include <asm/i8259.h>
#include <asm/irqflags.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#define MSEC_PER_SEC		1000UL
#define CALIBRATE_MS		50	/* fits the PIT's 16 bits (max ~54 ms) */
#define CALIBRATE_LATCH		(PIT_TICK_RATE * CALIBRATE_MS / MSEC_PER_SEC)
/* Polls before we decide the PIT is not counting at all. */
#define CALIBRATE_MAX_POLLS	100000000UL

struct clock_sample {
	u64 tsc;
	u32 lapic;
};

static void sample_clocks(struct clock_sample *s)
{
	s->tsc = rdtsc();
	s->lapic = lapic_timer_count();
}

/* TSC cycles and APIC timer ticks during CALIBRATE_MS of PIT time. */
static void calibrate(u64 *tsc_delta, u32 *lapic_delta)
{
	struct clock_sample start, end;
	unsigned long polls = 0, flags = local_irq_save();

	lapic_timer_start_countdown();
	pit_ch2_start(CALIBRATE_LATCH);
	sample_clocks(&start);
	while (!pit_ch2_expired()) {
		if (++polls == CALIBRATE_MAX_POLLS)
			panic("time: PIT channel 2 does not count; cannot calibrate");
	}
	sample_clocks(&end);
	local_irq_restore(flags);

	*tsc_delta = end.tsc - start.tsc;
	*lapic_delta = start.lapic - end.lapic;	/* it counts down */
}

u32 lapic_timer_period;

void time_init(void)
{
	u64 tsc_delta;
	u32 lapic_delta, per_jiffy;

	legacy_pic_disable();
	lapic_init();
	calibrate(&tsc_delta, &lapic_delta);

	tsc_khz = tsc_delta / CALIBRATE_MS;
	per_jiffy = (u64)lapic_delta * (MSEC_PER_SEC / HZ) / CALIBRATE_MS;
	if (!tsc_khz || !per_jiffy)
		panic("time: calibration failed (tsc %lu, lapic %u in %d ms)",
		      tsc_delta, lapic_delta, CALIBRATE_MS);

	pr_info("tsc: %lu.%03lu MHz, lapic timer: %u ticks per jiffy, HZ=%d\n",
		tsc_khz / 1000, tsc_khz % 1000, per_jiffy, HZ);
	lapic_timer_period = per_jiffy;
	lapic_timer_setup_periodic(per_jiffy);
	/* Ticking, taking IPIs: the boot CPU is online (Linux: boot_cpu_init). */
	WRITE_ONCE(this_cpu()->online, true);
}

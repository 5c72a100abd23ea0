// kernel/time/tick.c — what happens on each timer tick.
//
// Linux: kernel/time/tick-common.c (tick_periodic, tick_do_timer_cpu)
// and timekeeping.c (do_timer). Every CPU's timer ticks HZ times a
// second, but only one CPU may count jiffies, or they would run N times
// too fast: Nook gives that job to the boot CPU, as Linux does at boot.
// That CPU also runs the expired timers (Linux: update_process_times,
// run_local_timers); every CPU does the scheduler's accounting.

#include <nook/kernel.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/time.h>
#include <nook/timer.h>
#include <asm/cpu.h>

#define TICK_DO_TIMER_CPU	0
#define HEARTBEAT_SECONDS	3

void tick_periodic(void)
{
	struct cpu *c = this_cpu();

	WRITE_ONCE(c->ticks, c->ticks + 1);
	if (c->id == TICK_DO_TIMER_CPU) {
		WRITE_ONCE(jiffies, jiffies + 1);
		run_timers();
	}
	scheduler_tick();
}

/*
 * Called by kernel_init (pid 1) after each of its short sleeps: shows, once a second
 * for the first few seconds, that the tick is running.
 */
void timer_heartbeat(void)
{
	static unsigned long next_second = 1;	/* kernel_init's alone */
	unsigned long now = READ_ONCE(jiffies);

	if (next_second > HEARTBEAT_SECONDS || now < next_second * HZ)
		return;
	pr_info("timer: jiffies=%lu (%lu s)\n", now, now / HZ);
	next_second = now / HZ + 1;
}

// kernel/time/tick.c — what happens on each timer tick.
//
// Linux: kernel/time/tick-common.c (tick_periodic, tick_do_timer_cpu)
// and timekeeping.c (do_timer). Every CPU's timer ticks HZ times a
// second, but only one CPU may count jiffies, or they would run N times
// too fast: Nook gives that job to the boot CPU, as Linux does at boot.
// That CPU also runs the expired timers (Linux: update_process_times,
// run_local_timers); every CPU does the scheduler's accounting and
// reports to RCU (rcu_sched_clock_irq) whether it interrupted user mode.

#include <nook/kernel.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/time.h>
#include <nook/timer.h>
#include <asm/cpu.h>

#define TICK_DO_TIMER_CPU	0
#define HEARTBEAT_SECONDS	3
#define HEARTBEAT_POLL_MS	20

void tick_periodic(bool user)
{
	struct cpu *c = this_cpu();

	WRITE_ONCE(c->ticks, c->ticks + 1);
	if (c->id == TICK_DO_TIMER_CPU) {
		WRITE_ONCE(jiffies, jiffies + 1);
		run_timers();
	}
	rcu_sched_clock_irq(user);
	scheduler_tick();
}

/*
 * A kernel thread that shows, once a second for the first few seconds
 * after boot, that the tick is running: the heartbeat `make check`'s
 * boot test waits for. Then it ends. At KERN_DEBUG, so it goes to the
 * log (dmesg) and not over the first shell prompt of `make run`; the
 * boot test shows it with loglevel=8.
 */
int timer_heartbeat(void *unused)
{
	for (unsigned long s = 1; s <= HEARTBEAT_SECONDS; s++) {
		while (READ_ONCE(jiffies) < s * HZ)
			msleep(HEARTBEAT_POLL_MS);
		pr_debug("timer: jiffies=%lu (%lu s)\n", READ_ONCE(jiffies), s);
	}
	return 0;
}

// arch/x86_64/time/test_timer.c — ktest suite "timer": the tick and the
// clocks time_init() calibrated.
//
// Linux: kernel/time/time_test.c is the nearest KUnit suite. TCG runs
// far slower and less evenly than hardware, so the bounds are wide:
// these tests catch a dead or wildly wrong clock, not a slightly slow one.

#include <nook/ktest.h>
#include <nook/time.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/tsc.h>

#define DELAY_MS		100
#define MIN_TICKS_IN_DELAY	5	/* expect HZ * DELAY_MS / 1000 = 10 */
#define MAX_TICKS_IN_DELAY	40
#define MONOTONIC_READS		1000
#define ONE_MSEC_IN_USEC	1000

static void test_tsc_calibrated(struct ktest *t)
{
	KEXPECT_GT(t, tsc_khz, 0);
}

/* The timer interrupt runs and counts jiffies while we busy-wait. */
static void test_jiffies_advance_across_mdelay(struct ktest *t)
{
	unsigned long start;

	KASSERT_FALSE(t, irqs_disabled());
	start = READ_ONCE(jiffies);
	mdelay(DELAY_MS);
	KEXPECT_GE(t, READ_ONCE(jiffies) - start, MIN_TICKS_IN_DELAY);
	KEXPECT_LE(t, READ_ONCE(jiffies) - start, MAX_TICKS_IN_DELAY);
}

/* With interrupts off no tick can be taken, so jiffies stands still. */
static void test_no_ticks_with_irqs_off(struct ktest *t)
{
	unsigned long flags = local_irq_save(), start = READ_ONCE(jiffies);

	mdelay(DELAY_MS / 2);
	KEXPECT_EQ(t, READ_ONCE(jiffies), start);
	local_irq_restore(flags);
}

static void test_timer_interrupts_counted(struct ktest *t)
{
	unsigned long start = READ_ONCE(this_cpu()->irq_count);

	mdelay(DELAY_MS);
	KEXPECT_GE(t, READ_ONCE(this_cpu()->irq_count) - start,
		   MIN_TICKS_IN_DELAY);
}

static void test_sched_clock_monotonic(struct ktest *t)
{
	u64 start = sched_clock(), prev = start, now;

	for (int i = 0; i < MONOTONIC_READS; i++) {
		now = sched_clock();
		KASSERT_GE(t, now, prev);
		prev = now;
	}
	udelay(ONE_MSEC_IN_USEC);
	KEXPECT_GE(t, sched_clock() - start, NSEC_PER_MSEC);
}

static struct ktest_case timer_cases[] = {
	KTEST_CASE(test_tsc_calibrated),
	KTEST_CASE(test_jiffies_advance_across_mdelay),
	KTEST_CASE(test_no_ticks_with_irqs_off),
	KTEST_CASE(test_timer_interrupts_counted),
	KTEST_CASE(test_sched_clock_monotonic),
	{}
};

static struct ktest_suite timer_suite = {
	.name = "timer",
	.cases = timer_cases,
};
KTEST_SUITE(timer_suite);

// kernel/test/break.c — breaking the kernel on purpose, to test the tests.
//
// The harness must report a failing test, a panic, a hang and a fault
// as failures (tools/harness.py --self-test boots each of these). The
// command line chooses the breakage: break=panic|hang|fault|rcu_sleep
// (the last checked by tools/check.py's rcu-broken run). A failing
// assertion is the suite harness_selftest (ktest=harness_selftest),
// which ktest=all leaves out.

#include <nook/cmdline.h>
#include <nook/ktest.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/string.h>
#include <nook/timer.h>
#include <asm/irqflags.h>

/* A kernel address nothing maps: the start of Linux's vmalloc area. */
#define UNMAPPED_KERNEL_ADDR 0xffffc90000000000UL

static const char *how;	/* break=, set once at boot */

static int break_setup(const char *val)
{
	how = val ? val : "";
	return 0;
}
early_param("break", break_setup);

void break_kernel_on_request(void)
{
	if (!how)
		return;
	pr_warn("break=%s: breaking the kernel on purpose\n", how);
	if (!strcmp(how, "panic")) {
		panic("deliberate panic (break=panic)");
	} else if (!strcmp(how, "hang")) {
		local_irq_disable();
		for (;;)
			cpu_relax();
	} else if (!strcmp(how, "fault")) {
		*(volatile unsigned long *)UNMAPPED_KERNEL_ADDR = 0x5a;
		panic("break=fault: the write did not fault");
	} else if (!strcmp(how, "rcu_sleep")) {
		rcu_read_lock();	/* a reader must not sleep: must panic */
		schedule_timeout_uninterruptible(1);
		rcu_read_unlock();
		panic("break=rcu_sleep: a reader slept unnoticed");
	}
	pr_warn("break=%s: unknown; try panic, hang, fault or rcu_sleep\n", how);
}

static void harness_selftest_passes(struct ktest *t)
{
	KEXPECT_EQ(t, 1 + 1, 2);
}

/* Fails on purpose: the harness must count it as a failure. */
static void harness_selftest_fails(struct ktest *t)
{
	int answer = 41;

	KEXPECT_EQ(t, answer, 42);
}

static struct ktest_case harness_selftest_cases[] = {
	KTEST_CASE(harness_selftest_passes),
	KTEST_CASE(harness_selftest_fails),
	{}
};

static struct ktest_suite harness_selftest_suite = {
	.name = "harness_selftest",
	.cases = harness_selftest_cases,
	.explicit_only = true,
};
KTEST_SUITE(harness_selftest_suite);

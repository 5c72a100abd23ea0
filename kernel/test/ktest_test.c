// kernel/test/ktest_test.c — ktest suite "ktest": the runner's own
// promise that a case starts on a quiet system.
//
// Linux's KUnit has no counterpart: its cases rarely start tasks that
// outlive them. Here many cases count live objects against a baseline,
// so a task one case started must be gone (freed, not just off the
// task list) before the next case reads its baseline. The first case
// below leaves such a task running on purpose; the second fails unless
// the runner waited for it to be freed.

#include <nook/ktest.h>
#include <nook/spinlock.h>
#include <nook/string.h>
#include <nook/sched.h>
#include <nook/timer.h>

#define LINGER_MS	200

static int lingering_fn(void *arg)
{
	msleep(LINGER_MS);	/* well past the end of the case that started it */
	return 0;
}

static void test_leave_a_running_task(struct ktest *t)
{
	struct kernel_clone_args args = {
		.exit_signal = -1,	/* reaps itself */
		.fn = lingering_fn,
		.name = "ktest-linger",
		.kthread = true,
	};

	KEXPECT_GT(t, kernel_clone(&args), 0);
}

static void test_next_case_starts_settled(struct ktest *t)
{
	long listed = ktest_tasks_settled();
	unsigned long flags;
	struct task_struct *p;
	bool lingering = false;

	KEXPECT_GE(t, listed, 0);
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		lingering |= !strcmp(p->comm, "ktest-linger");
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KEXPECT_FALSE(t, lingering);
}

static struct ktest_case ktest_cases[] = {
	KTEST_CASE(test_leave_a_running_task),
	KTEST_CASE(test_next_case_starts_settled),
	{}
};

static struct ktest_suite ktest_suite = {
	.name = "ktest",
	.cases = ktest_cases,
};
KTEST_SUITE(ktest_suite);

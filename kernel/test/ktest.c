// kernel/test/ktest.c — running the in-kernel tests and printing KTAP.
//
// Linux: lib/kunit/test.c and executor.c. Output follows KTAP version 1
// (Documentation/dev-tools/ktap.rst): the suites are the top-level tests,
// each with its cases as an indented subtest. Diagnostics start with "#".
// The harness (tools/harness.py) reads these lines back.

#include <nook/ktest.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/timer.h>
#include <asm/cpu.h>

#define SETTLE_POLL_MS	10
#define SETTLE_POLLS	2000	/* 20 s: a loaded host starves QEMU */

extern struct ktest_suite *__ktest_suites_start[];
extern struct ktest_suite *__ktest_suites_end[];

#define for_each_suite(s)						\
	for (struct ktest_suite **s = __ktest_suites_start;		\
	     s < __ktest_suites_end; s++)

void ktest_fail(struct ktest *t, const char *file, int line,
		const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_ERR "    # %s: EXPECTATION FAILED at %s:%d\n    # %s\n",
	       t->name, file, line, msg);
	t->failed = true;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
}

/* Is name in the comma-separated list? "all" takes every normal suite. */
static bool filter_matches(const char *filter, const struct ktest_suite *s)
{
	size_t len = strlen(s->name);

	if (!strcmp(filter, "all"))
		return !s->explicit_only;
	for (const char *p = filter; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && !strncmp(p, s->name, n))
			return true;
		p += n + (end ? 1 : 0);
	}
	return false;
}

static int count_cases(const struct ktest_suite *s)
{
	int n = 0;

	while (s->cases[n].run)
		n++;
	return n;
}

/*
 * How many tasks are on the task list, once none of them is dying? A
 * task that reaps itself leaves the list at exit, but its task_struct,
 * pid and creds go a little later, after its last context switch and a
 * grace period. Besides the listed tasks only the idle tasks of CPUs
 * 1.. are live task_structs (init_task is static). -1: still dying.
 */
long ktest_tasks_settled(void)
{
	unsigned long flags, listed = 0;
	struct task_struct *p;
	bool exiting = false;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		listed++;
		exiting |= !!(p->flags & PF_EXITING);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (exiting || kmem_cache_live(task_struct_cachep) !=
		       listed + num_online_cpus() - 1)
		return -1;
	return listed;
}

/*
 * Wait until no task is dying and at most max are listed (-1: any
 * number). Cases count live objects against a baseline they read
 * first, so a task one case started must be gone before the next one
 * reads its own: else its late frees land in the next case's window.
 */
static bool ktest_wait_tasks(long max)
{
	for (int i = 0; i < SETTLE_POLLS; i++) {
		long listed = ktest_tasks_settled();

		if (listed >= 0 && (max < 0 || listed <= max)) {
			rcu_barrier();	/* their creds, RCU-freed objects */
			return true;
		}
		msleep(SETTLE_POLL_MS);
	}
	return false;
}

static void run_case(struct ktest_suite *s, struct ktest_case *c, int nr,
		     int *failed)
{
	struct ktest t = { .name = c->name };
	long before;

	if (!ktest_wait_tasks(-1))
		printk(KERN_WARNING "    # %s: tasks still dying before it\n",
		       c->name);
	before = ktest_tasks_settled();
	if (s->init && s->init(&t)) {
		ktest_fail(&t, __FILE__, __LINE__, "suite init failed");
	} else {
		c->run(&t);
		if (s->exit)
			s->exit(&t);
	}
	if (before >= 0 && !ktest_wait_tasks(before))
		ktest_fail(&t, __FILE__, __LINE__,
			   "tasks it started still live after %d ms",
			   SETTLE_POLLS * SETTLE_POLL_MS);
	if (t.failed)
		(*failed)++;
	if (t.skip_reason && !t.failed)
		printk(KERN_INFO "    ok %d %s # SKIP %s\n", nr, c->name,
		       t.skip_reason);
	else
		printk(KERN_INFO "    %s %d %s\n", t.failed ? "not ok" : "ok",
		       nr, c->name);
}

/* Runs one suite as a KTAP subtest; returns how many cases failed. */
static int run_suite(struct ktest_suite *s, int nr)
{
	int failed = 0, n = count_cases(s);

	printk(KERN_INFO "    KTAP version 1\n");
	printk(KERN_INFO "    # Subtest: %s\n", s->name);
	printk(KERN_INFO "    1..%d\n", n);
	for (int i = 0; i < n; i++)
		run_case(s, &s->cases[i], i + 1, &failed);
	printk(KERN_INFO "    # %s: pass:%d fail:%d\n", s->name, n - failed,
	       failed);
	printk(KERN_INFO "%s %d %s\n", failed ? "not ok" : "ok", nr, s->name);
	return failed;
}

int ktest_run(const char *filter)
{
	int nr_suites = 0, nr = 0, failed_suites = 0;

	for_each_suite(s)
		nr_suites += filter_matches(filter, *s);

	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%d\n", nr_suites);
	if (!nr_suites)
		printk(KERN_ERR "# ktest: no suite matches '%s'\n", filter);
	for_each_suite(s) {
		if (!filter_matches(filter, *s))
			continue;
		if (run_suite(*s, ++nr))
			failed_suites++;
	}
	printk(KERN_INFO "# ktest: %d suites, %d failed\n", nr_suites,
	       failed_suites);
	return (failed_suites || !nr_suites) ? -1 : 0;
}

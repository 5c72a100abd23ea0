// kernel/test/ktest.c — running the in-kernel tests and printing KTAP.
//
// Linux: lib/kunit/test.c and executor.c. Output follows KTAP version 1
// (Documentation/dev-tools/ktap.rst): the suites are the top-level tests,
// each with its cases as an indented subtest. Diagnostics start with "#".
// The harness (tools/harness.py) reads these lines back.

#include <nook/ktest.h>
#include <nook/printk.h>
#include <nook/string.h>

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

static void run_case(struct ktest_suite *s, struct ktest_case *c, int nr,
		     int *failed)
{
	struct ktest t = { .name = c->name };

	if (s->init && s->init(&t)) {
		ktest_fail(&t, __FILE__, __LINE__, "suite init failed");
	} else {
		c->run(&t);
		if (s->exit)
			s->exit(&t);
	}
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

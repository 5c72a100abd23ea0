/*
 * nook/ktest.h — in-kernel unit tests, reported in KTAP.
 *
 * Linux: KUnit (include/kunit/test.h). A suite is a named list of cases;
 * each case is a function taking a struct ktest. Expectations record a
 * failure and go on; assertions record it and end the case at once.
 * Suites register themselves with KTEST_SUITE() and run at boot when the
 * command line says ktest=all or ktest=name1,name2. Output is KTAP
 * version 1, the format KUnit prints, read by tools/harness.py.
 *
 *	static void test_thing(struct ktest *t)
 *	{
 *		KEXPECT_EQ(t, thing(2), 4);
 *	}
 *	static struct ktest_case thing_cases[] = {
 *		KTEST_CASE(test_thing),
 *		{}
 *	};
 *	static struct ktest_suite thing_suite = {
 *		.name = "thing", .cases = thing_cases,
 *	};
 *	KTEST_SUITE(thing_suite);
 */
#ifndef NOOK_KTEST_H
#define NOOK_KTEST_H

#include <nook/kernel.h>
#include <nook/string.h>

struct ktest {
	const char *name;	/* the running case */
	bool failed;
	const char *skip_reason; /* set by ktest_skip() */
	void *priv;		/* for the suite's init/exit to share state */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	struct ktest_case *cases;	/* ends with an empty entry */
	int (*init)(struct ktest *t);	/* before each case; optional */
	void (*exit)(struct ktest *t);	/* after each case; optional */
	bool explicit_only;	/* not in ktest=all: only when named */
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }
#define KTEST_SUITE(suite)						\
	static struct ktest_suite *__ktest_ptr_##suite			\
	__used __section(".ktest_suites") = &suite

/* Runs the suites the filter names ("all" or a comma list); 0 if all pass. */
int ktest_run(const char *filter);
/* Tasks on the task list when none is dying, else -1. */
long ktest_tasks_settled(void);

void ktest_fail(struct ktest *t, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);
void ktest_skip(struct ktest *t, const char *reason);

/* Compares as signed 64-bit values: fine for ints, longs and sizes. */
#define __KTEST_CMP(t, a, op, b, on_fail)				\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (!(__a op __b)) {					\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Expected %s %s %s, but\n"		\
				   "    #   %s == %lld (%#llx)\n"		\
				   "    #   %s == %lld (%#llx)",		\
				   #a, #op, #b, #a, __a, __a, #b, __b, __b); \
			on_fail;					\
		}							\
	} while (0)

#define __KTEST_TRUE(t, c, want, on_fail)				\
	do {								\
		bool __c = (c);						\
		if (__c != (want)) {					\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Expected %s to be %s", #c,		\
				   (want) ? "true" : "false");		\
			on_fail;					\
		}							\
	} while (0)

#define __KTEST_STREQ(t, a, b, on_fail)					\
	do {								\
		const char *__a = (a), *__b = (b);			\
		if (strcmp(__a, __b)) {					\
			ktest_fail(t, __FILE__, __LINE__,		\
				   "Expected %s == %s, but\n"		\
				   "    #   %s == \"%s\"\n"		\
				   "    #   %s == \"%s\"",			\
				   #a, #b, #a, __a, #b, __b);		\
			on_fail;					\
		}							\
	} while (0)

#define KEXPECT_EQ(t, a, b)	__KTEST_CMP(t, a, ==, b, (void)0)
#define KEXPECT_NE(t, a, b)	__KTEST_CMP(t, a, !=, b, (void)0)
#define KEXPECT_LT(t, a, b)	__KTEST_CMP(t, a, <, b, (void)0)
#define KEXPECT_LE(t, a, b)	__KTEST_CMP(t, a, <=, b, (void)0)
#define KEXPECT_GT(t, a, b)	__KTEST_CMP(t, a, >, b, (void)0)
#define KEXPECT_GE(t, a, b)	__KTEST_CMP(t, a, >=, b, (void)0)
#define KEXPECT_TRUE(t, c)	__KTEST_TRUE(t, c, true, (void)0)
#define KEXPECT_FALSE(t, c)	__KTEST_TRUE(t, c, false, (void)0)
#define KEXPECT_NULL(t, p)	__KTEST_TRUE(t, (p) == NULL, true, (void)0)
#define KEXPECT_NOT_NULL(t, p)	__KTEST_TRUE(t, (p) != NULL, true, (void)0)
#define KEXPECT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, (void)0)

#define KASSERT_EQ(t, a, b)	__KTEST_CMP(t, a, ==, b, return)
#define KASSERT_NE(t, a, b)	__KTEST_CMP(t, a, !=, b, return)
#define KASSERT_LT(t, a, b)	__KTEST_CMP(t, a, <, b, return)
#define KASSERT_LE(t, a, b)	__KTEST_CMP(t, a, <=, b, return)
#define KASSERT_GT(t, a, b)	__KTEST_CMP(t, a, >, b, return)
#define KASSERT_GE(t, a, b)	__KTEST_CMP(t, a, >=, b, return)
#define KASSERT_TRUE(t, c)	__KTEST_TRUE(t, c, true, return)
#define KASSERT_FALSE(t, c)	__KTEST_TRUE(t, c, false, return)
#define KASSERT_NULL(t, p)	__KTEST_TRUE(t, (p) == NULL, true, return)
#define KASSERT_NOT_NULL(t, p)	__KTEST_TRUE(t, (p) != NULL, true, return)
#define KASSERT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, return)

#endif

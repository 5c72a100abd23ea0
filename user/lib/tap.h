/*
 * tap.h — a tiny TAP (KTAP version 1) writer for Nook's user-space tests.
 *
 * The test binary prints one top-level plan ("1..N", one line per suite),
 * and each suite prints its cases as a nested, indented subtest, the
 * format Linux's KUnit uses (Documentation/dev-tools/ktap.rst), so the
 * same parser in tools/harness.py reads the kernel's tests and these.
 *
 *	tap_plan(3);
 *	ok(fork_worked, "fork returns the child's pid to the parent");
 *	is(WEXITSTATUS(status), 42, "exit(42) is seen as WEXITSTATUS 42");
 *	skip("needs a tty", "TCGETS on the console");
 *
 * Every line is written with one write(2), so output from a parent and
 * its children never tears a line. Children must report through their
 * exit status (or a signal), never through ok(): the parent checks.
 */
#ifndef NOOK_USER_TAP_H
#define NOOK_USER_TAP_H

/* Starts the whole run: "KTAP version 1" and "1..nr_suites". */
void tap_start(int nr_suites);
/* Begins and ends a suite (a nested subtest). */
void tap_suite_begin(const char *name);
void tap_suite_end(void);
/* The number of cases the current suite will report. */
void tap_plan(int nr_cases);

/* One case: passes when cond is true. Returns cond. */
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* One case: passes when got == expected; prints both when it fails. */
#define is(got, expected, ...) \
	tap_is((long)(got), (long)(expected), __FILE__, __LINE__, __VA_ARGS__)
/* A case that was not run, with the reason. */
void skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A "# ..." diagnostic line inside the current suite. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the run; returns the exit status: 0 only if nothing failed. */
int tap_finish(void);

int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int tap_is(long got, long expected, const char *file, int line,
	   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif

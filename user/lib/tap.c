/*
 * tap.c — the TAP writer declared in tap.h (KTAP version 1, one level of
 * nesting: the run, then one subtest per suite). See tap.h for use.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int suites_total;	/* the top-level plan */
static int suites_done;
static int suites_failed;

static const char *suite;	/* the suite being run, or NULL */
static int planned = -1;	/* its plan, -1 until tap_plan() */
static int cases;		/* cases it has reported */
static int cases_failed;

/* Writes one line (indented when inside a suite) with a single write(2). */
static void emit(int indent, const char *fmt, va_list ap)
{
	char buf[512];
	int n = 0;

	if (indent)
		n = snprintf(buf, sizeof(buf), "    ");
	n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	(void)!write(1, buf, n);
}

static void line(int indent, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(indent, fmt, ap);
	va_end(ap);
}

void tap_start(int nr_suites)
{
	suites_total = nr_suites;
	line(0, "KTAP version 1");
	line(0, "1..%d", nr_suites);
}

void tap_suite_begin(const char *name)
{
	suite = name;
	planned = -1;
	cases = 0;
	cases_failed = 0;
	line(1, "KTAP version 1");
	line(1, "# Subtest: %s", name);
}

void tap_plan(int nr_cases)
{
	planned = nr_cases;
	line(1, "1..%d", nr_cases);
}

void tap_suite_end(void)
{
	int good = cases_failed == 0 && cases == planned;

	if (cases != planned)
		line(1, "# %s: planned %d cases but ran %d", suite, planned,
		     cases);
	suites_done++;
	if (!good)
		suites_failed++;
	line(0, "%s %d %s", good ? "ok" : "not ok", suites_done, suite);
	suite = NULL;
}

void diag(const char *fmt, ...)
{
	char text[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	line(suite != NULL, "# %s", text);
}

/* Prints "ok N name" or "not ok N name" for the current suite. */
static int result(int cond, const char *fmt, va_list ap)
{
	char name[300];

	vsnprintf(name, sizeof(name), fmt, ap);
	cases++;
	if (!cond)
		cases_failed++;
	line(1, "%s %d %s", cond ? "ok" : "not ok", cases, name);
	return cond;
}

int tap_ok(int cond, const char *file, int lineno, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("failed at %s:%d", file, lineno);
	return cond;
}

int tap_is(long got, long expected, const char *file, int lineno,
	   const char *fmt, ...)
{
	int cond = got == expected;
	va_list ap;

	va_start(ap, fmt);
	result(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("failed at %s:%d: got %ld (%#lx), expected %ld (%#lx)",
		     file, lineno, got, got, expected, expected);
	return cond;
}

void skip(const char *why, const char *fmt, ...)
{
	char name[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	cases++;
	line(1, "ok %d %s # SKIP %s", cases, name, why);
}

int tap_finish(void)
{
	if (suites_done != suites_total)
		line(0, "# planned %d suites but ran %d", suites_total,
		     suites_done);
	line(0, "# %d of %d suites passed", suites_done - suites_failed,
	     suites_done);
	return suites_failed || suites_done != suites_total;
}

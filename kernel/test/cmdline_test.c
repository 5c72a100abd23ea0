// kernel/test/cmdline_test.c — tests for the command-line parser.
//
// Linux: lib/cmdline_kunit.c tests its cousins (get_option). These check
// parse_cmdline(): words, key=value, quotes, spacing, and the limit.

#include <nook/cmdline.h>
#include <nook/errno.h>
#include <nook/ktest.h>
#include <nook/string.h>

static void test_key_values_and_words(struct ktest *t)
{
	char line[] = "ktest=all quiet loglevel=7";
	struct cmdline_param p[4];

	KASSERT_EQ(t, parse_cmdline(line, p, 4), 3);
	KEXPECT_STREQ(t, p[0].key, "ktest");
	KEXPECT_STREQ(t, p[0].val, "all");
	KEXPECT_STREQ(t, p[1].key, "quiet");
	KEXPECT_NULL(t, p[1].val);
	KEXPECT_STREQ(t, p[2].key, "loglevel");
	KEXPECT_STREQ(t, p[2].val, "7");
}

static void test_spaces(struct ktest *t)
{
	char empty[] = "";
	char blank[] = "  \t ";
	char padded[] = "   a=1    b   ";
	struct cmdline_param p[4];

	KEXPECT_EQ(t, parse_cmdline(empty, p, 4), 0);
	KEXPECT_EQ(t, parse_cmdline(blank, p, 4), 0);
	KASSERT_EQ(t, parse_cmdline(padded, p, 4), 2);
	KEXPECT_STREQ(t, p[0].key, "a");
	KEXPECT_STREQ(t, p[0].val, "1");
	KEXPECT_STREQ(t, p[1].key, "b");
	KEXPECT_NULL(t, p[1].val);
}

/* Only the first '=' splits; quotes keep spaces and are removed. */
static void test_quotes_and_equals(struct ktest *t)
{
	char line[] = "init=/bin/sh motd=\"hello world\" x=a=b \"k y\"=v";
	struct cmdline_param p[8];

	KASSERT_EQ(t, parse_cmdline(line, p, 8), 4);
	KEXPECT_STREQ(t, p[0].val, "/bin/sh");
	KEXPECT_STREQ(t, p[1].key, "motd");
	KEXPECT_STREQ(t, p[1].val, "hello world");
	KEXPECT_STREQ(t, p[2].key, "x");
	KEXPECT_STREQ(t, p[2].val, "a=b");
	KEXPECT_STREQ(t, p[3].key, "k y");
	KEXPECT_STREQ(t, p[3].val, "v");
}

static void test_empty_value(struct ktest *t)
{
	char line[] = "root=";
	struct cmdline_param p[2];

	KASSERT_EQ(t, parse_cmdline(line, p, 2), 1);
	KEXPECT_STREQ(t, p[0].key, "root");
	KEXPECT_STREQ(t, p[0].val, "");
}

static void test_too_many(struct ktest *t)
{
	char line[] = "a b c d";
	struct cmdline_param p[3];

	KEXPECT_EQ(t, parse_cmdline(line, p, 3), -E2BIG);
	KEXPECT_STREQ(t, p[2].key, "c");
}

/* The boot line itself was parsed: the harness always passes ktest=. */
static void test_boot_line(struct ktest *t)
{
	KEXPECT_NOT_NULL(t, cmdline_get("ktest"));
	KEXPECT_NULL(t, cmdline_get("no_such_parameter_here"));
	KEXPECT_NOT_NULL(t, strstr(saved_command_line(), "ktest="));
}

static struct ktest_case cmdline_cases[] = {
	KTEST_CASE(test_key_values_and_words),
	KTEST_CASE(test_spaces),
	KTEST_CASE(test_quotes_and_equals),
	KTEST_CASE(test_empty_value),
	KTEST_CASE(test_too_many),
	KTEST_CASE(test_boot_line),
	{}
};

static struct ktest_suite cmdline_suite = {
	.name = "cmdline",
	.cases = cmdline_cases,
};
KTEST_SUITE(cmdline_suite);

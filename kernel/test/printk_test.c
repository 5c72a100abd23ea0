// kernel/test/printk_test.c — tests for vsnprintf and printk's levels.
//
// Linux: lib/test_printf.c. Each expectation formats into a buffer and
// compares with what C's printf would give; the printk cases capture the
// console output through a test console.

#include <nook/ktest.h>
#include <nook/printk.h>
#include <nook/slab.h>
#include <nook/string.h>

void kernel_main(u32 magic, u32 info);

#define CHECK_FMT(t, want, fmt, ...)					\
	do {								\
		char __buf[128];					\
		int __n = snprintf(__buf, sizeof(__buf), fmt, ##__VA_ARGS__); \
		KEXPECT_STREQ(t, __buf, want);				\
		KEXPECT_EQ(t, __n, (int)strlen(want));			\
	} while (0)

static void test_integers(struct ktest *t)
{
	CHECK_FMT(t, "0", "%d", 0);
	CHECK_FMT(t, "-42", "%d", -42);
	CHECK_FMT(t, "4294967295", "%u", 4294967295U);
	CHECK_FMT(t, "-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
	CHECK_FMT(t, "18446744073709551615", "%llu", 18446744073709551615ULL);
	CHECK_FMT(t, "-1", "%zd", (ssize_t)-1);
	CHECK_FMT(t, "-2", "%hd", (short)-2);
	CHECK_FMT(t, "17", "%i", 17);
	CHECK_FMT(t, "755", "%o", 0755);
}

static void test_hex(struct ktest *t)
{
	CHECK_FMT(t, "ff", "%x", 255);
	CHECK_FMT(t, "FF", "%X", 255);
	CHECK_FMT(t, "0xff", "%#x", 255);
	CHECK_FMT(t, "0x0000ff", "%#08x", 255);
	CHECK_FMT(t, "000000ff", "%08x", 255);
	CHECK_FMT(t, "ffffffff80000000", "%lx", 0xffffffff80000000UL);
}

static void test_width_and_flags(struct ktest *t)
{
	CHECK_FMT(t, "   42", "%5d", 42);
	CHECK_FMT(t, "42   |", "%-5d|", 42);
	CHECK_FMT(t, "-0042", "%05d", -42);
	CHECK_FMT(t, "+7", "%+d", 7);
	CHECK_FMT(t, " 7", "% d", 7);
	/* gcc refuses these at compile time; the kernel must too at run time. */
	const char *plus_hex = "%+x", *space_unsigned = "% u";

	CHECK_FMT(t, "ff", plus_hex, 255);	/* signs are for signed only */
	CHECK_FMT(t, "7", space_unsigned, 7);
	CHECK_FMT(t, "   ab", "%*s", 5, "ab");
	CHECK_FMT(t, "ab   |", "%-*s|", 5, "ab");
}

static void test_strings_and_chars(struct ktest *t)
{
	CHECK_FMT(t, "hello", "%s", "hello");
	CHECK_FMT(t, "hel", "%.3s", "hello");
	const char *volatile nothing = NULL;	/* hidden from gcc's check */

	CHECK_FMT(t, "(null)", "%s", nothing);
	CHECK_FMT(t, "x", "%c", 'x');
	CHECK_FMT(t, "100%", "%d%%", 100);
}

static void test_pointers(struct ktest *t)
{
	char buf[128];

	CHECK_FMT(t, "0xffff888000001000", "%p", (void *)0xffff888000001000UL);
	snprintf(buf, sizeof(buf), "%pS", (void *)kernel_main);
	KEXPECT_EQ(t, strncmp(buf, "kernel_main+0x0/0x", 18), 0);
	snprintf(buf, sizeof(buf), "%pS", (void *)((char *)kernel_main + 5));
	KEXPECT_EQ(t, strncmp(buf, "kernel_main+0x5/0x", 18), 0);
	/* Not code: printed as a bare address. */
	CHECK_FMT(t, "0x1234", "%pS", (void *)0x1234);
}

/* Like snprintf(3): truncate, terminate, and return the full length. */
static void test_truncation(struct ktest *t)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	KEXPECT_EQ(t, snprintf(buf, 4, "%s", "abcdef"), 6);
	KEXPECT_STREQ(t, buf, "abc");
	KEXPECT_EQ(t, buf[4], 'X');
	KEXPECT_EQ(t, snprintf(buf, 0, "%d", 12345), 5);
	KEXPECT_EQ(t, buf[0], 'a');	/* size 0 writes nothing */
}

/* A console that keeps what printk writes, for the level tests. */
static char captured[256];
static size_t captured_len;

static void capture_write(struct console *con, const char *s, size_t len)
{
	for (size_t i = 0; i < len && captured_len + 1 < sizeof(captured); i++)
		captured[captured_len++] = s[i];
	captured[captured_len] = '\0';
}

static struct console capture_console = {
	.name = "ktest",
	.write = capture_write,
};

static int capture_init(struct ktest *t)
{
	captured_len = 0;
	captured[0] = '\0';
	register_console(&capture_console);
	return 0;
}

static void capture_exit(struct ktest *t)
{
	unregister_console(&capture_console);
}

static void test_levels_filter(struct ktest *t)
{
	int saved = console_loglevel;

	console_loglevel = 4;	/* show only KERN_ERR and more urgent */
	printk(KERN_INFO "hidden-info");
	pr_cont(" hidden-cont\n");
	printk(KERN_ERR "shown-err\n");
	console_loglevel = saved;
	KEXPECT_NULL(t, strstr(captured, "hidden-info"));
	KEXPECT_NULL(t, strstr(captured, "hidden-cont"));
	KEXPECT_NOT_NULL(t, strstr(captured, "shown-err\n"));
}

/* Every line starts "[seconds.micros] "; pr_cont adds to the line. */
static void test_timestamp_and_cont(struct ktest *t)
{
	printk(KERN_ERR "first");
	pr_cont(" second\n");
	KASSERT_TRUE(t, captured_len > 16);
	KEXPECT_EQ(t, captured[0], '[');
	KEXPECT_EQ(t, captured[6], '.');
	KEXPECT_EQ(t, captured[13], ']');
	KEXPECT_STREQ(t, captured + 15, "first second\n");
}

/*
 * Past three times the ring's size, the log still hands out whole lines
 * only, the newest, and the oldest are gone.
 */
static void test_log_buffer_wraps(struct ktest *t)
{
	size_t size = 1 << 16, n;
	char *buf = kmalloc(size);

	KASSERT_TRUE(t, buf != NULL);
	for (int i = 0; i < 3000; i++)
		pr_debug("ktest-log-line %d: some words to fill the ring\n", i);
	n = log_read_all(buf, 512, false);
	KEXPECT_TRUE(t, n > 0 && n <= 512);
	KEXPECT_TRUE(t, buf[0] == '<' && buf[n - 1] == '\n');
	buf[n - 1] = 0;
	KEXPECT_TRUE(t, strstr(buf, "ktest-log-line 2999:") != NULL);
	n = log_read_all(buf, size, false);
	KEXPECT_TRUE(t, n > 0 && buf[0] == '<' && buf[n - 1] == '\n');
	buf[n - 1] = 0;
	KEXPECT_TRUE(t, strstr(buf, "ktest-log-line 0:") == NULL);
	KEXPECT_TRUE(t, strstr(buf, "<7>[") != NULL);
	kfree(buf);
}

static struct ktest_case vsprintf_cases[] = {
	KTEST_CASE(test_integers),
	KTEST_CASE(test_hex),
	KTEST_CASE(test_width_and_flags),
	KTEST_CASE(test_strings_and_chars),
	KTEST_CASE(test_pointers),
	KTEST_CASE(test_truncation),
	{}
};

static struct ktest_suite vsprintf_suite = {
	.name = "vsprintf",
	.cases = vsprintf_cases,
};
KTEST_SUITE(vsprintf_suite);

static struct ktest_case printk_cases[] = {
	KTEST_CASE(test_levels_filter),
	KTEST_CASE(test_timestamp_and_cont),
	KTEST_CASE(test_log_buffer_wraps),
	{}
};

static struct ktest_suite printk_suite = {
	.name = "printk",
	.cases = printk_cases,
	.init = capture_init,
	.exit = capture_exit,
};
KTEST_SUITE(printk_suite);

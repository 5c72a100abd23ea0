// arch/x86_64/time/test_rtc.c — ktest suite "rtc": turning the CMOS
// clock's registers into Unix time, and the timespec rules of the clock
// system calls.
//
// Linux: drivers/rtc/lib_test.c (the calendar conversions) is the
// nearest KUnit suite. QEMU's RTC only ever shows one mode (BCD, 24h),
// so the other modes are checked here on made-up register values.

#include <nook/ktest.h>
#include <nook/timekeeping.h>

#define REG_B_BCD_24H	0x02
#define REG_B_BIN_24H	0x06
#define REG_B_BCD_12H	0x00
#define REG_B_BIN_12H	0x04
#define HOUR_PM		0x80

static void test_bcd2bin(struct ktest *t)
{
	KEXPECT_EQ(t, bcd2bin(0x00), 0);
	KEXPECT_EQ(t, bcd2bin(0x09), 9);
	KEXPECT_EQ(t, bcd2bin(0x10), 10);
	KEXPECT_EQ(t, bcd2bin(0x59), 59);
	KEXPECT_EQ(t, bcd2bin(0x99), 99);
}

/* 2024-02-29 13:45:07, in BCD, 24-hour mode. */
static void test_decode_bcd_24h(struct ktest *t)
{
	const u8 raw[6] = { 0x07, 0x45, 0x13, 0x29, 0x02, 0x24 };
	struct rtc_time tm;

	mc146818_decode(raw, REG_B_BCD_24H, &tm);
	KEXPECT_EQ(t, tm.tm_sec, 7);
	KEXPECT_EQ(t, tm.tm_min, 45);
	KEXPECT_EQ(t, tm.tm_hour, 13);
	KEXPECT_EQ(t, tm.tm_mday, 29);
	KEXPECT_EQ(t, tm.tm_mon, 1);		/* February, from 0 */
	KEXPECT_EQ(t, tm.tm_year, 124);		/* since 1900 */
}

static void test_decode_binary(struct ktest *t)
{
	const u8 raw[6] = { 59, 58, 23, 31, 12, 99 };
	struct rtc_time tm;

	mc146818_decode(raw, REG_B_BIN_24H, &tm);
	KEXPECT_EQ(t, tm.tm_hour, 23);
	KEXPECT_EQ(t, tm.tm_mon, 11);
	KEXPECT_EQ(t, tm.tm_year, 99);		/* 70-99: the 1900s */
}

/* 12-hour mode: 12 AM is hour 0, 12 PM is 12, 1 PM is 13. */
static void test_decode_12h(struct ktest *t)
{
	u8 raw[6] = { 0, 0, 0x12, 1, 1, 0x00 };
	struct rtc_time tm;

	mc146818_decode(raw, REG_B_BCD_12H, &tm);
	KEXPECT_EQ(t, tm.tm_hour, 0);
	raw[2] = 0x12 | HOUR_PM;
	mc146818_decode(raw, REG_B_BCD_12H, &tm);
	KEXPECT_EQ(t, tm.tm_hour, 12);
	raw[2] = 0x01 | HOUR_PM;
	mc146818_decode(raw, REG_B_BCD_12H, &tm);
	KEXPECT_EQ(t, tm.tm_hour, 13);
	raw[2] = 11 | HOUR_PM;
	mc146818_decode(raw, REG_B_BIN_12H, &tm);
	KEXPECT_EQ(t, tm.tm_hour, 23);
	KEXPECT_EQ(t, tm.tm_year, 100);		/* 00: 2000 */
}

static s64 unix_time(int y, int mon, int d, int h, int min, int s)
{
	struct rtc_time tm = { s, min, h, d, mon - 1, y - 1900 };

	return rtc_tm_to_time64(&tm);
}

/* Values from `date -u -d ... +%s` on Linux. */
static void test_rtc_tm_to_time64(struct ktest *t)
{
	KEXPECT_EQ(t, unix_time(1970, 1, 1, 0, 0, 0), 0);
	KEXPECT_EQ(t, unix_time(1970, 1, 2, 0, 0, 1), 86401);
	KEXPECT_EQ(t, unix_time(2000, 2, 29, 0, 0, 0), 951782400);
	KEXPECT_EQ(t, unix_time(2000, 3, 1, 0, 0, 0), 951868800);
	KEXPECT_EQ(t, unix_time(2024, 2, 29, 13, 45, 7), 1709214307);
	KEXPECT_EQ(t, unix_time(2038, 1, 19, 3, 14, 8), 2147483648LL);
	KEXPECT_EQ(t, unix_time(2100, 3, 1, 0, 0, 0), 4107542400LL);
}

/* nanosleep(2)'s EINVAL cases and the conversions around them. */
static void test_timespec64_valid(struct ktest *t)
{
	struct timespec64 ts = { 0, 0 };

	KEXPECT_TRUE(t, timespec64_valid(&ts));
	ts = (struct timespec64){ 5, 999999999 };
	KEXPECT_TRUE(t, timespec64_valid(&ts));
	ts = (struct timespec64){ 0, 1000000000 };
	KEXPECT_FALSE(t, timespec64_valid(&ts));
	ts = (struct timespec64){ 0, -1 };
	KEXPECT_FALSE(t, timespec64_valid(&ts));
	ts = (struct timespec64){ -1, 0 };
	KEXPECT_FALSE(t, timespec64_valid(&ts));
	ts = (struct timespec64){ 3, 250 };
	KEXPECT_EQ(t, timespec64_to_ns(&ts), 3000000250ULL);
	ts = (struct timespec64){ 1LL << 62, 0 };
	KEXPECT_EQ(t, timespec64_to_ns(&ts), ~0ULL >> 1);	/* saturates */
	ts = ns_to_timespec64(3000000250ULL);
	KEXPECT_EQ(t, ts.tv_sec, 3);
	KEXPECT_EQ(t, ts.tv_nsec, 250);
}

/* The wall clock QEMU's RTC gave at boot is after this code was written. */
static void test_realtime_is_plausible(struct ktest *t)
{
	KEXPECT_GT(t, ktime_get_real_seconds(), 1704067200);	/* 2024-01-01 */
	KEXPECT_GE(t, ktime_get_real_ns(), ktime_get_ns());
}

static struct ktest_case rtc_cases[] = {
	KTEST_CASE(test_bcd2bin),
	KTEST_CASE(test_decode_bcd_24h),
	KTEST_CASE(test_decode_binary),
	KTEST_CASE(test_decode_12h),
	KTEST_CASE(test_rtc_tm_to_time64),
	KTEST_CASE(test_timespec64_valid),
	KTEST_CASE(test_realtime_is_plausible),
	{}
};

static struct ktest_suite rtc_suite = {
	.name = "rtc",
	.cases = rtc_cases,
};
KTEST_SUITE(rtc_suite);

// arch/x86_64/time/rtc.c — the CMOS real-time clock, read once at boot.
//
// Linux: drivers/rtc/rtc-mc146818-lib.c (mc146818_get_time) and
// arch/x86/kernel/rtc.c (mach_get_cmos_time, read_persistent_clock64).
// The PC's MC146818-compatible clock keeps the date on a battery; QEMU
// gives it the host's time in UTC. It is read through two I/O ports:
// write a register number to 0x70, read its value from 0x71. While the
// clock ticks over to the next second its registers are inconsistent
// (the update-in-progress flag says so), and depending on register B
// the values are binary or BCD, and the hour 24h or 12h with a PM bit.

#include <nook/kernel.h>
#include <nook/printk.h>
#include <nook/spinlock.h>
#include <nook/timekeeping.h>
#include <nook/string.h>
#include <asm/io.h>
#include <asm/irqflags.h>

#define RTC_PORT_INDEX		0x70	/* bit 7 set would also mask NMIs */
#define RTC_PORT_DATA		0x71

#define RTC_SECONDS		0x00
#define RTC_MINUTES		0x02
#define RTC_HOURS		0x04
#define RTC_DAY_OF_MONTH	0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b

#define RTC_UIP			0x80	/* reg A: update in progress */
#define RTC_24H			0x02	/* reg B: 24-hour mode */
#define RTC_DM_BINARY		0x04	/* reg B: binary, not BCD */
#define RTC_HOUR_PM		0x80	/* in the hour, in 12-hour mode */

/* The update takes under 2 ms; a missing RTC must not hang the boot. */
#define RTC_UIP_POLLS		1000000
#define RTC_READ_TRIES		10

/* Index-then-data is two steps: nobody else may move the index between. */
static DEFINE_SPINLOCK(rtc_lock);

static u8 cmos_read(u8 reg)
{
	outb(RTC_PORT_INDEX, reg);
	return inb(RTC_PORT_DATA);
}

unsigned int bcd2bin(u8 val)
{
	return (val & 0x0f) + (val >> 4) * 10;
}

/*
 * The register values to a calendar time. Exposed for the ktest (the
 * conversions are where an RTC driver goes wrong, and QEMU only ever
 * shows one mode).
 */
void mc146818_decode(const u8 raw[6], u8 reg_b, struct rtc_time *tm)
{
	bool bcd = !(reg_b & RTC_DM_BINARY);
	bool pm = !(reg_b & RTC_24H) && (raw[2] & RTC_HOUR_PM);
	unsigned int v[6];

	for (int i = 0; i < 6; i++) {
		u8 r = i == 2 ? raw[i] & ~RTC_HOUR_PM : raw[i];

		v[i] = bcd ? bcd2bin(r) : r;
	}
	/* 12-hour mode counts 12, 1, ... 11: 12 AM is midnight. */
	if (!(reg_b & RTC_24H))
		v[2] = v[2] % 12 + (pm ? 12 : 0);
	tm->tm_sec = v[0];
	tm->tm_min = v[1];
	tm->tm_hour = v[2];
	tm->tm_mday = v[3];
	tm->tm_mon = v[4] - 1;
	/*
	 * Two digits of year. The century register's place is named by
	 * ACPI's FADT; like Linux without it, take 70-99 as 19xx and the
	 * rest as 20xx.
	 */
	tm->tm_year = v[5] < 70 ? v[5] + 100 : v[5];
}

/* One consistent snapshot: read twice, outside an update, until equal. */
static bool mc146818_get_time(struct rtc_time *tm)
{
	u8 raw[6], again[6], reg_b;
	static const u8 regs[6] = { RTC_SECONDS, RTC_MINUTES, RTC_HOURS,
				    RTC_DAY_OF_MONTH, RTC_MONTH, RTC_YEAR };
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&rtc_lock, flags);
	for (int t = 0; t < RTC_READ_TRIES && !ok; t++) {
		int polls = 0;

		while ((cmos_read(RTC_REG_A) & RTC_UIP) && polls++ < RTC_UIP_POLLS)
			cpu_relax();
		for (int i = 0; i < 6; i++)
			raw[i] = cmos_read(regs[i]);
		reg_b = cmos_read(RTC_REG_B);
		for (int i = 0; i < 6; i++)
			again[i] = cmos_read(regs[i]);
		/* Same values, and no update began meanwhile. */
		ok = !memcmp(raw, again, sizeof(raw)) &&
		     !(cmos_read(RTC_REG_A) & RTC_UIP);
	}
	spin_unlock_irqrestore(&rtc_lock, flags);
	if (ok)
		mc146818_decode(raw, reg_b, tm);
	return ok;
}

bool read_persistent_clock64(s64 *secs)
{
	struct rtc_time tm;

	if (!mc146818_get_time(&tm) || tm.tm_mon < 0 || tm.tm_mon > 11 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31) {
		pr_warn("rtc: no usable CMOS clock; the wall clock starts at 1970\n");
		return false;
	}
	*secs = rtc_tm_to_time64(&tm);
	pr_info("rtc: %04d-%02d-%02d %02d:%02d:%02d UTC\n", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return true;
}

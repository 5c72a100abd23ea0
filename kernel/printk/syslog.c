// kernel/printk/syslog.c — the kernel log buffer and syslog(2), which
// busybox dmesg reads.
//
// Linux: kernel/printk/printk.c (log_buf, do_syslog, SYSLOG_ACTION_*).
// Every printk line is kept here, whatever the console level hid, in
// the text form syslog(2) hands out: "<level>[seconds.micros] text\n".
// The buffer is a ring of bytes; positions are counted from boot and
// never wrap, so "where the reader was" stays meaningful after the ring
// has gone round. When a new line needs room, whole lines are dropped
// from the front: a reader never sees half a line.
//
// Linux's buffer holds structured records; plain text is enough here and
// is exactly what a reader of syslog(2) gets either way.
//
// Lock order: logbuf_lock is a leaf, taken with interrupts off (printk
// runs in any context, interrupt handlers included).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/spinlock.h>
#include <nook/string.h>
#include <nook/timer.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define LOG_BUF_LEN	(1 << 16)	/* Linux's default is 1 << 17 */
#define SYSLOG_POLL_JIFFIES	(HZ / 10)

/* syslog(2) actions, Linux's values */
enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ,
	SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR,
	SYSLOG_ACTION_CONSOLE_OFF, SYSLOG_ACTION_CONSOLE_ON,
	SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

static char log_buf[LOG_BUF_LEN];
static DEFINE_SPINLOCK(logbuf_lock);
/* Positions since boot, under logbuf_lock; first and clear are at line
 * starts (syslog too, unless a reader's buffer was under one line), and
 * first <= clear, syslog <= next. */
static u64 log_first;		/* oldest byte still in the ring */
static u64 log_next;		/* where the next byte goes */
static u64 clear_seq;		/* READ_ALL starts here (CLEAR moves it) */
static u64 syslog_seq;		/* READ (destructive) starts here */
static bool log_line_open;	/* the last stored text had no \n */
static int saved_console_loglevel = -1;	/* while CONSOLE_OFF */

static char log_char(u64 pos)
{
	return log_buf[pos % LOG_BUF_LEN];
}

/* Drops whole lines from the front until len more bytes fit. */
static void log_make_room(size_t len)
{
	while (log_next + len - log_first > LOG_BUF_LEN) {
		while (log_first < log_next && log_char(log_first) != '\n')
			log_first++;
		log_first++;		/* past the '\n' */
	}
	if (clear_seq < log_first)
		clear_seq = log_first;
	if (syslog_seq < log_first)
		syslog_seq = log_first;
}

static void log_put(const char *s, size_t len)
{
	log_make_room(len);
	for (size_t i = 0; i < len; i++)
		log_buf[(log_next + i) % LOG_BUF_LEN] = s[i];
	log_next += len;
}

/*
 * Keeps one printk message: level < 0 continues the open line (pr_cont),
 * otherwise a new line starts, closing an open one first.
 */
void log_store(int level, u64 ns, const char *text, size_t len)
{
	char prefix[32];
	unsigned long flags;
	int n;

	if (len > LOG_BUF_LEN / 4)
		len = LOG_BUF_LEN / 4;
	spin_lock_irqsave(&logbuf_lock, flags);
	if (level >= 0 || !log_line_open) {
		if (log_line_open)
			log_put("\n", 1);
		n = snprintf(prefix, sizeof(prefix), "<%d>[%5lu.%06lu] ",
			     level < 0 ? LOGLEVEL_DEFAULT : level,
			     (unsigned long)(ns / NSEC_PER_SEC),
			     (unsigned long)(ns % NSEC_PER_SEC / 1000));
		log_put(prefix, n);
	}
	log_put(text, len);
	if (len)
		log_line_open = text[len - 1] != '\n';
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

/* The first line start at or after pos (log_next if none). */
static u64 next_line(u64 pos)
{
	while (pos < log_next && log_char(pos) != '\n')
		pos++;
	return pos < log_next ? pos + 1 : log_next;
}

/*
 * Copies whole lines from [*from, log_next) into buf, at most size
 * bytes: the newest ones if newest, else the oldest (or, when size is
 * under the oldest line, that line's first size bytes). Returns the count
 * and moves *from past what was copied. The open last line is left out
 * until it ends, so no reader sees half of one.
 */
static size_t log_copy(u64 *from, char *buf, size_t size, bool newest)
{
	u64 start = *from, end = log_next;
	size_t n;

	while (end > start && log_char(end - 1) != '\n')
		end--;
	if (newest) {
		while (end - start > size)
			start = next_line(start);
	} else {
		u64 stop = start;

		while (stop < end && next_line(stop) - start <= size)
			stop = next_line(stop);
		/* Not even one line fits: hand out its head, as Linux does. */
		if (stop == start && end > start)
			stop = start + size;
		end = stop;
	}
	n = end - start;
	for (size_t i = 0; i < n; i++)
		buf[i] = log_char(start + i);
	*from = end;
	return n;
}

static u64 log_unread(void)
{
	unsigned long flags;
	u64 n;

	spin_lock_irqsave(&logbuf_lock, flags);
	n = log_next - syslog_seq;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

size_t log_read_all(char *buf, size_t size, bool clear)
{
	unsigned long flags;
	u64 pos;
	size_t n;

	spin_lock_irqsave(&logbuf_lock, flags);
	pos = clear_seq;
	n = log_copy(&pos, buf, size, true);
	if (clear)
		clear_seq = log_next;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

/*
 * The reads: READ takes the oldest unread lines and marks them read
 * (waiting while there are none), READ_ALL the newest lines since the
 * last CLEAR, READ_CLEAR the same and then clears.
 */
static int syslog_read(int type, char __user *ubuf, int len)
{
	size_t size = len < LOG_BUF_LEN ? len : LOG_BUF_LEN;
	char *kbuf;
	unsigned long flags;
	size_t n;

	if (type == SYSLOG_ACTION_READ) {
		/*
		 * printk runs in any context, interrupts and scheduler
		 * included, so it cannot wake a sleeper; the reader looks
		 * again every tenth of a second (Linux defers the wake-up
		 * to irq_work instead).
		 */
		while (!log_unread()) {
			if (signal_pending(current))
				return -ERESTARTSYS;
			schedule_timeout_interruptible(SYSLOG_POLL_JIFFIES);
		}
	}
	kbuf = kmalloc(size);
	if (!kbuf)
		return -ENOMEM;
	if (type == SYSLOG_ACTION_READ) {
		spin_lock_irqsave(&logbuf_lock, flags);
		n = log_copy(&syslog_seq, kbuf, size, false);
		spin_unlock_irqrestore(&logbuf_lock, flags);
	} else {
		n = log_read_all(kbuf, size, type == SYSLOG_ACTION_READ_CLEAR);
	}
	if (copy_to_user(ubuf, kbuf, n))
		n = -EFAULT;
	kfree(kbuf);
	return n;
}

/* CONSOLE_OFF/ON/LEVEL: what dmesg -n and -D/-E change. */
static int syslog_console(int type, int len)
{
	switch (type) {
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_console_loglevel < 0)
			saved_console_loglevel = console_loglevel;
		console_loglevel = 1;	/* Linux's minimum: emergencies only */
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_console_loglevel >= 0) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
		return 0;
	default:	/* CONSOLE_LEVEL */
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len;
		saved_console_loglevel = -1;
		return 0;
	}
}

/*
 * Linux: check_syslog_permissions. Reading the whole log and asking its
 * size are open to anyone (Linux's default, kernel.dmesg_restrict 0;
 * Nook has no sysctl to restrict them); every other action needs
 * CAP_SYSLOG (EPERM), checked before anything else.
 */
static int check_syslog_permissions(int type)
{
	if (type == SYSLOG_ACTION_READ_ALL || type == SYSLOG_ACTION_SIZE_BUFFER)
		return 0;
	return capable(CAP_SYSLOG) ? 0 : -EPERM;
}

SYSCALL_DEFINE3(syslog, int, type, char __user *, buf, int, len)
{
	unsigned long flags;
	int err = check_syslog_permissions(type);

	if (err)
		return err;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!buf || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (!access_ok(buf, len))
			return -EFAULT;
		return syslog_read(type, buf, len);
	case SYSLOG_ACTION_CLEAR:
		spin_lock_irqsave(&logbuf_lock, flags);
		clear_seq = log_next;
		spin_unlock_irqrestore(&logbuf_lock, flags);
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return syslog_console(type, len);
	case SYSLOG_ACTION_SIZE_UNREAD:
		return log_unread();
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_BUF_LEN;
	default:
		return -EINVAL;
	}
}

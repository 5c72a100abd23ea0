// kernel/printk/printk.c — the kernel's log, written to every console.
//
// Linux: kernel/printk/printk.c. Each line starts with the time since
// boot, as Linux prints it ("[    0.012345] "). A level prefix
// (KERN_ERR...) decides whether the console shows the line: only levels
// below console_loglevel appear (cmdline loglevel=N, like Linux's).
// Linux keeps a ring buffer and prints from it later; Nook writes at once,
// so a message is on the serial port before the next line of code runs:
// what you want when the next line is the one that crashes. Every line
// also goes to the log buffer (syslog.c) that dmesg reads.
//
// Lock order: console_lock is a leaf; nothing is taken while holding it.

#include <nook/printk.h>
#include <nook/spinlock.h>
#include <nook/time.h>

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static struct console *consoles;	/* added under console_lock */
static DEFINE_SPINLOCK(console_lock);
static bool line_open;			/* last message did not end in \n */
static bool cont_hidden;		/* ...and its level was not shown */

void register_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	con->next = consoles;
	consoles = con;
	spin_unlock_irqrestore(&console_lock, flags);
}

void unregister_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	for (struct console **pp = &consoles; *pp; pp = &(*pp)->next) {
		if (*pp == con) {
			*pp = con->next;
			break;
		}
	}
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
	spin_lock_init(&console_lock, "console_lock");
}

static void console_write(const char *s, size_t len)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, len);
}

/* Splits "\001N" off the front; returns the level or -1 for pr_cont. */
static int printk_get_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KERN_SOH[0] || !f[1])
		return LOGLEVEL_DEFAULT;
	*fmt = f + 2;
	if (f[1] == 'c')
		return -1;
	if (f[1] >= '0' && f[1] <= '7')
		return f[1] - '0';
	return LOGLEVEL_DEFAULT;
}

void console_write_user(const char *s, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	if (line_open) {	/* a program's text starts on a line of its own */
		console_write("\n", 1);
		line_open = false;
	}
	for (struct console *c = consoles; c; c = c->next)
		(c->write_tty ? c->write_tty : c->write)(c, s, len);
	spin_unlock_irqrestore(&console_lock, flags);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	char stamp[24];
	unsigned long flags;
	int level = printk_get_level(&fmt);
	int len = vsnprintf(buf, sizeof(buf), fmt, ap);
	int shown = len < (int)sizeof(buf) ? len : (int)sizeof(buf) - 1;
	u64 ns = sched_clock();

	/* The log keeps every line; the console level only hides it. */
	log_store(level, ns, buf, shown);

	/* A continuation shares the fate of the line it continues. */
	if (level < 0 ? cont_hidden : level >= console_loglevel) {
		cont_hidden = true;
		return len;
	}
	cont_hidden = false;

	spin_lock_irqsave(&console_lock, flags);
	if (level >= 0 || !line_open) {
		int n;

		if (line_open)
			console_write("\n", 1);
		n = snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
			     ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000);
		console_write(stamp, n);
	}
	console_write(buf, shown);
	if (shown)
		line_open = buf[shown - 1] != '\n';
	spin_unlock_irqrestore(&console_lock, flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

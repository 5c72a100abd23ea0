/*
 * nook/printk.h — the kernel's log: printk, its levels, and vsnprintf.
 * Linux: include/linux/printk.h, kern_levels.h, lib/vsprintf.c.
 *
 * A message may start with a level, as in Linux: printk(KERN_ERR "...").
 * Messages above the console level (cmdline loglevel=N, default 7) are
 * not shown. %pS prints a code address as symbol+offset/size.
 */
#ifndef NOOK_PRINTK_H
#define NOOK_PRINTK_H

#include <nook/kernel.h>

#define KERN_SOH	"\001"		/* start of header: a level follows */
#define KERN_EMERG	KERN_SOH "0"	/* system is unusable */
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

#define LOGLEVEL_DEFAULT	4	/* a message without a level is a warning */
#define CONSOLE_LOGLEVEL_DEFAULT 7	/* show everything but KERN_DEBUG */

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)
/* Continues the previous line: no level, no timestamp. */
#define pr_cont(fmt, ...)	printk(KERN_SOH "c" fmt, ##__VA_ARGS__)

extern int console_loglevel;

/* Keeps a message in the log buffer syslog(2) reads (level -1: pr_cont). */
void log_store(int level, u64 ns, const char *text, size_t len);
/*
 * The newest whole lines since the last clear that fit in size bytes
 * (syslog's READ_ALL); clear: then clear, as READ_CLEAR. Returns bytes.
 */
size_t log_read_all(char *buf, size_t size, bool clear);

/*
 * A console is somewhere printk's text goes: the serial port, the VGA
 * screen. Linux: struct console and register_console().
 */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t len);
	/*
	 * A terminal's output, already through the tty's output processing
	 * (ONLCR), to send as it is; NULL: write. Linux keeps the two apart
	 * as well: a serial console's write puts CR before each LF of the
	 * kernel's messages, its tty driver's write adds nothing.
	 */
	void (*write_tty)(struct console *con, const char *s, size_t len);
	struct console *next;
};

void register_console(struct console *con);
/* A tty's output: to every console as it is (write_tty), no timestamp or level. */
void console_write_user(const char *s, size_t len);
void unregister_console(struct console *con);
/* Panic path: write even if another CPU died holding the console lock. */
void console_force_unlock(void);

#endif

// kernel/fs/console.c — the console as a file, until Step 3's tty
// layer: a line discipline of the smallest useful size for reading,
// whole writes for writing, and console_fops, what pid 1's fds 0-2 are.
//
// Linux: drivers/tty/n_tty.c (canonical input, echo, erase), tty_io.c
// and tty_ioctl.c (TCGETS, TIOCGWINSZ), and tty_std_termios's defaults.
// The serial driver hands every received byte to console_input_char()
// (from its receive poll, in interrupt context). Here, as in Linux's
// canonical mode: a CR becomes NL (ICRNL), each byte is echoed (ECHO),
// DEL or ^H erases the last byte of the line being typed (ECHOE), and a
// reader is given input only once a whole line, ending in NL, is there.
// Not yet: ^C/^Z as signals (ISIG), ^D as end of file (the console
// never reports EOF), ^U, ^W, raw mode (TCSETS answers ENOTTY): they
// come with the tty layer. The termios TCGETS reports is Linux's
// default, what such a tty would have.
//
// Writing: one write(2) or writev(2) reaches the console whole, in
// pieces of up to CONSOLE_CHUNK bytes each printed at once, so a line
// two processes print together is not interleaved (Linux's tty holds
// its atomic_write_lock for a whole write).
//
// Lock order: tty_lock is a leaf, taken with interrupts off; the echo
// under it takes the console's own lock (console_write_user).

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/kernel.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/tty.h>
#include <nook/uio.h>
#include <nook/wait.h>
#include <asm/uaccess.h>

#define N_TTY_BUF_SIZE	4096	/* Linux's n_tty buffer size */
#define READ_CHUNK	256	/* bytes taken out under the lock at a time */
#define CTRL(c)		((c) & 0x1f)
#define ASCII_DEL	0x7f

/*
 * Linux's tty_std_termios and INIT_C_CC. A window size is not part of
 * a serial line: Linux's ttyS0 reports 0 x 0 until `stty rows` sets it;
 * Nook reports the classic 24 x 80 so that full-screen programs work.
 */
static const struct termios console_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'),
		[VERASE] = ASCII_DEL, [VKILL] = CTRL('U'),
		[VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,
		[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'),
		[VLNEXT] = CTRL('V'),
	},
};

static const struct winsize console_winsize = { .ws_row = 24, .ws_col = 80 };

static DEFINE_SPINLOCK(tty_lock);
/*
 * Under tty_lock: a ring of N_TTY_BUF_SIZE bytes (the counters only
 * grow; index with % N_TTY_BUF_SIZE). [read_tail, canon_head) holds
 * complete lines a reader may take; [canon_head, read_head) is the line
 * still being typed, which erase may shorten.
 */
static char read_buf[N_TTY_BUF_SIZE];
static unsigned long read_tail, canon_head, read_head;
/* Readers sleep here until canon_head moves. */
static DECLARE_WAIT_QUEUE_HEAD(read_wait);

static void echo(const char *s, size_t n)
{
	console_write_user(s, n);
}

void console_input_char(u8 c)
{
	unsigned long flags;
	bool line_done = false;

	spin_lock_irqsave(&tty_lock, flags);
	if (c == '\r')
		c = '\n';			/* ICRNL */
	if (c == ASCII_DEL || c == CTRL('H')) {
		if (read_head != canon_head) {	/* nothing to erase: ignore */
			read_head--;
			echo("\b \b", 3);	/* ECHOE */
		}
	} else if (read_head - read_tail < N_TTY_BUF_SIZE - 1 ||
		   (c == '\n' && read_head - read_tail < N_TTY_BUF_SIZE)) {
		/* Full: drop what is typed, but keep room to end the line. */
		read_buf[read_head++ % N_TTY_BUF_SIZE] = c;
		echo((char *)&c, 1);
		if (c == '\n') {
			canon_head = read_head;
			line_done = true;
		}
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	if (line_done)
		wake_up_interruptible(&read_wait);
}

/*
 * Take up to n bytes of complete input, stopping after a newline (one
 * read, one line, as canonical mode does). Returns how many; *eol says
 * the line ended.
 */
static size_t take_input(char *dst, size_t n, bool *eol)
{
	unsigned long flags;
	size_t done = 0;

	spin_lock_irqsave(&tty_lock, flags);
	while (done < n && read_tail != canon_head) {
		char c = read_buf[read_tail++ % N_TTY_BUF_SIZE];

		dst[done++] = c;
		if (c == '\n') {
			*eol = true;
			break;
		}
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	return done;
}

static bool input_available(void)
{
	return READ_ONCE(canon_head) != READ_ONCE(read_tail);
}

static long console_read(struct file *file, char __user *buf, size_t count,
			 loff_t *pos)
{
	char chunk[READ_CHUNK];
	DEFINE_WAIT(wait);
	bool eol = false;
	size_t done = 0;

	/* A kernel pointer fails now, not after the user has typed a line. */
	if (!access_ok(buf, count))
		return -EFAULT;
	if (!count)
		return 0;
	for (;;) {
		prepare_to_wait(&read_wait, &wait, TASK_INTERRUPTIBLE);
		if (input_available())
			break;
		if (signal_pending(current)) {
			finish_wait(&read_wait, &wait);
			/* Linux: -ERESTARTSYS, restarted unless a handler ran. */
			return -EINTR;
		}
		schedule();
	}
	finish_wait(&read_wait, &wait);

	/*
	 * Copied out in chunks with no lock held: copy_to_user may fault
	 * and sleep. Bytes taken but not copied (a bad buffer) are lost,
	 * as they are in Linux's n_tty.
	 */
	while (done < count && !eol) {
		size_t n = take_input(chunk, min(count - done, sizeof(chunk)),
				      &eol);

		if (!n)
			break;
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

static long console_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	switch (cmd) {
	case TCGETS:
		if (copy_to_user((void __user *)arg, &console_termios,
				 sizeof(console_termios)))
			return -EFAULT;
		return 0;
	case TIOCGWINSZ:
		if (copy_to_user((void __user *)arg, &console_winsize,
				 sizeof(console_winsize)))
			return -EFAULT;
		return 0;
	default:
		return -ENOTTY;	/* Linux: -ENOIOCTLCMD, reported as ENOTTY */
	}
}

/* ---- writing ---- */

#define CONSOLE_CHUNK	1024

/* One write's bytes, gathered across its iovecs before they go out. */
struct console_out {
	char buf[CONSOLE_CHUNK];
	size_t len;
};

static void console_out_flush(struct console_out *out)
{
	if (out->len)
		console_write_user(out->buf, out->len);
	out->len = 0;
}

/* Adds count user bytes; returns how many, or -EFAULT if none. */
static long console_out_copy(struct console_out *out,
			     const char __user *buf, size_t count)
{
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, sizeof(out->buf) - out->len);

		if (copy_from_user(out->buf + out->len, buf + done, n))
			return done ? (long)done : -EFAULT;
		out->len += n;
		done += n;
		if (out->len == sizeof(out->buf))
			console_out_flush(out);
	}
	return done;
}

/*
 * The vector was checked by the caller (read_write.c). A fault part-way
 * stops the write there, as Linux's does; what came before is written.
 */
static long console_write_iter(struct file *file, struct iov_iter *from,
			       loff_t *pos)
{
	struct console_out out = { .len = 0 };
	long done = 0;

	for (unsigned long i = 0; i < from->nr_segs; i++) {
		const struct iovec *iov = &from->iov[i];
		long n = console_out_copy(&out, iov->iov_base, iov->iov_len);

		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		done += n;
		if ((size_t)n < iov->iov_len)
			break;
	}
	console_out_flush(&out);
	return done;
}

static const struct file_operations console_fops = {
	.read		= console_read,
	.write_iter	= console_write_iter,
	.unlocked_ioctl	= console_ioctl,
};

/*
 * Linux: console_on_rootfs() opens /dev/console and dups it twice: one
 * open file, three descriptors sharing its flags. Nook has no /dev yet
 * (the VFS brings it), so the file is made directly.
 */
void console_on_rootfs(void)
{
	struct file *file = alloc_file(&console_fops, O_RDWR, NULL);
	int fd;

	if (IS_ERR(file)) {
		pr_err("Warning: unable to open an initial console.\n");
		return;
	}
	fd = get_unused_fd_flags(0);
	BUG_ON(fd != 0);		/* pid 1 starts with none open */
	fd_install(fd, file);
	for (int i = 1; i <= 2; i++) {
		fd = f_dupfd(0, file, 0);
		BUG_ON(fd != i);
	}
}

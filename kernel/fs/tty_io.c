// kernel/fs/tty_io.c — the tty device numbers: /dev/tty (5,0), the
// caller's controlling terminal; /dev/console (5,1), the system console;
// /dev/ttyS0 (4,64), the first serial port.
//
// Linux: drivers/tty/tty_io.c (tty_open, tty_open_current_tty,
// tty_lookup_driver) and drivers/tty/serial/8250. Nook has one terminal,
// the serial console of kernel/fs/console.c, and all three numbers open
// it: the same tty_struct that init's fds 0-2 use. /dev/tty without a
// controlling terminal is ENXIO, as Linux says it.
//
// Not yet Linux's: opening ttyS0 never makes it the caller's controlling
// terminal (Linux does that for a session leader without one, unless
// O_NOCTTY; it never does it for /dev/console, which Nook matches).

#include <nook/cdev.h>
#include <nook/devtmpfs.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/panic.h>
#include <nook/sched.h>
#include <nook/tty.h>

#define TTYAUX_MAJOR	5	/* tty, console, ptmx */
#define TTY_MAJOR	4	/* tty0..63 (virtual consoles), ttyS0.. at 64 */

static int tty_open(struct inode *inode, struct file *file)
{
	dev_t dev = inode->i_rdev;

	if (dev == MKDEV(TTYAUX_MAJOR, 0) && !READ_ONCE(current->tty))
		return -ENXIO;	/* no controlling terminal */
	file->f_op = &console_fops;
	/* A terminal has no position: pread and lseek are ESPIPE. */
	file->f_mode &= ~FMODE_LSEEK;	/* Linux: nonseekable_open */
	return 0;
}

static const struct file_operations tty_fops = {
	.open	= tty_open,
};

void tty_init(void)
{
	BUG_ON(__register_chrdev(TTYAUX_MAJOR, 0, 2, "/dev/tty", &tty_fops) < 0);
	BUG_ON(__register_chrdev(TTY_MAJOR, 64, 1, "ttyS", &tty_fops) < 0);
	/* The modes devtmpfs gives them (Linux: tty_devnode, then 0600). */
	devtmpfs_create_node("tty", S_IFCHR | 0666, MKDEV(TTYAUX_MAJOR, 0));
	devtmpfs_create_node("console", S_IFCHR | 0600,
			     MKDEV(TTYAUX_MAJOR, 1));
	devtmpfs_create_node("ttyS0", S_IFCHR | 0600, MKDEV(TTY_MAJOR, 64));
}

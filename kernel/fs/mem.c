// kernel/fs/mem.c — the memory devices, character major 1: null (1,3),
// zero (1,5), full (1,7), random (1,8) and urandom (1,9).
//
// Linux: drivers/char/mem.c (memory_open picks the minor's operations;
// read_null, write_null, read_iter_zero, write_full) and
// drivers/char/random.c (random_fops, urandom_fops). What each does:
//   null    reads end of file at once; writes vanish (count returned)
//   zero    reads as many zero bytes as asked; writes vanish
//   full    reads like zero; every write fails with ENOSPC
//   random, urandom
//           read from the kernel's generator (the getrandom(2) one,
//           which never blocks: both behave as urandom does); writes
//           are accepted and ignored: Linux mixes them into its pool,
//           Nook's generator takes no input from user space
// Seeking any of them succeeds and changes nothing, as in Linux.

#include <nook/cdev.h>
#include <nook/devtmpfs.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/kernel.h>
#include <nook/panic.h>
#include <nook/random.h>
#include <nook/sched.h>
#include <nook/tty.h>
#include <asm/page.h>
#include <asm/uaccess.h>

#define MEM_MAJOR	1

static long read_null(struct file *file, char __user *buf, size_t count,
		      loff_t *pos)
{
	return 0;
}

static long write_null(struct file *file, const char __user *buf,
		       size_t count, loff_t *pos)
{
	return count;
}

/* Linux: null_lseek. The position is always 0. */
static loff_t null_lseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos = 0;
}

/* Linux: noop_llseek. The position stays what it was. */
static loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos;
}

/*
 * Zeros, a page at a time, stopping early for a signal (with what was
 * done) or a fault (EFAULT only if nothing was). Linux: read_iter_zero.
 */
static long read_zero(struct file *file, char __user *buf, size_t count,
		      loff_t *pos)
{
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, PAGE_SIZE);
		size_t left = clear_user(buf + done, n);

		done += n - left;
		if (left)
			return done ? (long)done : -EFAULT;
		if (done < count && signal_pending(current))
			break;
	}
	return done;
}

static long write_full(struct file *file, const char __user *buf,
		       size_t count, loff_t *pos)
{
	return -ENOSPC;
}

static long read_random(struct file *file, char __user *buf, size_t count,
			loff_t *pos)
{
	if (!count)
		return 0;
	return get_random_bytes_user((u8 __user *)buf, count);
}

static const struct file_operations null_fops = {
	.llseek	= null_lseek,
	.read	= read_null,
	.write	= write_null,
};

static const struct file_operations zero_fops = {
	.llseek	= null_lseek,
	.read	= read_zero,
	.write	= write_null,
};

static const struct file_operations full_fops = {
	.llseek	= null_lseek,
	.read	= read_zero,
	.write	= write_full,
};

static const struct file_operations random_fops = {
	.llseek	= noop_llseek,
	.read	= read_random,
	.write	= write_null,
};

/* The minors, with the mode devtmpfs gives their nodes (Linux: devlist). */
static const struct memdev {
	const char *name;
	unsigned int minor;
	umode_t mode;
	const struct file_operations *fops;
} devlist[] = {
	{ "null", 3, 0666, &null_fops },
	{ "zero", 5, 0666, &zero_fops },
	{ "full", 7, 0666, &full_fops },
	{ "random", 8, 0666, &random_fops },
	{ "urandom", 9, 0666, &random_fops },
};

/* Linux: memory_open. Minors Nook lacks (mem, kmem, port...) are ENXIO. */
static int memory_open(struct inode *inode, struct file *file)
{
	for (size_t i = 0; i < ARRAY_SIZE(devlist); i++) {
		if (devlist[i].minor != MINOR(inode->i_rdev))
			continue;
		file->f_op = devlist[i].fops;
		return 0;
	}
	return -ENXIO;
}

static const struct file_operations memory_fops = {
	.open	= memory_open,
};

void chr_dev_init(void)
{
	BUG_ON(register_chrdev(MEM_MAJOR, "mem", &memory_fops) < 0);
	for (size_t i = 0; i < ARRAY_SIZE(devlist); i++)
		devtmpfs_create_node(devlist[i].name, S_IFCHR | devlist[i].mode,
				     MKDEV(MEM_MAJOR, devlist[i].minor));
	tty_init();
}

/*
 * nook/cdev.h — character devices: drivers register a range of device
 * numbers with their file_operations, and opening a character device
 * inode finds the driver by the inode's i_rdev. Linux: include/linux/fs.h
 * (register_chrdev, def_chr_fops) and fs/char_dev.c.
 */
#ifndef NOOK_CDEV_H
#define NOOK_CDEV_H

#include <nook/file.h>
#include <nook/kdev_t.h>

#define CHRDEV_MAJOR_MAX	512	/* Linux's CHRDEV_MAJOR_MAX */

/*
 * Minors [baseminor, baseminor + count) of major are served by fops.
 * major 0 asks for a free major (returned). -EBUSY if any of them is
 * taken already, -EINVAL for a bad major.
 */
int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops);
/* All 256 minors of major (Linux: register_chrdev). */
int register_chrdev(unsigned int major, const char *name,
		    const struct file_operations *fops);
void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count);
/* The driver's name for dev, or NULL (for tests and /proc/devices). */
const char *chrdev_name(dev_t dev);

/* What a character device inode's i_fop is until it is opened. */
extern const struct file_operations def_chr_fops;

/* Boot: the drivers Nook has (mem, tty), then devtmpfs's nodes. */
void chr_dev_init(void);

#endif

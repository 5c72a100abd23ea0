// kernel/fs/char_dev.c — character device numbers and their drivers.
//
// Linux: fs/char_dev.c (register_chrdev_region, __register_chrdev,
// chrdev_open). A driver claims a range of minors of one major with its
// file_operations. A character device inode carries only a number
// (i_rdev) and def_chr_fops; its open looks the number up here and
// swaps the file's operations for the driver's, then lets the driver's
// own open run (which may pick per-minor operations, as mem does).
// Nothing about a device lives in the filesystem: the same number made
// with mknod anywhere opens the same driver.
//
// Linux hashes the ranges by major and keeps a struct cdev per range in
// a kobj_map; Nook keeps one sorted list, under chrdevs_lock, since it
// has a handful of drivers.

#include <nook/cdev.h>
#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/list.h>
#include <nook/slab.h>
#include <nook/spinlock.h>

struct char_device_struct {
	struct list_head list;		/* on chrdevs, under chrdevs_lock */
	unsigned int major, baseminor, minorct;
	const char *name;
	const struct file_operations *fops;
};

static LIST_HEAD(chrdevs);
static DEFINE_SPINLOCK(chrdevs_lock);

/* Linux hands out dynamic majors from 254 down (then 511 down to 384). */
#define CHRDEV_MAJOR_DYN_END	234

static bool overlaps(const struct char_device_struct *cd, unsigned int major,
		     unsigned int baseminor, unsigned int count)
{
	return cd->major == major && baseminor < cd->baseminor + cd->minorct &&
	       cd->baseminor < baseminor + count;
}

static bool major_in_use(unsigned int major)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &chrdevs, list)
		if (cd->major == major)
			return true;
	return false;
}

int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops)
{
	struct char_device_struct *cd, *new;
	int ret;

	if (major >= CHRDEV_MAJOR_MAX || !count ||
	    baseminor + count - 1 > MINORMASK || baseminor + count < count)
		return -EINVAL;
	new = kzalloc(sizeof(*new));
	if (!new)
		return -ENOMEM;
	spin_lock(&chrdevs_lock);
	if (!major) {
		for (major = 254; major > CHRDEV_MAJOR_DYN_END; major--)
			if (!major_in_use(major))
				break;
		ret = -EBUSY;
		if (major == CHRDEV_MAJOR_DYN_END)
			goto fail;
	}
	ret = -EBUSY;
	list_for_each_entry(cd, &chrdevs, list)
		if (overlaps(cd, major, baseminor, count))
			goto fail;
	new->major = major;
	new->baseminor = baseminor;
	new->minorct = count;
	new->name = name;
	new->fops = fops;
	list_add_tail(&new->list, &chrdevs);
	spin_unlock(&chrdevs_lock);
	return major;

fail:
	spin_unlock(&chrdevs_lock);
	kfree(new);
	return ret;
}

int register_chrdev(unsigned int major, const char *name,
		    const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}

void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count)
{
	struct char_device_struct *cd, *found = NULL;

	spin_lock(&chrdevs_lock);
	list_for_each_entry(cd, &chrdevs, list) {
		if (cd->major == major && cd->baseminor == baseminor &&
		    cd->minorct == count) {
			list_del(&cd->list);
			found = cd;
			break;
		}
	}
	spin_unlock(&chrdevs_lock);
	kfree(found);
}

/* The range holding dev, under chrdevs_lock; NULL if none. */
static struct char_device_struct *find_chrdev(dev_t dev)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &chrdevs, list)
		if (cd->major == MAJOR(dev) && MINOR(dev) >= cd->baseminor &&
		    MINOR(dev) < cd->baseminor + cd->minorct)
			return cd;
	return NULL;
}

const char *chrdev_name(dev_t dev)
{
	struct char_device_struct *cd;
	const char *name;

	spin_lock(&chrdevs_lock);
	cd = find_chrdev(dev);
	name = cd ? cd->name : NULL;
	spin_unlock(&chrdevs_lock);
	return name;
}

/*
 * Linux: chrdev_open. The file becomes the driver's; a number no
 * driver has is ENXIO ("No such device or address"), as in Linux.
 * Drivers are never unregistered while in use: Nook's are built in.
 */
static int chrdev_open(struct inode *inode, struct file *file)
{
	const struct file_operations *fops = NULL;
	struct char_device_struct *cd;

	spin_lock(&chrdevs_lock);
	cd = find_chrdev(inode->i_rdev);
	if (cd)
		fops = cd->fops;
	spin_unlock(&chrdevs_lock);
	if (!fops)
		return -ENXIO;
	file->f_op = fops;	/* Linux: replace_fops */
	return fops->open ? fops->open(inode, file) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};

// kernel/fs/devtmpfs.c — devtmpfs: the kernel keeps a /dev of its own.
//
// Linux: drivers/base/devtmpfs.c. At boot the kernel makes one tmpfs
// instance (whose type is named "devtmpfs", so that /proc/mounts and
// statfs say what it is) and every driver adds a node for each device
// it registers (devtmpfs_create_node: null, zero, tty, console...).
// mount -t devtmpfs does not make a new instance: every mount shows
// that same one, so a node made or removed through one mount is seen
// through all (Linux's public_dev_mount, and reconfigure_single for
// the options of each later mount).
//
// Beyond Linux: a Linux system gets /dev/fd, /dev/stdin, /dev/stdout,
// /dev/stderr and /dev/shm from udev (or systemd) once it boots. Nook
// has no udev, so the kernel makes them here, as udev's static rules
// would: fd -> /proc/self/fd, stdin -> /proc/self/fd/0 (and 1, 2), and
// shm, a directory with mode 1777 (not a mount of its own).

#include <nook/devtmpfs.h>
#include <nook/errno.h>
#include <nook/mount.h>
#include <nook/panic.h>
#include <nook/printk.h>

/* The one instance (its mount is internal: in no tree), set at boot. */
static struct vfsmount *devtmpfs_mnt;
/* Where the kernel's own name calls into it start. */
static struct fs_struct devtmpfs_fs = {
	.users = 1,
	.lock = __SPIN_LOCK_UNLOCKED(devtmpfs_fs.lock),
};

static struct file_system_type internal_fs_type = {
	.name		= "devtmpfs",
	.mount		= tmpfs_mount,
	.kill_sb	= tmpfs_kill_sb,
};

/* mount -t devtmpfs: the one instance again, with data as new options. */
static struct dentry *devtmpfs_mount(struct file_system_type *type,
				     int flags, void *data)
{
	struct super_block *sb;
	unsigned long sb_flags = flags;
	int err;

	if (!devtmpfs_mnt)
		return ERR_PTR(-ENODEV);
	sb = devtmpfs_mnt->mnt_sb;
	if (data && sb->s_op->remount_fs) {
		err = sb->s_op->remount_fs(sb, &sb_flags, data);
		if (err)
			return ERR_PTR(err);
	}
	__atomic_add_fetch(&sb->s_active, 1, __ATOMIC_RELAXED);
	return dget(sb->s_root);
}

static struct file_system_type dev_fs_type = {
	.name		= "devtmpfs",
	.mount		= devtmpfs_mount,
	.kill_sb	= tmpfs_kill_sb,	/* never: the instance lives on */
};

int devtmpfs_create_node(const char *name, umode_t mode, dev_t dev)
{
	int err;

	if (!devtmpfs_mnt)
		return -ENODEV;
	err = do_mknodat(&devtmpfs_fs, NULL, name, mode, dev);
	if (err)
		pr_warn("devtmpfs: %s: error %d\n", name, err);
	return err;
}

/* What udev's static rules add (see the top of this file). */
static void devtmpfs_udev_links(void)
{
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" },
		{ "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (do_symlinkat(&devtmpfs_fs, links[i][1], NULL, links[i][0]))
			pr_warn("devtmpfs: cannot link %s\n", links[i][0]);
	if (do_mkdirat(&devtmpfs_fs, NULL, "shm", 01777))
		pr_warn("devtmpfs: cannot make shm\n");
}

void devtmpfs_init(void)
{
	devtmpfs_mnt = vfs_kern_mount(&internal_fs_type, 0, "mode=0755");
	BUG_ON(IS_ERR(devtmpfs_mnt));
	devtmpfs_fs.root.mnt = devtmpfs_mnt;
	devtmpfs_fs.root.dentry = devtmpfs_mnt->mnt_root;
	path_get(&devtmpfs_fs.root);
	devtmpfs_fs.pwd = devtmpfs_fs.root;
	path_get(&devtmpfs_fs.pwd);
	BUG_ON(register_filesystem(&dev_fs_type));
	devtmpfs_udev_links();
	pr_info("devtmpfs: initialized\n");
}

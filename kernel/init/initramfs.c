// kernel/init/initramfs.c — unpacking the cpio initramfs into the root tmpfs.
//
// Linux: init/initramfs.c (populate_rootfs, unpack_to_rootfs, do_name,
// maybe_link). Each archive entry becomes a directory, a regular file or
// a symlink under "/", with the entry's mode, owner and mtime. Names that
// share an inode number (nlink > 1) become hard links to the first one
// unpacked; GNU cpio stores their data with the last of them, so data is
// written through whichever name carries it, as Linux does. Device,
// FIFO and socket nodes are made with mknod, devices with their numbers.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/initramfs.h>
#include <nook/mount.h>
#include <nook/printk.h>
#include <nook/slab.h>
#include <nook/string.h>

/* A file with more than one name: which name it was first unpacked as. */
struct hardlink {
	struct hardlink *next;
	u32 ino, mode;
	char name[];
};

struct unpack {
	const struct fs_struct *fs;
	struct hardlink *links;
};

static const char *find_link(struct unpack *u, const struct cpio_entry *e)
{
	for (struct hardlink *h = u->links; h; h = h->next)
		if (h->ino == e->ino && h->mode == e->mode)
			return h->name;
	return NULL;
}

static void remember_link(struct unpack *u, const struct cpio_entry *e)
{
	struct hardlink *h = kmalloc(sizeof(*h) + e->namelen + 1);

	if (!h)
		return;		/* later names become copies, not links */
	h->ino = e->ino;
	h->mode = e->mode;
	memcpy(h->name, e->name, e->namelen + 1);
	h->next = u->links;
	u->links = h;
}

/* Owner and times from the archive (Linux: chown and do_utime on it). */
static int set_attrs(struct unpack *u, const struct cpio_entry *e,
		     struct inode **out)
{
	struct path path;
	struct inode *inode;
	int err = vfs_path_lookup(u->fs, &u->fs->root, e->name, 0, &path);

	if (err)
		return err;
	inode = path.dentry->d_inode;
	/* The archive's ids are the initial namespace's (Linux: do_create). */
	inode->i_uid = make_kuid(&init_user_ns, e->uid);
	inode->i_gid = make_kgid(&init_user_ns, e->gid);
	inode->i_mtime = (struct timespec64){ .tv_sec = e->mtime };
	if (out)
		*out = ihold(inode);
	path_put(&path);
	return 0;
}

static int unpack_file(struct unpack *u, const struct cpio_entry *e)
{
	const struct path *root = &u->fs->root;
	const char *first = e->nlink > 1 ? find_link(u, e) : NULL;
	struct inode *inode;
	ssize_t n;
	int err;

	do_unlinkat(u->fs, root, e->name);	/* a later entry wins */
	if (first) {
		err = do_linkat(u->fs, root, first, root, e->name, 0);
	} else {
		err = do_mknodat(u->fs, root, e->name,
				 S_IFREG | (e->mode & S_IALLUGO), 0);
		if (!err && e->nlink > 1)
			remember_link(u, e);
	}
	if (err)
		return err;
	err = set_attrs(u, e, &inode);
	if (err)
		return err;
	if (e->size) {
		/* No struct file yet; the root is a tmpfs: write to it. */
		n = tmpfs_write(inode, e->data, e->size, 0);
		if (n != (ssize_t)e->size)
			err = n < 0 ? (int)n : -ENOSPC;
		inode->i_mtime = (struct timespec64){ .tv_sec = e->mtime };
	}
	iput(inode);
	return err;
}

static int unpack_symlink(struct unpack *u, const struct cpio_entry *e)
{
	char *target = kmalloc(e->size + 1);
	int err;

	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	do_unlinkat(u->fs, &u->fs->root, e->name);
	err = do_symlinkat(u->fs, target, &u->fs->root, e->name);
	kfree(target);
	return err;
}

static int unpack_entry(const struct cpio_entry *e, void *arg)
{
	struct unpack *u = arg;
	int err;

	if (!e->namelen || !strcmp(e->name, "."))
		return 0;		/* the root itself */
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = do_mkdirat(u->fs, &u->fs->root, e->name,
				 e->mode & S_IALLUGO);
		if (err == -EEXIST)
			err = 0;
		if (!err)
			err = set_attrs(u, e, NULL);
		break;
	case S_IFREG:
		err = unpack_file(u, e);
		break;
	case S_IFLNK:
		err = unpack_symlink(u, e);
		break;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		do_unlinkat(u->fs, &u->fs->root, e->name);
		err = do_mknodat(u->fs, &u->fs->root, e->name,
				 e->mode & (S_IFMT | S_IALLUGO),
				 MKDEV(e->rdevmajor, e->rdevminor));
		if (!err)
			err = set_attrs(u, e, NULL);
		break;
	default:
		pr_warn("initramfs: %s: mode %o not supported yet, skipped\n",
			e->name, e->mode);
		return 0;
	}
	if (err)
		pr_err("initramfs: %s: error %d\n", e->name, err);
	return err;
}

int unpack_to_rootfs(const void *archive, size_t len,
		     const struct fs_struct *fs)
{
	struct unpack u = { .fs = fs };
	int err = cpio_for_each(archive, len, unpack_entry, &u);

	while (u.links) {
		struct hardlink *h = u.links;

		u.links = h->next;
		kfree(h);
	}
	return err;
}

int populate_rootfs(void)
{
	size_t len;
	const void *archive = initramfs_data(&len);
	int err;

	if (!archive)
		return 0;
	err = unpack_to_rootfs(archive, len, &init_fs);
	if (err)
		pr_err("Initramfs unpacking failed: error %d\n", err);
	return err;
}

// kernel/fs/nsfs.c — nsfs: one file per opened namespace.
//
// Linux: fs/nsfs.c (nsfs_mount, ns_get_path, ns_get_name, proc_ns_file,
// ns_file_operations, nsfs_evict). Each open of /proc/PID/ns/TYPE makes
// a dentry and an inode on the one internal nsfs instance; the inode's
// number is the namespace's, and it holds a reference on the namespace
// until the last file or path using it lets go (evict_inode). Linux
// keeps one dentry per namespace (ns->stashed) and reuses it; Nook makes
// a fresh one each time: st_dev and st_ino, what user space compares,
// are the same either way.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/proc_ns.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/uaccess.h>

#define NSFS_MAGIC	0x6e736673	/* "nsfs" (Linux: uapi magic.h) */

static struct vfsmount *nsfs_mnt;

static void nsfs_evict(struct inode *inode)
{
	struct ns_common *ns = inode->i_private;

	if (ns)				/* the root has none */
		ns->ops->put(ns);
}

static const struct super_operations nsfs_ops = {
	.evict_inode	= nsfs_evict,
};

/*
 * Linux marks an nsfs inode immutable: an open for writing is EPERM,
 * even for root. It has no read, so read(2) is EINVAL.
 */
static int ns_file_open(struct inode *inode, struct file *file)
{
	return (file->f_mode & FMODE_WRITE) ? -EPERM : 0;
}

/* The ioctls of include/uapi/linux/nsfs.h (type 0xb7). */
#define NSIO			0xb7
#define NS_GET_USERNS		((NSIO << 8) | 0x1)
#define NS_GET_PARENT		((NSIO << 8) | 0x2)
#define NS_GET_NSTYPE		((NSIO << 8) | 0x3)
#define NS_GET_OWNER_UID	((NSIO << 8) | 0x4)

static long ns_get_owner(struct ns_common *ns);

/* NS_GET_OWNER_UID: a user namespace's creator, as the caller sees it. */
static long ns_get_owner_uid(struct ns_common *ns, unsigned long arg)
{
	struct user_namespace *user_ns;
	uid_t uid;

	if (ns->ops->type != CLONE_NEWUSER)
		return -EINVAL;
	user_ns = container_of(ns, struct user_namespace, ns);
	uid = from_kuid_munged(current_user_ns(), user_ns->owner);
	return put_user(uid, (uid_t __user *)arg) ? -EFAULT : 0;
}

/*
 * Linux: ns_ioctl. NS_GET_NSTYPE answers the CLONE_NEW* flag of the
 * file's type; NS_GET_USERNS opens its owner. Only pid and user
 * namespaces have parents (a UTS namespace's NS_GET_PARENT is EINVAL),
 * and the initial user namespace has none in sight (EPERM). Half done:
 * a user namespace below the initial one comes with create_user_ns,
 * and with it NS_GET_PARENT's answer for one.
 */
static long ns_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ns_common *ns = get_proc_ns(file->f_inode);

	switch (cmd) {
	case NS_GET_NSTYPE:
		return ns->ops->type;
	case NS_GET_USERNS:
		return ns_get_owner(ns);
	case NS_GET_PARENT:
		return ns->ops->type == CLONE_NEWUSER ? -EPERM : -EINVAL;
	case NS_GET_OWNER_UID:
		return ns_get_owner_uid(ns, arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations ns_file_operations = {
	.open		= ns_file_open,
	.unlocked_ioctl	= ns_ioctl,
};

static const struct inode_operations nsfs_inode_operations = {};

bool proc_ns_file(const struct file *file)
{
	return file->f_op == &ns_file_operations;
}

struct ns_common *get_proc_ns(const struct inode *inode)
{
	return inode->i_private;
}

unsigned long nsfs_inodes_live(void)
{
	struct super_block *sb = nsfs_mnt->mnt_sb;
	unsigned long n = 0;
	struct inode *inode;

	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		n++;
	spin_unlock(&sb->s_inode_list_lock);
	return n - 1;			/* the root */
}

int ns_get_name(char *buf, size_t size, struct task_struct *task,
		const struct proc_ns_operations *ns_ops)
{
	struct ns_common *ns = ns_ops->get(task);
	int len;

	if (!ns)
		return -ENOENT;		/* the task has exited */
	len = snprintf(buf, size, "%s:[%u]", ns_ops->name, ns->inum);
	ns_ops->put(ns);
	return len;
}

/* A path to a new nsfs file for ns; consumes the caller's reference. */
static int ns_path_of(struct ns_common *ns, struct path *path)
{
	const struct proc_ns_operations *ns_ops = ns->ops;
	struct super_block *sb = nsfs_mnt->mnt_sb;
	struct dentry *dentry;
	struct inode *inode;
	char name[32];
	struct qstr q;

	inode = new_inode(sb);
	if (!inode) {
		ns_ops->put(ns);
		return -ENOMEM;
	}
	inode->i_ino = ns->inum;
	inode->i_mode = S_IFREG | 0444;
	inode->i_op = &nsfs_inode_operations;
	inode->i_fop = &ns_file_operations;
	inode->i_private = ns;		/* our reference, until evict */
	q.len = snprintf(name, sizeof(name), "%s:[%u]", ns_ops->name,
			 ns->inum);
	q.name = name;
	spin_lock(&sb->s_dir_lock);
	dentry = d_alloc(sb->s_root, &q);
	if (dentry)
		d_instantiate(dentry, inode);
	spin_unlock(&sb->s_dir_lock);
	if (!dentry) {
		iput(inode);		/* puts ns */
		return -ENOMEM;
	}
	path->mnt = mntget(nsfs_mnt);
	path->dentry = dentry;
	return 0;
}

int ns_get_path(struct path *path, struct task_struct *task,
		const struct proc_ns_operations *ns_ops)
{
	struct ns_common *ns = ns_ops->get(task);

	if (!ns)
		return -ENOENT;
	return ns_path_of(ns, path);
}

/*
 * Linux: open_related_ns. A new read-only, close-on-exec descriptor
 * for ns; consumes the caller's reference.
 */
static long open_related_ns(struct ns_common *ns)
{
	struct path path;
	struct file *f;
	int fd, err;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ns->ops->put(ns);
		return fd;
	}
	err = ns_path_of(ns, &path);
	if (err) {
		put_unused_fd(fd);
		return err;
	}
	f = vfs_open(&path, O_RDONLY);
	path_put(&path);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		return PTR_ERR(f);
	}
	fd_install(fd, f);
	return fd;
}

/* Linux: current_in_userns. Is ns the caller's user namespace or above? */
static bool current_in_userns(const struct user_namespace *ns)
{
	for (const struct user_namespace *u = current_user_ns(); u;
	     u = u->parent)
		if (u == ns)
			return true;
	return false;
}

/*
 * NS_GET_USERNS: the owning user namespace, as a new file; EPERM when
 * it is out of the caller's sight (above its own user namespace, or
 * none: the initial user namespace has no owner).
 */
static long ns_get_owner(struct ns_common *ns)
{
	struct user_namespace *owner = ns->ops->owner(ns);

	if (!owner || !current_in_userns(owner))
		return -EPERM;
	get_user_ns(owner);
	return open_related_ns(&owner->ns);
}

static struct dentry *nsfs_mount(struct file_system_type *type, int flags,
				 void *data)
{
	struct super_block *sb = sget(type, &nsfs_ops);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_magic = NSFS_MAGIC;
	root = new_inode(sb);
	if (root) {
		root->i_mode = S_IFDIR | 0555;
		root->i_op = &nsfs_inode_operations;
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static void nsfs_kill_sb(struct super_block *sb)
{
	dput(sb->s_root);
}

/* Not registered: mount(2) cannot name it, as in Linux. */
static struct file_system_type nsfs = {
	.name		= "nsfs",
	.mount		= nsfs_mount,
	.kill_sb	= nsfs_kill_sb,
};

void nsfs_init(void)
{
	nsfs_mnt = vfs_kern_mount(&nsfs, 0, NULL);
	BUG_ON(IS_ERR(nsfs_mnt));
}

// kernel/fs/proc/proc_namespace.c — /proc/PID/mounts and mountinfo: the
// mount tree, as the process sees it.
//
// Linux: fs/proc_namespace.c (mounts_open_common, show_vfsmnt,
// show_mountinfo) and fs/namespace.c (m_start, m_next, m_stop). Each
// open file walks the tree's mount list with a cursor of its own, one
// record per mount (seq_open), so a read in small pieces costs one pass
// over the list and a mount made or removed between two reads never
// makes the walk skip or repeat another. The tree and the root the
// names are made from are the process's, taken at open: a mount point
// its root does not lead to (it chrooted below it) is left out. Nook has
// one mount tree (init_mnt_ns) until mount namespaces (a later step). The
// source is what mount(2) was given (mnt_devname). Options are "ro" or
// "rw" only, for the mount and for its super block: the file systems'
// own options (tmpfs's size=, mode=...) are not shown yet (Linux:
// sb->s_op->show_options).
#include <nook/errno.h>
#include <nook/mount.h>
#include <nook/nsproxy.h>
#include <nook/slab.h>
#include <nook/string.h>
#include "internal.h"

/* An open mounts or mountinfo file. */
struct proc_mounts {
	struct mnt_namespace *ns;	/* held */
	struct path root;		/* the process's, held */
	struct mount cursor;		/* our place in ns->list */
	char *buf;			/* 2 * PATH_MAX: mount point, root */
	bool info;			/* mountinfo, else mounts */
};

/* Linux's mangle(): these would break the fields apart. */
#define ESCAPED		" \t\n\\"

/*
 * Linux: dentry_path_raw. dentry's name from its file system's root
 * ("/" for the root; a bind mount of a subtree shows its directory),
 * built at the end of buf. Names too long for buf are cut at the top.
 */
static char *dentry_path(struct dentry *dentry, char *buf, int len)
{
	char *end = buf + len - 1;

	*end = '\0';
	spin_lock(&dcache_lock);
	while (dentry->d_parent != dentry) {
		u32 n = dentry->d_name.len;

		if (end - buf < (long)n + 1)
			break;
		end -= n;
		memcpy(end, dentry->d_name.name, n);
		*--end = '/';
		dentry = dentry->d_parent;
	}
	spin_unlock(&dcache_lock);
	if (!*end)
		*--end = '/';
	return end;
}

/*
 * One line for mnt, named from root (Linux: show_vfsmnt, show_mountinfo
 * and seq_path_root): SEQ_SKIP when root does not lead to it.
 */
static int show_mount(struct seq_file *m, struct mount *mnt, int parent_id,
		      const struct path *root, bool info, char *buf)
{
	struct path where = { &mnt->mnt, mnt->mnt.mnt_root };
	struct super_block *sb = mnt->mnt.mnt_sb;
	char *name = __d_path(&where, root, buf, PATH_MAX);

	if (!name)
		return SEQ_SKIP;
	if (IS_ERR(name))
		return PTR_ERR(name);
	const char *devname = mnt->mnt_devname ? mnt->mnt_devname : "none";
	const char *mnt_rw = mnt_is_readonly(&mnt->mnt) ? "ro" : "rw";
	const char *sb_rw = (sb->s_flags & SB_RDONLY) ? "ro" : "rw";

	if (!info) {
		seq_escape(m, devname, ESCAPED);
		seq_putc(m, ' ');
		seq_escape(m, name, ESCAPED);
		seq_printf(m, " %s %s 0 0\n", sb->s_type->name, mnt_rw);
		return 0;
	}
	seq_printf(m, "%d %d 0:%u ", mnt->mnt_id, parent_id, sb->s_dev);
	seq_escape(m, dentry_path(mnt->mnt.mnt_root, buf + PATH_MAX,
				  PATH_MAX), ESCAPED);
	seq_putc(m, ' ');
	seq_escape(m, name, ESCAPED);
	seq_printf(m, " %s - %s ", mnt_rw, sb->s_type->name);
	seq_escape(m, devname, ESCAPED);
	seq_printf(m, " %s\n", sb_rw);
	return 0;
}

/*
 * The iterator (Linux: m_start, m_next, m_stop): each step takes the
 * mount after our cursor, held, and moves the cursor past it; a mount
 * not shown goes back (unread). Position 0 starts from the top.
 */
static void *m_start(struct seq_file *m, loff_t *pos)
{
	struct proc_mounts *p = m->private;

	return mnt_cursor_next(p->ns, &p->cursor, *pos == 0);
}

static void *m_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct proc_mounts *p = m->private;

	mntput(&((struct mount *)v)->mnt);
	++*pos;
	return mnt_cursor_next(p->ns, &p->cursor, false);
}

static void m_stop(struct seq_file *m, void *v)
{
	struct proc_mounts *p = m->private;

	if (!IS_ERR_OR_NULL(v))
		mnt_cursor_unread(p->ns, &p->cursor, v);
}

/* A mount unmounted since the cursor passed it is left out. */
static int m_show(struct seq_file *m, void *v)
{
	struct proc_mounts *p = m->private;
	struct mount *mnt = v;
	int parent_id;
	bool gone;

	spin_lock(&mount_lock);
	gone = mnt->mnt_ns != p->ns;
	parent_id = mnt->mnt_parent->mnt_id;
	spin_unlock(&mount_lock);
	if (gone)
		return SEQ_SKIP;
	return show_mount(m, mnt, parent_id, &p->root, p->info, p->buf);
}

static const struct seq_operations mounts_op = {
	.start	= m_start,
	.next	= m_next,
	.stop	= m_stop,
	.show	= m_show,
};

/*
 * The task's mount tree and root, held (Linux: the first half of
 * mounts_open_common): EINVAL once it has left its namespaces (a
 * zombie), ENOENT once it has let go of its root.
 */
static int get_task_mounts(struct task_struct *task, struct proc_mounts *p)
{
	struct nsproxy *nsp;
	int err = -EINVAL;

	task_lock(task);
	nsp = rcu_dereference_protected(task->nsproxy, true);
	if (!nsp)
		goto out;
	/* until mount namespaces give each nsproxy its tree, there is one */
	p->ns = nsp->mnt_ns ? nsp->mnt_ns : init_mnt_ns;
	err = -ENOENT;
	if (!task->fs)
		goto out;
	spin_lock(&task->fs->lock);
	p->root = task->fs->root;
	path_get(&p->root);
	spin_unlock(&task->fs->lock);
	get_mnt_ns(p->ns);
	err = 0;
out:
	task_unlock(task);
	return err;
}

static int mounts_open_common(struct inode *inode, struct file *file,
			      bool info)
{
	struct task_struct *task = get_proc_task(inode);
	struct proc_mounts *p;
	int err = -EINVAL;

	if (!task)
		return err;
	err = -ENOMEM;
	p = kzalloc(sizeof(*p));
	if (!p)
		goto out_task;
	p->buf = kmalloc(2 * PATH_MAX);
	if (!p->buf)
		goto out_free;
	err = get_task_mounts(task, p);
	if (err)
		goto out_buf;
	err = seq_open(file, &mounts_op);
	if (err)
		goto out_mounts;
	p->info = info;
	mnt_cursor_init(&p->cursor);
	((struct seq_file *)file->private_data)->private = p;
	put_task_struct(task);
	return 0;

out_mounts:
	path_put(&p->root);
	put_mnt_ns(p->ns);
out_buf:
	kfree(p->buf);
out_free:
	kfree(p);
out_task:
	put_task_struct(task);
	return err;
}

static int mounts_open(struct inode *inode, struct file *file)
{
	return mounts_open_common(inode, file, false);
}

static int mountinfo_open(struct inode *inode, struct file *file)
{
	return mounts_open_common(inode, file, true);
}

static int mounts_release(struct file *file)
{
	struct seq_file *m = file->private_data;
	struct proc_mounts *p = m->private;

	mnt_cursor_del(&p->cursor);
	path_put(&p->root);
	put_mnt_ns(p->ns);
	kfree(p->buf);
	kfree(p);
	return seq_release(file);
}

const struct file_operations proc_mounts_operations = {
	.open		= mounts_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= mounts_release,
};

const struct file_operations proc_mountinfo_operations = {
	.open		= mountinfo_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= mounts_release,
};

// kernel/fs/proc/proc_namespace.c — /proc/PID/mounts and mountinfo: the
// mount tree, as the process sees it.
//
// Linux: fs/proc_namespace.c (show_vfsmnt, show_mountinfo). Nook has
// one mount tree (init_mnt_ns) until Step 4's mount namespaces; names
// are made from the reader's root (d_path). The source is what mount(2)
// was given (mnt_devname). Options are "ro" or "rw" only, for the mount
// and for its super block: the file systems' own options (tmpfs's
// size=, mode=...) are not shown yet (Linux: sb->s_op->show_options).
#include <nook/errno.h>
#include <nook/mount.h>
#include <nook/slab.h>
#include <nook/string.h>
#include "internal.h"

/* The n-th mount of the tree, held, and its parent's id; NULL past the end. */
static struct mount *nth_mount(unsigned int n, int *parent_id)
{
	struct mount *mnt, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(mnt, &init_mnt_ns->list, mnt_list) {
		if (n-- == 0) {
			found = mnt;
			mnt->mnt_count++;	/* mntget, with the lock held */
			*parent_id = mnt->mnt_parent->mnt_id;
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
}

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

/* Where mnt is mounted, as a path: its root seen in its own tree. */
static int show_mount(struct seq_file *m, struct mount *mnt, int parent_id,
		      bool info, char *buf)
{
	struct path where = { &mnt->mnt, mnt->mnt.mnt_root };
	struct super_block *sb = mnt->mnt.mnt_sb;
	char *name = d_path(&where, buf, PATH_MAX);

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

static int show_mounts(struct seq_file *m, bool info)
{
	char *buf = kmalloc(2 * PATH_MAX);	/* mount point, then root */
	struct mount *mnt;
	int parent_id, err = 0;

	if (!buf)
		return -ENOMEM;
	for (unsigned int n = 0; !err && (mnt = nth_mount(n, &parent_id));
	     n++) {
		err = show_mount(m, mnt, parent_id, info, buf);
		mntput(&mnt->mnt);
	}
	kfree(buf);
	return err;
}

int proc_mounts_show(struct seq_file *m, struct task_struct *task)
{
	return show_mounts(m, false);
}

int proc_mountinfo_show(struct seq_file *m, struct task_struct *task)
{
	return show_mounts(m, true);
}

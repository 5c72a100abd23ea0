// kernel/fs/proc/proc_namespace.c — /proc/PID/mounts and mountinfo: the
// mount tree, as the process sees it.
//
// Linux: fs/proc_namespace.c (show_vfsmnt, show_mountinfo). Nook has
// one mount tree (init_mnt_ns) until Step 4's mount namespaces; names
// are made from the reader's root (d_path). A mount's source is its
// type's name until mount(2) records the one it was given
// (mnt_devname); every mount is "rw", as Nook has no read-only ones.
#include <nook/errno.h>
#include <nook/mount.h>
#include <nook/slab.h>
#include "internal.h"

/* The n-th mount of the tree, held, and its parent's id; NULL past the end. */
static struct mount *nth_mount(unsigned int n, int *parent_id)
{
	struct mount *mnt, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(mnt, &init_mnt_ns->list, mnt_list) {
		if (n-- == 0) {
			found = mnt;
			mnt->mnt_count++;	/* mntget, under the lock held */
			*parent_id = mnt->mnt_parent->mnt_id;
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
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
	if (!info) {
		seq_printf(m, "%s ", sb->s_type->name);
		seq_escape(m, name, " \t\n\\");
		seq_printf(m, " %s rw 0 0\n", sb->s_type->name);
		return 0;
	}
	seq_printf(m, "%d %d 0:%u / ", mnt->mnt_id, parent_id, sb->s_dev);
	seq_escape(m, name, " \t\n\\");
	seq_printf(m, " rw - %s %s rw\n", sb->s_type->name, sb->s_type->name);
	return 0;
}

static int show_mounts(struct seq_file *m, bool info)
{
	char *buf = kmalloc(PATH_MAX);
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

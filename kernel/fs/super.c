// kernel/fs/super.c — super blocks and the list of filesystem types.
//
// Linux: fs/super.c (sget, deactivate_super) and fs/filesystems.c
// (register_filesystem, get_fs_type). A super block is one instance of a
// filesystem: each tmpfs mount made with mount(2) gets its own. s_active
// counts the mounts that show it; when the last one goes, the type's
// kill_sb tears the instance down and the super block is freed.

#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/panic.h>
#include <nook/proc_fs.h>
#include <nook/seq_file.h>
#include <nook/slab.h>
#include <nook/string.h>

/* The registered types, newest first; under file_systems_lock. */
static struct file_system_type *file_systems;
static DEFINE_SPINLOCK(file_systems_lock);

int register_filesystem(struct file_system_type *type)
{
	int err = 0;

	spin_lock(&file_systems_lock);
	for (struct file_system_type *p = file_systems; p; p = p->next)
		if (!strcmp(p->name, type->name))
			err = -EBUSY;
	if (!err) {
		type->next = file_systems;
		file_systems = type;
	}
	spin_unlock(&file_systems_lock);
	return err;
}

/* Types are never unregistered, so the pointer stays good unlocked. */
struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *p;

	spin_lock(&file_systems_lock);
	for (p = file_systems; p; p = p->next)
		if (!strcmp(p->name, name))
			break;
	spin_unlock(&file_systems_lock);
	return p;
}

/*
 * Linux: get_anon_bdev. Memory filesystems have no block device, so
 * each instance gets a device number of major 0 and its own minor; that
 * is the st_dev stat(2) shows. Minors are never reused (Linux recycles
 * them through an IDA).
 */
static u32 next_anon_minor = 1;

/* A new, empty instance of type, with one active reference. */
struct super_block *sget(struct file_system_type *type,
			 const struct super_operations *ops)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_op = ops;
	sb->s_active = 1;
	sb->s_dev = __atomic_fetch_add(&next_anon_minor, 1, __ATOMIC_RELAXED);
	spin_lock_init(&sb->s_dir_lock, "s_dir_lock");
	spin_lock_init(&sb->s_inode_list_lock, "s_inode_list_lock");
	INIT_LIST_HEAD(&sb->s_inodes);
	return sb;
}

void deactivate_super(struct super_block *sb)
{
	if (__atomic_sub_fetch(&sb->s_active, 1, __ATOMIC_ACQ_REL))
		return;
	sb->s_type->kill_sb(sb);
	/* kill_sb freed every dentry, so every inode is gone too. */
	WARN_ON(!list_empty(&sb->s_inodes));
	kfree(sb);
}

/*
 * /proc/filesystems (Linux: filesystems_proc_show). Every type Nook
 * has lives in memory, with no block device: each line says "nodev".
 */
int filesystems_proc_show(struct seq_file *m, struct task_struct *task)
{
	spin_lock(&file_systems_lock);
	for (struct file_system_type *p = file_systems; p; p = p->next)
		seq_printf(m, "nodev\t%s\n", p->name);
	spin_unlock(&file_systems_lock);
	return 0;
}

// kernel/fs/proc/root.c — the proc file system type and /proc itself:
// its files (meminfo, uptime, ...), /proc/self, /proc/mounts, and one
// directory per process.
//
// Linux: fs/proc/root.c (proc_fs_type, proc_root_lookup,
// proc_root_readdir), fs/proc/self.c, fs/proc/generic.c (where Linux's
// entries are registered at run time with proc_create; Nook's are one
// table, proc_root_stuff, like a /proc/PID directory's).
#include <nook/errno.h>
#include <nook/magic.h>
#include <nook/mount.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/printk.h>
#include <nook/slab.h>
#include <nook/string.h>
#include "internal.h"

/* /proc/self: the reader's own process, made at each use. */
static int proc_self_readlink(struct dentry *dentry, char *buf, int size)
{
	char tmp[16];
	int len = snprintf(tmp, sizeof(tmp), "%d", current->tgid);

	if (len > size)
		len = size;
	memcpy(buf, tmp, len);
	return len;
}

const struct inode_operations proc_self_inode_operations = {
	.readlink	= proc_self_readlink,
};

/* /proc/thread-self: the reader's own thread, "TGID/task/TID". */
static int proc_thread_self_readlink(struct dentry *dentry, char *buf,
				     int size)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%d/task/%d", current->tgid,
			   current->pid);

	if (len > size)
		len = size;
	memcpy(buf, tmp, len);
	return len;
}

static const struct inode_operations proc_thread_self_inode_operations = {
	.readlink	= proc_thread_self_readlink,
};

static const char *proc_mounts_get_link(struct inode *inode)
{
	return "self/mounts";
}

const struct inode_operations proc_mounts_link_inode_operations = {
	.get_link	= proc_mounts_get_link,
};

static const struct pid_entry proc_root_stuff[] = {
	NOD("self", S_IFLNK | 0777, &proc_self_inode_operations, NULL,
	    NULL, NULL),
	NOD("thread-self", S_IFLNK | 0777,
	    &proc_thread_self_inode_operations, NULL, NULL, NULL),
	NOD("mounts", S_IFLNK | 0777, &proc_mounts_link_inode_operations,
	    NULL, NULL, NULL),
	ROOT_ONE("meminfo", S_IRUGO, meminfo_proc_show),
	ROOT_ONE("uptime", S_IRUGO, uptime_proc_show),
	ROOT_ONE("loadavg", S_IRUGO, loadavg_proc_show),
	ROOT_ONE("version", S_IRUGO, version_proc_show),
	ROOT_ONE("stat", S_IRUGO, stat_proc_show),
	ROOT_ONE("cpuinfo", S_IRUGO, cpuinfo_proc_show),
	ROOT_ONE("cmdline", S_IRUGO, cmdline_proc_show),
	ROOT_ONE("filesystems", S_IRUGO, filesystems_proc_show),
	ROOT_ONE("slabinfo", 0400, slabinfo_proc_show),
	DIR("sys", 0555, &proc_sys_inode_operations, &proc_sys_operations),
};

/* readdir positions: 0 ".", 1 "..", then the table, then the pids. */
#define FIRST_PROCESS_ENTRY	(2 + ARRAY_SIZE(proc_root_stuff))

static const struct pid_entry proc_pid_dir_entry =
	DIR("", 0555, &proc_tgid_base_inode_operations,
	    &proc_tgid_base_operations);

static int proc_root_lookup(struct inode *dir, struct dentry *dentry)
{
	struct task_struct *task;
	pid_t nr;
	int err;

	err = proc_pident_lookup(dir, dentry, proc_root_stuff,
				 ARRAY_SIZE(proc_root_stuff), NULL);
	if (err != -ENOENT)
		return err;
	nr = proc_name_to_int(&dentry->d_name);
	if (nr <= 0)
		return -ENOENT;
	task = next_tgid(nr);
	if (!task)
		return -ENOENT;
	err = task->pid == nr ?
	      proc_instantiate(dentry, &proc_pid_dir_entry, task, -1) :
	      -ENOENT;
	put_task_struct(task);
	return err;
}

static int proc_root_iterate(struct file *file, struct dir_context *ctx)
{
	struct task_struct *task;

	if (!proc_emit_dots(ctx))
		return 0;
	if (!proc_pident_readdir(ctx, proc_root_stuff,
				 ARRAY_SIZE(proc_root_stuff), 2))
		return 0;
	/* A position past any pid (lseek can put one there) is the end. */
	if (ctx->pos - FIRST_PROCESS_ENTRY >= PID_MAX_DEFAULT)
		return 0;
	while ((task = next_tgid(ctx->pos - FIRST_PROCESS_ENTRY))) {
		char name[16];
		pid_t nr = task->pid;
		int len = snprintf(name, sizeof(name), "%d", nr);
		bool more;

		put_task_struct(task);
		ctx->pos = FIRST_PROCESS_ENTRY + nr;
		more = ctx->actor(ctx, name, len, ctx->pos, 0x10000 + nr,
				  DT_DIR);
		if (!more)
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup		= proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.iterate	= proc_root_iterate,
	.llseek		= proc_dir_llseek,
};

static const struct pid_entry proc_root_entry =
	DIR("/", 0555, &proc_root_inode_operations, &proc_root_operations);

/* Each mount of proc is an instance of its own, as Linux's are. */
static struct dentry *proc_mount(struct file_system_type *type, int flags,
				 void *data)
{
	struct super_block *sb = sget(type, &proc_sops);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_d_op = &proc_dentry_operations;
	sb->s_magic = PROC_SUPER_MAGIC;
	root = proc_make_inode(sb, &proc_root_entry, NULL, -1);
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

/* Nothing below the root is pinned: the root is all there is to drop. */
static void proc_kill_sb(struct super_block *sb)
{
	dput(sb->s_root);
}

static struct file_system_type proc_fs_type = {
	.name		= "proc",
	.mount		= proc_mount,
	.kill_sb	= proc_kill_sb,
};

void proc_root_init(void)
{
	BUG_ON(register_filesystem(&proc_fs_type));
}

// kernel/fs/proc/namespaces.c — /proc/PID/ns: one link per namespace
// type, named as Linux names them.
//
// Linux: fs/proc/namespaces.c (ns_entries, proc_ns_readlink,
// proc_ns_get_link, proc_ns_dir_lookup, proc_ns_dir_readdir). readlink
// shows "uts:[4026531838]"; following the link (open, stat) lands on an
// nsfs file for the namespace (kernel/fs/nsfs.c), which setns(2) takes.
// Only the types Nook has are listed; each new type adds its line.
// Another process's links are shown and followed only by a caller that
// may look into it (ptrace_may_access: the same ids and a dumpable
// target, or CAP_SYS_PTRACE), else EACCES, as Linux.

#include <nook/errno.h>
#include <nook/proc_ns.h>
#include <nook/ptrace.h>
#include <nook/string.h>
#include "internal.h"

static const struct proc_ns_operations *const ns_entries[] = {
	&utsns_operations,
	&userns_operations,
};

/* The link's type: its entry's name is the operations' name. */
static const struct proc_ns_operations *ns_ops_of(const struct inode *inode)
{
	const char *name = PROC_I(inode)->entry->name;

	for (size_t i = 0; i < ARRAY_SIZE(ns_entries); i++)
		if (!strcmp(ns_entries[i]->name, name))
			return ns_entries[i];
	return NULL;
}

static int proc_ns_readlink(struct dentry *dentry, char *buf, int size)
{
	struct inode *inode = dentry->d_inode;
	struct task_struct *task = get_proc_task(inode);
	char name[32];
	int len;

	if (!task)
		return -ENOENT;
	len = -EACCES;
	if (ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS))
		len = ns_get_name(name, sizeof(name), task, ns_ops_of(inode));
	put_task_struct(task);
	if (len < 0)
		return len;
	len = min(len, size);
	memcpy(buf, name, len);
	return len;
}

/* Following the link: the walk jumps to a fresh nsfs file's path. */
static int proc_ns_get_link(struct dentry *dentry, struct path *path)
{
	struct inode *inode = dentry->d_inode;
	struct task_struct *task = get_proc_task(inode);
	int err;

	if (!task)
		return -ENOENT;
	err = -EACCES;
	if (ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS))
		err = ns_get_path(path, task, ns_ops_of(inode));
	put_task_struct(task);
	return err;
}

static const struct inode_operations proc_ns_link_inode_operations = {
	.readlink	= proc_ns_readlink,
	.jump_link	= proc_ns_get_link,
};

#define NS_LINK(NAME)							\
	NOD(NAME, S_IFLNK | 0777, &proc_ns_link_inode_operations, NULL,	\
	    NULL, NULL)

/* In ns_entries' order. */
static const struct pid_entry ns_stuff[] = {
	NS_LINK("uts"),
	NS_LINK("user"),
};

static int proc_ns_dir_lookup(struct inode *dir, struct dentry *dentry)
{
	return proc_task_pident_lookup(dir, dentry, ns_stuff,
				       ARRAY_SIZE(ns_stuff));
}

static int proc_ns_dir_readdir(struct file *file, struct dir_context *ctx)
{
	return proc_task_pident_readdir(file, ctx, ns_stuff,
					ARRAY_SIZE(ns_stuff));
}

const struct inode_operations proc_ns_dir_inode_operations = {
	.lookup		= proc_ns_dir_lookup,
};

const struct file_operations proc_ns_dir_operations = {
	.iterate	= proc_ns_dir_readdir,
	.llseek		= proc_dir_llseek,
};

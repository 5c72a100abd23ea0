// kernel/fs/proc/fd.c — /proc/PID/fd: one link per open descriptor.
//
// Linux: fs/proc/fd.c (proc_readfd, proc_lookupfd, proc_fd_link,
// tid_fd_revalidate, tid_fd_update_inode, proc_fd_permission). A link
// of a file leads to that file's path (open and readlink go through
// it); a pipe has no path in Nook, so its link reads "pipe:[ino]"
// (fstat's st_ino) and cannot be opened through: Linux reopens the
// pipe, Nook says ENOENT (not done yet). The console reads
// "/dev/console", what it is on Linux when init opens it.
#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/ptrace.h>
#include <nook/string.h>
#include "internal.h"

/*
 * Is fd open in task? Under task_lock and its file_lock: with ref, a
 * reference to the file in *ref; with mode, its open mode. Lookup and
 * d_revalidate ask without a reference: they run under the super
 * block's s_dir_lock (a spinlock), where dropping what may be a file's
 * last reference (its release can sleep) must not happen.
 */
bool task_fd_lookup(struct task_struct *task, unsigned int fd,
		    struct file **ref, fmode_t *mode)
{
	struct file *f = NULL;

	task_lock(task);
	if (task->files) {
		spin_lock(&task->files->file_lock);
		if (fd < task->files->fdt->max_fds)
			f = task->files->fdt->fd[fd];
		if (f && ref)
			*ref = get_file(f);
		if (f && mode)
			*mode = f->f_mode;
		spin_unlock(&task->files->file_lock);
	}
	task_unlock(task);
	return f != NULL;
}

/* The file task has open as fd, with a reference; NULL if none. */
static struct file *fget_task(struct task_struct *task, unsigned int fd)
{
	struct file *f = NULL;

	task_fd_lookup(task, fd, &f, NULL);
	return f;
}

/* The lowest open fd >= from, or -1. */
static int next_fd(struct task_struct *task, unsigned int from)
{
	int found = -1;

	task_lock(task);
	if (task->files) {
		struct fdtable *fdt;

		spin_lock(&task->files->file_lock);
		fdt = task->files->fdt;
		for (unsigned int fd = from; fd < fdt->max_fds; fd++) {
			if (fdt->fd[fd]) {
				found = fd;
				break;
			}
		}
		spin_unlock(&task->files->file_lock);
	}
	task_unlock(task);
	return found;
}

static int proc_fd_link(struct task_struct *task, int fd, struct path *path)
{
	struct file *f = fget_task(task, fd);
	int err = -ENOENT;

	if (!f)
		return err;
	if (f->f_path.dentry) {
		*path = f->f_path;
		path_get(path);
		err = 0;
	}
	fput(f);
	return err;
}

/* A file with a path reads as its name; a pipe as "pipe:[ino]". */
static int proc_fd_readlink(struct dentry *dentry, char *buf, int size)
{
	struct inode *inode = dentry->d_inode;
	struct task_struct *task = get_proc_task(inode);
	struct file *f;
	char tmp[32];
	int len;

	if (!task)
		return -ENOENT;
	if (!ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS)) {
		put_task_struct(task);
		return -EACCES;
	}
	f = fget_task(task, PROC_I(inode)->fd);
	put_task_struct(task);
	if (!f)
		return -ENOENT;
	if (f->f_path.dentry) {
		const struct inode_operations *iop =
			&proc_pid_link_inode_operations;

		fput(f);
		return iop->readlink(dentry, buf, size);
	}
	if (f->f_op == &pipefifo_fops)
		len = snprintf(tmp, sizeof(tmp), "pipe:[%lu]", pipe_ino(f));
	else
		len = snprintf(tmp, sizeof(tmp), "/dev/console");
	fput(f);
	len = min(len, size);
	memcpy(buf, tmp, len);
	return len;
}

static int proc_fd_jump(struct dentry *dentry, struct path *path);

static const struct inode_operations proc_fd_magic_inode_operations = {
	.readlink	= proc_fd_readlink,
	.jump_link	= proc_fd_jump,
};

static int proc_fd_jump(struct dentry *dentry, struct path *path)
{
	return proc_pid_link_inode_operations.jump_link(dentry, path);
}

static const struct pid_entry proc_fd_entry =
	NOD("", S_IFLNK | 0700, &proc_fd_magic_inode_operations, NULL,
	    NULL, proc_fd_link);

static int fd_from_name(const struct qstr *name)
{
	int fd = 0;

	if (name->len == 0 || name->len > 9 ||
	    (name->name[0] == '0' && name->len > 1))
		return -1;
	for (u32 i = 0; i < name->len; i++) {
		if (name->name[i] < '0' || name->name[i] > '9')
			return -1;
		fd = fd * 10 + (name->name[i] - '0');
	}
	return fd;
}

/*
 * Linux: tid_fd_update_inode. The link is r-x, -wx or rwx for the owner
 * by the open's mode (N may have been closed and opened again since
 * the last walk), and the owner is the task's, as for its other files.
 */
static void tid_fd_update_inode(struct task_struct *task,
				struct inode *inode, fmode_t mode)
{
	pid_update_inode(task, inode);
	spin_lock(&inode->i_lock);
	inode->i_mode = S_IFLNK | ((mode & FMODE_READ) ? 0500 : 0) |
			((mode & FMODE_WRITE) ? 0300 : 0);
	spin_unlock(&inode->i_lock);
}

bool tid_fd_revalidate(struct task_struct *task, struct inode *inode)
{
	fmode_t mode;

	if (!task_fd_lookup(task, PROC_I(inode)->fd, NULL, &mode))
		return false;
	tid_fd_update_inode(task, inode, mode);
	return true;
}

static int proc_lookupfd(struct inode *dir, struct dentry *dentry)
{
	struct task_struct *task = get_proc_task(dir);
	int fd = fd_from_name(&dentry->d_name), err = -ENOENT;
	fmode_t mode;

	if (!task)
		return -ENOENT;
	if (fd >= 0 && task_fd_lookup(task, fd, NULL, &mode)) {
		err = proc_instantiate(dentry, &proc_fd_entry, task, fd);
		if (!err)
			tid_fd_update_inode(task, dentry->d_inode, mode);
	}
	put_task_struct(task);
	return err;
}

static int proc_readfd(struct file *file, struct dir_context *ctx)
{
	struct task_struct *task = get_proc_task(file->f_inode);
	int fd;

	if (!task)
		return -ENOENT;
	if (!proc_emit_dots(ctx))
		goto out;
	/* A position past any fd (lseek can put one there) is the end. */
	if (ctx->pos - 2 > 0x7fffffff)	/* fds are ints */
		goto out;
	while ((fd = next_fd(task, ctx->pos - 2)) >= 0) {
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", fd);

		ctx->pos = 2 + fd;
		if (!ctx->actor(ctx, name, len, ctx->pos, 0x20000 + fd,
				DT_LNK))
			break;
		ctx->pos++;
	}
out:
	put_task_struct(task);
	return 0;
}

/*
 * A process may always list and walk its own fd/, even once it is not
 * dumpable and the directory (0500) belongs to root: /dev/stdin leads
 * through it (Linux: proc_fd_permission).
 */
static int proc_fd_permission(struct inode *inode, int mask)
{
	struct task_struct *task;
	int err = generic_permission(inode, mask);

	if (!err)
		return 0;
	task = get_proc_task(inode);
	if (task) {
		if (task->tgid == current->tgid)
			err = 0;
		put_task_struct(task);
	}
	return err;
}

const struct inode_operations proc_fd_inode_operations = {
	.lookup		= proc_lookupfd,
	.permission	= proc_fd_permission,
};

const struct file_operations proc_fd_operations = {
	.iterate	= proc_readfd,
	.llseek		= proc_dir_llseek,
};

// kernel/fs/proc/base.c — /proc/PID: one directory per process, made
// from the task list at each lookup and readdir.
//
// Linux: fs/proc/base.c (tgid_base_stuff, proc_pid_lookup,
// proc_pid_readdir/next_tgid, proc_pid_cmdline_read, comm_write,
// proc_exe_link, proc_cwd_link, proc_root_link, proc_pid_readlink,
// proc_pid_get_link). The table tgid_base_stuff is the directory: a
// new file is one more line in it ("ns", a directory of links, is one).
// Every file finds its task through get_proc_task, which fails once
// the task has been reaped: a /proc/PID that outlives its process
// answers ENOENT (lookups) or ESRCH (reads, links), never stale data.
#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/mm_types.h>
#include <nook/mount.h>
#include <nook/printk.h>
#include <nook/ptrace.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/uaccess.h>
#include "internal.h"

struct task_struct *next_tgid(pid_t nr)
{
	struct task_struct *p, *best = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pid < nr || p->pid <= 0 || p->tgid != p->pid)
			continue;
		if (!best || p->pid < best->pid)
			best = p;
	}
	if (best)
		get_task_struct(best);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

/* ---- links: exe, cwd, root ----------------------------------------- */

static int proc_exe_link(struct task_struct *task, int fd, struct path *path)
{
	struct mm_struct *mm = get_task_mm(task);
	int err = -ENOENT;

	if (!mm)
		return err;
	spin_lock(&mm->mmap_lock);	/* exe_file is set once, before use */
	if (mm->exe_file.dentry) {
		*path = mm->exe_file;
		path_get(path);
		err = 0;
	}
	spin_unlock(&mm->mmap_lock);
	mmput(mm);
	return err;
}

/* The task's root or cwd, held; ENOENT once it has let go of them. */
static int get_fs_path(struct task_struct *task, struct path *path,
		       bool root)
{
	int err = -ENOENT;

	task_lock(task);
	if (task->fs) {
		spin_lock(&task->fs->lock);
		*path = root ? task->fs->root : task->fs->pwd;
		path_get(path);
		spin_unlock(&task->fs->lock);
		err = 0;
	}
	task_unlock(task);
	return err;
}

static int proc_cwd_link(struct task_struct *task, int fd, struct path *path)
{
	return get_fs_path(task, path, false);
}

static int proc_root_link(struct task_struct *task, int fd,
			  struct path *path)
{
	return get_fs_path(task, path, true);
}

/*
 * The entry's target, held (Linux: PROC_I(inode)->op.proc_get_link).
 * Another process's cwd, root, exe and open files are its own: only a
 * caller that may look into it gets them (Linux:
 * proc_fd_access_allowed), else a path through them would pass
 * directories the caller cannot search.
 */
static int proc_link_path(struct dentry *dentry, struct path *path)
{
	struct inode *inode = dentry->d_inode;
	struct task_struct *task = get_proc_task(inode);
	int err;

	if (!task)
		return -ENOENT;
	err = -EACCES;
	if (ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS))
		err = PROC_I(inode)->entry->get_link(task, PROC_I(inode)->fd,
						     path);
	put_task_struct(task);
	return err;
}

/* readlink(2) shows the target's name (Linux: do_proc_readlink). */
static int proc_pid_readlink(struct dentry *dentry, char *buf, int size)
{
	char *tmp = kmalloc(PATH_MAX), *name;
	struct path path;
	int err, len;

	if (!tmp)
		return -ENOMEM;
	err = proc_link_path(dentry, &path);
	if (err)
		goto out;
	name = d_path(&path, tmp, PATH_MAX);
	path_put(&path);
	err = PTR_ERR(name);
	if (IS_ERR(name))
		goto out;
	len = strlen(name);
	err = len > size ? size : len;
	memcpy(buf, name, err);
out:
	kfree(tmp);
	return err;
}

const struct inode_operations proc_pid_link_inode_operations = {
	.readlink	= proc_pid_readlink,
	.jump_link	= proc_link_path,
};

/* ---- cmdline and environ: read from the process's own memory ------- */

static int show_mm_range(struct seq_file *m, struct task_struct *task,
			 bool env)
{
	struct mm_struct *mm = get_task_mm(task);
	unsigned long addr, end;
	char *page;

	if (!mm)
		return 0;		/* a kernel thread: empty, as Linux */
	page = kmalloc(PAGE_SIZE);
	if (!page) {
		mmput(mm);
		return -ENOMEM;
	}
	spin_lock(&mm->mmap_lock);
	addr = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	spin_unlock(&mm->mmap_lock);
	while (addr < end && !seq_has_overflowed(m)) {
		size_t want = min(end - addr, (unsigned long)PAGE_SIZE);
		size_t got = access_remote_vm(mm, addr, page, want);

		seq_write(m, page, got);
		if (got < want)
			break;
		addr += got;
	}
	kfree(page);
	mmput(mm);
	return 0;
}

static int proc_pid_cmdline(struct seq_file *m, struct task_struct *task)
{
	return show_mm_range(m, task, false);
}

static int proc_pid_environ(struct seq_file *m, struct task_struct *task)
{
	/* Linux checks at open (mm_access); the mode 0400 usually has. */
	if (!ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS))
		return -EACCES;
	return show_mm_range(m, task, true);
}

/* ---- comm: readable, and writable by the process itself ----------- */

static int comm_show(struct seq_file *m, void *v)
{
	struct inode *inode = v;
	struct task_struct *task = get_proc_task(inode);
	char comm[TASK_COMM_LEN];

	if (!task)
		return -ESRCH;
	task_lock(task);
	memcpy(comm, task->comm, sizeof(comm));
	task_unlock(task);
	put_task_struct(task);
	seq_printf(m, "%s\n", comm);
	return 0;
}

static int comm_open(struct inode *inode, struct file *file)
{
	return single_open(file, comm_show, inode);
}

/* Linux: comm_write. The bytes as written, newline and all, truncated. */
static long comm_write(struct file *file, const char __user *buf,
		       size_t count, loff_t *pos)
{
	struct task_struct *task = get_proc_task(file->f_inode);
	char name[TASK_COMM_LEN] = { 0 };
	size_t len = min(count, sizeof(name) - 1);
	long err = count;

	if (copy_from_user(name, buf, len))
		err = -EFAULT;
	else if (!task)
		err = -ESRCH;
	else if (task->tgid != current->tgid)
		err = -EINVAL;		/* only one's own thread group */
	if (err >= 0) {
		task_lock(task);
		set_task_comm(task, name);
		task_unlock(task);
	}
	if (task)
		put_task_struct(task);
	return err;
}

static const struct file_operations proc_pid_set_comm_operations = {
	.open		= comm_open,
	.read		= seq_read,
	.write		= comm_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/* ---- /proc/PID/task/TID: a thread's own directory ------------------ */

/*
 * Linux's tid_base_stuff: what a thread shows of itself. Nook's
 * processes have one thread each, so task/ holds one directory, named
 * by the pid, showing the same task as /proc/PID.
 */
static const struct pid_entry tid_base_stuff[] = {
	DIR("fd", 0500, &proc_fd_inode_operations, &proc_fd_operations),
	ONE("stat", S_IRUGO, proc_pid_stat),
	ONE("status", S_IRUGO, proc_pid_status),
	ONE("cmdline", S_IRUGO, proc_pid_cmdline),
	ONE("environ", 0400, proc_pid_environ),
	REG("comm", 0644, &proc_pid_set_comm_operations),
	LNK("exe", proc_exe_link),
	LNK("cwd", proc_cwd_link),
	LNK("root", proc_root_link),
	REG("mounts", S_IRUGO, &proc_mounts_operations),
	REG("mountinfo", S_IRUGO, &proc_mountinfo_operations),
	DIR("ns", 0511, &proc_ns_dir_inode_operations,
	    &proc_ns_dir_operations),
	REG("fail-nth", 0644, &proc_fail_nth_operations),
};

static int proc_tid_base_lookup(struct inode *dir, struct dentry *dentry)
{
	return proc_task_pident_lookup(dir, dentry, tid_base_stuff,
				       ARRAY_SIZE(tid_base_stuff));
}

static int proc_tid_base_readdir(struct file *file, struct dir_context *ctx)
{
	return proc_task_pident_readdir(file, ctx, tid_base_stuff,
					ARRAY_SIZE(tid_base_stuff));
}

static const struct inode_operations proc_tid_base_inode_operations = {
	.lookup		= proc_tid_base_lookup,
};

static const struct file_operations proc_tid_base_operations = {
	.iterate	= proc_tid_base_readdir,
	.llseek		= proc_dir_llseek,
};

static const struct pid_entry proc_tid_dir_entry =
	DIR("", 0555, &proc_tid_base_inode_operations,
	    &proc_tid_base_operations);

/* /proc/PID/task: the threads of the process (one, in Nook). */
static int proc_task_lookup(struct inode *dir, struct dentry *dentry)
{
	struct task_struct *task = get_proc_task(dir);
	int err = -ENOENT;

	if (!task)
		return err;
	if (proc_name_to_int(&dentry->d_name) == task->pid)
		err = proc_instantiate(dentry, &proc_tid_dir_entry, task, -1);
	put_task_struct(task);
	return err;
}

static int proc_task_readdir(struct file *file, struct dir_context *ctx)
{
	struct task_struct *task = get_proc_task(file->f_inode);
	char name[16];
	int len;

	if (!task)
		return -ENOENT;
	len = snprintf(name, sizeof(name), "%d", task->pid);
	put_task_struct(task);
	if (proc_emit_dots(ctx) && ctx->pos == 2 &&
	    ctx->actor(ctx, name, len, ctx->pos, 3, DT_DIR))
		ctx->pos++;
	return 0;
}

static const struct inode_operations proc_task_inode_operations = {
	.lookup		= proc_task_lookup,
};

static const struct file_operations proc_task_operations = {
	.iterate	= proc_task_readdir,
	.llseek		= proc_dir_llseek,
};

/* ---- the directory ------------------------------------------------- */

static const struct pid_entry tgid_base_stuff[] = {
	DIR("task", 0555, &proc_task_inode_operations, &proc_task_operations),
	DIR("fd", 0500, &proc_fd_inode_operations, &proc_fd_operations),
	ONE("stat", S_IRUGO, proc_pid_stat),
	ONE("status", S_IRUGO, proc_pid_status),
	ONE("cmdline", S_IRUGO, proc_pid_cmdline),
	ONE("environ", 0400, proc_pid_environ),
	REG("comm", 0644, &proc_pid_set_comm_operations),
	LNK("exe", proc_exe_link),
	LNK("cwd", proc_cwd_link),
	LNK("root", proc_root_link),
	REG("mounts", S_IRUGO, &proc_mounts_operations),
	REG("mountinfo", S_IRUGO, &proc_mountinfo_operations),
	DIR("ns", 0511, &proc_ns_dir_inode_operations,
	    &proc_ns_dir_operations),
};

static int proc_tgid_base_lookup(struct inode *dir, struct dentry *dentry)
{
	return proc_task_pident_lookup(dir, dentry, tgid_base_stuff,
				       ARRAY_SIZE(tgid_base_stuff));
}

static int proc_tgid_base_readdir(struct file *file, struct dir_context *ctx)
{
	return proc_task_pident_readdir(file, ctx, tgid_base_stuff,
					ARRAY_SIZE(tgid_base_stuff));
}

const struct inode_operations proc_tgid_base_inode_operations = {
	.lookup		= proc_tgid_base_lookup,
};

const struct file_operations proc_tgid_base_operations = {
	.iterate	= proc_tgid_base_readdir,
	.llseek		= proc_dir_llseek,
};

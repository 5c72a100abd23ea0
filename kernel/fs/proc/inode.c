// kernel/fs/proc/inode.c — procfs inodes, and the parts every procfs
// directory and file shares: making an inode for a table entry, the
// tables' lookup and readdir, telling whether a task's files still
// stand, and the seq_file behind every ONE() file.
//
// Linux: fs/proc/inode.c (proc_evict_inode), fs/proc/base.c
// (proc_pident_instantiate, proc_pident_lookup, proc_pident_readdir,
// pid_revalidate, pid_update_inode, task_dump_owner, proc_single_open).
// procfs pins no dentry: a name lives while a walk or an open file holds
// it, and the next walk asks again, so a new or dead process shows at
// once, and a file's owner follows its task's ids and dumpable flag.
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/sched/coredump.h>
#include <nook/slab.h>
#include <nook/string.h>
#include "internal.h"

/*
 * The inode's task with a reference, or NULL once it has been reaped:
 * release_task marks it EXIT_DEAD under tasklist_lock. A zombie still
 * has its /proc/PID, as in Linux.
 */
struct task_struct *get_proc_task(const struct inode *inode)
{
	struct task_struct *task = PROC_I(inode)->task;
	unsigned long flags;

	if (!task)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	if (task->exit_state == EXIT_DEAD)
		task = NULL;
	else
		get_task_struct(task);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return task;
}

/*
 * Who owns a task's file of mode mode (Linux: task_dump_owner): the
 * task's euid and egid while it is dumpable, else root, so that its
 * 0400 and 0500 files (environ, fd/) open only to root once it has
 * changed ids. A task without an mm (a kernel thread, a zombie) shows
 * nothing of its own: root. The world-readable directories (0555:
 * /proc/PID, task/, task/TID) always show the euid, because ps learns
 * a process's user by stat'ing /proc/PID. Root is init_user_ns's: Linux
 * takes the root of the mm's user namespace, the same one in Nook.
 */
void task_dump_owner(struct task_struct *task, umode_t mode, kuid_t *ruid,
		     kgid_t *rgid)
{
	const struct cred *cred;
	kuid_t uid = GLOBAL_ROOT_UID;
	kgid_t gid = GLOBAL_ROOT_GID;
	bool dumpable = true;

	if (!(task->flags & PF_KTHREAD)) {
		rcu_read_lock();
		cred = __task_cred(task);
		uid = cred->euid;
		gid = cred->egid;
		rcu_read_unlock();
	}
	if (mode != (S_IFDIR | S_IRUGO | S_IXUGO)) {
		task_lock(task);
		dumpable = task->mm &&
			   get_dumpable(task->mm) == SUID_DUMP_USER;
		task_unlock(task);
	}
	if (!dumpable) {
		uid = GLOBAL_ROOT_UID;
		gid = GLOBAL_ROOT_GID;
	}
	*ruid = uid;
	*rgid = gid;
}

/*
 * Linux: pid_update_inode. The owner as the task stands now; i_lock
 * keeps two revalidations from mixing their answers.
 */
void pid_update_inode(struct task_struct *task, struct inode *inode)
{
	kuid_t uid;
	kgid_t gid;

	task_dump_owner(task, inode->i_mode, &uid, &gid);
	spin_lock(&inode->i_lock);
	inode->i_uid = uid;
	inode->i_gid = gid;
	inode->i_mode &= ~(S_ISUID | S_ISGID);
	spin_unlock(&inode->i_lock);
}

static void proc_evict_inode(struct inode *inode)
{
	struct proc_inode *pi = PROC_I(inode);

	if (!pi)
		return;		/* the root */
	if (pi->task)
		put_task_struct(pi->task);
	kfree(pi);
}

const struct super_operations proc_sops = {
	.evict_inode = proc_evict_inode,
	.statfs = simple_statfs,
};

/*
 * A cached name of a task's file may be used while the task stands
 * (Linux: pid_revalidate); /proc/PID/fd/N also while N is open there.
 * Each use takes the owner afresh: a setuid or PR_SET_DUMPABLE since
 * the last walk shows at the next.
 */
static int proc_d_revalidate(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	struct task_struct *task;
	int valid = 1;

	if (!inode)
		return 0;	/* never trust an absence: ask again */
	if (!PROC_I(inode) || !PROC_I(inode)->task)
		return 1;
	task = get_proc_task(inode);
	if (!task)
		return 0;
	if (PROC_I(inode)->fd >= 0)
		valid = tid_fd_revalidate(task, inode);
	else
		pid_update_inode(task, inode);
	put_task_struct(task);
	return valid;
}

const struct dentry_operations proc_dentry_operations = {
	.d_revalidate = proc_d_revalidate,
};

struct inode *proc_make_inode(struct super_block *sb,
			      const struct pid_entry *entry,
			      struct task_struct *task, int fd)
{
	struct inode *inode = new_inode(sb);
	struct proc_inode *pi;

	if (!inode)
		return NULL;
	pi = kzalloc(sizeof(*pi));
	if (!pi) {
		iput(inode);
		return NULL;
	}
	pi->entry = entry;
	pi->fd = fd;
	if (task) {
		get_task_struct(task);
		pi->task = task;
	}
	inode->i_private = pi;
	inode->i_mode = entry->mode;
	/* A task's files are its own while it is dumpable; the rest root's. */
	if (task) {
		task_dump_owner(task, inode->i_mode, &inode->i_uid,
				&inode->i_gid);
	} else {
		inode->i_uid = GLOBAL_ROOT_UID;
		inode->i_gid = GLOBAL_ROOT_GID;
	}
	inode->i_op = entry->iop;
	inode->i_fop = entry->fop;
	if (S_ISDIR(entry->mode))
		inode->i_nlink = 2;
	return inode;
}

int proc_instantiate(struct dentry *dentry, const struct pid_entry *entry,
		     struct task_struct *task, int fd)
{
	struct inode *inode = proc_make_inode(dentry->d_sb, entry, task, fd);

	if (!inode)
		return -ENOMEM;
	d_instantiate(dentry, inode);
	return 0;
}

int proc_pident_lookup(struct inode *dir, struct dentry *dentry,
		       const struct pid_entry *ents, unsigned int nents,
		       struct task_struct *task)
{
	const struct qstr *name = &dentry->d_name;

	for (unsigned int i = 0; i < nents; i++) {
		if (strlen(ents[i].name) == name->len &&
		    !memcmp(ents[i].name, name->name, name->len))
			return proc_instantiate(dentry, &ents[i], task, -1);
	}
	return -ENOENT;
}

pid_t proc_name_to_int(const struct qstr *name)
{
	pid_t nr = 0;

	if (name->len == 0 || name->len > 9 || name->name[0] == '0')
		return -1;
	for (u32 i = 0; i < name->len; i++) {
		if (name->name[i] < '0' || name->name[i] > '9')
			return -1;
		nr = nr * 10 + (name->name[i] - '0');
	}
	return nr;
}

static unsigned int dt_type(umode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

bool proc_emit_dots(struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, ctx->pos, 1, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, ctx->pos, 1, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/* Table entry i sits at position first_pos + i. */
bool proc_pident_readdir(struct dir_context *ctx,
			 const struct pid_entry *ents, unsigned int nents,
			 unsigned int first_pos)
{
	for (; ctx->pos >= first_pos && ctx->pos < first_pos + nents;
	     ctx->pos++) {
		const struct pid_entry *p = &ents[ctx->pos - first_pos];

		/* procfs makes inodes on lookup: the ino here is nominal */
		if (!ctx->actor(ctx, p->name, strlen(p->name), ctx->pos,
				2 + ctx->pos, dt_type(p->mode)))
			return false;
	}
	return true;
}

int proc_task_pident_lookup(struct inode *dir, struct dentry *dentry,
			    const struct pid_entry *ents, unsigned int nents)
{
	struct task_struct *task = get_proc_task(dir);
	int err;

	if (!task)
		return -ENOENT;
	err = proc_pident_lookup(dir, dentry, ents, nents, task);
	put_task_struct(task);
	return err;
}

int proc_task_pident_readdir(struct file *file, struct dir_context *ctx,
			     const struct pid_entry *ents, unsigned int nents)
{
	struct task_struct *task = get_proc_task(file->f_inode);

	if (!task)
		return -ENOENT;
	put_task_struct(task);
	if (proc_emit_dots(ctx))
		proc_pident_readdir(ctx, ents, nents, 2);
	return 0;
}

/*
 * lseek on a procfs directory (rewinddir): SEEK_SET and SEEK_CUR to a
 * readdir position, never below 0 and, as Linux's procfs super block
 * says (s_maxbytes, MAX_NON_LFS), never past 2^31 - 1: EINVAL. The
 * readdirs trust that a position fits a pid or an fd.
 */
#define PROC_DIR_MAX_POS	0x7fffffffLL

loff_t proc_dir_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t pos = whence == SEEK_CUR ? file->f_pos + offset : offset;

	if ((whence == SEEK_SET || whence == SEEK_CUR) &&
	    (offset > PROC_DIR_MAX_POS || pos > PROC_DIR_MAX_POS))
		return -EINVAL;
	return seq_lseek(file, offset, whence);
}

/* ---- ONE() files: a seq_file over the entry's show ---------------- */

static int proc_single_show(struct seq_file *m, void *v)
{
	struct inode *inode = v;
	const struct pid_entry *entry = PROC_I(inode)->entry;
	struct task_struct *task;
	int err;

	if (!PROC_I(inode)->task)
		return entry->show(m, NULL);
	task = get_proc_task(inode);
	if (!task)
		return -ESRCH;
	err = entry->show(m, task);
	put_task_struct(task);
	return err;
}

/*
 * Root may open any of them to write (its capabilities override the
 * modes); writing fails as in Linux: EINVAL for a task's file, which
 * has no write at all, EIO for the files of /proc itself
 * (proc_reg_write without a proc_write).
 */
static int proc_single_open(struct inode *inode, struct file *file)
{
	return single_open(file, proc_single_show, inode);
}

const struct file_operations proc_single_file_operations = {
	.open		= proc_single_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static long proc_reg_write(struct file *file, const char __user *buf,
			   size_t count, loff_t *pos)
{
	return -EIO;
}

const struct file_operations proc_root_file_operations = {
	.open		= proc_single_open,
	.read		= seq_read,
	.write		= proc_reg_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/* O_TRUNC on a procfs file changes nothing, and is no error (Linux). */
static int proc_truncate(struct inode *inode, loff_t size)
{
	return 0;
}

const struct inode_operations proc_file_inode_operations = {
	.truncate	= proc_truncate,
};

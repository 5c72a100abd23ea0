/*
 * kernel/fs/proc/internal.h — what the files of procfs share. Linux:
 * fs/proc/internal.h (struct proc_inode, struct pid_entry, PROC_I).
 *
 * Every procfs inode carries a struct proc_inode in i_private: the task
 * it shows (held, so the task_struct cannot be freed under it; NULL for
 * files like /proc/meminfo), the table entry that says what the file is,
 * and for /proc/PID/fd/N the number N. A task that has been reaped stays
 * allocated while an inode holds it, but get_proc_task no longer hands
 * it out: every read, lookup and link of its files then fails.
 */
#ifndef NOOK_FS_PROC_INTERNAL_H
#define NOOK_FS_PROC_INTERNAL_H

#include <nook/file.h>
#include <nook/fs.h>
#include <nook/sched.h>
#include <nook/seq_file.h>

struct pid_entry;

struct proc_inode {
	struct task_struct *task;	/* held; NULL: not a task's file */
	const struct pid_entry *entry;
	int fd;				/* /proc/PID/fd/N: N */
};

static inline struct proc_inode *PROC_I(const struct inode *inode)
{
	return inode->i_private;
}

/*
 * One name in a procfs directory (Linux: struct pid_entry). A table of
 * them is a directory's contents: tgid_base_stuff for /proc/PID,
 * proc_root_stuff for the files of /proc itself. A file either has a
 * show (ONE: a seq_file made by show at read time), or its own
 * operations (DIR, REG), or leads somewhere (LNK: get_link fills a held
 * path). "ns" is a DIR of links to nsfs files (namespaces.c).
 */
struct pid_entry {
	const char *name;
	umode_t mode;
	const struct inode_operations *iop;
	const struct file_operations *fop;
	int (*show)(struct seq_file *m, struct task_struct *task);
	int (*get_link)(struct task_struct *task, int fd, struct path *path);
};

#define NOD(NAME, MODE, IOP, FOP, SHOW, LINK) {				\
	.name = (NAME), .mode = (MODE), .iop = (IOP), .fop = (FOP),	\
	.show = (SHOW), .get_link = (LINK) }
#define DIR(NAME, MODE, IOP, FOP)					\
	NOD(NAME, S_IFDIR | (MODE), IOP, FOP, NULL, NULL)
#define REG(NAME, MODE, FOP)						\
	NOD(NAME, S_IFREG | (MODE), &proc_file_inode_operations, FOP,	\
	    NULL, NULL)
#define ONE(NAME, MODE, SHOW)						\
	NOD(NAME, S_IFREG | (MODE), &proc_file_inode_operations,	\
	    &proc_single_file_operations, SHOW, NULL)
/* A file of /proc itself: writes fail with EIO, not EINVAL. */
#define ROOT_ONE(NAME, MODE, SHOW)					\
	NOD(NAME, S_IFREG | (MODE), &proc_file_inode_operations,	\
	    &proc_root_file_operations, SHOW, NULL)
#define LNK(NAME, LINK)							\
	NOD(NAME, S_IFLNK | 0777, &proc_pid_link_inode_operations,	\
	    NULL, NULL, LINK)

/* inode.c */
extern const struct inode_operations proc_file_inode_operations;
extern const struct file_operations proc_single_file_operations;
extern const struct file_operations proc_root_file_operations;
extern const struct dentry_operations proc_dentry_operations;
extern const struct super_operations proc_sops;
struct inode *proc_make_inode(struct super_block *sb,
			      const struct pid_entry *entry,
			      struct task_struct *task, int fd);
struct task_struct *get_proc_task(const struct inode *inode);
/* The owner of task's file of mode mode: its euid, or root (dumpable). */
void task_dump_owner(struct task_struct *task, umode_t mode, kuid_t *ruid,
		     kgid_t *rgid);
/* Sets inode's owner from its task as it stands now. */
void pid_update_inode(struct task_struct *task, struct inode *inode);
/* Fills dentry with a new inode for entry; -ENOMEM. */
int proc_instantiate(struct dentry *dentry, const struct pid_entry *entry,
		     struct task_struct *task, int fd);
int proc_pident_lookup(struct inode *dir, struct dentry *dentry,
		       const struct pid_entry *ents, unsigned int nents,
		       struct task_struct *task);
loff_t proc_dir_llseek(struct file *file, loff_t offset, int whence);
/* "123" to 123; -1 for anything but a plain decimal number (no "01"). */
pid_t proc_name_to_int(const struct qstr *name);
/* Emits "." and ".." at positions 0 and 1; false if the buffer filled. */
bool proc_emit_dots(struct dir_context *ctx);
bool proc_pident_readdir(struct dir_context *ctx,
			 const struct pid_entry *ents, unsigned int nents,
			 unsigned int first_pos);
/*
 * A directory of a process's (/proc/PID, task/TID, ns): a table's
 * entries for its task while the task lives, else ENOENT. Linux's
 * proc_pident_lookup and proc_pident_readdir.
 */
int proc_task_pident_lookup(struct inode *dir, struct dentry *dentry,
			    const struct pid_entry *ents, unsigned int nents);
int proc_task_pident_readdir(struct file *file, struct dir_context *ctx,
			     const struct pid_entry *ents, unsigned int nents);

/* base.c: /proc/PID */
extern const struct inode_operations proc_pid_link_inode_operations;
extern const struct inode_operations proc_tgid_base_inode_operations;
extern const struct file_operations proc_tgid_base_operations;
/* The next thread-group leader with pid >= nr, held; NULL at the end. */
struct task_struct *next_tgid(pid_t nr);
/*
 * Is fd open in task (fd.c)? With ref, a reference to the file; with
 * mode, its open mode. Either may be NULL.
 */
bool task_fd_lookup(struct task_struct *task, unsigned int fd,
		    struct file **ref, fmode_t *mode);
/* Is fd/N's N still open in task? If so, its owner and mode made afresh. */
bool tid_fd_revalidate(struct task_struct *task, struct inode *inode);

/* namespaces.c: /proc/PID/ns */
extern const struct inode_operations proc_ns_dir_inode_operations;
extern const struct file_operations proc_ns_dir_operations;

/* proc_sysctl.c: /proc/sys */
extern const struct inode_operations proc_sys_inode_operations;
extern const struct file_operations proc_sys_operations;

/* fault_inject.c: /proc/thread-self/fail-nth */
extern const struct file_operations proc_fail_nth_operations;

/* fd.c: /proc/PID/fd */
extern const struct inode_operations proc_fd_inode_operations;
extern const struct file_operations proc_fd_operations;

/* array.c */
int proc_pid_stat(struct seq_file *m, struct task_struct *task);
int proc_pid_status(struct seq_file *m, struct task_struct *task);

/* proc_namespace.c */
extern const struct file_operations proc_mounts_operations;
extern const struct file_operations proc_mountinfo_operations;

/* The files of /proc itself, one show each (task is NULL). */
int meminfo_proc_show(struct seq_file *m, struct task_struct *task);
int uptime_proc_show(struct seq_file *m, struct task_struct *task);
int loadavg_proc_show(struct seq_file *m, struct task_struct *task);
int version_proc_show(struct seq_file *m, struct task_struct *task);
int stat_proc_show(struct seq_file *m, struct task_struct *task);
int cpuinfo_proc_show(struct seq_file *m, struct task_struct *task);
int cmdline_proc_show(struct seq_file *m, struct task_struct *task);
int filesystems_proc_show(struct seq_file *m, struct task_struct *task);
int slabinfo_proc_show(struct seq_file *m, struct task_struct *task);

/* root.c: /proc/self's and /proc/mounts's links */
extern const struct inode_operations proc_self_inode_operations;
extern const struct inode_operations proc_mounts_link_inode_operations;

#endif

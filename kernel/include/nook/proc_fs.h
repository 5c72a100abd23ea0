/*
 * nook/proc_fs.h — procfs, seen from the rest of the kernel.
 * Linux: include/linux/proc_fs.h. The file system itself is
 * kernel/fs/proc/ (docs/proc.md).
 */
#ifndef NOOK_PROC_FS_H
#define NOOK_PROC_FS_H

/* Registers the "proc" file system type (at boot, with tmpfs). */
void proc_root_init(void);

struct seq_file;
struct task_struct;
/* kernel/fs/super.c: the registered types. */
int filesystems_proc_show(struct seq_file *m, struct task_struct *task);

#endif

/*
 * nook/proc_ns.h — namespaces as files: nsfs and /proc/PID/ns.
 * Linux: include/linux/proc_ns.h (the operations tables, ns_get_path,
 * ns_get_name, proc_ns_file).
 *
 * Opening /proc/PID/ns/uts gives a file of nsfs, a filesystem no one
 * mounts, whose inode number is the namespace's (ns_common.inum). While
 * the file is open (or a bind mount holds it: later) the namespace
 * lives, whatever its tasks do. setns(2) takes such a file.
 */
#ifndef NOOK_PROC_NS_H
#define NOOK_PROC_NS_H

#include <nook/ns_common.h>

struct file;
struct inode;
struct path;
struct task_struct;

/* The types Nook has, in the order /proc/PID/ns lists them. */
extern const struct proc_ns_operations utsns_operations;
extern const struct proc_ns_operations userns_operations;

/* The link's text: "uts:[4026531838]". Returns its length. */
int ns_get_name(char *buf, size_t size, struct task_struct *task,
		const struct proc_ns_operations *ns_ops);
/* An nsfs file's path for task's namespace of that type, held. */
int ns_get_path(struct path *path, struct task_struct *task,
		const struct proc_ns_operations *ns_ops);
/* Is file an nsfs file (one setns takes)? */
bool proc_ns_file(const struct file *file);
/* The namespace an nsfs inode stands for (held by the inode). */
struct ns_common *get_proc_ns(const struct inode *inode);
/* Live nsfs inodes: each holds a namespace (for the leak tests). */
unsigned long nsfs_inodes_live(void);

void nsfs_init(void);

#endif

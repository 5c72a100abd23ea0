/*
 * nook/ns_common.h — what every namespace type shares: struct ns_common
 * (its inode number, its type's operations, its reference count) and the
 * table of operations each type fills in (struct proc_ns_operations).
 * Linux: include/linux/ns_common.h, include/linux/proc_ns.h and the
 * inode numbers of include/uapi/linux/nsfs.h (enum init_ns_ino).
 *
 * A namespace is named, to user space, by an inode number: the one
 * readlink shows in "uts:[4026531838]", the st_ino of an open
 * /proc/PID/ns/uts, the number two processes compare to learn whether
 * they share a namespace. The initial namespaces have fixed numbers;
 * every later one gets a fresh number from ns_alloc_inum, given back by
 * ns_free_inum when it is freed (Linux: proc_alloc_inum, an IDA).
 */
#ifndef NOOK_NS_COMMON_H
#define NOOK_NS_COMMON_H

#include <nook/kernel.h>

struct nsset;
struct task_struct;
struct user_namespace;

/*
 * The initial namespaces' numbers (Linux's, fixed since 3.8 for these
 * six; the 6.18-era uapi fixes net and mnt too, where older kernels
 * allocated them, so Nook follows the newer rule).
 */
#define PROC_IPC_INIT_INO	0xEFFFFFFFU
#define PROC_UTS_INIT_INO	0xEFFFFFFEU
#define PROC_USER_INIT_INO	0xEFFFFFFDU
#define PROC_PID_INIT_INO	0xEFFFFFFCU
#define PROC_CGROUP_INIT_INO	0xEFFFFFFBU
#define PROC_TIME_INIT_INO	0xEFFFFFFAU
#define PROC_NET_INIT_INO	0xEFFFFFF9U
#define PROC_MNT_INIT_INO	0xEFFFFFF8U

/* Where ns_alloc_inum starts counting (Linux: PROC_DYNAMIC_FIRST). */
#define PROC_DYNAMIC_FIRST	0xF0000000U
/* How many namespaces may be alive at once beyond the initial ones. */
#define NS_INUM_MAX		32768

struct ns_common;

/*
 * One per namespace type, shared by all its namespaces. Linux's fields:
 * name is what /proc/PID/ns/ calls the link, type its CLONE_NEW* flag.
 * get takes a reference on the namespace a task is in (NULL once the
 * task has exited), put drops one, owner names the user namespace whose
 * capabilities rule it. install is setns(2)'s step: check the caller
 * may enter ns, then put it in the nsset's new nsproxy.
 */
struct proc_ns_operations {
	const char *name;
	int type;
	struct ns_common *(*get)(struct task_struct *task);
	void (*put)(struct ns_common *ns);
	int (*install)(struct nsset *nsset, struct ns_common *ns);
	struct user_namespace *(*owner)(struct ns_common *ns);
};

struct ns_common {
	const struct proc_ns_operations *ops;	/* set once at creation */
	unsigned int inum;			/* set once at creation */
	int count;				/* atomic: references held */
};

/* A fresh inode number for a new namespace, or -ENOSPC. */
int ns_alloc_inum(struct ns_common *ns);
/* Give back ns->inum (the namespace is being freed). */
void ns_free_inum(struct ns_common *ns);
/* How many dynamic inode numbers are in use (for the leak tests). */
int ns_inums_in_use(void);

static inline void ns_ref_get(struct ns_common *ns)
{
	__atomic_add_fetch(&ns->count, 1, __ATOMIC_RELAXED);
}

/* Drops a reference; true when it was the last, and the caller frees. */
static inline bool ns_ref_put(struct ns_common *ns)
{
	return __atomic_sub_fetch(&ns->count, 1, __ATOMIC_ACQ_REL) == 0;
}

#endif

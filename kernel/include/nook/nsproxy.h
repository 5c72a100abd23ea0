/*
 * nook/nsproxy.h — struct nsproxy: the namespaces a task is in.
 * Linux: include/linux/nsproxy.h, kernel/nsproxy.c.
 *
 * A task does not point at its namespaces one by one: it points at an
 * nsproxy, which does, and tasks in the same set of namespaces share one
 * nsproxy (fork without CLONE_NEW* takes a reference, nothing more).
 * clone or unshare with a CLONE_NEW* flag, and setns, make a new nsproxy
 * that differs in that one pointer and shares the others. The user
 * namespace is not here: it belongs to the credentials (cred->user_ns).
 *
 * An nsproxy never changes once published: to change a task's
 * namespaces, build a new one and switch_task_namespaces() to it.
 * Another task's nsproxy may be read under rcu_read_lock() (through
 * rcu_dereference(task->nsproxy)): so the last put frees it only after
 * a grace period, and what it points at stays referenced until then.
 */
#ifndef NOOK_NSPROXY_H
#define NOOK_NSPROXY_H

#include <nook/rcupdate.h>
#include <nook/types.h>

struct task_struct;
struct user_namespace;
struct uts_namespace;
struct ipc_namespace;
struct mnt_namespace;
struct pid_namespace;
struct net;
struct cgroup_namespace;
struct time_namespace;

/*
 * Nook has one namespace type so far, UTS. The other pointers are
 * Linux's, kept so that a student sees the whole struct; until their type
 * exists each is NULL in every nsproxy (there is no object to point at:
 * a placeholder "initial namespace" with nothing in it would be a stub)
 * and clone/unshare refuse the type's CLONE_NEW* flag with -EINVAL, as a
 * Linux built without it does. Each type's step sets its pointer in
 * init_nsproxy, adds its copy to create_new_namespaces and its put to
 * free_nsproxy.
 */
struct nsproxy {
	int count;			/* atomic: tasks (and setns sets) using it */
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;		/* NULL: not yet (Step 5) */
	struct mnt_namespace *mnt_ns;		/* NULL: not yet */
	struct pid_namespace *pid_ns_for_children; /* NULL: not yet */
	struct net *net_ns;			/* NULL: not yet */
	struct time_namespace *time_ns;		/* NULL: not yet */
	struct time_namespace *time_ns_for_children; /* NULL: not yet */
	struct cgroup_namespace *cgroup_ns;	/* NULL: not yet */
	struct rcu_head rcu;		/* the last put frees it through this */
};

extern struct nsproxy init_nsproxy;

struct cred;

/*
 * What setns(2) builds before it changes anything (Linux: struct
 * nsset): a private copy of the caller's nsproxy that each type's
 * install edits, and the creds whose capabilities the installs check.
 */
struct nsset {
	unsigned int flags;		/* the CLONE_NEW* types being entered */
	struct nsproxy *nsproxy;	/* new, not yet any task's */
	const struct cred *cred;	/* the caller's (not held: its own) */
};

/* The CLONE_NEW* flags Nook can act on now (README, Features). */
#define CLONE_NEW_SUPPORTED	CLONE_NEWUTS

static inline void get_nsproxy(struct nsproxy *ns)
{
	__atomic_add_fetch(&ns->count, 1, __ATOMIC_RELAXED);
}

/* Frees at once: only for an nsproxy no task was ever given. */
void free_nsproxy(struct nsproxy *ns);
/* The last put frees ns after a grace period (readers may hold it). */
void put_nsproxy(struct nsproxy *ns);

/* copy_process: share current's nsproxy, or make one for the flags. */
int copy_namespaces(u64 flags, struct task_struct *tsk);
/* do_exit: let go of the task's namespaces. */
void exit_task_namespaces(struct task_struct *tsk);
/* Publish new as p's nsproxy (NULL at exit); drop the old one. */
void switch_task_namespaces(struct task_struct *p, struct nsproxy *new);
/* unshare(2): a new nsproxy for the flags, or NULL if none is needed. */
int unshare_nsproxy_namespaces(unsigned long unshare_flags,
			       struct nsproxy **new_nsp,
			       struct user_namespace *user_ns);
/* unshare(2), for the ktests too (Linux: kernel/fork.c). */
long ksys_unshare(unsigned long unshare_flags);
/* Live nsproxies, init_nsproxy not counted (the leak tests read it). */
unsigned long nsproxy_live(void);
void nsproxy_cache_init(void);

#endif

// kernel/ns/nsproxy.c — struct nsproxy: making, sharing, switching and
// freeing the set of namespaces a task is in.
//
// Linux: kernel/nsproxy.c. fork without CLONE_NEW* flags shares the
// parent's nsproxy (one more reference); with them, copy_namespaces calls
// create_new_namespaces, which asks each type for its namespace: the
// parent's with one more reference, or a fresh one for a flag that asks.
// unshare(2) builds a new nsproxy the same way and switches the caller
// to it. An nsproxy is never changed after it is published, only
// replaced: so a reader that holds one sees a consistent set.
//
// Who may read task->nsproxy: the task itself, with no lock (only it
// replaces its own); any other task under rcu_read_lock(), through
// rcu_dereference(), taking references on the namespaces it wants
// before it unlocks. switch_task_namespaces publishes with
// rcu_assign_pointer (under task_lock, which orders the writers), and
// the last put of an nsproxy frees it through call_rcu: after every
// reader that could have found it has finished.
//
// Lock order: task_lock, then (in the types' copies) uts_sem.

#include <nook/capability.h>
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/proc_ns.h>
#include <nook/nsproxy.h>
#include <nook/panic.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/utsname.h>
#include <asm/syscall.h>

/* Every task's at boot; never freed (its count never reaches 0). */
struct nsproxy init_nsproxy = {
	.count = 1,
	.uts_ns = &init_uts_ns,
};

static struct kmem_cache *nsproxy_cachep;

void nsproxy_cache_init(void)
{
	nsproxy_cachep = kmem_cache_create("nsproxy", sizeof(struct nsproxy),
					   0, 0, NULL);
	BUG_ON(!nsproxy_cachep);
}

unsigned long nsproxy_live(void)
{
	return kmem_cache_live(nsproxy_cachep);
}

static struct nsproxy *create_nsproxy(void)
{
	struct nsproxy *nsproxy = kmem_cache_zalloc(nsproxy_cachep);

	if (nsproxy)
		nsproxy->count = 1;
	return nsproxy;
}

/* Every CLONE_NEW* flag that names an nsproxy type (not CLONE_NEWUSER). */
#define CLONE_NEW_NSPROXY	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
				 CLONE_NEWPID | CLONE_NEWNET |		\
				 CLONE_NEWCGROUP | CLONE_NEWTIME)

/*
 * A new nsproxy for tsk: each type's namespace is tsk's own with one
 * more reference, or a new one where flags ask for it, owned by
 * user_ns. A type Nook does not have yet answers -EINVAL, as a Linux
 * built without it does (its copy_* returns -EINVAL for the flag).
 *
 * Each step is undone by the label below it when a later one fails,
 * in reverse order (Linux's ladder is mnt, uts, ipc, pid, cgroup, net,
 * time; each type's step adds its block after uts and its label
 * above out_uts, so today's ladder has the one rung). Never inlined,
 * so that gdb stops in it once per call (docs/namespaces.md).
 */
static noinline struct nsproxy *
create_new_namespaces(u64 flags, struct nsproxy *old,
		      struct user_namespace *user_ns)
{
	struct nsproxy *new_nsp;
	int err;

	if (flags & CLONE_NEW_NSPROXY & ~CLONE_NEW_SUPPORTED)
		return ERR_PTR(-EINVAL);
	new_nsp = create_nsproxy();
	if (!new_nsp)
		return ERR_PTR(-ENOMEM);

	new_nsp->uts_ns = copy_utsname(flags, user_ns, old->uts_ns);
	if (IS_ERR(new_nsp->uts_ns)) {
		err = PTR_ERR(new_nsp->uts_ns);
		goto out_uts;
	}
	return new_nsp;

out_uts:
	kmem_cache_free(nsproxy_cachep, new_nsp);
	return ERR_PTR(err);
}

/*
 * copy_process: the child tsk shares current's nsproxy unless flags
 * ask for a namespace of its own. Linux's order: the capability, then
 * the flag pair that makes no sense, then the copies.
 */
int copy_namespaces(u64 flags, struct task_struct *tsk)
{
	struct nsproxy *old_ns = current->nsproxy;
	struct user_namespace *user_ns;
	struct nsproxy *new_ns;

	if (!(flags & CLONE_NEW_NSPROXY)) {
		get_nsproxy(old_ns);
		RCU_INIT_POINTER(tsk->nsproxy, old_ns);
		return 0;
	}
	/* The child's creds are made first (copy_creds): its user_ns. */
	user_ns = task_cred_xxx(tsk, user_ns);
	if (!ns_capable(user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	/* A new IPC namespace cannot share its parent's semaphore undo list. */
	if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) ==
	    (CLONE_NEWIPC | CLONE_SYSVSEM))
		return -EINVAL;
	new_ns = create_new_namespaces(flags, old_ns, user_ns);
	if (IS_ERR(new_ns))
		return PTR_ERR(new_ns);
	RCU_INIT_POINTER(tsk->nsproxy, new_ns);	/* tsk is not running yet */
	return 0;
}

/*
 * The last task (or setns set) let go. The namespaces outlive it if
 * other nsproxies hold them; each put frees what it was last to hold.
 */
void free_nsproxy(struct nsproxy *ns)
{
	BUG_ON(ns == &init_nsproxy);
	put_uts_ns(ns->uts_ns);
	kmem_cache_free(nsproxy_cachep, ns);
}

static void free_nsproxy_rcu(struct rcu_head *head)
{
	free_nsproxy(container_of(head, struct nsproxy, rcu));
}

void put_nsproxy(struct nsproxy *ns)
{
	if (__atomic_sub_fetch(&ns->count, 1, __ATOMIC_ACQ_REL) == 0)
		call_rcu(&ns->rcu, free_nsproxy_rcu);
}

/*
 * Replace p's nsproxy with new (NULL at exit). Everything written to
 * new is visible to a reader that finds it (rcu_assign_pointer); a
 * reader that found the old one may still be using it, so our reference
 * goes through put_nsproxy, which frees only after a grace period.
 * task_lock orders this against other writers (setns, exit) and against
 * readers that want p's nsproxy and p's other fields at one moment.
 * Never inlined: a stop of the gdb tour.
 */
noinline void switch_task_namespaces(struct task_struct *p,
				       struct nsproxy *new)
{
	struct nsproxy *ns;

	task_lock(p);
	ns = rcu_dereference_protected(p->nsproxy, true);
	rcu_assign_pointer(p->nsproxy, new);
	task_unlock(p);
	if (ns)
		put_nsproxy(ns);
}

void exit_task_namespaces(struct task_struct *p)
{
	switch_task_namespaces(p, NULL);
}

/*
 * unshare(2): a new nsproxy for the CLONE_NEW* flags in unshare_flags,
 * in *new_nsp, for the caller to switch to once every other part of the
 * unshare has succeeded; *new_nsp stays NULL when no flag asks for one.
 */
int unshare_nsproxy_namespaces(unsigned long unshare_flags,
			       struct nsproxy **new_nsp,
			       struct user_namespace *user_ns)
{
	struct nsproxy *new_ns;

	if (!(unshare_flags & CLONE_NEW_NSPROXY))
		return 0;
	if (!ns_capable(user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	new_ns = create_new_namespaces(unshare_flags, current->nsproxy, user_ns);
	if (IS_ERR(new_ns))
		return PTR_ERR(new_ns);
	*new_nsp = new_ns;
	return 0;
}

/* ---- setns(2) ---- */

/*
 * A copy of current's nsproxy (each namespace one more reference) for
 * the installs to edit. Linux: prepare_nsset.
 */
static int prepare_nsset(unsigned int flags, struct nsset *nsset)
{
	struct nsproxy *copy = create_new_namespaces(0, current->nsproxy,
						     current_user_ns());

	if (IS_ERR(copy))
		return PTR_ERR(copy);
	nsset->flags = flags;
	nsset->nsproxy = copy;
	nsset->cred = current_cred();
	return 0;
}

/* Nothing was switched (an install refused): the copy goes at once. */
static void put_nsset(struct nsset *nsset)
{
	if (nsset->nsproxy)
		free_nsproxy(nsset->nsproxy);
}

/*
 * Linux: setns(2) on a namespace file (pidfds are not in Nook: any
 * other file is EINVAL). nstype 0 takes whatever type the file is;
 * another value must match it. The caller enters the namespace only if
 * the type's install agrees (its capability checks), and then all at
 * once, by switching to the new nsproxy.
 */
SYSCALL_DEFINE2(setns, int, fd, int, flags)
{
	struct file *file = fget(fd);
	struct nsset nsset = {};
	struct ns_common *ns;
	int err;

	if (!file)
		return -EBADF;
	err = -EINVAL;
	if (!proc_ns_file(file))
		goto out;
	ns = get_proc_ns(file->f_inode);
	if (flags && ns->ops->type != flags)
		goto out;
	err = prepare_nsset(ns->ops->type, &nsset);
	if (err)
		goto out;
	err = ns->ops->install(&nsset, ns);
	if (!err) {
		switch_task_namespaces(current, nsset.nsproxy);
		nsset.nsproxy = NULL;
	}
	put_nsset(&nsset);
out:
	fput(file);
	return err;
}

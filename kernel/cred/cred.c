// kernel/cred/cred.c — the life of a struct cred: init_cred, prepare,
// commit, abort, override and revert, fork's copy and exit's release.
//
// Linux: kernel/cred.c. A cred is copied, edited and published whole,
// never changed in place (nook/cred.h says why). Its usage counts the
// task pointers (real_cred and cred each hold one) and anyone who took
// get_cred(); the last put_cred frees it after an RCU grace period,
// since another task may be reading it under rcu_read_lock.
//
// Lock order: none of its own. A task's real_cred and cred are written
// only by the task itself (commit_creds, override_creds), published with
// rcu_assign_pointer; group_info and user_ns are held by each cred.

#include <nook/cred.h>
#include <nook/panic.h>
#include <nook/sched/coredump.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/user_namespace.h>

/* Linux's name for the cache, so /proc/slabinfo reads as on Linux. */
static struct kmem_cache *cred_jar;

/*
 * Root in the initial namespace with every capability but no
 * inheritable or ambient ones: what pid 0 starts with, and so every
 * task the kernel makes before anyone calls setuid.
 */
struct cred init_cred = {
	.usage = 4,	/* init_task's two pointers; never reaches 0 */
	.uid = GLOBAL_ROOT_UID,
	.gid = GLOBAL_ROOT_GID,
	.suid = GLOBAL_ROOT_UID,
	.sgid = GLOBAL_ROOT_GID,
	.euid = GLOBAL_ROOT_UID,
	.egid = GLOBAL_ROOT_GID,
	.fsuid = GLOBAL_ROOT_UID,
	.fsgid = GLOBAL_ROOT_GID,
	.securebits = 0,
	.cap_inheritable = CAP_EMPTY_SET,
	.cap_permitted = CAP_FULL_SET,
	.cap_effective = CAP_FULL_SET,
	.cap_bset = CAP_FULL_SET,
	.cap_ambient = CAP_EMPTY_SET,
	.user_ns = &init_user_ns,
	.group_info = &init_groups,
};

void cred_init(void)
{
	cred_jar = kmem_cache_create("cred_jar", sizeof(struct cred), 0,
				     SLAB_HWCACHE_ALIGN, NULL);
	BUG_ON(!cred_jar);
}

unsigned long cred_live(void)
{
	return kmem_cache_live(cred_jar);
}

/* After the grace period no reader can still hold cred: free it. */
static void put_cred_rcu(struct rcu_head *rcu)
{
	struct cred *cred = container_of(rcu, struct cred, rcu);

	put_group_info(cred->group_info);
	put_user_ns(cred->user_ns);
	kmem_cache_free(cred_jar, cred);
}

void __put_cred(struct cred *cred)
{
	BUG_ON(cred == &init_cred);
	/* A task's own pointer must never be the last reference. */
	BUG_ON(cred == current->cred || cred == current->real_cred);
	call_rcu(&cred->rcu, put_cred_rcu);
}

/*
 * A private copy of current's subjective creds to edit, with one
 * reference (the caller's). NULL when memory ran out.
 */
struct cred *prepare_creds(void)
{
	const struct cred *old = current_cred();
	struct cred *new = kmem_cache_alloc(cred_jar);

	if (!new)
		return NULL;
	memcpy(new, old, sizeof(*new));
	new->usage = 1;
	get_group_info(new->group_info);
	get_user_ns(new->user_ns);
	return new;
}

/*
 * execve's starting point: a copy whose KEEP_CAPS is cleared, since
 * prctl(2) says it does not survive an exec. The capability rules of
 * capabilities(7) are applied to it by exec (kernel/cred/commoncap.c).
 */
struct cred *prepare_exec_creds(void)
{
	struct cred *new = prepare_creds();

	if (new)
		new->securebits &= ~issecure_mask(SECURE_KEEP_CAPS);
	return new;
}

/*
 * Are subset's permitted capabilities within set's? Across namespaces:
 * only if set's namespace is an ancestor of subset's and set's euid
 * owns the child on the way down, since that owner holds every
 * capability below it.
 */
static bool cred_cap_issubset(const struct cred *set,
			      const struct cred *subset)
{
	const struct user_namespace *ns = subset->user_ns;

	if (set->user_ns == ns)
		return cap_issubset(subset->cap_permitted, set->cap_permitted);
	for (; ns != &init_user_ns; ns = ns->parent)
		if (ns->parent == set->user_ns && uid_eq(ns->owner, set->euid))
			return true;
	return false;
}

/*
 * A task that changes who it acts as, or gains capabilities, may hold
 * in memory what its old identity must not see: it stops being
 * dumpable (to the value of suid_dumpable) until it says otherwise.
 * The real and saved ids do not count: they grant nothing by
 * themselves.
 */
static bool creds_need_nondump(const struct cred *old, const struct cred *new)
{
	return !uid_eq(old->euid, new->euid) ||
	       !gid_eq(old->egid, new->egid) ||
	       !uid_eq(old->fsuid, new->fsuid) ||
	       !gid_eq(old->fsgid, new->fsgid) ||
	       !cred_cap_issubset(old, new);
}

/*
 * Publish new as current's objective and subjective creds, and let the
 * old ones go. Consumes the caller's reference on new. Never fails
 * (it returns 0 to keep Linux's signature). Not allowed while the task
 * is under override_creds: the override would be lost.
 */
int commit_creds(struct cred *new)
{
	struct task_struct *task = current;
	const struct cred *old = task->real_cred;

	BUG_ON(task->cred != old);
	BUG_ON(new->usage < 1);
	/*
	 * The flag goes down before the new ids are seen: ptrace_may_access
	 * reads the creds, then (after smp_rmb) the flag, so it never sees
	 * the new ids with the old flag.
	 */
	if (task->mm && creds_need_nondump(old, new)) {
		set_dumpable(task->mm, suid_dumpable);
		smp_wmb();
	}
	get_cred(new);		/* one reference per task pointer */
	rcu_assign_pointer(task->real_cred, new);
	rcu_assign_pointer(task->cred, new);
	put_cred(old);
	put_cred(old);
	return 0;
}

/* Throw away creds prepared but never committed. */
void abort_creds(struct cred *new)
{
	BUG_ON(new->usage < 1);
	put_cred(new);
}

/*
 * Act with new for a while (current->cred only; others still see
 * real_cred). Takes a reference on new; returns the creds replaced,
 * whose reference passes to the caller for revert_creds.
 */
const struct cred *override_creds(const struct cred *new)
{
	const struct cred *old = current->cred;

	rcu_assign_pointer(current->cred, get_cred(new));
	return old;
}

/* End an override_creds: old back in place, the override's ref dropped. */
void revert_creds(const struct cred *old)
{
	const struct cred *override = current->cred;

	rcu_assign_pointer(current->cred, old);
	put_cred(override);
}

/*
 * fork: the child's creds. A thread (CLONE_THREAD) shares its
 * creator's; a process gets its own copy, so that the parent's later
 * setuid does not reach it. CLONE_NEWUSER will create its user
 * namespace here (create_user_ns), as in Linux.
 */
int copy_creds(struct task_struct *p, u64 clone_flags)
{
	struct cred *new;

	if (clone_flags & CLONE_THREAD) {
		p->real_cred = get_cred(current->cred);
		p->cred = get_cred(current->cred);
		return 0;
	}
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	p->real_cred = get_cred(new);
	p->cred = new;
	return 0;
}

/* The task is being freed: drop its two references. */
void exit_creds(struct task_struct *tsk)
{
	const struct cred *real_cred = tsk->real_cred, *cred = tsk->cred;

	tsk->real_cred = NULL;
	tsk->cred = NULL;
	if (real_cred)
		put_cred(real_cred);
	if (cred)
		put_cred(cred);
}

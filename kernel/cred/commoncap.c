// kernel/cred/commoncap.c — the rules of capabilities(7): when a task
// holds a capability, how setuid/setfsuid change the sets, what capset
// may ask for, and what execve grants.
//
// Linux: security/commoncap.c (cap_capable, cap_capset,
// cap_task_fix_setuid, cap_bprm_creds_from_file,
// cap_ptrace_access_check). Linux calls these
// through its security hooks; Nook has no LSMs, so the callers call
// them directly. File capabilities (security.capability xattrs) do not
// exist in Nook: every file is one without them.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/ptrace.h>
#include <nook/sched.h>

/*
 * Does cred hold cap over targ_ns? In its own namespace, if the bit is
 * in its effective set. Over a namespace below its own, also if it
 * owns the child namespace of its own on the way down (the owner of a
 * user namespace has every capability in it).
 */
int cap_capable(const struct cred *cred, struct user_namespace *targ_ns,
		int cap)
{
	struct user_namespace *ns = targ_ns;

	for (;;) {
		if (ns == cred->user_ns)
			return cap_raised(cred->cap_effective, cap) ? 0
								    : -EPERM;
		/* Above or beside the cred's namespace: no power there. */
		if (ns->level <= cred->user_ns->level)
			return -EPERM;
		if (ns->parent == cred->user_ns &&
		    uid_eq(ns->owner, cred->euid))
			return 0;
		ns = ns->parent;
	}
}

/*
 * capset(2)'s limits (capabilities(7), "Programmatically adjusting
 * capability sets"): the new permitted set only shrinks; effective
 * stays inside it; inheritable grows only within the old permitted
 * set (unless CAP_SETPCAP) and never beyond the bounding set.
 */
int cap_capset(struct cred *new, const struct cred *old,
	       const kernel_cap_t *effective, const kernel_cap_t *inheritable,
	       const kernel_cap_t *permitted)
{
	bool setpcap = cap_capable(old, old->user_ns, CAP_SETPCAP) == 0;

	if (!setpcap &&
	    !cap_issubset(*inheritable, cap_combine(old->cap_inheritable,
						    old->cap_permitted)))
		return -EPERM;
	if (!cap_issubset(*inheritable, cap_combine(old->cap_inheritable,
						    old->cap_bset)))
		return -EPERM;
	if (!cap_issubset(*permitted, old->cap_permitted))
		return -EPERM;
	if (!cap_issubset(*effective, *permitted))
		return -EPERM;
	new->cap_effective = *effective;
	new->cap_inheritable = *inheritable;
	new->cap_permitted = *permitted;
	/* Ambient must stay within both permitted and inheritable. */
	new->cap_ambient = cap_intersect(new->cap_ambient,
					 cap_intersect(*permitted,
						       *inheritable));
	return 0;
}

/*
 * A setuid-family call moved the uids from old to new (capabilities(7),
 * "Effect of user ID changes on capabilities"): once no uid is 0 any
 * more, permitted and effective empty (unless KEEP_CAPS), ambient too;
 * euid leaving 0 empties effective; euid becoming 0 restores it from
 * permitted.
 */
static void cap_emulate_setxuid(struct cred *new, const struct cred *old)
{
	kuid_t root = make_kuid(old->user_ns, 0);
	bool was_root = uid_eq(old->uid, root) || uid_eq(old->euid, root) ||
			uid_eq(old->suid, root);
	bool is_root = uid_eq(new->uid, root) || uid_eq(new->euid, root) ||
		       uid_eq(new->suid, root);

	if (was_root && !is_root) {
		if (!(old->securebits & issecure_mask(SECURE_KEEP_CAPS))) {
			cap_clear(&new->cap_permitted);
			cap_clear(&new->cap_effective);
		}
		cap_clear(&new->cap_ambient);
	}
	if (uid_eq(old->euid, root) && !uid_eq(new->euid, root))
		cap_clear(&new->cap_effective);
	if (!uid_eq(old->euid, root) && uid_eq(new->euid, root))
		new->cap_effective = new->cap_permitted;
}

/* The fsuid moving off 0 drops the file capabilities; back on, restores. */
static void cap_emulate_setfsuid(struct cred *new, const struct cred *old)
{
	kuid_t root = make_kuid(old->user_ns, 0);

	if (uid_eq(old->fsuid, root) && !uid_eq(new->fsuid, root))
		new->cap_effective = cap_drop_fs_set(new->cap_effective);
	if (!uid_eq(old->fsuid, root) && uid_eq(new->fsuid, root))
		new->cap_effective = cap_raise_fs_set(new->cap_effective,
						      new->cap_permitted);
}

int cap_task_fix_setuid(struct cred *new, const struct cred *old, int flags)
{
	if (old->securebits & issecure_mask(SECURE_NO_SETUID_FIXUP))
		return 0;
	switch (flags) {
	case LSM_SETID_RE:
	case LSM_SETID_ID:
	case LSM_SETID_RES:
		cap_emulate_setxuid(new, old);
		return 0;
	case LSM_SETID_FS:
		cap_emulate_setfsuid(new, old);
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * execve's capabilities (capabilities(7), "Transformation of
 * capabilities during execve()"), for a file without file capabilities:
 * new already carries the euid/egid the set-user-ID and set-group-ID
 * bits gave. Everyone starts from an empty permitted set; root (real
 * or effective) gets bounding | inheritable, and an effective root gets
 * it as its effective set too ("root's rule"). Then the ambient set is
 * added, and the saved and fs ids follow the effective ones.
 * *secureexec tells the new program (AT_SECURE) it was given privilege.
 */
void cap_bprm_creds_from_file(struct cred *new, const struct cred *old,
			      bool *secureexec)
{
	kuid_t root = make_kuid(new->user_ns, 0);
	bool is_setid = !uid_eq(new->euid, old->uid) ||
			!gid_eq(new->egid, old->gid);
	bool effective = false;

	cap_clear(&new->cap_permitted);
	if (!(new->securebits & issecure_mask(SECURE_NOROOT))) {
		if (uid_eq(new->euid, root) || uid_eq(new->uid, root))
			new->cap_permitted = cap_combine(old->cap_bset,
							 old->cap_inheritable);
		effective = uid_eq(new->euid, root);
	}
	new->suid = new->fsuid = new->euid;
	new->sgid = new->fsgid = new->egid;
	if (is_setid)
		cap_clear(&new->cap_ambient);
	new->cap_permitted = cap_combine(new->cap_permitted, new->cap_ambient);
	new->cap_effective = effective ? new->cap_permitted : new->cap_ambient;
	*secureexec = is_setid ||
		(!uid_eq(new->uid, root) &&
		 (effective ||
		  !cap_issubset(new->cap_permitted, new->cap_ambient)));
}

/*
 * ptrace_may_access's last word: looking into child must not show the
 * caller more power than it holds. Its permitted set must lie within
 * the caller's effective set (PTRACE_MODE_FSCREDS, as procfs asks) or
 * permitted set, in the same user namespace; else CAP_SYS_PTRACE over
 * child's. So root that dropped a capability may not look into a root
 * process that still has it. 0 or -EPERM.
 */
int cap_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	const struct cred *cred = current_cred(), *tcred;
	kernel_cap_t caller;
	int err = 0;

	caller = mode & PTRACE_MODE_FSCREDS ? cred->cap_effective
					    : cred->cap_permitted;
	rcu_read_lock();
	tcred = __task_cred(child);
	if ((cred->user_ns != tcred->user_ns ||
	     !cap_issubset(tcred->cap_permitted, caller)) &&
	    !ns_capable(tcred->user_ns, CAP_SYS_PTRACE))
		err = -EPERM;
	rcu_read_unlock();
	return err;
}

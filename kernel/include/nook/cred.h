/*
 * nook/cred.h — credentials: who a task is (struct cred), its groups
 * (struct group_info), and the calls that read and replace them.
 * Linux: include/linux/cred.h, kernel/cred.c, kernel/groups.c.
 *
 * A task has two pointers to creds: real_cred, the objective ones
 * (what others see when they act on the task: kill, /proc), and cred,
 * the subjective ones (what the task acts with). They are the same
 * object except while override_creds() lends the task other creds for a
 * moment (access(2) checks with the real ids that way).
 *
 * A struct cred is never changed once published. To change its ids a
 * task copies its own (prepare_creds), edits the copy, and publishes it
 * (commit_creds) or throws it away (abort_creds). So a reader holding
 * a pointer never sees half a change, and readers of another task's
 * creds need only RCU: the old creds are freed after a grace period.
 * Only the task itself replaces its creds; that is the writers' rule.
 */
#ifndef NOOK_CRED_H
#define NOOK_CRED_H

#include <nook/capability.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/uidgid.h>
#include <nook/user_namespace.h>

/* Supplementary groups: setgroups(2)'s limit. */
#define NGROUPS_MAX	65536

/* Shared, never changed once made; sorted so in_group_p can bisect. */
struct group_info {
	int usage;			/* atomic */
	int ngroups;
	kgid_t gid[];
};

/* securebits (prctl(2) PR_SET_SECUREBITS; Linux: uapi securebits.h) */
#define SECURE_NOROOT			0
#define SECURE_NOROOT_LOCKED		1
#define SECURE_NO_SETUID_FIXUP		2
#define SECURE_NO_SETUID_FIXUP_LOCKED	3
#define SECURE_KEEP_CAPS		4
#define SECURE_KEEP_CAPS_LOCKED		5
#define SECURE_NO_CAP_AMBIENT_RAISE	6
#define SECURE_NO_CAP_AMBIENT_RAISE_LOCKED 7
#define issecure_mask(x)		(1U << (x))
#define SECBIT_KEEP_CAPS		issecure_mask(SECURE_KEEP_CAPS)
/* The bits Nook knows, and their locks (each lock is its bit's next). */
#define SECURE_ALL_BITS		(issecure_mask(SECURE_NOROOT) |		\
				 issecure_mask(SECURE_NO_SETUID_FIXUP) |	\
				 issecure_mask(SECURE_KEEP_CAPS) |		\
				 issecure_mask(SECURE_NO_CAP_AMBIENT_RAISE))
#define SECURE_ALL_LOCKS	(SECURE_ALL_BITS << 1)

struct cred {
	int usage;			/* atomic; see get_cred/put_cred */
	kuid_t uid;			/* real */
	kgid_t gid;
	kuid_t suid;			/* saved */
	kgid_t sgid;
	kuid_t euid;			/* effective: most checks */
	kgid_t egid;
	kuid_t fsuid;			/* file access checks */
	kgid_t fsgid;
	unsigned int securebits;	/* SECURE_* bits */
	kernel_cap_t cap_inheritable;
	kernel_cap_t cap_permitted;
	kernel_cap_t cap_effective;
	kernel_cap_t cap_bset;		/* the bounding set */
	kernel_cap_t cap_ambient;
	struct user_namespace *user_ns;	/* held: whose ids and caps */
	struct group_info *group_info;	/* held */
	struct rcu_head rcu;		/* the last put frees through it */
};

extern struct cred init_cred;
extern struct group_info init_groups;

void cred_init(void);
/* Live struct creds (the "cred_jar" cache), for the leak tests. */
unsigned long cred_live(void);

struct cred *prepare_creds(void);
struct cred *prepare_exec_creds(void);
int commit_creds(struct cred *new);
void abort_creds(struct cred *new);
const struct cred *override_creds(const struct cred *new);
void revert_creds(const struct cred *old);
void __put_cred(struct cred *cred);

/* fork: the child's creds (shared by CLONE_THREAD); exit: let go. */
int copy_creds(struct task_struct *p, u64 clone_flags);
void exit_creds(struct task_struct *tsk);

static inline const struct cred *get_cred(const struct cred *cred)
{
	struct cred *c = (struct cred *)cred;

	__atomic_add_fetch(&c->usage, 1, __ATOMIC_RELAXED);
	return cred;
}

static inline void put_cred(const struct cred *cred)
{
	struct cred *c = (struct cred *)cred;

	if (__atomic_sub_fetch(&c->usage, 1, __ATOMIC_ACQ_REL) == 0)
		__put_cred(c);
}

/*
 * current's own subjective creds. No RCU lock: only current replaces
 * them, so they cannot go away under it.
 */
#define current_cred()		((const struct cred *)current->cred)
#define current_real_cred()	((const struct cred *)current->real_cred)

/* Another task's objective creds: call under rcu_read_lock(). */
#define __task_cred(task)	rcu_dereference((task)->real_cred)

/* One field of a task's objective creds, read safely. */
#define task_cred_xxx(task, xxx)			\
	({						\
		typeof(((struct cred *)0)->xxx) ___val;	\
		rcu_read_lock();			\
		___val = __task_cred(task)->xxx;	\
		rcu_read_unlock();			\
		___val;					\
	})

#define task_uid(task)		task_cred_xxx((task), uid)
#define task_euid(task)		task_cred_xxx((task), euid)

#define current_cred_xxx(xxx)	(current_cred()->xxx)
#define current_uid()		current_cred_xxx(uid)
#define current_gid()		current_cred_xxx(gid)
#define current_euid()		current_cred_xxx(euid)
#define current_egid()		current_cred_xxx(egid)
#define current_suid()		current_cred_xxx(suid)
#define current_sgid()		current_cred_xxx(sgid)
#define current_fsuid()		current_cred_xxx(fsuid)
#define current_fsgid()		current_cred_xxx(fsgid)
#define current_user_ns()	current_cred_xxx(user_ns)

/* ---- groups (kernel/cred/groups.c) ---- */

struct group_info *groups_alloc(int gidsetsize);
void groups_free(struct group_info *group_info);
void groups_sort(struct group_info *group_info);
bool groups_search(const struct group_info *group_info, kgid_t grp);
void set_groups(struct cred *new, struct group_info *group_info);
int set_current_groups(struct group_info *group_info);
/* Is grp the caller's fsgid (in_group_p) or egid, or a supplementary? */
bool in_group_p(kgid_t grp);
bool in_egroup_p(kgid_t grp);

static inline struct group_info *get_group_info(struct group_info *gi)
{
	__atomic_add_fetch(&gi->usage, 1, __ATOMIC_RELAXED);
	return gi;
}

static inline void put_group_info(struct group_info *gi)
{
	if (__atomic_sub_fetch(&gi->usage, 1, __ATOMIC_ACQ_REL) == 0)
		groups_free(gi);
}

/* ---- capability rules (kernel/cred/commoncap.c) ---- */

/* Which setid call cap_task_fix_setuid is fixing up after. */
#define LSM_SETID_ID	1	/* setuid */
#define LSM_SETID_RE	2	/* setreuid */
#define LSM_SETID_RES	4	/* setresuid */
#define LSM_SETID_FS	8	/* setfsuid */

int cap_task_fix_setuid(struct cred *new, const struct cred *old, int flags);
int cap_capset(struct cred *new, const struct cred *old,
	       const kernel_cap_t *effective, const kernel_cap_t *inheritable,
	       const kernel_cap_t *permitted);
/* execve: the new creds' capabilities and saved ids; AT_SECURE or not. */
void cap_bprm_creds_from_file(struct cred *new, const struct cred *old,
			      bool *secureexec);
/* Does cred hold cap in targ_ns (Linux: cap_capable)? 0 or -EPERM. */
int cap_capable(const struct cred *cred, struct user_namespace *targ_ns,
		int cap);
/* May current look into child with capabilities it holds? 0 or -EPERM. */
int cap_ptrace_access_check(struct task_struct *child, unsigned int mode);

#endif

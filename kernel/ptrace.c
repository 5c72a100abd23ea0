// kernel/ptrace.c — who may look into another process: Linux's
// ptrace_may_access (kernel/ptrace.c, __ptrace_may_access), without
// ptrace(2) itself, which Nook does not have yet.
//
// A process may look into itself; into another only if the caller's ids
// (its fsuid and fsgid for PTRACE_MODE_FSCREDS, else its real ones) are
// each of the target's real, effective and saved ids, or if it has
// CAP_SYS_PTRACE over the target's user namespace. So a set-user-ID
// program, whose ids differ, is closed to the user who ran it. Then the
// target must be dumpable (nook/sched/coredump.h), or the caller hold
// CAP_SYS_PTRACE after all: a process that dropped privilege with
// setuid(2) has matching ids but may still hold the old identity's
// secrets in memory. Last, Linux's capability LSM: the caller's
// capabilities must cover the target's permitted set
// (cap_ptrace_access_check, kernel/cred/commoncap.c).

#include <nook/capability.h>
#include <nook/cred.h>
#include <nook/ptrace.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/sched/coredump.h>

static bool ids_match(const struct cred *tcred, kuid_t uid, kgid_t gid)
{
	return uid_eq(uid, tcred->uid) && uid_eq(uid, tcred->euid) &&
	       uid_eq(uid, tcred->suid) && gid_eq(gid, tcred->gid) &&
	       gid_eq(gid, tcred->egid) && gid_eq(gid, tcred->sgid);
}

/*
 * Is task's memory dumpable? A task without an mm (a kernel thread, or
 * one that has exited) has nothing to protect. Read after the creds
 * (smp_rmb, paired with commit_creds's smp_wmb): a task that just
 * dropped its ids is never seen with the new ids and the old flag.
 */
static bool task_dumpable(struct task_struct *task)
{
	bool dumpable = true;

	smp_rmb();
	task_lock(task);
	if (task->mm)
		dumpable = get_dumpable(task->mm) == SUID_DUMP_USER;
	task_unlock(task);
	return dumpable;
}

bool ptrace_may_access(struct task_struct *task, unsigned int mode)
{
	const struct cred *cred = current_cred(), *tcred;
	kuid_t uid = mode & PTRACE_MODE_FSCREDS ? cred->fsuid : cred->uid;
	kgid_t gid = mode & PTRACE_MODE_FSCREDS ? cred->fsgid : cred->gid;
	struct user_namespace *ns;
	bool ok;

	if (task->tgid == current->tgid)
		return true;
	rcu_read_lock();
	tcred = __task_cred(task);
	/* Linux asks over mm->user_ns; with one user namespace, the same. */
	ns = get_user_ns(tcred->user_ns);
	ok = ids_match(tcred, uid, gid) || ns_capable(ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	if (ok && !task_dumpable(task))
		ok = ns_capable(ns, CAP_SYS_PTRACE);
	put_user_ns(ns);
	return ok && !cap_ptrace_access_check(task, mode);
}

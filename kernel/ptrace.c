// kernel/ptrace.c — who may look into another process: Linux's
// ptrace_may_access (kernel/ptrace.c, __ptrace_may_access), without
// ptrace(2) itself, which Nook does not have yet.
//
// A process may look into itself; into another only if the caller's ids
// (its fsuid and fsgid for PTRACE_MODE_FSCREDS, else its real ones) are
// each of the target's real, effective and saved ids, or if it has
// CAP_SYS_PTRACE over the target's user namespace. So a set-user-ID
// program, whose ids differ, is closed to the user who ran it. Linux
// also refuses a task that is not "dumpable" (one that changed its ids
// by exec) to all but CAP_SYS_PTRACE; Nook keeps no dumpable flag yet,
// and the id comparison covers the same set-user-ID case.

#include <nook/capability.h>
#include <nook/cred.h>
#include <nook/ptrace.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>

static bool ids_match(const struct cred *tcred, kuid_t uid, kgid_t gid)
{
	return uid_eq(uid, tcred->uid) && uid_eq(uid, tcred->euid) &&
	       uid_eq(uid, tcred->suid) && gid_eq(gid, tcred->gid) &&
	       gid_eq(gid, tcred->egid) && gid_eq(gid, tcred->sgid);
}

bool ptrace_may_access(struct task_struct *task, unsigned int mode)
{
	const struct cred *cred = current_cred(), *tcred;
	kuid_t uid = mode & PTRACE_MODE_FSCREDS ? cred->fsuid : cred->uid;
	kgid_t gid = mode & PTRACE_MODE_FSCREDS ? cred->fsgid : cred->gid;
	bool ok;

	if (task->tgid == current->tgid)
		return true;
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = ids_match(tcred, uid, gid) ||
	     ns_capable(tcred->user_ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	return ok;
}

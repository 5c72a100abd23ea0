// kernel/sys.c — the small system calls about "who am I" and "where am I".
//
// Linux: kernel/sys.c (getpid, getppid, gettid, newuname). In Linux a process is a
// thread group: getpid() is the group's id (tgid), gettid() the
// thread's own. Nook's tasks are single-threaded processes for now, so
// the two agree, but each call returns the field Linux returns.
// Pid namespaces (a later step) will translate these through task_tgid_vnr.
//
// Also process groups and sessions (setpgid, getpgid, getpgrp, setsid,
// getsid), the ids job control works with: a shell puts each pipeline
// in a group of its own, and its terminal sends ^C to one group at a
// time. Nook's groups and sessions are numbers in the task (nook/sched.h);
// a group exists while some task, zombies included, has its number.

#include <nook/errno.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <nook/utsname.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

/* The parent may be exiting while we look: tasklist_lock keeps it. */
SYSCALL_DEFINE0(getppid)
{
	unsigned long flags;
	pid_t ppid;

	spin_lock_irqsave(&tasklist_lock, flags);
	ppid = current->real_parent->tgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}

/* ---- process groups and sessions ---- */

/* Under tasklist_lock: does any task carry group number pgrp? */
static struct task_struct *find_pgrp_member(pid_t pgrp)
{
	struct task_struct *p;

	for_each_process(p)
		if (task_pgrp_nr(p) == pgrp)
			return p;
	return NULL;
}

/*
 * setpgid(2), Linux's rules in Linux's order: pid 0 is the caller, and
 * pgid 0 means "a group named after pid". The caller may move only
 * itself or a child of its own session that has not exec'd yet; a
 * session leader never moves; the group joined must already exist in
 * the caller's session, unless it is the one being created.
 */
SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *p;
	unsigned long flags;
	int err;

	if (!pid)
		pid = current->tgid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;

	spin_lock_irqsave(&tasklist_lock, flags);
	err = -ESRCH;
	p = find_task_by_vpid(pid);
	if (!p || (p->flags & PF_KTHREAD))
		goto out;
	if (p->real_parent == current) {
		err = -EPERM;
		if (task_session_nr(p) != task_session_nr(current))
			goto out;
		err = -EACCES;
		if (!(p->flags & PF_FORKNOEXEC))
			goto out;
	} else if (p != current) {
		goto out;		/* -ESRCH: neither us nor our child */
	}
	err = -EPERM;
	if (p->leader)
		goto out;
	/*
	 * A group named after pid itself needs no check: no other group
	 * can carry that number, as a number is never handed out while a
	 * group or session still carries it (kernel/pid.c).
	 */
	if (pgid != pid) {
		struct task_struct *g = find_pgrp_member(pgid);

		if (!g || task_session_nr(g) != task_session_nr(current))
			goto out;
	}
	change_pgrp(p, pgid);
	err = 0;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

/* getpgid(2) and getsid(2): of pid, or of the caller when pid is 0. */
static pid_t get_task_id(pid_t pid, bool session)
{
	struct task_struct *p = current;
	unsigned long flags;
	pid_t ret = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid)
		p = find_task_by_vpid(pid);
	if (p && !(p->flags & PF_KTHREAD))
		ret = session ? task_session_nr(p) : task_pgrp_nr(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	return get_task_id(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	return get_task_id(0, false);
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	return get_task_id(pid, true);
}

/*
 * setsid(2): a new session and group, both named after the caller,
 * with no controlling terminal. Refused to a process group leader (a
 * session leader is one): the new group's number must not already name
 * a group. No other group can carry the caller's pid: a number is never
 * handed out while a group carries it.
 */
long ksys_setsid(void)
{
	pid_t sid = current->tgid;
	unsigned long flags;
	long err = -EPERM;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (find_pgrp_member(sid))
		goto out;
	current->leader = 1;
	change_session(current, sid);
	change_pgrp(current, sid);
	current->tty = NULL;
	err = sid;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

SYSCALL_DEFINE0(setsid)
{
	return ksys_setsid();
}

/*
 * uname(2): the names of the caller's UTS namespace (kernel/ns/uts.c).
 * The copy is taken under uts_sem, so a sethostname running beside us
 * never shows half a name, and written out after, outside the lock.
 */
SYSCALL_DEFINE1(newuname, struct new_utsname __user *, name)
{
	struct new_utsname tmp;

	spin_lock(&uts_sem);
	memcpy(&tmp, utsname(), sizeof(tmp));
	spin_unlock(&uts_sem);

	if (copy_to_user(name, &tmp, sizeof(tmp)))
		return -EFAULT;
	return 0;
}

// kernel/sys.c — the small system calls about "who am I".
//
// Linux: kernel/sys.c (getpid, getppid, gettid). In Linux a process is a
// thread group: getpid() is the group's id (tgid), gettid() the
// thread's own. Nook's tasks are single-threaded processes for now, so
// the two agree, but each call returns the field Linux returns.
// Pid namespaces (Step 4+) will translate these through task_tgid_vnr.

#include <nook/sched.h>
#include <asm/syscall.h>

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

// kernel/sys.c — the small system calls about "who am I" and "where am I".
//
// Linux: kernel/sys.c (getpid, getppid, gettid, newuname). In Linux a process is a
// thread group: getpid() is the group's id (tgid), gettid() the
// thread's own. Nook's tasks are single-threaded processes for now, so
// the two agree, but each call returns the field Linux returns.
// Pid namespaces (Step 4+) will translate these through task_tgid_vnr.

#include <nook/errno.h>
#include <nook/sched.h>
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

/*
 * uname(2). The copy is taken first and written out in one go, so that
 * once sethostname exists (Step 4) a reader never sees half a name.
 */
SYSCALL_DEFINE1(newuname, struct new_utsname __user *, name)
{
	struct new_utsname tmp = *utsname();

	if (copy_to_user(name, &tmp, sizeof(tmp)))
		return -EFAULT;
	return 0;
}

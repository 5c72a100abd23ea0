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

/*
 * Who the caller is. Until Step 4 brings struct cred, every task is
 * root: uid and gid 0, real and effective alike, no supplementary
 * groups. Step 4 replaces these bodies with reads of current_cred()
 * mapped through the caller's user namespace (from_kuid_munged).
 * Linux: kernel/sys.c (getuid...) and kernel/groups.c (getgroups).
 */
#define ROOT_UID	0
#define ROOT_GID	0

SYSCALL_DEFINE0(getuid)
{
	return ROOT_UID;
}

SYSCALL_DEFINE0(geteuid)
{
	return ROOT_UID;
}

SYSCALL_DEFINE0(getgid)
{
	return ROOT_GID;
}

SYSCALL_DEFINE0(getegid)
{
	return ROOT_GID;
}

/* The number of supplementary groups: none, so the list is never read. */
SYSCALL_DEFINE2(getgroups, int, gidsetsize, unsigned int __user *, grouplist)
{
	if (gidsetsize < 0)
		return -EINVAL;
	return 0;
}

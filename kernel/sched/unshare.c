// kernel/sched/unshare.c — unshare(2): stop sharing parts of the
// execution context with other tasks, after the fact.
//
// Linux: kernel/fork.c (ksys_unshare, check_unshare_flags, unshare_fs,
// unshare_fd). What clone(2) does for a child with a CLONE_NEW* flag,
// unshare does for the caller: it builds a new nsproxy and switches to
// it. CLONE_FS and CLONE_FILES give the caller its own copy of root,
// cwd and umask, or of the descriptor table, if another task shares
// them. Every new part is built before any is installed, so the call
// changes everything it was asked to or nothing.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mm.h>
#include <nook/nsproxy.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <asm/syscall.h>

/* The flags unshare(2) knows; any other bit is -EINVAL. */
#define UNSHARE_VALID_FLAGS	(CLONE_THREAD | CLONE_FS | CLONE_NEWNS |   \
				 CLONE_SIGHAND | CLONE_VM | CLONE_FILES |  \
				 CLONE_SYSVSEM | CLONE_NEWUTS |		   \
				 CLONE_NEWIPC | CLONE_NEWNET |		   \
				 CLONE_NEWUSER | CLONE_NEWPID |		   \
				 CLONE_NEWCGROUP | CLONE_NEWTIME)

/*
 * Linux: current_is_single_threaded(). No other task uses current's
 * address space: a vfork child's parent does, and so would a thread.
 */
static bool current_is_single_threaded(void)
{
	struct mm_struct *mm = current->mm;
	struct task_struct *p;
	unsigned long flags;
	bool alone = true;

	if (!mm || READ_ONCE(mm->mm_users) == 1)
		return true;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p != current && READ_ONCE(p->mm) == mm) {
			alone = false;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alone;
}

/*
 * CLONE_THREAD, CLONE_SIGHAND and CLONE_VM can be "unshared" only when
 * there is nothing to unshare: Linux cannot split a thread group, a
 * shared handler table or a shared address space after the fact. A
 * Nook process is one task, so its thread group is always alone.
 */
static int check_unshare_flags(unsigned long unshare_flags)
{
	if (unshare_flags & ~UNSHARE_VALID_FLAGS)
		return -EINVAL;
	if ((unshare_flags & (CLONE_SIGHAND | CLONE_VM)) &&
	    READ_ONCE(current->sighand->count) > 1)
		return -EINVAL;
	if ((unshare_flags & CLONE_VM) && !current_is_single_threaded())
		return -EINVAL;
	return 0;
}

/* CLONE_FS: a copy of root, cwd and umask, if another task shares them. */
static int unshare_fs(unsigned long unshare_flags, struct fs_struct **new_fsp)
{
	struct fs_struct *fs = current->fs;

	if (!(unshare_flags & CLONE_FS) || !fs ||
	    READ_ONCE(fs->users) == 1)
		return 0;
	*new_fsp = copy_fs_struct(fs);
	return *new_fsp ? 0 : -ENOMEM;
}

/* Install new_fs as current's, dropping current's share of the old. */
static void switch_fs(struct fs_struct *new_fs)
{
	struct fs_struct *old;

	task_lock(current);
	old = current->fs;
	current->fs = new_fs;
	task_unlock(current);
	if (__atomic_sub_fetch(&old->users, 1, __ATOMIC_ACQ_REL) == 0)
		free_fs_struct(old);
}

/*
 * Linux: ksys_unshare(). Some flags imply others, because the thing
 * they make cannot be shared with the rest unchanged: a new mount
 * namespace needs a root and cwd of its own (CLONE_FS), and so does a
 * new user namespace, which also cannot be entered by one thread of a
 * group alone (CLONE_THREAD); an address space of its own needs
 * handlers of its own, and those a thread group of its own; a new IPC
 * namespace leaves the old one's semaphore undo list (CLONE_SYSVSEM).
 */
long ksys_unshare(unsigned long unshare_flags)
{
	struct nsproxy *new_nsproxy = NULL;
	struct fs_struct *new_fs = NULL;
	int err;

	if (unshare_flags & CLONE_NEWUSER)
		unshare_flags |= CLONE_THREAD | CLONE_FS;
	if (unshare_flags & CLONE_VM)
		unshare_flags |= CLONE_SIGHAND;
	if (unshare_flags & CLONE_SIGHAND)
		unshare_flags |= CLONE_THREAD;
	if (unshare_flags & CLONE_NEWNS)
		unshare_flags |= CLONE_FS;
	if (unshare_flags & CLONE_NEWIPC)
		unshare_flags |= CLONE_SYSVSEM;

	err = check_unshare_flags(unshare_flags);
	if (err)
		return err;
	err = unshare_fs(unshare_flags, &new_fs);
	if (err)
		return err;
	/* User namespaces below the initial one: a later step. */
	err = -EINVAL;
	if (unshare_flags & CLONE_NEWUSER)
		goto bad_unshare_cleanup_fs;
	err = unshare_nsproxy_namespaces(unshare_flags, &new_nsproxy,
					 current_user_ns());
	if (err)
		goto bad_unshare_cleanup_fs;
	/*
	 * The last step that can fail installs its result itself (Linux's
	 * unshare_fd, then a swap under task_lock): after it, nothing can.
	 */
	if (unshare_flags & CLONE_FILES) {
		err = unshare_files();
		if (err)
			goto bad_unshare_cleanup_ns;
	}
	/* CLONE_SYSVSEM: no SysV semaphores yet, so no undo list to leave. */
	if (new_nsproxy)
		switch_task_namespaces(current, new_nsproxy);
	if (new_fs)
		switch_fs(new_fs);
	return 0;

bad_unshare_cleanup_ns:
	if (new_nsproxy)
		put_nsproxy(new_nsproxy);
bad_unshare_cleanup_fs:
	if (new_fs)
		free_fs_struct(new_fs);
	return err;
}

SYSCALL_DEFINE1(unshare, unsigned long, unshare_flags)
{
	return ksys_unshare(unshare_flags);
}

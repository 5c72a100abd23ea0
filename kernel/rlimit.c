// kernel/rlimit.c — resource limits: getrlimit, setrlimit, prlimit64.
//
// Linux: kernel/sys.c (do_prlimit, getrlimit, setrlimit, prlimit64,
// check_prlimit_permission) and kernel/fork.c (set_max_threads, which
// sizes RLIMIT_NPROC and RLIMIT_SIGPENDING to the memory). Each task
// carries its own table (task->rlim), copied from its parent at fork.
//
// What Nook enforces so far: RLIMIT_STACK (how far the stack may grow,
// kernel/mm/mmap.c). The others are kept, inherited and reported, and
// will be enforced where their resource appears (RLIMIT_NOFILE with
// file descriptors in Step 3, RLIMIT_NPROC once credentials count
// processes per user: not yet). RLIMIT_CPU sends no SIGXCPU yet.
//
// Lock order: tasklist_lock -> rlimit_lock (a leaf).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/pid.h>
#include <nook/resource.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Guards every task's rlim[] against a writer in another task. */
static DEFINE_SPINLOCK(rlimit_lock);

#define MIN_THREADS		20
#define MAX_THREADS		0x3fffffff	/* Linux: FUTEX_TID_MASK */

/*
 * Linux's set_max_threads: as many tasks as an eighth of memory holds
 * kernel stacks for; root's process and queued-signal limits are half
 * that. Runs in fork_init, before any task but init_task exists.
 */
void rlimit_init(void)
{
	u64 threads = (u64)totalram_pages() * PAGE_SIZE / (THREAD_SIZE * 8);

	threads = max(threads, (u64)MIN_THREADS);
	threads = min(threads, (u64)MAX_THREADS);
	init_task.rlim[RLIMIT_NPROC].rlim_cur = threads / 2;
	init_task.rlim[RLIMIT_NPROC].rlim_max = threads / 2;
	init_task.rlim[RLIMIT_SIGPENDING] = init_task.rlim[RLIMIT_NPROC];
}

void copy_rlimits(struct task_struct *p, struct task_struct *orig)
{
	spin_lock(&rlimit_lock);
	memcpy(p->rlim, orig->rlim, sizeof(p->rlim));
	spin_unlock(&rlimit_lock);
}

unsigned long rlimit(unsigned int resource)
{
	return READ_ONCE(current->rlim[resource].rlim_cur);
}

/*
 * The core of all three calls (Linux: do_prlimit): read the old limit
 * into *old_rlim and/or install *new_rlim, in that order, atomically.
 */
static int do_prlimit(struct task_struct *tsk, unsigned int resource,
		      struct rlimit *new_rlim, struct rlimit *old_rlim)
{
	struct rlimit *rlim;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new_rlim) {
		if (new_rlim->rlim_cur > new_rlim->rlim_max)
			return -EINVAL;
		/* Even root may not go past fs.nr_open: EPERM, not EINVAL. */
		if (resource == RLIMIT_NOFILE &&
		    new_rlim->rlim_max > NR_OPEN_DEFAULT)
			return -EPERM;
	}
	rlim = &tsk->rlim[resource];
	spin_lock(&rlimit_lock);
	/* Raising the hard limit needs CAP_SYS_RESOURCE (-EPERM without). */
	if (new_rlim && new_rlim->rlim_max > rlim->rlim_max &&
	    !capable(CAP_SYS_RESOURCE)) {
		spin_unlock(&rlimit_lock);
		return -EPERM;
	}
	if (old_rlim)
		*old_rlim = *rlim;
	if (new_rlim) {
		WRITE_ONCE(rlim->rlim_cur, new_rlim->rlim_cur);
		WRITE_ONCE(rlim->rlim_max, new_rlim->rlim_max);
	}
	spin_unlock(&rlimit_lock);
	return 0;
}

/*
 * Linux: check_prlimit_permission. Another task's limits: only if its
 * real, effective and saved uids and gids all are the caller's real
 * ones, or with CAP_SYS_RESOURCE over its user namespace.
 */
static int check_prlimit_permission(struct task_struct *task)
{
	const struct cred *cred = current_cred(), *tcred;
	bool ok;

	if (task == current)
		return 0;
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = uid_eq(cred->uid, tcred->euid) && uid_eq(cred->uid, tcred->suid) &&
	     uid_eq(cred->uid, tcred->uid) && gid_eq(cred->gid, tcred->egid) &&
	     gid_eq(cred->gid, tcred->sgid) && gid_eq(cred->gid, tcred->gid);
	if (!ok)
		ok = ns_capable(tcred->user_ns, CAP_SYS_RESOURCE);
	rcu_read_unlock();
	return ok ? 0 : -EPERM;
}

/*
 * prlimit64(2): pid 0 is the caller. The new limit is read before the
 * task is looked up, and the old one written out after the change, as
 * in Linux: a bad old_limit pointer reports EFAULT with the new limit
 * already in place.
 */
SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, resource,
		const struct rlimit64 __user *, new_rlim,
		struct rlimit64 __user *, old_rlim)
{
	struct rlimit64 new64, old64;
	struct rlimit new = { 0 }, old;
	struct task_struct *tsk;
	int ret;

	if (new_rlim) {
		if (copy_from_user(&new64, new_rlim, sizeof(new64)))
			return -EFAULT;
		new.rlim_cur = new64.rlim_cur;
		new.rlim_max = new64.rlim_max;
	}
	tsk = pid ? find_get_task_by_vpid(pid) : current;
	if (!tsk)
		return -ESRCH;
	ret = check_prlimit_permission(tsk);
	if (!ret)
		ret = do_prlimit(tsk, resource, new_rlim ? &new : NULL,
				 old_rlim ? &old : NULL);
	if (pid)
		put_task_struct(tsk);
	if (!ret && old_rlim) {
		old64.rlim_cur = old.rlim_cur;
		old64.rlim_max = old.rlim_max;
		if (copy_to_user(old_rlim, &old64, sizeof(old64)))
			ret = -EFAULT;
	}
	return ret;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource,
		struct rlimit __user *, rlim)
{
	struct rlimit value;
	int ret = do_prlimit(current, resource, NULL, &value);

	if (!ret && copy_to_user(rlim, &value, sizeof(value)))
		ret = -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource,
		struct rlimit __user *, rlim)
{
	struct rlimit new_rlim;

	if (copy_from_user(&new_rlim, rlim, sizeof(new_rlim)))
		return -EFAULT;
	return do_prlimit(current, resource, &new_rlim, NULL);
}

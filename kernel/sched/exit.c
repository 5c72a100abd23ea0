// kernel/sched/exit.c — ending tasks: do_exit, zombies, release_task.
//
// Linux: kernel/exit.c. A task ends by calling do_exit() (a kernel
// thread's function returning does it for it). It gives its children to
// child_reaper, then either becomes a zombie that its parent reaps, or,
// when exit_signal is -1 (kernel threads), releases itself at once:
// Linux's "autoreap". Either way its last schedule() switches away for
// good, and the task switched to drops the last running reference
// (finish_task_switch), freeing the stack it can no longer be on.
//
// The parent learns of it through wait4/waitid (do_wait, at the end):
// it sleeps on its own wait_chldexit, which exit_notify wakes.

#include <nook/completion.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mm.h>
#include <nook/nsproxy.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/preempt.h>
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/tty.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Set once by the boot (rest_init) to pid 1; read under tasklist_lock. */
struct task_struct *child_reaper = &init_task;

void release_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del_init(&p->tasks);
	list_del_init(&p->sibling);
	p->exit_state = EXIT_DEAD;
	detach_pids(p);		/* a group or session may keep a number */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	__exit_signal(p);	/* nobody can find p to signal it any more */
	put_task_struct(p);	/* the tasklist's reference */
}

/* ---- orphaned process groups ---- */

/*
 * Under tasklist_lock. A process group is orphaned when no member has
 * a parent in another group of the same session: nobody is left who
 * could continue its stopped jobs from a shell (POSIX). ignored is a
 * task about to leave (NULL: none). A member whose parent is init does
 * not link the group (Linux: is_global_init). Linux:
 * will_become_orphaned_pgrp.
 */
static bool will_become_orphaned_pgrp(pid_t pgrp, struct task_struct *ignored)
{
	struct task_struct *p;

	for_each_process(p) {
		struct task_struct *parent = p->real_parent;

		if (task_pgrp_nr(p) != pgrp || p == ignored || p->exit_state ||
		    parent == child_reaper)
			continue;
		if (task_pgrp_nr(parent) != pgrp &&
		    task_session_nr(parent) == task_session_nr(p))
			return false;
	}
	return true;
}

bool is_current_pgrp_orphaned(void)
{
	unsigned long flags;
	bool orphaned;

	spin_lock_irqsave(&tasklist_lock, flags);
	orphaned = will_become_orphaned_pgrp(task_pgrp_nr(current), NULL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return orphaned;
}

/* Under tasklist_lock: is a member of pgrp stopped? */
static bool has_stopped_jobs(pid_t pgrp)
{
	struct task_struct *p;

	for_each_process(p)
		if (task_pgrp_nr(p) == pgrp &&
		    (READ_ONCE(p->signal_flags) & SIGNAL_STOP_STOPPED))
			return true;
	return false;
}

/*
 * Under tasklist_lock. tsk exits (parent NULL), or its parent did and
 * it was given to the reaper (parent: the one that exited). If that
 * leaves tsk's group orphaned with stopped members, nobody could ever
 * continue them: POSIX has them sent SIGHUP, then SIGCONT. Linux:
 * kill_orphaned_pgrp.
 */
static void kill_orphaned_pgrp(struct task_struct *tsk,
			       struct task_struct *parent)
{
	kernel_siginfo_t info = { .si_code = SI_KERNEL };
	struct task_struct *ignored = NULL;
	pid_t pgrp = task_pgrp_nr(tsk);

	if (!parent) {		/* tsk was its group's link to the session */
		parent = tsk->real_parent;
		ignored = tsk;
	}
	if (task_pgrp_nr(parent) == pgrp ||
	    task_session_nr(parent) != task_session_nr(tsk) ||
	    !will_become_orphaned_pgrp(pgrp, ignored) ||
	    !has_stopped_jobs(pgrp))
		return;
	info.si_signo = SIGHUP;
	__kill_pgrp_info(SIGHUP, &info, pgrp);
	info.si_signo = SIGCONT;
	__kill_pgrp_info(SIGCONT, &info, pgrp);
}

/*
 * Under tasklist_lock: child, just given to child_reaper. A zombie is
 * announced to its new parent as to the old (SIGCHLD and a wake-up of
 * its wait); one that ignores SIGCHLD will never wait for it, so it
 * goes on dead, to be released once the lock is dropped. Linux:
 * reparent_leader.
 */
static void reparent_leader(struct task_struct *father,
			    struct task_struct *child, struct list_head *dead)
{
	if (child->exit_state == EXIT_DEAD)
		return;
	/*
	 * init waits for SIGCHLD children only: a clone child with
	 * another exit signal would stay a zombie for ever. Kernel
	 * threads keep -1: they self-reap.
	 */
	if (!(child->flags & PF_KTHREAD))
		child->exit_signal = SIGCHLD;
	if (child->exit_state == EXIT_ZOMBIE &&
	    do_notify_parent(child, child->exit_signal)) {
		child->exit_state = EXIT_DEAD;
		list_move(&child->sibling, dead);
	}
	/* The child's group may have hung on father alone. */
	kill_orphaned_pgrp(child, father);
}

/* Under tasklist_lock: father's children become child_reaper's. */
static void forget_original_parent(struct task_struct *father,
				   struct list_head *dead)
{
	struct task_struct *child, *n;

	list_for_each_entry_safe(child, n, &father->children, sibling) {
		child->real_parent = child->parent = child_reaper;
		list_move(&child->sibling, &child_reaper->children);
		reparent_leader(father, child, dead);
	}
}

static void exit_notify(struct task_struct *tsk)
{
	bool autoreap = tsk->exit_signal < 0;
	struct task_struct *p, *n;
	unsigned long flags;
	LIST_HEAD(dead);

	spin_lock_irqsave(&tasklist_lock, flags);
	forget_original_parent(tsk, &dead);
	kill_orphaned_pgrp(tsk, NULL);
	/*
	 * The parent gets exit_signal (SIGCHLD) and its waits are woken;
	 * if it ignores SIGCHLD, nobody will wait for tsk, which then
	 * reaps itself, as a kernel thread does (kernel/signal.c).
	 */
	tsk->exit_state = EXIT_ZOMBIE;
	if (!autoreap)
		autoreap = do_notify_parent(tsk, tsk->exit_signal);
	if (autoreap)
		tsk->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* release_task takes tasklist_lock to unlink each one. */
	list_for_each_entry_safe(p, n, &dead, sibling)
		release_task(p);
	if (autoreap)
		release_task(tsk);
}

/* Under pi_lock: a killed vfork parent clears vfork_done under it too. */
void complete_vfork_done(struct task_struct *tsk)
{
	struct completion *vfork;
	unsigned long flags;

	spin_lock_irqsave(&tsk->pi_lock, flags);
	vfork = tsk->vfork_done;
	tsk->vfork_done = NULL;
	if (vfork)
		complete(vfork);
	spin_unlock_irqrestore(&tsk->pi_lock, flags);
}

void do_task_dead(void)
{
	/*
	 * Interrupts stay off until we are switched away: a tick that
	 * preempted us here would leave a dead task on the run queue, and
	 * the switch away from it drops its last reference while it may
	 * still run (Linux: do_exit's preempt_disable). Under pi_lock, so
	 * no wake-up can overwrite the state with RUNNING.
	 */
	local_irq_disable();
	spin_lock(&current->pi_lock);
	WRITE_ONCE(current->__state, TASK_DEAD);
	spin_unlock(&current->pi_lock);
	schedule();
	panic("do_task_dead: %s/%d ran again after death",
	      current->comm, current->pid);
}

/*
 * Linux: exit_mm(). The task lets go of its address space; it keeps the
 * page tables loaded as a lazy active_mm (with an mmgrab) until its last
 * context switch, which drops that through rq->prev_mm.
 */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (!mm)
		return;
	mm_release(tsk, mm);	/* clear_child_tid; a vfork parent resumes */
	mmgrab(mm);
	task_lock(tsk);		/* also keeps preemption off */
	tsk->mm = NULL;		/* a kernel thread now, as far as switching goes */
	task_unlock(tsk);
	mmput(mm);
}

void do_exit(long code)
{
	struct task_struct *tsk = current;

	if (is_idle_task(tsk))
		panic("Attempted to kill the idle task!");
	if (tsk == child_reaper)
		panic("Attempted to kill init! exitcode=%#lx", code);
	BUG_ON(preempt_count());
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	/*
	 * What a task owns is released here, in Linux's order: exit_mm
	 * (user address spaces), exit_files (closing what only it had
	 * open: a pipe's other end then sees EOF or EPIPE), exit_fs
	 * (root and cwd), exit_task_namespaces; its creds at
	 * the last put.
	 */
	exit_mm(tsk);
	exit_files(tsk);
	exit_fs(tsk);
	disassociate_ctty(1);		/* a session leader's terminal */
	exit_task_namespaces(tsk);
	complete_vfork_done(tsk);	/* kthread_stop's wait (no mm) */
	exit_notify(tsk);
	do_task_dead();
}

/* exit(2): the status's low byte is what wait(2) reports as WEXITSTATUS. */
SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/*
 * The process ends: every thread would go (Nook's processes have one).
 * If a fatal signal got there first (complete_signal), its code is the
 * status, so a SIGTERM that came as SIGKILL still reads as SIGTERM.
 * Linux: do_group_exit.
 */
void do_group_exit(int exit_code)
{
	struct sighand_struct *sighand = current->sighand;
	unsigned long flags;

	spin_lock_irqsave(&sighand->siglock, flags);
	if (current->signal_flags & SIGNAL_GROUP_EXIT) {
		exit_code = current->group_exit_code;
	} else {
		current->group_exit_code = exit_code;
		current->signal_flags = SIGNAL_GROUP_EXIT;
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
	do_exit(exit_code);
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit((error_code & 0xff) << 8);
}

/* ---- waiting for children: wait4(2), waitid(2) ---- */

/* Linux's values (include/uapi/linux/wait.h). */
#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000	/* report, but leave it a zombie */
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* waitid's idtype */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3


#define WCOREFLAG	0x80		/* in exit_code: a core was dumped */
#define INT_MIN		(-2147483647 - 1)

/* Which children a wait is about (Linux's enum pid_type). */
enum pid_type { PIDTYPE_PID, PIDTYPE_PGID, PIDTYPE_MAX };

/* What waitid reports (Linux: struct waitid_info). */
struct waitid_info {
	pid_t pid;
	unsigned int uid;
	int status;		/* exit code, or the signal */
	int cause;		/* CLD_* */
};

struct wait_opts {
	enum pid_type wo_type;
	pid_t wo_pid;		/* PIDTYPE_PID or _PGID: which one */
	int wo_flags;		/* W* */
	struct waitid_info *wo_info;	/* waitid only */
	int wo_stat;		/* wait4's status word */
	int notask_error;	/* -ECHILD until a child is worth waiting for */
	struct task_struct *wo_reap;	/* the zombie claimed: release it */
};

static bool eligible_pid(const struct wait_opts *wo, struct task_struct *p)
{
	switch (wo->wo_type) {
	case PIDTYPE_PID:
		return p->pid == wo->wo_pid;
	case PIDTYPE_PGID:
		return task_pgrp_nr(p) == wo->wo_pid;
	default:
		return true;
	}
}

/*
 * A child whose exit_signal is not SIGCHLD is a "clone child": only
 * __WCLONE waits for those (and only those), __WALL for both. Kernel
 * threads are children of whoever made them in Nook (Linux: of
 * kthreadd); they reap themselves and are no business of user space.
 */
static bool eligible_child(const struct wait_opts *wo, struct task_struct *p)
{
	if (!eligible_pid(wo, p))
		return false;
	if (p->flags & PF_KTHREAD)
		return false;
	if (wo->wo_flags & __WALL)
		return true;
	if ((p->exit_signal != SIGCHLD) ^ !!(wo->wo_flags & __WCLONE))
		return false;
	return true;
}

/* Under tasklist_lock: report zombie p, and claim it unless WNOWAIT. */
static pid_t wait_task_zombie(struct wait_opts *wo, struct task_struct *p)
{
	int status = p->exit_code;

	if (!(wo->wo_flags & WEXITED))
		return 0;
	if (!(wo->wo_flags & WNOWAIT)) {
		/* Ours: no other waiter will see it again. */
		p->exit_state = EXIT_DEAD;
		wo->wo_reap = p;
	}
	wo->wo_stat = status;
	if (wo->wo_info) {
		struct waitid_info *info = wo->wo_info;

		if (status & 0x7f) {
			info->cause = (status & WCOREFLAG) ? CLD_DUMPED :
							     CLD_KILLED;
			info->status = status & 0x7f;
		} else {
			info->cause = CLD_EXITED;
			info->status = status >> 8;
		}
		info->pid = p->pid;
		info->uid = from_kuid_munged(current_user_ns(), task_uid(p));
	}
	return p->pid;
}

/*
 * Under tasklist_lock: report p stopped, once per stop (WUNTRACED,
 * waitid's WSTOPPED), unless WNOWAIT leaves it to be seen again.
 * wait4's status word: 0x7f, and the stop signal above it.
 */
static pid_t wait_task_stopped(struct wait_opts *wo, struct task_struct *p)
{
	unsigned long flags;
	int code = 0;

	if (!(wo->wo_flags & WUNTRACED))
		return 0;
	spin_lock_irqsave(&p->sighand->siglock, flags);
	if ((p->signal_flags & SIGNAL_STOP_STOPPED) && p->group_exit_code) {
		code = p->group_exit_code;
		if (!(wo->wo_flags & WNOWAIT))
			p->group_exit_code = 0;
	}
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	if (!code)
		return 0;
	wo->wo_stat = (code << 8) | 0x7f;
	if (wo->wo_info) {
		wo->wo_info->cause = CLD_STOPPED;
		wo->wo_info->status = code;
		wo->wo_info->pid = p->pid;
		wo->wo_info->uid = from_kuid_munged(current_user_ns(),
						   task_uid(p));
	}
	return p->pid;
}

/* Likewise for a SIGCONT since the last look (WCONTINUED): 0xffff. */
static pid_t wait_task_continued(struct wait_opts *wo, struct task_struct *p)
{
	unsigned long flags;
	bool continued;

	if (!(wo->wo_flags & WCONTINUED))
		return 0;
	spin_lock_irqsave(&p->sighand->siglock, flags);
	continued = p->signal_flags & SIGNAL_STOP_CONTINUED;
	if (continued && !(wo->wo_flags & WNOWAIT))
		p->signal_flags &= ~SIGNAL_STOP_CONTINUED;
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	if (!continued)
		return 0;
	wo->wo_stat = 0xffff;
	if (wo->wo_info) {
		wo->wo_info->cause = CLD_CONTINUED;
		wo->wo_info->status = SIGCONT;
		wo->wo_info->pid = p->pid;
		wo->wo_info->uid = from_kuid_munged(current_user_ns(),
						   task_uid(p));
	}
	return p->pid;
}

/* Under tasklist_lock. A pid if p was reported; 0 to look further. */
static pid_t wait_consider_task(struct wait_opts *wo, struct task_struct *p)
{
	pid_t ret;

	if (!eligible_child(wo, p))
		return 0;
	if (p->exit_state == EXIT_DEAD)	/* another waiter has it */
		return 0;
	if (p->exit_state == EXIT_ZOMBIE)
		return wait_task_zombie(wo, p);
	/* Alive: worth sleeping for, and maybe stopped or continued. */
	wo->notask_error = 0;
	ret = wait_task_stopped(wo, p);
	if (!ret)
		ret = wait_task_continued(wo, p);
	return ret;
}

static pid_t do_wait_thread(struct wait_opts *wo)
{
	struct task_struct *p;
	unsigned long flags;
	pid_t ret = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &current->children, sibling) {
		ret = wait_consider_task(wo, p);
		if (ret)
			break;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/*
 * Linux: do_wait(). Look through our children; sleep if some may yet
 * exit. exit_notify() wakes wait_chldexit after making a zombie. The
 * entry is queued before each look, so an exit between the look and
 * schedule() finds us queued and wakes us: no wake-up is lost.
 */
static long do_wait(struct wait_opts *wo)
{
	DEFINE_WAIT(wait);
	long ret;

	for (;;) {
		prepare_to_wait(&current->wait_chldexit, &wait,
				TASK_INTERRUPTIBLE);
		wo->notask_error = -ECHILD;
		wo->wo_reap = NULL;
		ret = do_wait_thread(wo);
		if (ret)
			break;
		ret = wo->notask_error;
		if (ret || (wo->wo_flags & WNOHANG))
			break;
		/* The signals code makes this true; the syscall restarts. */
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&current->wait_chldexit, &wait);
	if (wo->wo_reap)
		release_task(wo->wo_reap);	/* its pid and task go */
	return ret;
}

/* Linux's struct rusage is 144 bytes on x86-64; Nook keeps no usage. */
#define RUSAGE_SIZE	144

static long kernel_wait4(pid_t upid, int __user *stat_addr, int options)
{
	struct wait_opts wo = { 0 };
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (upid == INT_MIN)		/* -INT_MIN does not exist */
		return -ESRCH;
	if (upid == -1) {
		wo.wo_type = PIDTYPE_MAX;
	} else if (upid < 0) {
		wo.wo_type = PIDTYPE_PGID;
		wo.wo_pid = -upid;
	} else if (upid == 0) {
		wo.wo_type = PIDTYPE_PGID;
		wo.wo_pid = task_pgrp_nr(current);
	} else {
		wo.wo_type = PIDTYPE_PID;
		wo.wo_pid = upid;
	}
	wo.wo_flags = options | WEXITED;
	ret = do_wait(&wo);
	/* As in Linux, the child is reaped even when the copy fails. */
	if (ret > 0 && stat_addr && put_user(wo.wo_stat, stat_addr))
		ret = -EFAULT;
	return ret;
}

SYSCALL_DEFINE4(wait4, pid_t, upid, int __user *, stat_addr, int, options,
		void __user *, ru)
{
	long ret = kernel_wait4(upid, stat_addr, options);

	/* No CPU times are kept yet: the child's usage reads as zero. */
	if (ret > 0 && ru && clear_user(ru, RUSAGE_SIZE))
		return -EFAULT;
	return ret;
}

static long kernel_waitid(int which, pid_t upid, struct waitid_info *info,
			  int options)
{
	struct wait_opts wo = { 0 };

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		wo.wo_type = PIDTYPE_MAX;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.wo_type = PIDTYPE_PID;
		wo.wo_pid = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.wo_type = PIDTYPE_PGID;
		wo.wo_pid = upid ? upid : task_pgrp_nr(current);
		break;
	case P_PIDFD:
		/* No file is a pidfd before Step 3 brings files: Linux's EBADF. */
		return upid < 0 ? -EINVAL : -EBADF;
	default:
		return -EINVAL;
	}
	wo.wo_flags = options;
	wo.wo_info = info;
	return do_wait(&wo);
}

/* x86-64 siginfo_t: 128 bytes; SIGCHLD's fields at Linux's offsets. */
#define SIGINFO_SIZE		128
#define SI_SIGNO_OFFSET		0
#define SI_ERRNO_OFFSET		4
#define SI_CODE_OFFSET		8
#define SI_PID_OFFSET		16
#define SI_UID_OFFSET		20
#define SI_STATUS_OFFSET	24

static int put_waitid_info(void __user *infop, int signo,
			   const struct waitid_info *info)
{
	u8 __user *p = infop;

	/* Linux writes these six fields, nothing else of the 128 bytes. */
	if (put_user(signo, (int __user *)(p + SI_SIGNO_OFFSET)) ||
	    put_user(0, (int __user *)(p + SI_ERRNO_OFFSET)) ||
	    put_user(info->cause, (int __user *)(p + SI_CODE_OFFSET)) ||
	    put_user(info->pid, (int __user *)(p + SI_PID_OFFSET)) ||
	    put_user(info->uid, (unsigned int __user *)(p + SI_UID_OFFSET)) ||
	    put_user(info->status, (int __user *)(p + SI_STATUS_OFFSET)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE5(waitid, int, which, pid_t, upid, void __user *, infop,
		int, options, void __user *, ru)
{
	struct waitid_info info = { 0 };
	int signo = 0;
	long err = kernel_waitid(which, upid, &info, options);

	if (err > 0) {
		signo = SIGCHLD;
		err = 0;
		if (ru && clear_user(ru, RUSAGE_SIZE))
			return -EFAULT;
	}
	/*
	 * Written whatever happened, as Linux does: zeros when WNOHANG
	 * found nothing (and even with an error, such as ECHILD).
	 */
	if (infop && put_waitid_info(infop, signo, &info))
		return -EFAULT;
	return err;
}

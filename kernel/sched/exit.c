// kernel/sched/exit.c — ending tasks: do_exit, zombies, release_task.
//
// Linux: kernel/exit.c. A task ends by calling do_exit() (a kernel
// thread's function returning does it for it). It gives its children to
// child_reaper, then either becomes a zombie that its parent reaps, or,
// when exit_signal is -1 (kernel threads), releases itself at once:
// Linux's "autoreap". Either way its last schedule() switches away for
// good, and the task switched to drops the last running reference
// (finish_task_switch), freeing the stack it can no longer be on.

#include <nook/completion.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/preempt.h>
#include <nook/sched.h>
#include <asm/syscall.h>

/* Set once by the boot (rest_init) to pid 1; read under tasklist_lock. */
struct task_struct *child_reaper = &init_task;

void release_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del_init(&p->tasks);
	list_del_init(&p->sibling);
	p->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	__exit_signal(p);	/* nobody can find p to signal it any more */
	free_pid(p->pid);
	put_task_struct(p);	/* the tasklist's reference */
}

/* Under tasklist_lock: father's children become child_reaper's. */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *child, *n;
	bool zombies = false;

	list_for_each_entry_safe(child, n, &father->children, sibling) {
		child->real_parent = child->parent = child_reaper;
		list_move(&child->sibling, &child_reaper->children);
		zombies |= child->exit_state == EXIT_ZOMBIE;
	}
	if (zombies)
		wake_up_all(&child_reaper->wait_chldexit);
}

static void exit_notify(struct task_struct *tsk)
{
	bool autoreap = tsk->exit_signal < 0;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	forget_original_parent(tsk);
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
	if (autoreap)
		release_task(tsk);
}

static void complete_vfork_done(struct task_struct *tsk)
{
	struct completion *vfork = tsk->vfork_done;

	if (vfork) {
		tsk->vfork_done = NULL;
		complete(vfork);
	}
}

void do_task_dead(void)
{
	unsigned long flags;

	/* Under pi_lock, so no wake-up can overwrite it with RUNNING. */
	spin_lock_irqsave(&current->pi_lock, flags);
	WRITE_ONCE(current->__state, TASK_DEAD);
	spin_unlock_irqrestore(&current->pi_lock, flags);
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
	mmgrab(mm);
	preempt_disable();
	tsk->mm = NULL;		/* a kernel thread now, as far as switching goes */
	preempt_enable();
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
	 * (user address spaces), exit_files, exit_fs (Step 3),
	 * exit_task_namespaces (Step 4); its creds at the last put.
	 */
	exit_mm(tsk);
	complete_vfork_done(tsk);
	exit_notify(tsk);
	do_task_dead();
}

/* exit(2): the status's low byte is what wait(2) reports as WEXITSTATUS. */
SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/* Every thread of the group would go; Nook's processes have one. */
SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_exit((error_code & 0xff) << 8);
}

/*
 * nook/sched.h — tasks and the scheduler: struct task_struct, current,
 * schedule(), wake_up_process(), the per-CPU idle tasks.
 * Linux: include/linux/sched.h, sched/task.h, sched/task_stack.h.
 *
 * A task is a kernel stack plus the state that says what it is doing.
 * Every CPU runs one task at a time (current); the others that could run
 * wait on some CPU's run queue (kernel/sched/core.c), and the rest sleep
 * on wait queues (nook/wait.h) until wake_up_process() puts them back.
 */
#ifndef NOOK_SCHED_H
#define NOOK_SCHED_H

#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/list.h>
#include <nook/preempt.h>
#include <nook/rcupdate.h>
#include <nook/resource.h>
#include <nook/restart_block.h>
#include <nook/signal.h>
#include <nook/spinlock.h>
#include <nook/wait.h>
#include <asm/current.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/thread_info.h>

typedef int pid_t;

/* An address space: defined with user address spaces (nook/mm_types.h). */
struct mm_struct;
struct completion;
struct pt_regs;
struct kmem_cache;
struct robust_list_head;
struct files_struct;
struct tty_struct;
struct nsproxy;
struct cred;

/*
 * task->state. Linux's values, so a student's "state 0x2" in a Linux
 * crash dump and in Nook mean the same thing.
 */
#define TASK_RUNNING		0x0000	/* on a run queue, or running */
#define TASK_INTERRUPTIBLE	0x0001	/* asleep; a signal would wake it */
#define TASK_UNINTERRUPTIBLE	0x0002	/* asleep; only wake_up does */
#define __TASK_STOPPED		0x0004	/* stopped by a signal; SIGCONT wakes */
#define TASK_WAKEKILL		0x0100	/* SIGKILL wakes it too */
#define TASK_STOPPED		(TASK_WAKEKILL | __TASK_STOPPED)
#define TASK_DEAD		0x0080	/* has switched away for the last time */
#define TASK_NEW		0x0800	/* being created, not yet woken */
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)

/* task->exit_state */
#define EXIT_DEAD		0x0010	/* released: about to be freed */
#define EXIT_ZOMBIE		0x0020	/* exited, waiting for its parent */

/* task->flags */
#define PF_IDLE			0x00000002	/* a CPU's idle task */
#define PF_EXITING		0x00000004	/* in do_exit() */
#define PF_FORKNOEXEC		0x00000040	/* forked, has not exec'd yet */
#define PF_KTHREAD		0x00200000	/* a kernel thread */

#define TASK_COMM_LEN		16

struct task_struct {
	/* must be first (Linux's order); TIF_* bits, atomic */
	struct thread_info thread_info;
	/* at TASK_THREAD_SP_OFFSET; written only by switch_to */
	struct thread_struct thread;

	/*
	 * Written by the task itself (set_current_state), or by a waker
	 * under pi_lock and the run queue lock (try_to_wake_up).
	 */
	volatile unsigned int __state;

	/* serialises wakeups of this task; see the lock order in core.c */
	spinlock_t pi_lock;

	/* under the lock of this task's run queue (task_rq) */
	int on_rq;			/* runnable: queued or running */
	struct list_head run_list;	/* on rq->queue while queued, not running */
	unsigned int time_slice;	/* ticks left before round-robin preempts */

	/* written under pi_lock and the run queue lock while off any queue */
	int cpu;			/* whose run queue this task is on */
	/* set by the CPU that switches to it, cleared after it switched away */
	int on_cpu;

	/* set once in copy_process, read-only afterwards */
	pid_t pid;
	pid_t tgid;			/* == pid until threads exist */
	unsigned int flags;		/* PF_*: written by the task itself */
	void *stack;			/* lowest address of THREAD_SIZE bytes */
	int exit_signal;		/* -1: reap itself at exit (kthreads) */
	char comm[TASK_COMM_LEN];	/* the task's name, NUL-terminated */
	void *worker_private;		/* a kernel thread's struct kthread */

	/* atomic; the last put_task_struct frees the task and its stack */
	int usage;

	/* under tasklist_lock */
	struct task_struct *real_parent; /* who created it */
	struct task_struct *parent;	/* who is told when it exits */
	struct list_head children;	/* its children, by their sibling */
	struct list_head sibling;	/* on parent->children */
	struct list_head tasks;		/* on the tasklist (all tasks) */
	int exit_state;			/* EXIT_ZOMBIE, EXIT_DEAD, or 0 */
	/*
	 * Job control (kernel/sys.c: setpgid, setsid). Linux keeps struct
	 * pids in signal_struct; Nook keeps the numbers: a group or session
	 * exists while some task carries its number. leader: this task
	 * made the session (setsid). tty: the controlling terminal, or
	 * NULL (Linux: signal->tty); set by TIOCSCTTY, kept across fork.
	 */
	pid_t pgrp;
	pid_t session;
	int leader;
	struct tty_struct *tty;

	/* written by the task itself in do_exit; read by whoever reaps it */
	int exit_code;
	/* completed in do_exit (kthread_stop waits on it; vfork will too) */
	struct completion *vfork_done;
	/* its parent sleeps here in wait (Linux: signal->wait_chldexit) */
	wait_queue_head_t wait_chldexit;

	/*
	 * The address space. NULL mm: a kernel thread, which borrows the
	 * previous task's active_mm (lazy TLB). Owned by the user address
	 * space code (switch_mm, exit_mm); see context_switch().
	 */
	struct mm_struct *mm;
	struct mm_struct *active_mm;

	/*
	 * clone(2)'s CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID,
	 * set_tid_address(2) and set_robust_list(2): user addresses,
	 * written by the task itself (its first return to user mode;
	 * mm_release at exit or exec); read at its exit. Never dereferenced
	 * but through put_user/get_user.
	 */
	int __user *set_child_tid;
	int __user *clear_child_tid;	/* exit: write 0 there, futex-wake it */
	struct robust_list_head __user *robust_list;

	/*
	 * Resource limits (Linux keeps them in signal_struct, shared by a
	 * thread group; Nook's processes have one thread). Written under
	 * rlimit_lock (kernel/rlimit.c), by the task or by prlimit64 from
	 * another; each value is read whole without it (rlimit()).
	 */
	struct rlimit rlim[RLIM_NLIMITS];

	/*
	 * The namespaces the task is in (nook/nsproxy.h): set in
	 * copy_process (copy_namespaces), replaced only by the task itself
	 * (unshare, setns) and cleared at its exit, each time through
	 * switch_task_namespaces (task_lock, rcu_assign_pointer). The task
	 * reads its own with no lock; another task under RCU.
	 */
	struct nsproxy __rcu *nsproxy;

	/*
	 * Fault injection (Linux: fail_nth, /proc/thread-self/fail-nth;
	 * kernel/lib/fault-inject.c): when n > 0, the task's n-th memory
	 * allocation from now fails. Only the task itself counts it down.
	 */
	unsigned int fail_nth;

	/*
	 * CPU time (Linux: se.sum_exec_runtime, se.exec_start): the
	 * scheduler adds sched_clock()'s delta to sum_exec_runtime when
	 * the task leaves a CPU. Written by the CPU it runs on, under
	 * that run queue's lock; read by the task itself (clock_gettime).
	 */
	u64 sum_exec_runtime;		/* ns run, up to exec_start */
	u64 exec_start;			/* sched_clock() when it last got the CPU */
	u64 start_boottime;		/* CLOCK_BOOTTIME at fork: set once */

	/*
	 * Signals (kernel/signal.c, nook/signal.h). sighand is set in
	 * copy_process (copy_sighand) and dropped in release_task; blocked,
	 * pending and signal_flags are under sighand->siglock (the task
	 * reads its own blocked without it). saved_sigmask and
	 * restart_block belong to the task alone.
	 */
	struct sighand_struct *sighand;
	sigset_t blocked;
	sigset_t saved_sigmask;		/* back in place at TIF_RESTORE_SIGMASK */
	struct sigpending pending;
	unsigned int signal_flags;	/* SIGNAL_* (Linux: signal->flags) */
	unsigned long jobctl;		/* JOBCTL_* (nook/signal.h) */
	int group_exit_code;		/* the stop signal, until wait reports it;
					   the fatal one under SIGNAL_GROUP_EXIT */
	struct restart_block restart_block;

	/*
	 * Open files (nook/file.h): set in copy_process (copy_files),
	 * replaced by the task itself (exec's unshare_files), cleared in
	 * do_exit (exit_files), each under task_lock. The task itself reads
	 * it with no lock; another (procfs) only under task_lock.
	 */
	struct files_struct *files;

	/*
	 * Root, cwd and umask (nook/fs.h): set in copy_process (copy_fs),
	 * cleared in do_exit (exit_fs) under task_lock. The task itself reads the
	 * pointer; what it points at may be shared (CLONE_FS), so its
	 * fields are under fs->lock.
	 */
	struct fs_struct *fs;
	/*
	 * Linux's alloc_lock (task_lock): held while files, fs and mm are
	 * replaced or cleared, so another task (procfs) can take a
	 * reference on them without racing this task's exit or exec.
	 */
	spinlock_t alloc_lock;

	/*
	 * Credentials (nook/cred.h): objective (real_cred: how others see
	 * this task) and subjective (cred: what it acts with; differs only
	 * under override_creds). Replaced only by the task itself
	 * (commit_creds); other tasks read them under RCU (__task_cred).
	 */
	const struct cred __rcu *real_cred;
	const struct cred __rcu *cred;
};

/* The boot CPU's idle task, pid 0 ("swapper/0"), on the boot stack. */
extern struct task_struct init_task;

/* Tasks forked since boot (/proc/stat "processes"); under tasklist_lock. */
extern unsigned long total_forks;
/* Tasks on the task list now (Linux: nr_processes, nr_threads). */
unsigned long nr_processes(void);
/* Every task, by task->tasks; also guards the parent/child links. */
extern spinlock_t tasklist_lock;
extern struct list_head tasklist;
/* Adopts the children of exiting tasks (pid 1 once it exists). */
extern struct task_struct *child_reaper;

/* Live task_structs: tests read its count (kmem_cache_live). */
extern struct kmem_cache *task_struct_cachep;

#define for_each_process(p) list_for_each_entry(p, &tasklist, tasks)

static inline void get_task_struct(struct task_struct *p)
{
	__atomic_add_fetch(&p->usage, 1, __ATOMIC_RELAXED);
}

void __put_task_struct(struct task_struct *p);

/* Under tasklist_lock: the task with this pid (zombies too), or NULL. */
struct task_struct *find_task_by_vpid(pid_t nr);
/* kernel/signal.c: sig to every member of group pgrp (-ESRCH: none). */
int kill_pgrp(pid_t pgrp, int sig, int priv);
/* kernel/signal.c: current ignores or blocks sig (SIGTTIN's EIO case). */
bool current_sig_ignored_or_blocked(int sig);
/* kernel/signal.c: the same as kill_pgrp, tasklist_lock already held. */
int __kill_pgrp_info(int sig, kernel_siginfo_t *info, pid_t pgrp);
/* kernel/sched/exit.c: no member of current's group links it to its session. */
bool is_current_pgrp_orphaned(void);

/* Linux's names; read under tasklist_lock, or by the task itself. */
static inline pid_t task_pgrp_nr(const struct task_struct *p)
{
	return p->pgrp;
}

static inline pid_t task_session_nr(const struct task_struct *p)
{
	return p->session;
}

/* Pins p->files, p->fs and p->mm for a reader that is not p. */
static inline void task_lock(struct task_struct *p)
{
	spin_lock(&p->alloc_lock);
}

static inline void task_unlock(struct task_struct *p)
{
	spin_unlock(&p->alloc_lock);
}

static inline void put_task_struct(struct task_struct *p)
{
	if (__atomic_sub_fetch(&p->usage, 1, __ATOMIC_ACQ_REL) == 0)
		__put_task_struct(p);
}

static inline unsigned int task_state(const struct task_struct *p)
{
	return READ_ONCE(p->__state);
}

/*
 * Announce a sleep before testing the condition slept on: a waker that
 * makes the condition true after the test still sees the new state and
 * wakes us (the full barrier orders the store before the test's loads).
 */
#define __set_current_state(s)	WRITE_ONCE(current->__state, (s))
#define set_current_state(s)						\
	do {								\
		WRITE_ONCE(current->__state, (s));			\
		__atomic_thread_fence(__ATOMIC_SEQ_CST);		\
	} while (0)

static inline void set_tsk_need_resched(struct task_struct *p)
{
	__atomic_fetch_or(&p->thread_info.flags, 1UL << TIF_NEED_RESCHED,
			  __ATOMIC_RELAXED);
}

static inline void clear_tsk_need_resched(struct task_struct *p)
{
	__atomic_fetch_and(&p->thread_info.flags, ~(1UL << TIF_NEED_RESCHED),
			   __ATOMIC_RELAXED);
}

static inline bool test_tsk_need_resched(struct task_struct *p)
{
	return READ_ONCE(p->thread_info.flags) & (1UL << TIF_NEED_RESCHED);
}

static inline bool need_resched(void)
{
	return test_tsk_need_resched(current);
}

/* TIF_* bits of any task, atomically (Linux: set_tsk_thread_flag...). */
static inline void set_tsk_thread_flag(struct task_struct *p, int flag)
{
	__atomic_fetch_or(&p->thread_info.flags, 1UL << flag, __ATOMIC_SEQ_CST);
}

static inline void clear_tsk_thread_flag(struct task_struct *p, int flag)
{
	__atomic_fetch_and(&p->thread_info.flags, ~(1UL << flag),
			   __ATOMIC_SEQ_CST);
}

static inline bool test_tsk_thread_flag(struct task_struct *p, int flag)
{
	return READ_ONCE(p->thread_info.flags) & (1UL << flag);
}

static inline bool test_and_clear_tsk_thread_flag(struct task_struct *p,
						  int flag)
{
	return __atomic_fetch_and(&p->thread_info.flags, ~(1UL << flag),
				  __ATOMIC_SEQ_CST) & (1UL << flag);
}

/*
 * A signal waits for p: an interruptible sleep must end and return
 * -ERESTARTSYS (or -EINTR, or -ERESTARTNOHAND: see nook/errno.h), and
 * the way back to user mode delivers it. Linux: include/linux/sched/
 * signal.h. Set by whoever sends (under p's siglock), cleared only by p.
 */
static inline bool signal_pending(struct task_struct *p)
{
	return test_tsk_thread_flag(p, TIF_SIGPENDING);
}

/*
 * SIGKILL waits for p: even a "killable" sleep must end. A fatal signal
 * that p will take with its default action comes with a SIGKILL too
 * (kernel/signal.c, complete_signal), so this covers SIGTERM's as well.
 */
static inline bool fatal_signal_pending(struct task_struct *p)
{
	return signal_pending(p) && sigismember(&p->pending.signal, SIGKILL);
}

/*
 * Must a sleep in state end because of p's pending signals? Any signal
 * ends an interruptible one, only a fatal one a killable one. Linux:
 * include/linux/sched/signal.h.
 */
static inline bool signal_pending_state(unsigned int state,
					struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return false;
	if (!signal_pending(p))
		return false;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(p);
}

/* sigsuspend-like calls: restore saved_sigmask on the way out. */
static inline void set_restore_sigmask(void)
{
	set_tsk_thread_flag(current, TIF_RESTORE_SIGMASK);
}

/* Store fn for restart_syscall(2); returns what the call must return. */
static inline long set_restart_fn(struct restart_block *restart,
				  long (*fn)(struct restart_block *))
{
	restart->fn = fn;
	return -ERESTART_RESTARTBLOCK;
}

static inline bool is_idle_task(const struct task_struct *p)
{
	return p->flags & PF_IDLE;
}

static inline pid_t task_pid_nr(const struct task_struct *p)
{
	return p->pid;
}

/* The end of the stack that overflows first. */
static inline unsigned long *end_of_stack(const struct task_struct *p)
{
	return p->stack;
}

static inline bool task_stack_end_corrupted(const struct task_struct *p)
{
	return *end_of_stack(p) != STACK_END_MAGIC;
}

/* ---- the scheduler (kernel/sched/core.c) ---- */

/* Boot CPU: make the running boot code init_task, and set up run queues. */
void sched_init(void);
/* Give up the CPU; back when woken (if asleep) or picked again. */
void schedule(void);
/* A new task's first act: finish the switch to it (drops rq->lock). */
void schedule_tail(struct task_struct *prev);
/* The interrupt return path's preemption (interrupts off, count 0). */
void preempt_schedule_irq(void);
/* The timer tick's work, on each CPU (kernel/time/tick.c). */
void scheduler_tick(void);
/* Let another runnable task have the CPU, if there is one. */
void yield(void);
/* A preemption point for long kernel loops. */
void cond_resched(void);

/* Wake p if it sleeps in one of the states in state; true if it did. */
int try_to_wake_up(struct task_struct *p, unsigned int state);
/* Wake p from any sleep; false when it was already runnable. */
int wake_up_process(struct task_struct *p);
/* First wake-up of a task copy_process made (state TASK_NEW). */
void wake_up_new_task(struct task_struct *p);

/* How many tasks this CPU's run queue holds (running one included). */
unsigned int nr_running_cpu(int cpu);
/* Context switches this CPU has made since boot. */
unsigned long nr_context_switches_cpu(int cpu);

/*
 * Idle tasks and starting the scheduler on a CPU (kernel/sched/idle.c).
 *
 * The contract with the SMP bring-up (arch/x86_64/kernel/smpboot.c):
 *
 * 1. On the boot CPU, before starting application processor cpu, call
 *	struct task_struct *idle = idle_task_create(cpu);
 *    It allocates pid 0's twin for that CPU ("swapper/cpu", PF_IDLE),
 *    with its own THREAD_SIZE stack, and makes it cpus[cpu].current_task.
 *    Start the AP with rsp = task_top_of_stack(idle), as Linux's
 *    initial_stack is the idle task's stack, so that the AP's own code
 *    already runs as its idle task.
 *
 * 2. On the AP, at the end of start_secondary(), once GS points at its
 *    struct cpu (cpu_set_current), its GDT/TSS and local APIC timer are
 *    set up and cpus[cpu].online is true, with interrupts still off:
 *	cpu_startup_entry();
 *    in place of the hlt loop. It never returns: it marks the CPU's run
 *    queue online (from then on new tasks may be placed there), turns
 *    interrupts on and runs the idle loop, which calls schedule()
 *    whenever a task is queued. The boot CPU enters the same loop at
 *    the end of kernel_main.
 */
struct task_struct *idle_task_create(int cpu);
void cpu_startup_entry(void) __noreturn;

/* ---- creating and ending tasks (kernel/sched/fork.c, exit.c) ---- */

/* clone(2)'s flags, Linux's values (include/uapi/linux/sched.h). */
#define CSIGNAL			0x000000ff	/* exit signal in clone flags */
#define CLONE_NEWTIME		0x00000080	/* clone3 and unshare only */
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000	/* ignored, as in Linux */
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000
/* clone3 only (64-bit flags) */
#define CLONE_CLEAR_SIGHAND	0x100000000ULL
#define CLONE_INTO_CGROUP	0x200000000ULL

struct kernel_clone_args {
	u64 flags;			/* CLONE_* */
	int exit_signal;		/* -1: reap itself at exit */
	int (*fn)(void *);		/* kernel thread: run fn(fn_arg) */
	void *fn_arg;
	const char *name;		/* comm; NULL: the parent's */
	bool kthread;			/* PF_KTHREAD */
	/* a user child (fn NULL): what clone(2)/clone3(2) asked for */
	unsigned long stack;		/* the child's rsp; 0: the parent's */
	unsigned long tls;		/* CLONE_SETTLS: the child's FS base */
	int __user *parent_tid;		/* CLONE_PARENT_SETTID */
	int __user *child_tid;		/* CLONE_CHILD_SETTID/_CLEARTID */
};

/* Create a task (not yet running); returns it or an ERR_PTR. */
struct task_struct *copy_process(struct kernel_clone_args *args);
/* Create and start a task; returns its pid or -errno. */
pid_t kernel_clone(struct kernel_clone_args *args);
/* A kernel thread running fn(arg), a child of current; pid or -errno. */
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned long flags);

/* Ends current: it becomes a zombie, or is released (exit_signal -1). */
void do_exit(long code) __noreturn;
/* do_exit, unless a fatal signal got there first: then with its code. */
void do_group_exit(int exit_code) __noreturn;
/* exec and exit let go of an mm: vfork's parent resumes, clear_child_tid. */
void mm_release(struct task_struct *tsk, struct mm_struct *mm);
/* Wake a vfork parent (or kthread_stop) waiting on tsk->vfork_done. */
void complete_vfork_done(struct task_struct *tsk);


/* Unlink a dead task: tasklist, parent, pid. Drops the tasklist's ref. */
void release_task(struct task_struct *p);
/* Mark current dead and switch away for the last time. */
void do_task_dead(void) __noreturn;

void set_task_comm(struct task_struct *p, const char *name);

/* Called from a new task's first return (switch.asm). */
void ret_from_fork(struct task_struct *prev, struct pt_regs *regs,
		   int (*fn)(void *), void *arg);

#endif

// kernel/sched/fork.c — making tasks: copy_process, kernel_clone,
// kernel_thread, and freeing them at the last reference.
//
// Linux: kernel/fork.c. copy_process() builds the new task_struct and
// its kernel stack, gives it an address space (copy_mm: shared with
// CLONE_VM, else a copy-on-write dup_mm), a pid and a first stack frame
// (copy_thread), and links it to its parent and the tasklist;
// kernel_clone() then wakes it, and with CLONE_VFORK waits until the
// child execs or exits. fork(2), vfork(2), clone(2) and clone3(2) all
// come here; so do kernel threads. The path, for gdb: docs/fork.md.
// Open files: copy_files (fs/file.c); root and cwd: copy_fs
// (fs/fs_struct.c); credentials: copy_creds (cred/cred.c); namespaces:
// copy_namespaces (ns/nsproxy.c).
//
// A task_struct starts with two references (usage 2), as in Linux:
// one for being on the tasklist, dropped by release_task(), and one for
// being able to run, dropped by the task switched to after its last
// switch (finish_task_switch). Whoever else keeps a pointer takes one.

#include <nook/completion.h>
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mm.h>
#include <nook/nsproxy.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/timekeeping.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/utsname.h>
#include <asm/switch_to.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Guards the tasklist and every task's parent, children and sibling. */
DEFINE_SPINLOCK(tasklist_lock);
/* Every task but the pid-0 idle tasks, by task->tasks (under tasklist_lock). */
LIST_HEAD(tasklist);

struct kmem_cache *task_struct_cachep;

void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct",
					       sizeof(struct task_struct), 0,
					       SLAB_HWCACHE_ALIGN, NULL);
	BUG_ON(!task_struct_cachep);
	rlimit_init();		/* RLIMIT_NPROC and SIGPENDING from memory */
	files_init();		/* Linux: vfs_caches_init */
	fs_struct_init();
	cred_init();
	nsproxy_cache_init();	/* Linux: proc_caches_init */
	uts_ns_init();
}

void set_task_comm(struct task_struct *p, const char *name)
{
	strlcpy(p->comm, name, sizeof(p->comm));	/* truncates, as Linux */
}

/* A new task: zeroed, with a stack, named as orig, not yet running. */
struct task_struct *dup_task_struct(struct task_struct *orig)
{
	struct task_struct *tsk = kmem_cache_zalloc(task_struct_cachep);
	struct page *stack;

	if (!tsk)
		return NULL;
	stack = alloc_pages(THREAD_SIZE_ORDER);
	if (!stack) {
		kmem_cache_free(task_struct_cachep, tsk);
		return NULL;
	}
	tsk->stack = page_address(stack);
	*end_of_stack(tsk) = STACK_END_MAGIC;
	tsk->__state = TASK_NEW;
	tsk->usage = 2;
	tsk->cpu = orig->cpu;
	spin_lock_init(&tsk->pi_lock, "pi_lock");
	spin_lock_init(&tsk->alloc_lock, "alloc_lock");
	INIT_LIST_HEAD(&tsk->run_list);
	INIT_LIST_HEAD(&tsk->children);
	INIT_LIST_HEAD(&tsk->sibling);
	INIT_LIST_HEAD(&tsk->tasks);
	init_waitqueue_head(&tsk->wait_chldexit);
	set_task_comm(tsk, orig->comm);
	copy_rlimits(tsk, orig);	/* Linux: copy_signal */
	return tsk;
}

static void free_task(struct task_struct *tsk)
{
	__free_pages(virt_to_page(tsk->stack), THREAD_SIZE_ORDER);
	kfree(tsk->worker_private);
	kmem_cache_free(task_struct_cachep, tsk);
}

void __put_task_struct(struct task_struct *tsk)
{
	/* Only a task that has run its last (or never ran) may go. */
	BUG_ON(tsk == current);
	BUG_ON(!(tsk->flags & PF_EXITING));
	exit_creds(tsk);
	free_task(tsk);
}

/*
 * Fault injection for the ktests (Linux: fail_nth, through the fault
 * injection framework). When set to n > 0, the n-th failure point that
 * copy_process passes fails as if memory or pids had run out. Only the
 * test that sets it (and copy_process, under it) use it.
 */
static int fork_fail_nth;

void fork_set_fail_nth(int n)
{
	WRITE_ONCE(fork_fail_nth, n);
}

static bool fork_should_fail(void)
{
	int n = READ_ONCE(fork_fail_nth);

	if (n <= 0)
		return false;
	WRITE_ONCE(fork_fail_nth, n - 1);
	return n == 1;
}

/*
 * The flag rules of clone(2), in Linux's order (copy_process), then
 * what Nook refuses because it does not have it yet (README, Features).
 */
static int check_clone_flags(u64 flags)
{
	/* A new mount namespace with a shared root and cwd makes no sense. */
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	/* Threads share handlers; shared handlers need a shared mm. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* init's siblings would have no reaper (Linux: SIGNAL_UNKILLABLE). */
	if ((flags & (CLONE_PARENT | CLONE_THREAD)) && current == child_reaper)
		return -EINVAL;
	/*
	 * Not in Nook yet: threads and shared signal handlers (one
	 * task per process until signals and thread groups exist),
	 * pidfds (no files before Step 3), user namespaces (no
	 * credentials yet). The other CLONE_NEW* types Nook lacks are
	 * refused where Linux would create them (create_new_namespaces).
	 */
	if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_PIDFD |
		     CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (flags & CLONE_NEWUSER)
		return -EINVAL;
	return 0;
}

/*
 * The child's address space: the same mm (CLONE_VM: vfork, threads) or
 * a copy-on-write copy of it (fork). Kernel threads have none.
 */
static int copy_mm(u64 clone_flags, struct task_struct *tsk,
		   const struct kernel_clone_args *args)
{
	struct mm_struct *oldmm = current->mm, *mm;

	tsk->mm = tsk->active_mm = NULL;
	if (!oldmm || args->kthread)
		return 0;
	if (fork_should_fail())
		return -ENOMEM;
	if (clone_flags & CLONE_VM) {
		mmget(oldmm);
		mm = oldmm;
	} else {
		mm = dup_mm(oldmm);
		if (!mm)
			return -ENOMEM;
	}
	tsk->mm = tsk->active_mm = mm;
	return 0;
}

/* A fresh pid for p, or the injected failure's -EAGAIN (pids ran out). */
static int copy_pid(struct task_struct *p)
{
	pid_t nr;

	if (fork_should_fail())
		return -EAGAIN;
	nr = alloc_pid();
	if (nr < 0)
		return nr;
	p->pid = p->tgid = nr;
	p->start_boottime = ktime_get_boottime_ns();
	return 0;
}

/* Under tasklist_lock: p joins its parent's children and the tasklist. */
static void link_new_task(struct task_struct *p, u64 clone_flags)
{
	/*
	 * Linux makes every kernel thread a child of kthreadd (pid 2);
	 * Nook has none, so a task is its creator's child. Kernel threads
	 * reap themselves and never make their parent wait. CLONE_PARENT
	 * makes the child a sibling: its creator's parent is told.
	 */
	if (clone_flags & CLONE_PARENT) {
		p->real_parent = current->real_parent;
		p->exit_signal = current->exit_signal;
	} else {
		p->real_parent = current;
	}
	p->parent = p->real_parent;
	/* fork(2): the child is in its parent's group, session and tty. */
	p->pgrp = task_pgrp_nr(current);
	p->session = task_session_nr(current);
	p->leader = 0;
	p->tty = current->tty;
	list_add_tail(&p->sibling, &p->real_parent->children);
	list_add_tail(&p->tasks, &tasklist);
	total_forks++;
}

/*
 * Under tasklist_lock, which a process-group kill holds while it walks
 * the tasks: a ^C for our group sent while we copied reached us but not
 * the child, not listed yet. Take the signal first and run fork again
 * (-ERESTARTNOINTR), so it reaches either the parent before the fork or
 * both after. Older Linux did just this; today's holds such signals
 * back instead (signal->multiprocess), which also keeps a flood of
 * them from starving fork. Kernel threads take no signals.
 */
static bool fork_signal_pending(void)
{
	bool pending;

	spin_lock(&current->sighand->siglock);
	recalc_sigpending();
	pending = signal_pending(current);
	spin_unlock(&current->sighand->siglock);
	return pending;
}

/* Tasks made since boot (/proc/stat's processes); under tasklist_lock. */
unsigned long total_forks;

unsigned long nr_processes(void)
{
	struct task_struct *p;
	unsigned long flags, n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		n++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

struct task_struct *copy_process(struct kernel_clone_args *args)
{
	u64 clone_flags = args->flags;
	struct task_struct *p;
	unsigned long flags;
	int err;

	err = check_clone_flags(clone_flags);
	if (err)
		return ERR_PTR(err);

	p = fork_should_fail() ? NULL : dup_task_struct(current);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->flags = current->flags & ~(PF_IDLE | PF_EXITING | PF_KTHREAD);
	p->flags |= PF_FORKNOEXEC;	/* setpgid's EACCES once exec clears it */
	if (args->kthread)
		p->flags |= PF_KTHREAD;
	if (args->name)
		set_task_comm(p, args->name);
	p->exit_signal = args->exit_signal;
	p->set_child_tid = (clone_flags & CLONE_CHILD_SETTID) ?
			   args->child_tid : NULL;
	p->clear_child_tid = (clone_flags & CLONE_CHILD_CLEARTID) ?
			     args->child_tid : NULL;

	/*
	 * Each copy is undone by the label below it when a later step
	 * fails.
	 */
	err = fork_should_fail() ? -ENOMEM : copy_creds(p, clone_flags);
	if (err)
		goto bad_fork_free;
	err = copy_sighand(clone_flags, p);
	if (err)
		goto bad_fork_cleanup_cred;
	err = copy_signal(clone_flags, p);
	if (err)
		goto bad_fork_cleanup_sighand;
	err = copy_files(clone_flags, p);
	if (err)
		goto bad_fork_cleanup_sighand;
	err = copy_fs(clone_flags, p);
	if (err)
		goto bad_fork_cleanup_files;
	err = copy_mm(clone_flags, p, args);
	if (err)
		goto bad_fork_cleanup_fs;
	err = copy_namespaces(clone_flags, p);
	if (err)
		goto bad_fork_cleanup_mm;
	err = copy_pid(p);
	if (err)
		goto bad_fork_cleanup_namespaces;
	err = copy_thread(p, args);
	if (err)
		goto bad_fork_free_pid;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (!args->kthread && fork_signal_pending()) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		err = -ERESTARTNOINTR;
		goto bad_fork_free_pid;
	}
	link_new_task(p, clone_flags);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;

bad_fork_free_pid:
	free_pid(p->pid);
bad_fork_cleanup_namespaces:
	exit_task_namespaces(p);
bad_fork_cleanup_mm:
	if (p->mm)
		mmput(p->mm);
bad_fork_cleanup_fs:
	exit_fs(p);
bad_fork_cleanup_files:
	exit_files(p);
bad_fork_cleanup_sighand:
	__cleanup_sighand(p->sighand);
bad_fork_cleanup_cred:
	exit_creds(p);
bad_fork_free:
	free_task(p);			/* it never ran: no reference to drop */
	return ERR_PTR(err);
}

/* The vfork parent sleeps until its child has execed or exited. */
static void wait_for_vfork_done(struct task_struct *child,
				struct completion *vfork)
{
	/*
	 * Killable, as in Linux: SIGKILL frees the parent. Then the child
	 * must not complete a completion on our stack, which is gone:
	 * vfork_done is cleared under the child's pi_lock, the lock
	 * complete_vfork_done takes too.
	 */
	if (wait_for_completion_killable(vfork)) {
		unsigned long flags;

		spin_lock_irqsave(&child->pi_lock, flags);
		child->vfork_done = NULL;
		spin_unlock_irqrestore(&child->pi_lock, flags);
	}
	put_task_struct(child);
}

pid_t kernel_clone(struct kernel_clone_args *args)
{
	u64 clone_flags = args->flags;
	struct completion vfork;
	struct task_struct *p;
	pid_t nr;

	p = copy_process(args);
	if (IS_ERR(p))
		return PTR_ERR(p);
	nr = p->pid;	/* before waking: p may run, exit and be freed */
	/* Linux ignores a fault here: the child exists all the same. */
	if (clone_flags & CLONE_PARENT_SETTID)
		(void)put_user(nr, args->parent_tid);
	if (clone_flags & CLONE_VFORK) {
		p->vfork_done = &vfork;
		init_completion(&vfork);
		get_task_struct(p);	/* the completion is read through p */
	}
	wake_up_new_task(p);
	if (clone_flags & CLONE_VFORK)
		wait_for_vfork_done(p, &vfork);
	return nr;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned long flags)
{
	struct kernel_clone_args args = {
		.flags = flags & ~CSIGNAL,
		.exit_signal = flags & CSIGNAL,
		.fn = fn,
		.fn_arg = arg,
		.name = name,
		.kthread = true,
	};

	return kernel_clone(&args);
}

/*
 * A new task's first C code: finish the switch that brought us here.
 * A kernel thread runs its function; a user child (fn NULL) tells its
 * CLONE_CHILD_SETTID word its pid (Linux: schedule_tail) and leaves for
 * user mode with the registers copy_thread gave it.
 */
void ret_from_fork(struct task_struct *prev, struct pt_regs *regs,
		   int (*fn)(void *), void *arg)
{
	schedule_tail(prev);
	if (fn)
		do_exit(fn(arg));
	if (current->set_child_tid)
		(void)put_user(task_pid_nr(current), current->set_child_tid);
	exit_to_user_mode(regs);
	ret_to_user_mode(regs);
}

/*
 * Linux: mm_release(). tsk lets go of mm, at exit or exec. Its
 * clear_child_tid word is zeroed, if others share mm and could wait
 * on it (a thread library's join); Linux then also does a futex wake
 * on that word: Nook has no futexes yet. A vfork parent resumes.
 */
void mm_release(struct task_struct *tsk, struct mm_struct *mm)
{
	if (tsk->clear_child_tid) {
		if (READ_ONCE(mm->mm_users) > 1)
			(void)put_user(0, tsk->clear_child_tid);
		tsk->clear_child_tid = NULL;
	}
	complete_vfork_done(tsk);
}

/* ---- the system calls ---- */

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VFORK | CLONE_VM,
		.exit_signal = SIGCHLD,
	};

	return kernel_clone(&args);
}

/* x86-64's argument order (Linux: CONFIG_CLONE_BACKWARDS is not set). */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tidptr, int __user *, child_tidptr,
		unsigned long, tls)
{
	struct kernel_clone_args args = {
		/* only the low 32 bits: clone3's flags do not exist here */
		.flags = (u32)clone_flags & ~CSIGNAL,
		.exit_signal = (u32)clone_flags & CSIGNAL,
		.stack = newsp,
		.tls = tls,
		.parent_tid = parent_tidptr,
		.child_tid = child_tidptr,
	};

	return kernel_clone(&args);
}

/* clone3(2)'s argument block (Linux: include/uapi/linux/sched.h). */
struct clone_args {
	u64 flags;
	u64 pidfd;
	u64 child_tid;
	u64 parent_tid;
	u64 exit_signal;
	u64 stack;		/* lowest address of the child's stack */
	u64 stack_size;
	u64 tls;
	u64 set_tid;		/* since VER1 */
	u64 set_tid_size;
	u64 cgroup;		/* since VER2 */
};

#define CLONE_ARGS_SIZE_VER0	64	/* the first version's size */
#define CLONE_LEGACY_FLAGS	0xffffffffULL

/*
 * Linux: copy_struct_from_user(). A struct that grows by versions: a
 * caller built against an older, smaller one gets zeros for the new
 * fields; a newer caller's extra bytes must all be zero (-E2BIG
 * otherwise), since a nonzero one asks for something we do not know.
 */
static int copy_struct_from_user(void *dst, size_t ksize,
				 const void __user *src, size_t usize)
{
	size_t size = min(ksize, usize);

	if (usize > ksize) {
		const u8 __user *extra = (const u8 __user *)src + ksize;
		u8 buf[64];

		for (size_t done = 0; done < usize - ksize;) {
			size_t n = min(sizeof(buf), usize - ksize - done);

			if (copy_from_user(buf, extra + done, n))
				return -EFAULT;
			for (size_t i = 0; i < n; i++)
				if (buf[i])
					return -E2BIG;
			done += n;
		}
	}
	memset(dst, 0, ksize);
	if (copy_from_user(dst, src, size))
		return -EFAULT;
	return 0;
}

/* Linux: copy_clone_args_from_user(), its checks in its order. */
static int copy_clone_args_from_user(struct kernel_clone_args *kargs,
				     const struct clone_args __user *uargs,
				     size_t usize)
{
	struct clone_args args;
	int err;

	if (usize > PAGE_SIZE)
		return -E2BIG;
	if (usize < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	err = copy_struct_from_user(&args, sizeof(args), uargs, usize);
	if (err)
		return err;
	if (!args.set_tid && args.set_tid_size)
		return -EINVAL;
	if (args.set_tid && !args.set_tid_size)
		return -EINVAL;
	/* exit_signal is a whole u64 here: only a real signal number. */
	if ((args.exit_signal & ~(u64)CSIGNAL) || args.exit_signal > _NSIG)
		return -EINVAL;
	/*
	 * Choosing the child's pid (set_tid, for checkpoint/restore) and
	 * its cgroup are not in Nook: refused (README, Features).
	 */
	if (args.set_tid || (args.flags & CLONE_INTO_CGROUP))
		return -EINVAL;

	*kargs = (struct kernel_clone_args){
		.flags = args.flags,
		.exit_signal = args.exit_signal,
		.stack = args.stack,
		.tls = args.tls,
		.parent_tid = (int __user *)args.parent_tid,
		.child_tid = (int __user *)args.child_tid,
	};
	/* Unlike clone's newsp, a stack is given by its base and size. */
	if (!args.stack) {
		if (args.stack_size)
			return -EINVAL;
	} else {
		if (!args.stack_size || args.stack_size > TASK_SIZE_MAX ||
		    args.stack > TASK_SIZE_MAX - args.stack_size)
			return -EINVAL;
		kargs->stack = args.stack + args.stack_size;
	}
	return 0;
}

/* Linux: clone3_args_valid(). */
static bool clone3_args_valid(const struct kernel_clone_args *kargs)
{
	u64 flags = kargs->flags;

	if (flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND |
		      CLONE_INTO_CGROUP))
		return false;
	/* The exit-signal byte and CLONE_DETACHED are free for reuse. */
	if (flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return false;
	if ((flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return false;
	if ((flags & (CLONE_THREAD | CLONE_PARENT)) && kargs->exit_signal)
		return false;
	return true;
}

SYSCALL_DEFINE2(clone3, struct clone_args __user *, uargs, size_t, size)
{
	struct kernel_clone_args kargs;
	int err;

	err = copy_clone_args_from_user(&kargs, uargs, size);
	if (err)
		return err;
	if (!clone3_args_valid(&kargs))
		return -EINVAL;
	return kernel_clone(&kargs);
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

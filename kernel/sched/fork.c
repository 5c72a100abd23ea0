// kernel/sched/fork.c — making tasks: copy_process, kernel_clone,
// kernel_thread, and freeing them at the last reference.
//
// Linux: kernel/fork.c. copy_process() builds the new task_struct and
// its kernel stack, gives it a pid and a first stack frame, and links
// it to its parent and the tasklist; kernel_clone() then wakes it. For
// now it makes kernel threads only: fork's copies (copy_mm, copy_files,
// copy_fs, copy_creds, copy_namespaces) slot into copy_process's unwind
// ladder where the comment says.
//
// A task_struct starts with two references (usage 2), as in Linux:
// one for being on the tasklist, dropped by release_task(), and one for
// being able to run, dropped by the task switched to after its last
// switch (finish_task_switch). Whoever else keeps a pointer takes one.

#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/switch_to.h>

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
	INIT_LIST_HEAD(&tsk->run_list);
	INIT_LIST_HEAD(&tsk->children);
	INIT_LIST_HEAD(&tsk->sibling);
	INIT_LIST_HEAD(&tsk->tasks);
	init_waitqueue_head(&tsk->wait_chldexit);
	set_task_comm(tsk, orig->comm);
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
	free_task(tsk);
}

struct task_struct *copy_process(struct kernel_clone_args *args)
{
	struct task_struct *p;
	unsigned long flags;
	int err;

	p = dup_task_struct(current);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->flags = current->flags & ~(PF_IDLE | PF_EXITING | PF_KTHREAD);
	if (args->kthread)
		p->flags |= PF_KTHREAD;
	if (args->name)
		set_task_comm(p, args->name);
	p->exit_signal = args->exit_signal;

	/*
	 * fork's copies go here, each undone by a label below when a
	 * later step fails: copy_creds, copy_files, copy_fs, copy_mm
	 * (Step 2 user address spaces), copy_namespaces (Step 4).
	 */
	err = copy_sighand(args->flags, p);
	if (err)
		goto bad_fork_free;
	err = copy_signal(args->flags, p);
	if (err)
		goto bad_fork_cleanup_sighand;

	err = alloc_pid();
	if (err < 0)
		goto bad_fork_cleanup_sighand;
	p->pid = p->tgid = err;

	copy_thread(p, args->fn, args->fn_arg);

	spin_lock_irqsave(&tasklist_lock, flags);
	/*
	 * Linux makes every kernel thread a child of kthreadd (pid 2);
	 * Nook has none, so a task is its creator's child. Kernel threads
	 * reap themselves and never make their parent wait.
	 */
	p->real_parent = p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &tasklist);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;

bad_fork_cleanup_sighand:
	__cleanup_sighand(p->sighand);
bad_fork_free:
	free_task(p);
	return ERR_PTR(err);
}

pid_t kernel_clone(struct kernel_clone_args *args)
{
	struct task_struct *p = copy_process(args);
	pid_t nr;

	if (IS_ERR(p))
		return PTR_ERR(p);
	nr = p->pid;	/* before waking: p may run, exit and be freed */
	wake_up_new_task(p);
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

/* A new task's first C code: finish the switch that brought us here. */
void ret_from_fork(struct task_struct *prev, struct pt_regs *regs,
		   int (*fn)(void *), void *arg)
{
	schedule_tail(prev);
	BUG_ON(!fn);	/* user tasks (fn NULL) arrive with user mode */
	do_exit(fn(arg));
}

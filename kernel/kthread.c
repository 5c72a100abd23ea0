// kernel/kthread.c — kernel threads: kthread_create, kthread_stop.
//
// Linux: kernel/kthread.c. Every kernel thread starts in kthread(),
// which runs the thread's function unless it was told to stop before it
// ever ran. Semantics are in nook/kthread.h. The struct kthread hangs
// off task->worker_private and is freed with the task_struct, so a
// kthread_stop() holding a task reference may still read the result.
// kthread_use_mm() lets a kernel thread work in a user address space.

#include <nook/completion.h>
#include <nook/errno.h>
#include <nook/kthread.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/preempt.h>
#include <asm/mmu_context.h>
#include <nook/slab.h>

#define KTHREAD_SHOULD_STOP	0	/* bit in kthread->flags */

struct kthread {
	unsigned long flags;		/* KTHREAD_*: atomic bits */
	int result;			/* written by the thread before exited */
	struct completion exited;	/* the thread's vfork_done */
	int (*threadfn)(void *data);
	void *data;
};

static struct kthread *to_kthread(struct task_struct *k)
{
	return k->worker_private;
}

void kthread_exit(long result)
{
	to_kthread(current)->result = result;
	do_exit(result);
}

static int kthread(void *arg)
{
	struct kthread *self = arg;
	int ret = -EINTR;

	if (!kthread_should_stop())
		ret = self->threadfn(self->data);
	kthread_exit(ret);
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *name)
{
	struct kthread *self = kzalloc(sizeof(*self));
	struct kernel_clone_args args = {
		.flags = CLONE_FS | CLONE_FILES | CLONE_UNTRACED,
		.exit_signal = -1,
		.fn = kthread,
		.name = name,
		.kthread = true,
	};
	struct task_struct *k;

	if (!self)
		return ERR_PTR(-ENOMEM);
	init_completion(&self->exited);
	self->threadfn = threadfn;
	self->data = data;
	args.fn_arg = self;
	k = copy_process(&args);
	if (IS_ERR(k)) {
		kfree(self);
		return k;
	}
	k->worker_private = self;
	k->vfork_done = &self->exited;
	/* Created asleep, as Linux's are: wake_up_process() starts it. */
	k->__state = TASK_UNINTERRUPTIBLE;
	return k;
}

bool kthread_should_stop(void)
{
	struct kthread *self = to_kthread(current);

	return __atomic_load_n(&self->flags, __ATOMIC_ACQUIRE) &
	       (1UL << KTHREAD_SHOULD_STOP);
}

int kthread_stop(struct task_struct *k)
{
	struct kthread *kt = to_kthread(k);
	int ret;

	get_task_struct(k);
	__atomic_fetch_or(&kt->flags, 1UL << KTHREAD_SHOULD_STOP,
			  __ATOMIC_RELEASE);
	wake_up_process(k);
	wait_for_completion(&kt->exited);
	ret = kt->result;
	put_task_struct(k);
	return ret;
}

void kthread_use_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *active_mm;

	BUG_ON(!(tsk->flags & PF_KTHREAD) || tsk->mm);
	mmgrab(mm);			/* held as active_mm from now on */
	preempt_disable();
	active_mm = tsk->active_mm;
	tsk->active_mm = mm;
	tsk->mm = mm;
	switch_mm(active_mm, mm, tsk);
	preempt_enable();
	mmdrop(active_mm);		/* the lazy borrow it replaces */
}

void kthread_unuse_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;

	BUG_ON(tsk->mm != mm);
	mmgrab(&init_mm);
	preempt_disable();
	tsk->mm = NULL;
	tsk->active_mm = &init_mm;
	switch_mm(mm, &init_mm, tsk);
	preempt_enable();
	mmdrop(mm);
}

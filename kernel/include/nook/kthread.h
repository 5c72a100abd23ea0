/*
 * nook/kthread.h — kernel threads. Linux: include/linux/kthread.h,
 * kernel/kthread.c.
 *
 * Semantics (Linux's): kthread_create() makes a thread that has not
 * started; wake_up_process() (or kthread_run) starts it. It runs
 * threadfn(data) and ends when that returns, or when it calls
 * kthread_exit()/do_exit(). A kernel thread reaps itself (exit_signal
 * -1: no zombie, nobody waits for it): on exit it leaves the tasklist
 * and frees its pid at once, and its task_struct is freed at the last
 * put_task_struct.
 *
 * kthread_stop(k) asks k to stop (kthread_should_stop() turns true),
 * wakes it, waits until it has exited and returns its result. Because
 * the thread reaps itself, the caller of kthread_stop() must keep k's
 * task_struct alive: take get_task_struct(k) before waking it if it may
 * end on its own, and put it after kthread_stop(). A thread that only
 * ends when asked needs no extra reference.
 */
#ifndef NOOK_KTHREAD_H
#define NOOK_KTHREAD_H

#include <nook/sched.h>

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *name);

#define kthread_run(threadfn, data, name)				\
({									\
	struct task_struct *__k = kthread_create(threadfn, data, name);	\
	if (!IS_ERR(__k))						\
		wake_up_process(__k);					\
	__k;								\
})

bool kthread_should_stop(void);
int kthread_stop(struct task_struct *k);
void kthread_exit(long result) __noreturn;

struct mm_struct;
/*
 * A kernel thread works in mm's address space (user pointers mean mm's)
 * until kthread_unuse_mm(). The caller holds an mm_users reference for
 * as long. Unlike Linux, unuse switches to init_mm at once instead of
 * keeping mm as a lazy active_mm, so mm can be freed as soon as its
 * users let go (the fork tests count on that).
 */
void kthread_use_mm(struct mm_struct *mm);
void kthread_unuse_mm(struct mm_struct *mm);

#endif

/*
 * asm/switch_to.h — switch_to(): from one task's kernel stack to another's.
 * Linux: arch/x86/include/asm/switch_to.h.
 *
 * A task that is not running has this frame at its saved rsp, pushed
 * by __switch_to_asm (arch/x86_64/kernel/switch.asm); popping it and
 * returning resumes the task where it called switch_to. A new task gets
 * a hand-made one (copy_thread) whose return address is ret_from_fork_asm.
 */
#ifndef ASM_SWITCH_TO_H
#define ASM_SWITCH_TO_H

#include <nook/kernel.h>

struct task_struct;

/* Lowest address first: the reverse of __switch_to_asm's push order. */
struct inactive_task_frame {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long bx;	/* new task: the function it runs */
	unsigned long bp;	/* the caller's frame pointer: backtraces */
	unsigned long ret_addr;
};

struct task_struct *__switch_to_asm(struct task_struct *prev,
				    struct task_struct *next);
/* The C half: TSS.sp0 and current. Returns prev, in next's context. */
struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next);
void ret_from_fork_asm(void);

/*
 * Switch from prev to next; when prev runs again, last is the task that
 * ran just before it (not necessarily next: that one is long gone).
 */
#define switch_to(prev, next, last)					\
	do {								\
		(last) = __switch_to_asm(prev, next);			\
	} while (0)

/* Where the CPU enters the kernel from user mode, and a new thread starts. */
unsigned long task_top_of_stack(struct task_struct *p);
struct kernel_clone_args;
/*
 * Lay out a new task's first frame: a kernel thread's first switch_to
 * runs args->fn(args->fn_arg); a user child (fn NULL) returns to user
 * mode with current's registers, rax = 0. Returns 0 or -errno.
 */
int copy_thread(struct task_struct *p, const struct kernel_clone_args *args);
/* Walk a switched-out task's frame pointers (for get_wchan and tests). */
int stack_trace_save_tsk(struct task_struct *p, unsigned long *store,
			 unsigned int size);
void sched_show_task(struct task_struct *p);

#endif

// arch/x86_64/kernel/process.c — the x86 half of tasks: a new task's
// first frame, the C half of the context switch, sleeping tasks' stacks.
//
// Linux: arch/x86/kernel/process.c (copy_thread), process_64.c
// (__switch_to) and stacktrace.c. A task's kernel stack, from the top:
// struct pt_regs (where the CPU and entry code save user registers on
// a kernel entry from ring 3; zero for kernel threads), then, while the
// task is switched out, its struct inactive_task_frame at thread.sp.

#include <nook/errno.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/ptrace.h>
#include <asm/switch_to.h>
#include <asm/syscall.h>

_Static_assert(offsetof(struct task_struct, thread.sp) == TASK_THREAD_SP_OFFSET,
	       "switch.asm's TASK_THREAD_SP must match task_struct");

void arch_setup_new_exec(void)
{
	struct thread_struct *t = &current->thread;

	t->fsbase = t->gsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);	/* the user's GS, swapped in on return */
	fpu_init_state(&t->fpu);
	fpu_restore(&t->fpu);
}

unsigned long task_top_of_stack(struct task_struct *p)
{
	return (unsigned long)p->stack + THREAD_SIZE;
}

static struct pt_regs *task_pt_regs(struct task_struct *p)
{
	return (struct pt_regs *)task_top_of_stack(p) - 1;
}

/*
 * A user child's user state is a copy of current's as it is right now:
 * the registers it entered the kernel with (only rax differs: fork
 * returns 0 in the child), and the FPU registers and FS/GS bases, which
 * live in the CPU while current runs, not in current->thread.
 */
static void copy_user_thread(struct task_struct *p, struct pt_regs *childregs,
			     const struct kernel_clone_args *args)
{
	*childregs = *current_pt_regs();
	childregs->ax = 0;
	if (args->stack)
		childregs->sp = args->stack;

	fpu_save(&p->thread.fpu);
	p->thread.fsbase = rdmsr(MSR_FS_BASE);
	p->thread.gsbase = rdmsr(MSR_KERNEL_GS_BASE);	/* swapgs'd away */
	if (args->flags & CLONE_SETTLS)
		p->thread.fsbase = args->tls;
}

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct pt_regs *regs = task_pt_regs(p);
	struct inactive_task_frame *frame = (struct inactive_task_frame *)regs - 1;

	memset(frame, 0, sizeof(*frame));
	frame->bp = 0;			/* ends backtraces in the new task */
	frame->ret_addr = (unsigned long)ret_from_fork_asm;
	p->thread.sp = (unsigned long)frame;

	if (args->fn) {
		/* A kernel thread: no user registers; run fn(arg). */
		memset(regs, 0, sizeof(*regs));
		frame->bx = (unsigned long)args->fn;
		frame->r12 = (unsigned long)args->fn_arg;
		return 0;
	}
	/* Linux: an FS base in the kernel's half is refused (arch_prctl). */
	if ((args->flags & CLONE_SETTLS) && args->tls >= TASK_SIZE_MAX)
		return -EPERM;
	copy_user_thread(p, regs, args);
	return 0;
}

/*
 * Called (jumped to) by __switch_to_asm on next's stack, interrupts off.
 * sp0 is where the CPU will put next's registers when user mode enters
 * the kernel: the top of next's own stack.
 */
struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next)
{
	struct cpu *c = this_cpu();

	/* User state lives in the CPU only while its task runs. */
	if (prev->mm) {
		fpu_save(&prev->thread.fpu);
		prev->thread.fsbase = rdmsr(MSR_FS_BASE);
		prev->thread.gsbase = rdmsr(MSR_KERNEL_GS_BASE);
	}
	if (next->mm) {
		fpu_restore(&next->thread.fpu);
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
		wrmsr(MSR_KERNEL_GS_BASE, next->thread.gsbase);
	}
	c->arch->tss.sp0 = task_top_of_stack(next);
	c->top_of_stack = task_top_of_stack(next);
	WRITE_ONCE(c->current_task, next);
	return prev;
}

static bool on_task_stack(struct task_struct *p, unsigned long addr,
			  size_t len)
{
	unsigned long lo = (unsigned long)p->stack;

	return addr >= lo && addr + len <= lo + THREAD_SIZE && !(addr & 7);
}

/*
 * Return addresses of a switched-out task, innermost first. The caller
 * must keep p from running meanwhile (p asleep and staying so), as
 * Linux's stack_trace_save_tsk requires.
 */
int stack_trace_save_tsk(struct task_struct *p, unsigned long *store,
			 unsigned int size)
{
	struct inactive_task_frame *frame;
	unsigned long bp;
	unsigned int n = 0;

	if (READ_ONCE(p->on_cpu) || p == current)
		return 0;
	frame = (struct inactive_task_frame *)READ_ONCE(p->thread.sp);
	if (!on_task_stack(p, (unsigned long)frame, sizeof(*frame)))
		return 0;
	if (n < size)
		store[n++] = frame->ret_addr;
	bp = frame->bp;
	while (n < size && on_task_stack(p, bp, 2 * sizeof(long))) {
		unsigned long *rec = (unsigned long *)bp;

		if (!rec[1])
			break;
		store[n++] = rec[1];
		if (rec[0] <= bp)	/* callers' frames lie above */
			break;
		bp = rec[0];
	}
	return n;
}

void sched_show_task(struct task_struct *p)
{
	unsigned long entries[16];
	int n = stack_trace_save_tsk(p, entries, ARRAY_SIZE(entries));

	pr_info("task:%-15s state:%#x pid:%d cpu:%d\n", p->comm,
		task_state(p), p->pid, p->cpu);
	for (int i = 0; i < n; i++)
		pr_info(" %pS\n", (void *)(entries[i] - (i ? 1 : 0)));
}

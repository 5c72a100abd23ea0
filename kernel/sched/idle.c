// kernel/sched/idle.c — what a CPU runs when no task wants it.
//
// Linux: kernel/sched/idle.c (cpu_startup_entry, do_idle) and
// kernel/fork.c (fork_idle). Each CPU has an idle task with pid 0 that
// never sleeps and is never queued: the scheduler picks it only when the
// CPU's queue is empty. It halts until an interrupt, and calls schedule()
// once a wake-up or the tick has asked for it.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/nsproxy.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <asm/desc.h>
#include <asm/switch_to.h>
#include "sched.h"

struct task_struct *dup_task_struct(struct task_struct *orig);

struct task_struct *idle_task_create(int cpu)
{
	struct task_struct *idle;

	BUG_ON(cpu <= 0 || cpu >= NR_CPUS);	/* CPU 0 has init_task */
	idle = dup_task_struct(&init_task);
	if (!idle)
		return ERR_PTR(-ENOMEM);
	/* pid 0, on no tasklist, child of init_task: as fork_idle makes it. */
	idle->real_parent = idle->parent = &init_task;
	idle->exit_signal = -1;
	idle->real_cred = get_cred(&init_cred);	/* never put: never freed */
	idle->cred = get_cred(&init_cred);
	snprintf(idle->comm, sizeof(idle->comm), "swapper/%d", cpu);
	/* It starts on the kernel's page tables, as init_task does. */
	idle->active_mm = &init_mm;
	mmgrab(&init_mm);
	get_nsproxy(&init_nsproxy);	/* as fork_idle's copy_namespaces */
	idle->nsproxy = &init_nsproxy;
	init_idle(idle, cpu);
	return idle;
}

/* Halt until the next interrupt; "sti; hlt" leaves no gap for one to
 * slip between the last need_resched() test and the halt. */
static void default_idle(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static void do_idle(void)
{
	while (!need_resched()) {
		/* Before the test below: it may wake rcu_gp onto this CPU. */
		rcu_idle_enter();
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			break;
		}
		default_idle();
	}
	schedule();
}

void cpu_startup_entry(void)
{
	struct task_struct *idle = current;
	int cpu = smp_processor_id();

	BUG_ON(!idle || idle != cpu_rq(cpu)->idle);
	this_cpu()->arch->tss.sp0 = task_top_of_stack(idle);
	sched_set_online(cpu);
	local_irq_enable();
	for (;;)
		do_idle();
}

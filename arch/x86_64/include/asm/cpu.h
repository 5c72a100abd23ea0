/*
 * asm/cpu.h — per-CPU state: struct cpu, this_cpu(), smp_processor_id().
 *
 * Linux keeps per-CPU variables in a per-CPU area reached through %gs
 * (arch/x86/include/asm/percpu.h). Nook keeps one struct cpu per CPU, as
 * xv6 does, and points the GS base register at it: the first field is a
 * pointer to itself, so "movq %gs:0, reg" is this CPU's struct cpu.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <nook/kernel.h>

#define NR_CPUS 8

struct task_struct;
struct mm_struct;

struct cpu {
	struct cpu *self;	/* must stay first: read as %gs:0 */
	/*
	 * The syscall entry reads these two through GS before it has a
	 * stack (arch/x86_64/kernel/entry_syscall.asm, whose CPU_* offsets
	 * must match: checked in syscall.c). top_of_stack is the running
	 * task's kernel stack top, set by the context switch; the user's
	 * rsp waits in user_rsp_scratch until it can be pushed.
	 */
	unsigned long user_rsp_scratch;
	unsigned long top_of_stack;
	int id;			/* 0 for the boot CPU, then 1, 2, ... */
	u32 apic_id;		/* the local APIC's id for this CPU */
	bool present;		/* the firmware lists it (set by smp_init) */
	bool online;		/* set once the CPU has finished its setup */
	unsigned long irq_count; /* interrupts taken on this CPU */
	unsigned long ticks;	/* timer interrupts taken on this CPU */
	unsigned long resched_ipis; /* reschedule IPIs taken (Linux: RES) */
	struct cpu_arch *arch;	/* GDT, TSS and stacks: see gdt.c */

	/*
	 * Linux's pcpu_hot: what every kernel path reads, through GS.
	 * Both belong to this CPU alone: current_task is written only by
	 * the context switch (asm/current.h reads it), preempt_count only
	 * by code running on this CPU (nook/preempt.h).
	 */
	struct task_struct *current_task;
	int preempt_count;
	/*
	 * rcu_read_lock() depth, for debug checks only (nook/rcupdate.h):
	 * preempt_count already keeps readers on the CPU, this says why.
	 */
	int rcu_read_lock_nesting;

	/*
	 * The address space in this CPU's CR3 (Linux:
	 * cpu_tlbstate.loaded_mm). Written only by this CPU, in
	 * switch_mm with interrupts off; &init_mm from boot on.
	 */
	struct mm_struct *loaded_mm;
};

extern struct cpu cpus[NR_CPUS];

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(c));
	return c;
}

static inline int smp_processor_id(void)
{
	return this_cpu()->id;
}

/* Point GS at cpu c. Call first thing on each CPU. */
void cpu_set_current(struct cpu *c);
int num_online_cpus(void);
/* CPUs smp_init() found (all started ones among them). */
int num_present_cpus(void);

static inline bool cpu_online(int cpu)
{
	return cpu >= 0 && cpu < NR_CPUS && READ_ONCE(cpus[cpu].online);
}

#endif

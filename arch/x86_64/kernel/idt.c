// arch/x86_64/kernel/idt.c — the interrupt descriptor table.
//
// Linux: arch/x86/kernel/idt.c (idt_setup_traps, idt_setup_apic_and_irq_gates)
// and arch/x86/kernel/irq.c (common_interrupt). Every one of the 256
// vectors has a gate to its stub in entry.asm, so no vector can ever
// reach an empty gate (which would turn into a #GP, then a double fault,
// far from the cause). idt_dispatch() sends exceptions to traps.c and
// interrupts to the handler registered for their vector. On the way
// out of an interrupt it is the place where the kernel preempts the
// interrupted task (Linux: irqentry_exit in kernel/entry/common.c).

#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/syscall.h>
#include <asm/irq_vectors.h>
#include <asm/trapnr.h>
#include <asm/traps.h>

/* A 64-bit interrupt gate. Linux: struct gate_struct. */
struct gate_struct {
	u16 offset_low;
	u16 segment;
	u8 ist;			/* 0: stay on this stack; n: TSS ist[n - 1] */
	u8 type_attr;
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __packed;

/*
 * An interrupt gate (not a trap gate) clears IF on entry, so no handler
 * is interrupted before it has saved what it needs. DPL 0 everywhere
 * but int3 and into, so user code that executes "int $n" gets a #GP;
 * those two are meant for user programs (a debugger's breakpoint,
 * overflow checks) and reach their own handlers, which send SIGTRAP
 * and SIGSEGV. Linux: the "system gates" of idt.c.
 */
#define GATE_INTERRUPT	0xe
#define GATE_P		0x80
#define GATE_DPL3	0x60

extern const unsigned long idt_entry_table[NR_VECTORS];

/* Written by trap_init() on the boot CPU before any other CPU runs. */
static struct gate_struct idt_table[NR_VECTORS] __aligned(16);
static irq_handler_t irq_handlers[NR_VECTORS];

static void set_gate(unsigned int vector, unsigned long addr, int ist,
		     bool user)
{
	struct gate_struct *g = &idt_table[vector];

	g->offset_low = addr & 0xffff;
	g->offset_middle = (addr >> 16) & 0xffff;
	g->offset_high = addr >> 32;
	g->segment = __KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_P | GATE_INTERRUPT | (user ? GATE_DPL3 : 0);
	g->reserved = 0;
}

/* The exceptions that must not trust the stack they interrupt. */
static int vector_ist(unsigned int vector)
{
	if (vector == X86_TRAP_DF)
		return IST_INDEX_DF + 1;
	if (vector == X86_TRAP_NMI)
		return IST_INDEX_NMI + 1;
	return 0;
}

void idt_setup(void)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++)
		set_gate(v, idt_entry_table[v], vector_ist(v),
			 v == X86_TRAP_BP || v == X86_TRAP_OF);
}

void idt_load(void)
{
	struct desc_ptr idtr = {
		.size = sizeof(idt_table) - 1,
		.address = (u64)idt_table,
	};

	__asm__ __volatile__("lidt %0" : : "m"(idtr) : "memory");
}

void set_irq_handler(unsigned int vector, irq_handler_t handler)
{
	BUG_ON(vector < NR_EXCEPTION_VECTORS || vector >= NR_VECTORS);
	WRITE_ONCE(irq_handlers[vector], handler);
}

/* The address the gate for vector sends the CPU to (for tests). */
unsigned long idt_gate_addr(unsigned int vector)
{
	struct gate_struct *g = &idt_table[vector];

	if (!(g->type_attr & GATE_P))
		return 0;
	return g->offset_low | ((unsigned long)g->offset_middle << 16) |
	       ((unsigned long)g->offset_high << 32);
}

unsigned long idt_entry_addr(unsigned int vector)
{
	return idt_entry_table[vector];
}

/*
 * The handler is done and has sent its EOI. If the tick or a wake-up
 * asked for a reschedule, switch tasks now, unless the interrupted code
 * cannot be preempted: it held a spinlock (preempt_count) or had
 * interrupts off. Only device interrupts come here: an NMI may land
 * anywhere, even inside the scheduler. The switched-out task's
 * registers stay in its pt_regs until it is picked again and returns.
 */
static void irqentry_exit(struct pt_regs *regs)
{
	struct task_struct *curr = this_cpu()->current_task;

	if (!curr || !test_tsk_need_resched(curr))
		return;		/* curr NULL: a CPU not scheduling yet */
	if (preempt_count() || !(regs->flags & X86_EFLAGS_IF))
		return;
	preempt_schedule_irq();
}

/*
 * Back to user mode after an interrupt or exception: the same work as
 * at a system call's end (reschedule, deliver signals: a fault's signal
 * is delivered right here). Linux: irqentry_exit_to_user_mode. The
 * error code in orig_ax has been read by now; -1 says "not a system
 * call", so signal delivery never mistakes this frame for a call to
 * restart (Linux's entry code stores -1 there too).
 */
static void irqentry_exit_to_user_mode(struct pt_regs *regs)
{
	regs->orig_ax = -1;
	exit_to_user_mode(regs);
}

void idt_dispatch(struct pt_regs *regs, unsigned long vector)
{
	irq_handler_t handler;

	if (vector < NR_EXCEPTION_VECTORS) {
		do_exception(regs, vector);
		/*
		 * NMIs and double faults run on their own IST stacks, where
		 * scheduling is not allowed; their user-mode work waits for
		 * the next interrupt or system call.
		 */
		if (user_mode(regs) && vector != X86_TRAP_NMI &&
		    vector != X86_TRAP_DF)
			irqentry_exit_to_user_mode(regs);
		return;
	}
	this_cpu()->irq_count++;
	handler = READ_ONCE(irq_handlers[vector]);
	if (handler) {
		handler(regs);
	} else {
		/* Nobody asked for this vector: say so, let the APIC move on. */
		pr_warn("irq: unexpected interrupt on vector %#lx, CPU %d\n",
			vector, smp_processor_id());
		apic_eoi();
	}
	if (user_mode(regs))
		irqentry_exit_to_user_mode(regs);
	else
		irqentry_exit(regs);
}

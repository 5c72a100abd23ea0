// arch/x86_64/kernel/traps.c — what the kernel does with each exception.
//
// Linux: arch/x86/kernel/traps.c (die, exc_double_fault, exc_int3),
// nmi.c (exc_nmi) and process_64.c (__show_regs). Nook has no user mode
// yet, so an exception in the kernel is a bug: print what the CPU told
// us, every register and the interrupted backtrace, then panic. Three
// exceptions return: a page fault that arch/x86_64/mm/fault.c resolves
// (demand paging, copy-on-write, a user-copy fixup), int3 (a
// breakpoint, counted) and an NMI that is not a stop request.

#include <nook/panic.h>
#include <nook/printk.h>
#include <asm/fpu.h>
#include <asm/syscall.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/smp.h>
#include <asm/special_insns.h>
#include <asm/trapnr.h>
#include <asm/traps.h>

static const char *const exception_names[NR_EXCEPTION_VECTORS] = {
	[X86_TRAP_DE] = "divide error",
	[X86_TRAP_DB] = "debug",
	[X86_TRAP_NMI] = "NMI",
	[X86_TRAP_BP] = "int3",
	[X86_TRAP_OF] = "overflow",
	[X86_TRAP_BR] = "bounds",
	[X86_TRAP_UD] = "invalid opcode",
	[X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault",
	[X86_TRAP_OLD_MF] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS",
	[X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack segment",
	[X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault",
	[X86_TRAP_SPURIOUS] = "reserved vector 15",
	[X86_TRAP_MF] = "coprocessor error",
	[X86_TRAP_AC] = "alignment check",
	[X86_TRAP_MC] = "machine check",
	[X86_TRAP_XF] = "SIMD coprocessor error",
	[X86_TRAP_VE] = "virtualization exception",
	[X86_TRAP_CP] = "control protection fault",
	[X86_TRAP_VC] = "VMM communication exception",
	[X86_TRAP_SX] = "security exception",
};

/* Per CPU, written only by that CPU's int3 handler. */
static unsigned long int3_counts[NR_CPUS];
static unsigned long int3_ips[NR_CPUS];
static int die_counter;		/* oopses so far, on any CPU: atomic */

static const char *exception_name(unsigned long vector)
{
	const char *name = exception_names[vector];

	return name ? name : "reserved exception";
}

void show_regs(struct pt_regs *regs)
{
	printk(KERN_EMERG "RIP: %04lx:%pS\n", regs->cs, (void *)regs->ip);
	printk(KERN_EMERG "RSP: %04lx:%016lx EFLAGS: %08lx\n",
	       regs->ss, regs->sp, regs->flags);
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n",
	       regs->ax, regs->bx, regs->cx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n",
	       regs->dx, regs->si, regs->di);
	printk(KERN_EMERG "RBP: %016lx R08: %016lx R09: %016lx\n",
	       regs->bp, regs->r8, regs->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n",
	       regs->r10, regs->r11, regs->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n",
	       regs->r13, regs->r14, regs->r15);
	printk(KERN_EMERG "CS:  %04lx SS: %04lx CR0: %016lx\n",
	       regs->cs, regs->ss, read_cr0());
	printk(KERN_EMERG "CR2: %016lx CR3: %016lx CR4: %016lx\n",
	       read_cr2(), read_cr3(), read_cr4());
}

void die(const char *str, struct pt_regs *regs, long err)
{
	local_irq_disable();
	/* The fault may have hit inside printk: the report must get out. */
	console_force_unlock();
	printk(KERN_EMERG "%s: %04lx [#%d] SMP\n", str, err,
	       __atomic_add_fetch(&die_counter, 1, __ATOMIC_RELAXED));
	printk(KERN_EMERG "CPU: %d\n", smp_processor_id());
	show_regs(regs);
	show_stack(regs->bp, regs->ip);
	panic("Fatal exception");
}

static void die_exception(struct pt_regs *regs, unsigned long vector)
{
	console_force_unlock();
	printk(KERN_EMERG "exception vector %lu in %s mode\n", vector,
	       user_mode(regs) ? "user" : "kernel");
	die(exception_name(vector), regs, regs->orig_ax);
}

/*
 * A kernel int3 is Nook's "you are here": it logs, counts, and goes on
 * at the next instruction (the CPU's saved rip already points past the
 * one-byte int3). Tests use it to check the whole entry/exit path.
 */
static void exc_int3(struct pt_regs *regs)
{
	int cpu = smp_processor_id();

	int3_counts[cpu]++;
	int3_ips[cpu] = regs->ip;
	pr_debug("int3: breakpoint at %pS\n", (void *)regs->ip);
}

unsigned long int3_count(void)
{
	return int3_counts[smp_processor_id()];
}

unsigned long int3_last_ip(void)
{
	return int3_ips[smp_processor_id()];
}

/* On its own IST stack. A stopped CPU never irets, so NMIs stay blocked. */
static void exc_nmi(struct pt_regs *regs)
{
	if (smp_stop_requested())
		stop_this_cpu();
	pr_emerg("NMI on CPU %d with no known cause; ignored\n",
		 smp_processor_id());
}

/* On its own IST stack: the stack we were on may be what overflowed. */
static void exc_double_fault(struct pt_regs *regs)
{
	console_force_unlock();
	printk(KERN_EMERG "double fault (error code %#lx): did a kernel stack overflow?\n",
	       regs->orig_ax);
	die("double fault", regs, regs->orig_ax);
}

void do_exception(struct pt_regs *regs, unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_PF:
		exc_page_fault(regs);
		break;
	case X86_TRAP_BP:
		exc_int3(regs);
		break;
	case X86_TRAP_NMI:
		exc_nmi(regs);
		break;
	case X86_TRAP_DF:
		exc_double_fault(regs);
		break;
	default:
		die_exception(regs, vector);
	}
}

void trap_init(void)
{
	cpu_init_gdt();
	idt_setup();
	idt_load();
	setup_smep_smap();
	syscall_init();
	fpu_init_cpu();
}

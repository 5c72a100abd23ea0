// arch/x86_64/kernel/traps.c — what the kernel does with each exception.
//
// Linux: arch/x86/kernel/traps.c (die, do_trap, exc_general_protection,
// math_error, exc_double_fault, exc_int3), nmi.c (exc_nmi) and
// process_64.c (__show_regs). An exception in user mode is the
// program's doing: it gets a signal (do_user_trap), as signal(7) says
// (SIGFPE for a division by zero, SIGILL for ud2, SIGSEGV for a #GP,
// SIGTRAP for int3...), delivered on the way back to user mode. An
// exception in the kernel is a bug: print what the CPU told us, every
// register and the interrupted backtrace, then panic. Three exceptions
// return from the kernel: a page fault that arch/x86_64/mm/fault.c
// resolves (demand paging, copy-on-write, a user-copy fixup), int3 (a
// breakpoint, counted) and an NMI that is not a stop request.

#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/string.h>
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
 * " in hello[401000+2000]": the program whose code ip is in. Linux
 * prints the mapped file's name; Nook's VMAs have no file yet, so an
 * executable VMA is named after the task (a static program's code is
 * its only executable mapping unless it mmaps PROT_EXEC itself).
 */
void print_vma_addr(const char *prefix, unsigned long ip)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	if (!mm || ip >= TASK_SIZE_MAX)
		return;
	spin_lock(&mm->mmap_lock);
	vma = find_vma(mm, ip);
	if (vma && vma->vm_start <= ip && (vma->vm_flags & VM_EXEC))
		pr_cont("%s%s[%lx+%lx]", prefix, current->comm, vma->vm_start,
			vma->vm_end - vma->vm_start);
	spin_unlock(&mm->mmap_lock);
}

/*
 * The one line Linux logs when a program dies of a trap it does not
 * handle (show_unhandled_signals, on by default), e.g.
 *	traps: hello[42] trap invalid opcode ip:401136 sp:7ffe1000 error:0 in hello[401000+2000]
 */
static void show_signal(int sig, const char *type, const char *desc,
			struct pt_regs *regs, unsigned long error_code)
{
	if (!unhandled_signal(current, sig))
		return;
	/* pid 1's death will panic: say why at the panic's level */
	if (current->pid > 1)
		pr_info("traps: %s[%d] %s%s ip:%lx sp:%lx error:%lx",
			current->comm, current->pid, type, desc, regs->ip,
			regs->sp, error_code);
	else
		pr_emerg("traps: %s[%d] %s%s ip:%lx sp:%lx error:%lx",
			 current->comm, current->pid, type, desc, regs->ip,
			 regs->sp, error_code);
	print_vma_addr(" in ", regs->ip);
	pr_cont("\n");
}

/*
 * A user-mode exception becomes a signal for current. code 0 sends a
 * plain SI_KERNEL signal (Linux's force_sig); otherwise the si_code and
 * si_addr given. The vector and error code go into the signal frame's
 * sigcontext (trapno, err).
 */
static void do_user_trap(struct pt_regs *regs, unsigned long vector,
			 const char *str, int sig, int code, unsigned long addr)
{
	struct thread_struct *t = &current->thread;

	t->error_code = regs->orig_ax;
	t->trap_nr = vector;
	show_signal(sig, vector == X86_TRAP_GP ? "" : "trap ", str, regs,
		    regs->orig_ax);
	if (code)
		force_sig_fault(sig, code, (void __user *)addr);
	else
		force_sig(sig);
}

#define FPU_FCW_OFFSET		0
#define FPU_FSW_OFFSET		2
#define FPU_MXCSR_OFFSET	24

/*
 * #MF (x87) and #XM (SSE): which exception the FPU raised, read from
 * its status, unmasked bits only. 0 if none: a spurious trap, no signal
 * (Linux: fpu__exception_code).
 */
static int fpu_exception_code(unsigned long vector)
{
	struct fpu *fpu = &current->thread.fpu;
	unsigned int err;

	fpu_save(fpu);		/* interrupts are off: no switch can interfere */
	if (vector == X86_TRAP_MF) {
		u16 cwd = fpu->fxsave[FPU_FCW_OFFSET] |
			  fpu->fxsave[FPU_FCW_OFFSET + 1] << 8;
		u16 swd = fpu->fxsave[FPU_FSW_OFFSET] |
			  fpu->fxsave[FPU_FSW_OFFSET + 1] << 8;

		err = swd & ~cwd;
	} else {
		u32 mxcsr;

		memcpy(&mxcsr, fpu->fxsave + FPU_MXCSR_OFFSET, sizeof(mxcsr));
		err = ~(mxcsr >> 7) & mxcsr;
	}
	if (err & 0x001)
		return FPE_FLTINV;	/* invalid operation */
	if (err & 0x004)
		return FPE_FLTDIV;	/* divide by zero */
	if (err & 0x008)
		return FPE_FLTOVF;
	if (err & 0x012)
		return FPE_FLTUND;	/* underflow, or denormal */
	if (err & 0x020)
		return FPE_FLTRES;	/* inexact */
	return 0;
}

/* Returns false if vector from user mode is not the program's doing. */
static bool do_user_exception(struct pt_regs *regs, unsigned long vector)
{
	int code;

	switch (vector) {
	case X86_TRAP_DE:
		do_user_trap(regs, vector, "divide error", SIGFPE, FPE_INTDIV,
			     regs->ip);
		return true;
	case X86_TRAP_DB:
		/* Single-stepping: TF set by popf or by a signal frame. */
		do_user_trap(regs, vector, "debug", SIGTRAP, TRAP_TRACE,
			     regs->ip);
		return true;
	case X86_TRAP_BP:
		do_user_trap(regs, vector, "int3", SIGTRAP, 0, 0);
		return true;
	case X86_TRAP_OF:
		do_user_trap(regs, vector, "overflow", SIGSEGV, 0, 0);
		return true;
	case X86_TRAP_BR:
		do_user_trap(regs, vector, "bounds", SIGSEGV, 0, 0);
		return true;
	case X86_TRAP_UD:
		do_user_trap(regs, vector, "invalid opcode", SIGILL,
			     ILL_ILLOPN, regs->ip);
		return true;
	case X86_TRAP_OLD_MF:
		do_user_trap(regs, vector, "coprocessor segment overrun",
			     SIGFPE, 0, 0);
		return true;
	case X86_TRAP_TS:
		do_user_trap(regs, vector, "invalid TSS", SIGSEGV, 0, 0);
		return true;
	case X86_TRAP_NP:
		do_user_trap(regs, vector, "segment not present", SIGBUS, 0, 0);
		return true;
	case X86_TRAP_SS:
		do_user_trap(regs, vector, "stack segment", SIGBUS, 0, 0);
		return true;
	case X86_TRAP_GP:
		/* si_addr 0: a #GP does not say which address (Linux too). */
		do_user_trap(regs, vector, "general protection fault", SIGSEGV,
			     0, 0);
		return true;
	case X86_TRAP_AC:
		do_user_trap(regs, vector, "alignment check", SIGBUS,
			     BUS_ADRALN, 0);
		return true;
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		code = fpu_exception_code(vector);
		if (code)
			do_user_trap(regs, vector,
				     vector == X86_TRAP_MF ? "x87 FPU error" :
				     "SIMD floating-point exception",
				     SIGFPE, code, regs->ip);
		return true;
	default:
		return false;
	}
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

/* NMIs taken that were not stop requests: tests read it. */
static unsigned long nmi_unknown_count;

unsigned long nmi_count(void)
{
	return __atomic_load_n(&nmi_unknown_count, __ATOMIC_RELAXED);
}

/* On its own IST stack. A stopped CPU never irets, so NMIs stay blocked. */
static void exc_nmi(struct pt_regs *regs)
{
	if (smp_stop_requested())
		stop_this_cpu();
	__atomic_add_fetch(&nmi_unknown_count, 1, __ATOMIC_RELAXED);
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
	if (user_mode(regs) && vector != X86_TRAP_PF &&
	    vector != X86_TRAP_NMI && vector != X86_TRAP_MC &&
	    do_user_exception(regs, vector))
		return;
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

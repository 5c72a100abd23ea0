// arch/x86_64/mm/fault.c — the page-fault handler: demand paging, copy-on-write, user-copy fixups, oopses.
//
// Linux: arch/x86/mm/fault.c (exc_page_fault, do_user_addr_fault,
// access_error, bad_area, kernelmode_fixup_or_oops, show_fault_oops).
// A fault at a user address is looked up in the VMAs of the address
// space loaded on this CPU: inside a VMA whose rights allow the access
// (or just below a stack), handle_mm_fault maps the page and the
// instruction runs again. Otherwise the access was bad: from user mode
// the process gets SIGSEGV; from the kernel, an instruction listed in
// the exception table (a user copy) resumes at its fixup, and anything
// else is a kernel bug, reported as an oops. A fault at a kernel
// address is always an oops unless the exception table covers it.
//
// Interrupts stay off throughout (the #PF gate is an interrupt gate).
// Linux turns them back on here; Nook's fault path takes no sleeping
// lock and is short, so it does not need to.

#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <asm/cpu.h>
#include <asm/extable.h>
#include <asm/page.h>
#include <asm/smap.h>
#include <asm/special_insns.h>
#include <asm/trap_pf.h>
#include <asm/trapnr.h>
#include <asm/traps.h>

static void show_fault_oops(unsigned long err, unsigned long address)
{
	const char *access = err & X86_PF_INSTR ? "instruction fetch" :
			     err & X86_PF_WRITE ? "write" : "read";
	const char *why = !(err & X86_PF_PROT) ? "not-present page" :
			  err & X86_PF_RSVD ? "reserved bit violation" :
			  err & X86_PF_PK ? "protection keys violation" :
			  err & X86_PF_SHSTK ? "shadow stack violation" :
			  "permissions violation";

	if (address < PAGE_SIZE)
		printk(KERN_EMERG "BUG: kernel NULL pointer dereference, address: %016lx\n",
		       address);
	else
		printk(KERN_EMERG "BUG: unable to handle page fault for address: %016lx\n",
		       address);
	printk(KERN_EMERG "#PF: %s %s access in %s mode\n",
	       err & X86_PF_USER ? "user" : "supervisor", access,
	       err & X86_PF_USER ? "user" : "kernel");
	printk(KERN_EMERG "#PF: error_code(0x%04lx) - %s\n", err, why);
}

static void __noreturn page_fault_oops(struct pt_regs *regs,
				       unsigned long err,
				       unsigned long address)
{
	console_force_unlock();
	show_fault_oops(err, address);
	die("Oops", regs, err);
}

/* A kernel-mode access that cannot be satisfied: fix it up or oops. */
static void kernelmode_fixup_or_oops(struct pt_regs *regs, unsigned long err,
				     unsigned long address)
{
	if (fixup_exception(regs))
		return;
	page_fault_oops(regs, err, address);
}

/*
 * Linux's one line for a program killed by a bad access, e.g.
 *	hello[42]: segfault at 0 ip 0000000000401136 sp 00007ffffffde000 error 4 in hello[401000+2000] likely on CPU 0
 * (error: the page-fault error code; 4 = a user-mode read of a page
 * that is not there, 6 = a write, 5/7 = a protection violation). Only
 * when the signal will kill it: a program that handles SIGSEGV is not
 * reported (Linux: show_signal_msg).
 */
static void show_signal_msg(struct pt_regs *regs, unsigned long err,
			    unsigned long address)
{
	if (!unhandled_signal(current, SIGSEGV))
		return;
	/* pid 1's death will panic: say why at the panic's level */
	if (current->pid > 1)
		pr_info("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx",
			current->comm, current->pid, address, regs->ip,
			regs->sp, err);
	else
		pr_emerg("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx",
			 current->comm, current->pid, address, regs->ip,
			 regs->sp, err);
	print_vma_addr(" in ", regs->ip);
	pr_cont(" likely on CPU %d\n", smp_processor_id());
}

/* A bad access from user mode: SIGSEGV with si_addr and si_code. */
static void bad_area_user(struct pt_regs *regs, unsigned long err,
			  unsigned long address, int si_code)
{
	struct thread_struct *t = &current->thread;

	/*
	 * Whether a kernel page is present is none of user space's
	 * business: report every kernel address as a protection fault
	 * (Linux: sanitize_error_code).
	 */
	if (address >= TASK_SIZE_MAX)
		err |= X86_PF_PROT;
	show_signal_msg(regs, err, address);
	t->cr2 = address;
	t->error_code = err;
	t->trap_nr = X86_TRAP_PF;
	force_sig_fault(SIGSEGV, si_code, (void __user *)address);
}

/* The access was bad (Linux: __bad_area_nosemaphore). */
static void bad_area(struct pt_regs *regs, unsigned long err,
		     unsigned long address, int si_code)
{
	if (!user_mode(regs)) {
		kernelmode_fixup_or_oops(regs, err, address);
		return;
	}
	bad_area_user(regs, err, address, si_code);
}

/* Does vma forbid this access? (Linux: access_error) */
static bool access_error(unsigned long err, struct vm_area_struct *vma)
{
	if (err & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (err & X86_PF_INSTR)
		return !(vma->vm_flags & VM_EXEC);
	/* A read of a present page can only fault on its protection. */
	if (err & X86_PF_PROT)
		return true;
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

static void do_user_addr_fault(struct pt_regs *regs, unsigned long err,
			       unsigned long address)
{
	struct mm_struct *mm = current_mm();
	struct vm_area_struct *vma;
	unsigned int flags = 0;
	vm_fault_t fault;

	/*
	 * The kernel touched a user page outside the user-copy routines:
	 * a kernel bug that SMAP caught (Linux reports it the same way).
	 */
	if (!user_mode(regs) && smap_enabled && !(regs->flags & X86_EFLAGS_AC))
		page_fault_oops(regs, err, address);
	/*
	 * A kernel fault outside the exception table is a bug; do not take
	 * mmap_lock for it, the faulting code may be holding it.
	 */
	if (!mm || (!user_mode(regs) && !search_exception_tables(regs->ip))) {
		bad_area(regs, err, address, SEGV_MAPERR);
		return;
	}
	if (err & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (err & X86_PF_USER)
		flags |= FAULT_FLAG_USER;
	if (err & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;

	/*
	 * CR2 is read: interrupts may come back on, as they were where the
	 * fault happened. They must, before mmap_lock: the CPU holding it
	 * may be waiting for this one to answer a TLB-flush IPI.
	 */
	if (regs->flags & X86_EFLAGS_IF)
		local_irq_enable();
	spin_lock(&mm->mmap_lock);
	vma = find_vma(mm, address);
	if (!vma)
		goto bad_area_maperr;
	if (vma->vm_start > address && expand_downwards(vma, address))
		goto bad_area_maperr;
	if (access_error(err, vma)) {
		spin_unlock(&mm->mmap_lock);
		bad_area(regs, err, address, SEGV_ACCERR);
		return;
	}
	fault = handle_mm_fault(vma, address, flags);
	spin_unlock(&mm->mmap_lock);
	if (fault & VM_FAULT_ERROR) {
		/* Out of memory: Linux would run the OOM killer first. */
		if (!user_mode(regs)) {
			kernelmode_fixup_or_oops(regs, err, address);
			return;
		}
		/*
		 * Linux's OOM killer would pick a victim and retry; Nook
		 * has none, so the process that needed the page goes.
		 */
		pr_err("Out of memory: Killed process %d (%s)\n",
		       current->pid, current->comm);
		force_sig(SIGKILL);
	}
	return;

bad_area_maperr:
	spin_unlock(&mm->mmap_lock);
	bad_area(regs, err, address, SEGV_MAPERR);
}

void exc_page_fault(struct pt_regs *regs)
{
	unsigned long address = read_cr2();
	unsigned long err = regs->orig_ax;

	if (address < TASK_SIZE_MAX) {
		do_user_addr_fault(regs, err, address);
		return;
	}
	/* Kernel addresses are never paged in: SIGSEGV, fix up or oops. */
	bad_area(regs, err, address, SEGV_MAPERR);
}

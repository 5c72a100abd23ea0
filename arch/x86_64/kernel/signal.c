// arch/x86_64/kernel/signal.c — running a signal handler in user mode and
// coming back from it: the signal frame, rt_sigreturn, and restarting
// system calls a signal cut short.
//
// Linux: arch/x86/kernel/signal.c (arch_do_signal_or_restart,
// handle_signal, get_sigframe) and signal_64.c (setup_rt_frame,
// rt_sigreturn, restore_sigcontext). To run a handler, the kernel
// builds a struct rt_sigframe (asm/sigframe.h) on the user stack that
// saves everything the interrupted code had: registers, FPU/SSE state,
// the signal mask. Then it points the saved registers at the handler,
// as if the interrupted code had called handler(sig, &info, &uc) with
// the frame's pretcode as return address. pretcode is the libc's
// sa_restorer, a two-instruction stub that calls rt_sigreturn(2),
// which reads the frame back and resumes the interrupted code. The
// kernel trusts nothing it reads back: flags are filtered, segments are
// forced to user selectors, and the return is always by iretq.

#include <nook/errno.h>
#include <nook/preempt.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/string.h>
#include <asm/processor-flags.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/segment.h>
#include <asm/sigframe.h>
#include <asm/smap.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* The layout is ABI: Linux's sizes and offsets, which libcs compile in. */
_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext");
_Static_assert(offsetof(struct sigcontext, ip) == 16 * 8, "sigcontext.ip (REG_RIP)");
_Static_assert(offsetof(struct sigcontext, fpstate) == 184, "sigcontext.fpstate");
_Static_assert(sizeof(stack_t) == 24, "stack_t");
_Static_assert(offsetof(struct ucontext, uc_mcontext) == 40, "uc_mcontext");
_Static_assert(offsetof(struct ucontext, uc_sigmask) == 296, "uc_sigmask");
_Static_assert(sizeof(kernel_siginfo_t) == 48, "kernel_siginfo");
_Static_assert(offsetof(kernel_siginfo_t, si_addr) == 16, "si_addr");
_Static_assert(offsetof(kernel_siginfo_t, si_status) == 24, "si_status");
_Static_assert(sizeof(struct siginfo_user) == SI_MAX_SIZE, "siginfo_t");
_Static_assert(offsetof(struct rt_sigframe, uc) == 8, "rt_sigframe.uc");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "rt_sigframe.info");
_Static_assert(sizeof(struct sigaction) == 32, "struct sigaction (kernel's)");

/* The flags a frame may change (Linux: FIX_EFLAGS); IF, IOPL... stay ours. */
#define FIX_EFLAGS	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | \
			 X86_EFLAGS_TF | X86_EFLAGS_SF | X86_EFLAGS_ZF | \
			 X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | \
			 X86_EFLAGS_RF)

/* The length of the syscall instruction (0f 05): a restart backs up over it. */
#define SYSCALL_INSN_LEN	2


/* Did regs enter the kernel through syscall? (interrupts set orig_ax -1) */
static bool in_syscall(const struct pt_regs *regs)
{
	return (long)regs->orig_ax >= 0;
}

/* An address iretq can return to without faulting in the kernel. */
static bool user_ip_ok(const void __user *p)
{
	return (unsigned long)p < TASK_SIZE_MAX;
}

static void save_sigcontext(struct sigcontext *sc, struct pt_regs *regs,
			    const sigset_t *mask, unsigned long fpstate)
{
	struct thread_struct *t = &current->thread;

	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->di = regs->di;
	sc->si = regs->si;
	sc->bp = regs->bp;
	sc->bx = regs->bx;
	sc->dx = regs->dx;
	sc->ax = regs->ax;
	sc->cx = regs->cx;
	sc->sp = regs->sp;
	sc->ip = regs->ip;
	sc->flags = regs->flags;
	sc->cs = regs->cs;
	sc->ss = regs->ss;
	sc->err = t->error_code;
	sc->trapno = t->trap_nr;
	sc->oldmask = mask->sig[0];
	sc->cr2 = t->cr2;
	sc->fpstate = fpstate;
}

/*
 * The handler starts with a clean FPU (Linux: fpu__clear_user_states);
 * preemption off so a context switch cannot save the old registers
 * over the new image between the two steps.
 */
static void fpu_reset_user(void)
{
	preempt_disable();
	fpu_init_state(&current->thread.fpu);
	fpu_restore(&current->thread.fpu);
	preempt_enable();
}

static int setup_rt_frame(struct ksignal *ksig, struct pt_regs *regs)
{
	struct rt_sigframe frame;
	struct k_sigaction *ka = &ksig->ka;
	/* sigsuspend: the frame returns to the mask from before the call */
	sigset_t *set = test_tsk_thread_flag(current, TIF_RESTORE_SIGMASK) ?
			&current->saved_sigmask : &current->blocked;
	unsigned long fp = sigframe_fpstate_addr(regs->sp);
	unsigned long addr = sigframe_addr(regs->sp);
	size_t len = sizeof(frame);

	/* x86-64 has no kernel-provided return path: the libc must give one. */
	if (!(ka->sa.sa_flags & SA_RESTORER))
		return -EFAULT;
	if (!user_ip_ok(ka->sa.sa_handler) || !user_ip_ok(ka->sa.sa_restorer))
		return -EFAULT;
	if (addr > regs->sp)	/* the stack pointer was near 0: wrapped */
		return -EFAULT;

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = ka->sa.sa_restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack.ss_flags = SS_DISABLE;
	save_sigcontext(&frame.uc.uc_mcontext, regs, set, fp);
	frame.uc.uc_sigmask = *set;
	/* Without SA_SIGINFO the handler gets no siginfo (Linux writes none). */
	if (ka->sa.sa_flags & SA_SIGINFO)
		frame.info.info = ksig->info;
	else
		len = offsetof(struct rt_sigframe, info);

	/* The live FPU registers are current's: snapshot them, then copy. */
	preempt_disable();
	fpu_save(&current->thread.fpu);
	preempt_enable();
	if (copy_to_user((void __user *)fp, current->thread.fpu.fxsave,
			 FXSAVE_SIZE))
		return -EFAULT;
	if (copy_to_user((void __user *)addr, &frame, len))
		return -EFAULT;

	/* handler(sig, &info, &uc), "called" from pretcode */
	regs->di = ksig->sig;
	regs->si = addr + offsetof(struct rt_sigframe, info);
	regs->dx = addr + offsetof(struct rt_sigframe, uc);
	regs->ax = 0;		/* no vector registers used (varargs ABI) */
	regs->ip = (unsigned long)ka->sa.sa_handler;
	regs->sp = addr;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	fpu_reset_user();
	return 0;
}

static void handle_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	int failed;

	/* A system call the signal cut short: EINTR, or run it again later. */
	if (in_syscall(regs)) {
		switch ((long)regs->ax) {
		case -ERESTART_RESTARTBLOCK:
		case -ERESTARTNOHAND:
			regs->ax = -EINTR;
			break;
		case -ERESTARTSYS:
			if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
				regs->ax = -EINTR;
				break;
			}
			/* SA_RESTART: the frame saves an ip on the syscall itself */
			regs->ax = regs->orig_ax;
			regs->ip -= SYSCALL_INSN_LEN;
			break;
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= SYSCALL_INSN_LEN;
			break;
		}
	}
	failed = setup_rt_frame(ksig, regs) < 0;
	/* The handler starts with string ops going up, and not single-stepped. */
	if (!failed)
		regs->flags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	signal_setup_done(failed, ksig);
}

/*
 * From exit_to_user_mode, interrupts on, when TIF_SIGPENDING is set:
 * run a handler, or (none ran) restart the system call that was cut
 * short and put back a sigsuspend's mask.
 */
void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		handle_signal(&ksig, regs);
		return;
	}
	if (in_syscall(regs)) {
		switch ((long)regs->ax) {
		case -ERESTARTNOHAND:
		case -ERESTARTSYS:
		case -ERESTARTNOINTR:
			regs->ax = regs->orig_ax;
			regs->ip -= SYSCALL_INSN_LEN;
			break;
		case -ERESTART_RESTARTBLOCK:
			regs->ax = __NR_restart_syscall;
			regs->ip -= SYSCALL_INSN_LEN;
			break;
		}
	}
	restore_saved_sigmask();
}

/*
 * The FPU image from a frame. fxrstor faults (#GP, in the kernel) on
 * MXCSR bits the CPU lacks, so a frame with any of them is refused and
 * the task gets SIGSEGV, as on Linux. fpstate 0: none saved, start
 * clean (Linux does the same).
 */
static int restore_fpstate(unsigned long fpstate)
{
	struct fpu fpu;
	u32 mxcsr;

	if (!fpstate) {
		fpu_reset_user();
		return 0;
	}
	if (copy_from_user(fpu.fxsave, (const void __user *)fpstate,
			   FXSAVE_SIZE))
		return -EFAULT;
	/* A reserved MXCSR bit would make fxrstor fault in the kernel:
	 * Linux refuses such a frame (the task gets SIGSEGV). */
	memcpy(&mxcsr, fpu.fxsave + FXSAVE_MXCSR_OFFSET, sizeof(mxcsr));
	if (mxcsr & ~mxcsr_feature_mask)
		return -EINVAL;

	preempt_disable();
	memcpy(current->thread.fpu.fxsave, fpu.fxsave, FXSAVE_SIZE);
	fpu_restore(&current->thread.fpu);
	preempt_enable();
	return 0;
}

static void restore_sigcontext(struct pt_regs *regs,
			       const struct sigcontext *sc)
{
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->di = sc->di;
	regs->si = sc->si;
	regs->bp = sc->bp;
	regs->bx = sc->bx;
	regs->dx = sc->dx;
	regs->ax = sc->ax;
	regs->cx = sc->cx;
	regs->sp = sc->sp;
	regs->ip = sc->ip;
	regs->flags = (regs->flags & ~FIX_EFLAGS) | (sc->flags & FIX_EFLAGS);
	/* Only 64-bit user code exists: any other selector would fault iretq. */
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	/* Not a system call any more: never "restart" what we return to. */
	regs->orig_ax = -1;
}

/*
 * The handler returned into sa_restorer, whose syscall brings us here
 * with rsp just above pretcode (the handler's ret popped it).
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	/* regs (the macro's) is const: the same frame, to be rewritten */
	struct pt_regs *uregs = current_pt_regs();
	struct rt_sigframe __user *frame =
		(struct rt_sigframe __user *)(uregs->sp - sizeof(long));
	struct ucontext uc;

	if (copy_from_user(&uc, &frame->uc, sizeof(uc)))
		goto badframe;
	/* iretq to a non-canonical rip would fault in the kernel. */
	if (!user_ip_ok((void __user *)uc.uc_mcontext.ip))
		goto badframe;
	if (restore_fpstate(uc.uc_mcontext.fpstate))
		goto badframe;
	set_current_blocked(&uc.uc_sigmask);
	restore_sigcontext(uregs, &uc.uc_mcontext);
	/* Every register changed: sysret would lose rcx and r11. */
	set_tsk_thread_flag(current, TIF_IRET);
	return uregs->ax;	/* do_syscall_64 stores it back: unchanged */

badframe:
	if (unhandled_signal(current, SIGSEGV))
		pr_info("%s[%d] bad frame in rt_sigreturn frame:%016lx ip:%lx sp:%lx orax:%lx\n",
			current->comm, current->pid, (unsigned long)frame, uregs->ip,
			uregs->sp, uregs->orig_ax);
	force_sig(SIGSEGV);
	return 0;
}

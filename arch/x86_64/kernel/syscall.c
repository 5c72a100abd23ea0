// arch/x86_64/kernel/syscall.c — dispatching a system call by its number.
//
// Linux: arch/x86/entry/syscall_64.c (the table), common.c
// (do_syscall_64) and arch/x86/kernel/cpu/common.c (syscall_init). The
// number arrives in rax, the arguments in rdi, rsi, rdx, r10, r8, r9;
// the result goes back in rax, a negative errno on failure (the C
// library turns -ENOENT into errno = ENOENT and -1).

#include <nook/cmdline.h>
#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/syscall.h>
#include <asm/switch_to.h>

_Static_assert(offsetof(struct cpu, user_rsp_scratch) == 8,
	       "entry_syscall.asm's CPU_USER_RSP_SCRATCH");
_Static_assert(offsetof(struct cpu, top_of_stack) == 16,
	       "entry_syscall.asm's CPU_TOP_OF_STACK");
_Static_assert(sizeof(struct pt_regs) == 21 * 8, "entry_syscall.asm's PTREGS_SIZE");

#define __SYSCALL(nr, sym) long __x64_##sym(const struct pt_regs *regs);
#include <asm/syscall_table.h>
#undef __SYSCALL

/* Unlisted numbers stay NULL: -ENOSYS. Written at build time only. */
#define __SYSCALL(nr, sym) [nr] = __x64_##sym,
const sys_call_ptr_t sys_call_table[NR_syscalls] = {
#include <asm/syscall_table.h>
};
#undef __SYSCALL

/* EFLAGS bits a system call starts without (MSR_SYSCALL_MASK). */
#define SYSCALL_EFLAGS_MASK (X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF | \
			     X86_EFLAGS_NT | X86_EFLAGS_AC)
#define EFER_SCE	(1UL << 0)	/* the syscall instruction works */
/*
 * STAR: syscall loads CS from bits 47:32 (SS = that + 8); sysret loads
 * CS from bits 63:48 + 16 and SS from them + 8. With user DS at GDT
 * slot 5 and user CS at slot 6 (asm/segment.h), the sysret base is
 * __USER32_CS's slot: 4 * 8 | 3.
 */
#define STAR_VALUE	((u64)__USER32_CS << 48 | (u64)__KERNEL_CS << 32)

/* The highest canonical user address + 1: sysret to above it faults. */
#define USER_CANONICAL_END	0x0000800000000000UL

extern char entry_SYSCALL_64[];

void syscall_init(void)
{
	wrmsr(MSR_STAR, STAR_VALUE);
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_EFLAGS_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

struct pt_regs *current_pt_regs(void)
{
	return (struct pt_regs *)task_top_of_stack(current) - 1;
}

/* debug_nosys=1: name the first unknown call of each number, once. */
static bool debug_nosys;

static int debug_nosys_setup(const char *val)
{
	debug_nosys = !val || val[0] != '0';
	return 0;
}
early_param("debug_nosys", debug_nosys_setup);

static long sys_ni_syscall(unsigned long nr)
{
	static unsigned long logged[NR_syscalls / BITS_PER_LONG + 1];
	unsigned long slot = nr < NR_syscalls ? nr : NR_syscalls;
	unsigned long bit = 1UL << (slot % BITS_PER_LONG);

	if (debug_nosys &&
	    !(__atomic_fetch_or(&logged[slot / BITS_PER_LONG], bit,
				__ATOMIC_RELAXED) & bit))
		pr_info("nosys: %s[%d] called unknown system call %lu\n",
			current->comm, current->pid, nr);
	return -ENOSYS;
}

/*
 * sysret restores rip from rcx and rflags from r11, and faults in
 * kernel mode on a non-canonical rip: use it only when those registers
 * still say what the user should get back.
 */
static bool sysret_ok(const struct pt_regs *regs)
{
	/*
	 * And not with TF or RF set: sysret cannot restore RF, and a
	 * single-step trap would be taken on the sysret itself, in kernel
	 * mode with the user's GS. Linux sends both cases through iret.
	 */
	return regs->cx == regs->ip && regs->r11 == regs->flags &&
	       !(regs->flags & (X86_EFLAGS_TF | X86_EFLAGS_RF)) &&
	       regs->ip < USER_CANONICAL_END && regs->cs == __USER_CS &&
	       regs->ss == __USER_DS;
}

bool do_syscall_64(struct pt_regs *regs, unsigned long nr)
{
	if (nr < NR_syscalls && sys_call_table[nr])
		regs->ax = sys_call_table[nr](regs);
	else
		regs->ax = sys_ni_syscall(nr);
	exit_to_user_mode(regs);
	/* rt_sigreturn rewrote every register: leave by iretq, always. */
	if (test_and_clear_tsk_thread_flag(current, TIF_IRET))
		return false;
	return sysret_ok(regs);
}

/* The TIF_ work that must be done before user mode runs again. */
#define EXIT_TO_USER_MODE_WORK	((1UL << TIF_SIGPENDING) | \
				 (1UL << TIF_NEED_RESCHED))

/*
 * Linux: kernel/entry/common.c (exit_to_user_mode_loop). Called with
 * regs bound for user mode, from a system call or from an interrupt or
 * exception taken in user mode. The work itself runs with interrupts
 * on (delivering a signal touches user memory and may schedule); the
 * last check of the flags is made with them off, and they stay off
 * until sysret/iretq, so nothing can set a flag unseen in between.
 */
void exit_to_user_mode(struct pt_regs *regs)
{
	unsigned long work;

	local_irq_disable();
	while ((work = READ_ONCE(current->thread_info.flags)) &
	       EXIT_TO_USER_MODE_WORK) {
		local_irq_enable();
		if (work & (1UL << TIF_NEED_RESCHED))
			schedule();
		if (work & (1UL << TIF_SIGPENDING))
			arch_do_signal_or_restart(regs);
		local_irq_disable();
	}
}

/*
 * asm/sigframe.h — what a signal handler finds on its stack: struct
 * rt_sigframe, with the interrupted registers (struct sigcontext) inside
 * a struct ucontext. Linux: arch/x86/include/uapi/asm/sigcontext.h,
 * uapi/asm/ucontext.h and asm/sigframe.h.
 *
 * This is ABI: libcs read it (musl's and glibc's ucontext_t has the same
 * layout, mcontext_t's gregs[] in sigcontext's order), debuggers
 * unwind through it, and rt_sigreturn reads it back. The sizes and
 * offsets are checked at build time in arch/x86_64/kernel/signal.c.
 *
 * Laid out on the user stack, from low addresses up:
 *	rsp ->	rt_sigframe: pretcode (sa_restorer: the handler's return
 *		address), uc, info
 *		the FPU/SSE image (fxsave format, 64-byte aligned), which
 *		uc.uc_mcontext.fpstate points at
 *		128 bytes left alone: the interrupted code's red zone
 */
#ifndef ASM_SIGFRAME_H
#define ASM_SIGFRAME_H

#include <nook/signal.h>
#include <asm/fpu.h>

struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 di, si, bp, bx, dx, ax, cx, sp, ip;
	u64 flags;
	u16 cs, gs, fs, ss;
	u64 err;		/* the exception's error code */
	u64 trapno;		/* its vector */
	u64 oldmask;		/* the blocked mask, as in old 32-bit frames */
	u64 cr2;		/* a page fault's address */
	u64 fpstate;		/* user address of the FPU image; 0: none */
	u64 reserved1[8];
};

typedef struct {
	void __user *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

/* uc_flags: the ss field of sigcontext is meaningful. */
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4

struct ucontext {
	unsigned long uc_flags;
	struct ucontext __user *uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask;	/* the mask to return to */
};

/* siginfo as user space sees it: the kernel's, padded to 128 bytes. */
struct siginfo_user {
	kernel_siginfo_t info;
	u8 pad[SI_MAX_SIZE - sizeof(kernel_siginfo_t)];
};

struct rt_sigframe {
	void __user *pretcode;
	struct ucontext uc;
	struct siginfo_user info;
};

/* The FPU image's alignment on the signal stack (Linux: 64, for xsave). */
#define SIGFRAME_FPU_ALIGN	64
/* The x86-64 ABI's red zone below rsp that leaf functions may use. */
#define SIGFRAME_RED_ZONE	128

/* Where the frame for a signal taken at user stack pointer sp goes. */
static inline unsigned long sigframe_fpstate_addr(unsigned long sp)
{
	return (sp - SIGFRAME_RED_ZONE - FXSAVE_SIZE) &
	       ~(unsigned long)(SIGFRAME_FPU_ALIGN - 1);
}

/*
 * As at a function's entry: (rsp + 8) is 16-byte aligned, since the
 * handler is "called" with pretcode as its return address.
 */
static inline unsigned long sigframe_addr(unsigned long sp)
{
	unsigned long fp = sigframe_fpstate_addr(sp);

	return ((fp - sizeof(struct rt_sigframe)) & ~15UL) - 8;
}

#endif

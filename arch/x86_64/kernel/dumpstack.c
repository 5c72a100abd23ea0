// arch/x86_64/kernel/dumpstack.c — backtraces by walking frame pointers.
//
// Linux: arch/x86/kernel/dumpstack.c and unwind_frame.c. The kernel is
// built with -fno-omit-frame-pointer, so every function starts with
// "push %rbp; mov %rsp, %rbp": at [rbp] lies the caller's rbp, at
// [rbp+8] the return address. boot/entry.asm zeroes rbp before calling
// kernel_main, which ends the chain.

#include <nook/panic.h>
#include <nook/printk.h>
#include <asm/page.h>
#include <asm/pgtable.h>

#define MAX_FRAMES 32

/*
 * A frame we may read: aligned, in the kernel's half, and mapped. The
 * walk runs while reporting a fault, maybe one caused by a bad rbp;
 * reading through that rbp must not fault again.
 */
static bool frame_ok(unsigned long rbp)
{
	unsigned long last = rbp + 2 * sizeof(unsigned long) - 1;

	return rbp >= PAGE_OFFSET && IS_ALIGNED(rbp, sizeof(unsigned long)) &&
	       kern_addr_valid(rbp) && kern_addr_valid(last);
}

void show_stack(unsigned long rbp, unsigned long rip)
{
	printk(KERN_EMERG "Call Trace:\n");
	if (rip)
		printk(KERN_EMERG " [<%016lx>] %pS\n", rip, (void *)rip);
	for (int i = 0; i < MAX_FRAMES && frame_ok(rbp); i++) {
		unsigned long *frame = (unsigned long *)rbp;
		unsigned long ret = frame[1];

		if (!ret)
			break;
		/* ret points after the call; ret-1 is inside the caller. */
		printk(KERN_EMERG " [<%016lx>] %pS\n", ret, (void *)(ret - 1));
		if (frame[0] <= rbp)	/* stacks grow down: callers are above */
			break;
		rbp = frame[0];
	}
}

void dump_stack(void)
{
	show_stack((unsigned long)__builtin_frame_address(0), 0);
}

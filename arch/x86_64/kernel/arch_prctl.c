// arch/x86_64/kernel/arch_prctl.c — arch_prctl(2): a thread's FS and GS bases.
//
// Linux: arch/x86/kernel/process_64.c (do_arch_prctl_64). The C library
// points FS at its thread-control block at start-up (ARCH_SET_FS), and
// every access to a thread-local variable goes through %fs. The user's
// GS base sits in MSR_KERNEL_GS_BASE while the kernel runs (the entry
// code swapgs'd it there); __switch_to saves and loads both per task.

#include <nook/errno.h>
#include <nook/sched.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct thread_struct *t = &current->thread;

	switch (option) {
	case ARCH_SET_FS:
		/* Only user addresses: a kernel FS base is Linux's EPERM. */
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->fsbase = arg2;
		wrmsr(MSR_FS_BASE, arg2);
		return 0;
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE_MAX)
			return -EPERM;
		t->gsbase = arg2;
		wrmsr(MSR_KERNEL_GS_BASE, arg2);
		return 0;
	case ARCH_GET_FS:
		return put_user(rdmsr(MSR_FS_BASE),
				(unsigned long __user *)arg2);
	case ARCH_GET_GS:
		return put_user(rdmsr(MSR_KERNEL_GS_BASE),
				(unsigned long __user *)arg2);
	default:
		return -EINVAL;
	}
}

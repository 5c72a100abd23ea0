/*
 * asm/thread_info.h — the kernel stack's size and the task's TIF_ flags.
 * Linux: arch/x86/include/asm/thread_info.h, page_64_types.h.
 *
 * Every task has a THREAD_SIZE kernel stack (16 KiB, Linux's x86-64 size
 * without KASAN): its syscalls, interrupts and exceptions taken while it
 * runs (all but the IST ones) use it.
 */
#ifndef ASM_THREAD_INFO_H
#define ASM_THREAD_INFO_H

#include <nook/kernel.h>
#include <asm/page.h>

#define THREAD_SIZE_ORDER	2
#define THREAD_SIZE		(PAGE_SIZE << THREAD_SIZE_ORDER)

/* Written at the lowest word of every stack; a changed value means overflow. */
#define STACK_END_MAGIC		0x57AC6E9DUL

/*
 * Flags others may set on a task, so each is set and cleared atomically.
 * Linux keeps struct thread_info first in task_struct; so does Nook.
 */
struct thread_info {
	unsigned long flags;	/* TIF_*: atomic bit operations */
};

#define TIF_SIGPENDING		2	/* a signal to deliver (kernel/signal.c) */
#define TIF_NEED_RESCHED	3	/* call schedule() at the next chance */
/* Leave by iretq, not sysret: rt_sigreturn rewrote every register. */
#define TIF_IRET		5
/* Put back saved_sigmask once no handler runs (sigsuspend, pause-like). */
#define TIF_RESTORE_SIGMASK	9

#endif

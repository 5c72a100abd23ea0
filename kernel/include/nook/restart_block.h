/*
 * nook/restart_block.h — how a system call interrupted by a signal is
 * resumed later with what it had left to do. Linux: include/linux/
 * restart_block.h and kernel/signal.c (sys_restart_syscall).
 *
 * Most calls just run again from the start (-ERESTARTSYS and friends).
 * A few cannot: nanosleep must sleep only for the time that was left,
 * not the whole time again. Such a call stores a function and its state
 * in current->restart_block and returns -ERESTART_RESTARTBLOCK (use
 * set_restart_fn). If a handler runs, user space sees EINTR; if no
 * handler runs (the signal was ignored, or stopped the task), the
 * return path makes the task call restart_syscall(2) instead, which
 * calls the stored function.
 */
#ifndef NOOK_RESTART_BLOCK_H
#define NOOK_RESTART_BLOCK_H

#include <nook/types.h>
#include <nook/kernel.h>

struct restart_block {
	long (*fn)(struct restart_block *);
	union {
		/* nanosleep, clock_nanosleep */
		struct {
			int clockid;
			int type;		/* Linux: TT_NONE, TT_NATIVE... */
			void __user *rmtp;	/* where the time left goes */
			u64 expires;		/* absolute, in the clock's ns */
		} nanosleep;
		/* anything else: four words of the caller's own */
		unsigned long arg[4];
	};
};

/* The default fn: restart_syscall(2) with nothing stored is EINTR. */
long do_no_restart_syscall(struct restart_block *parm);

#endif

/*
 * nook/panic.h — when the kernel cannot go on. Linux: kernel/panic.c,
 * include/asm-generic/bug.h.
 *
 * panic() prints its message and a backtrace, stops every CPU, and (with
 * qemu_exit=1 on the command line, as the test harness boots) ends QEMU
 * with a failure status. BUG_ON(c) panics when c holds; WARN_ON(c) only
 * prints a backtrace and goes on.
 */
#ifndef NOOK_PANIC_H
#define NOOK_PANIC_H

#include <nook/kernel.h>

void panic(const char *fmt, ...) __noreturn __printf(1, 2);
void warn_slowpath(const char *file, int line, const char *cond);

/* Prints the calling chain, innermost first, with symbol names. */
void dump_stack(void);
/* The same, from a given frame pointer (for a fault's saved registers). */
void show_stack(unsigned long rbp, unsigned long rip);

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__,	\
			      #cond);					\
	} while (0)

#define WARN_ON(cond)							\
	({								\
		bool __c = !!(cond);					\
		if (unlikely(__c))					\
			warn_slowpath(__FILE__, __LINE__, #cond);	\
		__c;							\
	})

#endif

/*
 * nook/sched/coredump.h — the dumpable flag of an address space. Linux:
 * include/linux/sched/coredump.h (get_dumpable, set_dumpable, the
 * SUID_DUMP_* values) and fs/coredump.c (suid_dumpable).
 *
 * "Dumpable" says whether a process's memory may be shown to the user
 * it runs as: a core dump, /proc/PID/environ, its fd/, cwd and root
 * links (ptrace_may_access), and who owns its /proc/PID files. A
 * program that gained or changed privilege (a set-user-ID exec, a
 * setuid(2)) may hold secrets of the old identity, so the kernel
 * clears the flag then; prctl(PR_SET_DUMPABLE) sets it back. It lives
 * in mm->flags because it describes the memory: fork copies it with
 * the mm, exec decides it afresh for the new one. Nook writes no core
 * dumps yet: only the access rules use it.
 */
#ifndef NOOK_SCHED_COREDUMP_H
#define NOOK_SCHED_COREDUMP_H

#include <nook/mm_types.h>

#define SUID_DUMP_DISABLE	0	/* not dumpable */
#define SUID_DUMP_USER		1	/* dumpable, to its own user */
#define SUID_DUMP_ROOT		2	/* dumped only as root (suid_dumpable 2) */

/* mm->flags: the low two bits are the dumpable value. */
#define MMF_DUMPABLE_BITS	2
#define MMF_DUMPABLE_MASK	((1UL << MMF_DUMPABLE_BITS) - 1)
/* What a new mm takes from its creator's (Linux: MMF_INIT_MASK). */
#define MMF_INIT_MASK		MMF_DUMPABLE_MASK

/*
 * The value a privilege change leaves (fs.suid_dumpable, 0 by default):
 * SUID_DUMP_DISABLE or SUID_DUMP_ROOT. Nook has no sysctl for it yet.
 */
extern int suid_dumpable;

static inline int get_dumpable(struct mm_struct *mm)
{
	return READ_ONCE(mm->flags) & MMF_DUMPABLE_MASK;
}

/* The other bits of mm->flags stay as they are, whoever changes them. */
static inline void set_dumpable(struct mm_struct *mm, int value)
{
	unsigned long old = READ_ONCE(mm->flags), new;

	if (value > SUID_DUMP_ROOT)
		return;
	do {
		new = (old & ~MMF_DUMPABLE_MASK) | value;
	} while (!__atomic_compare_exchange_n(&mm->flags, &old, new, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
}

#endif

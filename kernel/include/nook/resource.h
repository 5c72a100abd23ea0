/*
 * nook/resource.h — resource limits (getrlimit(2), prlimit64).
 * Linux: include/uapi/linux/resource.h (struct rlimit64), the resource
 * numbers of include/uapi/asm-generic/resource.h, and the boot defaults
 * of include/asm-generic/resource.h (INIT_RLIMITS).
 *
 * A limit is a pair: the soft value (rlim_cur), which the kernel
 * enforces, and the hard value (rlim_max), the ceiling up to which an
 * unprivileged task may raise its soft one. A task inherits its
 * parent's limits at fork and keeps them across execve.
 */
#ifndef NOOK_RESOURCE_H
#define NOOK_RESOURCE_H

#include <nook/types.h>

#define RLIMIT_CPU		0	/* CPU time, seconds */
#define RLIMIT_FSIZE		1	/* largest file, bytes */
#define RLIMIT_DATA		2	/* data + heap + private mappings */
#define RLIMIT_STACK		3	/* the main thread's stack */
#define RLIMIT_CORE		4	/* largest core dump */
#define RLIMIT_RSS		5	/* resident set (not enforced by Linux either) */
#define RLIMIT_NPROC		6	/* processes of the real uid */
#define RLIMIT_NOFILE		7	/* one more than the highest fd */
#define RLIMIT_MEMLOCK		8	/* locked-in-memory bytes */
#define RLIMIT_AS		9	/* address space size */
#define RLIMIT_LOCKS		10	/* file locks */
#define RLIMIT_SIGPENDING	11	/* queued signals */
#define RLIMIT_MSGQUEUE		12	/* POSIX message queue bytes */
#define RLIMIT_NICE		13	/* ceiling of 20 - nice */
#define RLIMIT_RTPRIO		14	/* ceiling of the real-time priority */
#define RLIMIT_RTTIME		15	/* real-time CPU time without sleeping, us */
#define RLIM_NLIMITS		16

/* "No limit". The x86-64 ABI has 64-bit limits only, so one value. */
#define RLIM_INFINITY		(~0UL)

/* Linux's boot values for root (include/asm-generic/resource.h). */
#define _STK_LIM		(8UL * 1024 * 1024)	/* 8 MiB stack */
#define INR_OPEN_CUR		1024	/* soft RLIMIT_NOFILE */
#define INR_OPEN_MAX		4096	/* hard RLIMIT_NOFILE */
#define MLOCK_LIMIT		(8UL * 1024 * 1024)
#define MQ_BYTES_MAX		819200
/* The ceiling for RLIMIT_NOFILE's hard value (Linux: fs.nr_open). */
#define NR_OPEN_DEFAULT		(1024 * 1024)

/* The layout of getrlimit(2)'s and prlimit64's user structs. */
struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

struct task_struct;

/*
 * The table init_task starts with (RLIMIT_NPROC and RLIMIT_SIGPENDING
 * are filled in at boot from the memory size, as Linux's fork_init
 * does: rlimit_init).
 */
#define INIT_RLIMITS							\
{									\
	[RLIMIT_CPU]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_FSIZE]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_DATA]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_STACK]		= { _STK_LIM, RLIM_INFINITY },		\
	[RLIMIT_CORE]		= { 0, RLIM_INFINITY },			\
	[RLIMIT_RSS]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_NPROC]		= { 0, 0 },				\
	[RLIMIT_NOFILE]		= { INR_OPEN_CUR, INR_OPEN_MAX },	\
	[RLIMIT_MEMLOCK]	= { MLOCK_LIMIT, MLOCK_LIMIT },		\
	[RLIMIT_AS]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_LOCKS]		= { RLIM_INFINITY, RLIM_INFINITY },	\
	[RLIMIT_SIGPENDING]	= { 0, 0 },				\
	[RLIMIT_MSGQUEUE]	= { MQ_BYTES_MAX, MQ_BYTES_MAX },	\
	[RLIMIT_NICE]		= { 0, 0 },				\
	[RLIMIT_RTPRIO]		= { 0, 0 },				\
	[RLIMIT_RTTIME]		= { RLIM_INFINITY, RLIM_INFINITY },	\
}

/* Boot: size init_task's RLIMIT_NPROC and RLIMIT_SIGPENDING to memory. */
void rlimit_init(void);
/* fork: give p a copy of orig's limits (consistent against prlimit). */
void copy_rlimits(struct task_struct *p, struct task_struct *orig);
/* current's soft limit for resource: one racy-but-whole read, as Linux's rlimit(). */
unsigned long rlimit(unsigned int resource);

#endif

/*
 * nook/mman.h — mmap's, mprotect's and brk's argument values. Linux:
 * include/uapi/asm-generic/mman-common.h and mman.h (the x86 values are
 * the generic ones), include/linux/mman.h (calc_vm_prot_bits).
 */
#ifndef NOOK_MMAN_H
#define NOOK_MMAN_H

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_SEM	0x8		/* accepted and ignored, as on x86 */
#define PROT_GROWSDOWN	0x01000000	/* mprotect: extend to the stack's start */
#define PROT_GROWSUP	0x02000000	/* no x86 stack grows up: EINVAL */

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800	/* ignored, as Linux does */
#define MAP_EXECUTABLE		0x1000	/* ignored, as Linux does */
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000
#define MAP_UNINITIALIZED	0x4000000

/* Flags MAP_SHARED_VALIDATE knows: anything else is EOPNOTSUPP. */
#define LEGACY_MAP_MASK	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | \
			 MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | \
			 MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | \
			 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
			 MAP_STACK | MAP_HUGETLB)

#define MAP_FAILED	((void *)-1)

#endif

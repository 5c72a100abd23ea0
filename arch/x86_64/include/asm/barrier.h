/*
 * asm/barrier.h — memory barriers between CPUs.
 * Linux: arch/x86/include/asm/barrier.h, include/asm-generic/barrier.h.
 *
 * x86-64 keeps stores in order with stores and loads in order with loads
 * (TSO): the only reordering another CPU can see is a later load passing
 * an earlier store. So only smp_mb() needs a fence; the others need just
 * to stop the compiler, which reorders freely otherwise.
 */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#include <nook/kernel.h>

static inline void smp_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#define smp_rmb()	barrier()
#define smp_wmb()	barrier()

/* Everything before the store is visible before the store itself. */
#define smp_store_release(p, v)						\
	do {								\
		barrier();						\
		WRITE_ONCE(*(p), (v));					\
	} while (0)

/* Nothing after the load is done before the load itself. */
#define smp_load_acquire(p)						\
	({								\
		typeof(*(p)) ___v = READ_ONCE(*(p));			\
		barrier();						\
		___v;							\
	})

#endif

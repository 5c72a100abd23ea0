/*
 * nook/spinlock.h — spinlocks. Linux: include/linux/spinlock.h.
 *
 * A ticket lock: each CPU takes a number and waits for its turn, so CPUs
 * are served in order (Linux's x86 used ticket locks from 2.6.25 to 4.2).
 * spin_lock_irqsave() also turns interrupts off on this CPU and remembers
 * whether they were on: an interrupt handler that takes the same lock on
 * this CPU would otherwise spin forever on a lock its own CPU holds.
 */
#ifndef NOOK_SPINLOCK_H
#define NOOK_SPINLOCK_H

#include <nook/kernel.h>
#include <asm/irqflags.h>

typedef struct spinlock {
	u16 next;		/* the ticket the next arrival takes */
	u16 owner;		/* the ticket now allowed in */
	const char *name;	/* for debugging: which lock is this? */
	int cpu;		/* holder's CPU id, -1 when free */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { .next = 0, .owner = 0, .name = #n, .cpu = -1 }
#define DEFINE_SPINLOCK(n)	spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *lock, const char *name);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
bool spin_trylock(spinlock_t *lock);
bool spin_is_locked(spinlock_t *lock);

#define spin_lock_irqsave(lock, flags)			\
	do {						\
		(flags) = local_irq_save();		\
		spin_lock(lock);			\
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *lock,
					  unsigned long flags)
{
	spin_unlock(lock);
	local_irq_restore(flags);
}

#endif

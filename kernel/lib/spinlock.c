// kernel/lib/spinlock.c — the ticket spinlock.
//
// Linux: kernel/locking/spinlock.c and (for the ticket idea)
// arch/x86/include/asm/spinlock.h before 4.2. Taking the lock is one
// atomic fetch-and-add on `next`; waiting is reading `owner` until it
// shows our ticket; releasing is a store that moves `owner` on.
//
// A lock holder must not be preempted (the next task might spin on the
// lock for ever), so taking a lock raises preempt_count and releasing
// lowers it. Linux's spin_unlock reschedules at once if that was asked
// for meanwhile; Nook's leaves it to the next interrupt's return (at
// most one tick later), which keeps unlock usable everywhere.

#include <nook/spinlock.h>
#include <nook/panic.h>
#include <nook/preempt.h>
#include <asm/cpu.h>

void spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->next = 0;
	lock->owner = 0;
	lock->name = name;
	lock->cpu = -1;
}

void spin_lock(spinlock_t *lock)
{
	u16 ticket;

	preempt_disable();
	ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
	lock->cpu = smp_processor_id();
}

void spin_unlock(spinlock_t *lock)
{
	lock->cpu = -1;
	__atomic_store_n(&lock->owner, lock->owner + 1, __ATOMIC_RELEASE);
	preempt_enable_no_resched();
}

bool spin_trylock(spinlock_t *lock)
{
	u16 owner = __atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE);
	u16 expected = owner;

	preempt_disable();
	/* Free means next == owner; take a ticket only if it is ours now. */
	if (!__atomic_compare_exchange_n(&lock->next, &expected, owner + 1,
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED)) {
		preempt_enable_no_resched();
		return false;
	}
	lock->cpu = smp_processor_id();
	return true;
}

bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
}

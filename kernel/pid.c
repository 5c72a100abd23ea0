// kernel/pid.c — process id allocation.
//
// Linux: kernel/pid.c (alloc_pid, free_pid; before 4.15 a bitmap, as
// here: alloc_pidmap, free_pidmap). One bit per number; last_pid
// remembers where the previous search stopped so allocation is cyclic
// (see nook/pid.h for why).
//
// Lock order: pidmap_lock is a leaf. find_get_task_by_vpid takes
// tasklist_lock.

#include <nook/errno.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/spinlock.h>

#define BITS_PER_LONG		64
#define PIDMAP_LONGS		(PID_MAX_DEFAULT / BITS_PER_LONG)

static DEFINE_SPINLOCK(pidmap_lock);
/* under pidmap_lock; bit 0 (the idle tasks' pid) is set for ever */
static unsigned long pidmap[PIDMAP_LONGS] = { 1UL };
static pid_t last_pid;
static int nr_in_use;

static bool pid_test(pid_t nr)
{
	return pidmap[nr / BITS_PER_LONG] & (1UL << (nr % BITS_PER_LONG));
}

/* The first clear bit in [from, PID_MAX_DEFAULT), or PID_MAX_DEFAULT. */
static pid_t find_next_zero_pid(pid_t from)
{
	unsigned int i = from / BITS_PER_LONG;
	unsigned long word;

	if (from >= PID_MAX_DEFAULT)
		return PID_MAX_DEFAULT;
	/* Treat the bits below from as taken. */
	word = ~pidmap[i] & (~0UL << (from % BITS_PER_LONG));
	for (;;) {
		if (word)
			return i * BITS_PER_LONG + __builtin_ctzl(word);
		if (++i == PIDMAP_LONGS)
			return PID_MAX_DEFAULT;
		word = ~pidmap[i];
	}
}

pid_t alloc_pid(void)
{
	unsigned long flags;
	pid_t nr;

	spin_lock_irqsave(&pidmap_lock, flags);
	nr = find_next_zero_pid(last_pid + 1);
	if (nr == PID_MAX_DEFAULT)	/* wrap: search again from the bottom */
		nr = find_next_zero_pid(RESERVED_PIDS);
	if (nr == PID_MAX_DEFAULT) {
		spin_unlock_irqrestore(&pidmap_lock, flags);
		return -EAGAIN;
	}
	pidmap[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
	last_pid = nr;
	nr_in_use++;
	spin_unlock_irqrestore(&pidmap_lock, flags);
	return nr;
}

void free_pid(pid_t nr)
{
	unsigned long flags;

	BUG_ON(nr < RESERVED_PIDS || nr >= PID_MAX_DEFAULT);
	spin_lock_irqsave(&pidmap_lock, flags);
	BUG_ON(!pid_test(nr));		/* freeing a free pid: a double free */
	pidmap[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
	nr_in_use--;
	spin_unlock_irqrestore(&pidmap_lock, flags);
}

int nr_pids_in_use(void)
{
	return READ_ONCE(nr_in_use);
}

/*
 * The user task with pid nr, with a reference the caller drops with
 * put_task_struct; NULL if none. Linux: find_get_task_by_vpid, a hash
 * lookup through struct pid; until Step 4 brings struct pid, a walk of
 * the tasklist. Kernel threads are not found: a user's pid never names
 * one (Linux does find them, but they are of no use to these callers).
 */
struct task_struct *find_get_task_by_vpid(pid_t nr)
{
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	if (nr <= 0)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pid == nr && !(p->flags & PF_KTHREAD)) {
			get_task_struct(p);
			found = p;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

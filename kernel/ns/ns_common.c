// kernel/ns/ns_common.c — inode numbers for namespaces.
//
// Linux: fs/proc/generic.c (proc_alloc_inum, proc_free_inum: an IDA
// above PROC_DYNAMIC_FIRST) and include/linux/proc_ns.h (ns_alloc_inum).
// The lowest free number is handed out, as the IDA does, so a number
// comes back once its namespace is gone: user space may compare the
// numbers of two namespaces alive together, never of one that has died.
//
// Lock order: inum_lock is a leaf.

#include <nook/errno.h>
#include <nook/ns_common.h>
#include <nook/panic.h>
#include <nook/spinlock.h>

#define INUM_LONGS	(NS_INUM_MAX / BITS_PER_LONG)

static DEFINE_SPINLOCK(inum_lock);
/* under inum_lock: bit i is PROC_DYNAMIC_FIRST + i */
static unsigned long inum_map[INUM_LONGS];
static int inums_in_use;

int ns_alloc_inum(struct ns_common *ns)
{
	unsigned long flags;
	int err = -ENOSPC;

	spin_lock_irqsave(&inum_lock, flags);
	for (unsigned int i = 0; i < INUM_LONGS; i++) {
		unsigned int bit;

		if (inum_map[i] == ~0UL)
			continue;
		bit = __builtin_ctzl(~inum_map[i]);
		inum_map[i] |= 1UL << bit;
		inums_in_use++;
		ns->inum = PROC_DYNAMIC_FIRST + i * BITS_PER_LONG + bit;
		err = 0;
		break;
	}
	spin_unlock_irqrestore(&inum_lock, flags);
	return err;
}

void ns_free_inum(struct ns_common *ns)
{
	unsigned int n = ns->inum - PROC_DYNAMIC_FIRST;
	unsigned long flags;

	/* An initial namespace's number is not ours to free. */
	BUG_ON(ns->inum < PROC_DYNAMIC_FIRST || n >= NS_INUM_MAX);
	spin_lock_irqsave(&inum_lock, flags);
	BUG_ON(!(inum_map[n / BITS_PER_LONG] & (1UL << (n % BITS_PER_LONG))));
	inum_map[n / BITS_PER_LONG] &= ~(1UL << (n % BITS_PER_LONG));
	inums_in_use--;
	spin_unlock_irqrestore(&inum_lock, flags);
}

int ns_inums_in_use(void)
{
	return READ_ONCE(inums_in_use);
}

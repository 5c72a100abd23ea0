// kernel/smp.c — asking another CPU to run a function for us.
//
// Linux: kernel/smp.c (smp_call_function_single, csd_lock/csd_unlock,
// generic_smp_call_function_single_interrupt). Linux keeps a lock-free
// queue of requests per CPU; Nook keeps one request slot per target CPU,
// which is enough to be true and small enough to read. A sender waits
// for the slot to be free, fills it, and interrupts the target (an IPI on
// CALL_FUNCTION_SINGLE_VECTOR); the target runs the function in its
// interrupt handler and marks the request done.
//
// Each slot counts requests: `queued` is bumped by a sender (under the
// slot's lock, so senders to one CPU take turns), `done` by the target
// after the function returns. queued == done means the slot is free; a
// sender that waits for its own request waits until done reaches its
// number, even if others have queued after it.

#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/panic.h>
#include <nook/smp.h>
#include <nook/spinlock.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/smp.h>

struct call_single_data {
	spinlock_t lock;		/* senders to this CPU take turns */
	smp_call_func_t func;		/* under lock, while queued == done */
	void *info;
	unsigned long queued;		/* written under lock */
	unsigned long done;		/* written by the target CPU only */
};

static struct call_single_data csd_data[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = __SPIN_LOCK_UNLOCKED(csd_lock) },
};

void generic_smp_call_function_single_interrupt(void)
{
	struct call_single_data *csd = &csd_data[smp_processor_id()];
	unsigned long ticket = READ_ONCE(csd->queued);

	/* A second IPI may find the request already run by the first. */
	if (READ_ONCE(csd->done) == ticket)
		return;
	csd->func(csd->info);
	/* x86 keeps stores in order: the func's writes land before this. */
	barrier();
	WRITE_ONCE(csd->done, ticket);
}

int smp_call_function_single(int cpu, smp_call_func_t func, void *info,
			     int wait)
{
	struct call_single_data *csd;
	unsigned long flags, ticket;

	if (!cpu_online(cpu))
		return -ENXIO;
	if (cpu == smp_processor_id()) {
		flags = local_irq_save();
		func(info);
		local_irq_restore(flags);
		return 0;
	}
	/*
	 * With interrupts off we could deadlock: the target may be spinning
	 * on a request to us that we could never take.
	 */
	WARN_ON(irqs_disabled());

	csd = &csd_data[cpu];
	spin_lock(&csd->lock);
	while (READ_ONCE(csd->done) != csd->queued)
		cpu_relax();
	csd->func = func;
	csd->info = info;
	barrier();		/* func and info before the new ticket */
	ticket = csd->queued + 1;
	WRITE_ONCE(csd->queued, ticket);
	spin_unlock(&csd->lock);

	arch_send_call_function_single_ipi(cpu);
	if (wait)
		while ((long)(READ_ONCE(csd->done) - ticket) < 0)
			cpu_relax();
	return 0;
}

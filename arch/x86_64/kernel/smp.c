// arch/x86_64/kernel/smp.c — stopping the other CPUs on panic, and the
// IPI that asks another CPU to run a function.
//
// Linux: arch/x86/kernel/smp.c (native_stop_other_cpus, stop_this_cpu,
// native_send_call_func_single_ipi, sysvec_call_function_single).
// A panicking CPU must keep the others from running on over a broken
// kernel. It cannot ask politely — another CPU may sit in a loop with
// interrupts off — so it sends each one an NMI, which cannot be masked;
// the NMI handler (traps.c) sees the stop request and halts for good.

#include <nook/kernel.h>
#include <nook/smp.h>
#include <nook/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <asm/smp.h>

#define STOP_WAIT_US		1000000	/* give the others a second */
#define STOP_POLL_US		10

/* Set once, by the first CPU to call smp_send_stop(). */
static bool stop_requested;

bool smp_stop_requested(void)
{
	return READ_ONCE(stop_requested);
}

void stop_this_cpu(void)
{
	local_irq_disable();
	WRITE_ONCE(this_cpu()->online, false);
	for (;;)
		halt();
}

void smp_send_stop(void)
{
	int me = smp_processor_id();
	unsigned long waited = 0;

	if (num_online_cpus() <= 1)
		return;
	WRITE_ONCE(stop_requested, true);
	for (int i = 0; i < NR_CPUS; i++)
		if (i != me && READ_ONCE(cpus[i].online))
			apic_send_nmi(cpus[i].apic_id);
	while (num_online_cpus() > 1 && waited < STOP_WAIT_US) {
		udelay(STOP_POLL_US);
		waited += STOP_POLL_US;
	}
}

void arch_send_call_function_single_ipi(int cpu)
{
	apic_send_IPI(cpus[cpu].apic_id, CALL_FUNCTION_SINGLE_VECTOR);
}

void smp_send_reschedule(int cpu)
{
	apic_send_IPI(cpus[cpu].apic_id, RESCHEDULE_VECTOR);
}

/*
 * The waker set need_resched before sending; taking the interrupt woke
 * the CPU from hlt, and the idle loop (or the return from this
 * interrupt) now sees the flag. Nothing more to do.
 */
void smp_reschedule_interrupt(struct pt_regs *regs)
{
	(void)regs;
	this_cpu()->resched_ipis++;
	apic_eoi();
}

/*
 * Acknowledge first: a request queued while the function runs then
 * raises a new interrupt, taken once this one returns.
 */
void smp_call_function_single_interrupt(struct pt_regs *regs)
{
	apic_eoi();
	generic_smp_call_function_single_interrupt();
}

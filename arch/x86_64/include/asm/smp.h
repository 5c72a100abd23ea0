/* asm/smp.h — talking to the other CPUs. Linux: arch/x86/include/asm/smp.h. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <nook/kernel.h>

/* Stop every other CPU (an NMI to each); used by panic(). */
void smp_send_stop(void);
/* True once smp_send_stop() has begun: the NMI handler then stops. */
bool smp_stop_requested(void);
/* Mark this CPU offline and halt it for good. */
void stop_this_cpu(void) __noreturn;

struct pt_regs;
/* CALL_FUNCTION_SINGLE_VECTOR's handler: runs what another CPU queued. */
void smp_call_function_single_interrupt(struct pt_regs *regs);
/* Interrupt CPU cpu so it runs its queued call (kernel/smp.c). */
void arch_send_call_function_single_ipi(int cpu);
/*
 * Interrupt CPU cpu so it sees need_resched at once rather than at its
 * next tick: an idle CPU halts until an interrupt comes.
 */
void smp_send_reschedule(int cpu);
/* RESCHEDULE_VECTOR's handler: the interrupt itself was the message. */
void smp_reschedule_interrupt(struct pt_regs *regs);

#endif

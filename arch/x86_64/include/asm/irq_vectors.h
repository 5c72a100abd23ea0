/*
 * asm/irq_vectors.h — which IDT vector each interrupt source uses.
 * Linux: arch/x86/include/asm/irq_vectors.h (the same numbers).
 *
 * 0-31 are the CPU's exceptions. The legacy 8259 PICs are moved to
 * 0x30-0x3f and masked: left at their power-on vectors 0x08-0x0f they
 * would alias exceptions (IRQ 0 would look like a double fault). The
 * local APIC's own vectors sit at the top, highest priority.
 */
#ifndef ASM_IRQ_VECTORS_H
#define ASM_IRQ_VECTORS_H

#define NR_VECTORS		256
#define ISA_IRQ_VECTOR(irq)	(0x30 + (irq))
#define NR_LEGACY_IRQS		16
#define LOCAL_TIMER_VECTOR	0xec
#define CALL_FUNCTION_SINGLE_VECTOR	0xfb
#define RESCHEDULE_VECTOR	0xfd	/* Linux's number too */
#define ERROR_APIC_VECTOR	0xfe
#define SPURIOUS_APIC_VECTOR	0xff

#endif

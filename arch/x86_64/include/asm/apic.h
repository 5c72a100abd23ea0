/*
 * asm/apic.h — the local APIC: each CPU's interrupt controller and timer.
 * Linux: arch/x86/include/asm/apic.h, apicdef.h (register names kept).
 *
 * Nook drives the APIC in xAPIC mode: its registers are 32-bit words in
 * a 4 KiB MMIO page at the physical address MSR IA32_APIC_BASE gives.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <nook/types.h>

#define MSR_IA32_APICBASE_ENABLE	(1UL << 11)
#define MSR_IA32_APICBASE_BASE		0x000ffffffffff000UL

/* Register offsets in the APIC page */
#define APIC_ID		0x20
#define APIC_ID_SHIFT	24
#define APIC_LVR	0x30	/* version */
#define APIC_TASKPRI	0x80
#define APIC_EOI	0xb0
#define APIC_SPIV	0xf0	/* spurious vector and software enable */
#define APIC_ESR	0x280	/* error status */
#define APIC_ICR	0x300	/* interrupt command, low half: sends on write */
#define APIC_ICR2	0x310	/* interrupt command, high half: destination */
#define APIC_LVTT	0x320	/* local vector table: timer */
#define APIC_LVT0	0x350	/* LINT0 pin */
#define APIC_LVT1	0x360	/* LINT1 pin */
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380	/* timer initial count */
#define APIC_TMCCT	0x390	/* timer current count */
#define APIC_TDCR	0x3e0	/* timer divide configuration */

#define APIC_SPIV_APIC_ENABLED	(1U << 8)
#define APIC_LVT_MASKED		(1U << 16)
#define APIC_LVT_TIMER_PERIODIC	(1U << 17)
#define APIC_TDR_DIV_16		0x3
#define APIC_TIMER_DIVISOR	16
#define APIC_DM_FIXED		(0U << 8)	/* delivery mode: the vector */
#define APIC_DM_NMI		(4U << 8)	/* delivery mode: NMI */
#define APIC_DM_INIT		(5U << 8)	/* reset to wait-for-SIPI */
#define APIC_DM_STARTUP		(6U << 8)	/* SIPI: start at vector << 12 */
#define APIC_ICR_BUSY		(1U << 12)	/* delivery status: pending */
#define APIC_INT_ASSERT		(1U << 14)
#define APIC_INT_LEVELTRIG	(1U << 15)
#define APIC_DEST_SHIFT		24		/* in APIC_ICR2 */

u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 val);
/* Tell the APIC this CPU has finished with the current interrupt. */
void apic_eoi(void);

/* Map and enable this CPU's local APIC; the CPU can then take IPIs. */
void lapic_init(void);
/*
 * Write the ICR: send the interrupt `low` describes (delivery mode,
 * vector, trigger) to the CPU whose local APIC id is apic_id, then wait
 * (a bounded time) until the APIC has delivered it.
 */
void apic_icr_write(u32 low, u32 apic_id);
/* Send an NMI to the CPU whose local APIC id is apic_id. */
void apic_send_nmi(u32 apic_id);
/* Send interrupt `vector` to the CPU whose local APIC id is apic_id. */
void apic_send_IPI(u32 apic_id, u8 vector);

/* The timer, for calibration: count down from the top, masked. */
void lapic_timer_start_countdown(void);
u32 lapic_timer_count(void);
/* Interrupt LOCAL_TIMER_VECTOR every `ticks` timer ticks, for ever. */
void lapic_timer_setup_periodic(u32 ticks);
/*
 * APIC timer ticks per jiffy, measured once by time_init() on the boot
 * CPU. Every CPU's timer runs at the same bus clock, so the others reuse it.
 */
extern u32 lapic_timer_period;

#endif

// arch/x86_64/kernel/apic.c — the local APIC and its timer.
//
// Linux: arch/x86/kernel/apic/apic.c (setup_local_APIC, lapic_timer,
// sysvec_apic_timer_interrupt, sysvec_spurious_apic_interrupt) and
// apic/ipi.c. Each CPU has its own local APIC: it delivers interrupts
// to that CPU, sends inter-processor interrupts (the ICR), and has a
// timer that counts down at the bus clock and interrupts at zero.

#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/irq_vectors.h>
#include <asm/msr.h>
#include <asm/ptrace.h>
#include <asm/page.h>
#include <asm/traps.h>

#define APIC_TIMER_MAX_COUNT	0xffffffffU
#define APIC_TASKPRI_ACCEPT_ALL	0
#define APIC_ICR_WAIT_US	1000

/*
 * Every CPU's APIC sits at the same physical address (each CPU sees its
 * own there), so one mapping serves all. Set once by the boot CPU.
 */
static volatile u32 *lapic_base;

u32 apic_read(u32 reg)
{
	return lapic_base[reg / sizeof(u32)];
}

void apic_write(u32 reg, u32 val)
{
	lapic_base[reg / sizeof(u32)] = val;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static void local_apic_timer_interrupt(struct pt_regs *regs)
{
	tick_periodic(user_mode(regs));
	apic_eoi();
}

/*
 * The APIC raises this when an interrupt it was about to deliver went
 * away (it was masked, say) after the CPU had begun to accept it. There
 * is nothing to acknowledge: a spurious interrupt gets no EOI.
 */
static void spurious_apic_interrupt(struct pt_regs *regs)
{
	pr_debug("apic: spurious interrupt on CPU %d\n", smp_processor_id());
}

static void error_apic_interrupt(struct pt_regs *regs)
{
	u32 esr;

	apic_write(APIC_ESR, 0);	/* a write latches the errors to read */
	esr = apic_read(APIC_ESR);
	pr_err("apic: error interrupt on CPU %d, ESR %#x\n",
	       smp_processor_id(), esr);
	apic_eoi();
}

static void lapic_map(void)
{
	u64 base = rdmsr(MSR_IA32_APICBASE);
	phys_addr_t phys = base & MSR_IA32_APICBASE_BASE;

	if (!(base & MSR_IA32_APICBASE_ENABLE))
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
	lapic_base = ioremap(phys, PAGE_SIZE);
	if (!lapic_base)
		panic("apic: cannot map the local APIC at %#lx", phys);
}

void lapic_init(void)
{
	struct cpu *c = this_cpu();

	if (!lapic_base) {
		lapic_map();
		set_irq_handler(LOCAL_TIMER_VECTOR, local_apic_timer_interrupt);
		set_irq_handler(ERROR_APIC_VECTOR, error_apic_interrupt);
		set_irq_handler(SPURIOUS_APIC_VECTOR, spurious_apic_interrupt);
	}
	c->apic_id = apic_read(APIC_ID) >> APIC_ID_SHIFT;

	/* Nothing is wired to LINT0 (the 8259s are masked); LINT1 is NMI. */
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_DM_NMI);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_TASKPRI, APIC_TASKPRI_ACCEPT_ALL);
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_eoi();		/* in case an interrupt was left in service */

	pr_info("apic: local APIC id %u at %#lx, version %#x, CPU %d\n",
		c->apic_id, __pa((void *)lapic_base), apic_read(APIC_LVR),
		c->id);
}

/*
 * Interrupts stay off across the two writes: a handler that sent an IPI
 * between them would leave our low half going to its destination.
 */
void apic_icr_write(u32 low, u32 apic_id)
{
	unsigned long wait = APIC_ICR_WAIT_US, flags = local_irq_save();

	apic_write(APIC_ICR2, apic_id << APIC_DEST_SHIFT);
	apic_write(APIC_ICR, low);
	while ((apic_read(APIC_ICR) & APIC_ICR_BUSY) && wait--)
		udelay(1);
	local_irq_restore(flags);
}

void apic_send_nmi(u32 apic_id)
{
	apic_icr_write(APIC_DM_NMI | APIC_INT_ASSERT, apic_id);
}

void apic_send_IPI(u32 apic_id, u8 vector)
{
	apic_icr_write(APIC_DM_FIXED | APIC_INT_ASSERT | vector, apic_id);
}

void lapic_timer_start_countdown(void)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, APIC_TIMER_MAX_COUNT);
}

u32 lapic_timer_count(void)
{
	return apic_read(APIC_TMCCT);
}

void lapic_timer_setup_periodic(u32 ticks)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, ticks);
}

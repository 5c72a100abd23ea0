// arch/x86_64/kernel/test_cpu.c — ktest suite "cpu": descriptor tables,
// the interrupt entry path, and interrupt-flag handling around locks.
//
// Linux has no single counterpart; the closest are the x86 selftests
// (tools/testing/selftests/x86) and lib/locking-selftest.c. These check
// what must hold after trap_init() on the boot CPU.

#include <nook/ktest.h>
#include <nook/spinlock.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <asm/trapnr.h>
#include <asm/msr.h>
#include <asm/traps.h>

#define GATE_SIZE	16
#define PATTERN(n)	(0x5a5a000000000000UL | (n))

/* Every exception vector leads to its own entry stub. */
static void test_idt_has_all_exception_handlers(struct ktest *t)
{
	struct desc_ptr idtr;

	store_idt(&idtr);
	KEXPECT_EQ(t, idtr.size, NR_VECTORS * GATE_SIZE - 1);
	for (unsigned int v = 0; v < NR_EXCEPTION_VECTORS; v++) {
		KEXPECT_NE(t, idt_gate_addr(v), 0);
		KEXPECT_EQ(t, idt_gate_addr(v), idt_entry_addr(v));
	}
}

/* This CPU runs on its own GDT, with the selectors segment.h promises. */
static void test_gdt_and_tr_loaded(struct ktest *t)
{
	struct desc_ptr gdtr;
	u16 cs, ss;

	store_gdt(&gdtr);
	KASSERT_NOT_NULL(t, this_cpu()->arch);
	KEXPECT_EQ(t, gdtr.address, (u64)this_cpu()->arch->gdt);
	KEXPECT_EQ(t, gdtr.size, GDT_ENTRIES * sizeof(u64) - 1);
	KEXPECT_EQ(t, store_tr(), GDT_ENTRY_TSS_SEL);
	__asm__ __volatile__("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
	KEXPECT_EQ(t, cs, __KERNEL_CS);
	KEXPECT_EQ(t, ss, __KERNEL_DS);
}

/* The IST slots point at the tops of this CPU's exception stacks. */
static void test_tss_ist_stacks(struct ktest *t)
{
	struct cpu_arch *a = this_cpu()->arch;

	KASSERT_NOT_NULL(t, a);
	KEXPECT_EQ(t, a->tss.ist[IST_INDEX_DF],
		   (u64)a->exception_stacks[IST_INDEX_DF] + EXCEPTION_STACK_SIZE);
	KEXPECT_EQ(t, a->tss.ist[IST_INDEX_NMI],
		   (u64)a->exception_stacks[IST_INDEX_NMI] + EXCEPTION_STACK_SIZE);
}

/* A kernel int3 is counted and resumes right after the int3. */
static void test_int3_returns_and_counts(struct ktest *t)
{
	unsigned long before = int3_count(), resume_ip;

	__asm__ __volatile__("int3\n1:\tleaq 1b(%%rip), %0" : "=r"(resume_ip));
	KEXPECT_EQ(t, int3_count(), before + 1);
	KEXPECT_EQ(t, int3_last_ip(), resume_ip);
}

/* Unlike a call, an interrupt must give back every register unchanged. */
static void test_int3_preserves_registers(struct ktest *t)
{
	unsigned long ax = PATTERN(1), cx = PATTERN(2), dx = PATTERN(3);
	unsigned long si = PATTERN(4), di = PATTERN(5);
	register unsigned long r8 __asm__("r8") = PATTERN(8);
	register unsigned long r9 __asm__("r9") = PATTERN(9);
	register unsigned long r10 __asm__("r10") = PATTERN(10);
	register unsigned long r11 __asm__("r11") = PATTERN(11);
	register unsigned long r12 __asm__("r12") = PATTERN(12);
	register unsigned long r15 __asm__("r15") = PATTERN(15);

	__asm__ __volatile__("int3"
			     : "+a"(ax), "+c"(cx), "+d"(dx), "+S"(si), "+D"(di),
			       "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r11),
			       "+r"(r12), "+r"(r15)
			     : : "memory");
	KEXPECT_EQ(t, ax, PATTERN(1));
	KEXPECT_EQ(t, cx, PATTERN(2));
	KEXPECT_EQ(t, dx, PATTERN(3));
	KEXPECT_EQ(t, si, PATTERN(4));
	KEXPECT_EQ(t, di, PATTERN(5));
	KEXPECT_EQ(t, r8, PATTERN(8));
	KEXPECT_EQ(t, r9, PATTERN(9));
	KEXPECT_EQ(t, r10, PATTERN(10));
	KEXPECT_EQ(t, r11, PATTERN(11));
	KEXPECT_EQ(t, r12, PATTERN(12));
	KEXPECT_EQ(t, r15, PATTERN(15));
}

/* irqsave turns interrupts off; irqrestore gives back what was there. */
static void test_spin_lock_irqsave_restores(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	unsigned long saved = local_irq_save(), flags;

	local_irq_enable();
	spin_lock_irqsave(&lock, flags);
	KEXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irqrestore(&lock, flags);
	KEXPECT_FALSE(t, irqs_disabled());

	local_irq_disable();
	spin_lock_irqsave(&lock, flags);
	KEXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irqrestore(&lock, flags);
	KEXPECT_TRUE(t, irqs_disabled());

	local_irq_restore(saved);
}

static void test_spin_trylock(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);

	KASSERT_TRUE(t, spin_trylock(&lock));
	KEXPECT_TRUE(t, spin_is_locked(&lock));
	KEXPECT_FALSE(t, spin_trylock(&lock));
	spin_unlock(&lock);
	KEXPECT_FALSE(t, spin_is_locked(&lock));
	KEXPECT_TRUE(t, spin_trylock(&lock));
	spin_unlock(&lock);
}

/*
 * An NMI that lands in kernel mode while GS still holds the user's base
 * (between `syscall` and its swapgs): the entry must see that from the
 * GS base itself, not from the saved CS, or the handler's this_cpu()
 * reads through a user pointer. Recreated here with swapgs by hand and
 * `int $2` (the NMI vector's entry), interrupts off, touching nothing
 * that goes through GS in between.
 */
static void test_nmi_with_user_gs(struct ktest *t)
{
	unsigned long flags = local_irq_save();
	unsigned long kernel_gs = rdmsr(MSR_KERNEL_GS_BASE);
	unsigned long before = nmi_count();
	int me = smp_processor_id();

	wrmsr(MSR_KERNEL_GS_BASE, 0);	/* the "user's" GS base: NULL */
	__asm__ __volatile__("swapgs\n\tint $2\n\tswapgs" ::: "memory");
	wrmsr(MSR_KERNEL_GS_BASE, kernel_gs);
	local_irq_restore(flags);

	KEXPECT_EQ(t, nmi_count(), before + 1);
	KEXPECT_EQ(t, smp_processor_id(), me);	/* our own GS is back */
	KEXPECT_EQ(t, rdmsr(MSR_KERNEL_GS_BASE), kernel_gs);
}

static struct ktest_case cpu_cases[] = {
	KTEST_CASE(test_idt_has_all_exception_handlers),
	KTEST_CASE(test_gdt_and_tr_loaded),
	KTEST_CASE(test_tss_ist_stacks),
	KTEST_CASE(test_int3_returns_and_counts),
	KTEST_CASE(test_int3_preserves_registers),
	KTEST_CASE(test_nmi_with_user_gs),
	KTEST_CASE(test_spin_lock_irqsave_restores),
	KTEST_CASE(test_spin_trylock),
	{}
};

static struct ktest_suite cpu_suite = {
	.name = "cpu",
	.cases = cpu_cases,
};
KTEST_SUITE(cpu_suite);

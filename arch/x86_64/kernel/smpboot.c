// arch/x86_64/kernel/smpboot.c — starting the secondary CPUs.
//
// Linux: arch/x86/kernel/smpboot.c (native_smp_prepare_cpus, do_boot_cpu,
// wakeup_secondary_cpu_via_init, start_secondary) and
// arch/x86/realmode/init.c (setup_real_mode). Every CPU but the boot CPU
// waits after reset for a STARTUP IPI. The boot CPU finds the CPUs in
// the ACPI MADT, copies the real-mode trampoline (realmode/trampoline.asm)
// below 1 MiB, and wakes each CPU with INIT, STARTUP, STARTUP through its
// local APIC. The CPU climbs to long mode and runs start_secondary(),
// which sets it up as trap_init() and time_init() set up the boot CPU.
// CPUs start one at a time: they share the trampoline's header.

#include <nook/kernel.h>
#include <nook/memblock.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/smp.h>
#include <nook/string.h>
#include <nook/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/switch_to.h>
#include <asm/fpu.h>
#include <asm/syscall.h>
#include <asm/traps.h>

/*
 * The trampoline's pages: its code, then its page table (pgd, pud, pmd).
 * A STARTUP IPI can only name a page below 1 MiB. mm_init() keeps all
 * of low memory out of the allocators (LOW_MEM_RESERVE), so these pages
 * are ours; we only check that the firmware calls them RAM. 0x8000 is
 * past the BIOS's data (the interrupt table, the BIOS data area and the
 * boot sector at 0x7c00) and far below the EBDA.
 */
#define TRAMPOLINE_BASE		0x8000UL
enum { TR_CODE, TR_PGD, TR_PUD, TR_PMD, TR_NR_PAGES };
#define TRAMPOLINE_PAGE(i)	(TRAMPOLINE_BASE + (i) * PAGE_SIZE)

/* The kernel stack each secondary CPU starts (and, for now, idles) on. */

/* Intel SDM vol. 3, 9.4.4 (MP initialization): the delays between IPIs. */
#define INIT_ASSERT_DELAY_MS	10
#define STARTUP_IPI_DELAY_US	200
#define NUM_STARTUP_IPIS	2
#define CPU_ONLINE_TIMEOUT_MS	1000	/* TCG is slow: be generous */
#define CPU_ONLINE_POLL_US	100

/* Filled by the boot CPU for each CPU it starts; read by the trampoline. */
struct trampoline_header {
	u32 cr3;
	u32 reserved;
	u64 stack;
	u64 cpu;
	u64 start;
} __packed;

extern const u8 trampoline_start[], trampoline_header[], trampoline_end[];

void __noreturn start_secondary(struct cpu *c);

/*
 * Here from the trampoline, in long mode on the trampoline's page table
 * and GDT, interrupts off, with c's stack. Order matters: our own GDT
 * must be loaded before the trampoline's page table (which alone maps
 * the trampoline's GDT) is dropped.
 */
void __noreturn start_secondary(struct cpu *c)
{
	cpu_set_current(c);
	cpu_init_gdt();
	idt_load();
	setup_smep_smap();
	syscall_init();
	fpu_init_cpu();
	write_cr3(__pa(swapper_pg_dir));
	lapic_init();
	lapic_timer_setup_periodic(lapic_timer_period);
	WRITE_ONCE(c->online, true);
	cpu_startup_entry();	/* the idle task: interrupts on, schedule() */
}

/*
 * The trampoline's page table: the low 2 MiB identity-mapped (the code
 * runs there while it turns paging on) and the kernel half shared with
 * swapper_pg_dir (start_secondary runs there). Its tables sit below
 * 4 GiB, as a 32-bit mov to CR3 requires.
 */
static void setup_trampoline_pgd(void)
{
	pteval_t *pgd = __va(TRAMPOLINE_PAGE(TR_PGD));
	pteval_t *pud = __va(TRAMPOLINE_PAGE(TR_PUD));
	pteval_t *pmd = __va(TRAMPOLINE_PAGE(TR_PMD));

	memset(pgd, 0, PAGE_SIZE);
	memset(pud, 0, PAGE_SIZE);
	memset(pmd, 0, PAGE_SIZE);
	pmd[pmd_index(0UL)] = 0 | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
	pud[pud_index(0UL)] = TRAMPOLINE_PAGE(TR_PMD) | _PAGE_TABLE;
	pgd[pgd_index(0UL)] = TRAMPOLINE_PAGE(TR_PUD) | _PAGE_TABLE;
	memcpy(&pgd[KERNEL_PGD_BOUNDARY], &swapper_pg_dir[KERNEL_PGD_BOUNDARY],
	       (PTRS_PER_TABLE - KERNEL_PGD_BOUNDARY) * sizeof(pteval_t));
}

/* Does one RAM range of the memory map hold all of [base, base + size)? */
static bool range_is_ram(phys_addr_t base, phys_addr_t size)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];

		if (r->base <= base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

/* Linux: setup_real_mode(). Returns false if the pages are not RAM. */
static bool setup_real_mode(void)
{
	size_t size = trampoline_end - trampoline_start;

	BUG_ON(size > PAGE_SIZE);
	if (!range_is_ram(TRAMPOLINE_BASE, TR_NR_PAGES * PAGE_SIZE)) {
		pr_err("smpboot: no RAM at %#lx for the trampoline\n",
		       TRAMPOLINE_BASE);
		return false;
	}
	memcpy(__va(TRAMPOLINE_BASE), trampoline_start, size);
	setup_trampoline_pgd();
	return true;
}

static struct trampoline_header *trampoline_header_va(void)
{
	return __va(TRAMPOLINE_BASE + (trampoline_header - trampoline_start));
}

/*
 * INIT (asserted, then de-asserted) resets the CPU into wait-for-SIPI;
 * each STARTUP IPI then starts it at page `start_eip >> PAGE_SHIFT`. The
 * second STARTUP is the MP specification's insurance against a lost
 * first one; a CPU that is already running ignores it.
 */
static void wakeup_secondary_cpu_via_init(u32 apicid, unsigned long start_eip)
{
	apic_write(APIC_ESR, 0);	/* clear errors from before */
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT,
		       apicid);
	mdelay(INIT_ASSERT_DELAY_MS);
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_DM_INIT, apicid);
	for (int i = 0; i < NUM_STARTUP_IPIS; i++) {
		apic_icr_write(APIC_DM_STARTUP | (start_eip >> PAGE_SHIFT),
			       apicid);
		udelay(STARTUP_IPI_DELAY_US);
	}
}

static bool wait_for_online(struct cpu *c)
{
	unsigned long waited = 0;

	while (!READ_ONCE(c->online)) {
		if (waited >= CPU_ONLINE_TIMEOUT_MS * USEC_PER_MSEC)
			return false;
		udelay(CPU_ONLINE_POLL_US);
		waited += CPU_ONLINE_POLL_US;
	}
	return true;
}

static int do_boot_cpu(struct cpu *c)
{
	struct trampoline_header *th = trampoline_header_va();
	/* The AP starts on its idle task's stack, as that task. */
	struct task_struct *idle = idle_task_create(c->id);

	if (IS_ERR(idle))
		return -1;
	th->cr3 = TRAMPOLINE_PAGE(TR_PGD);
	th->stack = task_top_of_stack(idle);
	th->cpu = (u64)c;
	th->start = (u64)start_secondary;
	wakeup_secondary_cpu_via_init(c->apic_id, TRAMPOLINE_BASE);
	if (!wait_for_online(c)) {
		/*
		 * It may yet wake up and run on this stack: never free it.
		 * It is then not online, so nothing will ask it for work.
		 */
		pr_err("smpboot: CPU %d (APIC id %u) did not come online\n",
		       c->id, c->apic_id);
		return -1;
	}
	return 0;
}

/* The firmware's CPUs into cpus[]: the boot CPU stays cpus[0]. */
static int smp_find_cpus(void)
{
	u32 ids[NR_CPUS];
	u32 boot_apic_id = this_cpu()->apic_id;
	int found = acpi_find_lapic_ids(ids, NR_CPUS), n = 1;
	char list[NR_CPUS * sizeof(" 4294967295")];
	size_t len = 0;

	cpus[0].present = true;
	if (found <= 0)
		return 1;
	if (found > NR_CPUS)
		pr_warn("smp: %d CPUs found, using %d (NR_CPUS)\n", found,
			NR_CPUS);
	found = min(found, NR_CPUS);
	for (int i = 0; i < found; i++) {
		len += snprintf(list + len, sizeof(list) - len, " %u", ids[i]);
		if (ids[i] == boot_apic_id)
			continue;
		if (n == NR_CPUS)
			break;	/* the boot CPU was not in the list: full */
		cpus[n].id = n;
		cpus[n].apic_id = ids[i];
		cpus[n].present = true;
		n++;
	}
	pr_info("smp: %d CPUs found (APIC ids%s)\n", found, list);
	return n;
}

void smp_init(void)
{
	int n = smp_find_cpus(), up = 1;

	set_irq_handler(CALL_FUNCTION_SINGLE_VECTOR,
			smp_call_function_single_interrupt);
	set_irq_handler(RESCHEDULE_VECTOR, smp_reschedule_interrupt);
	if (n > 1 && setup_real_mode()) {
		for (int i = 1; i < n; i++) {
			/* A CPU that failed stays present, never online. */
			if (do_boot_cpu(&cpus[i]) == 0)
				up++;
		}
	}
	pr_info("smp: Brought up %d CPU%s\n", up, up == 1 ? "" : "s");
}

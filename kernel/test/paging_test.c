// kernel/test/paging_test.c — tests for the kernel page tables (arch/x86_64/mm/paging.c).
//
// Linux checks the same properties at boot with CONFIG_DEBUG_WX
// (arch/x86/mm/dump_pagetables.c). Each test reads the page tables with
// lookup_address() instead of touching memory, so a wrong answer is a
// failed expectation, not a fault.

#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/sched.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/pgtable.h>

/* The local APIC's registers: MMIO that is never RAM. */
#define APIC_DEFAULT_PHYS_BASE	0xfee00000UL	/* where QEMU puts it */

extern char _text[], __start_rodata[], __end_rodata[];
extern char _bss_start[];

static int some_data = 1;		/* lives in .data */

static pteval_t entry_for(unsigned long va, enum pg_level *level)
{
	pteval_t *e = lookup_address(va, level);

	return e ? *e : 0;
}

static void test_kernel_sections_protected(struct ktest *t)
{
	enum pg_level level;
	pteval_t e;

	e = entry_for((unsigned long)_text, &level);
	KEXPECT_TRUE(t, e & _PAGE_PRESENT);
	KEXPECT_FALSE(t, e & _PAGE_RW);
	KEXPECT_FALSE(t, e & _PAGE_NX);
	KEXPECT_EQ(t, level, PG_LEVEL_4K);

	e = entry_for((unsigned long)__start_rodata, &level);
	KEXPECT_TRUE(t, e & _PAGE_PRESENT);
	KEXPECT_FALSE(t, e & _PAGE_RW);
	KEXPECT_TRUE(t, e & _PAGE_NX);

	e = entry_for((unsigned long)&some_data, &level);
	KEXPECT_TRUE(t, e & _PAGE_PRESENT);
	KEXPECT_TRUE(t, e & _PAGE_RW);
	KEXPECT_TRUE(t, e & _PAGE_NX);

	e = entry_for((unsigned long)_bss_start, &level);
	KEXPECT_TRUE(t, e & _PAGE_PRESENT);
	KEXPECT_TRUE(t, e & _PAGE_RW);
	KEXPECT_TRUE(t, e & _PAGE_NX);
	KEXPECT_EQ(t, some_data, 1);
}

/* The lower half belongs to user space: nothing of the boot identity map. */
static void test_identity_map_gone(struct ktest *t)
{
	enum pg_level level;

	KEXPECT_FALSE(t, entry_for(0, &level) & _PAGE_PRESENT);
	KEXPECT_FALSE(t, entry_for(__pa(_text), &level) & _PAGE_PRESENT);
	/*
	 * The CPU runs on the page tables of the mm this kernel thread
	 * borrowed (lazy TLB): swapper_pg_dir (init_mm's) unless a woken
	 * test task landed on a CPU that last ran a user address space.
	 */
	KEXPECT_EQ(t, read_cr3_pa(), __pa(current->active_mm->pgd));
}

/* The direct map reaches the last RAM frame, writable and never executable. */
static void test_direct_map_covers_all_ram(struct ktest *t)
{
	phys_addr_t last = (max_pfn - 1) << PAGE_SHIFT;
	unsigned long va = (unsigned long)__va(last);
	enum pg_level level;
	pteval_t e = entry_for(va, &level);

	KEXPECT_TRUE(t, e & _PAGE_PRESENT);
	KEXPECT_TRUE(t, e & _PAGE_RW);
	KEXPECT_TRUE(t, e & _PAGE_NX);
	/* The entry's frame plus the offset inside its page is `last`. */
	KEXPECT_EQ(t, (e & PTE_PFN_MASK) + (va & (page_level_size(level) - 1)),
		   last);
	(void)READ_ONCE(*(unsigned long *)va);	/* and it reads */
}

static void test_ioremap_uncached(struct ktest *t)
{
	u32 *apic = ioremap(APIC_DEFAULT_PHYS_BASE, PAGE_SIZE);
	enum pg_level level;
	pteval_t e;
	u32 version;

	KASSERT_NOT_NULL(t, apic);
	KEXPECT_TRUE(t, (void *)apic == __va(APIC_DEFAULT_PHYS_BASE));
	e = entry_for((unsigned long)apic, &level);
	KEXPECT_TRUE(t, e & _PAGE_PRESENT);
	KEXPECT_TRUE(t, e & _PAGE_PCD);
	KEXPECT_TRUE(t, e & _PAGE_NX);
	KEXPECT_EQ(t, level, PG_LEVEL_4K);
	/* A real device answers: the APIC version register is never 0. */
	version = READ_ONCE(apic[APIC_LVR / sizeof(u32)]);
	KEXPECT_NE(t, version & 0xff, 0);
	KEXPECT_NULL(t, ioremap(APIC_DEFAULT_PHYS_BASE, 0));
}

static struct ktest_case paging_cases[] = {
	KTEST_CASE(test_kernel_sections_protected),
	KTEST_CASE(test_identity_map_gone),
	KTEST_CASE(test_direct_map_covers_all_ram),
	KTEST_CASE(test_ioremap_uncached),
	{}
};

static struct ktest_suite paging_suite = {
	.name = "paging",
	.cases = paging_cases,
};
KTEST_SUITE(paging_suite);

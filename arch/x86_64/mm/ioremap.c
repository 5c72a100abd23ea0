// arch/x86_64/mm/ioremap.c — mapping device registers, uncached.
//
// Linux: arch/x86/mm/ioremap.c. A device's registers (the local APIC's,
// at 0xfee00000) live at physical addresses that are not RAM and that
// the CPU must never cache: a cached read of a status register would
// return a stale value. ioremap() maps such a range at its direct-map
// address, __va(phys), with caching off, by editing the live page tables
// (found through CR3). It works before the frame allocator exists: the
// few page-table pages it may need come from a small pool in .bss.
//
// Lock order: ioremap_lock is a leaf.

#include <nook/printk.h>
#include <nook/spinlock.h>
#include <nook/string.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/special_insns.h>

/* Page-table entry bits (Linux: arch/x86/include/asm/pgtable_types.h). */
#define _PAGE_PRESENT	(1UL << 0)
#define _PAGE_RW	(1UL << 1)
#define _PAGE_PWT	(1UL << 3)	/* write-through */
#define _PAGE_PCD	(1UL << 4)	/* cache disabled */
#define _PAGE_PSE	(1UL << 7)	/* a 2 MiB or 1 GiB page, not a table */
#define _PAGE_NX	(1UL << 63)
#define PTE_PFN_MASK	0x000ffffffffff000UL

#define PTRS_PER_TABLE	512
#define PGDIR_SHIFT	39
#define PUD_SHIFT	30
#define PMD_SHIFT	21
#define LEVELS		4

/* Device registers: uncached (PCD and PWT select UC), never executed. */
#define PAGE_KERNEL_IO	(_PAGE_PRESENT | _PAGE_RW | _PAGE_PCD | _PAGE_PWT | _PAGE_NX)
#define PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW)

/* Enough for a few devices' pages before a frame allocator exists. */
#define IOREMAP_PT_PAGES 8

static DEFINE_SPINLOCK(ioremap_lock);
/* Under ioremap_lock. */
static u8 ioremap_pt_pool[IOREMAP_PT_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static int ioremap_pt_used;

static unsigned int table_index(unsigned long va, int shift)
{
	return (va >> shift) & (PTRS_PER_TABLE - 1);
}

/* The table *entry points to, made if missing; NULL if a huge page is there. */
static u64 *next_table(u64 *entry)
{
	if (!(*entry & _PAGE_PRESENT)) {
		u8 *page;

		if (ioremap_pt_used == IOREMAP_PT_PAGES)
			return NULL;
		page = ioremap_pt_pool[ioremap_pt_used++];
		memset(page, 0, PAGE_SIZE);
		*entry = __pa(page) | PAGE_TABLE;
	}
	if (*entry & _PAGE_PSE)
		return NULL;
	return __va(*entry & PTE_PFN_MASK);
}

/*
 * Point the 4 KiB entry for va at phys, uncached. An address inside a
 * huge page would need that page split, which nothing needs yet, so it
 * is refused rather than mapped with the wrong caching.
 */
static int map_io_page(unsigned long va, phys_addr_t phys)
{
	static const int shifts[LEVELS - 1] = { PGDIR_SHIFT, PUD_SHIFT, PMD_SHIFT };
	u64 *table = __va(read_cr3() & PTE_PFN_MASK);

	for (int level = 0; level < LEVELS - 1; level++) {
		table = next_table(&table[table_index(va, shifts[level])]);
		if (!table)
			return -1;
	}
	table[table_index(va, PAGE_SHIFT)] = (phys & PTE_PFN_MASK) | PAGE_KERNEL_IO;
	invlpg(va);
	return 0;
}

void *ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t first = phys & PAGE_MASK;
	phys_addr_t end = ALIGN(phys + size, PAGE_SIZE);
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&ioremap_lock, flags);
	for (phys_addr_t p = first; p < end && !err; p += PAGE_SIZE)
		err = map_io_page((unsigned long)__va(p), p);
	spin_unlock_irqrestore(&ioremap_lock, flags);
	if (err) {
		pr_err("ioremap: cannot map %#lx (+%#lx): huge page there or no table pages left\n",
		       phys, size);
		return NULL;
	}
	return __va(phys);
}

// arch/x86_64/mm/paging.c — the kernel's page tables: direct map, kernel image, ioremap.
//
// Linux: arch/x86/mm/init_64.c (kernel_physical_mapping_init, the
// phys_p*d_init family), arch/x86/mm/init.c, ioremap.c and pat/set_memory.c
// (lookup_address). boot/entry.asm mapped 1 GiB three ways with one
// writable, executable table; paging_init() replaces that with
// swapper_pg_dir, which maps
//   - all RAM in the memory map (and the legacy ISA range below 1 MiB) at
//     PAGE_OFFSET, read-write and never executable, with 1 GiB pages
//     when the CPU has them and 2 MiB pages otherwise;
//   - the kernel image at __START_KERNEL_map with 4 KiB pages, so that
//     .text is read-only, .rodata read-only and not executable, and the
//     rest writable and not executable;
// and nothing at all in the lower half, which belongs to user space.
// Every pgd entry of the upper half points at a pud table from boot on
// (most of them empty): a process's pgd copies those entries once, in
// pgd_alloc, and later kernel mappings (ioremap) land in the shared pud
// tables below, so every address space sees them without any syncing.
//
// Locking: pgd_lock guards changes to swapper_pg_dir after boot (only
// ioremap makes them). It nests outside the page allocator's zone_lock.

#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/memblock.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/spinlock.h>
#include <nook/string.h>
#include <asm/io.h>
#include <asm/pgtable.h>

/* entry.asm's direct map reaches this far: early tables must fit below. */
#define BOOT_DIRECT_MAP_END	(1 * GiB)
/* The legacy ISA range: BIOS data, the VGA text buffer, option ROMs. */
#define ISA_END_ADDRESS		(1 * MiB)

#define CPUID_EXT_FEATURES	0x80000001
#define CPUID_EXT_EDX_PDPE1GB	(1U << 26)

/* Section boundaries from linker.ld. */
extern char _text[], _etext[], __start_rodata[], __end_rodata[];
extern char _kernel_end[];

pteval_t *swapper_pg_dir;
static DEFINE_SPINLOCK(pgd_lock);

static bool cpu_has_gbpages(void)
{
	u32 eax = CPUID_EXT_FEATURES, ebx, ecx = 0, edx;

	__asm__ __volatile__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return edx & CPUID_EXT_EDX_PDPE1GB;
}

/*
 * A zeroed frame for a page table. Before the buddy allocator owns
 * memory it comes from memblock, below what the boot tables map (we must
 * write it through __va before our own tables exist).
 */
static pteval_t *alloc_pgtable(void)
{
	phys_addr_t pa;

	if (after_bootmem)
		return (pteval_t *)get_zeroed_page();
	pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!pa)
		panic("paging: no memory for the kernel page tables");
	memset(__va(pa), 0, PAGE_SIZE);
	return __va(pa);
}

/* The table below *entry, created if missing; NULL if out of memory. */
static pteval_t *next_table(pteval_t *entry)
{
	pteval_t *table;

	if (*entry & _PAGE_PRESENT) {
		/* Huge pages only ever cover RAM, which is never remapped. */
		if (WARN_ON(*entry & _PAGE_PSE))
			return NULL;
		return __va(*entry & PTE_PFN_MASK);
	}
	table = alloc_pgtable();
	if (table)
		*entry = __pa(table) | _PAGE_TABLE;
	return table;
}

/*
 * Where the entry holding va stops covering [va, end). The kernel image
 * lives in the last pgd entry, whose end wraps around to 0: comparing
 * "last byte" with "last byte" stays right even then.
 */
static unsigned long entry_end(unsigned long va, unsigned long end,
			       unsigned long span)
{
	unsigned long boundary = ALIGN_DOWN(va, span) + span;

	return boundary - 1 < end - 1 ? boundary : end;
}

/*
 * Map [va, end) to physical pa onwards, in `table` of the given level,
 * using pages no larger than `largest`. At each entry: if the entry's
 * whole span is wanted and the level allows it, the entry maps the page
 * itself; otherwise we descend into (or create) the table below.
 */
static int map_range(pteval_t *table, enum pg_level level, unsigned long va,
		     unsigned long end, phys_addr_t pa, pteval_t prot,
		     enum pg_level largest)
{
	unsigned long span = page_level_size(level);

	while (va < end) {
		pteval_t *entry = &table[(va >> page_level_shift(level)) &
					 (PTRS_PER_TABLE - 1)];
		unsigned long next = entry_end(va, end, span);
		pteval_t *below;
		int err;

		if (level <= largest && IS_ALIGNED(va, span) &&
		    IS_ALIGNED(pa, span) && next - va == span) {
			*entry = pa | prot | (level > PG_LEVEL_4K ? _PAGE_PSE : 0);
		} else {
			below = next_table(entry);
			if (!below)
				return -ENOMEM;
			err = map_range(below, level - 1, va, next, pa, prot,
					largest);
			if (err)
				return err;
		}
		pa += next - va;
		va = next;
	}
	return 0;
}

static void map_kernel_range(void *start, void *end, pteval_t prot)
{
	unsigned long va = (unsigned long)start;

	map_range(swapper_pg_dir, PG_LEVEL_TOP, va, (unsigned long)end,
		  __pa(start), prot, PG_LEVEL_4K);
}

static void map_direct(phys_addr_t start, phys_addr_t end,
		       enum pg_level largest)
{
	end = min(end, (phys_addr_t)MAXMEM);
	if (start >= end)
		return;
	map_range(swapper_pg_dir, PG_LEVEL_TOP, (unsigned long)__va(start),
		  (unsigned long)__va(end), start, PAGE_KERNEL, largest);
}

/*
 * Give every kernel pgd entry its pud table now (Linux does the same for
 * the vmalloc area: preallocate_vmalloc_pages in init_64.c). It costs
 * one page per entry not yet used, about 1 MiB in all.
 */
static void preallocate_kernel_pgd_entries(void)
{
	for (int i = KERNEL_PGD_BOUNDARY; i < PTRS_PER_TABLE; i++)
		if (!next_table(&swapper_pg_dir[i]))
			panic("paging: no memory for the kernel's pud tables");
}

/* Needs memblock.memory filled in; allocates its tables from memblock. */
void paging_init(void)
{
	enum pg_level largest = cpu_has_gbpages() ? PG_LEVEL_1G : PG_LEVEL_2M;

	memblock_set_current_limit(BOOT_DIRECT_MAP_END);
	swapper_pg_dir = alloc_pgtable();

	/* The ISA range is not RAM, but drivers (VGA) reach it by __va. */
	map_direct(0, ISA_END_ADDRESS, PG_LEVEL_4K);
	for (int i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];

		map_direct(max(r->base, (phys_addr_t)ISA_END_ADDRESS),
			   r->base + r->size, largest);
	}

	map_kernel_range(_text, __start_rodata, PAGE_KERNEL_EXEC);
	map_kernel_range(__start_rodata, __end_rodata, PAGE_KERNEL_RO);
	map_kernel_range(__end_rodata, _kernel_end, PAGE_KERNEL);
	preallocate_kernel_pgd_entries();

	/* Loading CR3 also flushes every non-global TLB entry. */
	write_cr3(__pa(swapper_pg_dir));
	memblock_set_current_limit(~(phys_addr_t)0);
	pr_info("paging: kernel page tables at %#lx, direct map with %s pages\n",
		(unsigned long)__pa(swapper_pg_dir),
		largest == PG_LEVEL_1G ? "1G" : "2M");
}

pteval_t *lookup_address(unsigned long virt, enum pg_level *level)
{
	return lookup_address_in_pgd(swapper_pg_dir, virt, level);
}

pteval_t *lookup_address_in_pgd(pteval_t *pgd, unsigned long virt,
				enum pg_level *level)
{
	pteval_t *table = pgd;

	for (enum pg_level l = PG_LEVEL_TOP; ; l--) {
		pteval_t *entry = &table[(virt >> page_level_shift(l)) &
					 (PTRS_PER_TABLE - 1)];

		*level = l;
		if (l == PG_LEVEL_4K || (*entry & _PAGE_PSE))
			return entry;
		if (!(*entry & _PAGE_PRESENT))
			return NULL;
		table = __va(*entry & PTE_PFN_MASK);
	}
}

bool kern_addr_valid(unsigned long virt)
{
	enum pg_level level;
	pteval_t *pte = lookup_address_in_pgd(__va(read_cr3_pa()), virt,
					      &level);

	return pte && (*pte & _PAGE_PRESENT);
}

void *ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t start = ALIGN_DOWN(phys, PAGE_SIZE);
	phys_addr_t end = ALIGN(phys + size, PAGE_SIZE);
	unsigned long flags;
	int err;

	if (!size || end <= start || end > MAXMEM)
		return NULL;
	/* Already mapped, write-back: see paging_init. */
	if (start < ISA_END_ADDRESS)
		return end <= ISA_END_ADDRESS ? __va(phys) : NULL;
	/* An uncached alias of cached RAM has undefined results. */
	if (WARN_ON(memblock_overlaps_region(&memblock.memory, start,
					     end - start)))
		return NULL;

	/*
	 * The pages were not present (or already mapped the same way by an
	 * earlier ioremap), and CPUs do not cache non-present entries: no
	 * TLB needs flushing.
	 */
	spin_lock_irqsave(&pgd_lock, flags);
	err = map_range(swapper_pg_dir, PG_LEVEL_TOP, (unsigned long)__va(start),
			(unsigned long)__va(end), start, PAGE_KERNEL_NOCACHE,
			PG_LEVEL_4K);
	spin_unlock_irqrestore(&pgd_lock, flags);
	return err ? NULL : __va(phys);
}

// kernel/mm/mm_init.c — mm_init(): from the boot loader's memory map to working allocators.
//
// Linux: mm/mm_init.c (mm_core_init, memmap_init), arch/x86/kernel/e820.c
// (the "BIOS-e820" lines), arch/x86/kernel/setup.c (the early
// reservations). The order matters, and is why memblock exists:
//   1. memblock learns the RAM ranges and what is already taken;
//   2. paging_init() builds the kernel page tables from memblock frames
//      (the boot tables map only 1 GiB; ours map all RAM);
//   3. mem_map is carved from memblock, now anywhere in RAM;
//   4. every frame memblock did not hand out goes to the buddy allocator;
//   5. the slab allocator starts, on pages from the buddy allocator.

#include <nook/bootinfo.h>
#include <nook/kernel.h>
#include <nook/memblock.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/slab.h>
#include <asm/pgtable.h>

/* Low memory holds the BIOS data area, the EBDA and ROMs: never use it. */
#define LOW_MEM_RESERVE		(1 * MiB)

extern char _kernel_phys_start[], _kernel_phys_end[];
extern char _text[], _etext[], __start_rodata[], __end_rodata[];
extern char _bss_start[], _bss_end[];

bool after_bootmem;

static void e820_print_map(void)
{
	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct boot_mmap_entry *e = &boot_info.mmap[i];

		pr_info("e820: [mem %#018lx-%#018lx] %s\n", e->addr,
			e->addr + e->len - 1, e820_type_name(e->type));
	}
}

/* RAM comes from the memory map only; partial pages at the edges are
 * not usable as frames, so each range shrinks to whole pages. */
static void memblock_setup(void)
{
	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct boot_mmap_entry *e = &boot_info.mmap[i];
		phys_addr_t start = ALIGN(e->addr, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(e->addr + e->len, PAGE_SIZE);

		if (e->type == E820_RAM && end > start)
			memblock_add(start, end - start);
	}
	if (!memblock.memory.cnt)
		panic("mm: the memory map lists no usable RAM");

	memblock_reserve(0, LOW_MEM_RESERVE);
	memblock_reserve((phys_addr_t)_kernel_phys_start,
			 _kernel_phys_end - _kernel_phys_start);
	memblock_reserve(boot_info.info_start,
			 boot_info.info_end - boot_info.info_start);
	for (int i = 0; i < boot_info.nr_modules; i++)
		memblock_reserve(boot_info.modules[i].start,
				 boot_info.modules[i].end -
				 boot_info.modules[i].start);
}

static void mem_map_init(void)
{
	unsigned long highest = PFN_DOWN(min(memblock_end_of_DRAM(),
					     (phys_addr_t)MAXMEM));
	phys_addr_t size = ALIGN(highest * sizeof(struct page), PAGE_SIZE);
	phys_addr_t pa = memblock_phys_alloc(size, PAGE_SIZE);

	if (!pa)
		panic("mm: no room for mem_map (%lu KiB)", size / KiB);
	mem_map = __va(pa);
	page_alloc_init(highest);
}

static void free_range(phys_addr_t start, phys_addr_t end, void *arg)
{
	free_pages_range(PFN_UP(start), min(PFN_DOWN(end), max_pfn));
}

#define K(bytes)	((unsigned long)(bytes) / KiB)

static void mem_print_summary(void)
{
	unsigned long physpages = PFN_DOWN(memblock_phys_mem_size());

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, "
		"%luK rodata, %luK bss, %luK reserved)\n",
		K(nr_free_pages() * PAGE_SIZE), K(physpages * PAGE_SIZE),
		K(_etext - _text), K(_bss_start - __end_rodata),
		K(__end_rodata - __start_rodata), K(_bss_end - _bss_start),
		K((physpages - totalram_pages()) * PAGE_SIZE));
}

void mm_init(void)
{
	e820_print_map();
	memblock_setup();
	paging_init();
	mem_map_init();
	memblock_for_each_free_range(free_range, NULL);
	after_bootmem = true;
	mem_print_summary();
	kmem_cache_init();
	kmalloc_init();
	proc_caches_init();
}

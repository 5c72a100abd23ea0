/*
 * nook/memblock.h — the boot-time memory allocator. Linux: include/linux/memblock.h.
 *
 * Before mem_map exists, memory is two lists of ranges: what RAM there is
 * (from the boot loader's memory map) and what is taken (low memory, the
 * kernel image, GRUB's data, and every early allocation). mm_init() then
 * hands everything not taken to the buddy allocator, and memblock retires.
 */
#ifndef NOOK_MEMBLOCK_H
#define NOOK_MEMBLOCK_H

#include <nook/types.h>

#define MEMBLOCK_MAX_REGIONS	128

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

/* Sorted by base; touching or overlapping ranges are merged. */
struct memblock_type {
	int cnt;
	const char *name;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

struct memblock {
	phys_addr_t current_limit;	/* allocations end below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

void memblock_add(phys_addr_t base, phys_addr_t size);
void memblock_reserve(phys_addr_t base, phys_addr_t size);
void memblock_set_current_limit(phys_addr_t limit);

/* Lowest free, aligned range below current_limit; 0 if none. */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);

bool memblock_overlaps_region(const struct memblock_type *type,
			      phys_addr_t base, phys_addr_t size);
phys_addr_t memblock_end_of_DRAM(void);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);

/* Calls fn on each RAM range that no reservation covers. */
void memblock_for_each_free_range(void (*fn)(phys_addr_t start,
					     phys_addr_t end, void *arg),
				  void *arg);

#endif

// kernel/mm/memblock.c — the boot-time allocator: RAM ranges minus reserved ranges.
//
// Linux: mm/memblock.c. It exists because the real allocator needs memory
// for itself (mem_map) and the kernel page tables need frames before the
// real allocator can be built. Only the boot CPU runs it, before any other
// CPU starts, so it has no lock. Reserved ranges are never freed: once
// mm_init() has handed the rest to the buddy allocator, memblock is done.

#include <nook/kernel.h>
#include <nook/memblock.h>
#include <nook/panic.h>
#include <nook/printk.h>

struct memblock memblock = {
	.current_limit = ~(phys_addr_t)0,
	.memory.name = "memory",
	.reserved.name = "reserved",
};

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

static void remove_region(struct memblock_type *type, int i)
{
	for (; i + 1 < type->cnt; i++)
		type->regions[i] = type->regions[i + 1];
	type->cnt--;
}

/* Region i absorbs every later region it touches or overlaps. */
static void merge_following(struct memblock_type *type, int i)
{
	struct memblock_region *r = &type->regions[i];

	while (i + 1 < type->cnt && r[1].base <= region_end(r)) {
		r->size = max(region_end(r), region_end(&r[1])) - r->base;
		remove_region(type, i + 1);
	}
}

/*
 * Sorted insertion, then merging with the neighbours: early page-table
 * frames are reserved one page at a time, next to each other, and would
 * otherwise fill the array.
 */
static void memblock_insert(struct memblock_type *type, phys_addr_t base,
			    phys_addr_t size)
{
	int i;

	if (!size)
		return;
	if (type->cnt == MEMBLOCK_MAX_REGIONS)
		panic("memblock: too many %s regions", type->name);
	for (i = type->cnt; i > 0 && type->regions[i - 1].base > base; i--)
		type->regions[i] = type->regions[i - 1];
	type->regions[i].base = base;
	type->regions[i].size = size;
	type->cnt++;
	if (i > 0 && region_end(&type->regions[i - 1]) >= base)
		i--;
	merge_following(type, i);
}

void memblock_add(phys_addr_t base, phys_addr_t size)
{
	memblock_insert(&memblock.memory, base, size);
}

void memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	memblock_insert(&memblock.reserved, base, size);
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/* The first reservation overlapping [base, end), or NULL. */
static struct memblock_region *find_reserved(phys_addr_t base, phys_addr_t end)
{
	for (int i = 0; i < memblock.reserved.cnt; i++) {
		struct memblock_region *r = &memblock.reserved.regions[i];

		if (r->base < end && base < region_end(r))
			return r;
	}
	return NULL;
}

phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *m = &memblock.memory.regions[i];
		phys_addr_t end = min(region_end(m), memblock.current_limit);
		phys_addr_t cand = ALIGN(m->base, align);
		struct memblock_region *r;

		/* Step over each reservation in the way, lowest first. */
		while (cand + size <= end) {
			r = find_reserved(cand, cand + size);
			if (!r) {
				memblock_reserve(cand, size);
				return cand;
			}
			cand = ALIGN(region_end(r), align);
		}
	}
	return 0;
}

bool memblock_overlaps_region(const struct memblock_type *type,
			      phys_addr_t base, phys_addr_t size)
{
	for (int i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (r->base < base + size && base < region_end(r))
			return true;
	}
	return false;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	int n = memblock.memory.cnt;

	return n ? region_end(&memblock.memory.regions[n - 1]) : 0;
}

static phys_addr_t total_size(const struct memblock_type *type)
{
	phys_addr_t sum = 0;

	for (int i = 0; i < type->cnt; i++)
		sum += type->regions[i].size;
	return sum;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return total_size(&memblock.memory);
}

/* Walks RAM minus reservations (which may stick out of RAM). */
void memblock_for_each_free_range(void (*fn)(phys_addr_t start,
					     phys_addr_t end, void *arg),
				  void *arg)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *m = &memblock.memory.regions[i];
		phys_addr_t cur = m->base, end = region_end(m);

		for (int j = 0; j < memblock.reserved.cnt && cur < end; j++) {
			struct memblock_region *r = &memblock.reserved.regions[j];

			if (region_end(r) <= cur)
				continue;
			if (r->base >= end)
				break;
			if (r->base > cur)
				fn(cur, r->base, arg);
			cur = max(cur, region_end(r));
		}
		if (cur < end)
			fn(cur, end, arg);
	}
}

static void add_size(phys_addr_t start, phys_addr_t end, void *arg)
{
	*(phys_addr_t *)arg += end - start;
}

/* RAM that reservations take. */
phys_addr_t memblock_reserved_size(void)
{
	phys_addr_t free = 0;

	memblock_for_each_free_range(add_size, &free);
	return memblock_phys_mem_size() - free;
}

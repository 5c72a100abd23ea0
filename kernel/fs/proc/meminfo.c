// kernel/fs/proc/meminfo.c — /proc/meminfo: the page allocator's and the
// slab caches' counts. Linux: fs/proc/meminfo.c (meminfo_proc_show).
//
// Nook has no page cache, no swap and no buffers: those lines read 0,
// so free(1)'s arithmetic still adds up. MemAvailable is MemFree.
#include <nook/mm.h>
#include <nook/slab.h>
#include "internal.h"

static void add_slab(const struct slabinfo *info, void *arg)
{
	*(unsigned long *)arg += info->num_slabs * info->pages_per_slab;
}

static void show_val_kb(struct seq_file *m, const char *s, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", s, pages << (PAGE_SHIFT - 10));
}

int meminfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	unsigned long slab = 0;

	slabinfo_for_each(add_slab, &slab);
	show_val_kb(m, "MemTotal:", totalram_pages());
	show_val_kb(m, "MemFree:", nr_free_pages());
	show_val_kb(m, "MemAvailable:", nr_free_pages());
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", 0);
	show_val_kb(m, "SwapCached:", 0);
	show_val_kb(m, "SwapTotal:", 0);
	show_val_kb(m, "SwapFree:", 0);
	show_val_kb(m, "Shmem:", 0);
	show_val_kb(m, "Slab:", slab);
	show_val_kb(m, "SReclaimable:", 0);
	show_val_kb(m, "SUnreclaim:", slab);
	return 0;
}

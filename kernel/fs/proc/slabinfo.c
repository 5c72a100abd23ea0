// kernel/fs/proc/slabinfo.c — /proc/slabinfo: every object cache and
// how many of its objects are in use.
//
// Linux: mm/slab_common.c (slab_show, print_slabinfo_header), format
// version 2.1. The leak tests read it: the active objects of
// "nsproxy", "uts_namespace", "cred_jar" or "task_struct" must come
// back to where they were once the processes that made them are gone.
// Nook has no per-CPU object arrays, so the tunables are all 0.

#include <nook/slab.h>
#include "internal.h"

static void slabinfo_line(const struct slabinfo *info, void *arg)
{
	struct seq_file *m = arg;

	seq_printf(m, "%-17s %6lu %6lu %6lu %4u %4u : tunables %4u %4u %4u"
		   " : slabdata %6lu %6lu %6u\n", info->name, info->active_objs,
		   info->num_objs, (unsigned long)info->size,
		   info->objects_per_slab, info->pages_per_slab, 0, 0, 0,
		   info->num_slabs, info->num_slabs, 0);
}

int slabinfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize>"
		 " <objperslab> <pagesperslab> : tunables <limit>"
		 " <batchcount> <sharedfactor> : slabdata <active_slabs>"
		 " <num_slabs> <sharedavail>\n");
	slabinfo_for_each(slabinfo_line, m);
	return 0;
}

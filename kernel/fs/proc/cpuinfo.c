// kernel/fs/proc/cpuinfo.c — /proc/cpuinfo, short: one block per online
// CPU with its number, vendor and model name (CPUID). Linux:
// arch/x86/kernel/cpu/proc.c (show_cpuinfo), which prints much more.
#include <nook/string.h>
#include <asm/cpu.h>
#include "internal.h"

static void cpuid(u32 leaf, u32 r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(0));
}

int cpuinfo_proc_show(struct seq_file *m, struct task_struct *task)
{
	char vendor[13] = { 0 }, model[49] = { 0 };
	u32 r[4];

	cpuid(0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	cpuid(0x80000000, r);
	if (r[0] >= 0x80000004)
		for (u32 i = 0; i < 3; i++) {
			cpuid(0x80000002 + i, r);
			memcpy(model + 16 * i, r, 16);
		}
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		seq_printf(m, "processor\t: %d\nvendor_id\t: %s\n"
			   "model name\t: %s\n\n", cpu, vendor, model);
	}
	return 0;
}

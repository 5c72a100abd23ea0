// kernel/fs/proc/stat.c — /proc/stat: CPU time, boot time, process
// counts. Linux: fs/proc/stat.c (show_stat).
//
// Nook does not split CPU time into user, system and idle yet: the cpu
// lines read 0 in every column (top then shows 0%). btime, processes
// and procs_running are real.
#include <nook/timekeeping.h>
#include <asm/cpu.h>
#include "internal.h"

unsigned long nr_running(void);

int stat_proc_show(struct seq_file *m, struct task_struct *task)
{
	u64 boot_ns = ktime_get_real_ns() - ktime_get_boottime_ns();
	unsigned long flags, forks;

	seq_puts(m, "cpu  0 0 0 0 0 0 0 0 0 0\n");
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			seq_printf(m, "cpu%d 0 0 0 0 0 0 0 0 0 0\n", cpu);
	seq_puts(m, "intr 0\nctxt 0\n");
	spin_lock_irqsave(&tasklist_lock, flags);
	forks = total_forks;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	seq_printf(m, "btime %lu\nprocesses %lu\nprocs_running %lu\n"
		   "procs_blocked 0\n", (unsigned long)(boot_ns / 1000000000),
		   forks, nr_running());
	return 0;
}

// kernel/fs/proc/uptime.c — /proc/uptime and /proc/loadavg.
// Linux: fs/proc/uptime.c, fs/proc/loadavg.c.
//
// The idle column of uptime is the idle tasks' run time, which Nook
// does not count (its idle loop never leaves a CPU through the
// scheduler's accounting): it reads 0.00. Nook computes no load
// average: the three loads read 0.00, as on an idle Linux.
#include <nook/time.h>
#include <nook/timekeeping.h>
#include <asm/cpu.h>
#include "internal.h"

int uptime_proc_show(struct seq_file *m, struct task_struct *task)
{
	u64 ns = ktime_get_boottime_ns();

	seq_printf(m, "%lu.%02lu 0.00\n", (unsigned long)(ns / 1000000000),
		   (unsigned long)(ns % 1000000000 / 10000000));
	return 0;
}

/* Runnable tasks on every CPU (Linux: nr_running). */
unsigned long nr_running(void)
{
	unsigned long n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			n += nr_running_cpu(cpu);
	return n;
}

int loadavg_proc_show(struct seq_file *m, struct task_struct *task)
{
	unsigned long flags, nr_threads;
	pid_t last;

	/* Tasks, not pid numbers: a group may keep a reaped leader's. */
	nr_threads = nr_processes();
	spin_lock_irqsave(&tasklist_lock, flags);
	last = list_entry(tasklist.prev, struct task_struct, tasks)->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	seq_printf(m, "0.00 0.00 0.00 %lu/%lu %d\n", nr_running(),
		   nr_threads, last);
	return 0;
}

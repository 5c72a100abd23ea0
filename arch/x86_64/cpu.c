// arch/x86_64/cpu.c — the table of CPUs and how each finds its own entry.
//
// Linux: arch/x86/kernel/setup_percpu.c (the GS base points at each
// CPU's per-CPU area). Here it points at the CPU's struct cpu.

#include <asm/cpu.h>
#include <asm/msr.h>

/* Entry i belongs to CPU i; written by that CPU only, after setup. */
struct cpu cpus[NR_CPUS];

void cpu_set_current(struct cpu *c)
{
	c->self = c;
	wrmsr(MSR_GS_BASE, (u64)c);
}

int num_online_cpus(void)
{
	int n = 0;

	for (int i = 0; i < NR_CPUS; i++)
		n += cpus[i].online;
	return n;
}

int num_present_cpus(void)
{
	int n = 0;

	for (int i = 0; i < NR_CPUS; i++)
		n += READ_ONCE(cpus[i].present);
	return n;
}

// arch/x86_64/kernel/smp.c — stopping the other CPUs on panic.
//
// Linux: arch/x86/kernel/smp.c (native_stop_other_cpus). Until Step 2
// starts the application processors, the boot CPU is the only one online
// and there is nobody to stop.

#include <asm/cpu.h>
#include <asm/smp.h>

void smp_send_stop(void)
{
	if (num_online_cpus() <= 1)
		return;
	/* Step 2 (SMP bring-up) sends an NMI to every other CPU here. */
}

/*
 * nook/smp.h — starting the other CPUs, and asking one to run a function.
 * Linux: include/linux/smp.h.
 */
#ifndef NOOK_SMP_H
#define NOOK_SMP_H

#include <nook/types.h>

typedef void (*smp_call_func_t)(void *info);

/*
 * Find every CPU the firmware lists and start each one (kernel_main
 * calls it once, after time_init(): the others reuse its calibration).
 */
void smp_init(void);

/*
 * Run func(info) on CPU cpu, in its interrupt context (interrupts off
 * there). With wait, return once func has returned; without, return
 * once the request is queued. Call with interrupts on: the target may
 * be waiting for us in the same way. 0, or -ENXIO if cpu is not online.
 */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info,
			     int wait);

/* The IPI handler's work: run this CPU's queued call. */
void generic_smp_call_function_single_interrupt(void);

#endif

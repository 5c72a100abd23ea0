/*
 * nook/smp.h — starting the other CPUs.
 * Linux: include/linux/smp.h.
 */
#ifndef NOOK_SMP_H
#define NOOK_SMP_H

#include <nook/types.h>

/*
 * Find every CPU the firmware lists and start each one (kernel_main
 * calls it once, after time_init(): the others reuse its calibration).
 */
void smp_init(void);

#endif

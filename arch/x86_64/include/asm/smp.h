/* asm/smp.h — talking to the other CPUs. Linux: arch/x86/include/asm/smp.h. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/* Stop every other CPU (an NMI to each); used by panic(). */
void smp_send_stop(void);

#endif

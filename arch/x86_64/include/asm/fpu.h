/*
 * asm/fpu.h — the FPU and SSE registers of user programs.
 * Linux: arch/x86/include/asm/fpu/ and arch/x86/kernel/fpu/core.c.
 *
 * The kernel itself never touches them (it is built with -mno-sse), so
 * they only change hands when the CPU switches between user tasks: the
 * context switch saves the old task's with fxsave and loads the new
 * one's with fxrstor. (Linux saves lazily, on the way back to user mode,
 * and uses xsave for AVX state; Nook keeps the CPU's OSXSAVE off, so
 * programs see no AVX and the 512-byte fxsave image is all there is.)
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <nook/types.h>

#define FXSAVE_SIZE		512
#define FXSAVE_MXCSR_OFFSET	24	/* where fxsave puts MXCSR */
#define FXSAVE_MXCSR_MASK_OFFSET 28	/* ... and the bits MXCSR may hold */

/*
 * The MXCSR bits this CPU accepts (from fxsave at boot). Loading any
 * other bit with fxrstor raises #GP, so user-supplied images (a signal
 * frame) are checked against it first.
 */
extern u32 mxcsr_feature_mask;

struct fpu {
	u8 fxsave[FXSAVE_SIZE] __attribute__((aligned(16)));
};

/* Per CPU: let user code use x87 and SSE (CR0, CR4). */
void fpu_init_cpu(void);

static inline void fpu_save(struct fpu *fpu)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(fpu->fxsave));
}

static inline void fpu_restore(const struct fpu *fpu)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(fpu->fxsave));
}

/* The state a new program starts with: fninit's, MXCSR = 0x1f80. */
void fpu_init_state(struct fpu *fpu);

#endif

// arch/x86_64/kernel/fpu.c — turning on the FPU and SSE for user programs.
//
// Linux: arch/x86/kernel/fpu/init.c (fpu__init_cpu) and core.c. Every
// x86-64 program may use SSE (the ABI passes floating point in xmm
// registers), but the CPU refuses SSE instructions (#UD) until the
// kernel sets CR4.OSFXSR, promising to save the registers with fxsave.

#include <nook/string.h>
#include <asm/fpu.h>
#include <asm/special_insns.h>

#define X86_CR0_MP		(1UL << 1)	/* wait/fwait honour CR0.TS */
#define X86_CR0_EM		(1UL << 2)	/* no x87: must be clear */
#define X86_CR0_TS		(1UL << 3)	/* lazy switching: unused */
#define X86_CR4_OSFXSR		(1UL << 9)	/* we save with fxsave */
#define X86_CR4_OSXMMEXCPT	(1UL << 10)	/* SSE errors raise #XM */
#define MXCSR_DEFAULT		0x1f80		/* all exceptions masked */
#define FXSAVE_MXCSR_OFFSET	24

void fpu_init_cpu(void)
{
	write_cr0((read_cr0() | X86_CR0_MP) & ~(X86_CR0_EM | X86_CR0_TS));
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
}

void fpu_init_state(struct fpu *fpu)
{
	u32 mxcsr = MXCSR_DEFAULT;

	/* fninit's state, as fxsave lays it out: control word 0x37f, the rest 0 */
	memset(fpu->fxsave, 0, sizeof(fpu->fxsave));
	fpu->fxsave[0] = 0x7f;
	fpu->fxsave[1] = 0x03;
	memcpy(fpu->fxsave + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
}

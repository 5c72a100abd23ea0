// arch/x86_64/kernel/fpu.c — turning on the FPU and SSE for user programs.
//
// Linux: arch/x86/kernel/fpu/init.c (fpu__init_cpu) and core.c. Every
// x86-64 program may use SSE (the ABI passes floating point in xmm
// registers), but the CPU refuses SSE instructions (#UD) until the
// kernel sets CR4.OSFXSR, promising to save the registers with fxsave.

#include <nook/string.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/special_insns.h>

#define X86_CR0_MP		(1UL << 1)	/* wait/fwait honour CR0.TS */
#define X86_CR0_EM		(1UL << 2)	/* no x87: must be clear */
#define X86_CR0_TS		(1UL << 3)	/* lazy switching: unused */
#define X86_CR4_OSFXSR		(1UL << 9)	/* we save with fxsave */
#define X86_CR4_OSXMMEXCPT	(1UL << 10)	/* SSE errors raise #XM */
#define MXCSR_DEFAULT		0x1f80		/* all exceptions masked */
#define MXCSR_DEFAULT_MASK	0x0000ffbf	/* when fxsave reports 0 */

/* Written once by the boot CPU; every CPU QEMU gives is alike. */
u32 mxcsr_feature_mask = MXCSR_DEFAULT_MASK;

static void fpu_read_mxcsr_mask(void)
{
	struct fpu probe;
	u32 mask;

	memset(&probe, 0, sizeof(probe));
	fpu_save(&probe);
	memcpy(&mask, probe.fxsave + FXSAVE_MXCSR_MASK_OFFSET, sizeof(mask));
	if (mask)
		mxcsr_feature_mask = mask;
}

void fpu_init_cpu(void)
{
	write_cr0((read_cr0() | X86_CR0_MP) & ~(X86_CR0_EM | X86_CR0_TS));
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
	if (smp_processor_id() == 0)
		fpu_read_mxcsr_mask();
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

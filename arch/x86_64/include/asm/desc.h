/*
 * asm/desc.h — descriptor tables: the per-CPU GDT and TSS, and the IDT.
 * Linux: arch/x86/include/asm/desc.h, desc_defs.h, processor.h (the TSS).
 *
 * Each CPU owns a GDT (its TSS descriptor points at its own TSS, and the
 * CPU marks a loaded TSS descriptor busy, so two CPUs cannot share one)
 * and a TSS whose IST slots hold stacks for the exceptions that must not
 * trust the current stack: a double fault is often a stack overflow, and
 * an NMI can arrive at any instruction, even mid-way through an entry.
 * All CPUs share one IDT, as in Linux.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <nook/kernel.h>
#include <asm/segment.h>

/* The TSS's seven Interrupt Stack Table slots, numbered from 1 in gates. */
#define IST_INDEX_DF		0	/* double fault */
#define IST_INDEX_NMI		1
#define N_EXCEPTION_STACKS	2
#define EXCEPTION_STACK_SIZE	(8 * KiB)	/* printk and panic run here */

/* The 64-bit TSS. Linux: struct x86_hw_tss. */
struct tss_struct {
	u32 reserved0;
	u64 sp0;		/* stack loaded on entry from ring 3 */
	u64 sp1;
	u64 sp2;
	u64 reserved1;
	u64 ist[7];		/* gate IST field n selects ist[n - 1] */
	u64 reserved2;
	u16 reserved3;
	u16 io_bitmap_base;	/* past the limit: no I/O bitmap */
} __packed;

/* lgdt and lidt take a limit and a base. Linux: struct desc_ptr. */
struct desc_ptr {
	u16 size;		/* bytes - 1 */
	u64 address;
} __packed;

/* One CPU's descriptor state; cpus[i].arch points at cpu_arch_state[i]. */
struct cpu_arch {
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct tss_struct tss __aligned(16);
	u8 exception_stacks[N_EXCEPTION_STACKS][EXCEPTION_STACK_SIZE]
		__aligned(16);
};

/* Build this CPU's GDT and TSS, load them, reload every segment register. */
void cpu_init_gdt(void);

static inline u16 store_tr(void)
{
	u16 sel;

	__asm__ __volatile__("str %0" : "=r"(sel));
	return sel;
}

static inline void store_gdt(struct desc_ptr *dtr)
{
	__asm__ __volatile__("sgdt %0" : "=m"(*dtr));
}

static inline void store_idt(struct desc_ptr *dtr)
{
	__asm__ __volatile__("sidt %0" : "=m"(*dtr));
}

#endif

// arch/x86_64/kernel/gdt.c — each CPU's GDT and TSS.
//
// Linux: arch/x86/kernel/cpu/common.c (cpu_init, load_direct_gdt,
// load_TR_desc) and arch/x86/include/asm/desc.h. In long mode segments
// no longer translate addresses, but the GDT still says which privilege
// level code runs at, and the TSS still says which stack the CPU switches
// to: on entry from user mode (sp0) and for the IST exceptions.

#include <nook/string.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/msr.h>

/* Descriptor access byte (bits 40-47) */
#define DESC_ACCESSED	0x01	/* preset, so the CPU never writes the GDT */
#define DESC_RW		0x02	/* code: readable; data: writable */
#define DESC_CODE	0x08
#define DESC_S		0x10	/* code or data, not a system descriptor */
#define DESC_DPL3	0x60
#define DESC_P		0x80
#define DESC_TSS_AVAIL	0x09	/* system type: available 64-bit TSS */

/* Descriptor flags (bits 52-55) */
#define DESC_L		0x2	/* 64-bit code */
#define DESC_DB		0x4	/* 32-bit default size (data segments) */
#define DESC_G		0x8	/* limit counts 4 KiB pages */

#define SEG_LIMIT_MAX	0xfffff

#define KERNEL_CODE	(DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_ACCESSED)
#define KERNEL_DATA	(DESC_P | DESC_S | DESC_RW | DESC_ACCESSED)
#define USER_CODE	(KERNEL_CODE | DESC_DPL3)
#define USER_DATA	(KERNEL_DATA | DESC_DPL3)

/* Entry i is CPU i's, written only by CPU i (in cpu_init_gdt). */
static struct cpu_arch cpu_arch_state[NR_CPUS];

/* A flat segment: base 0, the largest limit (both ignored in long mode). */
static u64 flat_desc(u64 access, u64 flags)
{
	return (SEG_LIMIT_MAX & 0xffff) | (access << 40) |
	       ((u64)(SEG_LIMIT_MAX >> 16) << 48) | (flags << 52);
}

/* A TSS descriptor is 16 bytes: the usual 8 plus the base's top half. */
static void set_tss_desc(u64 *gdt, struct tss_struct *tss)
{
	u64 base = (u64)tss, limit = sizeof(*tss) - 1;

	gdt[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 ((u64)(DESC_P | DESC_TSS_AVAIL) << 40) |
		 ((limit >> 16) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[1] = base >> 32;
}

static void fill_gdt(struct cpu_arch *a)
{
	memset(a->gdt, 0, sizeof(a->gdt));
	a->gdt[GDT_ENTRY_KERNEL_CS] = flat_desc(KERNEL_CODE, DESC_G | DESC_L);
	a->gdt[GDT_ENTRY_KERNEL_DS] = flat_desc(KERNEL_DATA, DESC_G | DESC_DB);
	a->gdt[GDT_ENTRY_USER_DS] = flat_desc(USER_DATA, DESC_G | DESC_DB);
	a->gdt[GDT_ENTRY_USER_CS] = flat_desc(USER_CODE, DESC_G | DESC_L);
	set_tss_desc(&a->gdt[GDT_ENTRY_TSS], &a->tss);
}

static void fill_tss(struct cpu_arch *a)
{
	memset(&a->tss, 0, sizeof(a->tss));
	/* Stacks grow down: an IST slot holds the top of its stack. */
	for (int i = 0; i < N_EXCEPTION_STACKS; i++)
		a->tss.ist[i] = (u64)&a->exception_stacks[i + 1];
	a->tss.io_bitmap_base = sizeof(a->tss);
}

/*
 * After lgdt the segment registers still hold descriptors cached from
 * the boot GDT: reload each one from the new table. CS can only be
 * changed by a far transfer, so "return" to the next instruction.
 * Loading GS clears the GS base on some CPUs, so set it again after.
 */
static void load_segments(struct cpu *c)
{
	__asm__ __volatile__(
		"pushq %[cs]\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w[ds], %%ds\n\t"
		"movw %w[ds], %%es\n\t"
		"movw %w[ds], %%ss\n\t"
		"movw %w[null], %%fs\n\t"
		"movw %w[null], %%gs\n\t"
		: : [cs] "i"(__KERNEL_CS), [ds] "r"(__KERNEL_DS), [null] "r"(0)
		: "rax", "memory");
	cpu_set_current(c);
}

void cpu_init_gdt(void)
{
	struct cpu *c = this_cpu();
	struct cpu_arch *a = &cpu_arch_state[c->id];
	struct desc_ptr gdtr = {
		.size = sizeof(a->gdt) - 1,
		.address = (u64)a->gdt,
	};

	c->arch = a;
	fill_tss(a);
	fill_gdt(a);
	__asm__ __volatile__("lgdt %0" : : "m"(gdtr) : "memory");
	load_segments(c);
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_ENTRY_TSS_SEL) : "memory");
}

// arch/x86_64/kernel/i8259.c — putting the legacy 8259 PICs to sleep.
//
// Linux: arch/x86/kernel/i8259.c (init_8259A, mask_8259A). A PC starts
// with two cascaded 8259s delivering IRQs 0-15 on vectors 8-15 and
// 0x70-0x77, which collide with CPU exceptions. Nook takes interrupts
// from the local APIC only, so it moves the PICs' vectors out of the
// exception range (a stray spurious IRQ 7 must not look like #NM) and
// masks every line.

#include <asm/io.h>
#include <asm/irq_vectors.h>

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1

#define ICW1_INIT	0x10	/* start the initialization sequence */
#define ICW1_ICW4	0x01	/* an ICW4 will follow */
#define ICW3_MASTER_SLAVE_ON_IRQ2 (1 << 2)
#define ICW3_SLAVE_ID	2	/* the slave hangs off master line 2 */
#define ICW4_8086	0x01
#define PIC_ALL_MASKED	0xff
#define PIC_IRQS	8

void legacy_pic_disable(void)
{
	outb(PIC_MASTER_IMR, PIC_ALL_MASKED);
	outb(PIC_SLAVE_IMR, PIC_ALL_MASKED);

	outb(PIC_MASTER_CMD, ICW1_INIT | ICW1_ICW4);
	io_delay();
	outb(PIC_MASTER_IMR, ISA_IRQ_VECTOR(0));		/* ICW2: base */
	io_delay();
	outb(PIC_MASTER_IMR, ICW3_MASTER_SLAVE_ON_IRQ2);
	io_delay();
	outb(PIC_MASTER_IMR, ICW4_8086);
	io_delay();

	outb(PIC_SLAVE_CMD, ICW1_INIT | ICW1_ICW4);
	io_delay();
	outb(PIC_SLAVE_IMR, ISA_IRQ_VECTOR(PIC_IRQS));
	io_delay();
	outb(PIC_SLAVE_IMR, ICW3_SLAVE_ID);
	io_delay();
	outb(PIC_SLAVE_IMR, ICW4_8086);
	io_delay();

	/* Initialization unmasked everything: mask again. */
	outb(PIC_MASTER_IMR, PIC_ALL_MASKED);
	outb(PIC_SLAVE_IMR, PIC_ALL_MASKED);
}

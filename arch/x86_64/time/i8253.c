// arch/x86_64/time/i8253.c — PIT channel 2 as a polled stopwatch.
//
// Linux: arch/x86/kernel/tsc.c (pit_calibrate_tsc) and
// drivers/clocksource/i8253.c. The PIT counts at a rate fixed by the PC
// standard, so it can measure clocks whose rate is unknown: the TSC and
// the local APIC timer. Channel 2 (the speaker's) is used because its
// gate and output can be read and set through port 0x61, so no
// interrupt is needed: start it, then poll its output until it rises.

#include <asm/i8253.h>
#include <asm/io.h>

#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define NMI_SC_PORT	0x61	/* system control port B */
#define NMI_SC_GATE2	0x01	/* channel 2 counts while this is set */
#define NMI_SC_SPEAKER	0x02	/* keep the speaker quiet */
#define NMI_SC_OUT2	0x20	/* channel 2's output line, read-only */

/* Mode word: channel 2, low byte then high byte, mode 0, binary. */
#define PIT_SEL_CH2	(2 << 6)
#define PIT_RW_LOHI	(3 << 4)
#define PIT_MODE0	(0 << 1)	/* interrupt on terminal count */

void pit_ch2_start(u16 count)
{
	u8 sc = inb(NMI_SC_PORT);

	outb(NMI_SC_PORT, (sc & ~NMI_SC_SPEAKER) | NMI_SC_GATE2);
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_RW_LOHI | PIT_MODE0);
	/* In mode 0 the output drops now and counting starts on the load. */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
}

bool pit_ch2_expired(void)
{
	return inb(NMI_SC_PORT) & NMI_SC_OUT2;
}

// arch/x86_64/drivers/serial.c — the COM1 serial port, Nook's main console.
//
// Linux: drivers/tty/serial/8250/ (and early_serial_console.c for the
// boot-time version). A 16550 UART at I/O port 0x3f8. Under QEMU,
// `-serial stdio` connects it to the terminal, which is how `make run`
// shows the kernel and how the test harness reads it.
//
// Receiving is polled, not interrupt-driven: Nook masks the legacy PIC
// and has no I/O APIC driver yet, so the UART's IRQ 4 reaches no CPU.
// Linux's 8250 driver does the same for a port without an IRQ
// (serial8250_timeout): a timer re-armed every jiffy drains the receive
// FIFO into the line discipline (kernel/fs/console.c). At HZ=100 and
// a 16-byte FIFO that keeps up with 1600 bytes/s of typing or pasting;
// QEMU's UART holds further input back rather than drop it. The price
// is up to 10 ms of latency per keystroke.

#include <nook/printk.h>
#include <nook/timer.h>
#include <nook/tty.h>
#include <asm/io.h>

#define COM1		0x3f8
#define UART_DATA	0	/* read: received byte; write: byte to send */
#define UART_IER	1	/* interrupt enable */
#define UART_DLL	0	/* divisor low byte, while DLAB is set */
#define UART_DLM	1	/* divisor high byte, while DLAB is set */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */

#define LCR_8N1		0x03
#define LCR_DLAB	0x80	/* makes ports 0 and 1 the baud divisor */
#define LSR_DR		0x01	/* data ready: a received byte waits */
#define LSR_THRE	0x20	/* transmit holding register empty */
/* At most a FIFO's worth per poll: a stuck LSR must not hold the tick. */
#define RX_FIFO_SIZE	16
#define BAUD_DIVISOR	1	/* 115200 baud = 115200 / 1 */

static void serial_putc(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
	outb(COM1 + UART_DATA, c);
}

static void serial_write(struct console *con, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');	/* the kernel's lines: CR LF */
		serial_putc(s[i]);
	}
}

/* The tty's bytes: its output processing already chose CR or not. */
static void serial_write_tty(struct console *con, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		serial_putc(s[i]);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
	.write_tty = serial_write_tty,
};

static struct timer_list serial_rx_timer;

/* Runs from the tick on the jiffies CPU, interrupts off. */
static void serial_rx_poll(struct timer_list *t)
{
	for (int i = 0; i < RX_FIFO_SIZE; i++) {
		if (!(inb(COM1 + UART_LSR) & LSR_DR))
			break;
		console_input_char(inb(COM1 + UART_DATA));
	}
	mod_timer(t, jiffies + 1);
}

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR & 0xff);
	outb(COM1 + UART_DLM, BAUD_DIVISOR >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);	/* enable and clear FIFOs */
	outb(COM1 + UART_MCR, 0x03);	/* DTR and RTS */
	register_console(&serial_console);
	/* Starts polling once the tick runs (time_init). */
	timer_setup(&serial_rx_timer, serial_rx_poll, 0);
	serial_rx_timer.expires = 1;
	add_timer(&serial_rx_timer);
}

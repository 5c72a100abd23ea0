// arch/x86_64/kernel/reboot.c — how a PC powers off, halts and resets.
//
// Linux: arch/x86/kernel/reboot.c (native_machine_power_off,
// native_machine_halt, native_machine_restart) and drivers/acpi/sleep.c
// (acpi_power_off: entering S5). Under the test harness (qemu_exit=1),
// power off is QEMU's isa-debug-exit with its own status, so a harness
// can tell "the system was shut down" from a crash.

#include <nook/panic.h>
#include <nook/qemu.h>
#include <nook/reboot.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/smp.h>

#define ACPI_SLP_TYP_SHIFT	10
#define ACPI_SLP_EN		(1U << 13)
/*
 * S5's SLP_TYP comes from the DSDT's \_S5 object, which is AML: an
 * interpreter's job. QEMU's (piix4 and q35 alike) is 0, the value its
 * PM1 control register takes as "soft power off". Nook runs in QEMU.
 */
#define QEMU_S5_SLP_TYP		0

#define I8042_COMMAND_REG	0x64
#define I8042_CMD_PULSE_RESET	0xfe	/* pulse the CPU's reset line */

/* Stop the other CPUs and this one, for good. */
static void __noreturn stop_all_cpus(void)
{
	local_irq_disable();
	smp_send_stop();
	for (;;)
		halt();
}

void machine_halt(void)
{
	stop_all_cpus();
}

void machine_power_off(void)
{
	u16 port;

	local_irq_disable();
	smp_send_stop();
	qemu_exit(QEMU_EXIT_POWEROFF);		/* returns without qemu_exit=1 */
	if (!acpi_pm1a_control_port(&port))
		outw(port, QEMU_S5_SLP_TYP << ACPI_SLP_TYP_SHIFT | ACPI_SLP_EN);
	/* Still here: no ACPI, or it did not take. Halt, as Linux does. */
	stop_all_cpus();
}

void machine_restart(void)
{
	local_irq_disable();
	smp_send_stop();
	/* The keyboard controller's reset line: every PC has had one. */
	outb(I8042_COMMAND_REG, I8042_CMD_PULSE_RESET);
	stop_all_cpus();
}

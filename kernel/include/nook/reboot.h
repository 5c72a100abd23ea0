/*
 * nook/reboot.h — turning the machine off, halting it, resetting it.
 * Linux: include/linux/reboot.h, include/uapi/linux/reboot.h.
 */
#ifndef NOOK_REBOOT_H
#define NOOK_REBOOT_H

#include <nook/kernel.h>

/* reboot(2)'s magic numbers: a stray call cannot take the system down. */
#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_MAGIC2		672274793	/* 0x28121969 */
#define LINUX_REBOOT_MAGIC2A		85072278	/* 0x05121996 */
#define LINUX_REBOOT_MAGIC2B		369367448	/* 0x16041998 */
#define LINUX_REBOOT_MAGIC2C		537993216	/* 0x20112000 */

#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_CAD_ON		0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2	0xA1B2C3D4
#define LINUX_REBOOT_CMD_SW_SUSPEND	0xD000FCE2
#define LINUX_REBOOT_CMD_KEXEC		0x45584543

/* The machine's part (arch/x86_64/kernel/reboot.c); none returns. */
void machine_power_off(void) __noreturn;
void machine_halt(void) __noreturn;
void machine_restart(void) __noreturn;

/* kernel/reboot.c: say so on the console, then the machine's part. */
void kernel_power_off(void) __noreturn;
void kernel_halt(void) __noreturn;
void kernel_restart(const char *cmd) __noreturn;

#endif

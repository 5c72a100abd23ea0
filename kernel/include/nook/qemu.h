/*
 * nook/qemu.h — ending QEMU with a status the test harness can read.
 *
 * QEMU's isa-debug-exit device (at I/O port 0xf4, see the Makefile's
 * QEMU_FLAGS) ends QEMU when written to; QEMU's exit status is then
 * (value << 1) | 1. Nook has no counterpart in Linux: Linux's tests
 * power the machine off and print their verdict instead.
 */
#ifndef NOOK_QEMU_H
#define NOOK_QEMU_H

#include <nook/kernel.h>

#define QEMU_EXIT_PORT		0xf4
#define QEMU_EXIT_SUCCESS	0x10	/* QEMU exits with 33 */
#define QEMU_EXIT_FAILURE	0x11	/* ... with 35: a test failed */
#define QEMU_EXIT_PANIC		0x12	/* ... with 37: the kernel panicked */
#define QEMU_EXIT_POWEROFF	0x13	/* ... with 39: reboot(2) powered off */

/* Set by qemu_exit=1 on the command line (the harness always sets it). */
extern bool qemu_exit_enabled;

/* Ends QEMU if qemu_exit=1 was given; otherwise returns. */
void qemu_exit(u8 code);

#endif

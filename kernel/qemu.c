// kernel/qemu.c — ending the QEMU run with a status (see nook/qemu.h).
//
// No Linux counterpart: Linux's kselftests and KUnit print a verdict and
// leave it to the runner; Nook's harness reads QEMU's exit status too.

#include <nook/qemu.h>
#include <asm/io.h>

bool qemu_exit_enabled;

void qemu_exit(u8 code)
{
	if (qemu_exit_enabled)
		outb(QEMU_EXIT_PORT, code);
}

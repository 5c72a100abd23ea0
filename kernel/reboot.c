// kernel/reboot.c — reboot(2): power off, halt, restart.
//
// Linux: kernel/reboot.c (sys_reboot, kernel_power_off, kernel_halt,
// kernel_restart). Nook has no devices to shut down and no file system
// to sync yet, so the kernel's part is the checks and the console line;
// the machine's part is in arch/x86_64/kernel/reboot.c. Init calls
// reboot(RB_POWER_OFF) when the program it ran under test is done.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/reboot.h>
#include <nook/sched.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Ctrl-Alt-Del: reboot at once (1), or tell init (0). Nook has no
 * keyboard handler yet; the setting is kept for when it does. */
static int C_A_D = 1;	/* read and written whole: WRITE_ONCE */

void kernel_power_off(void)
{
	pr_emerg("reboot: Power down\n");
	machine_power_off();
}

void kernel_halt(void)
{
	pr_emerg("reboot: System halted\n");
	machine_halt();
}

void kernel_restart(const char *cmd)
{
	if (cmd && *cmd)
		pr_emerg("reboot: Restarting system with command '%s'\n", cmd);
	else
		pr_emerg("reboot: Restarting system\n");
	machine_restart();
}

static bool reboot_magic_ok(unsigned int magic1, unsigned int magic2)
{
	return magic1 == LINUX_REBOOT_MAGIC1 &&
	       (magic2 == LINUX_REBOOT_MAGIC2 ||
		magic2 == LINUX_REBOOT_MAGIC2A ||
		magic2 == LINUX_REBOOT_MAGIC2B ||
		magic2 == LINUX_REBOOT_MAGIC2C);
}

/*
 * Linux's order: CAP_SYS_BOOT first (EPERM; Linux asks it of the pid
 * namespace's owner, which until pid namespaces is init_user_ns), then
 * the magic numbers (EINVAL), then the command.
 */
SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd,
		void __user *, arg)
{
	char buffer[256];

	if (!ns_capable(current_user_ns(), CAP_SYS_BOOT))
		return -EPERM;
	if (!reboot_magic_ok(magic1, magic2))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_RESTART:
		kernel_restart(NULL);
	case LINUX_REBOOT_CMD_RESTART2:
		if (strncpy_from_user(buffer, arg, sizeof(buffer) - 1) < 0)
			return -EFAULT;
		buffer[sizeof(buffer) - 1] = '\0';
		kernel_restart(buffer);
	case LINUX_REBOOT_CMD_CAD_ON:
		WRITE_ONCE(C_A_D, 1);
		return 0;
	case LINUX_REBOOT_CMD_CAD_OFF:
		WRITE_ONCE(C_A_D, 0);
		return 0;
	case LINUX_REBOOT_CMD_HALT:
		kernel_halt();
	case LINUX_REBOOT_CMD_POWER_OFF:
		kernel_power_off();
	default:
		/* Also KEXEC and SW_SUSPEND: Nook has neither. */
		return -EINVAL;
	}
}

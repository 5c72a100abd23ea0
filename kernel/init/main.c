// kernel/init/main.c — kernel_main: where C begins, and the order of boot.
//
// Linux: init/main.c (start_kernel). boot/entry.asm calls kernel_main
// in 64-bit mode with GRUB's multiboot2 magic and information pointer.
// Each step below needs the ones before it: a console before any
// message, the command line before the log level, traps before anything
// can fault usefully, memory before any allocation, the timer before
// the scheduler that it drives. Then, as in Linux's rest_init(), the
// boot code starts pid 1 (kernel_init, which runs the rest of the boot)
// and becomes the boot CPU's idle task.

#include <nook/bootinfo.h>
#include <nook/cmdline.h>
#include <nook/initramfs.h>
#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/qemu.h>
#include <nook/smp.h>
#include <nook/string.h>
#include <nook/time.h>
#include <nook/timer.h>
#include <asm/cpu.h>
#include <asm/fw_cfg.h>
#include <asm/irqflags.h>
#include <asm/traps.h>
#include <asm/tsc.h>

void serial_init(void);
void vga_init(void);
void break_kernel_on_request(void);

static int __loglevel_setup(const char *val)
{
	if (!val || val[0] < '0' || val[0] > '9' || val[1])
		return -1;
	console_loglevel = val[0] - '0';
	return 0;
}
early_param("loglevel", __loglevel_setup);

static int __qemu_exit_setup(const char *val)
{
	qemu_exit_enabled = !val || strcmp(val, "0");
	return 0;
}
early_param("qemu_exit", __qemu_exit_setup);

static void setup_cmdline(void)
{
	static char extra[COMMAND_LINE_SIZE];

	if (fw_cfg_read_file(FW_CFG_CMDLINE_FILE, extra, sizeof(extra)) < 0)
		extra[0] = '\0';
	cmdline_init(boot_info.cmdline, extra);
	cmdline_run_handlers();
}

static void print_banner(void)
{
	pr_info("Nook: a teaching kernel for Linux's process isolation\n");
	pr_info("Boot loader: %s\n", boot_info.loader);
	pr_info("Command line: %s\n", saved_command_line());
}

/* How often kernel_init looks at the clock for the boot heartbeat. */
#define HEARTBEAT_POLL_MS	100

/* Until there is a user-space init to exec, pid 1 sleeps here. */
static void __noreturn kernel_init_wait(bool heartbeat)
{
	for (;;) {
		msleep(HEARTBEAT_POLL_MS);
		if (heartbeat)
			timer_heartbeat();
	}
}

/* pid 1. It will exec the user-space init; for now it runs the tests. */
static int kernel_init(void *unused)
{
	const char *ktest_filter = cmdline_get("ktest");

	/* ktest=all (or a list of suites): run them, report, end QEMU. */
	if (ktest_filter) {
		int err = ktest_run(*ktest_filter ? ktest_filter : "all");

		qemu_exit(err ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
	}
	break_kernel_on_request();

	pr_info("Nook has booted. There are no user processes yet (they come in Step 2),\n");
	pr_info("so pid 1 sleeps and the timer ticks. Quit QEMU: Ctrl-A, then X.\n");
	/* Without qemu_exit=1 a ktest run ends here: keep its log clean. */
	kernel_init_wait(!ktest_filter);
}

/* Linux's rest_init(): start pid 1, then idle. Interrupts are still off,
 * so pid 1 cannot run (or die) before it is made the child reaper. */
static void __noreturn rest_init(void)
{
	pid_t pid = kernel_thread(kernel_init, NULL, "init", CLONE_FS);
	unsigned long flags;

	BUG_ON(pid != 1);
	spin_lock_irqsave(&tasklist_lock, flags);
	child_reaper = list_first_entry(&init_task.children,
					struct task_struct, sibling);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	cpu_startup_entry();	/* init_task becomes the idle task */
}

void kernel_main(u32 magic, u32 info)
{
	cpu_set_current(&cpus[0]);
	tsc_init_early();
	serial_init();
	vga_init();

	if (multiboot2_parse(magic, info))
		panic("not booted by a multiboot2 loader (magic %#x)", magic);
	setup_cmdline();
	print_banner();
	trap_init();		/* GDT, TSS, IDT: faults are reported from here on */
	mm_init();		/* frames, page tables, slab */
	initramfs_init();	/* find the programs GRUB loaded */
	time_init();		/* local APIC timer at HZ */
	sched_init();		/* we are init_task (pid 0) from here */
	smp_init();		/* start the other CPUs, each with its idle task */
	rest_init();		/* turns interrupts on, as the idle loop */
}

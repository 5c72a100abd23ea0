// kernel/init/main.c — kernel_main: where C begins, and the order of boot.
//
// Linux: init/main.c (start_kernel). boot/entry.asm calls kernel_main
// in 64-bit mode with GRUB's multiboot2 magic and information pointer.
// Each step below needs the ones before it: a console before any
// message, the command line before the log level, traps before anything
// can fault usefully, memory before any allocation, the timer last.

#include <nook/bootinfo.h>
#include <nook/cmdline.h>
#include <nook/initramfs.h>
#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/qemu.h>
#include <nook/smp.h>
#include <nook/string.h>
#include <nook/time.h>
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

void kernel_main(u32 magic, u32 info)
{
	const char *ktest_filter;
	bool heartbeat;

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
	smp_init();		/* start the other CPUs */
	local_irq_enable();

	/* ktest=all (or a list of suites): run them, report, end QEMU. */
	ktest_filter = cmdline_get("ktest");
	if (ktest_filter) {
		int err = ktest_run(*ktest_filter ? ktest_filter : "all");

		qemu_exit(err ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
	}
	break_kernel_on_request();

	/* Without qemu_exit=1 a ktest run ends here: keep its log clean. */
	heartbeat = !ktest_filter;
	pr_info("Nook has booted. There are no processes yet (they come in Step 2),\n");
	pr_info("so the CPU idles and the timer ticks. Quit QEMU: Ctrl-A, then X.\n");
	for (;;) {
		halt();		/* until the next interrupt */
		if (heartbeat)
			timer_heartbeat();
	}
}

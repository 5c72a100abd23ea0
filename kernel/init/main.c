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
#include <nook/binfmts.h>
#include <nook/cmdline.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/kthread.h>
#include <nook/fs.h>
#include <nook/initramfs.h>
#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/qemu.h>
#include <nook/smp.h>
#include <nook/string.h>
#include <nook/time.h>
#include <nook/timekeeping.h>
#include <nook/timer.h>
#include <asm/cpu.h>
#include <asm/syscall.h>
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

/* The words init gets (cmdline_init_args adds the command line's). */
#define MAX_INIT_ARGS		32
#define MAX_INIT_ENVS		32
static const char *argv_init[MAX_INIT_ARGS + 2] = { NULL, NULL };
static const char *envp_init[MAX_INIT_ENVS + 2] = { "HOME=/", "TERM=linux", NULL };

/* Set by the command line; read by kernel_init. */
static const char *ramdisk_execute_command = "/init";	/* rdinit= */
static const char *execute_command;			/* init= */
static const char *ktest_filter;			/* ktest= */

static int rdinit_setup(const char *val)
{
	if (!val)
		return -1;
	ramdisk_execute_command = val;
	return 0;
}
early_param("rdinit", rdinit_setup);

static int init_setup(const char *val)
{
	if (!val)
		return -1;
	execute_command = val;
	return 0;
}
early_param("init", init_setup);

static int ktest_setup(const char *val)
{
	ktest_filter = val ? val : "all";
	return 0;
}
early_param("ktest", ktest_setup);

/* Returns only if the program could not be started. */
static int run_init_process(const char *filename)
{
	int err;

	argv_init[0] = filename;
	pr_info("Run %s as init process\n", filename);
	err = kernel_execve(filename, argv_init, envp_init);
	if (!err)	/* pid 1 is a user process now: off to its first line */
		ret_to_user_mode(current_pt_regs());
	return err;
}

static bool try_to_run_init_process(const char *filename)
{
	int err = run_init_process(filename);

	if (err && err != -ENOENT)
		pr_err("Starting init: %s exists but could not run (error %d)\n",
		       filename, -err);
	return !err;
}

/*
 * pid 1. Linux: init/main.c kernel_init. With ktest= it runs the tests
 * and ends QEMU; otherwise it becomes the first user program, looked
 * for where Linux looks: rdinit= (default /init, in the initramfs),
 * init=, then the usual places.
 */
static int kernel_init(void *unused)
{
	static const char *const fallbacks[] = {
		"/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
	};

	rcu_spawn_gp_kthread();	/* Linux: an early_initcall */
	populate_rootfs();	/* the initramfs, unpacked into "/" */
	/* Linux: console_on_rootfs, in kernel_init_freeable. */
	console_on_rootfs();
	if (ktest_filter) {
		int err = ktest_run(ktest_filter);

		qemu_exit(err ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
		for (;;)	/* without qemu_exit=1: leave the results on screen */
			msleep(MSEC_PER_SEC);
	}
	break_kernel_on_request();
	kthread_run(timer_heartbeat, NULL, "heartbeat");

	cmdline_init_args(argv_init + 1, MAX_INIT_ARGS, envp_init,
			  MAX_INIT_ENVS);
	try_to_run_init_process(ramdisk_execute_command);
	if (execute_command && try_to_run_init_process(execute_command))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(fallbacks); i++)
		try_to_run_init_process(fallbacks[i]);
	panic("no init program found; try rdinit= or init= on the command line");
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
	/*
	 * Linux sets this in copy_process for a namespace's first task:
	 * pid 1 ignores every signal it has no handler for, even SIGKILL
	 * (kernel/signal.c sig_task_ignored); only its own faults kill it.
	 */
	child_reaper->signal_flags |= SIGNAL_UNKILLABLE;
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
	timekeeping_init();	/* the wall clock, from the CMOS RTC */
	sched_init();		/* we are init_task (pid 0) from here */
	/* after sched_init: the root's inode takes init_task's fsuid (cred) */
	vfs_caches_init();	/* dentries, inodes, mounts; "/" is a tmpfs */
	rcu_init();		/* call_rcu works; callbacks wait for rcu_gp */
	signals_init();		/* before the first copy_sighand */
	smp_init();		/* start the other CPUs, each with its idle task */
	rest_init();		/* turns interrupts on, as the idle loop */
}

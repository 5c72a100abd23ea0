// kernel/init/init_task.c — init_task: pid 0, the first task, born static.
//
// Linux: init/init_task.c. Every other task is copied into being by
// copy_process(); this one is written out by hand, because it is the
// boot code itself: kernel_main, on the boot stack, becomes init_task at
// sched_init() and ends its life as the boot CPU's idle task (pid 0,
// "swapper/0", as ps shows it on Linux).

#include <nook/cred.h>
#include <nook/file.h>
#include <nook/mm.h>
#include <nook/mount.h>
#include <nook/nsproxy.h>
#include <nook/sched.h>

/* The 16 KiB boot stack, boot/entry.asm: the same size as THREAD_SIZE. */
extern char boot_stack_top[];

struct task_struct init_task = {
	.__state = TASK_RUNNING,
	.pi_lock = __SPIN_LOCK_UNLOCKED(init_task.pi_lock),
	.alloc_lock = __SPIN_LOCK_UNLOCKED(init_task.alloc_lock),
	.run_list = LIST_HEAD_INIT(init_task.run_list),
	.pid = 0,
	.tgid = 0,
	.flags = PF_KTHREAD | PF_IDLE,
	.stack = boot_stack_top - THREAD_SIZE,
	.exit_signal = -1,
	.comm = "swapper/0",
	.active_mm = &init_mm,	/* held by sched_init's mmgrab */
	.usage = 2,		/* never dropped to zero: it is never freed */
	.real_parent = &init_task,
	.parent = &init_task,
	.children = LIST_HEAD_INIT(init_task.children),
	.sibling = LIST_HEAD_INIT(init_task.sibling),
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.wait_chldexit = __WAIT_QUEUE_HEAD_INITIALIZER(init_task.wait_chldexit),
	.rlim = INIT_RLIMITS,	/* every task's, copied down at fork */
	/* every action SIG_DFL, nothing blocked or pending */
	.sighand = &init_sighand,
	.files = &init_files,	/* empty: pid 1 opens the console */
	.fs = &init_fs,		/* "/" once init_mount_tree has run */
	.nsproxy = &init_nsproxy,	/* the initial namespaces */
	.real_cred = &init_cred,	/* root, every capability */
	.cred = &init_cred,
	.pending = {
		.list = LIST_HEAD_INIT(init_task.pending.list),
	},
	.restart_block = {
		.fn = do_no_restart_syscall,
	},
};

// kernel/fs/proc/version.c — /proc/version and /proc/cmdline.
// Linux: fs/proc/version.c, fs/proc/cmdline.c.
#include <nook/cmdline.h>
#include <nook/utsname.h>
#include "internal.h"

int version_proc_show(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%s version %s (gcc) %s\n", utsname()->sysname,
		   utsname()->release, utsname()->version);
	return 0;
}

int cmdline_proc_show(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%s\n", saved_command_line());
	return 0;
}

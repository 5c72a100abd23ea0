// kernel/fs/proc/fault_inject.c — /proc/thread-self/fail-nth: fault
// injection from user space.
//
// Linux: fs/proc/base.c (proc_fail_nth_write, proc_fail_nth_read). The
// file is per thread, /proc/PID/task/TID/fail-nth (thread-self links
// there). A task writes n to its own file; its n-th allocation from
// then on fails (kernel/lib/fault-inject.c). Reading shows how many
// are left to go.

#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/string.h>
#include <asm/uaccess.h>
#include "internal.h"

#define FAIL_NTH_MAX	0x7fffffffU	/* Linux's INT_MAX */

static long fail_nth_write(struct file *file, const char __user *buf,
			   size_t count, loff_t *pos)
{
	struct task_struct *task = get_proc_task(file->f_inode);
	char tmp[16] = {};
	unsigned long n = 0;
	size_t i;
	long err = -EINVAL;

	if (!task)
		return -ESRCH;
	if (task != current) {		/* only one's own */
		err = -EPERM;
		goto out;
	}
	if (copy_from_user(tmp, buf, min(count, sizeof(tmp) - 1))) {
		err = -EFAULT;
		goto out;
	}
	for (i = 0; tmp[i] >= '0' && tmp[i] <= '9'; i++) {
		n = n * 10 + (tmp[i] - '0');
		if (n > FAIL_NTH_MAX)
			goto out;
	}
	if (i == 0 || (tmp[i] && tmp[i] != '\n'))
		goto out;
	WRITE_ONCE(current->fail_nth, n);
	err = count;
out:
	put_task_struct(task);
	return err;
}

static long fail_nth_read(struct file *file, char __user *buf, size_t count,
			  loff_t *pos)
{
	struct task_struct *task = get_proc_task(file->f_inode);
	char tmp[16];
	int len;

	if (!task)
		return -ESRCH;
	len = snprintf(tmp, sizeof(tmp), "%u\n", READ_ONCE(task->fail_nth));
	put_task_struct(task);
	if (*pos >= len)
		return 0;
	len = min((size_t)(len - *pos), count);
	if (copy_to_user(buf, tmp + *pos, len))
		return -EFAULT;
	*pos += len;
	return len;
}

const struct file_operations proc_fail_nth_operations = {
	.read	= fail_nth_read,
	.write	= fail_nth_write,
};

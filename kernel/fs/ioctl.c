// kernel/fs/ioctl.c — ioctl(2): a descriptor's device-specific requests.
//
// Linux: fs/ioctl.c (the ioctl syscall, do_vfs_ioctl). The requests
// every file answers (FIOCLEX, FIONBIO, ...) come with the VFS; today
// each request goes to the file's own unlocked_ioctl. A file without
// one is not a terminal or device: ENOTTY, as Linux says.

#include <nook/errno.h>
#include <nook/file.h>
#include <asm/syscall.h>

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	struct fd f = fdget(fd);
	long ret = -ENOTTY;

	if (!f.file)
		return -EBADF;
	if (f.file->f_op->unlocked_ioctl)
		ret = f.file->f_op->unlocked_ioctl(f.file, cmd, arg);
	fdput(f);
	return ret;
}

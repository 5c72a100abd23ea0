// kernel/fs/sync.c — sync(2), syncfs(2), fsync(2) and fdatasync(2).
//
// Linux: fs/sync.c (ksys_sync, syncfs, vfs_fsync_range, do_fsync).
// Every file system Nook has lives in memory (tmpfs), so there is
// nothing to write out and each call is done at once; what is left of
// them is Linux's checks. fsync and fdatasync ask the file's own
// ->fsync, and a file without one (a pipe, the console) is EINVAL;
// syncfs works on any open descriptor, as Linux's does on a pipe.

#include <nook/errno.h>
#include <nook/file.h>
#include <asm/syscall.h>

SYSCALL_DEFINE0(sync)
{
	return 0;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct fd f = fdget(fd);

	if (!f.file)
		return -EBADF;
	fdput(f);
	return 0;
}

/* Linux: vfs_fsync, over the whole file. */
static int vfs_fsync(struct file *file, int datasync)
{
	if (!file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, datasync);
}

static int do_fsync(unsigned int fd, int datasync)
{
	struct fd f = fdget(fd);
	int ret;

	if (!f.file)
		return -EBADF;
	ret = vfs_fsync(f.file, datasync);
	fdput(f);
	return ret;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd, 0);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd, 1);
}

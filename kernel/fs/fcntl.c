// kernel/fs/fcntl.c — fcntl(2): duplicating a descriptor (F_DUPFD,
// F_DUPFD_CLOEXEC), its close-on-exec flag (F_GETFD, F_SETFD) and the
// open's status flags (F_GETFL, F_SETFL).
//
// Linux: fs/fcntl.c (do_fcntl, setfl). FD_CLOEXEC belongs to the
// descriptor (files->close_on_exec); the status flags to the open file,
// so every descriptor dup'ed from it sees a change. F_SETFL changes
// only O_APPEND and O_NONBLOCK (and, in Linux, O_ASYNC, O_DIRECT and
// O_NOATIME, which Nook's files do not have); the rest are kept.

#include <nook/errno.h>
#include <nook/file.h>
#include <asm/syscall.h>

#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

static long setfl(struct file *file, unsigned long arg)
{
	spin_lock(&file->f_lock);
	file->f_flags = (arg & SETFL_MASK) | (file->f_flags & ~SETFL_MASK);
	spin_unlock(&file->f_lock);
	return 0;
}

static long do_fcntl(int fd, unsigned int cmd, unsigned long arg,
		     struct file *filp)
{
	switch (cmd) {
	case F_DUPFD:
		return f_dupfd(arg, filp, 0);
	case F_DUPFD_CLOEXEC:
		return f_dupfd(arg, filp, O_CLOEXEC);
	case F_GETFD:
		return get_close_on_exec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		/* The access mode is in f_flags from the open: O_RDWR etc. */
		return READ_ONCE(filp->f_flags);
	case F_SETFL:
		return setfl(filp, arg);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	struct fd f = fdget(fd);
	long ret;

	if (!f.file)
		return -EBADF;
	ret = do_fcntl(fd, cmd, arg, f.file);
	fdput(f);
	return ret;
}

// kernel/fs/stdio.c — read(2), write(2), readv(2), writev(2) and ioctl(2)
// on standard input, output and error, before files exist.
//
// Linux: fs/read_write.c (ksys_read, ksys_write, do_readv/do_writev) and
// fs/ioctl.c, on /dev/console's tty. Step 3 brings the VFS, file
// descriptor tables and the tty; until then descriptors 0, 1 and 2 of
// every process are the console, opened read-write (as init's are in
// Linux), and every other descriptor is not open (EBADF). Reading and
// the terminal ioctls are kernel/fs/console.c's.

#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/printk.h>
#include <nook/tty.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define STDERR_FILENO	2	/* the highest descriptor that is open */
#define STDIO_CHUNK	256	/* bytes copied from user space at a time */

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

#define UIO_MAXIOV	1024	/* Linux's limit on iovcnt */
#define MAX_RW_COUNT	(0x7ffff000UL)	/* one call moves at most this much */

static long console_write_from_user(const char __user *buf, size_t count)
{
	char chunk[STDIO_CHUNK];
	size_t done = 0;

	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write_user(chunk, n);
		done += n;
	}
	return done;
}

static bool is_stdio(unsigned long fd)
{
	return fd <= STDERR_FILENO;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)
{
	if (!is_stdio(fd))
		return -EBADF;
	return console_write_from_user(buf, min(count, MAX_RW_COUNT));
}

/* writev(2): the vector is read first, so a bad one writes nothing. */
SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct iovec iov;
	size_t total = 0;
	long done = 0;

	if (!is_stdio(fd))
		return -EBADF;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	for (unsigned long i = 0; i < vlen; i++) {
		if (copy_from_user(&iov, &vec[i], sizeof(iov)))
			return -EFAULT;
		if ((ssize_t)iov.iov_len < 0 || total + iov.iov_len < total)
			return -EINVAL;
		if (!access_ok(iov.iov_base, iov.iov_len))
			return -EFAULT;
		total += iov.iov_len;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		long n;

		if (copy_from_user(&iov, &vec[i], sizeof(iov)))
			return done ? done : -EFAULT;
		n = console_write_from_user(iov.iov_base, iov.iov_len);
		if (n < 0)
			return done ? done : n;
		done += n;
	}
	return done;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	if (!is_stdio(fd))
		return -EBADF;
	return console_read_to_user(buf, min(count, MAX_RW_COUNT));
}

/*
 * readv(2): the whole vector is checked first (EINVAL, EFAULT), then
 * read into one iovec after another until a read comes back short:
 * with a canonical console, one line fills the vector at most.
 */
SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct iovec iov;
	size_t total = 0;
	long done = 0;

	if (!is_stdio(fd))
		return -EBADF;
	if (vlen > UIO_MAXIOV)
		return -EINVAL;
	for (unsigned long i = 0; i < vlen; i++) {
		if (copy_from_user(&iov, &vec[i], sizeof(iov)))
			return -EFAULT;
		if ((ssize_t)iov.iov_len < 0 || total + iov.iov_len < total)
			return -EINVAL;
		if (!access_ok(iov.iov_base, iov.iov_len))
			return -EFAULT;
		total += iov.iov_len;
	}
	for (unsigned long i = 0; i < vlen; i++) {
		long n;

		if (copy_from_user(&iov, &vec[i], sizeof(iov)))
			return done ? done : -EFAULT;
		if (!iov.iov_len)
			continue;
		n = console_read_to_user(iov.iov_base, iov.iov_len);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((size_t)n < iov.iov_len)
			break;
	}
	return done;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	if (!is_stdio(fd))
		return -EBADF;
	return console_ioctl(cmd, arg);
}

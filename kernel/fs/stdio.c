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
/*
 * A write reaches the console in pieces of up to this many bytes, each
 * whole: a line that two processes print at once is not interleaved.
 * (Linux's tty holds a write lock for the whole write(2) or writev(2).)
 */
#define STDIO_CHUNK	1024

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

#define UIO_MAXIOV	1024	/* Linux's limit on iovcnt */
#define MAX_RW_COUNT	(0x7ffff000UL)	/* one call moves at most this much */

/* One write's bytes, gathered across its iovecs before they go out. */
struct console_out {
	char buf[STDIO_CHUNK];
	size_t len;
};

static void console_out_flush(struct console_out *out)
{
	if (out->len)
		console_write_user(out->buf, out->len);
	out->len = 0;
}

/* Adds count user bytes; returns how many, or -EFAULT if none. */
static long console_out_copy(struct console_out *out,
			     const char __user *buf, size_t count)
{
	size_t done = 0;

	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		size_t n = min(count - done, sizeof(out->buf) - out->len);

		if (copy_from_user(out->buf + out->len, buf + done, n))
			return done ? (long)done : -EFAULT;
		out->len += n;
		done += n;
		if (out->len == sizeof(out->buf))
			console_out_flush(out);
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
	struct console_out out = { .len = 0 };
	long n;

	if (!is_stdio(fd))
		return -EBADF;
	n = console_out_copy(&out, buf, min(count, MAX_RW_COUNT));
	console_out_flush(&out);
	return n;
}

/* writev(2): the vector is read first, so a bad one writes nothing. */
SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct console_out out = { .len = 0 };
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
		long n = -EFAULT;

		if (!copy_from_user(&iov, &vec[i], sizeof(iov)))
			n = console_out_copy(&out, iov.iov_base, iov.iov_len);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		done += n;
		if ((size_t)n < iov.iov_len)
			break;		/* a fault part-way: stop, as Linux does */
	}
	console_out_flush(&out);
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

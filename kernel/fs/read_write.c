// kernel/fs/read_write.c — read(2), write(2), readv(2), writev(2),
// lseek(2) and sendfile(2): from a descriptor to its file's
// file_operations.
//
// Linux: fs/read_write.c (ksys_read, vfs_read, do_readv, vfs_writev,
// ksys_lseek, do_sendfile, kernel_read, kernel_write). Each call looks
// the descriptor up (fdget, a reference held for the call, so a
// concurrent close cannot free the file under us), checks the open's
// mode (EBADF when it was not opened for this) and the user buffer
// (EFAULT), then calls the file's own read or write. A vector is copied in and checked whole before anything is
// read or written, so a bad iovec moves no bytes.
//
// f_pos: read at the start of a call and stored back at its end, under
// f_lock. Linux serialises calls on one file with f_pos_lock
// (fdget_pos); the files that exist today (console, pipes) have no
// position, so two racing calls cannot lose an update that matters.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/kernel.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/uio.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

static loff_t file_pos_read(struct file *file)
{
	loff_t pos;

	spin_lock(&file->f_lock);
	pos = file->f_pos;
	spin_unlock(&file->f_lock);
	return pos;
}

static void file_pos_write(struct file *file, loff_t pos)
{
	spin_lock(&file->f_lock);
	file->f_pos = pos;
	spin_unlock(&file->f_lock);
}

/* One user buffer as a vector of one, for read_iter/write_iter. */
static long call_iter(struct file *file, char __user *buf, size_t count,
		      loff_t *pos, bool write)
{
	struct iovec iov = { .iov_base = buf, .iov_len = count };
	struct iov_iter iter = { .iov = &iov, .nr_segs = 1, .count = count };

	if (write)
		return file->f_op->write_iter(file, &iter, pos);
	return file->f_op->read_iter(file, &iter, pos);
}

static long vfs_read(struct file *file, char __user *buf, size_t count)
{
	loff_t pos;
	long ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!file->f_op->read && !file->f_op->read_iter)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	count = min(count, MAX_RW_COUNT);
	pos = file_pos_read(file);
	if (file->f_op->read)
		ret = file->f_op->read(file, buf, count, &pos);
	else
		ret = call_iter(file, buf, count, &pos, false);
	file_pos_write(file, pos);
	return ret;
}

static long vfs_write(struct file *file, const char __user *buf,
		      size_t count)
{
	loff_t pos;
	long ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op->write && !file->f_op->write_iter)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	count = min(count, MAX_RW_COUNT);
	pos = file_pos_read(file);
	if (file->f_op->write)
		ret = file->f_op->write(file, buf, count, &pos);
	else
		ret = call_iter(file, (char __user *)buf, count, &pos, true);
	file_pos_write(file, pos);
	return ret;
}

/*
 * pread64/pwrite64: at pos, leaving f_pos alone. Only files with a
 * position (FMODE_LSEEK) have one to read at: a pipe is ESPIPE.
 */
static long do_pread_pwrite(unsigned int fd, char __user *buf, size_t count,
			    loff_t pos, bool write)
{
	struct fd f;
	const struct file_operations *fop;
	long ret;

	if (pos < 0)
		return -EINVAL;
	f = fdget(fd);
	if (!f.file)
		return -EBADF;
	fop = f.file->f_op;
	ret = -ESPIPE;
	if (!(f.file->f_mode & FMODE_LSEEK))
		goto out;
	ret = -EBADF;
	if (!(f.file->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		goto out;
	ret = -EINVAL;
	if (write ? !fop->write : !fop->read)
		goto out;
	ret = -EFAULT;
	if (!access_ok(buf, count))
		goto out;
	count = min(count, MAX_RW_COUNT);
	if (write)
		ret = fop->write(f.file, buf, count, &pos);
	else
		ret = fop->read(f.file, buf, count, &pos);
out:
	fdput(f);
	return ret;
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf,
		size_t, count, long, pos)
{
	return do_pread_pwrite(fd, buf, count, pos, false);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf,
		size_t, count, long, pos)
{
	return do_pread_pwrite(fd, (char __user *)buf, count, pos, true);
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct fd f = fdget(fd);
	long ret;

	if (!f.file)
		return -EBADF;
	ret = vfs_read(f.file, buf, count);
	fdput(f);
	return ret;
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)
{
	struct fd f = fdget(fd);
	long ret;

	if (!f.file)
		return -EBADF;
	ret = vfs_write(f.file, buf, count);
	fdput(f);
	return ret;
}

/*
 * Linux: import_iovec(). Copy the user's vector in and check it: EINVAL
 * for too many segments, a negative length or a total that overflows;
 * EFAULT for a segment outside user space. The total is cut at
 * MAX_RW_COUNT, as Linux cuts it. *iov is fast when it fits, else
 * kmalloc'ed (the caller frees it if it is not fast).
 */
static long import_iovec(const struct iovec __user *uvec,
			 unsigned long nr_segs, struct iovec *fast,
			 struct iovec **iov, struct iov_iter *iter)
{
	struct iovec *vec = fast;
	size_t total = 0;

	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	if (nr_segs > UIO_FASTIOV) {
		vec = kmalloc(nr_segs * sizeof(*vec));
		if (!vec)
			return -ENOMEM;
	}
	if (copy_from_user(vec, uvec, nr_segs * sizeof(*vec)))
		goto fault;
	for (unsigned long i = 0; i < nr_segs; i++) {
		size_t len = vec[i].iov_len;

		if ((ssize_t)len < 0) {
			if (vec != fast)
				kfree(vec);
			return -EINVAL;
		}
		if (!access_ok(vec[i].iov_base, len))
			goto fault;
		if (len > MAX_RW_COUNT - total) {
			len = MAX_RW_COUNT - total;
			vec[i].iov_len = len;
		}
		total += len;
	}
	*iov = vec;
	*iter = (struct iov_iter){
		.iov = vec, .nr_segs = nr_segs, .count = total,
	};
	return 0;

fault:
	if (vec != fast)
		kfree(vec);
	return -EFAULT;
}

/* No read_iter/write_iter: one read or write per segment, to a short one. */
static long iter_loop(struct file *file, struct iov_iter *iter, loff_t *pos,
		      bool write)
{
	long done = 0;

	for (unsigned long i = 0; i < iter->nr_segs; i++) {
		const struct iovec *iov = &iter->iov[i];
		long n;

		if (!iov->iov_len)
			continue;
		if (write)
			n = file->f_op->write(file, iov->iov_base,
					      iov->iov_len, pos);
		else
			n = file->f_op->read(file, iov->iov_base,
					     iov->iov_len, pos);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((size_t)n < iov->iov_len)
			break;
	}
	return done;
}

static long do_iter_rw(unsigned long fd, const struct iovec __user *uvec,
		       unsigned long vlen, bool write)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	struct iov_iter iter;
	struct fd f = fdget(fd);
	fmode_t mode = write ? FMODE_WRITE : FMODE_READ;
	const struct file_operations *fop;
	loff_t pos;
	long ret;

	if (!f.file)
		return -EBADF;
	fop = f.file->f_op;
	ret = -EBADF;
	if (!(f.file->f_mode & mode))
		goto out;
	ret = -EINVAL;
	if (write ? !fop->write && !fop->write_iter :
		    !fop->read && !fop->read_iter)
		goto out;
	ret = import_iovec(uvec, vlen, fast, &iov, &iter);
	if (ret)
		goto out;
	pos = file_pos_read(f.file);
	if (write && fop->write_iter)
		ret = fop->write_iter(f.file, &iter, &pos);
	else if (!write && fop->read_iter)
		ret = fop->read_iter(f.file, &iter, &pos);
	else
		ret = iter_loop(f.file, &iter, &pos, write);
	file_pos_write(f.file, pos);
	if (iov != fast)
		kfree(iov);
out:
	fdput(f);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return do_iter_rw(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return do_iter_rw(fd, vec, vlen, true);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	struct fd f = fdget(fd);
	long ret;

	if (!f.file)
		return -EBADF;
	ret = -EINVAL;
	if (whence > SEEK_MAX)
		goto out;
	/* Linux: no_llseek, the default for files without a position. */
	ret = -ESPIPE;
	if (f.file->f_op->llseek)
		ret = f.file->f_op->llseek(f.file, offset, whence);
out:
	fdput(f);
	return ret;
}

/* ---- sendfile ---- */

/*
 * Linux: kernel_read, kernel_write. A kernel buffer as a vector of one
 * ITER_KVEC segment: only files with read_iter (write_iter) can take
 * it, which is what decides where sendfile may read and write.
 */
static long kernel_rw(struct file *file, void *buf, size_t count,
		      loff_t *pos, bool write)
{
	struct iovec iov = { .iov_base = buf, .iov_len = count };
	struct iov_iter iter = {
		.iov = &iov, .nr_segs = 1, .count = count, .kvec = true,
	};

	if (write)
		return file->f_op->write_iter(file, &iter, pos);
	return file->f_op->read_iter(file, &iter, pos);
}

#define SENDFILE_CHUNK	PAGE_SIZE
/* A pipe's default size: the most one splice into a pipe moves. */
#define SENDFILE_PIPE_MAX	(16 * PAGE_SIZE)

/*
 * The copy itself, a page at a time through a kernel buffer (Linux
 * goes through a pipe's pages with splice). *pos moves by what was
 * written, not by what was read: bytes read but not written are read
 * again next time. A signal ends a copy that has moved something.
 *
 * Into a pipe, Linux reads the source once (splice_file_to_pipe): at
 * most a pipe's worth, and a short read (a terminal's line) ends it.
 * Into anything else it reads until count is reached or the source
 * has nothing more (end of file), waiting if it must.
 */
static long sendfile_copy(struct file *in, loff_t *pos, struct file *out,
			  loff_t *out_pos, size_t count)
{
	bool to_pipe = out->f_op == &pipefifo_fops;
	char *buf = kmalloc(SENDFILE_CHUNK);
	long done = 0, err = 0;

	if (!buf)
		return -ENOMEM;
	if (to_pipe)
		count = min(count, SENDFILE_PIPE_MAX);
	while ((size_t)done < count) {
		size_t want = min(count - done, SENDFILE_CHUNK);
		loff_t rpos = *pos;
		long n = kernel_rw(in, buf, want, &rpos, false);
		long w;

		if (n <= 0) {
			err = n;
			break;
		}
		w = kernel_rw(out, buf, n, out_pos, true);
		if (w <= 0) {
			err = w;
			break;
		}
		*pos += w;
		done += w;
		if (w < n || signal_pending(current) ||
		    (to_pipe && (size_t)n < want))
			break;
	}
	kfree(buf);
	return done ? done : err;
}

/*
 * Linux: do_sendfile, in its order of checks. The source needs read
 * access and a read_iter (a pipe has none: EINVAL, as Linux has no
 * splice_read for it); an offset needs a source with a position
 * (ESPIPE) and must not be negative (EINVAL); the destination needs
 * write access and a write_iter, and must not be O_APPEND unless it is
 * a pipe (Linux refuses appending in do_splice_direct only). Into
 * anything but a pipe, the source must be a regular file (Linux:
 * splice_direct_to_actor, which will not drop data read from something
 * it cannot seek back in): a terminal or a pipe is EINVAL there, and
 * busybox cat falls back to read and write.
 */
static long do_sendfile(int out_fd, int in_fd, loff_t *ppos, size_t count)
{
	struct fd in, out;
	loff_t pos, out_pos;
	long ret = -EBADF;

	in = fdget(in_fd);
	if (!in.file)
		return -EBADF;
	if (!(in.file->f_mode & FMODE_READ))
		goto fput_in;
	ret = -ESPIPE;
	if (ppos && !(in.file->f_mode & FMODE_LSEEK))
		goto fput_in;
	pos = ppos ? *ppos : file_pos_read(in.file);
	ret = -EINVAL;
	if (pos < 0 || (loff_t)(pos + min(count, MAX_RW_COUNT)) < 0)
		goto fput_in;
	count = min(count, MAX_RW_COUNT);
	ret = -EBADF;
	out = fdget(out_fd);
	if (!out.file)
		goto fput_in;
	if (!(out.file->f_mode & FMODE_WRITE))
		goto fput_out;
	ret = -EINVAL;
	if ((out.file->f_flags & O_APPEND) && (out.file->f_mode & FMODE_LSEEK))
		goto fput_out;
	if (!in.file->f_op->read_iter || !out.file->f_op->write_iter)
		goto fput_out;
	if (out.file->f_op != &pipefifo_fops &&
	    !(in.file->f_inode && S_ISREG(in.file->f_inode->i_mode)))
		goto fput_out;
	out_pos = file_pos_read(out.file);
	ret = sendfile_copy(in.file, &pos, out.file, &out_pos, count);
	if (ret > 0)
		file_pos_write(out.file, out_pos);
	if (ppos)
		*ppos = pos;
	else
		file_pos_write(in.file, pos);
fput_out:
	fdput(out);
fput_in:
	fdput(in);
	return ret;
}

/* x86-64's sendfile is Linux's sendfile64: a 64-bit offset. */
SYSCALL_DEFINE4(sendfile64, int, out_fd, int, in_fd, loff_t __user *, offset,
		size_t, count)
{
	loff_t pos;
	long ret;

	if (!offset)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&pos, offset, sizeof(pos)))
		return -EFAULT;
	ret = do_sendfile(out_fd, in_fd, &pos, count);
	if (put_user(pos, offset))
		return -EFAULT;
	return ret;
}

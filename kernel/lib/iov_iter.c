// kernel/lib/iov_iter.c — walking a vector of user buffers.
//
// Linux: lib/iov_iter.c (copy_from_iter, iov_iter_advance). A file
// that must treat a whole writev as one write (a pipe's PIPE_BUF rule)
// copies from the vector through this cursor instead of segment by
// segment. A fault stops the copy: the count says how far it got.

#include <nook/kernel.h>
#include <nook/string.h>
#include <nook/uio.h>
#include <asm/uaccess.h>

size_t copy_from_iter(void *to, size_t bytes, struct iov_iter *i)
{
	size_t done = 0;

	bytes = min(bytes, i->count);
	while (done < bytes) {
		const struct iovec *iov = i->iov;
		size_t n = min(bytes - done, iov->iov_len - i->iov_offset);
		size_t left;

		if (!n) {		/* this segment is used up: the next */
			i->iov++;
			i->nr_segs--;
			i->iov_offset = 0;
			continue;
		}
		left = 0;
		if (i->kvec)
			memcpy((char *)to + done,
			       (const char *)iov->iov_base + i->iov_offset, n);
		else
			left = copy_from_user((char *)to + done,
					      (const char __user *)iov->iov_base +
					      i->iov_offset, n);
		n -= left;
		done += n;
		i->iov_offset += n;
		i->count -= n;
		if (left)
			break;		/* a fault */
	}
	return done;
}

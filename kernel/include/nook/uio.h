/*
 * nook/uio.h — vectors of user buffers: struct iovec (readv(2),
 * writev(2)) and struct iov_iter, how a vector reaches a file.
 * Linux: include/uapi/linux/uio.h, include/linux/uio.h. Linux's
 * iov_iter walks many kinds of memory; Nook's two: user iovecs, copied
 * into the kernel and checked (access_ok, no overflow) beforehand, and
 * kernel buffers (ITER_KVEC: kernel_read and kernel_write, which
 * sendfile moves its bytes with).
 */
#ifndef NOOK_UIO_H
#define NOOK_UIO_H

#include <nook/types.h>

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

#define UIO_MAXIOV	1024	/* Linux's limit on iovcnt */
#define UIO_FASTIOV	8	/* vectors this short stay on the stack */

/*
 * A cursor over a vector: iov is the current segment, iov_offset how far
 * into it the cursor is; count is what is left in all segments.
 * copy_from_iter moves it forward.
 */
struct iov_iter {
	const struct iovec *iov;	/* kernel copy of the user's vector */
	unsigned long nr_segs;		/* segments from iov on */
	size_t iov_offset;
	size_t count;
	bool kvec;			/* segments are kernel memory */
};

/* Copy up to bytes from the user memory i points at; advance i. */
size_t copy_from_iter(void *to, size_t bytes, struct iov_iter *i);

#endif

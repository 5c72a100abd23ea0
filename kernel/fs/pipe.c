// kernel/fs/pipe.c — pipes: pipe(2), pipe2(2), and the read and write
// of a pipe's two ends.
//
// Linux: fs/pipe.c (pipe_read, pipe_write, pipe_release, do_pipe2) and
// include/linux/pipe_fs_i.h. A pipe is a ring of up to PIPE_DEF_BUFFERS
// page-sized buffers between head (where writers add) and tail (where
// readers take); the counters only grow, indexed modulo the ring size.
// Its two files are one O_RDONLY and one O_WRONLY open; readers and
// writers count them, so a read finds end of file once no write end is
// left, and a write gets SIGPIPE and EPIPE once no read end is.
// A write (or writev) of at most PIPE_BUF bytes lands in one buffer in
// one go, so it is never interleaved with another writer's (pipe(7)).
//
// Locking: pipe->mutex is a sleeping lock (copy_to_user may fault and
// sleep), built from lock and mutex_wait: Nook has no struct mutex yet.
// It guards the ring, head, tail, readers and writers. Sleepers wait
// on rd_wait / wr_wait without it, testing head/tail/readers/writers
// locklessly (READ_ONCE); whoever changes those wakes them after.
// pipe->lock is a leaf.
//
// FIFOs (named pipes, fifo(7)): a FIFO inode gets a pipe at its first
// open, kept in inode->i_pipe while any file has it open (pipe->files,
// both under pipe_i_lock); the last release frees it, so data left in a
// FIFO nobody has open is gone, as in Linux. Opening one end waits for
// the other (Linux: fifo_open, wait_for_partner): a reader until a
// writer opens, a writer until a reader does; O_NONBLOCK makes a reader
// go on at once and a writer with no reader fail with ENXIO; O_RDWR
// never waits.

#include <nook/errno.h>
#include <nook/panic.h>
#include <nook/file.h>
#include <nook/poll.h>
#include <nook/kernel.h>
#include <nook/mm.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/uio.h>
#include <nook/wait.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define PIPE_DEF_BUFFERS	16	/* the ring's size, in pages */
#define PIPE_BUF		PAGE_SIZE /* writes this small are atomic */

struct pipe_buffer {
	struct page *page;
	unsigned int offset, len;	/* the unread bytes in page */
};

struct pipe_inode_info {
	spinlock_t lock;		/* guards mutex_held only */
	bool mutex_held;
	wait_queue_head_t mutex_wait;

	/* under the pipe mutex; read locklessly by sleepers */
	unsigned int head, tail;
	unsigned int readers, writers;
	unsigned int r_counter, w_counter;	/* opens so far, for FIFOs */
	unsigned int files;		/* a FIFO's open files: pipe_i_lock */
	struct pipe_buffer bufs[PIPE_DEF_BUFFERS];

	wait_queue_head_t rd_wait;	/* readers: data, or no writers */
	wait_queue_head_t wr_wait;	/* writers: room, or no readers */

	/* set when made: fstat's st_ino and /proc's "pipe:[ino]" */
	unsigned long ino;
};

/* Guards every FIFO inode's i_pipe and its pipe's files count. */
static DEFINE_SPINLOCK(pipe_i_lock);

static bool pipe_trylock(struct pipe_inode_info *pipe)
{
	bool got;

	spin_lock(&pipe->lock);
	got = !pipe->mutex_held;
	pipe->mutex_held = true;
	spin_unlock(&pipe->lock);
	return got;
}

static void pipe_lock(struct pipe_inode_info *pipe)
{
	wait_event(pipe->mutex_wait, pipe_trylock(pipe));
}

static void pipe_unlock(struct pipe_inode_info *pipe)
{
	spin_lock(&pipe->lock);
	pipe->mutex_held = false;
	spin_unlock(&pipe->lock);
	wake_up(&pipe->mutex_wait);
}

static bool pipe_empty(unsigned int head, unsigned int tail)
{
	return head == tail;
}

static bool pipe_full(unsigned int head, unsigned int tail)
{
	return head - tail >= PIPE_DEF_BUFFERS;
}

static bool pipe_readable(const struct pipe_inode_info *pipe)
{
	return !pipe_empty(READ_ONCE(pipe->head), READ_ONCE(pipe->tail)) ||
	       !READ_ONCE(pipe->writers);
}

static bool pipe_writable(const struct pipe_inode_info *pipe)
{
	return !pipe_full(READ_ONCE(pipe->head), READ_ONCE(pipe->tail)) ||
	       !READ_ONCE(pipe->readers);
}

static struct pipe_buffer *pipe_buf(struct pipe_inode_info *pipe,
				    unsigned int slot)
{
	return &pipe->bufs[slot % PIPE_DEF_BUFFERS];
}

static bool file_nonblock(struct file *file)
{
	return READ_ONCE(file->f_flags) & O_NONBLOCK;
}

static long pipe_read(struct file *file, char __user *ubuf, size_t count,
		      loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	long ret = 0;

	if (!count)
		return 0;
	pipe_lock(pipe);
	for (;;) {
		if (!pipe_empty(pipe->head, pipe->tail)) {
			struct pipe_buffer *buf = pipe_buf(pipe, pipe->tail);
			size_t n = min((size_t)buf->len, count - ret);
			char *src = (char *)page_address(buf->page) +
				    buf->offset;

			if (copy_to_user(ubuf + ret, src, n)) {
				if (!ret)
					ret = -EFAULT;
				break;
			}
			ret += n;
			buf->offset += n;
			buf->len -= n;
			if (!buf->len) {
				__free_pages(buf->page, 0);
				buf->page = NULL;
				WRITE_ONCE(pipe->tail, pipe->tail + 1);
				wake_up_interruptible_all(&pipe->wr_wait);
			}
			if ((size_t)ret == count)
				break;
			continue;
		}
		/* Empty: what was read so far, or EOF, or wait. */
		if (!pipe->writers || ret)
			break;
		if (file_nonblock(file)) {
			ret = -EAGAIN;
			break;
		}
		pipe_unlock(pipe);
		if (wait_event_interruptible(pipe->rd_wait,
					     pipe_readable(pipe)))
			return -ERESTARTSYS;
		pipe_lock(pipe);
	}
	pipe_unlock(pipe);
	return ret;
}

/*
 * Under the pipe mutex: move bytes from the vector into the ring. A
 * write of at most PIPE_BUF bytes in all (atomic) goes into one buffer
 * whole, or waits. Returns the bytes added (0: no room), or -EFAULT
 * when none could be copied; a fault part-way keeps what came before,
 * as Linux does.
 */
static long pipe_fill(struct pipe_inode_info *pipe, struct iov_iter *from,
		      bool atomic)
{
	unsigned int head = pipe->head;
	struct pipe_buffer *buf;
	size_t n, copied;

	/* Room left in the last buffer's page: merge small writes there. */
	if (!pipe_empty(head, pipe->tail)) {
		buf = pipe_buf(pipe, head - 1);
		n = PAGE_SIZE - (buf->offset + buf->len);
		if (n && (!atomic || n >= from->count)) {
			copied = copy_from_iter((char *)page_address(buf->page) +
						buf->offset + buf->len,
						n, from);
			buf->len += copied;
			return copied ? (long)copied : -EFAULT;
		}
	}
	if (pipe_full(head, pipe->tail))
		return 0;
	buf = pipe_buf(pipe, head);
	buf->page = alloc_pages(0);
	if (!buf->page)
		return -ENOMEM;
	copied = copy_from_iter(page_address(buf->page), PAGE_SIZE, from);
	if (!copied) {
		__free_pages(buf->page, 0);
		buf->page = NULL;
		return -EFAULT;
	}
	buf->offset = 0;
	buf->len = copied;
	WRITE_ONCE(pipe->head, head + 1);
	return copied;
}

/*
 * write(2) and writev(2) both come here (read_write.c makes a write a
 * vector of one), so PIPE_BUF's rule covers a writev's total, as in
 * Linux.
 */
static long pipe_write_iter(struct file *file, struct iov_iter *from,
			    loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	bool atomic = from->count <= PIPE_BUF;
	long ret = 0;

	if (!from->count)
		return 0;
	pipe_lock(pipe);
	for (;;) {
		long n;

		if (!pipe->readers) {
			send_sig(SIGPIPE, current, 0);
			if (!ret)
				ret = -EPIPE;
			break;
		}
		n = pipe_fill(pipe, from, atomic);
		if (n < 0) {
			if (!ret)
				ret = n;
			break;
		}
		if (n) {
			ret += n;
			wake_up_interruptible_all(&pipe->rd_wait);
			if (!from->count)
				break;
			continue;
		}
		/* Full. */
		if (file_nonblock(file)) {
			if (!ret)
				ret = -EAGAIN;
			break;
		}
		pipe_unlock(pipe);
		if (wait_event_interruptible(pipe->wr_wait,
					     pipe_writable(pipe)))
			return ret ? ret : -ERESTARTSYS;
		pipe_lock(pipe);
	}
	pipe_unlock(pipe);
	return ret;
}

static void free_pipe_info(struct pipe_inode_info *pipe)
{
	/* A waiter left behind would unlink itself from freed memory. */
	BUG_ON(waitqueue_active(&pipe->rd_wait) ||
	       waitqueue_active(&pipe->wr_wait));
	for (unsigned int i = pipe->tail; i != pipe->head; i++)
		__free_pages(pipe_buf(pipe, i)->page, 0);
	kfree(pipe);
}

/* One FIFO file fewer; true when it was the last (i_pipe is cleared). */
static bool put_fifo_pipe(struct inode *inode, struct pipe_inode_info *pipe)
{
	bool last;

	spin_lock(&pipe_i_lock);
	last = !--pipe->files;
	if (last)
		inode->i_pipe = NULL;
	spin_unlock(&pipe_i_lock);
	return last;
}

static int pipe_release(struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	bool last;

	pipe_lock(pipe);
	if (file->f_mode & FMODE_READ)
		WRITE_ONCE(pipe->readers, pipe->readers - 1);
	if (file->f_mode & FMODE_WRITE)
		WRITE_ONCE(pipe->writers, pipe->writers - 1);
	last = !pipe->readers && !pipe->writers;
	/* Readers may now see EOF, writers EPIPE. */
	wake_up_interruptible_all(&pipe->rd_wait);
	wake_up_interruptible_all(&pipe->wr_wait);
	pipe_unlock(pipe);
	if (file->f_inode)	/* a FIFO: its last file decides */
		last = put_fifo_pipe(file->f_inode, pipe);
	if (last)
		free_pipe_info(pipe);	/* no file is left to reach it */
	return 0;
}

/* Linux: pipe_poll. The end decides which questions make sense. */
static unsigned int pipe_poll(struct file *file, poll_table *pt)
{
	struct pipe_inode_info *pipe = file->private_data;
	unsigned int head, tail, mask = 0;

	if (file->f_mode & FMODE_READ)
		poll_wait(file, &pipe->rd_wait, pt);
	if (file->f_mode & FMODE_WRITE)
		poll_wait(file, &pipe->wr_wait, pt);
	head = READ_ONCE(pipe->head);
	tail = READ_ONCE(pipe->tail);
	if (file->f_mode & FMODE_READ) {
		if (!pipe_empty(head, tail))
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(pipe->writers))
			mask |= POLLHUP;	/* EOF: every writer is gone */
	}
	if (file->f_mode & FMODE_WRITE) {
		if (!pipe_full(head, tail))
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(pipe->readers))
			mask |= POLLERR;	/* a write would get EPIPE */
	}
	return mask;
}

static struct pipe_inode_info *alloc_pipe_info(void);

/* The FIFO's pipe, made at its first open; one more file holds it. */
static struct pipe_inode_info *get_fifo_pipe(struct inode *inode)
{
	struct pipe_inode_info *pipe, *fresh = NULL;

	for (;;) {
		spin_lock(&pipe_i_lock);
		pipe = inode->i_pipe;
		if (!pipe && fresh) {
			pipe = inode->i_pipe = fresh;
			fresh = NULL;
		}
		if (pipe)
			pipe->files++;
		spin_unlock(&pipe_i_lock);
		if (pipe)
			break;
		fresh = alloc_pipe_info();	/* not under the spinlock */
		if (!fresh)
			return NULL;
		fresh->readers = fresh->writers = 0;
	}
	if (fresh)
		kfree(fresh);	/* another open made one first */
	return pipe;
}

static void wake_partner(struct pipe_inode_info *pipe)
{
	wake_up_interruptible_all(&pipe->rd_wait);
	wake_up_interruptible_all(&pipe->wr_wait);
}

/*
 * Until *cnt moves (the other end opened), with the pipe mutex dropped;
 * -ERESTARTSYS if a signal came first. Linux: wait_for_partner.
 */
static int wait_for_partner(struct pipe_inode_info *pipe, unsigned int *cnt)
{
	unsigned int cur = *cnt;

	pipe_unlock(pipe);
	wait_event_interruptible(pipe->rd_wait, READ_ONCE(*cnt) != cur);
	pipe_lock(pipe);
	return cur == *cnt ? -ERESTARTSYS : 0;
}

/* Linux: fifo_open. See the top of this file for who waits for whom. */
static int fifo_open(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = get_fifo_pipe(inode);
	bool nonblock = file->f_flags & O_NONBLOCK;
	int ret = 0;

	if (!pipe)
		return -ENOMEM;
	file->private_data = pipe;
	file->f_mode &= ~FMODE_LSEEK;	/* no position: ESPIPE */
	pipe_lock(pipe);
	switch (file->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		pipe->r_counter++;
		if (pipe->readers++ == 0)
			wake_partner(pipe);
		if (!pipe->writers && !nonblock &&
		    wait_for_partner(pipe, &pipe->w_counter)) {
			pipe->readers--;
			ret = -ERESTARTSYS;
		}
		break;
	case FMODE_WRITE:
		if (nonblock && !pipe->readers) {
			ret = -ENXIO;	/* no reader, and we may not wait */
			break;
		}
		pipe->w_counter++;
		if (pipe->writers++ == 0)
			wake_partner(pipe);
		if (!pipe->readers &&
		    wait_for_partner(pipe, &pipe->r_counter)) {
			pipe->writers--;
			ret = -ERESTARTSYS;
		}
		break;
	default:		/* O_RDWR: both ends at once, no waiting */
		pipe->readers++;
		pipe->writers++;
		pipe->r_counter++;
		pipe->w_counter++;
		wake_partner(pipe);
		break;
	}
	if (ret)
		wake_partner(pipe);	/* the counts went back */
	pipe_unlock(pipe);
	if (ret && put_fifo_pipe(inode, pipe))
		free_pipe_info(pipe);
	return ret;
}

/* Linux: pipefifo_fops. No llseek: lseek on a pipe is ESPIPE. */
const struct file_operations pipefifo_fops = {
	.open		= fifo_open,
	.poll = pipe_poll,
	.read		= pipe_read,
	.write_iter	= pipe_write_iter,
	.release	= pipe_release,
};

/*
 * Linux gives each pipe an inode on the pipefs pseudo file system,
 * numbered by get_next_ino; Nook's pipes have no inode, only the number.
 */
static unsigned long last_pipe_ino;

unsigned long pipe_ino(const struct file *file)
{
	return ((struct pipe_inode_info *)file->private_data)->ino;
}

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe));

	if (!pipe)
		return NULL;
	pipe->ino = __atomic_add_fetch(&last_pipe_ino, 1, __ATOMIC_RELAXED);
	spin_lock_init(&pipe->lock, "pipe_lock");
	init_waitqueue_head(&pipe->mutex_wait);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->readers = pipe->writers = 1;
	return pipe;
}

/* The two ends: res[0] for reading, res[1] for writing. */
int create_pipe_files(struct file **res, int flags)
{
	struct pipe_inode_info *pipe = alloc_pipe_info();
	struct file *f;

	if (!pipe)
		return -ENFILE;
	f = alloc_file(&pipefifo_fops, O_WRONLY | (flags & O_NONBLOCK), pipe);
	if (IS_ERR(f)) {
		kfree(pipe);
		return PTR_ERR(f);
	}
	res[0] = alloc_file(&pipefifo_fops, O_RDONLY | (flags & O_NONBLOCK),
			    pipe);
	if (IS_ERR(res[0])) {
		pipe->readers = 0;	/* so the write end's fput frees it */
		fput(f);
		return PTR_ERR(res[0]);
	}
	res[1] = f;
	return 0;
}

/* Linux: __do_pipe_flags(). Files made and fds reserved, not installed. */
static int do_pipe_flags(int *fd, struct file **files, int flags)
{
	int err, fdr, fdw;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fdr = get_unused_fd_flags(flags);
	if (fdr < 0) {
		err = fdr;
		goto err_files;
	}
	fdw = get_unused_fd_flags(flags);
	if (fdw < 0) {
		err = fdw;
		goto err_fdr;
	}
	fd[0] = fdr;
	fd[1] = fdw;
	return 0;

err_fdr:
	put_unused_fd(fdr);
err_files:
	fput(files[0]);
	fput(files[1]);
	return err;
}

/*
 * Linux: do_pipe2(). The descriptors are installed only once the user
 * has them: a bad fildes leaves the table as it was.
 */
static int do_pipe2(int __user *fildes, int flags)
{
	struct file *files[2] = { NULL, NULL };
	int fd[2];
	int err;

	err = do_pipe_flags(fd, files, flags);
	if (err)
		return err;
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		put_unused_fd(fd[0]);
		put_unused_fd(fd[1]);
		fput(files[0]);
		fput(files[1]);
		return -EFAULT;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe2(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe2(fildes, 0);
}

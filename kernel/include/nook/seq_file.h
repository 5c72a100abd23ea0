/*
 * nook/seq_file.h — files whose text is made by a show function at read
 * time (procfs). Linux: include/linux/seq_file.h, fs/seq_file.c.
 *
 * A file opened with single_open gets a struct seq_file. The first read
 * at offset 0 (and every later one at 0: top and ps reread that way)
 * calls show, which writes the whole text with seq_printf and friends
 * into a buffer; reads at any offset and of any size then copy from that
 * text, and a read past its end returns 0. An error show returns (ESRCH
 * when the task is gone) is what the read returns.
 *
 * A file opened with seq_open walks records instead (Linux's
 * seq_operations: start, next, stop, show), a buffer's worth per read,
 * keeping its place between reads: /proc/PID/mounts, whose records come
 * and go while it is read, uses this.
 */
#ifndef NOOK_SEQ_FILE_H
#define NOOK_SEQ_FILE_H

#include <nook/file.h>
#include <nook/kernel.h>
#include <nook/spinlock.h>
#include <nook/wait.h>

struct seq_buf_text;
struct seq_file;

/*
 * Linux's record iterator. start returns the record at *pos (0: the
 * first), next the one after v (moving *pos on), NULL past the last
 * or ERR_PTR; stop ends a walk, with the record that was not shown
 * (NULL at the end): a later start must return it again. show returns
 * 0, SEQ_SKIP to leave the record out, or -errno.
 */
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

#define SEQ_SKIP	1

struct seq_file {
	/*
	 * single_open: the buffer show fills while it runs. seq_open:
	 * the file's own page of records, the unread ones at from.
	 */
	char *buf;
	size_t size;		/* its size */
	size_t count;		/* bytes written; > size means overflow */
	int (*show)(struct seq_file *m, void *v);
	void *private;		/* single_open's data, or seq_open's */
	struct file *file;
	/* the text reads copy from, refcounted: a reader keeps its copy */
	spinlock_t lock;
	struct seq_buf_text *text;

	/* seq_open only; one read at a time (busy, under lock) */
	const struct seq_operations *op;
	size_t from;		/* where the unread bytes start in buf */
	loff_t index;		/* the iterator's position */
	loff_t read_pos;	/* the file offset the unread bytes are at */
	bool busy;
	wait_queue_head_t wait;	/* readers waiting for busy to clear */
};

__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);
/* s with the characters in esc written as \ooo, as Linux's mounts shows. */
void seq_escape(struct seq_file *m, const char *s, const char *esc);
/* Did show fill the buffer (it will be called again with a bigger one)? */
static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count > m->size;
}

int single_open(struct file *file, int (*show)(struct seq_file *, void *),
		void *data);
int single_release(struct file *file);
/* An iterator file; m->private is left for the caller to set. */
int seq_open(struct file *file, const struct seq_operations *op);
int seq_release(struct file *file);
long seq_read(struct file *file, char __user *buf, size_t count,
	      loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

/* The text show would make now, into a kernel buffer (for the ktests). */
long seq_read_kernel(struct seq_file *m, char *buf, size_t count,
		     loff_t pos);

#endif

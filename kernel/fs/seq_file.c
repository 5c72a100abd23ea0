// kernel/fs/seq_file.c — files whose text a show function makes at read
// time: the reads and seeks of every procfs file.
//
// Linux: fs/seq_file.c (seq_read, seq_lseek, seq_printf, single_open,
// seq_open, traverse). Two kinds of file. A single_open one's show
// writes the whole text at once: it runs into a buffer that doubles
// until the text fits, and the finished text is published to the open
// file as one refcounted block: a reader copies to user memory (which
// may fault and sleep) from its own reference, so a second reader
// regenerating the text at offset 0 never frees memory under the first.
// A seq_open one walks records with its seq_operations, as Linux's do:
// each read shows only as many as it asks for (at least one), and the
// iterator keeps its place for the next read, so a long list costs one
// pass however small the reads, and the records seen are the ones there
// when the walk reached them.
#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/seq_file.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/page.h>
#include <asm/uaccess.h>

/* One finished text; freed by its last reader (under seq_file's lock). */
struct seq_buf_text {
	int refs;
	size_t len;
	char data[];
};

#define SEQ_FIRST_SIZE	1024
#define SEQ_MAX_SIZE	(1UL << 22)	/* 4 MiB: more is show's bug */

static void seq_add(struct seq_file *m, const char *s, size_t len)
{
	if (m->count + len <= m->size)
		memcpy(m->buf + m->count, s, len);
	m->count += len;	/* past size: overflowed, show runs again */
	if (m->count > m->size)
		m->count = m->size + 1;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	size_t room = m->count < m->size ? m->size - m->count : 0;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(m->buf + m->count, room, fmt, ap);
	va_end(ap);
	/* vsnprintf wants room for its NUL; a text that just fits the
	 * buffer is redone in a bigger one, which costs nothing much. */
	if ((size_t)len >= room)
		m->count = m->size + 1;
	else
		m->count += len;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_add(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_add(m, &c, 1);
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	seq_add(m, data, len);
}

void seq_escape(struct seq_file *m, const char *s, const char *esc)
{
	for (; *s; s++) {
		if (strchr(esc, *s))
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

static void put_text(struct seq_file *m, struct seq_buf_text *t)
{
	bool last;

	if (!t)
		return;
	spin_lock(&m->lock);
	last = --t->refs == 0;
	spin_unlock(&m->lock);
	if (last)
		kfree(t);
}

/*
 * Runs show into ever bigger buffers until its text fits. show writes
 * into a copy of the seq_file of its own, so two readers of one open
 * file may both run it at once.
 */
static struct seq_buf_text *make_text(struct seq_file *file_m)
{
	struct seq_file sm = {
		.show = file_m->show,
		.private = file_m->private,
		.file = file_m->file,
	}, *m = &sm;
	struct seq_buf_text *t;
	size_t size = SEQ_FIRST_SIZE;
	int err;

	for (;;) {
		t = kmalloc(sizeof(*t) + size);
		if (!t)
			return ERR_PTR(-ENOMEM);
		m->buf = t->data;
		m->size = size;
		m->count = 0;
		err = m->show(m, m->private);
		m->buf = NULL;
		if (err) {
			kfree(t);
			return ERR_PTR(err);
		}
		if (!seq_has_overflowed(m))
			break;
		kfree(t);
		if (size >= SEQ_MAX_SIZE)
			return ERR_PTR(-ENOMEM);
		size *= 2;
	}
	t->refs = 1;
	t->len = m->count;
	return t;
}

/*
 * The text for a read at pos, with a reference: made afresh at offset
 * 0 (or when there is none yet), else the one the last read made.
 */
static struct seq_buf_text *get_text(struct seq_file *m, loff_t pos)
{
	struct seq_buf_text *t = NULL, *old;

	if (pos != 0) {
		spin_lock(&m->lock);
		t = m->text;
		if (t)
			t->refs++;
		spin_unlock(&m->lock);
		if (t)
			return t;
	}
	t = make_text(m);
	if (IS_ERR(t))
		return t;
	t->refs++;		/* the caller's, beside the file's */
	spin_lock(&m->lock);
	old = m->text;
	m->text = t;
	spin_unlock(&m->lock);
	put_text(m, old);
	return t;
}

static long seq_iter_read(struct seq_file *m, char *dst, size_t count,
			  loff_t *ppos, bool user);

long seq_read(struct file *file, char __user *buf, size_t count,
	      loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	struct seq_buf_text *t;
	size_t n = 0;

	if (m->op)
		return seq_iter_read(m, (char *)buf, count, ppos, true);
	if (*ppos < 0)
		return -EINVAL;
	t = get_text(m, *ppos);
	if (IS_ERR(t))
		return PTR_ERR(t);
	if ((u64)*ppos < t->len) {
		n = min(count, t->len - (size_t)*ppos);
		if (copy_to_user(buf, t->data + *ppos, n)) {
			put_text(m, t);
			return -EFAULT;
		}
		*ppos += n;
	}
	put_text(m, t);
	return n;
}

long seq_read_kernel(struct seq_file *m, char *buf, size_t count, loff_t pos)
{
	struct seq_buf_text *t;
	size_t n = 0;

	if (m->op)
		return seq_iter_read(m, buf, count, &pos, false);
	t = get_text(m, pos);
	if (IS_ERR(t))
		return PTR_ERR(t);
	if ((u64)pos < t->len) {
		n = min(count, t->len - (size_t)pos);
		memcpy(buf, t->data + pos, n);
	}
	put_text(m, t);
	return n;
}

/* ---- seq_open files: a record at a time --------------------------- */

/*
 * One reader of the file at a time (Linux holds m->lock, a mutex, for
 * the whole read): the iterator's place and the unread bytes are one
 * state, and the copy to user memory may sleep.
 */
static void seq_lock(struct seq_file *m)
{
	for (;;) {
		spin_lock(&m->lock);
		if (!m->busy) {
			m->busy = true;
			spin_unlock(&m->lock);
			return;
		}
		spin_unlock(&m->lock);
		wait_event(m->wait, !__atomic_load_n(&m->busy,
						     __ATOMIC_RELAXED));
	}
}

static void seq_unlock(struct seq_file *m)
{
	spin_lock(&m->lock);
	m->busy = false;
	spin_unlock(&m->lock);
	wake_up(&m->wait);
}

/* The buffer twice as big, empty: a record did not fit. */
static int seq_grow(struct seq_file *m)
{
	size_t size = m->size ? m->size * 2 : PAGE_SIZE;

	kfree(m->buf);
	m->count = 0;
	m->size = 0;
	m->buf = size <= SEQ_MAX_SIZE ? kmalloc(size) : NULL;
	if (!m->buf)
		return -ENOMEM;
	m->size = size;
	return 0;
}

/*
 * Shows the first record at m->index into the empty buffer, growing it
 * until the record fits; records that show skips are passed over.
 * Returns that record (the iterator still on it), NULL at the end, or
 * ERR_PTR; the walk is stopped only on an error.
 */
static void *seq_show_first(struct seq_file *m)
{
	void *p = m->op->start(m, &m->index);
	int err;

	for (;;) {
		if (IS_ERR_OR_NULL(p))
			break;
		err = m->op->show(m, p);
		if (err < 0) {
			m->op->stop(m, p);
			return ERR_PTR(err);
		}
		if (err == SEQ_SKIP)
			m->count = 0;
		if (!m->count) {
			p = m->op->next(m, p, &m->index);
			continue;
		}
		if (!seq_has_overflowed(m))
			return p;
		m->op->stop(m, p);
		err = seq_grow(m);
		if (err)
			return ERR_PTR(err);
		p = m->op->start(m, &m->index);
	}
	if (IS_ERR(p))
		m->op->stop(m, p);
	return p;
}

/*
 * Refills the empty buffer: one record at least, then more while the
 * reader wants more than is there and they fit. The iterator moves past
 * every record shown, so the next fill starts after them. 0 (an empty
 * buffer: the end), or -errno.
 */
static int seq_fill(struct seq_file *m, size_t want)
{
	void *p;

	m->from = 0;
	m->count = 0;
	p = seq_show_first(m);
	if (!p)
		goto stop;
	if (IS_ERR(p)) {
		m->count = 0;
		return PTR_ERR(p);
	}
	for (;;) {
		size_t offs = m->count;
		int err;

		p = m->op->next(m, p, &m->index);
		if (IS_ERR_OR_NULL(p) || m->count >= want)
			break;
		err = m->op->show(m, p);
		if (err == SEQ_SKIP) {
			m->count = offs;
		} else if (err || seq_has_overflowed(m)) {
			m->count = offs;	/* shown again next time */
			break;
		}
	}
stop:
	m->op->stop(m, p);
	return 0;
}

/*
 * Linux: traverse. A read at an offset the last one did not end at
 * walks from the first record again to that offset; the record it
 * falls inside stays in the buffer, from that byte on.
 */
static int seq_traverse(struct seq_file *m, loff_t offset)
{
	loff_t pos = 0;
	int err = 0;
	void *p;

	m->index = 0;
	m->count = 0;
	m->from = 0;
	if (!offset)
		return 0;
	p = m->op->start(m, &m->index);
	while (!IS_ERR_OR_NULL(p)) {
		err = m->op->show(m, p);
		if (err < 0)
			break;
		if (err == SEQ_SKIP) {
			err = 0;
			m->count = 0;
		}
		if (seq_has_overflowed(m)) {
			m->op->stop(m, p);
			err = seq_grow(m);
			if (err)
				return err;
			m->count = 0;
			return seq_traverse(m, offset);
		}
		p = m->op->next(m, p, &m->index);
		if (pos + (loff_t)m->count > offset) {
			m->from = offset - pos;
			m->count -= m->from;
			break;
		}
		pos += m->count;
		m->count = 0;
		if (pos == offset)
			break;
	}
	if (IS_ERR(p))
		err = PTR_ERR(p);
	m->op->stop(m, p);
	return err;
}

static bool seq_copy_out(char *dst, const char *src, size_t n, bool user)
{
	if (user)
		return copy_to_user((char __user *)dst, src, n) == 0;
	memcpy(dst, src, n);
	return true;
}

/*
 * Linux: seq_read_iter. First what is left of the last fill, then, if
 * the reader wants more, one new fill. Offset 0 starts the walk over.
 */
static long seq_iter_read(struct seq_file *m, char *dst, size_t count,
			  loff_t *ppos, bool user)
{
	size_t copied = 0, n;
	long err = 0;

	if (*ppos < 0)
		return -EINVAL;
	seq_lock(m);
	if (!m->buf && seq_grow(m)) {
		err = -ENOMEM;
		goto out;
	}
	if (*ppos == 0) {
		m->index = 0;
		m->count = 0;
		m->read_pos = 0;
	}
	if (*ppos != m->read_pos) {
		err = seq_traverse(m, *ppos);
		if (err) {
			m->index = 0;
			m->count = 0;
			m->read_pos = 0;
			goto out;
		}
		m->read_pos = *ppos;
	}
	if (m->count) {			/* what the last fill left */
		n = min(count, m->count);
		if (!seq_copy_out(dst, m->buf + m->from, n, user)) {
			err = -EFAULT;
			goto out;
		}
		m->from += n;
		m->count -= n;
		copied = n;
		if (m->count || copied == count)
			goto out;
	}
	err = seq_fill(m, count - copied);
	if (err)
		goto out;
	n = min(count - copied, m->count);
	if (n && !seq_copy_out(dst + copied, m->buf, n, user)) {
		err = -EFAULT;
		goto out;
	}
	m->from = n;
	m->count -= n;
	copied += n;
out:
	*ppos += copied;
	m->read_pos += copied;
	seq_unlock(m);
	return copied ? (long)copied : err;
}

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m = kzalloc(sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->op = op;
	m->file = file;
	spin_lock_init(&m->lock, "seq_file");
	init_waitqueue_head(&m->wait);
	file->private_data = m;
	return 0;
}

int seq_release(struct file *file)
{
	struct seq_file *m = file->private_data;

	kfree(m->buf);
	kfree(m);
	return 0;
}

/* Linux's seq_lseek: SEEK_SET and SEEK_CUR only, never below 0. */
loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	loff_t pos;

	spin_lock(&file->f_lock);
	if (whence == SEEK_SET)
		pos = offset;
	else if (whence == SEEK_CUR)
		pos = file->f_pos + offset;
	else
		pos = -EINVAL;
	if (pos < 0) {
		spin_unlock(&file->f_lock);
		return -EINVAL;
	}
	file->f_pos = pos;
	spin_unlock(&file->f_lock);
	return pos;
}

int single_open(struct file *file, int (*show)(struct seq_file *, void *),
		void *data)
{
	struct seq_file *m = kzalloc(sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->show = show;
	m->private = data;
	m->file = file;
	spin_lock_init(&m->lock, "seq_file");
	file->private_data = m;
	return 0;
}

int single_release(struct file *file)
{
	struct seq_file *m = file->private_data;

	put_text(m, m->text);
	kfree(m);
	return 0;
}

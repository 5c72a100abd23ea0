// kernel/fs/seq_file.c — files whose text a show function makes at read
// time: the reads and seeks of every procfs file.
//
// Linux: fs/seq_file.c (seq_read, seq_lseek, seq_printf, single_open).
// Linux walks an iterator a record at a time and keeps one page; every
// Nook seq_file is a single_open one, so show writes the whole text at
// once. It runs into a buffer that doubles until the text fits, and the
// finished text is published to the open file as one refcounted block:
// a reader copies to user memory (which may fault and sleep) from its
// own reference, so a second reader regenerating the text at offset 0
// never frees memory under the first.
#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/seq_file.h>
#include <nook/slab.h>
#include <nook/string.h>
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

long seq_read(struct file *file, char __user *buf, size_t count,
	      loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	struct seq_buf_text *t;
	size_t n = 0;

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
	struct seq_buf_text *t = get_text(m, pos);
	size_t n = 0;

	if (IS_ERR(t))
		return PTR_ERR(t);
	if ((u64)pos < t->len) {
		n = min(count, t->len - (size_t)pos);
		memcpy(buf, t->data + pos, n);
	}
	put_text(m, t);
	return n;
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

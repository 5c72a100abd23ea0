// kernel/fs/readdir.c — getdents64(2): a directory's entries as struct
// linux_dirent64 records in a user buffer.
//
// Linux: fs/readdir.c (iterate_dir, filldir64). The directory's own
// iterate feeds one entry at a time to filldir64, which writes the
// record to user memory; a record that no longer fits stops the walk,
// and the file's position is left on it so the next call starts there.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/string.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Linux's uapi layout: 8 + 8 + 2 + 1 bytes, then the name and a NUL. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct getdents_callback64 {
	struct dir_context ctx;
	char __user *current_dir;
	int count;		/* room left in the user buffer */
	int error;
};

static bool filldir64(struct dir_context *ctx, const char *name,
		      int namelen, loff_t offset, u64 ino, unsigned int d_type)
{
	struct getdents_callback64 *buf =
		container_of(ctx, struct getdents_callback64, ctx);
	int reclen = ALIGN(offsetof(struct linux_dirent64, d_name) +
			   namelen + 1, sizeof(u64));
	struct linux_dirent64 *d;
	char rec[sizeof(*d) + NAME_MAX + 1 + sizeof(u64)];

	if (reclen > buf->count) {
		buf->error = -EINVAL;	/* only if nothing fit at all */
		return false;
	}
	/* Built whole in the kernel, then one copy: no half record. */
	memset(rec, 0, reclen);
	d = (struct linux_dirent64 *)rec;
	d->d_ino = ino;
	d->d_off = offset + 1;		/* where the next entry starts */
	d->d_reclen = reclen;
	d->d_type = d_type;
	memcpy(d->d_name, name, namelen);
	if (copy_to_user(buf->current_dir, rec, reclen)) {
		buf->error = -EFAULT;
		return false;
	}
	buf->current_dir += reclen;
	buf->count -= reclen;
	return true;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd,
		struct linux_dirent64 __user *, dirent, unsigned int, count)
{
	struct getdents_callback64 buf = {
		.ctx.actor = filldir64,
		.current_dir = (char __user *)dirent,
		.count = count > 0x7fffffffU ? 0x7fffffff : (int)count,
	};
	struct fd f = fdget(fd);
	long err;

	if (!f.file)
		return -EBADF;
	err = -ENOTDIR;
	if (!f.file->f_op->iterate)
		goto out;
	err = -EFAULT;
	if (!access_ok(dirent, count))
		goto out;
	/* Linux serialises on the directory's inode lock; f_lock guards
	 * only f_pos here, and two racing readers may see an entry twice. */
	spin_lock(&f.file->f_lock);
	buf.ctx.pos = f.file->f_pos;
	spin_unlock(&f.file->f_lock);
	err = f.file->f_op->iterate(f.file, &buf.ctx);
	spin_lock(&f.file->f_lock);
	f.file->f_pos = buf.ctx.pos;
	spin_unlock(&f.file->f_lock);
	if (err)
		goto out;
	err = count - buf.count;
	if (!err)
		err = buf.error;
out:
	fdput(f);
	return err;
}

// kernel/fs/tmpfs.c — tmpfs: a filesystem that lives only in memory.
//
// Linux: mm/shmem.c (tmpfs), fs/ramfs/inode.c and fs/libfs.c (the
// simple_* directory operations). The dentry tree *is* the directory
// structure: a directory's entries are its child dentries, kept alive by a
// pin (one extra d_count) from creation until unlink, rmdir or unmount.
// A regular file's data lives in whole pages, found by index in an array
// that grows as the file does; a page never written is a hole and reads as
// zeros. A symlink keeps its target in a kmalloc'd string.
//
// Directory operations run under sb->s_dir_lock (taken by the callers in
// kernel/fs/namei.c); a file's page array and size under inode->i_lock.
// Data is copied with that lock dropped, holding a page reference, so the
// copies can become copy_to_user/copy_from_user (which may fault and
// sleep) without changing the locking.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/magic.h>
#include <nook/mm.h>
#include <nook/mount.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <nook/uio.h>
#include <nook/string.h>
#include <asm/page.h>
#include <asm/uaccess.h>

/*
 * Largest file: Linux allows MAX_LFS_FILESIZE, sparse. Nook's flat page
 * array would need a pointer per page of the whole range, so it stops at
 * 1 GiB (-EFBIG beyond) until it grows a radix tree.
 */
#define TMPFS_MAXBYTES		(1LL << 30)
#define TMPFS_DEFAULT_MODE	01777	/* Linux's default for a tmpfs root */

/*
 * s_fs_info: what one instance may use, and uses. Linux: struct
 * shmem_sb_info. A limit of 0 means none (size=0, nr_inodes=0).
 */
struct tmpfs_sb_info {
	spinlock_t stat_lock;		/* guards the four counts */
	unsigned long max_blocks;	/* pages of file data */
	unsigned long used_blocks;
	unsigned long max_inodes;
	unsigned long free_inodes;
};

static struct tmpfs_sb_info *TMPFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* One more page of data for sb, if its size= allows it. */
static bool tmpfs_charge_block(struct super_block *sb)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	bool ok = true;

	spin_lock(&sbi->stat_lock);
	if (sbi->max_blocks && sbi->used_blocks >= sbi->max_blocks)
		ok = false;
	else
		sbi->used_blocks++;
	spin_unlock(&sbi->stat_lock);
	return ok;
}

static void tmpfs_uncharge_blocks(struct super_block *sb, unsigned long n)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);

	spin_lock(&sbi->stat_lock);
	sbi->used_blocks -= n;
	spin_unlock(&sbi->stat_lock);
}

/* One more inode for sb, if its nr_inodes= allows it. */
static bool tmpfs_reserve_inode(struct super_block *sb)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	bool ok = true;

	spin_lock(&sbi->stat_lock);
	if (sbi->max_inodes && !sbi->free_inodes)
		ok = false;
	else if (sbi->max_inodes)
		sbi->free_inodes--;
	spin_unlock(&sbi->stat_lock);
	return ok;
}

static void tmpfs_free_inode(struct super_block *sb)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);

	spin_lock(&sbi->stat_lock);
	if (sbi->max_inodes)
		sbi->free_inodes++;
	spin_unlock(&sbi->stat_lock);
}

/* i_private of a regular file */
struct tmpfs_pages {
	struct page **pages;		/* NULL entries are holes */
	unsigned long nr;		/* room in pages[] */
};

static const struct inode_operations tmpfs_dir_inode_operations;
static const struct inode_operations tmpfs_file_inode_operations;
static const struct inode_operations tmpfs_symlink_inode_operations;
static const struct file_operations tmpfs_file_operations;
static const struct file_operations tmpfs_dir_operations;

static struct inode *tmpfs_get_inode(struct super_block *sb,
				     const struct inode *dir, umode_t mode)
{
	struct inode *inode;

	if (!tmpfs_reserve_inode(sb))
		return NULL;
	inode = new_inode(sb);
	if (!inode) {
		tmpfs_free_inode(sb);
		return NULL;
	}
	inode_init_owner(inode, dir, mode);
	switch (mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_inode_operations;
		inode->i_fop = &tmpfs_dir_operations;
		inc_nlink(inode);	/* "." names it too */
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_inode_operations;
		break;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		inode->i_op = &tmpfs_file_inode_operations;
		break;		/* tmpfs_mknod gives it its kind's i_fop */
	default:
		inode->i_op = &tmpfs_file_inode_operations;
		inode->i_fop = &tmpfs_file_operations;
		break;
	}
	return inode;
}

static void tmpfs_touch_dir(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time(dir);
}

/* ---- directories ---------------------------------------------------- */

static int tmpfs_lookup(struct inode *dir, struct dentry *dentry)
{
	/* Every name that exists is already a dentry: a miss is negative. */
	if (dentry->d_name.len > NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static int tmpfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode,
		       dev_t dev)
{
	struct inode *inode = tmpfs_get_inode(dir->i_sb, dir, mode);

	if (!inode)
		return -ENOSPC;	/* what shmem says when it cannot allocate */
	if (!S_ISDIR(mode) && !S_ISREG(mode) && !S_ISLNK(mode))
		init_special_inode(inode, mode, dev);
	d_instantiate(dentry, inode);
	dget(dentry);		/* the pin: the name stays until removed */
	tmpfs_touch_dir(dir);
	return 0;
}

static int tmpfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return tmpfs_mknod(dir, dentry, (mode & ~S_IFMT) | S_IFREG, 0);
}

static int tmpfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err = tmpfs_mknod(dir, dentry, (mode & ~S_IFMT) | S_IFDIR, 0);

	if (!err)
		inc_nlink(dir);	/* the new directory's ".." */
	return err;
}

static int tmpfs_symlink(struct inode *dir, struct dentry *dentry,
			 const char *target)
{
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1);
	struct inode *inode;

	if (!copy)
		return -ENOSPC;
	inode = tmpfs_get_inode(dir->i_sb, dir, S_IFLNK | 0777);
	if (!inode) {
		kfree(copy);
		return -ENOSPC;
	}
	memcpy(copy, target, len + 1);
	inode->i_private = copy;
	inode->i_size = len;
	d_instantiate(dentry, inode);
	dget(dentry);
	tmpfs_touch_dir(dir);
	return 0;
}

static int tmpfs_link(struct dentry *old, struct inode *dir,
		      struct dentry *new)
{
	struct inode *inode = old->d_inode;

	inode->i_ctime = current_time(inode);
	inc_nlink(inode);
	d_instantiate(new, ihold(inode));
	dget(new);
	tmpfs_touch_dir(dir);
	return 0;
}

static int tmpfs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	inode->i_ctime = current_time(inode);
	drop_nlink(inode);
	tmpfs_touch_dir(dir);
	dput(dentry);		/* the pin; the caller still holds its own */
	return 0;
}

/* Linux: simple_empty. Negative children (failed lookups) do not count. */
static bool tmpfs_empty(struct dentry *dentry)
{
	struct dentry *child;
	bool empty = true;

	spin_lock(&dcache_lock);
	list_for_each_entry(child, &dentry->d_subdirs, d_child) {
		if (child->d_inode && !(child->d_flags & DCACHE_UNHASHED)) {
			empty = false;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return empty;
}

static int tmpfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!tmpfs_empty(dentry))
		return -ENOTEMPTY;
	drop_nlink(dentry->d_inode);	/* "." */
	drop_nlink(dir);		/* its ".." */
	return tmpfs_unlink(dir, dentry);
}

/* The VFS has checked the types (vfs_rename); new may be positive. */
static int tmpfs_rename(struct inode *old_dir, struct dentry *old,
			struct inode *new_dir, struct dentry *new)
{
	bool is_dir = d_is_dir(old);
	int err;

	if (new->d_inode && is_dir && !tmpfs_empty(new))
		return -ENOTEMPTY;
	err = d_move(old, new);
	if (err)
		return err;
	if (new->d_inode) {
		if (is_dir) {
			drop_nlink(new->d_inode);
			drop_nlink(new_dir);
		}
		tmpfs_unlink(new_dir, new);
	}
	if (is_dir && old_dir != new_dir) {
		drop_nlink(old_dir);
		inc_nlink(new_dir);
	}
	old->d_inode->i_ctime = current_time(old->d_inode);
	tmpfs_touch_dir(old_dir);
	tmpfs_touch_dir(new_dir);
	return 0;
}

static const char *tmpfs_get_link(struct inode *inode)
{
	return inode->i_private;
}

static const struct inode_operations tmpfs_dir_inode_operations = {
	.lookup		= tmpfs_lookup,
	.create		= tmpfs_create,
	.link		= tmpfs_link,
	.unlink		= tmpfs_unlink,
	.symlink	= tmpfs_symlink,
	.mkdir		= tmpfs_mkdir,
	.mknod		= tmpfs_mknod,
	.rmdir		= tmpfs_rmdir,
	.rename		= tmpfs_rename,
};

static const struct inode_operations tmpfs_file_inode_operations = {
};

static const struct inode_operations tmpfs_symlink_inode_operations = {
	.get_link	= tmpfs_get_link,
};

/* ---- file data ------------------------------------------------------ */

/*
 * The two places bytes cross between a page and a caller's buffer, a
 * kernel one (exec, the initramfs) or a user one (read(2), write(2)).
 * They return the bytes NOT copied, as copy_to_user does: a user buffer
 * may fault part way.
 */
static size_t tmpfs_copy_out(char *dst, struct page *page, size_t off,
			     size_t n, bool user)
{
	char *src = page ? (char *)page_to_virt(page) + off : NULL;

	if (!user) {
		if (page)
			memcpy(dst, src, n);
		else
			memset(dst, 0, n);	/* a hole */
		return 0;
	}
	if (!page)
		return clear_user((char __user *)dst, n);
	return copy_to_user((char __user *)dst, src, n);
}

static size_t tmpfs_copy_in(struct page *page, size_t off, const char *src,
			    size_t n, bool user)
{
	char *dst = (char *)page_to_virt(page) + off;

	if (user)
		return copy_from_user(dst, (const char __user *)src, n);
	memcpy(dst, src, n);
	return 0;
}

static struct tmpfs_pages *tmpfs_pages(struct inode *inode)
{
	return inode->i_private;
}

/* The page at index with a reference, or NULL for a hole; under i_lock. */
static struct page *tmpfs_find_page(struct inode *inode, unsigned long index)
{
	struct tmpfs_pages *tp = tmpfs_pages(inode);
	struct page *page;

	if (!tp || index >= tp->nr || !tp->pages[index])
		return NULL;
	page = tp->pages[index];
	get_page(page);
	return page;
}

/* The page at index, made if missing, with a reference; under i_lock. */
static struct page *tmpfs_get_page(struct inode *inode, unsigned long index)
{
	struct tmpfs_pages *tp = tmpfs_pages(inode);
	struct page *page;

	if (!tp) {
		tp = kzalloc(sizeof(*tp));
		if (!tp)
			return NULL;
		inode->i_private = tp;
	}
	if (index >= tp->nr) {
		unsigned long nr = max(index + 1, tp->nr * 2);
		struct page **pages = krealloc(tp->pages, nr * sizeof(*pages));

		if (!pages)
			return NULL;
		memset(pages + tp->nr, 0, (nr - tp->nr) * sizeof(*pages));
		tp->pages = pages;
		tp->nr = nr;
	}
	if (!tp->pages[index]) {
		if (!tmpfs_charge_block(inode->i_sb))
			return NULL;	/* size= reached: ENOSPC */
		page = alloc_page();
		if (!page) {
			tmpfs_uncharge_blocks(inode->i_sb, 1);
			return NULL;
		}
		memset(page_to_virt(page), 0, PAGE_SIZE);
		tp->pages[index] = page;
	}
	page = tp->pages[index];
	get_page(page);
	return page;
}

static ssize_t tmpfs_do_read(struct inode *inode, char *buf, size_t len,
			     loff_t pos, bool user)
{
	size_t done = 0;
	bool fault = false;

	if (pos < 0)
		return -EINVAL;
	spin_lock(&inode->i_lock);
	if (pos >= inode->i_size)
		len = 0;
	else
		len = min((loff_t)len, inode->i_size - pos);
	while (done < len) {
		size_t off = (pos + done) % PAGE_SIZE;
		size_t n = min(len - done, PAGE_SIZE - off);
		struct page *page;
		size_t left;

		page = tmpfs_find_page(inode, (pos + done) / PAGE_SIZE);
		spin_unlock(&inode->i_lock);
		left = tmpfs_copy_out(buf + done, page, off, n, user);
		if (page)
			put_page(page);
		done += n - left;
		spin_lock(&inode->i_lock);
		if (left) {
			fault = true;
			break;
		}
	}
	inode->i_atime = current_time(inode);
	spin_unlock(&inode->i_lock);
	return fault && !done ? -EFAULT : (ssize_t)done;
}

ssize_t tmpfs_read(struct inode *inode, char *buf, size_t len, loff_t pos)
{
	return tmpfs_do_read(inode, buf, len, pos, false);
}

static ssize_t tmpfs_do_write(struct inode *inode, const char *buf,
			      size_t len, loff_t pos, bool user)
{
	size_t done = 0;
	int err = -ENOSPC;

	if (pos < 0)
		return -EINVAL;
	if (!len)
		return 0;
	if (pos >= TMPFS_MAXBYTES)
		return len ? -EFBIG : 0;
	len = min((loff_t)len, TMPFS_MAXBYTES - pos);
	while (done < len) {
		size_t off = (pos + done) % PAGE_SIZE;
		size_t n = min(len - done, PAGE_SIZE - off);
		struct page *page;
		size_t left;

		spin_lock(&inode->i_lock);
		page = tmpfs_get_page(inode, (pos + done) / PAGE_SIZE);
		spin_unlock(&inode->i_lock);
		if (!page)
			break;
		left = tmpfs_copy_in(page, off, buf + done, n, user);
		put_page(page);
		done += n - left;
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	spin_lock(&inode->i_lock);
	if (pos + (loff_t)done > inode->i_size)
		inode->i_size = pos + done;
	if (done)
		inode->i_mtime = inode->i_ctime = current_time(inode);
	spin_unlock(&inode->i_lock);
	return done ? (ssize_t)done : err;
}

ssize_t tmpfs_write(struct inode *inode, const char *buf, size_t len,
		    loff_t pos)
{
	return tmpfs_do_write(inode, buf, len, pos, false);
}

/* Sets the size; pages wholly past it are freed, a partial one zeroed. */
int tmpfs_truncate(struct inode *inode, loff_t size)
{
	struct tmpfs_pages *tp;
	struct page *partial = NULL;
	unsigned long first_gone, freed = 0;

	if (size < 0)
		return -EINVAL;
	if (size > TMPFS_MAXBYTES)
		return -EFBIG;
	spin_lock(&inode->i_lock);
	tp = tmpfs_pages(inode);
	first_gone = DIV_ROUND_UP(size, PAGE_SIZE);
	for (unsigned long i = first_gone; tp && i < tp->nr; i++) {
		if (tp->pages[i]) {
			put_page(tp->pages[i]);
			freed++;
		}
		tp->pages[i] = NULL;
	}
	/* Bytes past size in its last page must read as zeros if it grows. */
	if (size % PAGE_SIZE)
		partial = tmpfs_find_page(inode, size / PAGE_SIZE);
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time(inode);
	spin_unlock(&inode->i_lock);
	if (freed)
		tmpfs_uncharge_blocks(inode->i_sb, freed);
	if (partial) {
		memset((char *)page_to_virt(partial) + size % PAGE_SIZE, 0,
		       PAGE_SIZE - size % PAGE_SIZE);
		put_page(partial);
	}
	return 0;
}

static const struct super_operations tmpfs_ops;

unsigned long tmpfs_nr_pages(struct inode *inode)
{
	struct tmpfs_pages *tp;
	unsigned long n = 0;

	if (inode->i_sb->s_op != &tmpfs_ops)
		return 0;	/* another file system's file (procfs) */
	spin_lock(&inode->i_lock);
	tp = tmpfs_pages(inode);
	for (unsigned long i = 0; tp && i < tp->nr; i++)
		n += tp->pages[i] != NULL;
	spin_unlock(&inode->i_lock);
	return n;
}

/* ---- open files ---------------------------------------------------- */

static long tmpfs_file_read(struct file *file, char __user *buf,
			    size_t count, loff_t *pos)
{
	ssize_t n = tmpfs_do_read(file->f_inode, (char *)buf, count, *pos,
				  true);

	if (n > 0)
		*pos += n;
	return n;
}

static long tmpfs_file_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	ssize_t n;

	/*
	 * O_APPEND: every write goes to the end as it is now. Linux holds
	 * the inode lock across the write so two appenders never overlap;
	 * Nook's copy may fault, so the size is read under i_lock alone and
	 * two racing appenders may write the same place.
	 */
	if (file->f_flags & O_APPEND) {
		spin_lock(&inode->i_lock);
		*pos = inode->i_size;
		spin_unlock(&inode->i_lock);
	}
	if (count) {
		n = file_remove_privs(file);
		if (n)
			return n;
	}
	n = tmpfs_do_write(inode, (const char *)buf, count, *pos, true);
	if (n > 0)
		*pos += n;
	return n;
}

/*
 * readv/writev, and kernel_read/kernel_write (sendfile): the segments
 * one after the other, user or kernel memory as the iter says, to the
 * first short one.
 */
static long tmpfs_file_rw_iter(struct file *file, struct iov_iter *iter,
			       loff_t *pos, bool write)
{
	struct inode *inode = file->f_inode;
	long done = 0;

	if (write && (file->f_flags & O_APPEND)) {
		spin_lock(&inode->i_lock);
		*pos = inode->i_size;
		spin_unlock(&inode->i_lock);
	}
	for (unsigned long i = 0; i < iter->nr_segs; i++) {
		const struct iovec *iov = &iter->iov[i];
		ssize_t n;

		if (!iov->iov_len)
			continue;
		if (write)
			n = tmpfs_do_write(inode, iov->iov_base, iov->iov_len,
					   *pos, !iter->kvec);
		else
			n = tmpfs_do_read(inode, iov->iov_base, iov->iov_len,
					  *pos, !iter->kvec);
		if (n < 0)
			return done ? done : n;
		*pos += n;
		done += n;
		if ((size_t)n < iov->iov_len)
			break;
	}
	return done;
}

static long tmpfs_file_read_iter(struct file *file, struct iov_iter *to,
				 loff_t *pos)
{
	return tmpfs_file_rw_iter(file, to, pos, false);
}

static long tmpfs_file_write_iter(struct file *file, struct iov_iter *from,
				  loff_t *pos)
{
	return tmpfs_file_rw_iter(file, from, pos, true);
}

/* Everything is in memory: nothing to write out (Linux: noop_fsync). */
static int tmpfs_fsync(struct file *file, int datasync)
{
	return 0;
}

static loff_t tmpfs_file_llseek(struct file *file, loff_t offset, int whence)
{
	struct inode *inode = file->f_inode;
	loff_t size, pos;

	spin_lock(&inode->i_lock);
	size = inode->i_size;
	spin_unlock(&inode->i_lock);
	spin_lock(&file->f_lock);
	switch (whence) {
	case SEEK_SET:
		pos = offset;
		break;
	case SEEK_CUR:
		pos = file->f_pos + offset;
		break;
	case SEEK_END:
		pos = size + offset;
		break;
	case SEEK_DATA:		/* the whole file is data, holes read as 0 */
		pos = (u64)offset < (u64)size ? offset : -ENXIO;
		break;
	default:		/* SEEK_HOLE: the only hole is the end */
		pos = (u64)offset < (u64)size ? size : -ENXIO;
		break;
	}
	if (pos < 0 && pos != -ENXIO)
		pos = -EINVAL;
	if (pos >= 0)
		file->f_pos = pos;
	spin_unlock(&file->f_lock);
	return pos;
}

static const struct file_operations tmpfs_file_operations = {
	.read		= tmpfs_file_read,
	.write		= tmpfs_file_write,
	.read_iter	= tmpfs_file_read_iter,
	.write_iter	= tmpfs_file_write_iter,
	.llseek		= tmpfs_file_llseek,
	.fsync		= tmpfs_fsync,
};

/*
 * The name and inode of the n-th live child of dir, copied out under
 * dcache_lock (the emit that follows may fault on a user buffer, so no
 * lock may be held then). Linux keeps a cursor dentry in the list; a
 * position that is an index is simpler, at the price of a rescan per
 * entry and of entries shifting when an earlier one is removed.
 */
static bool tmpfs_nth_child(struct dentry *dir, loff_t n, char *name,
			    u32 *len, unsigned long *ino, umode_t *mode)
{
	struct dentry *child;

	spin_lock(&dcache_lock);
	list_for_each_entry(child, &dir->d_subdirs, d_child) {
		if (!child->d_inode || (child->d_flags & DCACHE_UNHASHED))
			continue;
		if (n--)
			continue;
		*len = child->d_name.len;
		memcpy(name, child->d_name.name, *len);
		*ino = child->d_inode->i_ino;
		*mode = child->d_inode->i_mode;
		spin_unlock(&dcache_lock);
		return true;
	}
	spin_unlock(&dcache_lock);
	return false;
}

/* Positions: 0 is ".", 1 is "..", 2 + n the n-th child (dcache_readdir). */
static int tmpfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry;
	char *name = kmalloc(NAME_MAX + 1);
	unsigned long ino;
	umode_t mode;
	u32 len;

	if (!name)
		return -ENOMEM;
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, 0, dir->d_inode->i_ino, DT_DIR))
			goto out;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		spin_lock(&dcache_lock);
		ino = dir->d_parent->d_inode->i_ino;
		spin_unlock(&dcache_lock);
		if (!ctx->actor(ctx, "..", 2, 1, ino, DT_DIR))
			goto out;
		ctx->pos = 2;
	}
	while (tmpfs_nth_child(dir, ctx->pos - 2, name, &len, &ino, &mode)) {
		if (!ctx->actor(ctx, name, len, ctx->pos, ino,
				(mode & S_IFMT) >> 12))
			break;
		ctx->pos++;
	}
out:
	kfree(name);
	return 0;
}

/* Linux: dcache_dir_lseek. Only SEEK_SET and SEEK_CUR mean anything. */
static loff_t tmpfs_dir_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t pos;

	spin_lock(&file->f_lock);
	switch (whence) {
	case SEEK_SET:
		pos = offset;
		break;
	case SEEK_CUR:
		pos = file->f_pos + offset;
		break;
	default:
		pos = -EINVAL;
		break;
	}
	if (pos < 0)
		pos = -EINVAL;
	else
		file->f_pos = pos;
	spin_unlock(&file->f_lock);
	return pos;
}

/* Linux: generic_read_dir. A directory is read with getdents64. */
static long tmpfs_dir_read(struct file *file, char __user *buf, size_t count,
			   loff_t *pos)
{
	return -EISDIR;
}

static const struct file_operations tmpfs_dir_operations = {
	.read		= tmpfs_dir_read,
	.iterate	= tmpfs_iterate,
	.llseek		= tmpfs_dir_llseek,
	.fsync		= tmpfs_fsync,
};

/* The last iput: give back what the inode held. */
static void tmpfs_evict_inode(struct inode *inode)
{
	if (S_ISLNK(inode->i_mode)) {
		kfree(inode->i_private);
	} else if (S_ISREG(inode->i_mode) && inode->i_private) {
		struct tmpfs_pages *tp = tmpfs_pages(inode);

		tmpfs_truncate(inode, 0);
		kfree(tp->pages);
		kfree(tp);
	}
	inode->i_private = NULL;
	tmpfs_free_inode(inode->i_sb);
}


/* ---- mounting ------------------------------------------------------- */

/*
 * Mount options, as a comma-separated string (mount(2)'s data): size=
 * (bytes, with k, m, g... and then % of RAM), nr_blocks=, nr_inodes=,
 * mode= (octal, the root's), uid=, gid=, and the generic ro and rw.
 * Linux: shmem_parse_one. Anything else is EINVAL, as Linux says it.
 */
struct tmpfs_options {
	unsigned long max_blocks, max_inodes;
	umode_t mode;
	kuid_t uid;		/* the root's owner: the mounter's fsuid */
	kgid_t gid;
	bool seen_blocks, seen_inodes;
	unsigned long sb_flags;		/* SB_RDONLY from "ro" */
};

/*
 * Linux's bounds: nr_blocks= at most LONG_MAX, nr_inodes= at most
 * ULONG_MAX / BOGO_INODE_SIZE (1024).
 */
#define TMPFS_MAX_NR_BLOCKS	(~0UL >> 1)
#define TMPFS_MAX_NR_INODES	(~0UL / 1024)

/*
 * Linux: _parse_integer_fixup_radix. Base 0 means 16 after "0x" when a
 * hex digit follows, 8 after a lone leading 0, else 10; base 16 skips
 * its "0x".
 */
static const char *parse_radix(const char *s, unsigned int *base)
{
	bool hex = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    ((s[2] >= '0' && s[2] <= '9') ||
		     ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f')));

	if (*base == 0)
		*base = hex ? 16 : s[0] == '0' ? 8 : 10;
	if (*base == 16 && hex)
		s += 2;
	return s;
}

/*
 * Linux: _parse_integer. Takes digits of base from s until one is not;
 * the value wraps past 2^64 (memparse keeps that) and *overflow says it
 * did (kstrtouint refuses it). Returns how many digits it took.
 */
static unsigned int parse_digits(const char *s, unsigned int base, u64 *res,
				 bool *overflow)
{
	unsigned int n = 0;
	u64 v = 0;

	*overflow = false;
	for (;; s++, n++) {
		unsigned int c = *s, d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			*overflow = true;
		v = v * base + d;
	}
	*res = v;
	return n;
}

/*
 * Linux: memparse. A number in base 0, then at most one of k, m, g, t,
 * p, e (each 2^10 more). It never fails: no digits read as 0, and both
 * too many digits and the suffix's shift wrap at 2^64. *rest is what
 * follows, for the caller to judge.
 */
static u64 tmpfs_memparse(const char *s, const char **rest)
{
	unsigned int base = 0, shift = 0;
	bool overflow;
	u64 v;

	s = parse_radix(s, &base);
	s += parse_digits(s, base, &v, &overflow);
	switch (*s | 0x20) {
	case 'e': shift += 10; /* fall through */
	case 'p': shift += 10; /* fall through */
	case 't': shift += 10; /* fall through */
	case 'g': shift += 10; /* fall through */
	case 'm': shift += 10; /* fall through */
	case 'k': shift += 10;
		s++;
	}
	*rest = s;
	return v << shift;
}

/*
 * Linux: kstrtouint. An optional '+', digits of base (0: by prefix),
 * one newline at most after them, and a value that fits 32 bits.
 */
static bool tmpfs_kstrtouint(const char *s, unsigned int base, u32 *out)
{
	bool overflow;
	unsigned int n;
	u64 v;

	if (*s == '+')
		s++;
	s = parse_radix(s, &base);
	n = parse_digits(s, base, &v, &overflow);
	if (!n || overflow || v > 0xffffffffULL)
		return false;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return false;
	*out = v;
	return true;
}

/*
 * size=N bytes, N k..e, or N (with a suffix too) % of RAM: Linux's
 * order of work, every step wrapping as its u64 does.
 */
static bool tmpfs_parse_size(const char *val, unsigned long *blocks)
{
	const char *rest;
	u64 size = tmpfs_memparse(val, &rest);

	if (*rest == '%') {
		size = (size << PAGE_SHIFT) * totalram_pages() / 100;
		rest++;
	}
	if (*rest)
		return false;
	*blocks = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	return true;
}

static int tmpfs_parse_one(struct tmpfs_options *opt, char *key)
{
	char *val = strchr(key, '=');
	const char *rest;
	u64 n;
	u32 v;

	if (!val) {
		if (!strcmp(key, "ro"))
			opt->sb_flags |= SB_RDONLY;
		else if (!strcmp(key, "rw"))
			opt->sb_flags &= ~SB_RDONLY;
		else
			return -EINVAL;
		return 0;
	}
	*val++ = '\0';
	if (!*val)		/* Linux's fs_parse: a value may not be empty */
		return -EINVAL;
	if (!strcmp(key, "size")) {
		if (!tmpfs_parse_size(val, &opt->max_blocks))
			return -EINVAL;
		opt->seen_blocks = true;
	} else if (!strcmp(key, "nr_blocks")) {
		n = tmpfs_memparse(val, &rest);
		if (*rest || n > TMPFS_MAX_NR_BLOCKS)
			return -EINVAL;
		opt->max_blocks = n;
		opt->seen_blocks = true;
	} else if (!strcmp(key, "nr_inodes")) {
		n = tmpfs_memparse(val, &rest);
		if (*rest || n > TMPFS_MAX_NR_INODES)
			return -EINVAL;
		opt->max_inodes = n;
		opt->seen_inodes = true;
	} else if (!strcmp(key, "mode")) {
		if (!tmpfs_kstrtouint(val, 8, &v))
			return -EINVAL;
		opt->mode = v & S_IALLUGO;
	} else if (!strcmp(key, "uid")) {
		/* in the mounter's user namespace; unmappable: EINVAL */
		if (!tmpfs_kstrtouint(val, 0, &v))
			return -EINVAL;
		opt->uid = make_kuid(current_user_ns(), v);
		if (!uid_valid(opt->uid))
			return -EINVAL;
	} else if (!strcmp(key, "gid")) {
		if (!tmpfs_kstrtouint(val, 0, &v))
			return -EINVAL;
		opt->gid = make_kgid(current_user_ns(), v);
		if (!gid_valid(opt->gid))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	return 0;
}

static int tmpfs_parse_options(struct tmpfs_options *opt, const char *data)
{
	char *copy, *key, *next;
	size_t len;
	int err = 0;

	if (!data)
		return 0;
	len = strlen(data);
	copy = kmalloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len + 1);
	for (key = copy; key && !err; key = next) {
		next = strchr(key, ',');
		if (next)
			*next++ = '\0';
		if (*key)
			err = tmpfs_parse_one(opt, key);
	}
	kfree(copy);
	return err;
}

/* Linux's defaults: half of RAM for data, and as many inodes as pages. */
static void tmpfs_default_options(struct tmpfs_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->max_blocks = totalram_pages() / 2;
	opt->max_inodes = totalram_pages() / 2;
	opt->mode = TMPFS_DEFAULT_MODE;
	opt->uid = current_fsuid();
	opt->gid = current_fsgid();
}

/*
 * MS_REMOUNT: new limits (not below what is in use, and none where the
 * instance was made without one: EINVAL, as Linux's shmem_reconfigure
 * says); mode, uid and gid belong to the root inode
 * and, as in Linux, only a new mount sets them.
 */
static int tmpfs_remount(struct super_block *sb, unsigned long *flags,
			 char *data)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	struct tmpfs_options opt = { 0 };
	unsigned long used_inodes;
	int err = tmpfs_parse_options(&opt, data);

	if (err)
		return err;
	*flags |= opt.sb_flags;
	spin_lock(&sbi->stat_lock);
	used_inodes = sbi->max_inodes - sbi->free_inodes;
	err = -EINVAL;
	if (opt.seen_blocks && opt.max_blocks &&
	    opt.max_blocks < sbi->used_blocks)
		goto out;
	if (opt.seen_blocks && opt.max_blocks && !sbi->max_blocks)
		goto out;	/* nor an unlimited size */
	if (opt.seen_inodes && opt.max_inodes && sbi->max_inodes &&
	    opt.max_inodes < used_inodes)
		goto out;
	if (opt.seen_inodes && opt.max_inodes && !sbi->max_inodes)
		goto out;	/* Linux: an unlimited one cannot get a limit */
	if (opt.seen_blocks)
		sbi->max_blocks = opt.max_blocks;
	if (opt.seen_inodes) {
		sbi->max_inodes = opt.max_inodes;
		sbi->free_inodes = opt.max_inodes ? opt.max_inodes -
						    used_inodes : 0;
	}
	err = 0;
out:
	spin_unlock(&sbi->stat_lock);
	return err;
}

/*
 * Linux: shmem_statfs. Blocks are pages of file data; an instance made
 * without a limit (size=0, nr_inodes=0) reports 0 for that count, as
 * Linux's does.
 */
static int tmpfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(dentry->d_sb);

	buf->f_type = TMPFS_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	spin_lock(&sbi->stat_lock);
	if (sbi->max_blocks) {
		buf->f_blocks = sbi->max_blocks;
		buf->f_bavail = buf->f_bfree =
			sbi->max_blocks - sbi->used_blocks;
	}
	if (sbi->max_inodes) {
		buf->f_files = sbi->max_inodes;
		buf->f_ffree = sbi->free_inodes;
	}
	spin_unlock(&sbi->stat_lock);
	return 0;
}

static const struct super_operations tmpfs_ops = {
	.evict_inode	= tmpfs_evict_inode,
	.remount_fs	= tmpfs_remount,
	.statfs		= tmpfs_statfs,
};

struct dentry *tmpfs_mount(struct file_system_type *type, int flags,
			   void *data)
{
	struct tmpfs_options opt;
	struct tmpfs_sb_info *sbi;
	struct super_block *sb;
	struct inode *root;
	int err;

	tmpfs_default_options(&opt);
	err = tmpfs_parse_options(&opt, data);
	if (err)
		return ERR_PTR(err);
	sbi = kzalloc(sizeof(*sbi));
	if (!sbi)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&sbi->stat_lock, "tmpfs stat_lock");
	sbi->max_blocks = opt.max_blocks;
	sbi->max_inodes = opt.max_inodes;
	sbi->free_inodes = opt.max_inodes;
	sb = sget(type, &tmpfs_ops);
	if (!sb) {
		kfree(sbi);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_fs_info = sbi;
	sb->s_flags |= opt.sb_flags;
	sb->s_magic = TMPFS_MAGIC;
	root = tmpfs_get_inode(sb, NULL, S_IFDIR | opt.mode);
	if (root) {
		root->i_uid = opt.uid;
		root->i_gid = opt.gid;
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sbi);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);	/* the mount's; s_root keeps its own */
}

/* Linux: kill_litter_super — drop every pin, then the root. */
void tmpfs_kill_sb(struct super_block *sb)
{
	d_genocide(sb->s_root);
	dput(sb->s_root);
	kfree(sb->s_fs_info);
}

static struct file_system_type tmpfs_fs_type = {
	.name		= "tmpfs",
	.mount		= tmpfs_mount,
	.kill_sb	= tmpfs_kill_sb,
};

void tmpfs_init(void)
{
	BUG_ON(register_filesystem(&tmpfs_fs_type));
}

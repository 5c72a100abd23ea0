// kernel/fs/open.c — opening files by name: openat(2), open(2),
// creat(2), and fchdir(2); the *at() calls' dirfd.
//
// Linux: fs/open.c (do_sys_openat2, build_open_flags, vfs_open, fchdir)
// and fs/namei.c (do_filp_open). The order of the checks is Linux's,
// since tests compare errno values with it: flags first, then the name
// is copied in (EFAULT, ENAMETOOLONG), then a descriptor is reserved
// (EMFILE), then the walk (ENOENT, ENOTDIR, ELOOP...), then what the
// open may do to what it found (EISDIR).

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/sched.h>
#include <asm/syscall.h>

#define AT_FDCWD	-100
#define __O_TMPFILE	020000000

/* The O_* bits open(2) knows; others are ignored, as Linux does. */
#define VALID_OPEN_FLAGS \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
	 O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | \
	 O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC)

/*
 * Where a *at() call's relative name starts: NULL for AT_FDCWD (the walk
 * then uses the cwd), else dfd's path, held in *start. Linux checks dfd
 * only when the name is relative; so does this.
 */
int dirfd_path(int dfd, const char *name, struct path *start,
	       struct path **startp)
{
	struct fd f;

	*startp = NULL;
	if (name[0] == '/' || dfd == AT_FDCWD)
		return 0;
	f = fdget(dfd);
	if (!f.file)
		return -EBADF;
	if (!f.file->f_path.dentry || !d_is_dir(f.file->f_path.dentry)) {
		fdput(f);
		return -ENOTDIR;
	}
	*start = f.file->f_path;
	path_get(start);
	fdput(f);
	*startp = start;
	return 0;
}

/*
 * Linux: filename_lookup. name (already copied in) resolved from dfd
 * (AT_FDCWD: the cwd) with the caller's root: *path is held on success.
 */
int filename_lookup(int dfd, const char *name, unsigned int flags,
		    struct path *path)
{
	struct path start, *startp;
	struct fs_struct snap;
	int err = dirfd_path(dfd, name, &start, &startp);

	if (err)
		return err;
	get_current_fs(&snap);
	err = vfs_path_lookup(&snap, startp, name, flags, path);
	put_current_fs(&snap);
	if (startp)
		path_put(startp);
	return err;
}

/* What a file whose open failed releases: nothing. */
static const struct file_operations failed_open_fops;

int vfs_truncate(struct inode *inode, loff_t size)
{
	if (inode->i_op->truncate)
		return inode->i_op->truncate(inode, size);
	return tmpfs_truncate(inode, size);
}

/* Linux: vfs_open/do_dentry_open. Takes a reference on path. */
static struct file *vfs_open(const struct path *path, int flags)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f;

	if (!inode->i_fop)
		return ERR_PTR(-ENXIO);	/* no driver behind it (devices) */
	f = alloc_file(inode->i_fop, flags, NULL);
	if (IS_ERR(f))
		return f;
	/*
	 * A regular file open for writing is a writer of its mount for as
	 * long as it is open (fput drops it): a remount read-only meanwhile
	 * is EBUSY. Devices and FIFOs write nothing to the filesystem.
	 */
	if ((f->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode)) {
		int err = mnt_want_write(path->mnt);

		if (err) {
			fput(f);
			return ERR_PTR(err);
		}
		f->f_mode |= FMODE_WRITER;
	}
	f->f_path = *path;
	path_get(&f->f_path);
	f->f_inode = inode;
	f->f_mode |= FMODE_LSEEK;
	if (f->f_op->open) {
		int err = f->f_op->open(inode, f);

		if (err) {
			/* Linux releases no file whose open failed. */
			f->f_op = &failed_open_fops;
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

/* What opening path may do, as may_open and do_open decide it. */
static int may_open(const struct path *path, int flags, bool created)
{
	struct inode *inode = path->dentry->d_inode;

	if (S_ISLNK(inode->i_mode))
		return -ELOOP;		/* O_NOFOLLOW met a link */
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->i_mode) &&
	    ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if (S_ISSOCK(inode->i_mode))
		return -ENXIO;		/* a socket is reached by connect(2) */
	/* Linux: may_open_dev. Devices on a nodev mount do not open. */
	if ((S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) &&
	    (mnt_flags_of(path->mnt) & MNT_NODEV))
		return -EACCES;
	/* Linux: sb_permission and mnt_want_write in do_open. */
	if (((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)) &&
	    S_ISREG(inode->i_mode) && mnt_is_readonly(path->mnt))
		return -EROFS;
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && !created)
		return vfs_truncate(inode, 0);
	return 0;
}

static struct file *do_filp_open(int dfd, const char *name, int flags,
				 umode_t mode)
{
	struct fs_struct snap;
	struct path start, *startp, path;
	struct file *f;
	bool created = false;
	int err;

	err = dirfd_path(dfd, name, &start, &startp);
	if (err)
		return ERR_PTR(err);
	get_current_fs(&snap);
	if (flags & O_CREAT) {
		err = open_create(&snap, startp, name, flags & O_EXCL,
				  flags & O_NOFOLLOW,
				  mode & ~snap.umask & S_IALLUGO, &path,
				  &created);
	} else {
		unsigned int lookup = 0;

		if (!(flags & O_NOFOLLOW))
			lookup |= LOOKUP_FOLLOW;
		if (flags & O_DIRECTORY)
			lookup |= LOOKUP_DIRECTORY;
		err = vfs_path_lookup(&snap, startp, name, lookup, &path);
	}
	put_current_fs(&snap);
	if (startp)
		path_put(startp);
	if (err)
		return ERR_PTR(err);
	err = may_open(&path, flags, created);
	f = err ? ERR_PTR(err) : vfs_open(&path, flags);
	path_put(&path);
	return f;
}

/* Opens name as the kernel itself (Linux: filp_open). */
struct file *filp_open(const char *name, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, name, flags, mode);
}

static long do_sys_open(int dfd, const char __user *filename, int flags,
			umode_t mode)
{
	struct file *f;
	char *name;
	int fd;

	if (flags & __O_TMPFILE)
		return -EOPNOTSUPP;	/* no unnamed files in Nook's tmpfs */
	flags &= VALID_OPEN_FLAGS;
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		f = do_filp_open(dfd, name, flags, mode);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	putname(name);
	return fd;
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_open(dfd, filename, flags, mode);
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, pathname, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, pathname, O_CREAT | O_WRONLY | O_TRUNC,
			   mode);
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct fd f = fdget(fd);
	int err = -EBADF;

	if (!f.file)
		return err;
	err = -ENOTDIR;
	if (f.file->f_path.dentry && d_is_dir(f.file->f_path.dentry)) {
		fs_set_pwd(&f.file->f_path);
		err = 0;
	}
	fdput(f);
	return err;
}

/* Linux: do_sys_ftruncate. Only a regular file open for writing. */
SYSCALL_DEFINE2(ftruncate, unsigned int, fd, long, length)
{
	struct fd f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fdget(fd);
	if (!f.file)
		return -EBADF;
	err = -EINVAL;
	if (f.file->f_inode && S_ISREG(f.file->f_inode->i_mode) &&
	    (f.file->f_mode & FMODE_WRITE))
		err = vfs_truncate(f.file->f_inode, length);
	fdput(f);
	return err;
}

SYSCALL_DEFINE2(truncate, const char __user *, pathname, long, length)
{
	struct fs_struct snap;
	struct path path;
	struct inode *inode;
	char *name;
	long err;

	if (length < 0)
		return -EINVAL;
	name = getname(pathname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	get_current_fs(&snap);
	err = kern_path(&snap, name, LOOKUP_FOLLOW, &path);
	put_current_fs(&snap);
	putname(name);
	if (err)
		return err;
	inode = path.dentry->d_inode;
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -EINVAL;
	else if (!(err = mnt_want_write(path.mnt))) {
		err = vfs_truncate(inode, length);
		mnt_drop_write(path.mnt);
	}
	path_put(&path);
	return err;
}

#define F_OK		0
#define X_OK		1
#define W_OK		2
#define R_OK		4
#define S_IXUGO		0111

/*
 * Linux: do_faccessat. Every task is root until credentials arrive
 * (Step 4), and root may read and write anything; it may execute only
 * what has an x bit for someone, or a directory (search).
 */
static long do_faccessat(int dfd, const char __user *filename, int mode)
{
	struct path path;
	struct inode *inode;
	char *name;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = filename_lookup(dfd, name, LOOKUP_FOLLOW, &path);
	if (err)
		goto out;
	inode = path.dentry->d_inode;
	if ((mode & X_OK) && !S_ISDIR(inode->i_mode) &&
	    !(inode->i_mode & S_IXUGO))
		err = -EACCES;
	path_put(&path);
out:
	putname(name);
	return err;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename,
		int, mode)
{
	return do_faccessat(dfd, filename, mode);
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return do_faccessat(AT_FDCWD, filename, mode);
}

// kernel/fs/open.c — opening files by name: openat(2), open(2),
// creat(2), and fchdir(2); the *at() calls' dirfd.
//
// Linux: fs/open.c (do_sys_openat2, build_open_flags, vfs_open, fchdir)
// and fs/namei.c (do_filp_open). The order of the checks is Linux's,
// since tests compare errno values with it: flags first, then the name
// is copied in (EFAULT, ENAMETOOLONG), then a descriptor is reserved
// (EMFILE), then the walk (ENOENT, ENOTDIR, ELOOP...), then what the
// open may do to what it found (EISDIR).

#include <nook/cred.h>
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
struct file *vfs_open(const struct path *path, int flags)
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

/*
 * What the open asks of the file (Linux: build_open_flags' acc_mode):
 * the access mode's read and write (O_RDWR and the odd 3 both), write
 * for O_TRUNC, append for O_APPEND.
 */
static int open_acc_mode(int flags)
{
	static const int acc[4] = {
		MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE, MAY_READ | MAY_WRITE
	};
	int mode = MAY_OPEN | acc[flags & O_ACCMODE];

	if (flags & O_TRUNC)
		mode |= MAY_WRITE;
	if (flags & O_APPEND)
		mode |= MAY_APPEND;
	return mode;
}

/*
 * What opening path may do, as may_open and do_open decide it. A file
 * this open created is not checked against its own mode (creat(2) of
 * a 0444 file still gives a writable descriptor).
 */
static int may_open(const struct path *path, int flags, bool created)
{
	struct inode *inode = path->dentry->d_inode;
	int err;

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
	if (created)
		return 0;
	err = inode_permission(inode, open_acc_mode(flags));
	if (err)
		return err;
	if ((flags & O_NOATIME) && !inode_owner_or_capable(inode))
		return -EPERM;
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode)) {
		err = dentry_remove_privs(path->dentry);
		return err ? err : vfs_truncate(inode, 0);
	}
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
		err = inode_permission(f.file->f_inode, MAY_EXEC | MAY_CHDIR);
		if (!err)
			fs_set_pwd(&f.file->f_path);
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
	    (f.file->f_mode & FMODE_WRITE)) {
		err = file_remove_privs(f.file);
		if (!err)
			err = vfs_truncate(f.file->f_inode, length);
	}
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
		err = inode_permission(inode, MAY_WRITE);
		if (!err)
			err = dentry_remove_privs(path.dentry);
		if (!err)
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
#define AT_EACCESS	0x200
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EMPTY_PATH	0x1000

/*
 * Linux: access_override_creds. access(2) answers for the real ids:
 * the check runs under borrowed creds whose fsuid and fsgid are the
 * real ones; and a non-root real uid gets no capabilities, a root one
 * its whole permitted set (capabilities(7)). NULL: out of memory.
 */
static const struct cred *access_override_creds(void)
{
	struct cred *override = prepare_creds();
	const struct cred *old;

	if (!override)
		return NULL;
	override->fsuid = override->uid;
	override->fsgid = override->gid;
	if (!(override->securebits & issecure_mask(SECURE_NO_SETUID_FIXUP))) {
		if (uid_eq(override->uid, make_kuid(override->user_ns, 0)))
			override->cap_effective = override->cap_permitted;
		else
			cap_clear(&override->cap_effective);
	}
	old = override_creds(override);
	put_cred(override);	/* override_creds took its own reference */
	return old;
}

/*
 * Linux: do_faccessat. The mode's bits asked of inode_permission, with
 * the real ids unless AT_EACCESS; root passes X_OK only on a file with
 * some x bit, or a directory.
 */
static long do_faccessat(int dfd, const char __user *filename, int mode,
			 int flags)
{
	const struct cred *old = NULL;
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path path;
	char *name;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	if (!(flags & AT_EACCESS)) {
		old = access_override_creds();
		if (!old)
			return -ENOMEM;
	}
	name = getname(filename);
	err = PTR_ERR(name);
	if (IS_ERR(name))
		goto out;
	if (!*name && (flags & AT_EMPTY_PATH))
		err = fd_path(dfd, &path);
	else
		err = filename_lookup(dfd, name, lookup, &path);
	putname(name);
	if (err)
		goto out;
	err = -EACCES;		/* Linux: path_noexec */
	if ((mode & X_OK) && S_ISREG(path.dentry->d_inode->i_mode) &&
	    (mnt_flags_of(path.mnt) & MNT_NOEXEC))
		goto out_put;
	err = inode_permission(path.dentry->d_inode, mode | MAY_ACCESS);
	/* SuS v2: a read-only file system is reported too (EROFS). */
	if (!err && (mode & W_OK) && (S_ISREG(path.dentry->d_inode->i_mode) ||
				      S_ISDIR(path.dentry->d_inode->i_mode) ||
				      S_ISLNK(path.dentry->d_inode->i_mode)) &&
	    mnt_is_readonly(path.mnt))
		err = -EROFS;
out_put:
	path_put(&path);
out:
	if (old)
		revert_creds(old);
	return err;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename,
		int, mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, filename,
		int, mode, int, flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return do_faccessat(AT_FDCWD, filename, mode, 0);
}

/* The path a descriptor was opened on, held (AT_EMPTY_PATH). */
int fd_path(int fd, struct path *path)
{
	struct fs_struct snap;
	struct fd f;

	if (fd == AT_FDCWD) {
		get_current_fs(&snap);
		*path = snap.pwd;
		path_get(path);
		put_current_fs(&snap);
		return 0;
	}
	f = fdget(fd);
	if (!f.file)
		return -EBADF;
	if (!f.file->f_path.dentry) {
		fdput(f);
		return -EBADF;	/* pipes, the console: nothing to name */
	}
	*path = f.file->f_path;
	path_get(path);
	fdput(f);
	return 0;
}

/* ---- chmod(2), chown(2) and their relatives (Linux: fs/open.c) ---- */

/* The permission bits change; the file type bits never do. */
static int chmod_common(const struct path *path, umode_t mode)
{
	struct inode *inode = path->dentry->d_inode;
	struct iattr attr = {
		.ia_valid = ATTR_MODE | ATTR_CTIME,
		.ia_mode = (mode & S_IALLUGO) | (inode->i_mode & ~S_IALLUGO),
	};
	int err = mnt_want_write(path->mnt);	/* EROFS first */

	if (err)
		return err;
	err = notify_change(path->dentry, &attr);
	mnt_drop_write(path->mnt);
	return err;
}

/*
 * (uid_t)-1 and (gid_t)-1 leave an id as it is; an id the caller's
 * namespace cannot map is EINVAL. Changing either clears the
 * set-user-ID bit of anything but a directory (chown(2)), root's
 * chown included.
 */
static int chown_common(const struct path *path, uid_t user, gid_t group)
{
	struct inode *inode = path->dentry->d_inode;
	struct user_namespace *ns = current_user_ns();
	struct iattr attr = { .ia_valid = ATTR_CTIME };
	int err;

	if (user != (uid_t)-1) {
		attr.ia_uid = make_kuid(ns, user);
		if (!uid_valid(attr.ia_uid))
			return -EINVAL;
		attr.ia_valid |= ATTR_UID;
	}
	if (group != (gid_t)-1) {
		attr.ia_gid = make_kgid(ns, group);
		if (!gid_valid(attr.ia_gid))
			return -EINVAL;
		attr.ia_valid |= ATTR_GID;
	}
	attr.ia_valid |= chown_kill_bits(inode);
	err = mnt_want_write(path->mnt);
	if (err)
		return err;
	err = notify_change(path->dentry, &attr);
	mnt_drop_write(path->mnt);
	return err;
}

/* name (copied in) from dfd, or dfd's own file for AT_EMPTY_PATH's "". */
static int path_at(int dfd, const char __user *filename, unsigned int lookup,
		   bool empty_ok, struct path *path)
{
	char *name = getname(filename);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name && empty_ok)
		err = fd_path(dfd, path);
	else
		err = filename_lookup(dfd, name, lookup, path);
	putname(name);
	return err;
}

static long do_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	struct path path;
	long err = path_at(dfd, filename, LOOKUP_FOLLOW, false, &path);

	if (err)
		return err;
	err = chmod_common(&path, mode);
	path_put(&path);
	return err;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename,
		umode_t, mode)
{
	return do_fchmodat(dfd, filename, mode);
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, umode_t, mode)
{
	return do_fchmodat(AT_FDCWD, filename, mode);
}

/* The open file's path; pipes and the console have none to change yet. */
static long fd_setattr_path(unsigned int fd, struct path *path)
{
	struct fd f = fdget(fd);
	long err = -EBADF;

	if (!f.file)
		return err;
	err = -EOPNOTSUPP;
	if (f.file->f_path.dentry) {
		*path = f.file->f_path;
		path_get(path);
		err = 0;
	}
	fdput(f);
	return err;
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, umode_t, mode)
{
	struct path path;
	long err = fd_setattr_path(fd, &path);

	if (err)
		return err;
	err = chmod_common(&path, mode);
	path_put(&path);
	return err;
}

static long do_fchownat(int dfd, const char __user *filename, uid_t user,
			gid_t group, int flag)
{
	struct path path;
	long err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = path_at(dfd, filename,
		      (flag & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
		      flag & AT_EMPTY_PATH, &path);
	if (err)
		return err;
	err = chown_common(&path, user, group);
	path_put(&path);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char __user *, filename,
		uid_t, user, gid_t, group, int, flag)
{
	return do_fchownat(dfd, filename, user, group, flag);
}

SYSCALL_DEFINE3(chown, const char __user *, filename, uid_t, user,
		gid_t, group)
{
	return do_fchownat(AT_FDCWD, filename, user, group, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, filename, uid_t, user,
		gid_t, group)
{
	return do_fchownat(AT_FDCWD, filename, user, group,
			   AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uid_t, user, gid_t, group)
{
	struct path path;
	long err = fd_setattr_path(fd, &path);

	if (err)
		return err;
	err = chown_common(&path, user, group);
	path_put(&path);
	return err;
}

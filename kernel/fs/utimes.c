// kernel/fs/utimes.c — setting a file's access and modification times:
// utimensat(2), utimes(2), utime(2).
//
// Linux: fs/utimes.c (vfs_utimes, do_utimes, the three system calls).
// A time may be given, or be "now" (UTIME_NOW, or no times at all), or
// be left alone (UTIME_OMIT). Setting both to now is a "touch", allowed
// to anyone who may write the file; giving any time explicitly needs
// the file's owner or CAP_FOWNER (utimensat(2), "Permissions
// requirements"). ctime becomes now in every case.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EMPTY_PATH		0x1000

#define UTIME_NOW	((1L << 30) - 1L)
#define UTIME_OMIT	((1L << 30) - 2L)

/* utime(2)'s argument (uapi linux/utime.h). */
struct utimbuf {
	long actime;
	long modtime;
};

static bool nsec_valid(long nsec)
{
	if (nsec == UTIME_OMIT || nsec == UTIME_NOW)
		return true;
	return nsec >= 0 && nsec < (long)NSEC_PER_SEC;
}

/* One of the two times into attr: omitted, now, or as given. */
static void set_one_time(struct iattr *attr, const struct timespec64 *t,
			 unsigned int valid, unsigned int set,
			 struct timespec64 *slot)
{
	if (t->tv_nsec == UTIME_OMIT) {
		attr->ia_valid &= ~valid;
	} else if (t->tv_nsec != UTIME_NOW) {
		*slot = *t;
		attr->ia_valid |= set;
	}
}

/* Linux: vfs_utimes. times NULL: both now. */
static int vfs_utimes(const struct path *path, struct timespec64 *times)
{
	struct iattr attr = {
		.ia_valid = ATTR_CTIME | ATTR_MTIME | ATTR_ATIME,
	};
	int err;

	if (times) {
		if (!nsec_valid(times[0].tv_nsec) ||
		    !nsec_valid(times[1].tv_nsec))
			return -EINVAL;
		if (times[0].tv_nsec == UTIME_NOW &&
		    times[1].tv_nsec == UTIME_NOW)
			times = NULL;
	}
	if (times) {
		set_one_time(&attr, &times[0], ATTR_ATIME, ATTR_ATIME_SET,
			     &attr.ia_atime);
		set_one_time(&attr, &times[1], ATTR_MTIME, ATTR_MTIME_SET,
			     &attr.ia_mtime);
		attr.ia_valid |= ATTR_TIMES_SET;
	} else {
		attr.ia_valid |= ATTR_TOUCH;
	}
	err = mnt_want_write(path->mnt);	/* EROFS */
	if (err)
		return err;
	err = notify_change(path->dentry, &attr);
	mnt_drop_write(path->mnt);
	return err;
}

/* futimens(3): NULL name with a descriptor; no flags allowed then. */
static int do_utimes_fd(int fd, struct timespec64 *times, int flags)
{
	struct fd f;
	int err;

	if (flags)
		return -EINVAL;
	f = fdget(fd);
	if (!f.file)
		return -EBADF;
	err = f.file->f_path.dentry ? vfs_utimes(&f.file->f_path, times)
				    : -EOPNOTSUPP;
	fdput(f);
	return err;
}

static int do_utimes_path(int dfd, const char __user *filename,
			  struct timespec64 *times, int flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path path;
	char *name;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!*name && (flags & AT_EMPTY_PATH))
		err = fd_path(dfd, &path);
	else
		err = filename_lookup(dfd, name, lookup, &path);
	putname(name);
	if (err)
		return err;
	err = vfs_utimes(&path, times);
	path_put(&path);
	return err;
}

static int do_utimes(int dfd, const char __user *filename,
		     struct timespec64 *times, int flags)
{
	if (!filename && dfd != AT_FDCWD)
		return do_utimes_fd(dfd, times, flags);
	return do_utimes_path(dfd, filename, times, flags);
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, filename,
		struct __kernel_timespec __user *, utimes, int, flags)
{
	struct __kernel_timespec ut[2];
	struct timespec64 t[2];

	if (!utimes)
		return do_utimes(dfd, filename, NULL, flags);
	if (copy_from_user(ut, utimes, sizeof(ut)))
		return -EFAULT;
	for (int i = 0; i < 2; i++)
		t[i] = (struct timespec64){ ut[i].tv_sec, ut[i].tv_nsec };
	/* Nothing to change: done before even looking at the name. */
	if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0;
	return do_utimes(dfd, filename, t, flags);
}

/* utimes(2): microseconds, which must be below a second. */
SYSCALL_DEFINE2(utimes, const char __user *, filename,
		struct __kernel_old_timeval __user *, utimes)
{
	struct __kernel_old_timeval tv[2];
	struct timespec64 t[2];

	if (!utimes)
		return do_utimes(AT_FDCWD, filename, NULL, 0);
	if (copy_from_user(tv, utimes, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= (long)USEC_PER_SEC)
			return -EINVAL;
		t[i] = (struct timespec64){ tv[i].tv_sec,
					    tv[i].tv_usec * 1000 };
	}
	return do_utimes(AT_FDCWD, filename, t, 0);
}

/* utime(2): whole seconds. */
SYSCALL_DEFINE2(utime, const char __user *, filename,
		struct utimbuf __user *, times)
{
	struct timespec64 t[2];
	struct utimbuf buf;

	if (!times)
		return do_utimes(AT_FDCWD, filename, NULL, 0);
	if (copy_from_user(&buf, times, sizeof(buf)))
		return -EFAULT;
	t[0] = (struct timespec64){ buf.actime, 0 };
	t[1] = (struct timespec64){ buf.modtime, 0 };
	return do_utimes(AT_FDCWD, filename, t, 0);
}

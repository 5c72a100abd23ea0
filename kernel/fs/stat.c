// kernel/fs/stat.c — what a file is: newfstatat(2), fstat(2), stat(2),
// lstat(2), statx(2), and readlink(2)/readlinkat(2).
//
// Linux: fs/stat.c (vfs_getattr, cp_new_stat, vfs_fstatat, do_readlinkat)
// and arch/x86/include/uapi/asm/stat.h for the layout. struct stat is
// filled in the kernel and copied out whole, so a bad buffer is EFAULT
// with nothing half written that matters.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/page.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define AT_FDCWD		-100
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000

/* x86-64's struct stat: 144 bytes, this order (uapi asm/stat.h). */
struct stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks;		/* 512-byte units */
	u64 st_atime;
	u64 st_atime_nsec;
	u64 st_mtime;
	u64 st_mtime_nsec;
	u64 st_ctime;
	u64 st_ctime_nsec;
	s64 __unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "x86-64 struct stat");

/* Linux's new_encode_dev for a major-0 device: the minor's low byte. */
static u64 encode_dev(u32 minor)
{
	return (minor & 0xff) | ((u64)(minor & ~0xffU) << 12);
}

/* Linux: vfs_getattr + cp_new_stat, for an inode. */
static void fill_stat(struct inode *inode, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = encode_dev(inode->i_sb->s_dev);
	st->st_ino = inode->i_ino;
	st->st_nlink = inode->i_nlink;
	st->st_mode = inode->i_mode;
	st->st_rdev = new_encode_dev(inode->i_rdev);
	st->st_uid = from_kuid_munged(current_user_ns(), inode->i_uid);
	st->st_gid = from_kgid_munged(current_user_ns(), inode->i_gid);
	spin_lock(&inode->i_lock);
	st->st_size = inode->i_size;
	st->st_atime = inode->i_atime.tv_sec;
	st->st_atime_nsec = inode->i_atime.tv_nsec;
	st->st_mtime = inode->i_mtime.tv_sec;
	st->st_mtime_nsec = inode->i_mtime.tv_nsec;
	st->st_ctime = inode->i_ctime.tv_sec;
	st->st_ctime_nsec = inode->i_ctime.tv_nsec;
	spin_unlock(&inode->i_lock);
	st->st_blksize = PAGE_SIZE;
	if (S_ISREG(inode->i_mode))
		st->st_blocks = tmpfs_nr_pages(inode) * (PAGE_SIZE / 512);
}

/*
 * A file with no inode: a pipe is a FIFO; the console made without
 * /dev/console (an initramfs that lacks it) is refused rather than
 * described wrong.
 */
static int fill_stat_file(struct file *f, struct stat *st)
{
	if (f->f_inode) {
		fill_stat(f->f_inode, st);
		return 0;
	}
	if (f->f_op != &pipefifo_fops)
		return -EOPNOTSUPP;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_ino = pipe_ino(f);
	st->st_nlink = 1;
	st->st_blksize = PAGE_SIZE;
	return 0;
}

static long copy_stat(struct stat __user *ubuf, const struct stat *st)
{
	return copy_to_user(ubuf, st, sizeof(*st)) ? -EFAULT : 0;
}

static long do_fstat(unsigned int fd, struct stat __user *ubuf)
{
	struct fd f = fdget(fd);
	struct stat st;
	long err;

	if (!f.file)
		return -EBADF;
	err = fill_stat_file(f.file, &st);
	fdput(f);
	return err ? err : copy_stat(ubuf, &st);
}

/* Linux: vfs_fstatat. Fills *st (the kernel's view) from a name. */
static long vfs_fstatat(int dfd, const char __user *filename, int flags,
			struct stat *st)
{
	struct fs_struct snap;
	struct path path;
	struct fd f;
	char *name;
	long err;

	name = getname(filename);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!name[0] && (flags & AT_EMPTY_PATH)) {
		putname(name);
		if (dfd == AT_FDCWD) {
			get_current_fs(&snap);
			fill_stat(snap.pwd.dentry->d_inode, st);
			put_current_fs(&snap);
			return 0;
		}
		f = fdget(dfd);
		if (!f.file)
			return -EBADF;
		err = fill_stat_file(f.file, st);
		fdput(f);
		return err;
	}
	err = filename_lookup(dfd, name,
			      flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW,
			      &path);
	if (err)
		goto out;
	fill_stat(path.dentry->d_inode, st);
	path_put(&path);
out:
	putname(name);
	return err;
}

static long do_fstatat(int dfd, const char __user *filename,
		       struct stat __user *ubuf, int flags)
{
	struct stat st;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	err = vfs_fstatat(dfd, filename, flags, &st);
	return err ? err : copy_stat(ubuf, &st);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, statbuf, int, flag)
{
	return do_fstatat(dfd, filename, statbuf, flag);
}

SYSCALL_DEFINE2(newstat, const char __user *, filename,
		struct stat __user *, statbuf)
{
	return do_fstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(newlstat, const char __user *, filename,
		struct stat __user *, statbuf)
{
	return do_fstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE2(newfstat, unsigned int, fd, struct stat __user *, statbuf)
{
	return do_fstat(fd, statbuf);
}

/* statx(2)'s record (uapi linux/stat.h): 256 bytes. */
struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct statx {
	u32 stx_mask;		/* what was filled in: STATX_* */
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor;
	u32 stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx");

#define STATX_BASIC_STATS	0x000007ffU	/* type, mode ... blocks */
#define STATX__RESERVED		0x80000000U
#define AT_STATX_SYNC_TYPE	0x6000

static struct statx_timestamp statx_time(u64 sec, u64 nsec)
{
	return (struct statx_timestamp){ .tv_sec = sec, .tv_nsec = nsec };
}

/*
 * Linux: sys_statx. Nook has no birth time, mount ids or file
 * attributes, so it reports the basic stats whatever mask asks: the
 * mask is a wish, and stx_mask says what was given.
 */
SYSCALL_DEFINE5(statx, int, dfd, const char __user *, filename,
		unsigned int, flags, unsigned int, mask,
		struct statx __user *, buffer)
{
	struct statx sx;
	struct stat st;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = vfs_fstatat(dfd, filename, flags, &st);
	if (err)
		return err;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = st.st_size;
	sx.stx_blocks = st.st_blocks;
	sx.stx_atime = statx_time(st.st_atime, st.st_atime_nsec);
	sx.stx_mtime = statx_time(st.st_mtime, st.st_mtime_nsec);
	sx.stx_ctime = statx_time(st.st_ctime, st.st_ctime_nsec);
	sx.stx_rdev_major = MAJOR(new_decode_dev(st.st_rdev));
	sx.stx_rdev_minor = MINOR(new_decode_dev(st.st_rdev));
	/* st_dev is major 0 (encode_dev): its minor is all of it. */
	sx.stx_dev_minor = (st.st_dev & 0xff) | ((st.st_dev >> 12) & ~0xffU);
	return copy_to_user(buffer, &sx, sizeof(sx)) ? -EFAULT : 0;
}

static long do_readlinkat(int dfd, const char __user *pathname,
			  char __user *ubuf, int bufsiz)
{
	struct path path;
	char *name, *body = NULL;
	long err;

	if (bufsiz <= 0)
		return -EINVAL;
	name = getname(pathname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = filename_lookup(dfd, name, 0, &path);
	if (err)
		goto out;
	err = -ENOMEM;
	body = kmalloc(PATH_MAX);
	if (body)
		err = vfs_readlink(path.dentry, body,
				   bufsiz < PATH_MAX ? bufsiz : PATH_MAX);
	path_put(&path);
	if (err > 0 && copy_to_user(ubuf, body, err))
		err = -EFAULT;
	kfree(body);
out:
	putname(name);
	return err;
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname,
		char __user *, buf, int, bufsiz)
{
	return do_readlinkat(dfd, pathname, buf, bufsiz);
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf,
		int, bufsiz)
{
	return do_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

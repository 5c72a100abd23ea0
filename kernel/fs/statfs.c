// kernel/fs/statfs.c — statfs(2) and fstatfs(2): how big a filesystem
// is, how full, and how it is mounted.
//
// Linux: fs/statfs.c (statfs_by_dentry, vfs_statfs, calculate_f_flags,
// do_statfs_native). The filesystem fills in its sizes (super_operations
// statfs); the VFS adds f_flags from the mount's and the super block's
// flags (ST_RDONLY, ST_NOSUID...) and defaults f_frsize to f_bsize.
// f_fsid is the instance's device number, where Linux's tmpfs reports a
// value made from a random per-instance UUID: both only promise that
// two instances differ.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/string.h>
#include <asm/page.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* f_flags (uapi linux/statfs.h). */
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_VALID	0x0020	/* f_flags is filled in */
#define ST_NOATIME	0x0400
#define ST_NODIRATIME	0x0800
#define ST_RELATIME	0x1000

#define PIPEFS_MAGIC	0x50495045

/* x86-64's struct statfs: 120 bytes (uapi asm-generic/statfs.h). */
struct statfs {
	long f_type;
	long f_bsize;
	long f_blocks;
	long f_bfree;
	long f_bavail;
	long f_files;
	long f_ffree;
	int f_fsid[2];
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "x86-64 struct statfs");

static long calculate_f_flags(struct vfsmount *mnt)
{
	static const struct { int mnt; long st; } map[] = {
		{ MNT_READONLY, ST_RDONLY }, { MNT_NOSUID, ST_NOSUID },
		{ MNT_NODEV, ST_NODEV }, { MNT_NOEXEC, ST_NOEXEC },
		{ MNT_NOATIME, ST_NOATIME }, { MNT_NODIRATIME, ST_NODIRATIME },
		{ MNT_RELATIME, ST_RELATIME },
	};
	int flags = mnt_flags_of(mnt);
	long f = ST_VALID;

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (flags & map[i].mnt)
			f |= map[i].st;
	if (mnt_is_readonly(mnt))	/* a read-only super block too */
		f |= ST_RDONLY;
	return f;
}

static int statfs_by_dentry(struct dentry *dentry, struct kstatfs *buf)
{
	struct super_block *sb = dentry->d_sb;
	int err;

	if (!sb->s_op || !sb->s_op->statfs)
		return -ENOSYS;		/* Linux says so too */
	memset(buf, 0, sizeof(*buf));
	err = sb->s_op->statfs(dentry, buf);
	if (err)
		return err;
	if (!buf->f_frsize)
		buf->f_frsize = buf->f_bsize;
	buf->f_fsid[0] = sb->s_dev;
	return 0;
}

int vfs_statfs(const struct path *path, struct kstatfs *buf)
{
	int err = statfs_by_dentry(path->dentry, buf);

	if (!err)
		buf->f_flags = calculate_f_flags(path->mnt);
	return err;
}

static long do_statfs_native(const struct kstatfs *st, struct statfs __user *p)
{
	struct statfs buf = {
		.f_type = st->f_type, .f_bsize = st->f_bsize,
		.f_blocks = st->f_blocks, .f_bfree = st->f_bfree,
		.f_bavail = st->f_bavail, .f_files = st->f_files,
		.f_ffree = st->f_ffree,
		.f_fsid = { st->f_fsid[0], st->f_fsid[1] },
		.f_namelen = st->f_namelen, .f_frsize = st->f_frsize,
		.f_flags = st->f_flags,
	};

	return copy_to_user(p, &buf, sizeof(buf)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, pathname,
		struct statfs __user *, buf)
{
	struct kstatfs st;
	struct path path;
	char *name = getname(pathname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = filename_lookup(-100 /* AT_FDCWD */, name, LOOKUP_FOLLOW, &path);
	putname(name);
	if (err)
		return err;
	err = vfs_statfs(&path, &st);
	path_put(&path);
	return err ? err : do_statfs_native(&st, buf);
}

/*
 * Linux: simple_statfs, for a file system with no sizes to speak of
 * (procfs): its magic, the page size and NAME_MAX.
 */
int simple_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	buf->f_type = dentry->d_sb->s_magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

/*
 * A file with no path is a pipe here (or the console made without
 * /dev/console): Linux's pipes live in pipefs, whose statfs says only
 * its magic, the page size and NAME_MAX (simple_statfs).
 */
static int fd_statfs(struct file *file, struct kstatfs *st)
{
	if (file->f_path.dentry)
		return vfs_statfs(&file->f_path, st);
	memset(st, 0, sizeof(*st));
	st->f_type = file->f_op == &pipefifo_fops ? PIPEFS_MAGIC : 0;
	st->f_bsize = st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_flags = ST_VALID;
	return 0;
}

SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct statfs __user *, buf)
{
	struct kstatfs st;
	struct fd f = fdget(fd);
	long err;

	if (!f.file)
		return -EBADF;
	err = fd_statfs(f.file, &st);
	fdput(f);
	return err ? err : do_statfs_native(&st, buf);
}

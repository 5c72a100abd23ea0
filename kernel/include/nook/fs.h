/*
 * nook/fs.h — the VFS's objects: super_block, inode, dentry, path,
 * file_system_type, and the calls the system-call layer makes on them.
 * Linux: include/linux/fs.h, include/linux/dcache.h, include/linux/namei.h,
 * include/linux/path.h, include/linux/fs_struct.h.
 *
 * Locks, from outermost to innermost (a path takes them in this order):
 *   sb->s_dir_lock   every change to a directory of that super block
 *                    (create, unlink, rename...): Linux's inode_lock on the
 *                    directory plus s_vfs_rename_mutex. A spinlock because
 *                    no directory operation sleeps yet; it must become a
 *                    sleeping lock when one can (a disk, a user copy).
 *   mount_lock       the mount trees (kernel/fs/namespace.c), mnt_count
 *   dcache_lock      every dentry's d_count, d_parent, d_name, d_inode,
 *                    d_subdirs/d_child and d_flags: one lock for the whole
 *                    dentry tree, as Linux had until 2.6.38
 *   inode->i_lock    a file's size and page array (kernel/fs/tmpfs.c)
 * Inode and super block counts are atomic: they need no lock.
 */
#ifndef NOOK_FS_H
#define NOOK_FS_H

#include <nook/kernel.h>
#include <nook/list.h>
#include <nook/spinlock.h>
#include <nook/timekeeping.h>
#include <nook/uidgid.h>
#include <nook/initramfs.h>	/* S_IFMT, S_IFDIR, S_IFREG, S_IFLNK */
#include <nook/kdev_t.h>

#define NAME_MAX	255	/* bytes in one component, NUL not counted */
#define PATH_MAX	4096	/* bytes in a path, NUL counted */
#define MAXSYMLINKS	40	/* symlinks one walk may follow */

#define S_IFSOCK	0140000
#define S_IFBLK		0060000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_IALLUGO	07777
#define S_IRWXU		00700
#define S_IRUSR		00400
#define S_IWUSR		00200
#define S_IXUSR		00100
#define S_IRWXG		00070
#define S_IXGRP		00010
#define S_IRWXO		00007
#define S_IXOTH		00001
#define S_IRWXUGO	00777
#define S_IRUGO		00444
#define S_IWUGO		00222
#define S_IXUGO		00111
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

typedef u16 umode_t;
typedef long long loff_t;

struct file_operations;		/* nook/file.h: what an open file can do */
struct vfsmount;
struct path;
struct dentry;
struct inode;
struct super_block;

/* A name and its length; the name need not end in NUL. */
struct qstr {
	const char *name;
	u32 len;
};
#define QSTR_INIT(n, l) { .name = (n), .len = (l) }

/* ---- file system types and super blocks --------------------------- */

struct file_system_type {
	const char *name;
	/* Makes a new instance; returns its root dentry (one reference). */
	struct dentry *(*mount)(struct file_system_type *type, int flags,
				void *data);
	/* Undoes mount once the last reference to the sb is gone. */
	void (*kill_sb)(struct super_block *sb);
	struct file_system_type *next;	/* on file_systems, under its lock */
};

int register_filesystem(struct file_system_type *type);
struct file_system_type *get_fs_type(const char *name);

/*
 * Linux: struct dentry_operations, set for a whole super block (s_d_op).
 * d_revalidate: may a dentry found in the cache still be used? 0 makes
 * the walk drop it (unhashed) and ask the filesystem again (procfs: a
 * /proc/PID whose task is gone).
 */
struct dentry_operations {
	int (*d_revalidate)(struct dentry *dentry);
};

/* What statfs(2) reports, before the copy out. Linux: struct kstatfs. */
struct kstatfs {
	long f_type;
	long f_bsize;
	u64 f_blocks, f_bfree, f_bavail;	/* in f_bsize units */
	u64 f_files, f_ffree;
	int f_fsid[2];
	long f_namelen;
	long f_frsize;
	long f_flags;				/* ST_*, from the mount */
};

struct super_operations {
	/* Frees what the fs hung on an inode; called by the last iput. */
	void (*evict_inode)(struct inode *inode);
	/*
	 * mount(2) with MS_REMOUNT: apply data (the fs's options, or NULL)
	 * and *flags (SB_RDONLY...) to a live instance. Linux: remount_fs.
	 */
	int (*remount_fs)(struct super_block *sb, unsigned long *flags,
			  char *data);
	/* statfs(2): sizes and counts of the instance dentry is in. */
	int (*statfs)(struct dentry *dentry, struct kstatfs *buf);
};

/* sb->s_flags: Linux's SB_* values, the MS_* bits mount(2) passes. */
#define SB_RDONLY	(1UL << 0)

struct super_block {
	/* set when made, read-only afterwards */
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	const struct dentry_operations *s_d_op;	/* NULL: none */
	struct dentry *s_root;
	void *s_fs_info;
	unsigned long s_magic;		/* statfs's f_type (nook/magic.h) */
	u32 s_dev;			/* anonymous: major 0, minor from sget */

	/* under mount_lock */
	unsigned long s_flags;		/* SB_RDONLY */
	int s_writers;			/* writes under way through any mount
					 * (mnt_want_write), which a remount
					 * read-only must wait out: EBUSY */

	int s_active;			/* atomic: mounts of this instance */
	spinlock_t s_dir_lock;		/* see the top of this file */

	/* under s_inode_list_lock */
	spinlock_t s_inode_list_lock;
	struct list_head s_inodes;	/* every live inode of this sb */
	unsigned long s_next_ino;
};

struct super_block *sget(struct file_system_type *type,
			 const struct super_operations *ops);
void deactivate_super(struct super_block *sb);

/* ---- inodes --------------------------------------------------------- */

struct inode_operations {
	/* dentry is negative and hashed; fill it (d_add) or leave it so. */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *new);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*symlink)(struct inode *dir, struct dentry *dentry,
		       const char *target);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	/* A device, FIFO or socket node (mode has its S_IF* type). */
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode,
		     dev_t dev);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*rename)(struct inode *old_dir, struct dentry *old,
		      struct inode *new_dir, struct dentry *new);
	/* A symlink's target, valid while the caller holds the inode. */
	const char *(*get_link)(struct inode *inode);
	/*
	 * Links whose target is made at each use (procfs). readlink puts
	 * the text readlink(2) shows in buf (at most size bytes, no NUL)
	 * and returns its length; a walk follows that text when there is
	 * no get_link. A "magic" link (/proc/PID/exe, cwd, fd/N) has
	 * jump_link too: it hands back a held path and the walk moves
	 * straight there, whatever the text says (Linux: nd_jump_link).
	 */
	int (*readlink)(struct dentry *dentry, char *buf, int size);
	int (*jump_link)(struct dentry *dentry, struct path *path);
	/*
	 * O_TRUNC and truncate(2) on a file that is not tmpfs's (Linux:
	 * i_op->setattr with ATTR_SIZE); NULL: tmpfs_truncate.
	 */
	int (*truncate)(struct inode *inode, loff_t size);
	/*
	 * The file system's own permission check (MAY_* mask; 0 or
	 * -EACCES); NULL: generic_permission. procfs lets a process into
	 * its own fd/ whatever its owner says (proc_fd_permission).
	 */
	int (*permission)(struct inode *inode, int mask);
};

struct inode {
	/* set when made, read-only afterwards */
	unsigned long i_ino;
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;

	/* changed under the parent directory's sb->s_dir_lock (or i_lock) */
	umode_t i_mode;
	kuid_t i_uid;			/* owner, in the initial namespace */
	kgid_t i_gid;
	unsigned int i_nlink;
	struct timespec64 i_atime, i_mtime, i_ctime;

	spinlock_t i_lock;
	loff_t i_size;			/* under i_lock */
	void *i_private;		/* the fs's own (tmpfs: its pages) */
	dev_t i_rdev;			/* set when made: a device's number */
	struct pipe_inode_info *i_pipe;	/* a FIFO's pipe while open
					 * (under pipe.c's pipe_i_lock) */

	int i_count;			/* atomic */
	struct list_head i_sb_list;	/* on i_sb->s_inodes */
};

struct inode *new_inode(struct super_block *sb);
struct inode *ihold(struct inode *inode);
void iput(struct inode *inode);
void inode_init_owner(struct inode *inode, const struct inode *dir,
		      umode_t mode);
struct timespec64 current_time(const struct inode *inode);
void inode_init(void);
void inc_nlink(struct inode *inode);
/*
 * A device, FIFO or socket inode: its i_fop is the one for its kind
 * (def_chr_fops finds a character device's driver at open). Linux:
 * init_special_inode.
 */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
void drop_nlink(struct inode *inode);

/* ---- dentries ------------------------------------------------------- */

#define DCACHE_MOUNTED		(1U << 0)	/* something is mounted here */
#define DCACHE_UNHASHED		(1U << 1)	/* unlinked or renamed over:
						 * no walk finds it (Linux: d_unhashed) */

struct dentry {
	/* under dcache_lock */
	int d_count;
	unsigned int d_flags;
	struct dentry *d_parent;	/* itself for a root */
	struct qstr d_name;		/* d_name.name points at d_iname or
					 * a kmalloc'd copy when longer */
	struct inode *d_inode;		/* NULL: negative (no such name) */
	struct list_head d_child;	/* on d_parent->d_subdirs */
	struct list_head d_subdirs;	/* children, positive and negative */
	int d_mounted;			/* mounts on it, in every tree (bind
					 * mounts share dentries); DCACHE_MOUNTED
					 * while not 0. Under mount_lock too. */

	/* set when made */
	struct super_block *d_sb;
	char d_iname[32];		/* short names live here */
};

extern spinlock_t dcache_lock;

struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
struct dentry *d_make_root(struct inode *root);
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
void d_instantiate(struct dentry *dentry, struct inode *inode);
int d_move(struct dentry *dentry, struct dentry *target);
void d_delete(struct dentry *dentry);
void d_genocide(struct dentry *root);
void dcache_init(void);

static inline bool d_mountpoint(const struct dentry *dentry)
{
	return dentry->d_flags & DCACHE_MOUNTED;
}

static inline bool d_is_negative(const struct dentry *dentry)
{
	return !dentry->d_inode;
}

static inline bool d_is_dir(const struct dentry *dentry)
{
	return dentry->d_inode && S_ISDIR(dentry->d_inode->i_mode);
}

/* ---- permission (kernel/fs/namei.c) ---------------------------------- */

/* What an access asks for (Linux's values: the low three are rwx). */
#define MAY_EXEC		0x00000001
#define MAY_WRITE		0x00000002
#define MAY_READ		0x00000004
#define MAY_APPEND		0x00000008
#define MAY_ACCESS		0x00000010	/* access(2), not a real use */
#define MAY_OPEN		0x00000020
#define MAY_CHDIR		0x00000040

/* The mode bits, then CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH. 0 or -EACCES. */
int generic_permission(struct inode *inode, int mask);
int inode_permission(struct inode *inode, int mask);
/* The owner, or CAP_FOWNER over the inode (chmod, utimes, O_NOATIME). */
bool inode_owner_or_capable(const struct inode *inode);

/* ---- attributes (kernel/fs/attr.c) ----------------------------------- */

/* iattr->ia_valid: what to change (Linux's values) */
#define ATTR_MODE	(1 << 0)
#define ATTR_UID	(1 << 1)
#define ATTR_GID	(1 << 2)
#define ATTR_SIZE	(1 << 3)
#define ATTR_ATIME	(1 << 4)
#define ATTR_MTIME	(1 << 5)
#define ATTR_CTIME	(1 << 6)
#define ATTR_ATIME_SET	(1 << 7)	/* a time given, not "now" */
#define ATTR_MTIME_SET	(1 << 8)
#define ATTR_FORCE	(1 << 9)	/* no permission checks */
#define ATTR_KILL_SUID	(1 << 11)
#define ATTR_KILL_SGID	(1 << 12)
#define ATTR_TIMES_SET	(1 << 16)	/* utimensat with a times array */
#define ATTR_TOUCH	(1 << 17)	/* utimensat with no times: "now" */

struct iattr {
	unsigned int ia_valid;
	umode_t ia_mode;
	kuid_t ia_uid;
	kgid_t ia_gid;
	struct timespec64 ia_atime;
	struct timespec64 ia_mtime;
	struct timespec64 ia_ctime;
};

struct file;
int setattr_prepare(struct inode *inode, struct iattr *attr);
/* Check and make the changes attr asks for; 0 or -errno. */
int notify_change(struct dentry *dentry, struct iattr *attr);
/* A write: drop set-user-ID (and set-group-ID) unless CAP_FSETID. */
int file_remove_privs(struct file *file);
/* The same for a truncate by name (truncate(2), O_TRUNC). */
int dentry_remove_privs(struct dentry *dentry);
/* The ATTR_KILL_* bits a chown of inode adds. */
unsigned int chown_kill_bits(const struct inode *inode);

/* ---- paths and the walk (kernel/fs/namei.c) ------------------------- */

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

void path_get(const struct path *path);
void path_put(const struct path *path);
static inline bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/*
 * Where a task's walks start: Linux's struct fs_struct (root, cwd and
 * umask). Tasks share one with CLONE_FS (kernel/fs/fs_struct.c).
 */
struct fs_struct {
	int users;			/* atomic: tasks sharing it */
	spinlock_t lock;		/* root and pwd are replaced under it */
	int umask;			/* under lock */
	struct path root;
	struct path pwd;
};

struct task_struct;
/* fork: share (CLONE_FS) or copy current's fs_struct into tsk. */
int copy_fs(u64 clone_flags, struct task_struct *tsk);
/* unshare(2)'s CLONE_FS: a private copy of old, one user; NULL: no memory. */
struct fs_struct *copy_fs_struct(struct fs_struct *old);
/* Release what fs holds and free it: its last user has let go. */
void free_fs_struct(struct fs_struct *fs);
/* exit: drop tsk's fs_struct; the last user lets root and pwd go. */
void exit_fs(struct task_struct *tsk);
/*
 * A copy of current's root and cwd, both held, for one walk: a CLONE_FS
 * sibling's chdir cannot free them under it. put_current_fs lets go.
 */
void get_current_fs(struct fs_struct *snap);
void put_current_fs(struct fs_struct *snap);
int current_umask(void);
/* path's name from current's root, at the end of buf (Linux: d_path). */
char *d_path(const struct path *path, char *buf, int len);
/* path's name from root; NULL if root does not lead to it (__d_path). */
char *__d_path(const struct path *path, const struct path *root, char *buf,
	       int len);

/* A user path name copied in (Linux: getname): kmalloc'd, or ERR_PTR. */
char *getname(const char __user *name);
void putname(char *name);
void fs_struct_init(void);
void fs_set_pwd(const struct path *path);
/* Live fs_structs, for the leak checks. */
unsigned long fs_struct_live(void);

/* kern_path flags (Linux's values) */
#define LOOKUP_FOLLOW		0x0001	/* follow a symlink in the last part */
#define LOOKUP_DIRECTORY	0x0002	/* the last part must be a directory */

/* filename_parentat: what the last component was */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

int kern_path(const struct fs_struct *fs, const char *name, unsigned flags,
	      struct path *out);
int vfs_path_lookup(const struct fs_struct *fs, const struct path *start,
		    const char *name, unsigned flags, struct path *out);
int filename_parentat(const struct fs_struct *fs, const struct path *start,
		      const char *name, unsigned flags, struct path *parent,
		      struct qstr *last, int *type);

/* The name calls: start NULL means relative to fs->pwd (Linux's AT_FDCWD). */
int do_mknodat(const struct fs_struct *fs, const struct path *start,
	       const char *name, umode_t mode, dev_t dev);
int do_mkdirat(const struct fs_struct *fs, const struct path *start,
	       const char *name, umode_t mode);
int do_rmdir(const struct fs_struct *fs, const struct path *start,
	     const char *name);
int do_unlinkat(const struct fs_struct *fs, const struct path *start,
		const char *name);
int do_symlinkat(const struct fs_struct *fs, const char *target,
		 const struct path *start, const char *name);
#define AT_SYMLINK_FOLLOW	0x400
int do_linkat(const struct fs_struct *fs, const struct path *old_start,
	      const char *old_name, const struct path *new_start,
	      const char *new_name, int flags);
int do_renameat2(const struct fs_struct *fs, const struct path *old_start,
		 const char *old_name, const struct path *new_start,
		 const char *new_name, unsigned int flags);
/*
 * A *at() call's start: NULL in *startp for AT_FDCWD or an absolute
 * name, else dfd's path, held in *start (path_put it). EBADF, ENOTDIR.
 */
int filename_lookup(int dfd, const char *name, unsigned int flags,
		    struct path *path);
int dirfd_path(int dfd, const char *name, struct path *start,
	       struct path **startp);
/* What fd (AT_FDCWD: the cwd) was opened on, held; AT_EMPTY_PATH's. */
int fd_path(int fd, struct path *path);
/* open(2) with O_CREAT: find or create name's last component. */
int open_create(const struct fs_struct *fs, const struct path *start,
		const char *name, int excl, int nofollow, umode_t mode,
		struct path *out, bool *created);
/* readlink(2)'s core: copies at most size bytes, no NUL; returns the count. */
int vfs_readlink(struct dentry *dentry, char *buf, int size);

/* statfs(2)'s core (kernel/fs/statfs.c): sizes and ST_* mount flags. */
int vfs_statfs(const struct path *path, struct kstatfs *buf);
/* A statfs for a file system without sizes: magic, page size, NAME_MAX. */
int simple_statfs(struct dentry *dentry, struct kstatfs *buf);

/* ---- tmpfs (kernel/fs/tmpfs.c) -------------------------------------- */

/* Data on an inode at an offset, to and from kernel buffers. */
ssize_t tmpfs_read(struct inode *inode, char *buf, size_t len, loff_t pos);
ssize_t tmpfs_write(struct inode *inode, const char *buf, size_t len,
		    loff_t pos);
int tmpfs_truncate(struct inode *inode, loff_t size);
/* truncate through the inode's own i_op->truncate, else tmpfs's. */
int vfs_truncate(struct inode *inode, loff_t size);
/* Pages a tmpfs file holds now (for tests and, later, statfs). */
unsigned long tmpfs_nr_pages(struct inode *inode);

/* A new tmpfs instance of type (devtmpfs makes its own this way). */
struct dentry *tmpfs_mount(struct file_system_type *type, int flags,
			   void *data);
void tmpfs_kill_sb(struct super_block *sb);
void tmpfs_init(void);

/* ---- boot ------------------------------------------------------------ */

void vfs_caches_init(void);
/* Unpacks the boot initramfs into "/" (Linux: init/initramfs.c). */
int populate_rootfs(void);
int unpack_to_rootfs(const void *archive, size_t len,
		     const struct fs_struct *fs);

/* The live-object counts tests compare with a baseline. */
unsigned long dentry_live(void);
unsigned long inode_live(void);
unsigned long mnt_live(void);

#endif

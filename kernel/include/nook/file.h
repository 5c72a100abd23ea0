/*
 * nook/file.h — open files and the descriptor tables that point at them:
 * struct file, struct file_operations, struct files_struct, the O_* and
 * FD_* flags, and the calls that look descriptors up.
 * Linux: include/linux/fs.h (struct file, file_operations), file.h
 * (fget, fdget, fd_install), fdtable.h (files_struct), and
 * include/uapi/asm-generic/fcntl.h for the flag values.
 *
 * A struct file is one open: its position, its flags and what it is
 * (f_op, private_data). Descriptors are numbers in a process's
 * files_struct that name files; dup(2) and fork make several name the
 * same file, which is why f_count counts them. The VFS (nook/fs.h)
 * gives a file its path and inode; pipes and the console need neither.
 */
#ifndef NOOK_FILE_H
#define NOOK_FILE_H

#include <nook/fs.h>
#include <nook/kernel.h>
#include <nook/spinlock.h>
#include <nook/types.h>

struct cred;
struct file;
struct iov_iter;
struct kmem_cache;
struct task_struct;

typedef long long loff_t;
typedef unsigned int fmode_t;

/* open(2)'s flags, Linux's x86-64 values (uapi/asm-generic/fcntl.h). */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define FASYNC		00020000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000

/* fcntl(2)'s commands and descriptor flags. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030	/* F_LINUX_SPECIFIC_BASE + 6 */
#define FD_CLOEXEC	1

/* lseek(2)'s whence. */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4
#define SEEK_MAX	SEEK_HOLE

/* file->f_mode: what this open may do (Linux: include/linux/fs.h). */
#define FMODE_READ	((fmode_t)0x1)
#define FMODE_WRITE	((fmode_t)0x2)
#define FMODE_LSEEK	((fmode_t)0x4)	/* f_pos means something */
#define FMODE_WRITER	((fmode_t)0x10000) /* holds mnt_want_write */

/*
 * One getdents64(2) in progress (Linux: struct dir_context). A
 * directory's iterate calls actor once per entry from pos on and moves
 * pos past each one actor took; actor returns false when the caller's
 * buffer is full, and the entry is offered again next time.
 */
struct dir_context;
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name,
			  int namelen, loff_t offset, u64 ino,
			  unsigned int d_type);
struct dir_context {
	filldir_t actor;
	loff_t pos;
};

/* d_type values (Linux: include/linux/fs_types.h): the S_IFMT >> 12. */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

/* The most bytes one read or write moves (Linux: MAX_RW_COUNT). */
#define MAX_RW_COUNT	(0x7ffff000UL)

/*
 * What a kind of file does. Every pointer may be NULL: the call then
 * fails as Linux's does without it (EINVAL to read or write, ENOTTY to
 * ioctl, ESPIPE to lseek). Buffers are user pointers, as in Linux.
 */
struct poll_table_struct;

struct file_operations {
	/*
	 * Called by open(2) once the file is made; may replace f_op (a
	 * character device's def_chr_fops hands over to its driver).
	 */
	int (*open)(struct inode *inode, struct file *file);
	long (*read)(struct file *file, char __user *buf, size_t count,
		     loff_t *pos);
	long (*write)(struct file *file, const char __user *buf,
		      size_t count, loff_t *pos);
	/*
	 * A whole readv/writev at once, for files that must not split it
	 * (the console writes one writev whole); without it, read/write
	 * run once per segment.
	 */
	long (*read_iter)(struct file *file, struct iov_iter *to, loff_t *pos);
	long (*write_iter)(struct file *file, struct iov_iter *from,
			   loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	/* poll(2): which POLL* hold now; poll_wait() on what may change it. */
	unsigned int (*poll)(struct file *file, struct poll_table_struct *pt);
	/* Directories: feed entries to ctx->actor (getdents64). */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd,
			       unsigned long arg);
	/*
	 * fsync(2), fdatasync(2): write the file out; without it, both
	 * are EINVAL (a pipe, a terminal), as in Linux.
	 */
	int (*fsync)(struct file *file, int datasync);
	/* The last fput: let go of private_data. */
	int (*release)(struct file *file);
};

struct file {
	/* set once when the file is made, read-only afterwards */
	const struct file_operations *f_op;
	fmode_t f_mode;			/* FMODE_* */
	void *private_data;		/* the file kind's own state */
	/*
	 * What was opened, held: set by vfs_open and let go in fput after
	 * f_op->release. Pipes and the console have none (NULL).
	 */
	struct path f_path;
	struct inode *f_inode;
	/* the opener's creds, held: file_ns_capable asks about them */
	const struct cred *f_cred;

	/* atomic; the last fput releases and frees the file */
	long f_count;

	/*
	 * Under f_lock: O_* status flags (O_APPEND, O_NONBLOCK changed by
	 * fcntl F_SETFL; the access mode never changes) and the position.
	 */
	spinlock_t f_lock;
	unsigned int f_flags;
	loff_t f_pos;
};

/* Live struct files (the "filp" cache): tests read kmem_cache_live. */
extern struct kmem_cache *filp_cachep;

void files_init(void);

/* A new file of this kind with one reference; ERR_PTR(-ENFILE/-ENOMEM). */
struct file *alloc_file(const struct file_operations *fop,
			unsigned int flags, void *private_data);

static inline struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->f_count, 1, __ATOMIC_RELAXED);
	return f;
}

/* Drop a reference; the last one calls f_op->release and frees f. */
void fput(struct file *f);

/* ---- descriptor tables (kernel/fs/file.c) ---- */

/* Bits per word of the close-on-exec and open maps. */
#define BITS_PER_LONG		64
/* A table starts with this many slots, as Linux's embedded one. */
#define NR_OPEN_EMBEDDED	BITS_PER_LONG	/* Linux: NR_OPEN_DEFAULT */

/* The slots; replaced whole (under file_lock) when it grows. */
struct fdtable {
	unsigned int max_fds;
	struct file **fd;		/* max_fds slots */
	unsigned long *close_on_exec;	/* one bit per slot */
	unsigned long *open_fds;	/* a slot is taken (maybe not yet installed) */
};

struct files_struct {
	/* atomic: the tasks sharing this table (CLONE_FILES) */
	int count;
	/* guards fdt, its contents, and next_fd */
	spinlock_t file_lock;
	struct fdtable *fdt;
	unsigned int next_fd;		/* no free slot below this */
	/* the first table, inside the struct (most processes need no more) */
	struct fdtable fdtab;
	struct file *fd_array[NR_OPEN_EMBEDDED];
	unsigned long close_on_exec_init[1];
	unsigned long open_fds_init[1];
};

extern struct files_struct init_files;
/* Live files_structs: tests read kmem_cache_live. */
extern struct kmem_cache *files_cachep;

/* Reserve the lowest free descriptor (O_CLOEXEC in flags); or -EMFILE. */
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Put file in the reserved slot fd; the table takes the reference. */
void fd_install(unsigned int fd, struct file *file);
/* The file fd names, with a reference; NULL if none. */
struct file *fget(unsigned int fd);
/* Close fd: -EBADF if it was not open. */
int close_fd(unsigned int fd);
/* fcntl F_DUPFD: the lowest free fd >= start now names file too. */
int f_dupfd(unsigned long start, struct file *file, unsigned int flags);
/* fcntl F_GETFD / F_SETFD. */
int get_close_on_exec(unsigned int fd);
void set_close_on_exec(unsigned int fd, bool on);
/* For the ktests: how many slots the table has now. */
unsigned int files_max_fds(struct files_struct *files);

/*
 * Linux's struct fd: fdget skips the reference when the table is not
 * shared, as nobody else could close fd meanwhile. Nook always takes
 * one (simpler to read; the cost is an atomic add).
 */
struct fd {
	struct file *file;
};

static inline struct fd fdget(unsigned int fd)
{
	return (struct fd){ .file = fget(fd) };
}

static inline void fdput(struct fd f)
{
	if (f.file)
		fput(f.file);
}

/* fork: share (CLONE_FILES) or copy current's table into tsk. */
int copy_files(u64 clone_flags, struct task_struct *tsk);
/* exit: drop tsk's table; the last user closes every file. */
void exit_files(struct task_struct *tsk);
/* exec's point of no return: close the FD_CLOEXEC descriptors. */
void do_close_on_exec(struct files_struct *files);
/* Drop a reference; the last user closes every file (procfs holds one). */
void put_files_struct(struct files_struct *files);
/* exec, before the point of no return: stop sharing the table. */
int unshare_files(void);

/* A pipe's ends share these (fstat tells a pipe by them). */
extern const struct file_operations pipefifo_fops;

/* A pipe end's inode number (fstat's st_ino); file is a pipe's. */
unsigned long pipe_ino(const struct file *file);

/* A new pipe's ends, res[0] to read and res[1] to write (fs/pipe.c). */
int create_pipe_files(struct file **res, int flags);

/* open(2) for the kernel: name from current's root and cwd. */
struct file *filp_open(const char *name, int flags, umode_t mode);
/* Open the file at path (held by the caller; the file takes its own). */
struct file *vfs_open(const struct path *path, int flags);

/* Open the console as fds 0, 1 and 2 of current (pid 1, at boot). */
void console_on_rootfs(void);

#endif

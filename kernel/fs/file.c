// kernel/fs/file.c — open files and per-process descriptor tables:
// alloc_file/fput, files_struct, alloc_fd, fd_install, fget, close_fd,
// copy_files/exit_files/do_close_on_exec, and close(2), dup(2), dup2(2),
// dup3(2).
//
// Linux: fs/file.c (the fdtable), fs/file_table.c (alloc_file, fput),
// fs/open.c (close). A descriptor is an index into files->fdt->fd[];
// open_fds marks the slots in use (a slot can be reserved by
// get_unused_fd_flags before fd_install fills it), close_on_exec those
// exec closes. The table starts inside the files_struct and is replaced
// by a bigger copy when a descriptor above its size is asked for, up
// to RLIMIT_NOFILE. Linux lets readers walk the table under RCU; Nook
// takes file_lock for every lookup, so an old table can be freed as
// soon as it has been replaced.
//
// Lock order: files->file_lock is a leaf. fput() is never called under
// it: a release may sleep or take other locks (a pipe's).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/mount.h>
#include <nook/kernel.h>
#include <nook/panic.h>
#include <nook/resource.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/syscall.h>

struct kmem_cache *filp_cachep;
struct kmem_cache *files_cachep;

struct files_struct init_files = {
	.count = 1,
	.file_lock = __SPIN_LOCK_UNLOCKED(init_files.file_lock),
	.fdt = &init_files.fdtab,
	.fdtab = {
		.max_fds = NR_OPEN_EMBEDDED,
		.fd = init_files.fd_array,
		.close_on_exec = init_files.close_on_exec_init,
		.open_fds = init_files.open_fds_init,
	},
};

void files_init(void)
{
	filp_cachep = kmem_cache_create("filp", sizeof(struct file), 0,
					SLAB_HWCACHE_ALIGN, NULL);
	files_cachep = kmem_cache_create("files_cache",
					 sizeof(struct files_struct), 0,
					 SLAB_HWCACHE_ALIGN, NULL);
	BUG_ON(!filp_cachep || !files_cachep);
}

/* ---- struct file ---- */

struct file *alloc_file(const struct file_operations *fop,
			unsigned int flags, void *private_data)
{
	struct file *f = kmem_cache_zalloc(filp_cachep);

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_op = fop;
	f->f_count = 1;
	f->f_cred = get_cred(current_cred());
	spin_lock_init(&f->f_lock, "f_lock");
	/* O_CLOEXEC belongs to the descriptor, not the open. */
	f->f_flags = flags & ~O_CLOEXEC;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		f->f_mode = FMODE_READ;
		break;
	case O_WRONLY:
		f->f_mode = FMODE_WRITE;
		break;
	default:
		f->f_mode = FMODE_READ | FMODE_WRITE;
		break;
	}
	f->private_data = private_data;
	return f;
}

void fput(struct file *f)
{
	if (__atomic_sub_fetch(&f->f_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->f_op->release)
		f->f_op->release(f);
	if (f->f_mode & FMODE_WRITER)
		mnt_drop_write(f->f_path.mnt);
	if (f->f_path.dentry)
		path_put(&f->f_path);
	put_cred(f->f_cred);
	kmem_cache_free(filp_cachep, f);
}

/* ---- bitmaps of descriptors ---- */

static inline bool fd_test(const unsigned long *map, unsigned int fd)
{
	return map[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static inline void fd_set_bit(unsigned long *map, unsigned int fd)
{
	map[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
}

static inline void fd_clear_bit(unsigned long *map, unsigned int fd)
{
	map[fd / BITS_PER_LONG] &= ~(1UL << (fd % BITS_PER_LONG));
}

/* The lowest clear bit at or above start, or max if none. */
static unsigned int find_next_zero_fd(const unsigned long *map,
				      unsigned int max, unsigned int start)
{
	for (unsigned int fd = start; fd < max; fd++) {
		unsigned long word = map[fd / BITS_PER_LONG];

		if (word == ~0UL && fd % BITS_PER_LONG == 0) {
			fd += BITS_PER_LONG - 1;	/* a full word: skip it */
			continue;
		}
		if (!(word & (1UL << (fd % BITS_PER_LONG))))
			return fd;
	}
	return max;
}

static size_t map_bytes(unsigned int nr)
{
	return nr / BITS_PER_LONG * sizeof(unsigned long);
}

/* ---- tables ---- */

/* A table of nr slots (a multiple of BITS_PER_LONG), all free. */
static struct fdtable *alloc_fdtable(unsigned int nr)
{
	struct fdtable *fdt = kzalloc(sizeof(*fdt));

	if (!fdt)
		return NULL;
	fdt->max_fds = nr;
	fdt->fd = kzalloc(nr * sizeof(struct file *));
	fdt->open_fds = kzalloc(map_bytes(nr));
	fdt->close_on_exec = kzalloc(map_bytes(nr));
	if (!fdt->fd || !fdt->open_fds || !fdt->close_on_exec) {
		kfree(fdt->fd);
		kfree(fdt->open_fds);
		kfree(fdt->close_on_exec);
		kfree(fdt);
		return NULL;
	}
	return fdt;
}

static void free_fdtable(struct files_struct *files, struct fdtable *fdt)
{
	if (fdt == &files->fdtab)
		return;			/* the embedded one */
	kfree(fdt->fd);
	kfree(fdt->open_fds);
	kfree(fdt->close_on_exec);
	kfree(fdt);
}

/* Copy old's slots and bits into the (bigger or equal) nfdt. */
static void copy_fdtable(struct fdtable *nfdt, const struct fdtable *old)
{
	memcpy(nfdt->fd, old->fd, old->max_fds * sizeof(struct file *));
	memcpy(nfdt->open_fds, old->open_fds, map_bytes(old->max_fds));
	memcpy(nfdt->close_on_exec, old->close_on_exec,
	       map_bytes(old->max_fds));
}

/* Enough slots for descriptor fd: a power of two, at least 2 words. */
static unsigned int fdtable_size_for(unsigned int fd)
{
	unsigned int nr = 2 * BITS_PER_LONG;

	while (nr <= fd)
		nr *= 2;
	return nr;
}

/*
 * Called with file_lock held, fd >= the table's size. Drops the lock to
 * allocate (the table may change meanwhile) and takes it again. Returns
 * 1 if the caller must look again, or -ENOMEM.
 */
static int expand_files(struct files_struct *files, unsigned int fd)
{
	struct fdtable *nfdt, *old;

	spin_unlock(&files->file_lock);
	nfdt = alloc_fdtable(fdtable_size_for(fd));
	spin_lock(&files->file_lock);
	if (!nfdt)
		return -ENOMEM;
	old = files->fdt;
	if (old->max_fds >= nfdt->max_fds) {
		/* Someone sharing the table grew it first. */
		spin_unlock(&files->file_lock);
		free_fdtable(files, nfdt);
		spin_lock(&files->file_lock);
		return 1;
	}
	copy_fdtable(nfdt, old);
	files->fdt = nfdt;
	/* No lookup runs without file_lock: nobody still reads old. */
	spin_unlock(&files->file_lock);
	free_fdtable(files, old);
	spin_lock(&files->file_lock);
	return 1;
}

/*
 * Reserve the lowest free descriptor in [start, end) (end: the caller's
 * RLIMIT_NOFILE). -EMFILE when there is none below end.
 */
static int alloc_fd(unsigned int start, unsigned int end, unsigned int flags)
{
	struct files_struct *files = current->files;
	struct fdtable *fdt;
	unsigned int fd;
	int err;

	spin_lock(&files->file_lock);
repeat:
	fdt = files->fdt;
	fd = max(start, files->next_fd);
	fd = find_next_zero_fd(fdt->open_fds, fdt->max_fds, fd);
	if (fd >= end) {
		err = -EMFILE;
		goto out;
	}
	if (fd >= fdt->max_fds) {
		err = expand_files(files, fd);
		if (err < 0)
			goto out;
		goto repeat;
	}
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	fd_set_bit(fdt->open_fds, fd);
	if (flags & O_CLOEXEC)
		fd_set_bit(fdt->close_on_exec, fd);
	else
		fd_clear_bit(fdt->close_on_exec, fd);
	err = fd;
out:
	spin_unlock(&files->file_lock);
	return err;
}

int get_unused_fd_flags(unsigned int flags)
{
	return alloc_fd(0, rlimit(RLIMIT_NOFILE), flags);
}

/* Under file_lock: slot fd is free again. */
static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	fd_clear_bit(files->fdt->open_fds, fd);
	fd_clear_bit(files->fdt->close_on_exec, fd);
	if (fd < files->next_fd)
		files->next_fd = fd;
}

void put_unused_fd(unsigned int fd)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	__put_unused_fd(files, fd);
	spin_unlock(&files->file_lock);
}

void fd_install(unsigned int fd, struct file *file)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	BUG_ON(files->fdt->fd[fd]);
	files->fdt->fd[fd] = file;
	spin_unlock(&files->file_lock);
}

struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *file = NULL;

	spin_lock(&files->file_lock);
	if (fd < files->fdt->max_fds) {
		file = files->fdt->fd[fd];
		if (file)
			get_file(file);
	}
	spin_unlock(&files->file_lock);
	return file;
}

/* Under file_lock: take fd's file out of the table (NULL if none). */
static struct file *pick_file(struct files_struct *files, unsigned int fd)
{
	struct fdtable *fdt = files->fdt;
	struct file *file;

	if (fd >= fdt->max_fds)
		return NULL;
	file = fdt->fd[fd];
	if (file) {
		fdt->fd[fd] = NULL;
		__put_unused_fd(files, fd);
	}
	return file;
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = current->files;
	struct file *file;

	spin_lock(&files->file_lock);
	file = pick_file(files, fd);
	spin_unlock(&files->file_lock);
	if (!file)
		return -EBADF;
	fput(file);
	return 0;
}

/* ---- fork, exit, exec ---- */

static struct files_struct *alloc_files_struct(void)
{
	struct files_struct *files = kmem_cache_zalloc(files_cachep);

	if (!files)
		return NULL;
	files->count = 1;
	spin_lock_init(&files->file_lock, "file_lock");
	files->fdtab.max_fds = NR_OPEN_EMBEDDED;
	files->fdtab.fd = files->fd_array;
	files->fdtab.close_on_exec = files->close_on_exec_init;
	files->fdtab.open_fds = files->open_fds_init;
	files->fdt = &files->fdtab;
	return files;
}

/*
 * Linux: dup_fd(). A copy of old's table: the same files, one more
 * reference each. A slot reserved but not yet installed is not copied.
 */
static struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *newf = alloc_files_struct();
	struct fdtable *nfdt = &newf->fdtab, *ofdt;

	if (!newf)
		return NULL;
	spin_lock(&old->file_lock);
	while (old->fdt->max_fds > nfdt->max_fds) {
		unsigned int want = old->fdt->max_fds;

		spin_unlock(&old->file_lock);
		if (nfdt != &newf->fdtab)
			free_fdtable(newf, nfdt);
		nfdt = alloc_fdtable(want);
		if (!nfdt) {
			kmem_cache_free(files_cachep, newf);
			return NULL;
		}
		spin_lock(&old->file_lock);
	}
	ofdt = old->fdt;
	for (unsigned int fd = 0; fd < ofdt->max_fds; fd++) {
		struct file *f = ofdt->fd[fd];

		if (!f)
			continue;
		nfdt->fd[fd] = get_file(f);
		fd_set_bit(nfdt->open_fds, fd);
		if (fd_test(ofdt->close_on_exec, fd))
			fd_set_bit(nfdt->close_on_exec, fd);
	}
	spin_unlock(&old->file_lock);
	newf->fdt = nfdt;
	return newf;
}

int copy_files(u64 clone_flags, struct task_struct *tsk)
{
	struct files_struct *oldf = current->files;

	if (clone_flags & CLONE_FILES) {
		__atomic_add_fetch(&oldf->count, 1, __ATOMIC_RELAXED);
		tsk->files = oldf;
		return 0;
	}
	tsk->files = dup_fd(oldf);
	return tsk->files ? 0 : -ENOMEM;
}

/* The last user is gone: close every file, free the table. */
static void close_files(struct files_struct *files)
{
	struct fdtable *fdt = files->fdt;

	for (unsigned int fd = 0; fd < fdt->max_fds; fd++) {
		struct file *f = fdt->fd[fd];

		if (f) {
			fdt->fd[fd] = NULL;
			fput(f);
		}
	}
}

void put_files_struct(struct files_struct *files)
{
	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_ACQ_REL))
		return;
	BUG_ON(files == &init_files);
	close_files(files);
	free_fdtable(files, files->fdt);
	kmem_cache_free(files_cachep, files);
}

void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	if (!files)
		return;
	task_lock(tsk);
	tsk->files = NULL;
	task_unlock(tsk);
	put_files_struct(files);
}

int unshare_files(void)
{
	struct files_struct *files = current->files, *copy;

	if (READ_ONCE(files->count) == 1)
		return 0;
	copy = dup_fd(files);
	if (!copy)
		return -ENOMEM;
	task_lock(current);
	current->files = copy;
	task_unlock(current);
	put_files_struct(files);
	return 0;
}

void do_close_on_exec(struct files_struct *files)
{
	spin_lock(&files->file_lock);
	for (unsigned int fd = 0; fd < files->fdt->max_fds; fd++) {
		struct file *file;

		if (!fd_test(files->fdt->close_on_exec, fd))
			continue;
		file = pick_file(files, fd);
		if (!file)
			continue;
		/* fput may sleep; the table may grow meanwhile: re-read it. */
		spin_unlock(&files->file_lock);
		fput(file);
		spin_lock(&files->file_lock);
	}
	spin_unlock(&files->file_lock);
}

/* ---- the system calls ---- */

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	/* Linux never restarts close: the descriptor is gone either way. */
	return close_fd(fd);
}

/* Under nothing; file has a reference the table takes over. */
static int do_dup2(struct files_struct *files, struct file *file,
		   unsigned int fd, unsigned int flags)
{
	struct file *tofree;
	struct fdtable *fdt;
	int err;

	spin_lock(&files->file_lock);
	while (fd >= files->fdt->max_fds) {
		err = expand_files(files, fd);
		if (err < 0)
			goto out_unlock;
	}
	fdt = files->fdt;
	tofree = fdt->fd[fd];
	/* Reserved by an open still in progress in a sharing task. */
	if (!tofree && fd_test(fdt->open_fds, fd)) {
		err = -EBUSY;
		goto out_unlock;
	}
	fdt->fd[fd] = file;
	fd_set_bit(fdt->open_fds, fd);
	if (flags & O_CLOEXEC)
		fd_set_bit(fdt->close_on_exec, fd);
	else
		fd_clear_bit(fdt->close_on_exec, fd);
	spin_unlock(&files->file_lock);
	if (tofree)
		fput(tofree);
	return fd;

out_unlock:
	spin_unlock(&files->file_lock);
	fput(file);
	return err;
}

static long ksys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *file;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	file = fget(oldfd);
	if (!file)
		return -EBADF;
	return do_dup2(current->files, file, newfd, flags);
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	return ksys_dup3(oldfd, newfd, flags);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	/* dup2 onto itself is a no-op that still checks oldfd. */
	if (oldfd == newfd) {
		struct file *f = fget(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return oldfd;
	}
	return ksys_dup3(oldfd, newfd, 0);
}

/* The lowest free descriptor at or above start, naming file. */
int f_dupfd(unsigned long start, struct file *file, unsigned int flags)
{
	unsigned long nofile = rlimit(RLIMIT_NOFILE);
	int fd;

	if (start >= nofile)
		return -EINVAL;
	fd = alloc_fd(start, nofile, flags);
	if (fd >= 0)
		fd_install(fd, get_file(file));
	return fd;
}

SYSCALL_DEFINE1(dup, unsigned int, fildes)
{
	struct file *file = fget(fildes);
	int fd;

	if (!file)
		return -EBADF;
	fd = get_unused_fd_flags(0);
	if (fd >= 0)
		fd_install(fd, file);	/* the table takes fget's reference */
	else
		fput(file);
	return fd;
}

/* fcntl F_GETFD / F_SETFD. */
int get_close_on_exec(unsigned int fd)
{
	struct files_struct *files = current->files;
	bool res;

	spin_lock(&files->file_lock);
	res = fd < files->fdt->max_fds && fd_test(files->fdt->close_on_exec, fd);
	spin_unlock(&files->file_lock);
	return res;
}

void set_close_on_exec(unsigned int fd, bool on)
{
	struct files_struct *files = current->files;

	spin_lock(&files->file_lock);
	if (fd < files->fdt->max_fds) {
		if (on)
			fd_set_bit(files->fdt->close_on_exec, fd);
		else
			fd_clear_bit(files->fdt->close_on_exec, fd);
	}
	spin_unlock(&files->file_lock);
}

/* For the ktests: how many slots current's table has. */
unsigned int files_max_fds(struct files_struct *files)
{
	unsigned int n;

	spin_lock(&files->file_lock);
	n = files->fdt->max_fds;
	spin_unlock(&files->file_lock);
	return n;
}

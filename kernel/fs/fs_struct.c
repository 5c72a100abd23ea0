// kernel/fs/fs_struct.c — a task's root, current directory and umask:
// struct fs_struct, copy_fs/exit_fs, and chdir(2), getcwd(2), umask(2).
//
// Linux: fs/fs_struct.c (copy_fs_struct, set_fs_pwd, free_fs_struct),
// kernel/fork.c (copy_fs), fs/d_path.c (getcwd) and fs/open.c (chdir).
// Tasks made with CLONE_FS share one fs_struct, so a chdir in one moves
// them all; without it the child gets a copy. Every walk starts from a
// held copy of root and pwd (get_current_fs), because a sharer may
// chdir and drop the old pwd while the walk is still on it.
//
// Lock order: fs->lock is taken before dcache_lock and mount_lock, and
// only to read or swap the two paths; the references are dropped after
// it is released (a dput may free a whole chain of dentries).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/panic.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

static struct kmem_cache *fs_cachep;

void fs_struct_init(void)
{
	fs_cachep = kmem_cache_create("fs_cache", sizeof(struct fs_struct), 0,
				      SLAB_HWCACHE_ALIGN, NULL);
	BUG_ON(!fs_cachep);
}

unsigned long fs_struct_live(void)
{
	return kmem_cache_live(fs_cachep);
}

static struct fs_struct *alloc_fs_struct(void)
{
	return kmem_cache_zalloc(fs_cachep);
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = alloc_fs_struct();

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock, "fs->lock");
	spin_lock(&old->lock);
	fs->umask = old->umask;
	fs->root = old->root;
	fs->pwd = old->pwd;
	path_get(&fs->root);
	path_get(&fs->pwd);
	spin_unlock(&old->lock);
	return fs;
}

int copy_fs(u64 clone_flags, struct task_struct *tsk)
{
	struct fs_struct *fs = current->fs;

	if (clone_flags & CLONE_FS) {
		__atomic_add_fetch(&fs->users, 1, __ATOMIC_RELAXED);
		tsk->fs = fs;
		return 0;
	}
	tsk->fs = copy_fs_struct(fs);
	return tsk->fs ? 0 : -ENOMEM;
}

/* The last user is gone (or it never had one but its maker). */
void free_fs_struct(struct fs_struct *fs)
{
	path_put(&fs->root);
	path_put(&fs->pwd);
	if (fs != &init_fs)
		kmem_cache_free(fs_cachep, fs);
}

void exit_fs(struct task_struct *tsk)
{
	struct fs_struct *fs = tsk->fs;

	if (!fs)
		return;
	task_lock(tsk);
	tsk->fs = NULL;
	task_unlock(tsk);
	if (__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL))
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	if (fs != &init_fs)
		kmem_cache_free(fs_cachep, fs);
}

void get_current_fs(struct fs_struct *snap)
{
	struct fs_struct *fs = current->fs;

	spin_lock(&fs->lock);
	snap->root = fs->root;
	snap->pwd = fs->pwd;
	snap->umask = fs->umask;
	path_get(&snap->root);
	path_get(&snap->pwd);
	spin_unlock(&fs->lock);
}

void put_current_fs(struct fs_struct *snap)
{
	path_put(&snap->root);
	path_put(&snap->pwd);
}

int current_umask(void)
{
	return __atomic_load_n(&current->fs->umask, __ATOMIC_RELAXED);
}

/* Linux: set_fs_pwd. Takes over the caller's reference on path. */
static void set_fs_pwd(struct fs_struct *fs, const struct path *path)
{
	struct path old;

	spin_lock(&fs->lock);
	old = fs->pwd;
	fs->pwd = *path;
	spin_unlock(&fs->lock);
	path_put(&old);
}

char *getname(const char __user *name)
{
	char *kname = kmalloc(PATH_MAX);
	long len;

	if (!kname)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(kname, name, PATH_MAX);
	if (len < 0) {
		kfree(kname);
		return ERR_PTR(len);
	}
	if (len == PATH_MAX) {
		kfree(kname);
		return ERR_PTR(-ENAMETOOLONG);
	}
	return kname;
}

void putname(char *name)
{
	kfree(name);
}

/*
 * The walk chdir and chroot share (Linux: user_path_at with
 * LOOKUP_FOLLOW | LOOKUP_DIRECTORY, then path_permission with MAY_EXEC |
 * MAY_CHDIR): the directory filename names, held, if the caller may
 * search it.
 */
static int user_path_dir(const char __user *filename, struct path *path)
{
	struct fs_struct snap;
	char *name = getname(filename);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	get_current_fs(&snap);
	err = kern_path(&snap, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, path);
	put_current_fs(&snap);
	putname(name);
	if (err)
		return err;
	err = inode_permission(path->dentry->d_inode, MAY_EXEC | MAY_CHDIR);
	if (err)
		path_put(path);
	return err;
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	struct path path;
	int err = user_path_dir(filename, &path);

	if (err)
		return err;
	set_fs_pwd(current->fs, &path);
	return 0;
}

/* Linux: set_fs_root. Takes over the caller's reference on path. */
static void set_fs_root(struct fs_struct *fs, const struct path *path)
{
	struct path old;

	spin_lock(&fs->lock);
	old = fs->root;
	fs->root = *path;
	spin_unlock(&fs->lock);
	path_put(&old);
}

/*
 * chroot(2): later walks of every task sharing this fs_struct stop at
 * path, for "/" and for "..". The cwd stays where it is, even outside
 * the new root, as on Linux (getcwd then says "(unreachable)").
 * Linux's order: the walk, search permission on the new root (EACCES),
 * then CAP_SYS_CHROOT (EPERM).
 */
SYSCALL_DEFINE1(chroot, const char __user *, filename)
{
	struct path path;
	int err = user_path_dir(filename, &path);

	if (err)
		return err;
	if (!ns_capable(current_user_ns(), CAP_SYS_CHROOT)) {
		path_put(&path);
		return -EPERM;
	}
	set_fs_root(current->fs, &path);
	return 0;
}

/* Called by fchdir (kernel/fs/open.c) with a held directory path. */
void fs_set_pwd(const struct path *path)
{
	path_get(path);
	set_fs_pwd(current->fs, path);
}

SYSCALL_DEFINE1(umask, int, mask)
{
	return __atomic_exchange_n(&current->fs->umask, mask & 0777,
				   __ATOMIC_RELAXED);
}

/*
 * Prepends name to the string that ends at *end, moving *end back; false
 * when it does not fit above buf.
 */
static bool prepend(char **end, char *buf, const char *name, u32 len)
{
	if (*end - buf < (long)len)
		return false;
	*end -= len;
	memcpy(*end, name, len);
	return true;
}

/*
 * Linux: prepend_path. Builds path's name relative to root from the
 * right end of buf; climbs each mount's root to the dentry it covers.
 * Returns the start of the name, NULL when buf is too small. *reached
 * says whether root was met (else the path is outside it).
 */
static char *prepend_path(const struct path *path, const struct path *root,
			  char *buf, int len, bool *reached)
{
	struct vfsmount *vfsmnt = path->mnt;
	struct dentry *dentry = path->dentry;
	char *end = buf + len;
	bool slash = false;

	*reached = false;
	if (!prepend(&end, buf, "", 1))
		return NULL;
	spin_lock(&mount_lock);
	spin_lock(&dcache_lock);
	for (;;) {
		struct mount *mnt = real_mount(vfsmnt);

		if (dentry == root->dentry && vfsmnt == root->mnt) {
			*reached = true;
			break;
		}
		if (dentry == vfsmnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;		/* the top of a tree */
			dentry = mnt->mnt_mountpoint;
			vfsmnt = &mnt->mnt_parent->mnt;
			continue;
		}
		if (!prepend(&end, buf, dentry->d_name.name,
			     dentry->d_name.len) ||
		    !prepend(&end, buf, "/", 1)) {
			end = NULL;
			break;
		}
		slash = true;
		dentry = dentry->d_parent;
	}
	spin_unlock(&dcache_lock);
	spin_unlock(&mount_lock);
	if (end && !slash && !prepend(&end, buf, "/", 1))
		end = NULL;
	return end;
}

/*
 * Linux: __d_path. path's name from root, at the end of buf; NULL when
 * root does not lead to it (path is above root, or in another tree).
 * ERR_PTR(-ENAMETOOLONG).
 */
char *__d_path(const struct path *path, const struct path *root, char *buf,
	       int len)
{
	bool reached;
	char *name = prepend_path(path, root, buf, len, &reached);

	if (!name)
		return ERR_PTR(-ENAMETOOLONG);
	return reached ? name : NULL;
}

#define UNREACHABLE	"(unreachable)"
#define DELETED		" (deleted)"

/*
 * Linux: d_path. path's name as current sees it (from its root), built
 * at the end of buf: "/a/b", with " (deleted)" after a name that was
 * removed. A path outside the root (a detached mount, or above a
 * chroot) gets the name from the top of its own tree, with no mark:
 * only getcwd says "(unreachable)", as on Linux. ERR_PTR(-ENAMETOOLONG).
 */
char *d_path(const struct path *path, char *buf, int len)
{
	const int dlen = sizeof(DELETED) - 1;
	struct fs_struct snap;
	bool reached, unlinked;
	char *name;
	int n;

	spin_lock(&dcache_lock);
	unlinked = path->dentry->d_flags & DCACHE_UNHASHED;
	spin_unlock(&dcache_lock);
	get_current_fs(&snap);
	name = prepend_path(path, &snap.root, buf, len, &reached);
	put_current_fs(&snap);
	if (!name)
		return ERR_PTR(-ENAMETOOLONG);
	if (unlinked) {		/* slide the name left, the suffix after it */
		n = buf + len - 1 - name;
		if (name - buf < dlen)
			return ERR_PTR(-ENAMETOOLONG);
		memmove(name - dlen, name, n);
		name -= dlen;
		memcpy(name + n, DELETED, dlen);
	}
	return name;
}

SYSCALL_DEFINE2(getcwd, char __user *, ubuf, unsigned long, size)
{
	struct fs_struct snap;
	char *page = kmalloc(PATH_MAX);
	char *cwd;
	bool reached, unlinked;
	long len;

	if (!page)
		return -ENOMEM;
	get_current_fs(&snap);
	spin_lock(&dcache_lock);
	unlinked = snap.pwd.dentry->d_flags & DCACHE_UNHASHED;
	spin_unlock(&dcache_lock);
	len = -ENOENT;		/* the cwd was removed: it has no name */
	if (unlinked)
		goto out;
	len = -ENAMETOOLONG;
	cwd = prepend_path(&snap.pwd, &snap.root, page, PATH_MAX, &reached);
	if (!cwd)
		goto out;
	if (!reached && !prepend(&cwd, page, UNREACHABLE,
				 sizeof(UNREACHABLE) - 1))
		goto out;
	len = page + PATH_MAX - cwd;
	if ((unsigned long)len > size)
		len = -ERANGE;
	else if (copy_to_user(ubuf, cwd, len))
		len = -EFAULT;
out:
	put_current_fs(&snap);
	kfree(page);
	return len;
}

// kernel/fs/namespace.c — mounts and the mount tree.
//
// Linux: fs/namespace.c. A mount shows one filesystem's tree (its root
// dentry) in place of a directory (the mountpoint) of its parent mount.
// Mounts form a tree per mount namespace; the tree's root mount is its
// own parent. A walk that reaches a dentry flagged DCACHE_MOUNTED asks
// lookup_mnt which mount covers it there and steps onto that mount's root.
//
// mount_lock guards every tree link, mnt_ns->list, mnt_count and the
// DCACHE_MOUNTED flag (which is also read under dcache_lock's rules: it
// only changes with mount_lock held). A mount's count: one for being in a
// tree, one per path that holds it (a walk, a cwd, an open file).

#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/proc_fs.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <nook/string.h>

DEFINE_SPINLOCK(mount_lock);
static struct kmem_cache *mnt_cache;

struct mnt_namespace *init_mnt_ns;
struct fs_struct init_fs = {
	.users = 1,
	.lock = __SPIN_LOCK_UNLOCKED(init_fs.lock),
	.umask = 0022,		/* Linux's default for init */
};

unsigned long mnt_live(void)
{
	return kmem_cache_live(mnt_cache);
}

struct vfsmount *mntget(struct vfsmount *mnt)
{
	if (mnt) {
		spin_lock(&mount_lock);
		real_mount(mnt)->mnt_count++;
		spin_unlock(&mount_lock);
	}
	return mnt;
}

void mntput(struct vfsmount *mnt)
{
	struct mount *m;
	int count;

	if (!mnt)
		return;
	m = real_mount(mnt);
	spin_lock(&mount_lock);
	count = --m->mnt_count;
	spin_unlock(&mount_lock);
	WARN_ON(count < 0);
	if (count)
		return;
	/* Out of every tree (umount did that) and unused: free it. */
	dput(mnt->mnt_root);
	deactivate_super(mnt->mnt_sb);
	kmem_cache_free(mnt_cache, m);
}

/*
 * Mount ids (/proc/PID/mountinfo's first field) count up and are never
 * reused; Linux hands them out from an IDA and reuses them.
 */
static int next_mnt_id = 1;

static struct mount *alloc_vfsmnt(void)
{
	struct mount *m = kmem_cache_zalloc(mnt_cache);

	if (!m)
		return NULL;
	m->mnt_id = __atomic_fetch_add(&next_mnt_id, 1, __ATOMIC_RELAXED);
	m->mnt_count = 1;
	m->mnt_parent = m;
	INIT_LIST_HEAD(&m->mnt_mounts);
	INIT_LIST_HEAD(&m->mnt_child);
	INIT_LIST_HEAD(&m->mnt_list);
	return m;
}

/* A new instance of type, as a mount in no tree yet (one reference). */
struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				void *data)
{
	struct mount *m = alloc_vfsmnt();
	struct dentry *root;

	if (!m)
		return ERR_PTR(-ENOMEM);
	root = type->mount(type, flags, data);
	if (IS_ERR(root)) {
		kmem_cache_free(mnt_cache, m);
		return ERR_PTR(PTR_ERR(root));
	}
	m->mnt.mnt_root = root;
	m->mnt.mnt_sb = root->d_sb;
	m->mnt_mountpoint = root;
	return &m->mnt;
}

/* The mount on top of path->dentry in path->mnt (a reference), or NULL. */
struct vfsmount *lookup_mnt(const struct path *path)
{
	struct mount *parent = real_mount(path->mnt), *child;
	struct vfsmount *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(child, &parent->mnt_mounts, mnt_child) {
		/* The newest mount on a dentry hides the older ones. */
		if (child->mnt_mountpoint == path->dentry) {
			found = &child->mnt;
		}
	}
	if (found)
		real_mount(found)->mnt_count++;
	spin_unlock(&mount_lock);
	return found;
}

/* Steps down onto what is mounted at path, if anything; true if it did. */
bool follow_down_one(struct path *path)
{
	struct vfsmount *mounted;

	if (!d_mountpoint(path->dentry))
		return false;
	mounted = lookup_mnt(path);
	if (!mounted)
		return false;
	dput(path->dentry);
	mntput(path->mnt);
	path->mnt = mounted;
	path->dentry = dget(mounted->mnt_root);
	return true;
}

/* From a mount's root up to the dentry it covers; false at a tree root. */
bool follow_up(struct path *path)
{
	struct mount *m = real_mount(path->mnt);
	struct mount *parent;
	struct dentry *mountpoint;

	spin_lock(&mount_lock);
	parent = m->mnt_parent;
	if (parent == m) {
		spin_unlock(&mount_lock);
		return false;
	}
	parent->mnt_count++;
	mountpoint = m->mnt_mountpoint;
	spin_unlock(&mount_lock);
	dget(mountpoint);	/* held by m, which our path holds */
	dput(path->dentry);
	mntput(path->mnt);
	path->mnt = &parent->mnt;
	path->dentry = mountpoint;
	return true;
}

/*
 * Hangs mnt on mountpoint in parent, in parent's tree. The tree's
 * reference is the one mnt was made with; mnt holds parent and the
 * mountpoint so neither goes while it is attached. Linux: attach_mnt.
 */
int graft_tree(struct mount *mnt, struct mount *parent,
	       struct dentry *mountpoint)
{
	if (!d_is_dir(mountpoint))
		return -ENOTDIR;
	dget(mountpoint);
	spin_lock(&mount_lock);
	if (!parent->mnt_ns || (mountpoint->d_flags & DCACHE_UNHASHED)) {
		spin_unlock(&mount_lock);
		dput(mountpoint);
		return -ENOENT;	/* the place went away under us */
	}
	parent->mnt_count++;
	mnt->mnt_parent = parent;
	mnt->mnt_mountpoint = mountpoint;
	mnt->mnt_ns = parent->mnt_ns;
	list_add_tail(&mnt->mnt_child, &parent->mnt_mounts);
	list_add_tail(&mnt->mnt_list, &parent->mnt_ns->list);
	parent->mnt_ns->nr_mounts++;
	spin_lock(&dcache_lock);
	mountpoint->d_flags |= DCACHE_MOUNTED;
	spin_unlock(&dcache_lock);
	spin_unlock(&mount_lock);
	return 0;
}

/*
 * Adds newmnt at where, on top of whatever is already mounted there (as
 * Linux does: a second mount on /mnt hides the first).
 */
int do_add_mount(struct mount *newmnt, const struct path *where)
{
	struct path top = *where;
	int err;

	path_get(&top);
	while (follow_down_one(&top))
		;
	err = graft_tree(newmnt, real_mount(top.mnt), top.dentry);
	path_put(&top);
	return err;
}

int do_new_mount(const struct path *where, const char *fstype, int flags,
		 void *data)
{
	struct file_system_type *type = get_fs_type(fstype);
	struct vfsmount *mnt;
	int err;

	if (!type)
		return -ENODEV;
	mnt = vfs_kern_mount(type, flags, data);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	err = do_add_mount(real_mount(mnt), where);
	if (err)
		mntput(mnt);	/* never attached: this frees it */
	return err;
}

/*
 * mount(2)'s core once the target is resolved. Only new mounts exist so
 * far; bind, move and remount flags arrive with the mount(2) call itself.
 */
int do_mount(const char *type, const struct path *where, unsigned long flags,
	     void *data)
{
	if (!type)
		return -EINVAL;
	return do_new_mount(where, type, (int)flags, data);
}

/* Takes m out of its tree; mount_lock held. Returns what to put. */
static void umount_tree(struct mount *m, struct path *drop)
{
	struct mount *parent = m->mnt_parent;
	struct mount *other;
	bool still_mounted = false;

	list_del_init(&m->mnt_child);
	list_del_init(&m->mnt_list);
	m->mnt_ns->nr_mounts--;
	m->mnt_ns = NULL;
	list_for_each_entry(other, &parent->mnt_mounts, mnt_child)
		if (other->mnt_mountpoint == m->mnt_mountpoint)
			still_mounted = true;
	if (!still_mounted) {
		spin_lock(&dcache_lock);
		m->mnt_mountpoint->d_flags &= ~DCACHE_MOUNTED;
		spin_unlock(&dcache_lock);
	}
	drop->mnt = &parent->mnt;
	drop->dentry = m->mnt_mountpoint;
	m->mnt_parent = m;
	m->mnt_mountpoint = m->mnt.mnt_root;
}

/*
 * umount2(2)'s core: path must be the root of a mount. -EINVAL when it is
 * not (or is in no tree), -EBUSY when it is a tree's root, has mounts
 * below it, or is held by anyone but the caller (a cwd, an open file).
 * MNT_DETACH (lazy unmount) is not implemented yet: -EINVAL, not a
 * pretend success.
 */
int do_umount(const struct path *path, int flags)
{
	struct mount *m = real_mount(path->mnt);
	struct path drop;

	if (flags & ~MNT_FORCE)
		return -EINVAL;
	if (path->dentry != path->mnt->mnt_root)
		return -EINVAL;
	spin_lock(&mount_lock);
	if (!m->mnt_ns) {
		spin_unlock(&mount_lock);
		return -EINVAL;
	}
	/* The tree holds one reference, the caller's path another. */
	if (m->mnt_parent == m || !list_empty(&m->mnt_mounts) ||
	    m->mnt_count > 2) {
		spin_unlock(&mount_lock);
		return -EBUSY;
	}
	umount_tree(m, &drop);
	spin_unlock(&mount_lock);
	path_put(&drop);	/* what graft_tree took */
	mntput(&m->mnt);	/* the tree's reference; the caller's remains */
	return 0;
}

int path_umount(const struct fs_struct *fs, const char *name, int flags)
{
	struct path path;
	int err = kern_path(fs, name, LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	err = do_umount(&path, flags);
	path_put(&path);
	return err;
}

/*
 * A new tree whose root is mnt (taking over mnt's reference as the tree's
 * own). Linux: create_mnt_ns; Step 4's copy_mnt_ns starts from here.
 */
struct mnt_namespace *create_mnt_ns(struct vfsmount *mnt)
{
	struct mnt_namespace *ns = kzalloc(sizeof(*ns));
	struct mount *m = real_mount(mnt);

	if (!ns)
		return NULL;
	INIT_LIST_HEAD(&ns->list);
	ns->count = 1;
	spin_lock(&mount_lock);
	m->mnt_ns = ns;
	list_add(&m->mnt_list, &ns->list);
	ns->nr_mounts = 1;
	ns->root = m;
	spin_unlock(&mount_lock);
	return ns;
}

/*
 * The last user of a tree is gone: unmount all of it, children before
 * their parents (ns->list holds parents before children, so go backwards).
 * Mounts still held elsewhere (a path) live on, detached, until put.
 */
void put_mnt_ns(struct mnt_namespace *ns)
{
	struct mount *m, *root = ns->root;

	spin_lock(&mount_lock);
	if (--ns->count) {
		spin_unlock(&mount_lock);
		return;
	}
	while ((m = list_entry(ns->list.prev, struct mount, mnt_list)) != root) {
		struct path drop;

		umount_tree(m, &drop);
		spin_unlock(&mount_lock);
		path_put(&drop);
		mntput(&m->mnt);
		spin_lock(&mount_lock);
	}
	list_del_init(&root->mnt_list);
	root->mnt_ns = NULL;
	spin_unlock(&mount_lock);
	mntput(&root->mnt);
	kfree(ns);
}

/*
 * At boot: a tmpfs as the root of the first mount tree, and init's root
 * and cwd there. Linux mounts "rootfs" (a tmpfs or ramfs) the same way.
 */
void init_mount_tree(void)
{
	struct vfsmount *mnt;

	mnt = vfs_kern_mount(get_fs_type("tmpfs"), 0, "mode=0755");
	BUG_ON(IS_ERR(mnt));
	init_mnt_ns = create_mnt_ns(mnt);
	BUG_ON(!init_mnt_ns);

	init_fs.root.mnt = mnt;
	init_fs.root.dentry = mnt->mnt_root;
	path_get(&init_fs.root);
	init_fs.pwd = init_fs.root;
	path_get(&init_fs.pwd);
}

void vfs_caches_init(void)
{
	dcache_init();
	inode_init();
	mnt_cache = kmem_cache_create("mnt_cache", sizeof(struct mount), 0,
				      0, NULL);
	BUG_ON(!mnt_cache);
	tmpfs_init();
	proc_root_init();
	init_mount_tree();
}

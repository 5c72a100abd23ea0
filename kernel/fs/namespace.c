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

#include <nook/cdev.h>
#include <nook/devtmpfs.h>
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/proc_ns.h>
#include <nook/proc_fs.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/page.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define PTR_ERR_OR_ZERO(p)	(IS_ERR(p) ? PTR_ERR(p) : 0)

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
	kfree(m->mnt_devname);
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

static char *kstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = kmalloc(len);

	if (copy)
		memcpy(copy, s, len);
	return copy;
}

/*
 * A new instance of type, as a mount in no tree yet (one reference).
 * flags are SB_* flags for the new super block (SB_RDONLY).
 */
struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				void *data)
{
	struct mount *m = alloc_vfsmnt();
	struct dentry *root;

	if (!m)
		return ERR_PTR(-ENOMEM);
	m->mnt_devname = kstrdup("none");
	if (!m->mnt_devname) {
		kmem_cache_free(mnt_cache, m);
		return ERR_PTR(-ENOMEM);
	}
	root = type->mount(type, flags, data);
	if (IS_ERR(root)) {
		kfree(m->mnt_devname);
		kmem_cache_free(mnt_cache, m);
		return ERR_PTR(PTR_ERR(root));
	}
	root->d_sb->s_flags |= flags & SB_RDONLY;
	m->mnt.mnt_root = root;
	m->mnt.mnt_sb = root->d_sb;
	m->mnt_mountpoint = root;
	return &m->mnt;
}

/* Linux: __mnt_is_readonly. */
static bool __mnt_is_readonly(struct vfsmount *mnt)
{
	return (mnt->mnt_flags & MNT_READONLY) ||
	       (mnt->mnt_sb->s_flags & SB_RDONLY);
}

bool mnt_is_readonly(struct vfsmount *mnt)
{
	bool ro;

	spin_lock(&mount_lock);
	ro = __mnt_is_readonly(mnt);
	spin_unlock(&mount_lock);
	return ro;
}

int mnt_flags_of(struct vfsmount *mnt)
{
	int flags;

	spin_lock(&mount_lock);
	flags = mnt->mnt_flags;
	spin_unlock(&mount_lock);
	return flags;
}

int mnt_want_write(struct vfsmount *mnt)
{
	int err = 0;

	spin_lock(&mount_lock);
	if (__mnt_is_readonly(mnt)) {
		err = -EROFS;
	} else {
		real_mount(mnt)->mnt_writers++;
		mnt->mnt_sb->s_writers++;
	}
	spin_unlock(&mount_lock);
	return err;
}

void mnt_drop_write(struct vfsmount *mnt)
{
	spin_lock(&mount_lock);
	real_mount(mnt)->mnt_writers--;
	mnt->mnt_sb->s_writers--;
	spin_unlock(&mount_lock);
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
	/*
	 * Under mount_lock: a lazy umount of m drops m's hold on its
	 * mountpoint independently of our hold on m.
	 */
	dget(mountpoint);
	spin_unlock(&mount_lock);
	dput(path->dentry);
	mntput(path->mnt);
	path->mnt = &parent->mnt;
	path->dentry = mountpoint;
	return true;
}

/*
 * Is m a mount of the caller's tree? Linux: check_mnt compares m's
 * namespace with the caller's; until a later step gives tasks their own mount
 * namespaces, every mount that is in a tree at all is the caller's.
 */
static bool check_mnt(struct mount *m)
{
	return m->mnt_ns != NULL;
}

/* Every mount of the subtree at m joins ns, parents before children. */
static void attach_subtree(struct mount *m, struct mnt_namespace *ns)
{
	struct mount *child;

	m->mnt_ns = ns;
	list_add_tail(&m->mnt_list, &ns->list);
	ns->nr_mounts++;
	list_for_each_entry(child, &m->mnt_mounts, mnt_child)
		attach_subtree(child, ns);
}

/* mnt (and what hangs below it) under parent at mountpoint; mount_lock held. */
static void attach_mnt(struct mount *mnt, struct mount *parent,
		       struct dentry *mountpoint)
{
	parent->mnt_count++;
	mnt->mnt_parent = parent;
	mnt->mnt_mountpoint = mountpoint;
	list_add_tail(&mnt->mnt_child, &parent->mnt_mounts);
	spin_lock(&dcache_lock);
	mountpoint->d_mounted++;
	mountpoint->d_flags |= DCACHE_MOUNTED;
	spin_unlock(&dcache_lock);
}

/*
 * One mount fewer on dentry; mount_lock held. The flag goes with the
 * last one, whichever tree or parent mount it was in (Linux counts
 * them in struct mountpoint).
 */
static void put_mountpoint(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	if (!--dentry->d_mounted)
		dentry->d_flags &= ~DCACHE_MOUNTED;
	spin_unlock(&dcache_lock);
}

/*
 * Hangs mnt (with any mounts already below it, a recursive bind's copy)
 * on mountpoint in parent, in parent's tree. The tree's reference is the
 * one mnt was made with; mnt holds parent and the mountpoint so neither
 * goes while it is attached. Linux: graft_tree and attach_recursive_mnt.
 * A directory goes on a directory, a file on a file (ENOTDIR).
 */
/* Linux: d_unlinked. Removed, or renamed over: no name reaches it. */
static bool d_unlinked(struct dentry *dentry)
{
	bool unlinked;

	spin_lock(&dcache_lock);
	unlinked = dentry->d_flags & DCACHE_UNHASHED;
	spin_unlock(&dcache_lock);
	return unlinked;
}

int graft_tree(struct mount *mnt, struct mount *parent,
	       struct dentry *mountpoint)
{
	if (d_is_dir(mountpoint) != d_is_dir(mnt->mnt.mnt_root))
		return -ENOTDIR;
	dget(mountpoint);
	spin_lock(&mount_lock);
	if (!parent->mnt_ns || d_unlinked(mountpoint)) {
		spin_unlock(&mount_lock);
		dput(mountpoint);
		return -ENOENT;	/* the place went away under us */
	}
	attach_mnt(mnt, parent, mountpoint);
	attach_subtree(mnt, parent->mnt_ns);
	spin_unlock(&mount_lock);
	return 0;
}

/* Grafts mnt on top of whatever is already mounted at where. */
static int graft_on_top(struct mount *mnt, const struct path *where)
{
	struct path top = *where;
	int err;

	path_get(&top);
	while (follow_down_one(&top))
		;
	err = graft_tree(mnt, real_mount(top.mnt), top.dentry);
	path_put(&top);
	return err;
}

/*
 * Adds newmnt at where, on top of whatever is already mounted there (as
 * Linux does: a second mount on /mnt hides the first). Linux refuses the
 * same super block twice on one place (EBUSY), and a symlink as a root.
 */
int do_add_mount(struct mount *newmnt, const struct path *where)
{
	struct path top = *where;
	int err = -EBUSY;

	path_get(&top);
	while (follow_down_one(&top))
		;
	if (top.mnt->mnt_sb == newmnt->mnt.mnt_sb &&
	    top.dentry == top.mnt->mnt_root)
		goto out;
	err = -EINVAL;
	if (S_ISLNK(newmnt->mnt.mnt_root->d_inode->i_mode))
		goto out;
	err = graft_tree(newmnt, real_mount(top.mnt), top.dentry);
out:
	path_put(&top);
	return err;
}

static int set_devname(struct mount *m, const char *dev_name)
{
	char *name = kstrdup(dev_name);

	if (!name)
		return -ENOMEM;
	kfree((void *)m->mnt_devname);
	m->mnt_devname = name;
	return 0;
}

int do_new_mount(const struct path *where, const char *fstype, int sb_flags,
		 int mnt_flags, const char *dev_name, void *data)
{
	struct file_system_type *type;
	struct vfsmount *mnt;
	int err;

	if (!fstype)
		return -EINVAL;
	type = get_fs_type(fstype);
	if (!type)
		return -ENODEV;
	mnt = vfs_kern_mount(type, sb_flags, data);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	mnt->mnt_flags = mnt_flags;
	err = dev_name ? set_devname(real_mount(mnt), dev_name) : 0;
	if (!err)
		err = do_add_mount(real_mount(mnt), where);
	if (err)
		mntput(mnt);	/* never attached: this frees it */
	return err;
}

/* Is dentry at or below ancestor (in one super block)? */
static bool d_under(struct dentry *dentry, struct dentry *ancestor)
{
	bool under = false;

	spin_lock(&dcache_lock);
	for (;;) {
		if (dentry == ancestor) {
			under = true;
			break;
		}
		if (dentry->d_parent == dentry)
			break;
		dentry = dentry->d_parent;
	}
	spin_unlock(&dcache_lock);
	return under;
}

/*
 * A second mount showing old's super block from root (a bind mount),
 * in no tree yet; mount_lock held. Linux: clone_mnt. The flags go with
 * it: a bind of a read-only mount is read-only.
 */
static struct mount *clone_mnt(struct mount *old, struct dentry *root)
{
	struct mount *m = alloc_vfsmnt();

	if (!m)
		return NULL;
	m->mnt_devname = kstrdup(old->mnt_devname);
	if (!m->mnt_devname) {
		kmem_cache_free(mnt_cache, m);
		return NULL;
	}
	__atomic_add_fetch(&old->mnt.mnt_sb->s_active, 1, __ATOMIC_RELAXED);
	m->mnt.mnt_sb = old->mnt.mnt_sb;
	m->mnt.mnt_root = dget(root);
	m->mnt.mnt_flags = old->mnt.mnt_flags;
	m->mnt_mountpoint = m->mnt.mnt_root;
	return m;
}

static void umount_tree(struct mount *m, struct list_head *kill);

/*
 * MS_BIND|MS_REC: old from root, and every mount below root in old's
 * subtree, copied into a new detached tree; mount_lock held. Linux:
 * copy_tree. NULL when memory runs out (what was copied is undone).
 */
static struct mount *copy_tree(struct mount *old, struct dentry *root,
			       struct list_head *kill)
{
	struct mount *new = clone_mnt(old, root), *child, *copy;

	if (!new)
		return NULL;
	list_for_each_entry(child, &old->mnt_mounts, mnt_child) {
		if (!d_under(child->mnt_mountpoint, root))
			continue;
		copy = copy_tree(child, child->mnt.mnt_root, kill);
		if (!copy) {
			umount_tree(new, kill);
			return NULL;
		}
		attach_mnt(copy, new, dget(child->mnt_mountpoint));
	}
	return new;
}

static void put_killed(struct list_head *kill);

/* mount --bind: old shown at where too (recurse: with the mounts below). */
int do_bind_mount(const struct path *where, const struct path *old,
		  bool recurse)
{
	struct mount *m;
	LIST_HEAD(kill);
	int err;

	if (!check_mnt(real_mount(where->mnt)) ||
	    !check_mnt(real_mount(old->mnt)))
		return -EINVAL;
	spin_lock(&mount_lock);
	if (recurse)
		m = copy_tree(real_mount(old->mnt), old->dentry, &kill);
	else
		m = clone_mnt(real_mount(old->mnt), old->dentry);
	spin_unlock(&mount_lock);
	put_killed(&kill);
	if (!m)
		return -ENOMEM;
	err = graft_on_top(m, where);
	if (err) {
		spin_lock(&mount_lock);
		umount_tree(m, &kill);
		spin_unlock(&mount_lock);
		put_killed(&kill);
	}
	return err;
}

/* MS_BIND: the source is a name, resolved as the caller sees it. */
static int do_loopback(const struct path *where, const char *old_name,
		       bool recurse)
{
	struct fs_struct snap;
	struct path old;
	int err;

	if (!old_name || !*old_name)
		return -EINVAL;
	get_current_fs(&snap);
	err = kern_path(&snap, old_name, LOOKUP_FOLLOW, &old);
	put_current_fs(&snap);
	if (err)
		return err;
	err = do_bind_mount(where, &old, recurse);
	path_put(&old);
	return err;
}

/*
 * MS_REMOUNT: new options and SB_RDONLY for the super block, new flags
 * for this mount. Going read-only waits for no one: while a file is
 * open for writing (or a name call is writing) it is EBUSY, as Linux's
 * sb_prepare_remount_readonly says.
 */
/* Going read-only with files open for writing (mount_lock held). */
static bool __remount_ro_busy(struct super_block *sb, unsigned long sb_flags)
{
	return (sb_flags & SB_RDONLY) && !(sb->s_flags & SB_RDONLY) &&
	       sb->s_writers;
}

static bool remount_ro_busy(struct super_block *sb, unsigned long sb_flags)
{
	bool busy;

	spin_lock(&mount_lock);
	busy = __remount_ro_busy(sb, sb_flags);
	spin_unlock(&mount_lock);
	return busy;
}

static int do_remount(const struct path *path, unsigned long sb_flags,
		      int mnt_flags, void *data)
{
	struct super_block *sb = path->mnt->mnt_sb;
	int err;

	if (!check_mnt(real_mount(path->mnt)))
		return -EINVAL;
	if (path->dentry != path->mnt->mnt_root)
		return -EINVAL;
	/*
	 * EBUSY before the new options touch anything: a remount that
	 * fails must leave the limits as they were. (Checked again below,
	 * where it counts; a writer opening in between still gets the
	 * options applied and EBUSY, as Linux without its s_umount would.)
	 */
	if (remount_ro_busy(sb, sb_flags))
		return -EBUSY;
	if (sb->s_op && sb->s_op->remount_fs) {
		err = sb->s_op->remount_fs(sb, &sb_flags, data);
		if (err)
			return err;
	}
	spin_lock(&mount_lock);
	err = -EBUSY;
	if (__remount_ro_busy(sb, sb_flags))
		goto out;
	sb->s_flags = (sb->s_flags & ~SB_RDONLY) | (sb_flags & SB_RDONLY);
	path->mnt->mnt_flags = mnt_flags;
	err = 0;
out:
	spin_unlock(&mount_lock);
	return err;
}

/* MS_REMOUNT|MS_BIND: only this mount's flags. Linux: do_reconfigure_mnt. */
static int do_reconfigure_mnt(const struct path *path, int mnt_flags)
{
	struct mount *m = real_mount(path->mnt);
	int err = -EBUSY;

	if (!check_mnt(m))
		return -EINVAL;
	if (path->dentry != path->mnt->mnt_root)
		return -EINVAL;
	spin_lock(&mount_lock);
	if ((mnt_flags & MNT_READONLY) &&
	    !(m->mnt.mnt_flags & MNT_READONLY) && m->mnt_writers)
		goto out;
	m->mnt.mnt_flags = mnt_flags;
	err = 0;
out:
	spin_unlock(&mount_lock);
	return err;
}

/*
 * MS_PRIVATE, MS_SHARED, MS_SLAVE, MS_UNBINDABLE: one of them, on the
 * root of a mount. Nook has no mount propagation yet, so every mount is
 * private: MS_PRIVATE is true already, the other three are refused
 * (EINVAL) rather than pretended.
 */
static int do_change_type(const struct path *path, unsigned long flags)
{
	unsigned long type = flags & ~(MS_REC | MS_SILENT);

	if (path->dentry != path->mnt->mnt_root)
		return -EINVAL;
	if (!check_mnt(real_mount(path->mnt)))
		return -EINVAL;
	if (!type || (type & (type - 1)))
		return -EINVAL;		/* exactly one type */
	return type == MS_PRIVATE ? 0 : -EINVAL;
}

/* Is m at or below ancestor in the tree? mount_lock held. */
static bool mnt_under(struct mount *m, struct mount *ancestor)
{
	for (;;) {
		if (m == ancestor)
			return true;
		if (m->mnt_parent == m)
			return false;
		m = m->mnt_parent;
	}
}

/*
 * MS_MOVE: the mount at old_name, with everything below it, moves to
 * where. Linux: do_move_mount. old must be the root of a mount that is
 * not a tree's root (EINVAL); where may not be inside it (ELOOP).
 */
static int do_move_mount(const struct path *where, const char *old_name)
{
	struct fs_struct snap;
	struct path old, top, drop;
	struct mount *m, *parent;
	int err;

	if (!old_name || !*old_name)
		return -EINVAL;
	get_current_fs(&snap);
	err = kern_path(&snap, old_name, LOOKUP_FOLLOW, &old);
	put_current_fs(&snap);
	if (err)
		return err;
	top = *where;
	path_get(&top);
	while (follow_down_one(&top))
		;
	m = real_mount(old.mnt);
	parent = real_mount(top.mnt);
	err = -EINVAL;
	if (old.dentry != old.mnt->mnt_root)
		goto out;
	err = -ENOTDIR;
	if (d_is_dir(top.dentry) != d_is_dir(old.dentry))
		goto out;
	dget(top.dentry);
	spin_lock(&mount_lock);
	err = -EINVAL;
	if (!check_mnt(m) || !check_mnt(parent) || m->mnt_parent == m ||
	    parent->mnt_ns != m->mnt_ns)
		goto out_unlock;
	err = -ELOOP;
	if (mnt_under(parent, m))
		goto out_unlock;
	err = -ENOENT;		/* a removed directory: nothing could reach it */
	if (d_unlinked(top.dentry))
		goto out_unlock;
	drop.mnt = &m->mnt_parent->mnt;
	drop.dentry = m->mnt_mountpoint;
	list_del_init(&m->mnt_child);
	put_mountpoint(drop.dentry);
	attach_mnt(m, parent, top.dentry);
	spin_unlock(&mount_lock);
	path_put(&drop);	/* the old place's hold, now the new place's */
	err = 0;
	goto out;

out_unlock:
	spin_unlock(&mount_lock);
	dput(top.dentry);
out:
	path_put(&top);
	path_put(&old);
	return err;
}

/*
 * mount(2)'s core once the strings are in the kernel. Linux:
 * path_mount. The MS_* flags become the mount's MNT_* flags and the
 * super block's SB_* flags; then one kind of mount is chosen, in
 * Linux's order.
 */
/*
 * Linux: may_mount. CAP_SYS_ADMIN over the mount namespace's owner,
 * which is init_user_ns until mount namespaces have owners (Step 5).
 */
static bool may_mount(void)
{
	return ns_capable(current_user_ns(), CAP_SYS_ADMIN);
}

int path_mount(const char *dev_name, const struct path *where,
	       const char *type, unsigned long flags, void *data)
{
	unsigned long sb_flags;
	int mnt_flags = 0;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!may_mount())
		return -EPERM;
	if (!(flags & MS_NOATIME))
		mnt_flags |= MNT_RELATIME;
	if (flags & MS_NOSUID)
		mnt_flags |= MNT_NOSUID;
	if (flags & MS_NODEV)
		mnt_flags |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		mnt_flags |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		mnt_flags |= MNT_NOATIME;
	if (flags & MS_NODIRATIME)
		mnt_flags |= MNT_NODIRATIME;
	if (flags & MS_STRICTATIME)
		mnt_flags &= ~(MNT_RELATIME | MNT_NOATIME);
	if (flags & MS_RDONLY)
		mnt_flags |= MNT_READONLY;
	/* A remount that names no atime flag keeps the mount's own. */
	if ((flags & MS_REMOUNT) &&
	    !(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME |
		       MS_STRICTATIME))) {
		mnt_flags &= ~MNT_ATIME_MASK;
		mnt_flags |= mnt_flags_of(where->mnt) & MNT_ATIME_MASK;
	}
	sb_flags = flags & SB_RDONLY;

	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return do_reconfigure_mnt(where, mnt_flags);
	if (flags & MS_REMOUNT)
		return do_remount(where, sb_flags, mnt_flags, data);
	if (flags & MS_BIND)
		return do_loopback(where, dev_name, flags & MS_REC);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return do_change_type(where, flags);
	if (flags & MS_MOVE)
		return do_move_mount(where, dev_name);
	return do_new_mount(where, type, sb_flags, mnt_flags, dev_name, data);
}

/* The kernel's own mounts: a new mount of type at where. */
int do_mount(const char *type, const struct path *where, unsigned long flags,
	     void *data)
{
	return path_mount(NULL, where, type, flags, data);
}

/*
 * Takes m off its parent and out of its tree (mount_lock held). Its
 * parent and mountpoint stay recorded until put_killed lets them go.
 */
static void umount_one(struct mount *m)
{
	if (m->mnt_ns) {
		list_del_init(&m->mnt_list);
		m->mnt_ns->nr_mounts--;
		m->mnt_ns = NULL;
	}
	if (m->mnt_parent != m) {
		list_del_init(&m->mnt_child);
		put_mountpoint(m->mnt_mountpoint);
	}
}

/*
 * Takes m and every mount below it out of their tree, children first,
 * onto kill (through mnt_list, free once out of the tree); mount_lock
 * held. Linux: umount_tree. put_killed finishes the job unlocked.
 */
static void umount_tree(struct mount *m, struct list_head *kill)
{
	struct mount *child, *tmp;

	list_for_each_entry_safe(child, tmp, &m->mnt_mounts, mnt_child)
		umount_tree(child, kill);
	umount_one(m);
	list_add_tail(&m->mnt_list, kill);
}

/* Drops what each killed mount held: its place, and the tree's count. */
static void put_killed(struct list_head *kill)
{
	struct mount *m, *tmp;

	list_for_each_entry_safe(m, tmp, kill, mnt_list) {
		struct path drop = {
			.mnt = &m->mnt_parent->mnt,
			.dentry = m->mnt_mountpoint,
		};
		bool attached;

		list_del_init(&m->mnt_list);
		spin_lock(&mount_lock);
		attached = m->mnt_parent != m;
		m->mnt_parent = m;
		m->mnt_mountpoint = m->mnt.mnt_root;
		spin_unlock(&mount_lock);
		if (attached)
			path_put(&drop);	/* what attach_mnt took */
		mntput(&m->mnt);		/* the tree's reference */
	}
}

/* Busy: mounts below it, or held by anyone but the tree and the caller. */
static bool mount_busy(struct mount *m)
{
	return !list_empty(&m->mnt_mounts) || m->mnt_count > 2;
}

/*
 * umount2(2)'s core: path must be the root of a mount in a tree
 * (EINVAL otherwise). A busy mount is EBUSY, unless MNT_DETACH: then it
 * and all below it leave the tree at once and live on, unreachable by
 * name, until the last open file or cwd in them lets go. MNT_FORCE asks
 * the filesystem to abort what is under way; tmpfs has nothing to
 * abort, so it changes nothing, as on Linux. MNT_EXPIRE marks an idle
 * mount (EAGAIN) and unmounts it on a second call if still idle.
 * A tree's root is EBUSY (Linux remounts it read-only instead).
 */
int do_umount(const struct path *path, int flags)
{
	struct mount *m = real_mount(path->mnt);
	LIST_HEAD(kill);
	int err = -EINVAL;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	if (path->dentry != path->mnt->mnt_root)
		return -EINVAL;
	spin_lock(&mount_lock);
	if (!check_mnt(m))
		goto out;
	err = -EBUSY;
	if (m->mnt_parent == m)
		goto out;
	if (flags & MNT_EXPIRE) {
		if (mount_busy(m))
			goto out;
		err = -EAGAIN;
		if (!m->mnt_expiry_mark) {
			m->mnt_expiry_mark = true;
			goto out;
		}
	}
	err = -EBUSY;
	if (!(flags & MNT_DETACH) && mount_busy(m))
		goto out;
	umount_tree(m, &kill);
	err = 0;
out:
	spin_unlock(&mount_lock);
	put_killed(&kill);
	return err;
}

int path_umount(const struct fs_struct *fs, const char *name, int flags)
{
	struct path path;
	unsigned int lookup = flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	err = kern_path(fs, name, lookup, &path);
	if (err)
		return err;
	/* Linux: can_umount, EPERM before any EINVAL about the path */
	err = may_mount() ? do_umount(&path, flags & ~UMOUNT_NOFOLLOW)
			  : -EPERM;
	path_put(&path);
	return err;
}

/* ---- the system calls ---------------------------------------------- */

/* Linux: copy_mount_string (strndup_user with PATH_MAX). */
static char *copy_mount_string(const void __user *data)
{
	char *s;
	long len;

	if (!data)
		return NULL;
	s = kmalloc(PATH_MAX);
	if (!s)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(s, data, PATH_MAX);
	if (len < 0 || len == PATH_MAX) {
		kfree(s);
		return ERR_PTR(len < 0 ? len : -EINVAL);
	}
	return s;
}

/*
 * Linux: copy_mount_options. Up to a page, as much as can be read (the
 * options may end just before an unmapped page); EFAULT only when not
 * even the first byte can be.
 */
static void *copy_mount_options(const void __user *data)
{
	char *copy;
	unsigned long left;

	if (!data)
		return NULL;
	copy = kzalloc(PAGE_SIZE);
	if (!copy)
		return ERR_PTR(-ENOMEM);
	left = copy_from_user(copy, data, PAGE_SIZE);
	/* A fault part way: try the bytes before it one at a time. */
	for (unsigned long i = 0; left && i < PAGE_SIZE; i++) {
		if (copy_from_user(copy + i, (const char __user *)data + i, 1))
			break;
		if (i == 0)
			left = PAGE_SIZE - 1;
	}
	if (left == PAGE_SIZE) {
		kfree(copy);
		return ERR_PTR(-EFAULT);
	}
	copy[PAGE_SIZE - 1] = '\0';
	return copy;
}

static void free_mount_arg(void *p)
{
	if (!IS_ERR_OR_NULL(p))
		kfree(p);
}

SYSCALL_DEFINE5(mount, char __user *, dev_name, char __user *, dir_name,
		char __user *, type, unsigned long, flags,
		void __user *, data)
{
	char *kernel_type, *kernel_dev = NULL, *name = NULL;
	void *options = NULL;
	struct fs_struct snap;
	struct path path;
	long err;

	kernel_type = copy_mount_string(type);
	err = PTR_ERR_OR_ZERO(kernel_type);
	if (err)
		goto out;
	kernel_dev = copy_mount_string(dev_name);
	err = PTR_ERR_OR_ZERO(kernel_dev);
	if (err)
		goto out;
	options = copy_mount_options(data);
	err = PTR_ERR_OR_ZERO(options);
	if (err)
		goto out;
	name = getname(dir_name);
	err = PTR_ERR_OR_ZERO(name);
	if (err)
		goto out;
	get_current_fs(&snap);
	err = kern_path(&snap, name, LOOKUP_FOLLOW, &path);
	put_current_fs(&snap);
	if (err)
		goto out;
	err = path_mount(kernel_dev, &path, kernel_type, flags, options);
	path_put(&path);
out:
	free_mount_arg(name);
	free_mount_arg(options);
	free_mount_arg(kernel_dev);
	free_mount_arg(kernel_type);
	return err;
}

SYSCALL_DEFINE2(umount2, char __user *, target, int, flags)
{
	struct fs_struct snap;
	char *name;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	name = getname(target);
	if (IS_ERR(name))
		return PTR_ERR(name);
	get_current_fs(&snap);
	err = path_umount(&snap, name, flags);
	put_current_fs(&snap);
	putname(name);
	return err;
}

/* ---- walking a tree's list: /proc/PID/mounts ------------------------ */

void mnt_cursor_init(struct mount *cursor)
{
	memset(cursor, 0, sizeof(*cursor));
	INIT_LIST_HEAD(&cursor->mnt_list);
	cursor->mnt.mnt_flags = MNT_CURSOR;
}

/* Linux: mnt_list_next. The first mount after pos, past any cursors. */
static struct mount *mnt_list_next(struct mnt_namespace *ns,
				   struct list_head *pos)
{
	struct mount *m;

	for (pos = pos->next; pos != &ns->list; pos = pos->next) {
		m = list_entry(pos, struct mount, mnt_list);
		if (!(m->mnt.mnt_flags & MNT_CURSOR))
			return m;
	}
	return NULL;
}

struct mount *mnt_cursor_next(struct mnt_namespace *ns, struct mount *cursor,
			      bool rewind)
{
	struct mount *m;

	spin_lock(&mount_lock);
	if (rewind || list_empty(&cursor->mnt_list))
		list_move(&cursor->mnt_list, &ns->list);
	m = mnt_list_next(ns, &cursor->mnt_list);
	if (m) {
		list_move(&cursor->mnt_list, &m->mnt_list);
		m->mnt_count++;
	} else {
		list_del(&cursor->mnt_list);
		list_add_tail(&cursor->mnt_list, &ns->list);
	}
	spin_unlock(&mount_lock);
	return m;
}

void mnt_cursor_unread(struct mnt_namespace *ns, struct mount *cursor,
		       struct mount *mnt)
{
	spin_lock(&mount_lock);
	/* gone from the tree meanwhile: the cursor already stands in its place */
	if (mnt->mnt_ns == ns) {
		list_del(&cursor->mnt_list);
		list_add_tail(&cursor->mnt_list, &mnt->mnt_list);
	}
	spin_unlock(&mount_lock);
	mntput(&mnt->mnt);
}

void mnt_cursor_del(struct mount *cursor)
{
	spin_lock(&mount_lock);
	list_del_init(&cursor->mnt_list);
	spin_unlock(&mount_lock);
}

/*
 * A new tree whose root is mnt (taking over mnt's reference as the tree's
 * own). Linux: create_mnt_ns; mount namespaces' copy_mnt_ns will start here.
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

void get_mnt_ns(struct mnt_namespace *ns)
{
	spin_lock(&mount_lock);
	ns->count++;
	spin_unlock(&mount_lock);
}

/*
 * The last user of a tree is gone: unmount all of it, children before
 * their parents (ns->list holds parents before children, so go backwards).
 * Mounts still held elsewhere (a path) live on, detached, until put.
 */
void put_mnt_ns(struct mnt_namespace *ns)
{
	struct mount *root = ns->root, *child, *tmp;
	LIST_HEAD(kill);

	spin_lock(&mount_lock);
	if (--ns->count) {
		spin_unlock(&mount_lock);
		return;
	}
	list_for_each_entry_safe(child, tmp, &root->mnt_mounts, mnt_child)
		umount_tree(child, &kill);
	list_del_init(&root->mnt_list);
	root->mnt_ns = NULL;
	spin_unlock(&mount_lock);
	put_killed(&kill);
	mntput(&root->mnt);
	kfree(ns);
}

/*
 * Linux: rootfs_fs_type (init/do_mounts.c). The boot's root is a tmpfs
 * under a type of its own, so /proc/mounts shows "rootfs / rootfs" and
 * statfs still says TMPFS_MAGIC. It is never registered: mount -t rootfs
 * is ENODEV, and /proc/filesystems does not list it.
 */
static struct file_system_type rootfs_fs_type = {
	.name		= "rootfs",
	.mount		= tmpfs_mount,
	.kill_sb	= tmpfs_kill_sb,
};

/*
 * At boot: rootfs as the root of the first mount tree, and init's root
 * and cwd there, as Linux's init_mount_tree does.
 */
void init_mount_tree(void)
{
	struct vfsmount *mnt;

	mnt = vfs_kern_mount(&rootfs_fs_type, 0, "mode=0755");
	BUG_ON(IS_ERR(mnt));
	BUG_ON(set_devname(real_mount(mnt), "rootfs"));
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
	nsfs_init();		/* the files of /proc/PID/ns */
	init_mount_tree();
	devtmpfs_init();
	chr_dev_init();		/* the drivers, and their nodes in devtmpfs */
}

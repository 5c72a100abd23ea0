/*
 * nook/mount.h — mounts and mount trees. Linux: include/linux/mount.h
 * (struct vfsmount) and fs/mount.h (struct mount, struct mnt_namespace).
 *
 * A vfsmount is the part the rest of the kernel sees (a root dentry and
 * its super block); struct mount wraps it with its place in a tree: the
 * mount it hangs from, the dentry it covers there, and its own children.
 * A mnt_namespace holds one tree by its root; Step 4 copies whole trees
 * (copy_mnt_ns) to make new mount namespaces.
 *
 * All tree links, mnt_count and DCACHE_MOUNTED change under mount_lock.
 */
#ifndef NOOK_MOUNT_H
#define NOOK_MOUNT_H

#include <nook/fs.h>

struct vfsmount {
	struct dentry *mnt_root;	/* set at mount, read-only */
	struct super_block *mnt_sb;
	int mnt_flags;
};

struct mnt_namespace;

struct mount {
	/* under mount_lock */
	struct mount *mnt_parent;	/* itself for a tree's root */
	struct dentry *mnt_mountpoint;	/* covered dentry in mnt_parent */
	struct list_head mnt_mounts;	/* children */
	struct list_head mnt_child;	/* on mnt_parent->mnt_mounts */
	struct list_head mnt_list;	/* on mnt_ns->list */
	struct mnt_namespace *mnt_ns;	/* NULL once unmounted */
	int mnt_count;
	int mnt_id;			/* set when made: mountinfo's id */

	struct vfsmount mnt;
};

struct mnt_namespace {
	struct mount *root;		/* under mount_lock */
	struct list_head list;		/* every mount of the tree, in order */
	unsigned int nr_mounts;
	int count;
};

static inline struct mount *real_mount(struct vfsmount *mnt)
{
	return container_of(mnt, struct mount, mnt);
}

extern spinlock_t mount_lock;
/* The tree init_mount_tree made at boot; its root is "/". */
extern struct mnt_namespace *init_mnt_ns;
/* root and cwd of the boot's first walks (Linux: init_task.fs). */
extern struct fs_struct init_fs;

struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				void *data);
struct vfsmount *lookup_mnt(const struct path *path);
bool follow_down_one(struct path *path);
bool follow_up(struct path *path);

#define MNT_FORCE	0x1	/* umount2 flags, Linux's values */
#define MNT_DETACH	0x2

int do_mount(const char *type, const struct path *where, unsigned long flags,
	     void *data);
int do_new_mount(const struct path *where, const char *type, int flags,
		 void *data);
int do_add_mount(struct mount *newmnt, const struct path *where);
int graft_tree(struct mount *mnt, struct mount *parent,
	       struct dentry *mountpoint);
int do_umount(const struct path *path, int flags);
/* Resolves name with fs, then unmounts (umount2(2)'s core). */
int path_umount(const struct fs_struct *fs, const char *name, int flags);

struct mnt_namespace *create_mnt_ns(struct vfsmount *mnt);
void put_mnt_ns(struct mnt_namespace *ns);
void init_mount_tree(void);

#endif

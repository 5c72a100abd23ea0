/*
 * nook/mount.h — mounts and mount trees. Linux: include/linux/mount.h
 * (struct vfsmount) and fs/mount.h (struct mount, struct mnt_namespace).
 *
 * A vfsmount is the part the rest of the kernel sees (a root dentry and
 * its super block); struct mount wraps it with its place in a tree: the
 * mount it hangs from, the dentry it covers there, and its own children.
 * A mnt_namespace holds one tree by its root; mount namespaces (a later step) copy whole trees
 * (copy_mnt_ns) to make new mount namespaces.
 *
 * All tree links, mnt_count and DCACHE_MOUNTED change under mount_lock.
 */
#ifndef NOOK_MOUNT_H
#define NOOK_MOUNT_H

#include <nook/fs.h>

/* vfsmount->mnt_flags, Linux's values; changed under mount_lock. */
#define MNT_NOSUID	0x01	/* execve ignores set-user/group-ID bits */
#define MNT_NODEV	0x02	/* device nodes here do not open: EACCES */
#define MNT_NOEXEC	0x04	/* execve of a file here: EACCES */
#define MNT_NOATIME	0x08	/* recorded, as the atime flags below */
#define MNT_NODIRATIME	0x10
#define MNT_RELATIME	0x20
#define MNT_READONLY	0x40	/* writes through this mount: EROFS */
#define MNT_ATIME_MASK	(MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)
#define MNT_CURSOR	0x10000000	/* no mount: a reader's place in a list */

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
	int mnt_writers;		/* mnt_want_write holders */
	bool mnt_expiry_mark;		/* umount2 MNT_EXPIRE asked once */

	/* set when made, read-only afterwards; freed with the mount */
	const char *mnt_devname;	/* mount(2)'s source, "none" if NULL */
	int mnt_id;			/* mountinfo's id */

	struct vfsmount mnt;
};

struct mnt_namespace {
	struct mount *root;		/* under mount_lock */
	/*
	 * every mount of the tree, in the order they joined it, and the
	 * cursors of its readers (MNT_CURSOR), which a walk must skip
	 */
	struct list_head list;
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
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8

/* mount(2)'s flags (uapi/linux/mount.h). */
#define MS_RDONLY	(1UL << 0)
#define MS_NOSUID	(1UL << 1)
#define MS_NODEV	(1UL << 2)
#define MS_NOEXEC	(1UL << 3)
#define MS_SYNCHRONOUS	(1UL << 4)
#define MS_REMOUNT	(1UL << 5)
#define MS_MANDLOCK	(1UL << 6)
#define MS_DIRSYNC	(1UL << 7)
#define MS_NOSYMFOLLOW	(1UL << 8)
#define MS_NOATIME	(1UL << 10)
#define MS_NODIRATIME	(1UL << 11)
#define MS_BIND		(1UL << 12)
#define MS_MOVE		(1UL << 13)
#define MS_REC		(1UL << 14)
#define MS_SILENT	(1UL << 15)
#define MS_UNBINDABLE	(1UL << 17)
#define MS_PRIVATE	(1UL << 18)
#define MS_SLAVE	(1UL << 19)
#define MS_SHARED	(1UL << 20)
#define MS_RELATIME	(1UL << 21)
#define MS_STRICTATIME	(1UL << 24)
#define MS_NOUSER	(1UL << 31)
#define MS_MGC_VAL	0xc0ed0000UL	/* the old magic in the top half */
#define MS_MGC_MSK	0xffff0000UL

/* Mount flags read and set under mount_lock (mnt_flags may change). */
bool mnt_is_readonly(struct vfsmount *mnt);
/*
 * A write through mnt is about to happen (Linux: mnt_want_write):
 * -EROFS on a read-only mount or super block, else counted until
 * mnt_drop_write, so that a remount read-only meanwhile fails (EBUSY).
 */
int mnt_want_write(struct vfsmount *mnt);
void mnt_drop_write(struct vfsmount *mnt);
int mnt_flags_of(struct vfsmount *mnt);

/*
 * mount(2)'s core once the strings are in the kernel: dev_name, type
 * and data may be NULL. Linux: path_mount.
 */
int path_mount(const char *dev_name, const struct path *where,
	       const char *type, unsigned long flags, void *data);
int do_mount(const char *type, const struct path *where, unsigned long flags,
	     void *data);
int do_new_mount(const struct path *where, const char *type, int sb_flags,
		 int mnt_flags, const char *dev_name, void *data);
int do_add_mount(struct mount *newmnt, const struct path *where);
int do_bind_mount(const struct path *where, const struct path *old,
		  bool recurse);
int graft_tree(struct mount *mnt, struct mount *parent,
	       struct dentry *mountpoint);
int do_umount(const struct path *path, int flags);
/* Resolves name with fs, then unmounts (umount2(2)'s core). */
int path_umount(const struct fs_struct *fs, const char *name, int flags);

/*
 * A walk of ns->list that survives changes between its steps (Linux:
 * the cursor of /proc/PID/mounts). mnt_cursor_next hands out the mount
 * after cursor (from the first when rewind), held, and moves cursor
 * past it; NULL at the end. mnt_cursor_unread gives back a mount that
 * was handed out but not used: the next call returns it again if it is
 * still in the tree. Both under mount_lock, so each step is O(1).
 */
void mnt_cursor_init(struct mount *cursor);
struct mount *mnt_cursor_next(struct mnt_namespace *ns, struct mount *cursor,
			      bool rewind);
void mnt_cursor_unread(struct mnt_namespace *ns, struct mount *cursor,
		       struct mount *mnt);
void mnt_cursor_del(struct mount *cursor);

struct mnt_namespace *create_mnt_ns(struct vfsmount *mnt);
void get_mnt_ns(struct mnt_namespace *ns);
void put_mnt_ns(struct mnt_namespace *ns);
void init_mount_tree(void);

#endif

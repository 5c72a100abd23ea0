// kernel/fs/inode.c — inodes: one per file, whatever its names.
//
// Linux: fs/inode.c (new_inode, iput, inode_init_owner, current_time) and
// fs/libfs.c's link-count helpers. Every dentry that names an inode holds
// one i_count; an open file will hold another through its dentry. The last
// iput lets the filesystem free what it hung on the inode (tmpfs: pages)
// and frees the inode. i_nlink counts names, i_count counts users: an
// unlinked file lives on while it is open.

#include <nook/cdev.h>
#include <nook/file.h>
#include <nook/cred.h>
#include <nook/fs.h>
#include <nook/panic.h>
#include <nook/slab.h>

static struct kmem_cache *inode_cache;

unsigned long inode_live(void)
{
	return kmem_cache_live(inode_cache);
}

struct timespec64 current_time(const struct inode *inode)
{
	return ns_to_timespec64(ktime_get_real_ns());
}

/* A fresh inode of sb with one reference, numbered, on sb->s_inodes. */
struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = kmem_cache_zalloc(inode_cache);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_nlink = 1;
	spin_lock_init(&inode->i_lock, "i_lock");
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);

	spin_lock(&sb->s_inode_list_lock);
	inode->i_ino = ++sb->s_next_ino;
	list_add_tail(&inode->i_sb_list, &sb->s_inodes);
	spin_unlock(&sb->s_inode_list_lock);
	return inode;
}

struct inode *ihold(struct inode *inode)
{
	__atomic_add_fetch(&inode->i_count, 1, __ATOMIC_RELAXED);
	return inode;
}

void iput(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	if (__atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (sb->s_op && sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	spin_lock(&sb->s_inode_list_lock);
	list_del(&inode->i_sb_list);
	spin_unlock(&sb->s_inode_list_lock);
	kmem_cache_free(inode_cache, inode);
}

/*
 * Owner and mode of a new inode: the creator's fsuid and fsgid (Linux:
 * inode_init_owner). Under a set-group-ID directory the group is the
 * directory's instead, and a new directory inherits the bit; a new
 * file keeps a group-executable set-group-ID bit only if its creator
 * could have set it (in that group, or CAP_FSETID: mode_strip_sgid).
 */
void inode_init_owner(struct inode *inode, const struct inode *dir,
		      umode_t mode)
{
	inode->i_uid = current_fsuid();
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
		else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 !in_group_p(inode->i_gid) &&
			 !capable_wrt_inode_uidgid(dir, CAP_FSETID))
			mode &= ~S_ISGID;
	} else {
		inode->i_gid = current_fsgid();
	}
	inode->i_mode = mode;
}

void inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

void drop_nlink(struct inode *inode)
{
	WARN_ON(inode->i_nlink == 0);
	inode->i_nlink--;
}

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else if (S_ISBLK(mode)) {
		/* No block drivers: open is ENXIO, as for a missing disk. */
		inode->i_fop = NULL;
		inode->i_rdev = rdev;
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &pipefifo_fops;	/* fifo_open */
	} else {
		/* A socket: open is refused by may_open. */
		inode->i_fop = NULL;
	}
}

void inode_init(void)
{
	inode_cache = kmem_cache_create("inode_cache", sizeof(struct inode),
					0, 0, NULL);
	BUG_ON(!inode_cache);
}

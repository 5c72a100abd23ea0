// kernel/fs/attr.c — changing an inode's attributes: owner, group,
// mode and times, each with its permission rule.
//
// Linux: fs/attr.c (setattr_prepare, notify_change, setattr_copy,
// should_remove_suid) and fs/inode.c (file_remove_privs). chmod(2),
// chown(2) and utimensat(2) fill a struct iattr with what they want
// changed and call notify_change, which checks it (setattr_prepare),
// adds what must change with it (ctime; the set-user-ID bit a chown
// clears), and copies it into the inode. tmpfs has no setattr of its
// own, so setattr_copy is called directly (Linux: simple_setattr).
//
// Lock: the change is made under the inode's sb->s_dir_lock, Nook's
// stand-in for Linux's inode_lock, so two chmods never interleave.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>

/* Is the caller in group gid, or may it act as if (CAP_FSETID)? */
static bool in_group_or_capable(const struct inode *inode, kgid_t gid)
{
	return in_group_p(gid) || capable_wrt_inode_uidgid(inode, CAP_FSETID);
}

/* chown(2): only CAP_CHOWN gives a file away; the owner may "keep" it. */
static bool chown_ok(const struct inode *inode, kuid_t uid)
{
	if (uid_eq(current_fsuid(), inode->i_uid) && uid_eq(uid, inode->i_uid))
		return true;
	return capable_wrt_inode_uidgid(inode, CAP_CHOWN);
}

/* The owner may move a file into any group it is in itself. */
static bool chgrp_ok(const struct inode *inode, kgid_t gid)
{
	if (uid_eq(current_fsuid(), inode->i_uid) &&
	    (gid_eq(gid, inode->i_gid) || in_group_p(gid)))
		return true;
	return capable_wrt_inode_uidgid(inode, CAP_CHOWN);
}

/*
 * Linux: setattr_prepare. May the caller make these changes? EPERM for
 * a chown or chgrp it may not make, a chmod or an explicit time by one
 * who neither owns the file nor has CAP_FOWNER.
 */
int setattr_prepare(struct inode *inode, struct iattr *attr)
{
	unsigned int ia_valid = attr->ia_valid;

	if (ia_valid & ATTR_FORCE)
		return 0;	/* the kernel's own (file_remove_privs) */
	if ((ia_valid & ATTR_UID) && !chown_ok(inode, attr->ia_uid))
		return -EPERM;
	if ((ia_valid & ATTR_GID) && !chgrp_ok(inode, attr->ia_gid))
		return -EPERM;
	if ((ia_valid & ATTR_MODE) && !inode_owner_or_capable(inode))
		return -EPERM;
	if ((ia_valid & (ATTR_MTIME_SET | ATTR_ATIME_SET | ATTR_TIMES_SET)) &&
	    !inode_owner_or_capable(inode))
		return -EPERM;
	return 0;
}

/*
 * Linux: setattr_copy. A set-group-ID bit survives a mode change only
 * for a caller in the file's (new) group, or with CAP_FSETID.
 */
static void setattr_copy(struct inode *inode, const struct iattr *attr)
{
	unsigned int ia_valid = attr->ia_valid;

	if (ia_valid & ATTR_UID)
		inode->i_uid = attr->ia_uid;
	if (ia_valid & ATTR_GID)
		inode->i_gid = attr->ia_gid;
	if (ia_valid & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	if (ia_valid & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	if (ia_valid & ATTR_CTIME)
		inode->i_ctime = attr->ia_ctime;
	if (ia_valid & ATTR_MODE) {
		umode_t mode = attr->ia_mode;

		if (!in_group_or_capable(inode, inode->i_gid))
			mode &= ~S_ISGID;
		inode->i_mode = mode;
	}
}

/*
 * A set-group-ID bit to drop with a chown or a write: always when the
 * group may execute (it is a set-group-ID program); otherwise (System
 * V's mandatory-locking mark) only for one outside the group.
 */
static unsigned int setattr_should_drop_sgid(const struct inode *inode)
{
	umode_t mode = inode->i_mode;

	if (!(mode & S_ISGID))
		return 0;
	if (mode & S_IXGRP)
		return ATTR_KILL_SGID;
	if (!in_group_or_capable(inode, inode->i_gid))
		return ATTR_KILL_SGID;
	return 0;
}

/* ATTR_KILL_SUID/SGID become a mode change, if the bits are set. */
static void kill_sxid(struct inode *inode, struct iattr *attr)
{
	if ((attr->ia_valid & ATTR_KILL_SUID) && (inode->i_mode & S_ISUID)) {
		attr->ia_valid |= ATTR_MODE;
		attr->ia_mode = inode->i_mode & ~S_ISUID;
	}
	if ((attr->ia_valid & ATTR_KILL_SGID) && (inode->i_mode & S_ISGID)) {
		if (!(attr->ia_valid & ATTR_MODE)) {
			attr->ia_valid |= ATTR_MODE;
			attr->ia_mode = inode->i_mode;
		}
		attr->ia_mode &= ~S_ISGID;
	}
}

/*
 * Linux: notify_change. A "touch" (times NULL, or both UTIME_NOW)
 * needs only write permission; ctime is always now; the times not set
 * explicitly are now too.
 */
static int __notify_change(struct inode *inode, struct iattr *attr)
{
	struct timespec64 now;
	int err;

	if ((attr->ia_valid & ATTR_MODE) && S_ISLNK(inode->i_mode))
		return -EOPNOTSUPP;
	if ((attr->ia_valid & ATTR_TOUCH) && !inode_owner_or_capable(inode)) {
		err = inode_permission(inode, MAY_WRITE);
		if (err)
			return err;
	}
	now = current_time(inode);
	attr->ia_ctime = now;
	if (!(attr->ia_valid & ATTR_ATIME_SET))
		attr->ia_atime = now;
	if (!(attr->ia_valid & ATTR_MTIME_SET))
		attr->ia_mtime = now;
	kill_sxid(inode, attr);
	if (!(attr->ia_valid & ~(ATTR_KILL_SUID | ATTR_KILL_SGID)))
		return 0;
	err = setattr_prepare(inode, attr);
	if (err)
		return err;
	setattr_copy(inode, attr);
	return 0;
}

int notify_change(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = dentry->d_inode;
	struct super_block *sb = inode->i_sb;
	int err;

	spin_lock(&sb->s_dir_lock);
	err = __notify_change(inode, attr);
	spin_unlock(&sb->s_dir_lock);
	return err;
}

/*
 * Linux: dentry_needs_remove_privs and __remove_privs. A write or a
 * truncate by anyone without CAP_FSETID drops the set-user-ID bit, and
 * a set-group-ID program's bit, so that a program changed by someone
 * else never runs with its owner's ids.
 */
int dentry_remove_privs(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	struct iattr attr = { .ia_valid = 0 };

	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & (S_ISUID | S_ISGID)))
		return 0;
	if (inode->i_mode & S_ISUID)
		attr.ia_valid |= ATTR_KILL_SUID;
	attr.ia_valid |= setattr_should_drop_sgid(inode);
	if (!attr.ia_valid || capable(CAP_FSETID))
		return 0;
	attr.ia_valid |= ATTR_FORCE;
	return notify_change(dentry, &attr);
}

/* Linux: file_remove_privs, before a write. */
int file_remove_privs(struct file *file)
{
	if (!file->f_path.dentry)
		return 0;
	return dentry_remove_privs(file->f_path.dentry);
}

/* chown(2)'s ia_valid additions for a file that is not a directory. */
unsigned int chown_kill_bits(const struct inode *inode)
{
	if (S_ISDIR(inode->i_mode))
		return 0;
	return ATTR_KILL_SUID | setattr_should_drop_sgid(inode);
}

// kernel/fs/namei.c — from a path name to a (mount, dentry) pair, and the
// calls that create and remove names.
//
// Linux: fs/namei.c. The walk keeps a struct nameidata: where it stands
// (a struct path, holding a reference on both mount and dentry), the root
// it may not climb above, and a stack of the symlinks it is inside. Each
// component is looked up in the dentry cache first and, on a miss, asked
// of the filesystem under the directory's lock (lookup_slow). Stepping onto
// a dentry that has something mounted on it continues on that mount's
// root; ".." at a mount's root first climbs to the dentry the mount
// covers. A symlink met in the middle of a path is always followed; the
// last component only with LOOKUP_FOLLOW. Like Linux, a walk follows at
// most MAXSYMLINKS (40) links in all and then fails with -ELOOP.
//
// Permission: every directory a walk passes through must be searchable
// (may_lookup); creating a name needs write and search on its directory
// (may_create); removing one the same, and in a sticky directory also
// to own the file or the directory (may_delete). The checks themselves
// are generic_permission's: the mode bits that apply to the caller's
// fsuid and groups, then the capabilities that override them.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/syscall.h>

struct saved_link {
	struct path link;	/* held so its body stays valid */
	const char *rest;	/* what followed it in the outer string */
	char *owned;		/* a body made for this walk (readlink): freed */
};

struct nameidata {
	struct path path;	/* where the walk stands (held) */
	struct path root;	/* borrowed from the fs_struct */
	struct qstr last;	/* the final component, for the caller */
	int last_type;
	bool last_slash;	/* the final component had a '/' after it */
	unsigned int flags;
	int total_link_count;
	int depth;
	struct saved_link stack[MAXSYMLINKS];
};

void path_get(const struct path *path)
{
	mntget(path->mnt);
	dget(path->dentry);
}

void path_put(const struct path *path)
{
	dput(path->dentry);
	mntput(path->mnt);
}

/* ---- permission -------------------------------------------------------- */

/* The owner's, the group's or the others' bits, whichever apply. */
static int acl_permission_check(struct inode *inode, int mask)
{
	unsigned int mode = inode->i_mode;

	if (uid_eq(current_fsuid(), inode->i_uid))
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	return (mask & ~mode & (MAY_READ | MAY_WRITE | MAY_EXEC)) ? -EACCES : 0;
}

/*
 * Linux: generic_permission. After the mode bits, capabilities: a
 * directory may be read and searched with CAP_DAC_READ_SEARCH, and
 * anything done to it with CAP_DAC_OVERRIDE; a file may be read with
 * either, written with CAP_DAC_OVERRIDE, and executed with it only if
 * some x bit is set (so even root cannot run a file no one may run).
 */
int generic_permission(struct inode *inode, int mask)
{
	int ret = acl_permission_check(inode, mask);

	if (ret != -EACCES)
		return ret;
	if (S_ISDIR(inode->i_mode)) {
		if (!(mask & MAY_WRITE) &&
		    capable_wrt_inode_uidgid(inode, CAP_DAC_READ_SEARCH))
			return 0;
		if (capable_wrt_inode_uidgid(inode, CAP_DAC_OVERRIDE))
			return 0;
		return -EACCES;
	}
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (mask == MAY_READ &&
	    capable_wrt_inode_uidgid(inode, CAP_DAC_READ_SEARCH))
		return 0;
	if ((!(mask & MAY_EXEC) || (inode->i_mode & S_IXUGO)) &&
	    capable_wrt_inode_uidgid(inode, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

/*
 * Linux: inode_permission. Read-only mounts (EROFS) and immutable
 * files (EPERM) would be refused here first; Nook has neither yet.
 */
int inode_permission(struct inode *inode, int mask)
{
	if (inode->i_op && inode->i_op->permission)
		return inode->i_op->permission(inode, mask);
	return generic_permission(inode, mask);
}

bool inode_owner_or_capable(const struct inode *inode)
{
	return uid_eq(current_fsuid(), inode->i_uid) ||
	       capable_wrt_inode_uidgid(inode, CAP_FOWNER);
}

/* Search permission on the directory the walk stands in. */
static int may_lookup(struct nameidata *nd)
{
	return inode_permission(nd->path.dentry->d_inode, MAY_EXEC);
}

/* Linux: may_create. A new name in dir: write and search on it. */
static int may_create(struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/*
 * In a sticky directory (S_ISVTX: /tmp) only the file's owner, the
 * directory's owner, or CAP_FOWNER may remove or rename a name.
 */
static bool check_sticky(struct inode *dir, struct inode *inode)
{
	kuid_t fsuid = current_fsuid();

	if (!(dir->i_mode & S_ISVTX))
		return false;
	if (uid_eq(inode->i_uid, fsuid) || uid_eq(dir->i_uid, fsuid))
		return false;
	return !capable_wrt_inode_uidgid(inode, CAP_FOWNER);
}

/*
 * Linux: may_delete, its checks in its order: write and search on the
 * directory (EACCES), the sticky rule (EPERM), then whether victim is
 * the kind of file the call removes (ENOTDIR, EISDIR).
 */
static int may_delete(struct inode *dir, struct dentry *victim, bool isdir)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	if (check_sticky(dir, victim->d_inode))
		return -EPERM;
	if (isdir && !d_is_dir(victim))
		return -ENOTDIR;
	if (!isdir && d_is_dir(victim))
		return -EISDIR;
	return 0;
}

static struct dentry *dget_parent(struct dentry *dentry)
{
	struct dentry *parent;

	spin_lock(&dcache_lock);	/* d_move may change d_parent */
	parent = dentry->d_parent;
	parent->d_count++;
	spin_unlock(&dcache_lock);
	return parent;
}

/*
 * The child called name in dir, with a reference; negative if no such
 * name. The caller holds dir's sb->s_dir_lock. A directory that has been
 * removed has no names and gets none (Linux: IS_DEADDIR).
 */
static struct dentry *lookup_one_locked(struct dentry *dir,
					const struct qstr *name)
{
	struct inode *inode = dir->d_inode;
	struct dentry *dentry;
	int err;

	if (inode->i_nlink == 0)
		return ERR_PTR(-ENOENT);
	dentry = d_lookup(dir, name);
	if (dentry)
		return dentry;
	dentry = d_alloc(dir, name);
	if (!dentry)
		return ERR_PTR(-ENOMEM);
	err = inode->i_op->lookup(inode, dentry);
	if (err) {
		d_delete(dentry);
		dput(dentry);
		return ERR_PTR(err);
	}
	return dentry;
}

/*
 * A cached dentry the filesystem no longer vouches for (procfs: its task
 * is gone) is unhashed, so that this walk and every later one ask the
 * filesystem again; whoever still holds it keeps it (Linux: d_invalidate).
 */
static struct dentry *d_revalidate(struct dentry *dentry)
{
	const struct dentry_operations *op = dentry->d_sb->s_d_op;

	if (!op || !op->d_revalidate || op->d_revalidate(dentry))
		return dentry;
	d_delete(dentry);
	dput(dentry);
	return NULL;
}

/* The cache first; on a miss, the filesystem, under the directory lock. */
static struct dentry *lookup_fast_or_slow(struct dentry *dir,
					  const struct qstr *name)
{
	struct super_block *sb = dir->d_sb;
	struct dentry *dentry = d_lookup(dir, name);

	if (dentry)
		dentry = d_revalidate(dentry);
	if (dentry)
		return dentry;
	spin_lock(&sb->s_dir_lock);
	dentry = lookup_one_locked(dir, name);
	spin_unlock(&sb->s_dir_lock);
	return dentry;
}

/* ".." : up one dentry, or up across mount roots; never above root. */
static void follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		struct dentry *parent;

		if (path_equal(&nd->path, &nd->root))
			break;
		if (nd->path.dentry != nd->path.mnt->mnt_root) {
			parent = dget_parent(nd->path.dentry);
			dput(nd->path.dentry);
			nd->path.dentry = parent;
			break;
		}
		/* At a mount's root: stand on what it covers, then retry. */
		if (!follow_up(&nd->path))
			break;
	}
	while (follow_down_one(&nd->path))
		;
}

/*
 * One step: ".", "..", or a name looked up in the current directory.
 * If the result is a symlink to follow, it is returned in *link and the
 * walk stays put; otherwise the walk stands on the result.
 */
static int walk_component(struct nameidata *nd, const struct qstr *name,
			  int type, bool follow, struct path *link)
{
	struct path next;
	struct dentry *dentry;

	link->dentry = NULL;
	if (type == LAST_DOT)
		return 0;
	if (type == LAST_DOTDOT) {
		follow_dotdot(nd);
		return 0;
	}
	dentry = lookup_fast_or_slow(nd->path.dentry, name);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	if (d_is_negative(dentry)) {
		dput(dentry);
		return -ENOENT;
	}
	next.mnt = mntget(nd->path.mnt);
	next.dentry = dentry;
	while (follow_down_one(&next))
		;
	if (follow && S_ISLNK(next.dentry->d_inode->i_mode)) {
		*link = next;
		return 0;
	}
	path_put(&nd->path);
	nd->path = next;
	return 0;
}

/*
 * A link's text: get_link's, valid while the link is held, or a copy
 * made by the filesystem's readlink, returned in *owned for the caller
 * to kfree once the walk has left the body.
 */
static const char *link_body(struct dentry *dentry, char **owned)
{
	const struct inode_operations *iop = dentry->d_inode->i_op;
	char *buf;
	int len;

	*owned = NULL;
	if (iop->get_link)
		return iop->get_link(dentry->d_inode);
	if (!iop->readlink)
		return NULL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	len = iop->readlink(dentry, buf, PATH_MAX - 1);
	if (len < 0) {
		kfree(buf);
		return ERR_PTR(len);
	}
	buf[len] = '\0';
	*owned = buf;
	return buf;
}

/* A magic link: the walk now stands where the filesystem says. */
static const char *jump_link(struct nameidata *nd, const struct path *link)
{
	struct path to;
	int err = link->dentry->d_inode->i_op->jump_link(link->dentry, &to);

	if (err)
		return ERR_PTR(err);
	path_put(&nd->path);
	nd->path = to;
	return "";		/* nothing left to walk from there */
}

/*
 * Counts a link and returns its body, moving the walk to the root if the
 * body is absolute (or, for a magic link, to where it leads, with an
 * empty body). The caller keeps *link held while it reads the body, and
 * kfrees *owned once it has left it.
 */
static const char *get_link(struct nameidata *nd, const struct path *link,
			    char **owned)
{
	struct inode *inode = link->dentry->d_inode;
	const char *body;

	*owned = NULL;
	if (nd->total_link_count++ >= MAXSYMLINKS)
		return ERR_PTR(-ELOOP);
	if (inode->i_op->jump_link)
		return jump_link(nd, link);
	body = link_body(link->dentry, owned);
	if (IS_ERR(body))
		return body;
	if (!body || !*body) {
		kfree(*owned);
		*owned = NULL;
		return ERR_PTR(-ENOENT);
	}
	if (*body == '/') {
		path_put(&nd->path);
		nd->path = nd->root;
		path_get(&nd->path);
		while (*body == '/')
			body++;
	}
	return body;
}

static int component_type(const char *name, u32 len)
{
	if (name[0] == '.' && len == 1)
		return LAST_DOT;
	if (name[0] == '.' && name[1] == '.' && len == 2)
		return LAST_DOTDOT;
	return LAST_NORM;
}

/* Leaves a finished symlink body: back to the string that named it. */
static const char *pop_link(struct nameidata *nd)
{
	struct saved_link *s = &nd->stack[--nd->depth];

	path_put(&s->link);
	kfree(s->owned);	/* rest never points into it */
	return s->rest;
}

static void drop_links(struct nameidata *nd)
{
	while (nd->depth)
		pop_link(nd);
}

/*
 * Walks every component of name but the last, which it leaves in
 * nd->last for the caller (lookup, create, unlink... each wants it
 * differently). Symlinks on the way are followed, their bodies walked in
 * place of the link, with the rest of the outer string saved on nd->stack.
 */
static int link_path_walk(const char *name, struct nameidata *nd)
{
	while (*name == '/')
		name++;
	if (!*name) {
		nd->last_type = LAST_ROOT;
		return 0;
	}
	for (;;) {
		struct qstr this;
		struct path link;
		bool slash;
		int type, err;

		if (!d_is_dir(nd->path.dentry))
			return -ENOTDIR;
		err = may_lookup(nd);
		if (err)
			return err;
		this.name = name;
		for (this.len = 0; name[this.len] && name[this.len] != '/';)
			this.len++;
		type = component_type(name, this.len);
		name += this.len;
		slash = *name == '/';
		while (*name == '/')
			name++;

		if (!*name) {
			if (!nd->depth) {
				nd->last = this;
				nd->last_type = type;
				nd->last_slash = slash;
				return 0;
			}
			/* The end of a body: resolve it, then return to the
			 * outer string (whose rest is never empty). */
			err = walk_component(nd, &this, type, true, &link);
			if (err)
				return err;
			name = pop_link(nd);
		} else {
			err = walk_component(nd, &this, type, true, &link);
			if (err)
				return err;
		}
		while (link.dentry) {
			char *owned;
			const char *body = get_link(nd, &link, &owned);

			if (IS_ERR(body)) {
				path_put(&link);
				return PTR_ERR(body);
			}
			nd->stack[nd->depth].link = link;
			nd->stack[nd->depth].rest = name;
			nd->stack[nd->depth].owned = owned;
			nd->depth++;
			name = body;
			link.dentry = NULL;
			/* A body of only slashes: the link is the root. */
			while (!*name && nd->depth)
				name = pop_link(nd);
		}
	}
}

static int path_init(struct nameidata *nd, const struct fs_struct *fs,
		     const struct path *start, const char *name,
		     unsigned int flags)
{
	size_t len = strnlen(name, PATH_MAX);

	memset(nd, 0, sizeof(*nd));
	if (len == PATH_MAX)
		return -ENAMETOOLONG;	/* no NUL within PATH_MAX bytes */
	if (len == 0)
		return -ENOENT;
	nd->flags = flags;
	nd->root = fs->root;
	if (*name == '/')
		nd->path = fs->root;
	else
		nd->path = start ? *start : fs->pwd;
	path_get(&nd->path);
	return 0;
}

static void terminate_walk(struct nameidata *nd)
{
	drop_links(nd);
	path_put(&nd->path);
}

/*
 * The whole walk, last component included: Linux's path_lookupat. A
 * trailing symlink (followed only with LOOKUP_FOLLOW) starts the loop
 * over on its body, held in trailing meanwhile.
 */
static int path_lookupat(struct nameidata *nd, const char *name,
			 struct path *out)
{
	struct path trailing = { NULL, NULL };
	char *owned = NULL;	/* trailing's body, when made for us */
	int err;

	for (;;) {
		struct path link;
		const char *body;
		bool follow;

		err = link_path_walk(name, nd);
		if (err)
			break;
		if (nd->last_slash)
			nd->flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
		if (nd->last_type == LAST_ROOT)
			break;
		follow = nd->flags & LOOKUP_FOLLOW;
		err = walk_component(nd, &nd->last, nd->last_type, follow,
				     &link);
		if (err || !link.dentry)
			break;
		if (trailing.dentry)
			path_put(&trailing);
		kfree(owned);
		trailing = link;
		body = get_link(nd, &link, &owned);
		if (IS_ERR(body)) {
			err = PTR_ERR(body);
			break;
		}
		name = body;
	}
	if (trailing.dentry)
		path_put(&trailing);
	kfree(owned);
	if (!err && (nd->flags & LOOKUP_DIRECTORY) &&
	    !d_is_dir(nd->path.dentry))
		err = -ENOTDIR;
	if (err) {
		terminate_walk(nd);
		return err;
	}
	drop_links(nd);
	*out = nd->path;
	return 0;
}

int vfs_path_lookup(const struct fs_struct *fs, const struct path *start,
		    const char *name, unsigned int flags, struct path *out)
{
	struct nameidata nd;
	int err = path_init(&nd, fs, start, name, flags);

	if (err)
		return err;
	return path_lookupat(&nd, name, out);
}

int kern_path(const struct fs_struct *fs, const char *name,
	      unsigned int flags, struct path *out)
{
	return vfs_path_lookup(fs, NULL, name, flags, out);
}

/*
 * The directory that will hold name's last component, and that component
 * (pointing into name, so valid as long as name is). Linux's
 * filename_parentat; *type says whether the last part was a name, ".",
 * ".." or nothing at all ("/").
 */
static int parentat(struct nameidata *nd, const struct fs_struct *fs,
		    const struct path *start, const char *name,
		    unsigned int flags)
{
	int err = path_init(nd, fs, start, name, flags);

	if (err)
		return err;
	err = link_path_walk(name, nd);
	if (err) {
		terminate_walk(nd);
		return err;
	}
	drop_links(nd);		/* the last part is in name itself */
	return 0;
}

int filename_parentat(const struct fs_struct *fs, const struct path *start,
		      const char *name, unsigned int flags,
		      struct path *parent, struct qstr *last, int *type)
{
	struct nameidata nd;
	int err = parentat(&nd, fs, start, name, flags);

	if (err)
		return err;
	*parent = nd.path;
	*last = nd.last;
	*type = nd.last_type;
	return 0;
}

/* ---- creating names ------------------------------------------------- */

/*
 * A negative dentry for the last component of name, in *parent, with the
 * parent's sb->s_dir_lock held until done_path_create. Linux:
 * filename_create. A trailing slash is allowed only for a directory.
 */
static struct dentry *filename_create(const struct fs_struct *fs,
				      const struct path *start,
				      const char *name, bool is_dir,
				      struct path *parent)
{
	struct nameidata nd;
	struct dentry *dentry;
	int err = parentat(&nd, fs, start, name, 0), err2;

	if (err)
		return ERR_PTR(err);
	*parent = nd.path;
	if (nd.last_type != LAST_NORM) {
		path_put(parent);
		return ERR_PTR(-EEXIST);
	}
	/* A read-only mount says EROFS, but only for a name that is new. */
	err2 = mnt_want_write(parent->mnt);
	spin_lock(&parent->dentry->d_sb->s_dir_lock);
	dentry = lookup_one_locked(parent->dentry, &nd.last);
	if (IS_ERR(dentry))
		goto fail;
	err = -EEXIST;
	if (!d_is_negative(dentry))
		goto fail_dput;
	err = -ENOENT;
	if (nd.last_slash && !is_dir)
		goto fail_dput;
	err = err2;
	if (err)
		goto fail_dput;
	return dentry;

fail_dput:
	dput(dentry);
	dentry = ERR_PTR(err);
fail:
	spin_unlock(&parent->dentry->d_sb->s_dir_lock);
	if (!err2)
		mnt_drop_write(parent->mnt);
	path_put(parent);
	return dentry;
}

static void done_path_create(struct path *parent, struct dentry *dentry)
{
	spin_unlock(&parent->dentry->d_sb->s_dir_lock);
	dput(dentry);
	mnt_drop_write(parent->mnt);
	path_put(parent);
}

/*
 * mknod(2): a regular file, or a device, FIFO or socket node. Linux:
 * may_mknod (the type is checked before the walk: a directory is
 * EPERM, an unknown type EINVAL), then vfs_mknod.
 */
static int may_mknod(umode_t mode)
{
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFSOCK:
	case S_IFIFO:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

/* A regular file through ->create, anything else through ->mknod. */
static int mknod_op(struct inode *dir, struct dentry *dentry, umode_t mode,
		    dev_t dev)
{
	if (!(mode & S_IFMT) || S_ISREG(mode))
		return dir->i_op->create ?
		       dir->i_op->create(dir, dentry, mode & S_IALLUGO) : -EPERM;
	return dir->i_op->mknod ?
	       dir->i_op->mknod(dir, dentry, mode & (S_IFMT | S_IALLUGO), dev) :
	       -EPERM;
}

int do_mknodat(const struct fs_struct *fs, const struct path *start,
	       const char *name, umode_t mode, dev_t dev)
{
	struct path parent;
	struct dentry *dentry;
	struct inode *dir;
	int err = may_mknod(mode);

	if (err)
		return err;
	dentry = filename_create(fs, start, name, false, &parent);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	dir = parent.dentry->d_inode;
	err = may_create(dir);
	/* Linux: vfs_mknod. A device node is a privilege of its own. */
	if (!err && (S_ISCHR(mode) || S_ISBLK(mode)) && !capable(CAP_MKNOD))
		err = -EPERM;
	if (!err)
		err = mknod_op(dir, dentry, mode, dev);
	done_path_create(&parent, dentry);
	return err;
}

/* mode is already masked with the umask by the caller. */
int do_mkdirat(const struct fs_struct *fs, const struct path *start,
	       const char *name, umode_t mode)
{
	struct path parent;
	struct dentry *dentry;
	struct inode *dir;
	int err;

	dentry = filename_create(fs, start, name, true, &parent);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	dir = parent.dentry->d_inode;
	err = may_create(dir);
	if (!err)
		err = dir->i_op->mkdir ?
		      dir->i_op->mkdir(dir, dentry, mode & S_IALLUGO) : -EPERM;
	done_path_create(&parent, dentry);
	return err;
}

int do_symlinkat(const struct fs_struct *fs, const char *target,
		 const struct path *start, const char *name)
{
	size_t len = strnlen(target, PATH_MAX);
	struct path parent;
	struct dentry *dentry;
	struct inode *dir;
	int err;

	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0)
		return -ENOENT;
	dentry = filename_create(fs, start, name, false, &parent);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	dir = parent.dentry->d_inode;
	err = may_create(dir);
	if (!err)
		err = dir->i_op->symlink ?
		      dir->i_op->symlink(dir, dentry, target) : -EPERM;
	done_path_create(&parent, dentry);
	return err;
}

int do_linkat(const struct fs_struct *fs, const struct path *old_start,
	      const char *old_name, const struct path *new_start,
	      const char *new_name, int flags)
{
	struct path old, parent;
	struct dentry *dentry;
	struct inode *dir, *inode;
	int err;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = vfs_path_lookup(fs, old_start, old_name,
			      flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0,
			      &old);
	if (err)
		return err;
	dentry = filename_create(fs, new_start, new_name, false, &parent);
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
		goto out;
	}
	dir = parent.dentry->d_inode;
	inode = old.dentry->d_inode;
	if (old.mnt != parent.mnt)
		err = -EXDEV;
	else if ((err = may_create(dir)))
		;
	else if (S_ISDIR(inode->i_mode))
		err = -EPERM;		/* hard links to directories: never */
	else if (inode->i_nlink == 0)
		err = -ENOENT;		/* unlinked meanwhile */
	else if (!dir->i_op->link)
		err = -EPERM;
	else
		err = dir->i_op->link(old.dentry, dir, dentry);
	done_path_create(&parent, dentry);
out:
	path_put(&old);
	return err;
}

/*
 * open(2)'s walk with O_CREAT: the last component is looked up and, if
 * absent, created (mode already masked with the umask), both under the
 * directory's lock so two creators cannot both make it. Linux:
 * open_last_lookups. *created says which happened. An existing symlink
 * at the end is followed: its body is opened the same way from the
 * link's directory, so a dangling link creates its target, as in Linux.
 * depth counts the links followed so far (MAXSYMLINKS, then ELOOP).
 */
static int __open_create(const struct fs_struct *fs, const struct path *start,
			 const char *name, int excl, int nofollow,
			 umode_t mode, struct path *out, bool *created,
			 int depth)
{
	struct nameidata nd;
	struct dentry *dentry;
	struct super_block *sb;
	struct inode *dir, *inode;
	const char *target;
	char *body;
	int err = parentat(&nd, fs, start, name, 0);

	*created = false;
	if (err)
		return err;
	err = -EISDIR;		/* "/", ".", "..", "name/": a directory */
	if (nd.last_type != LAST_NORM || nd.last_slash)
		goto out;
	sb = nd.path.dentry->d_sb;
	dir = nd.path.dentry->d_inode;
	spin_lock(&sb->s_dir_lock);
	dentry = lookup_one_locked(nd.path.dentry, &nd.last);
	if (IS_ERR(dentry)) {
		spin_unlock(&sb->s_dir_lock);
		err = PTR_ERR(dentry);
		goto out;
	}
	if (d_is_negative(dentry)) {
		/* Linux's order: EROFS, then EACCES (may_o_create). */
		err = mnt_want_write(nd.path.mnt);
		if (!err) {
			err = may_create(dir);
			if (!err)
				err = dir->i_op->create ?
				      dir->i_op->create(dir, dentry, mode) :
				      -EACCES;
			mnt_drop_write(nd.path.mnt);
		}
		spin_unlock(&sb->s_dir_lock);
		if (err) {
			dput(dentry);
			goto out;
		}
		*created = true;
		out->mnt = mntget(nd.path.mnt);
		out->dentry = dentry;
		goto out;
	}
	spin_unlock(&sb->s_dir_lock);
	err = -EEXIST;
	if (excl)
		goto out_dput;
	inode = dentry->d_inode;
	if (S_ISLNK(inode->i_mode) && !nofollow) {
		err = -ELOOP;
		if (depth >= MAXSYMLINKS)
			goto out_dput;
		if (inode->i_op->jump_link) {	/* a magic link: go there */
			err = inode->i_op->jump_link(dentry, out);
			goto out_dput;
		}
		/* A copy: the walk below may drop the last hold on the link. */
		target = link_body(dentry, &body);
		err = !target ? -ENOENT : IS_ERR(target) ? PTR_ERR(target) : 0;
		if (err)
			goto out_dput;
		if (!body) {
			err = -ENOMEM;
			body = kmalloc(strlen(target) + 1);
			if (!body)
				goto out_dput;
			memcpy(body, target, strlen(target) + 1);
		}
		dput(dentry);
		err = *body ? __open_create(fs, &nd.path, body, 0, 0, mode, out,
					    created, depth + 1) : -ENOENT;
		kfree(body);
		goto out;
	}
	/* O_NOFOLLOW's link is refused by the caller (ELOOP). */
	out->mnt = mntget(nd.path.mnt);
	out->dentry = dentry;
	while (follow_down_one(out))
		;
	err = 0;
	goto out;

out_dput:
	dput(dentry);
out:
	path_put(&nd.path);
	return err;
}

int open_create(const struct fs_struct *fs, const struct path *start,
		const char *name, int excl, int nofollow, umode_t mode,
		struct path *out, bool *created)
{
	return __open_create(fs, start, name, excl, nofollow, mode, out,
			     created, 0);
}

/* ---- removing names ------------------------------------------------- */

int do_rmdir(const struct fs_struct *fs, const struct path *start,
	     const char *name)
{
	struct nameidata nd;
	struct dentry *dentry;
	struct super_block *sb;
	int err = parentat(&nd, fs, start, name, 0);

	if (err)
		return err;
	switch (nd.last_type) {
	case LAST_DOTDOT:
		err = -ENOTEMPTY;
		goto out;
	case LAST_DOT:
		err = -EINVAL;
		goto out;
	case LAST_ROOT:
		err = -EBUSY;
		goto out;
	}
	err = mnt_want_write(nd.path.mnt);
	if (err)
		goto out;
	sb = nd.path.dentry->d_sb;
	spin_lock(&sb->s_dir_lock);
	dentry = lookup_one_locked(nd.path.dentry, &nd.last);
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
		goto unlock;
	}
	if (d_is_negative(dentry))
		err = -ENOENT;
	else if ((err = may_delete(nd.path.dentry->d_inode, dentry, true)))
		;
	else if (d_mountpoint(dentry))
		err = -EBUSY;
	else if (!nd.path.dentry->d_inode->i_op->rmdir)
		err = -EPERM;		/* procfs: Linux's vfs_rmdir */
	else
		err = nd.path.dentry->d_inode->i_op->rmdir(
			nd.path.dentry->d_inode, dentry);
	if (!err)
		d_delete(dentry);
	dput(dentry);
unlock:
	spin_unlock(&sb->s_dir_lock);
	mnt_drop_write(nd.path.mnt);
out:
	path_put(&nd.path);
	return err;
}

int do_unlinkat(const struct fs_struct *fs, const struct path *start,
		const char *name)
{
	struct nameidata nd;
	struct dentry *dentry;
	struct super_block *sb;
	int err = parentat(&nd, fs, start, name, 0);

	if (err)
		return err;
	if (nd.last_type != LAST_NORM) {
		err = -EISDIR;
		goto out;
	}
	err = mnt_want_write(nd.path.mnt);
	if (err)
		goto out;
	sb = nd.path.dentry->d_sb;
	spin_lock(&sb->s_dir_lock);
	dentry = lookup_one_locked(nd.path.dentry, &nd.last);
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
		goto unlock;
	}
	if (d_is_negative(dentry))
		err = -ENOENT;
	else if (!nd.last_slash &&
		 (err = may_delete(nd.path.dentry->d_inode, dentry, false)))
		;
	else if (d_is_dir(dentry))
		err = -EISDIR;
	else if (nd.last_slash)
		err = -ENOTDIR;		/* "file/" names no directory */
	else if (d_mountpoint(dentry))
		err = -EBUSY;
	else if (!nd.path.dentry->d_inode->i_op->unlink)
		err = -EPERM;		/* procfs: Linux's vfs_unlink */
	else
		err = nd.path.dentry->d_inode->i_op->unlink(
			nd.path.dentry->d_inode, dentry);
	if (!err)
		d_delete(dentry);
	dput(dentry);
unlock:
	spin_unlock(&sb->s_dir_lock);
	mnt_drop_write(nd.path.mnt);
out:
	path_put(&nd.path);
	return err;
}

/* Is dentry at or below ancestor? Under dcache_lock. */
static bool is_subdir(struct dentry *dentry, struct dentry *ancestor)
{
	for (;;) {
		if (dentry == ancestor)
			return true;
		if (dentry->d_parent == dentry)
			return false;
		dentry = dentry->d_parent;
	}
}

#define RENAME_NOREPLACE	(1 << 0)

/*
 * Linux: vfs_rename. The old name is removed and the new one created
 * or replaced, so both directories are checked as may_delete and
 * may_create say; a directory moving to another parent also needs
 * write permission on itself (its ".." entry changes).
 */
static int vfs_rename(struct inode *old_dir, struct dentry *old,
		      struct inode *new_dir, struct dentry *new)
{
	bool is_dir = d_is_dir(old);
	int err;

	if (old->d_inode == new->d_inode)
		return 0;	/* the same file: nothing to do, says POSIX */
	err = may_delete(old_dir, old, is_dir);
	if (err)
		return err;
	if (!new->d_inode)
		err = may_create(new_dir);
	else
		err = may_delete(new_dir, new, is_dir);
	if (err)
		return err;
	if (is_dir && new_dir != old_dir) {
		err = inode_permission(old->d_inode, MAY_WRITE);
		if (err)
			return err;
	}
	if (d_mountpoint(old) || d_mountpoint(new))
		return -EBUSY;
	if (!old_dir->i_op->rename)
		return -EPERM;
	return old_dir->i_op->rename(old_dir, old, new_dir, new);
}

/*
 * rename(2)/renameat2(2). RENAME_EXCHANGE and RENAME_WHITEOUT are not
 * implemented yet and are refused with -EINVAL.
 */
int do_renameat2(const struct fs_struct *fs, const struct path *old_start,
		 const char *old_name, const struct path *new_start,
		 const char *new_name, unsigned int flags)
{
	struct nameidata ond, nnd;
	struct dentry *old, *new;
	struct super_block *sb;
	bool trap;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	err = parentat(&ond, fs, old_start, old_name, 0);
	if (err)
		return err;
	err = parentat(&nnd, fs, new_start, new_name, 0);
	if (err)
		goto out_old;
	err = -EXDEV;
	if (ond.path.mnt != nnd.path.mnt)
		goto out_new;
	err = -EBUSY;
	if (ond.last_type != LAST_NORM)
		goto out_new;
	if (nnd.last_type != LAST_NORM) {
		if (flags & RENAME_NOREPLACE)
			err = -EEXIST;
		goto out_new;
	}
	err = mnt_want_write(ond.path.mnt);
	if (err)
		goto out_new;

	/* One lock per sb covers both directories (s_vfs_rename_mutex). */
	sb = ond.path.dentry->d_sb;
	spin_lock(&sb->s_dir_lock);
	old = lookup_one_locked(ond.path.dentry, &ond.last);
	if (IS_ERR(old)) {
		err = PTR_ERR(old);
		goto unlock;
	}
	err = -ENOENT;
	if (d_is_negative(old))
		goto put_old;
	new = lookup_one_locked(nnd.path.dentry, &nnd.last);
	if (IS_ERR(new)) {
		err = PTR_ERR(new);
		goto put_old;
	}
	err = -EEXIST;
	if ((flags & RENAME_NOREPLACE) && !d_is_negative(new))
		goto put_new;
	err = -ENOTDIR;
	if (!d_is_dir(old) && (ond.last_slash || nnd.last_slash))
		goto put_new;
	/* A directory cannot move below itself; nor may the target be an
	 * ancestor of the source (it could never be empty). */
	spin_lock(&dcache_lock);
	trap = is_subdir(nnd.path.dentry, old);
	spin_unlock(&dcache_lock);
	err = -EINVAL;
	if (trap)
		goto put_new;
	spin_lock(&dcache_lock);
	trap = is_subdir(ond.path.dentry, new);
	spin_unlock(&dcache_lock);
	err = -ENOTEMPTY;
	if (trap)
		goto put_new;
	err = vfs_rename(ond.path.dentry->d_inode, old,
			 nnd.path.dentry->d_inode, new);
put_new:
	dput(new);
put_old:
	dput(old);
unlock:
	spin_unlock(&sb->s_dir_lock);
	mnt_drop_write(ond.path.mnt);
out_new:
	path_put(&nnd.path);
out_old:
	path_put(&ond.path);
	return err;
}

int vfs_readlink(struct dentry *dentry, char *buf, int size)
{
	struct inode *inode = dentry->d_inode;
	const char *body;
	int len;

	if (!inode || !S_ISLNK(inode->i_mode))
		return -EINVAL;
	if (inode->i_op->readlink)
		return inode->i_op->readlink(dentry, buf, size);
	if (!inode->i_op->get_link)
		return -EINVAL;
	body = inode->i_op->get_link(inode);
	len = strlen(body);
	if (len > size)
		len = size;
	memcpy(buf, body, len);
	return len;
}

/* ---- the system calls ---------------------------------------------- */

/*
 * Each copies its names in (getname), finds where a relative name starts
 * (dirfd_path) and takes a held copy of root and cwd for the walk.
 */
struct name_call {
	struct fs_struct fs;
	struct path start, *startp;
	char *name;
};

static int name_call_begin(struct name_call *nc, int dfd,
			   const char __user *uname)
{
	int err;

	nc->name = getname(uname);
	if (IS_ERR(nc->name))
		return PTR_ERR(nc->name);
	err = dirfd_path(dfd, nc->name, &nc->start, &nc->startp);
	if (err) {
		putname(nc->name);
		return err;
	}
	get_current_fs(&nc->fs);
	return 0;
}

static void name_call_end(struct name_call *nc)
{
	put_current_fs(&nc->fs);
	if (nc->startp)
		path_put(nc->startp);
	putname(nc->name);
}

#define AT_FDCWD	-100
#define AT_REMOVEDIR	0x200

static long do_mkdirat_user(int dfd, const char __user *pathname,
			    umode_t mode)
{
	struct name_call nc;
	long err = name_call_begin(&nc, dfd, pathname);

	if (err)
		return err;
	err = do_mkdirat(&nc.fs, nc.startp, nc.name,
			 mode & ~nc.fs.umask & 07777);
	name_call_end(&nc);
	return err;
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname,
		umode_t, mode)
{
	return do_mkdirat_user(dfd, pathname, mode);
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)
{
	return do_mkdirat_user(AT_FDCWD, pathname, mode);
}

static long do_remove(int dfd, const char __user *pathname, bool dir)
{
	struct name_call nc;
	long err = name_call_begin(&nc, dfd, pathname);

	if (err)
		return err;
	if (dir)
		err = do_rmdir(&nc.fs, nc.startp, nc.name);
	else
		err = do_unlinkat(&nc.fs, nc.startp, nc.name);
	name_call_end(&nc);
	return err;
}

static long do_mknodat_user(int dfd, const char __user *filename,
			    umode_t mode, unsigned int dev)
{
	struct name_call nc;
	long err = may_mknod(mode);	/* before the name, as Linux */

	if (!err)
		err = name_call_begin(&nc, dfd, filename);
	if (err)
		return err;
	/* The umask applies to the permission bits, never to the type. */
	err = do_mknodat(&nc.fs, nc.startp, nc.name,
			 (mode & S_IFMT) | (mode & ~nc.fs.umask & 07777),
			 new_decode_dev(dev));
	name_call_end(&nc);
	return err;
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, filename,
		umode_t, mode, unsigned int, dev)
{
	return do_mknodat_user(dfd, filename, mode, dev);
}

SYSCALL_DEFINE3(mknod, const char __user *, filename, umode_t, mode,
		unsigned int, dev)
{
	return do_mknodat_user(AT_FDCWD, filename, mode, dev);
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	return do_remove(AT_FDCWD, pathname, true);
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	return do_remove(AT_FDCWD, pathname, false);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname,
		int, flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_remove(dfd, pathname, flag & AT_REMOVEDIR);
}

static long do_symlinkat_user(const char __user *oldname, int newdfd,
			      const char __user *newname)
{
	struct name_call nc;
	char *target = getname(oldname);
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	err = name_call_begin(&nc, newdfd, newname);
	if (!err) {
		err = do_symlinkat(&nc.fs, target, nc.startp, nc.name);
		name_call_end(&nc);
	}
	putname(target);
	return err;
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return do_symlinkat_user(oldname, newdfd, newname);
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname,
		const char __user *, newname)
{
	return do_symlinkat_user(oldname, AT_FDCWD, newname);
}

/* link and rename: two names, each with its own start. */
static long do_two_names(int olddfd, const char __user *oldname,
			 int newdfd, const char __user *newname,
			 unsigned int flags, bool rename)
{
	struct name_call o, n;
	long err = name_call_begin(&o, olddfd, oldname);

	if (err)
		return err;
	err = name_call_begin(&n, newdfd, newname);
	if (!err) {
		if (rename)
			err = do_renameat2(&o.fs, o.startp, o.name, n.startp,
					   n.name, flags);
		else
			err = do_linkat(&o.fs, o.startp, o.name, n.startp,
					n.name, flags);
		name_call_end(&n);
	}
	name_call_end(&o);
	return err;
}

SYSCALL_DEFINE5(linkat, int, olddfd, const char __user *, oldname,
		int, newdfd, const char __user *, newname, int, flags)
{
	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	return do_two_names(olddfd, oldname, newdfd, newname, flags, false);
}

SYSCALL_DEFINE2(link, const char __user *, oldname,
		const char __user *, newname)
{
	return do_two_names(AT_FDCWD, oldname, AT_FDCWD, newname, 0, false);
}

SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname,
		int, newdfd, const char __user *, newname,
		unsigned int, flags)
{
	return do_two_names(olddfd, oldname, newdfd, newname, flags, true);
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char __user *, oldname,
		int, newdfd, const char __user *, newname)
{
	return do_two_names(olddfd, oldname, newdfd, newname, 0, true);
}

SYSCALL_DEFINE2(rename, const char __user *, oldname,
		const char __user *, newname)
{
	return do_two_names(AT_FDCWD, oldname, AT_FDCWD, newname, 0, true);
}

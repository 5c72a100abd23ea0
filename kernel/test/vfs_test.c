// kernel/test/vfs_test.c — tests for the VFS objects, tmpfs, the path walk
// and mounts (kernel/fs/{dcache,inode,namei,namespace,tmpfs}.c).
//
// Each case works in a fresh tmpfs tree of its own (a private mount
// namespace, with its own root and cwd), so cases cannot see each other,
// and each ends by checking that the live dentry, inode and mount counts
// are back where they were before it: nothing a case did leaked.

#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/ktest.h>
#include <nook/magic.h>
#include <nook/mm.h>
#include <nook/mount.h>
#include <nook/printk.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/page.h>

struct vfs_fixture {
	unsigned long dentries, inodes, mounts;	/* the baseline */
	struct mnt_namespace *ns;
	struct fs_struct fs;
};

static struct vfs_fixture fixture;

static int vfs_init(struct ktest *t)
{
	struct vfs_fixture *f = &fixture;
	struct vfsmount *mnt;

	f->dentries = dentry_live();
	f->inodes = inode_live();
	f->mounts = mnt_live();
	mnt = vfs_kern_mount(get_fs_type("tmpfs"), 0, NULL);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	f->ns = create_mnt_ns(mnt);
	if (!f->ns)
		return -ENOMEM;
	f->fs.root.mnt = mnt;
	f->fs.root.dentry = mnt->mnt_root;
	path_get(&f->fs.root);
	f->fs.pwd = f->fs.root;
	path_get(&f->fs.pwd);
	t->priv = f;
	return 0;
}

/* Tears the tree down and checks that everything it held is freed. */
static void vfs_exit(struct ktest *t)
{
	struct vfs_fixture *f = t->priv;

	path_put(&f->fs.root);
	path_put(&f->fs.pwd);
	put_mnt_ns(f->ns);
	KEXPECT_EQ(t, dentry_live(), f->dentries);
	KEXPECT_EQ(t, inode_live(), f->inodes);
	KEXPECT_EQ(t, mnt_live(), f->mounts);
}

#define FS(t)	(&((struct vfs_fixture *)(t)->priv)->fs)

/* The inode name leads to (following symlinks), or NULL. */
static struct inode *inode_of(struct ktest *t, const char *name,
			      unsigned int flags)
{
	struct path path;
	struct inode *inode;

	if (kern_path(FS(t), name, flags, &path))
		return NULL;
	inode = path.dentry->d_inode;
	path_put(&path);	/* the tree still pins it */
	return inode;
}

static int lookup_err(struct ktest *t, const char *name, unsigned int flags)
{
	struct path path;
	int err = kern_path(FS(t), name, flags, &path);

	if (!err)
		path_put(&path);
	return err;
}

static int write_file(struct ktest *t, const char *name, const char *data)
{
	struct inode *inode;
	int err = do_mknodat(FS(t), NULL, name, S_IFREG | 0644, 0);

	if (err)
		return err;
	inode = inode_of(t, name, 0);
	if (!inode)
		return -ENOENT;
	return tmpfs_write(inode, data, strlen(data), 0) ==
	       (ssize_t)strlen(data) ? 0 : -EIO;
}

/* ---- vfs: the objects and their counts ------------------------------ */

/* A walk's references are the walker's: dropping them frees nothing the
 * tree still names, and the tree's teardown frees all of it. */
static void test_walk_takes_and_drops_references(struct ktest *t)
{
	struct path path;
	int count;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), 0);
	KASSERT_EQ(t, kern_path(FS(t), "d", 0, &path), 0);
	count = path.dentry->d_count;	/* the pin and ours */
	KEXPECT_EQ(t, count, 2);
	path_put(&path);
	KEXPECT_EQ(t, path.dentry->d_count, 1);
	/* A failed lookup leaves no negative dentry behind. */
	KEXPECT_EQ(t, lookup_err(t, "d/nothing", 0), -ENOENT);
	KEXPECT_TRUE(t, list_empty(&path.dentry->d_subdirs));
}

/* unlink removes the name, not the file: a holder still reads it, and
 * the inode is freed with the last reference. */
static void test_unlinked_file_lives_while_held(struct ktest *t)
{
	unsigned long inodes;
	struct path path;
	char buf[8] = "";

	KASSERT_EQ(t, write_file(t, "f", "data"), 0);
	KASSERT_EQ(t, kern_path(FS(t), "f", 0, &path), 0);
	inodes = inode_live();
	KASSERT_EQ(t, do_unlinkat(FS(t), NULL, "f"), 0);
	KEXPECT_EQ(t, lookup_err(t, "f", 0), -ENOENT);
	KEXPECT_EQ(t, path.dentry->d_inode->i_nlink, 0);
	KEXPECT_EQ(t, tmpfs_read(path.dentry->d_inode, buf, 8, 0), 4);
	KEXPECT_STREQ(t, buf, "data");
	KEXPECT_EQ(t, inode_live(), inodes);
	path_put(&path);
	KEXPECT_EQ(t, inode_live(), inodes - 1);
}

/* Appends one newc entry (cf. kernel/test/cpio_test.c) to archive. */
static size_t add_entry(char *archive, size_t len, const char *name,
			u32 ino, u32 mode, u32 nlink, const char *data)
{
	size_t namesize = strlen(name) + 1, size = strlen(data);

	len += snprintf(archive + len, 200,
			"070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
			ino, mode, 7, 8, nlink, 1000, size, 0, 0, 0, 0,
			namesize, 0);
	memcpy(archive + len, name, namesize);
	len = ALIGN(len + namesize, 4);
	memcpy(archive + len, data, size);
	return ALIGN(len + size, 4);
}

/*
 * Unpacking an archive: directories, files with mode, owner and mtime,
 * symlinks, and hard links whose data comes with the last name (GNU
 * cpio's way), as Linux's init/initramfs.c unpacks them.
 */
static void test_unpack_archive(struct ktest *t)
{
	static char archive[2048];
	struct inode *a, *b;
	char buf[8] = "";
	size_t len = 0;

	memset(archive, 0, sizeof(archive));
	len = add_entry(archive, len, ".", 1, S_IFDIR | 0755, 2, "");
	len = add_entry(archive, len, "etc", 2, S_IFDIR | 0700, 2, "");
	len = add_entry(archive, len, "etc/motd", 3, S_IFREG | 0600, 1, "hi");
	len = add_entry(archive, len, "ln", 4, S_IFLNK | 0777, 1, "etc/motd");
	len = add_entry(archive, len, "a", 5, S_IFREG | 0644, 2, "");
	len = add_entry(archive, len, "etc/b", 5, S_IFREG | 0644, 2, "same");
	len = add_entry(archive, len, "TRAILER!!!", 0, 0, 1, "");
	KASSERT_EQ(t, unpack_to_rootfs(archive, len, FS(t)), 0);

	KEXPECT_EQ(t, inode_of(t, "etc", 0)->i_mode, S_IFDIR | 0700);
	a = inode_of(t, "etc/motd", 0);
	KASSERT_NOT_NULL(t, a);
	KEXPECT_EQ(t, a->i_mode, S_IFREG | 0600);
	KEXPECT_EQ(t, __kuid_val(a->i_uid), 7);
	KEXPECT_EQ(t, __kgid_val(a->i_gid), 8);
	KEXPECT_EQ(t, a->i_mtime.tv_sec, 1000);
	KEXPECT_EQ(t, tmpfs_read(a, buf, 8, 0), 2);
	KEXPECT_EQ(t, (long)inode_of(t, "ln", LOOKUP_FOLLOW), (long)a);
	a = inode_of(t, "a", 0);
	b = inode_of(t, "etc/b", 0);
	KEXPECT_EQ(t, (long)a, (long)b);
	KEXPECT_EQ(t, a->i_nlink, 2);
	KEXPECT_EQ(t, tmpfs_read(a, buf, 8, 0), 4);
	KEXPECT_EQ(t, memcmp(buf, "same", 4), 0);
}

static struct ktest_case vfs_cases[] = {
	KTEST_CASE(test_walk_takes_and_drops_references),
	KTEST_CASE(test_unlinked_file_lives_while_held),
	KTEST_CASE(test_unpack_archive),
	{}
};

static struct ktest_suite vfs_suite = {
	.name = "vfs", .cases = vfs_cases,
	.init = vfs_init, .exit = vfs_exit,
};
KTEST_SUITE(vfs_suite);

/* ---- tmpfs ------------------------------------------------------------ */

static void test_create_lookup_unlink(struct ktest *t)
{
	struct inode *inode;

	KASSERT_EQ(t, do_mknodat(FS(t), NULL, "a", S_IFREG | 0640, 0), 0);
	inode = inode_of(t, "a", 0);
	KASSERT_NOT_NULL(t, inode);
	KEXPECT_EQ(t, inode->i_mode, S_IFREG | 0640);
	KEXPECT_EQ(t, inode->i_nlink, 1);
	KEXPECT_EQ(t, do_mknodat(FS(t), NULL, "a", S_IFREG | 0640, 0), -EEXIST);
	KEXPECT_EQ(t, do_mknodat(FS(t), NULL, "b/", S_IFREG | 0640, 0), -ENOENT);
	KEXPECT_EQ(t, do_mknodat(FS(t), NULL, "x/y", S_IFREG | 0640, 0), -ENOENT);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "a/"), -ENOTDIR);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "a"), 0);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "a"), -ENOENT);
	KEXPECT_NULL(t, inode_of(t, "a", 0));
}

static void test_mkdir_rmdir(struct ktest *t)
{
	struct inode *root = FS(t)->root.dentry->d_inode, *d;

	KEXPECT_EQ(t, root->i_nlink, 2);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d/", 0755), 0);
	d = inode_of(t, "d", 0);
	KASSERT_NOT_NULL(t, d);
	KEXPECT_TRUE(t, S_ISDIR(d->i_mode));
	KEXPECT_EQ(t, d->i_nlink, 2);		/* "d" and "d/." */
	KEXPECT_EQ(t, root->i_nlink, 3);	/* and "d/.." */
	KEXPECT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), -EEXIST);
	KEXPECT_EQ(t, do_mkdirat(FS(t), NULL, "/", 0755), -EEXIST);
	KASSERT_EQ(t, write_file(t, "d/f", "x"), 0);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d"), -ENOTEMPTY);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d/f"), -ENOTDIR);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "d"), -EISDIR);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d/."), -EINVAL);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d/.."), -ENOTEMPTY);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "/"), -EBUSY);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "d/f"), 0);
	/* A failed lookup's negative dentry does not make it non-empty. */
	KEXPECT_EQ(t, lookup_err(t, "d/ghost", 0), -ENOENT);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d"), 0);
	KEXPECT_EQ(t, root->i_nlink, 2);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d"), -ENOENT);
}

static void test_rmdir_of_cwd_leaves_a_dead_directory(struct ktest *t)
{
	struct fs_struct fs = *FS(t);
	struct path cwd;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), 0);
	KASSERT_EQ(t, kern_path(FS(t), "d", 0, &cwd), 0);
	fs.pwd = cwd;
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "d"), 0);
	/* Nothing can be made in a removed directory (Linux: ENOENT). */
	KEXPECT_EQ(t, do_mknodat(&fs, NULL, "f", S_IFREG | 0644, 0), -ENOENT);
	KEXPECT_EQ(t, kern_path(&fs, ".", 0, &cwd), 0);
	path_put(&cwd);
	path_put(&fs.pwd);
}

static void test_rename(struct ktest *t)
{
	struct inode *a, *d;
	char buf[4] = "";

	KASSERT_EQ(t, write_file(t, "a", "A"), 0);
	KASSERT_EQ(t, write_file(t, "b", "B"), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "e", 0755), 0);
	KASSERT_EQ(t, write_file(t, "e/f", "F"), 0);
	a = inode_of(t, "a", 0);
	d = inode_of(t, "d", 0);

	/* Over an existing file: the target's inode goes, the name stays. */
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "a", NULL, "b", 0), 0);
	KEXPECT_NULL(t, inode_of(t, "a", 0));
	KEXPECT_EQ(t, (long)inode_of(t, "b", 0), (long)a);
	KEXPECT_EQ(t, tmpfs_read(a, buf, 4, 0), 1);
	KEXPECT_STREQ(t, buf, "A");

	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "a", NULL, "c", 0), -ENOENT);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "d", NULL, "b", 0), -ENOTDIR);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "b", NULL, "d", 0), -EISDIR);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "d", NULL, "e", 0),
		   -ENOTEMPTY);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "d", NULL, "d/x", 0), -EINVAL);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "b/", NULL, "c", 0), -ENOTDIR);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "b", NULL, "e/f", 1), -EEXIST);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, ".", NULL, "z", 0), -EBUSY);
	/* Renaming a file onto itself (or another of its names) is a no-op. */
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "b", NULL, "b", 0), 0);

	/* A directory into another: link counts follow "..". */
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "d", NULL, "e/d2", 0), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "e/d2", 0), (long)d);
	KEXPECT_EQ(t, inode_of(t, "e", 0)->i_nlink, 3);
	KEXPECT_EQ(t, FS(t)->root.dentry->d_inode->i_nlink, 3);
	KEXPECT_EQ(t, lookup_err(t, "e/d2/..", 0), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "e/d2/../f", 0),
		   (long)inode_of(t, "e/f", 0));
	/* Over an empty directory. */
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "g", 0755), 0);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "e/d2", NULL, "g", 0), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "g", 0), (long)d);
	KEXPECT_EQ(t, FS(t)->root.dentry->d_inode->i_nlink, 4); /* e, g */
	/* A long name (kept outside the dentry) survives a rename. */
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "g", NULL,
		   "a_name_too_long_for_the_inline_buffer_of_a_dentry", 0), 0);
	KEXPECT_EQ(t, (long)inode_of(t,
		   "a_name_too_long_for_the_inline_buffer_of_a_dentry", 0),
		   (long)d);
}

static void test_hard_links(struct ktest *t)
{
	struct inode *inode;
	char buf[4] = "";

	KASSERT_EQ(t, write_file(t, "a", "hi"), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), 0);
	KASSERT_EQ(t, do_linkat(FS(t), NULL, "a", NULL, "d/b", 0), 0);
	inode = inode_of(t, "a", 0);
	KEXPECT_EQ(t, (long)inode_of(t, "d/b", 0), (long)inode);
	KEXPECT_EQ(t, inode->i_nlink, 2);
	KEXPECT_EQ(t, do_linkat(FS(t), NULL, "a", NULL, "d/b", 0), -EEXIST);
	KEXPECT_EQ(t, do_linkat(FS(t), NULL, "d", NULL, "d2", 0), -EPERM);
	KEXPECT_EQ(t, do_linkat(FS(t), NULL, "nope", NULL, "x", 0), -ENOENT);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "a"), 0);
	KEXPECT_EQ(t, inode->i_nlink, 1);
	KEXPECT_EQ(t, tmpfs_read(inode_of(t, "d/b", 0), buf, 4, 0), 2);
	KEXPECT_STREQ(t, buf, "hi");
}

static void test_symlink_and_readlink(struct ktest *t)
{
	struct path path;
	char buf[16] = "";

	KASSERT_EQ(t, write_file(t, "target", "T"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "target", NULL, "l"), 0);
	KEXPECT_EQ(t, do_symlinkat(FS(t), "x", NULL, "l"), -EEXIST);
	KEXPECT_EQ(t, do_symlinkat(FS(t), "", NULL, "m"), -ENOENT);
	KASSERT_EQ(t, kern_path(FS(t), "l", 0, &path), 0);
	KEXPECT_TRUE(t, S_ISLNK(path.dentry->d_inode->i_mode));
	KEXPECT_EQ(t, path.dentry->d_inode->i_size, 6);
	KEXPECT_EQ(t, vfs_readlink(path.dentry, buf, sizeof(buf)), 6);
	KEXPECT_STREQ(t, buf, "target");
	KEXPECT_EQ(t, vfs_readlink(path.dentry, buf, 3), 3);
	path_put(&path);
	KEXPECT_EQ(t, (long)inode_of(t, "l", LOOKUP_FOLLOW),
		   (long)inode_of(t, "target", 0));
	/* Hard-linking a symlink links the link itself unless asked. */
	KEXPECT_EQ(t, do_linkat(FS(t), NULL, "l", NULL, "l2", 0), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "l2", 0), (long)inode_of(t, "l", 0));
	KEXPECT_EQ(t, do_linkat(FS(t), NULL, "l", NULL, "t2",
				AT_SYMLINK_FOLLOW), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "t2", 0),
		   (long)inode_of(t, "target", 0));
	/* A dangling link: the link exists, what it names does not. */
	KASSERT_EQ(t, do_symlinkat(FS(t), "/gone", NULL, "dangling"), 0);
	KEXPECT_EQ(t, lookup_err(t, "dangling", 0), 0);
	KEXPECT_EQ(t, lookup_err(t, "dangling", LOOKUP_FOLLOW), -ENOENT);
}

static void test_file_data(struct ktest *t)
{
	static char buf[2 * PAGE_SIZE];
	struct inode *inode;

	KASSERT_EQ(t, do_mknodat(FS(t), NULL, "f", 0644, 0), 0);
	inode = inode_of(t, "f", 0);
	KASSERT_NOT_NULL(t, inode);

	/* A write across a page boundary, far from the start: a hole. */
	KEXPECT_EQ(t, tmpfs_write(inode, "abcd", 4, 3 * PAGE_SIZE - 2), 4);
	KEXPECT_EQ(t, inode->i_size, 3 * PAGE_SIZE + 2);
	KEXPECT_EQ(t, tmpfs_nr_pages(inode), 2);
	memset(buf, 'x', sizeof(buf));
	KEXPECT_EQ(t, tmpfs_read(inode, buf, 8, PAGE_SIZE), 8);
	KEXPECT_EQ(t, memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0);
	KEXPECT_EQ(t, tmpfs_read(inode, buf, 100, 3 * PAGE_SIZE - 2), 4);
	KEXPECT_EQ(t, memcmp(buf, "abcd", 4), 0);
	KEXPECT_EQ(t, tmpfs_read(inode, buf, 100, 3 * PAGE_SIZE + 2), 0);
	KEXPECT_EQ(t, tmpfs_write(inode, "x", 1, -1), -EINVAL);
	KEXPECT_EQ(t, tmpfs_write(inode, "x", 1, 1LL << 40), -EFBIG);

	/* Truncate frees whole pages and zeroes the tail of a partial one. */
	KEXPECT_EQ(t, tmpfs_truncate(inode, 3 * PAGE_SIZE - 1), 0);
	KEXPECT_EQ(t, tmpfs_nr_pages(inode), 1);
	KEXPECT_EQ(t, tmpfs_truncate(inode, 3 * PAGE_SIZE + 2), 0);
	KEXPECT_EQ(t, tmpfs_read(inode, buf, 4, 3 * PAGE_SIZE - 2), 4);
	KEXPECT_EQ(t, memcmp(buf, "a\0\0\0", 4), 0);
	KEXPECT_EQ(t, tmpfs_truncate(inode, 0), 0);
	KEXPECT_EQ(t, tmpfs_nr_pages(inode), 0);
	KEXPECT_EQ(t, inode->i_size, 0);
}

/* Removing a file gives its pages back. */
static void test_unlink_frees_pages(struct ktest *t)
{
	static char page[PAGE_SIZE];
	unsigned long before = nr_free_pages();
	struct inode *inode;

	KASSERT_EQ(t, do_mknodat(FS(t), NULL, "f", 0644, 0), 0);
	inode = inode_of(t, "f", 0);
	for (int i = 0; i < 8; i++)
		KEXPECT_EQ(t, tmpfs_write(inode, page, PAGE_SIZE,
					  i * PAGE_SIZE), PAGE_SIZE);
	KEXPECT_LE(t, nr_free_pages() + 8, before);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, "f"), 0);
	KEXPECT_GE(t, nr_free_pages() + 1, before);	/* +1: slab growth */
}

static struct ktest_case tmpfs_cases[] = {
	KTEST_CASE(test_create_lookup_unlink),
	KTEST_CASE(test_mkdir_rmdir),
	KTEST_CASE(test_rmdir_of_cwd_leaves_a_dead_directory),
	KTEST_CASE(test_rename),
	KTEST_CASE(test_hard_links),
	KTEST_CASE(test_symlink_and_readlink),
	KTEST_CASE(test_file_data),
	KTEST_CASE(test_unlink_frees_pages),
	{}
};

static struct ktest_suite tmpfs_suite = {
	.name = "tmpfs", .cases = tmpfs_cases,
	.init = vfs_init, .exit = vfs_exit,
};
KTEST_SUITE(tmpfs_suite);

/* ---- namei: the walk ------------------------------------------------- */

static void test_dot_dotdot_and_slashes(struct ktest *t)
{
	struct inode *root = FS(t)->root.dentry->d_inode;
	struct inode *b;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "a", 0755), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "a/b", 0755), 0);
	b = inode_of(t, "a/b", 0);
	KEXPECT_EQ(t, (long)inode_of(t, "//a///b//", 0), (long)b);
	KEXPECT_EQ(t, (long)inode_of(t, "./a/./b/.", 0), (long)b);
	KEXPECT_EQ(t, (long)inode_of(t, "a/b/../b", 0), (long)b);
	KEXPECT_EQ(t, (long)inode_of(t, "/", 0), (long)root);
	/* ".." at the root stays at the root. */
	KEXPECT_EQ(t, (long)inode_of(t, "/../../..", 0), (long)root);
	KEXPECT_EQ(t, (long)inode_of(t, "a/../../a/b", 0), (long)b);
	KEXPECT_EQ(t, lookup_err(t, "", 0), -ENOENT);
}

static void test_walk_errors(struct ktest *t)
{
	KASSERT_EQ(t, write_file(t, "f", "x"), 0);
	KEXPECT_EQ(t, lookup_err(t, "missing", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "missing/x", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "f/x", 0), -ENOTDIR);
	KEXPECT_EQ(t, lookup_err(t, "f/", 0), -ENOTDIR);
	KEXPECT_EQ(t, lookup_err(t, "f/.", 0), -ENOTDIR);
	KEXPECT_EQ(t, lookup_err(t, "f", LOOKUP_DIRECTORY), -ENOTDIR);
	KEXPECT_EQ(t, lookup_err(t, "f", 0), 0);
}

static void test_name_too_long(struct ktest *t)
{
	static char name[PATH_MAX + 16];

	/* NAME_MAX bytes is fine, one more is not. */
	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	KEXPECT_EQ(t, do_mknodat(FS(t), NULL, name, 0644, 0), 0);
	KEXPECT_EQ(t, lookup_err(t, name, 0), 0);
	KEXPECT_EQ(t, do_unlinkat(FS(t), NULL, name), 0);
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = '\0';
	KEXPECT_EQ(t, lookup_err(t, name, 0), -ENAMETOOLONG);
	KEXPECT_EQ(t, do_mknodat(FS(t), NULL, name, 0644, 0), -ENAMETOOLONG);
	KEXPECT_EQ(t, do_mkdirat(FS(t), NULL, name, 0755), -ENAMETOOLONG);

	/* A path of PATH_MAX - 1 bytes is walked; PATH_MAX bytes is not. */
	for (int i = 0; i < PATH_MAX; i += 2) {
		name[i] = '.';
		name[i + 1] = '/';
	}
	name[PATH_MAX - 1] = '\0';
	KEXPECT_EQ(t, lookup_err(t, name, 0), 0);
	name[PATH_MAX - 1] = '/';
	name[PATH_MAX] = '\0';
	KEXPECT_EQ(t, lookup_err(t, name, 0), -ENAMETOOLONG);
}

static void test_symlinks_in_the_walk(struct ktest *t)
{
	struct inode *c;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "a", 0755), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "a/b", 0755), 0);
	KASSERT_EQ(t, write_file(t, "a/b/c", "c"), 0);
	c = inode_of(t, "a/b/c", 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "a/b", NULL, "rel"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "/a", NULL, "a/b/abs"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "../b/c", NULL, "a/b/up"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "/", NULL, "slash"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "rel/abs/b", NULL, "nest"), 0);

	/* In the middle a link is always followed. */
	KEXPECT_EQ(t, (long)inode_of(t, "rel/c", 0), (long)c);
	KEXPECT_EQ(t, (long)inode_of(t, "rel/abs/b/c", 0), (long)c);
	KEXPECT_EQ(t, (long)inode_of(t, "nest/c", 0), (long)c);
	KEXPECT_EQ(t, (long)inode_of(t, "slash/a/b/c", 0), (long)c);
	/* ".." after a link is relative to where the link led (Linux). */
	KEXPECT_EQ(t, (long)inode_of(t, "rel/../b/c", 0), (long)c);
	/* At the end, only with LOOKUP_FOLLOW (or a trailing slash). */
	KEXPECT_EQ(t, (long)inode_of(t, "rel/up", LOOKUP_FOLLOW), (long)c);
	KEXPECT_TRUE(t, S_ISLNK(inode_of(t, "rel/up", 0)->i_mode));
	KEXPECT_TRUE(t, S_ISDIR(inode_of(t, "nest/", 0)->i_mode));
	KEXPECT_EQ(t, lookup_err(t, "rel/up/", 0), -ENOTDIR);
}

static void test_symlink_loops(struct ktest *t)
{
	char name[8], target[8];

	KASSERT_EQ(t, do_symlinkat(FS(t), "self", NULL, "self"), 0);
	KEXPECT_EQ(t, lookup_err(t, "self", LOOKUP_FOLLOW), -ELOOP);
	KEXPECT_EQ(t, lookup_err(t, "self/x", 0), -ELOOP);
	KEXPECT_EQ(t, lookup_err(t, "self", 0), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "pong/", NULL, "ping"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "ping/", NULL, "pong"), 0);
	KEXPECT_EQ(t, lookup_err(t, "ping/x", 0), -ELOOP);

	/* A chain l1 -> l2 -> ... -> l40 -> f: exactly 40 links resolve,
	 * 41 (starting one link further back, at l0) do not. */
	KASSERT_EQ(t, write_file(t, "f", "x"), 0);
	for (int i = 0; i <= MAXSYMLINKS; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		if (i == MAXSYMLINKS)
			strlcpy(target, "f", sizeof(target));
		else
			snprintf(target, sizeof(target), "l%d", i + 1);
		KASSERT_EQ(t, do_symlinkat(FS(t), target, NULL, name), 0);
	}
	KEXPECT_EQ(t, lookup_err(t, "l1", LOOKUP_FOLLOW), 0);
	KEXPECT_EQ(t, lookup_err(t, "l0", LOOKUP_FOLLOW), -ELOOP);
	/* The count is per walk, across the middle and the end alike. */
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "d", NULL, "dl"), 0);
	KEXPECT_EQ(t, lookup_err(t, "dl/../l1", LOOKUP_FOLLOW), -ELOOP);
	KEXPECT_EQ(t, lookup_err(t, "dl/../l2", LOOKUP_FOLLOW), 0);
}

static void test_parentat(struct ktest *t)
{
	struct path parent;
	struct qstr last;
	int type;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "d", 0755), 0);
	KASSERT_EQ(t, filename_parentat(FS(t), NULL, "d/new//", 0, &parent,
					&last, &type), 0);
	KEXPECT_EQ(t, type, LAST_NORM);
	KEXPECT_EQ(t, last.len, 3);
	KEXPECT_EQ(t, memcmp(last.name, "new", 3), 0);
	KEXPECT_EQ(t, (long)parent.dentry->d_inode, (long)inode_of(t, "d", 0));
	path_put(&parent);
	KASSERT_EQ(t, filename_parentat(FS(t), NULL, "/", 0, &parent, &last,
					&type), 0);
	KEXPECT_EQ(t, type, LAST_ROOT);
	path_put(&parent);
	KASSERT_EQ(t, filename_parentat(FS(t), NULL, "d/..", 0, &parent,
					&last, &type), 0);
	KEXPECT_EQ(t, type, LAST_DOTDOT);
	path_put(&parent);
	KEXPECT_EQ(t, filename_parentat(FS(t), NULL, "x/y", 0, &parent,
					&last, &type), -ENOENT);
}

static struct ktest_case namei_cases[] = {
	KTEST_CASE(test_dot_dotdot_and_slashes),
	KTEST_CASE(test_walk_errors),
	KTEST_CASE(test_name_too_long),
	KTEST_CASE(test_symlinks_in_the_walk),
	KTEST_CASE(test_symlink_loops),
	KTEST_CASE(test_parentat),
	{}
};

static struct ktest_suite namei_suite = {
	.name = "namei", .cases = namei_cases,
	.init = vfs_init, .exit = vfs_exit,
};
KTEST_SUITE(namei_suite);

/* ---- mount ------------------------------------------------------------ */

static int mount_tmpfs(struct ktest *t, const char *where)
{
	struct path path;
	int err = kern_path(FS(t), where, LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	err = do_mount("tmpfs", &path, 0, NULL);
	path_put(&path);
	return err;
}

static void test_mount_and_walk_into_it(struct ktest *t)
{
	unsigned long mounts = mnt_live();
	struct inode *mnt, *under;
	struct path path;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt", 0755), 0);
	KASSERT_EQ(t, write_file(t, "mnt/under", "u"), 0);
	under = inode_of(t, "mnt", 0);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt"), 0);
	KEXPECT_EQ(t, mnt_live(), mounts + 1);
	mnt = inode_of(t, "mnt", 0);
	KEXPECT_NE(t, (long)mnt, (long)under);
	KEXPECT_EQ(t, mnt->i_mode, S_IFDIR | 01777);
	KEXPECT_EQ(t, lookup_err(t, "mnt/under", 0), -ENOENT);
	KASSERT_EQ(t, write_file(t, "mnt/over", "o"), 0);

	/* ".." at the mount's root climbs out of it. */
	KASSERT_EQ(t, kern_path(FS(t), "mnt/..", 0, &path), 0);
	KEXPECT_EQ(t, (long)path.mnt, (long)FS(t)->root.mnt);
	KEXPECT_EQ(t, (long)path.dentry, (long)FS(t)->root.dentry);
	path_put(&path);
	KEXPECT_EQ(t, (long)inode_of(t, "mnt/../mnt/over", 0),
		   (long)inode_of(t, "/mnt/over", 0));

	/* Names cannot cross mounts, nor can a mountpoint go. */
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "mnt/over", NULL, "x", 0),
		   -EXDEV);
	KEXPECT_EQ(t, do_linkat(FS(t), NULL, "mnt/over", NULL, "x", 0),
		   -EXDEV);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "mnt"), -EBUSY);
	KEXPECT_EQ(t, do_renameat2(FS(t), NULL, "mnt", NULL, "m2", 0), -EBUSY);

	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), 0);
	KEXPECT_EQ(t, mnt_live(), mounts);
	KEXPECT_EQ(t, (long)inode_of(t, "mnt", 0), (long)under);
	KEXPECT_EQ(t, lookup_err(t, "mnt/under", 0), 0);
}

static void test_umount_errors(struct ktest *t)
{
	struct path held;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt", 0755), 0);
	KASSERT_EQ(t, write_file(t, "f", "x"), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), -EINVAL);
	KEXPECT_EQ(t, path_umount(FS(t), "/", 0), -EBUSY);
	KEXPECT_EQ(t, mount_tmpfs(t, "f"), -ENOTDIR);
	KEXPECT_EQ(t, mount_tmpfs(t, "nope"), -ENOENT);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt"), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0x100), -EINVAL);	/* no such flag */

	/* Busy while anyone holds a path in it (a cwd, an open file)... */
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt/sub", 0755), 0);
	KASSERT_EQ(t, kern_path(FS(t), "mnt/sub", 0, &held), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), -EBUSY);
	path_put(&held);
	/* ...or while something is mounted below it. */
	KASSERT_EQ(t, mount_tmpfs(t, "mnt/sub"), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), -EBUSY);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt/sub", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt/sub", 0), -EINVAL);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), -EINVAL);
}

/* A second mount on the same place hides the first; umount uncovers it. */
static void test_stacked_mounts(struct ktest *t)
{
	struct inode *first;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt", 0755), 0);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt"), 0);
	first = inode_of(t, "mnt", 0);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt"), 0);
	KEXPECT_NE(t, (long)inode_of(t, "mnt", 0), (long)first);
	KEXPECT_EQ(t, (long)inode_of(t, "mnt/..", 0),
		   (long)FS(t)->root.dentry->d_inode);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "mnt", 0), (long)first);
	/* The tree's teardown (vfs_exit) unmounts what is left. */
}

/* A symlink whose target crosses into a mount, and ".." out again. */
static void test_symlink_across_mounts(struct ktest *t)
{
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt", 0755), 0);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt"), 0);
	KASSERT_EQ(t, write_file(t, "mnt/f", "x"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "/mnt/f", NULL, "lf"), 0);
	KASSERT_EQ(t, do_symlinkat(FS(t), "../lf", NULL, "mnt/back"), 0);
	KEXPECT_EQ(t, (long)inode_of(t, "mnt/back", LOOKUP_FOLLOW),
		   (long)inode_of(t, "mnt/f", 0));
}

/* The boot unpacked the initramfs into init's root (init_fs). */
static void test_initramfs_unpacked(struct ktest *t)
{
	struct path init, bin_init;
	char buf[16] = "";

	if (kern_path(&init_fs, "/bin/init", 0, &bin_init)) {
		ktest_skip(t, "no initramfs in this boot");
		return;
	}
	KEXPECT_TRUE(t, S_ISREG(bin_init.dentry->d_inode->i_mode));
	KEXPECT_EQ(t, bin_init.dentry->d_inode->i_mode & 0777, 0755);
	KEXPECT_GT(t, bin_init.dentry->d_inode->i_size, 0);
	KEXPECT_EQ(t, tmpfs_read(bin_init.dentry->d_inode, buf, 4, 0), 4);
	KEXPECT_EQ(t, memcmp(buf, "\177ELF", 4), 0);
	KASSERT_EQ(t, kern_path(&init_fs, "/init", 0, &init), 0);
	KEXPECT_TRUE(t, S_ISLNK(init.dentry->d_inode->i_mode));
	KEXPECT_EQ(t, vfs_readlink(init.dentry, buf, sizeof(buf)), 8);
	KEXPECT_EQ(t, memcmp(buf, "bin/init", 8), 0);
	path_put(&init);
	KASSERT_EQ(t, kern_path(&init_fs, "/init", LOOKUP_FOLLOW, &init), 0);
	KEXPECT_EQ(t, (long)init.dentry, (long)bin_init.dentry);
	path_put(&init);
	path_put(&bin_init);
	KEXPECT_TRUE(t, S_ISDIR(inode_of(t, "/", 0)->i_mode));
}

/*
 * MNT_DETACH takes a busy mount and the one below it out of the tree at
 * once; they are freed, super blocks and all, when the last path into
 * them is put, not before.
 */
static void test_detach_frees_on_last_put(struct ktest *t)
{
	unsigned long mounts = mnt_live(), inodes = inode_live();
	struct path held, plain;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt", 0755), 0);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt"), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "mnt/sub", 0755), 0);
	KASSERT_EQ(t, mount_tmpfs(t, "mnt/sub"), 0);
	KASSERT_EQ(t, write_file(t, "mnt/sub/f", "x"), 0);
	KASSERT_EQ(t, kern_path(FS(t), "mnt/sub/f", 0, &held), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", 0), -EBUSY);
	KEXPECT_EQ(t, path_umount(FS(t), "mnt", MNT_DETACH), 0);
	KEXPECT_EQ(t, lookup_err(t, "mnt/sub", 0), -ENOENT);
	KASSERT_EQ(t, kern_path(FS(t), "mnt", 0, &plain), 0);
	KEXPECT_FALSE(t, d_mountpoint(plain.dentry));
	KEXPECT_EQ(t, (long)plain.mnt, (long)FS(t)->root.mnt);
	path_put(&plain);
	KEXPECT_EQ(t, mnt_live(), mounts + 1);	/* the held one lives */
	path_put(&held);
	KEXPECT_EQ(t, mnt_live(), mounts);
	KEXPECT_EQ(t, do_rmdir(FS(t), NULL, "mnt"), 0);
	KEXPECT_EQ(t, inode_live(), inodes);
}

/*
 * A recursive bind copies the mounts below; the copies share dentries
 * with the originals, so unmounting a copy must leave the original's
 * mountpoint marked (d_mounted counts both).
 */
static void test_bind_rec_shares_mountpoints(struct ktest *t)
{
	unsigned long mounts = mnt_live();
	struct path to, from;

	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "a", 0755), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "b", 0755), 0);
	KASSERT_EQ(t, mount_tmpfs(t, "a"), 0);
	KASSERT_EQ(t, do_mkdirat(FS(t), NULL, "a/sub", 0755), 0);
	KASSERT_EQ(t, mount_tmpfs(t, "a/sub"), 0);
	KASSERT_EQ(t, write_file(t, "a/sub/f", "x"), 0);
	KASSERT_EQ(t, kern_path(FS(t), "b", LOOKUP_FOLLOW, &to), 0);
	KASSERT_EQ(t, kern_path(FS(t), "a", LOOKUP_FOLLOW, &from), 0);
	KEXPECT_EQ(t, do_bind_mount(&to, &from, true), 0);
	path_put(&from);
	path_put(&to);
	KEXPECT_EQ(t, mnt_live(), mounts + 4);
	KEXPECT_EQ(t, lookup_err(t, "b/sub/f", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "b/sub", 0), 0);
	KEXPECT_EQ(t, lookup_err(t, "a/sub/f", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "b", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "a/sub", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "a", 0), 0);
	KEXPECT_EQ(t, mnt_live(), mounts);
}

/*
 * The boot's root is Linux's rootfs: a tmpfs whose type is named
 * "rootfs" (so /proc/mounts says "rootfs / rootfs"), whose statfs says
 * TMPFS_MAGIC, and which no mount(2) can ask for by name.
 */
static void test_root_is_rootfs(struct ktest *t)
{
	struct super_block *sb = init_mnt_ns->root->mnt.mnt_sb;
	struct path root = { &init_mnt_ns->root->mnt, sb->s_root };
	struct kstatfs st;

	KEXPECT_EQ(t, strcmp(sb->s_type->name, "rootfs"), 0);
	KEXPECT_EQ(t, strcmp(init_mnt_ns->root->mnt_devname, "rootfs"), 0);
	KEXPECT_EQ(t, vfs_statfs(&root, &st), 0);
	KEXPECT_EQ(t, st.f_type, TMPFS_MAGIC);
	KEXPECT_NULL(t, get_fs_type("rootfs"));
	KEXPECT_EQ(t, do_new_mount(&root, "rootfs", 0, 0, "none", NULL),
		   -ENODEV);
}

/* The root dentry of the cursor's next mount; its reference dropped. */
static struct dentry *next_place(struct ktest *t, struct mount *cursor,
				 bool rewind)
{
	struct mnt_namespace *ns = ((struct vfs_fixture *)t->priv)->ns;
	struct mount *m = mnt_cursor_next(ns, cursor, rewind);
	struct dentry *place;

	if (!m)
		return NULL;
	place = m->mnt.mnt_root;
	mntput(&m->mnt);	/* still in the tree: the pointer stays good */
	return place;
}

/* The dentry a walk of name ends on (a mount's root, if one is there). */
static struct dentry *dentry_of(struct ktest *t, const char *name)
{
	struct path path;
	struct dentry *d;

	if (kern_path(FS(t), name, 0, &path))
		return NULL;
	d = path.dentry;
	path_put(&path);	/* the tree still pins it */
	return d;
}

/*
 * /proc/PID/mounts walks a tree's list with a cursor: a mount removed
 * before the cursor reaches it is never handed out, one added is, none
 * is handed out twice, and a mount given back unread comes next again.
 */
static void test_mount_cursor(struct ktest *t)
{
	struct mnt_namespace *ns = ((struct vfs_fixture *)t->priv)->ns;
	struct mount cursor, *m;
	const char *const names[] = { "a", "b", "c", "d" };

	for (int i = 0; i < 4; i++) {
		KASSERT_EQ(t, do_mkdirat(FS(t), NULL, names[i], 0755), 0);
		if (i < 3)
			KASSERT_EQ(t, mount_tmpfs(t, names[i]), 0);
	}
	mnt_cursor_init(&cursor);
	m = mnt_cursor_next(ns, &cursor, true);
	KEXPECT_EQ(t, (long)m, (long)ns->root);
	mntput(&m->mnt);
	KEXPECT_EQ(t, (long)next_place(t, &cursor, false),
		   (long)dentry_of(t, "a"));
	KEXPECT_EQ(t, path_umount(FS(t), "b", 0), 0);
	KEXPECT_EQ(t, mount_tmpfs(t, "d"), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "a", 0), 0);
	m = mnt_cursor_next(ns, &cursor, false);
	KASSERT_NOT_NULL(t, m);
	KEXPECT_EQ(t, (long)m->mnt.mnt_root, (long)dentry_of(t, "c"));
	mnt_cursor_unread(ns, &cursor, m);
	KEXPECT_EQ(t, (long)next_place(t, &cursor, false),
		   (long)dentry_of(t, "c"));
	KEXPECT_EQ(t, (long)next_place(t, &cursor, false),
		   (long)dentry_of(t, "d"));
	KEXPECT_NULL(t, next_place(t, &cursor, false));
	KEXPECT_NULL(t, next_place(t, &cursor, false));
	m = mnt_cursor_next(ns, &cursor, true);
	KEXPECT_EQ(t, (long)m, (long)ns->root);
	mntput(&m->mnt);
	mnt_cursor_del(&cursor);
	KEXPECT_EQ(t, path_umount(FS(t), "c", 0), 0);
	KEXPECT_EQ(t, path_umount(FS(t), "d", 0), 0);
	for (int i = 0; i < 4; i++)
		KEXPECT_EQ(t, do_rmdir(FS(t), NULL, names[i]), 0);
}

static struct ktest_case mount_cases[] = {
	KTEST_CASE(test_mount_cursor),
	KTEST_CASE(test_root_is_rootfs),
	KTEST_CASE(test_detach_frees_on_last_put),
	KTEST_CASE(test_bind_rec_shares_mountpoints),
	KTEST_CASE(test_mount_and_walk_into_it),
	KTEST_CASE(test_umount_errors),
	KTEST_CASE(test_stacked_mounts),
	KTEST_CASE(test_symlink_across_mounts),
	KTEST_CASE(test_initramfs_unpacked),
	{}
};

static struct ktest_suite mount_suite = {
	.name = "mount", .cases = mount_cases,
	.init = vfs_init, .exit = vfs_exit,
};
KTEST_SUITE(mount_suite);

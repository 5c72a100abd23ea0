// kernel/test/fs_struct_test.c — tests for struct fs_struct
// (kernel/fs/fs_struct.c): copy_fs makes a copy or shares by CLONE_FS,
// and exit_fs gives back exactly what copy_fs took: the fs_struct and
// the references on the root and cwd dentries.

#include <nook/fs.h>
#include <nook/ktest.h>
#include <nook/mount.h>
#include <nook/sched.h>
#include <nook/slab.h>

static int d_count_of(struct dentry *dentry)
{
	int n;

	spin_lock(&dcache_lock);
	n = dentry->d_count;
	spin_unlock(&dcache_lock);
	return n;
}

/* Without CLONE_FS: a new fs_struct holding root and cwd, freed at exit. */
static void test_copy_fs_copies_and_frees(struct ktest *t)
{
	struct fs_struct *fs = current->fs;
	struct dentry *pwd = fs->pwd.dentry;
	unsigned long live = fs_struct_live();
	int count = d_count_of(pwd);
	struct task_struct *tsk = kzalloc(sizeof(*tsk));

	KASSERT_NOT_NULL(t, tsk);
	KEXPECT_EQ(t, copy_fs(0, tsk), 0);
	KEXPECT_NE(t, (long)tsk->fs, (long)fs);
	KEXPECT_EQ(t, fs_struct_live(), live + 1);
	KEXPECT_EQ(t, (long)tsk->fs->pwd.dentry, (long)pwd);
	KEXPECT_EQ(t, tsk->fs->umask, fs->umask);
	/* root and pwd are one dentry at boot: two references, or one each */
	KEXPECT_GT(t, d_count_of(pwd), count);
	exit_fs(tsk);
	KEXPECT_EQ(t, (long)tsk->fs, 0);
	KEXPECT_EQ(t, fs_struct_live(), live);
	KEXPECT_EQ(t, d_count_of(pwd), count);
	kfree(tsk);
}

/* With CLONE_FS: the same fs_struct, one more user, nothing copied. */
static void test_clone_fs_shares(struct ktest *t)
{
	struct fs_struct *fs = current->fs;
	unsigned long live = fs_struct_live();
	int users = fs->users;
	struct task_struct *tsk = kzalloc(sizeof(*tsk));

	KASSERT_NOT_NULL(t, tsk);
	KEXPECT_EQ(t, copy_fs(CLONE_FS, tsk), 0);
	KEXPECT_EQ(t, (long)tsk->fs, (long)fs);
	KEXPECT_EQ(t, fs->users, users + 1);
	KEXPECT_EQ(t, fs_struct_live(), live);
	exit_fs(tsk);
	KEXPECT_EQ(t, fs->users, users);
	kfree(tsk);
}

static struct ktest_case fs_struct_cases[] = {
	KTEST_CASE(test_copy_fs_copies_and_frees),
	KTEST_CASE(test_clone_fs_shares),
	{}
};

static struct ktest_suite fs_struct_suite = {
	.name = "fs_struct", .cases = fs_struct_cases,
};
KTEST_SUITE(fs_struct_suite);

// kernel/test/proc_test.c — tests for procfs (kernel/fs/proc/) and its
// seq_file reads (kernel/fs/seq_file.c).
//
// Each case mounts a fresh proc instance and walks it from a fs_struct
// whose root is that mount's root ("/self" is /proc/self). The cases
// run in the ktest kernel thread: /self is that thread, which has no
// address space (empty cmdline, no exe). Every case ends by checking
// that the dentries, inodes and mounts it made are all gone.
#include <nook/completion.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/ktest.h>
#include <nook/mount.h>
#include <nook/pid.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/seq_file.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/timer.h>
#include "../fs/proc/internal.h"

struct proc_fixture {
	unsigned long dentries, inodes, mounts, files;
	struct fs_struct fs;
	char buf[4096];
};

static struct proc_fixture pfix;

#define FS(t)	(&((struct proc_fixture *)(t)->priv)->fs)
#define BUF(t)	(((struct proc_fixture *)(t)->priv)->buf)

static int proc_init(struct ktest *t)
{
	struct proc_fixture *f = &pfix;
	struct vfsmount *mnt;

	f->dentries = dentry_live();
	f->inodes = inode_live();
	f->mounts = mnt_live();
	f->files = kmem_cache_live(filp_cachep);
	mnt = vfs_kern_mount(get_fs_type("proc"), 0, NULL);
	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	f->fs.root.mnt = mnt;
	f->fs.root.dentry = mnt->mnt_root;
	dget(mnt->mnt_root);
	f->fs.pwd = f->fs.root;
	path_get(&f->fs.pwd);
	t->priv = f;
	return 0;
}

static void proc_exit(struct ktest *t)
{
	struct proc_fixture *f = t->priv;

	path_put(&f->fs.pwd);
	path_put(&f->fs.root);	/* the last: the instance goes */
	KEXPECT_EQ(t, dentry_live(), f->dentries);
	KEXPECT_EQ(t, inode_live(), f->inodes);
	KEXPECT_EQ(t, mnt_live(), f->mounts);
	KEXPECT_EQ(t, kmem_cache_live(filp_cachep), f->files);
}

/* Opens path for reading as open(2) would, with its f_op->open. */
static struct file *open_path(const struct path *path)
{
	struct inode *inode = path->dentry->d_inode;
	struct file *f = alloc_file(inode->i_fop, O_RDONLY, NULL);

	if (IS_ERR(f))
		return f;
	f->f_path = *path;
	path_get(&f->f_path);
	f->f_inode = inode;
	if (f->f_op->open && f->f_op->open(inode, f)) {
		fput(f);
		return ERR_PTR(-EIO);
	}
	return f;
}

/* name's text at pos, into BUF(t) (NUL-ended); the length or -errno. */
static long read_at(struct ktest *t, const char *name, loff_t pos,
		    size_t count)
{
	struct path path;
	struct file *f;
	long n;

	n = kern_path(FS(t), name, LOOKUP_FOLLOW, &path);
	if (n)
		return n;
	f = open_path(&path);
	path_put(&path);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = seq_read_kernel(f->private_data, BUF(t),
			    min(count, sizeof(BUF(t)) - 1), pos);
	if (n >= 0)
		BUF(t)[n] = '\0';
	fput(f);
	return n;
}

static long read_all(struct ktest *t, const char *name)
{
	return read_at(t, name, 0, sizeof(BUF(t)) - 1);
}

static int lookup_err(struct ktest *t, const char *name, unsigned int flags)
{
	struct path path;
	int err = kern_path(FS(t), name, flags, &path);

	if (!err)
		path_put(&path);
	return err;
}

/* /self reads as the caller's pid and leads to its directory. */
static void test_self_link(struct ktest *t)
{
	char want[16], got[16];
	struct path self, dir;
	int len = snprintf(want, sizeof(want), "%d", current->tgid);

	KASSERT_EQ(t, kern_path(FS(t), "/self", 0, &self), 0);
	KEXPECT_TRUE(t, S_ISLNK(self.dentry->d_inode->i_mode));
	KEXPECT_EQ(t, vfs_readlink(self.dentry, got, sizeof(got)), len);
	KEXPECT_EQ(t, memcmp(got, want, len), 0);
	path_put(&self);
	KASSERT_EQ(t, kern_path(FS(t), "/self", LOOKUP_FOLLOW, &self), 0);
	KASSERT_EQ(t, kern_path(FS(t), want, 0, &dir), 0);
	KEXPECT_EQ(t, (long)self.dentry->d_inode->i_mode,
		   (long)(S_IFDIR | 0555));
	KEXPECT_EQ(t, (long)dir.dentry, (long)self.dentry);
	path_put(&dir);
	path_put(&self);
}

static void test_missing_names(struct ktest *t)
{
	KEXPECT_EQ(t, lookup_err(t, "/999999", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "/0", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "/01", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "/nosuch", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "/self/nosuch", 0), -ENOENT);
	KEXPECT_EQ(t, lookup_err(t, "/meminfo", 0), 0);
	KEXPECT_EQ(t, lookup_err(t, "/self/stat", 0), 0);
}

/* stat: "pid (comm) state ppid ..." and 52 fields in all. */
static void test_pid_stat(struct ktest *t)
{
	char head[48];
	int fields = 2;	/* pid and comm, before the ")" */
	long n = read_all(t, "/self/stat");

	KASSERT_GT(t, n, 0);
	snprintf(head, sizeof(head), "%d (%s) ", current->pid, current->comm);
	KEXPECT_EQ(t, strncmp(BUF(t), head, strlen(head)), 0);
	for (char *p = strchr(BUF(t), ')'); p && *p; p++)
		fields += *p == ' ';
	KEXPECT_EQ(t, fields, 52);
	KEXPECT_EQ(t, BUF(t)[n - 1], '\n');
}

/* A read at any offset of any size sees the same text. */
static void test_seq_partial_reads(struct ktest *t)
{
	char *whole = kmalloc(sizeof(BUF(t)));
	long n, i;

	KASSERT_NOT_NULL(t, whole);
	n = read_all(t, "/meminfo");
	KASSERT_GT(t, n, 20);
	memcpy(whole, BUF(t), n);
	for (i = 0; i < n; i += 7) {
		KEXPECT_EQ(t, read_at(t, "/meminfo", i, 7), min(7L, n - i));
		KEXPECT_EQ(t, memcmp(BUF(t), whole + i, min(7L, n - i)), 0);
	}
	KEXPECT_EQ(t, read_at(t, "/meminfo", n, 10), 0);
	KEXPECT_EQ(t, read_at(t, "/meminfo", n + 100, 10), 0);
	KEXPECT_EQ(t, strncmp(whole, "MemTotal:", 9), 0);
	kfree(whole);
}

static void test_root_files(struct ktest *t)
{
	KEXPECT_GT(t, read_all(t, "/filesystems"), 0);
	KEXPECT_NOT_NULL(t, strstr(BUF(t), "nodev\tproc\n"));
	KEXPECT_NOT_NULL(t, strstr(BUF(t), "nodev\ttmpfs\n"));
	KEXPECT_GT(t, read_all(t, "/uptime"), 0);
	KEXPECT_NOT_NULL(t, strchr(BUF(t), '.'));
	KEXPECT_GT(t, read_all(t, "/stat"), 0);
	KEXPECT_NOT_NULL(t, strstr(BUF(t), "\nprocesses "));
	KEXPECT_NOT_NULL(t, strstr(BUF(t), "\nbtime "));
	/* /mounts: through the link to self/mounts */
	KEXPECT_GT(t, read_all(t, "/mounts"), 0);
	KEXPECT_EQ(t, strncmp(BUF(t), "rootfs / rootfs rw 0 0\n", 23), 0);
	KEXPECT_GT(t, read_all(t, "/self/mountinfo"), 0);
	KEXPECT_NOT_NULL(t, strstr(BUF(t), " / rw - rootfs rootfs rw\n"));
	KEXPECT_GT(t, read_all(t, "/version"), 0);
	KEXPECT_EQ(t, strncmp(BUF(t), "Nook version ", 13), 0);
}

/*
 * loadavg's fourth field counts tasks (Linux's nr_threads), not pid
 * numbers: a group keeps its number after its leader is reaped, and
 * that is no task. A number taken here stands in for one.
 */
static void test_loadavg_counts_tasks(struct ktest *t)
{
	pid_t held = alloc_pid();
	unsigned long before, after;
	char want[32];

	KASSERT_GT(t, held, 0);
	do {		/* a task that comes or goes meanwhile: again */
		before = nr_processes();
		KEXPECT_GT(t, read_all(t, "/loadavg"), 0);
		after = nr_processes();
	} while (before != after);
	snprintf(want, sizeof(want), "/%lu ", after);
	KEXPECT_NOT_NULL(t, strstr(BUF(t), want));
	free_pid(held);
}

/* A kernel thread: empty cmdline, no exe; its cwd is a magic link. */
static void test_kthread_links(struct ktest *t)
{
	struct path cwd;
	char name[8];

	KEXPECT_EQ(t, read_all(t, "/self/cmdline"), 0);
	KEXPECT_EQ(t, lookup_err(t, "/self/exe", LOOKUP_FOLLOW), -ENOENT);
	KASSERT_EQ(t, kern_path(FS(t), "/self/cwd", LOOKUP_FOLLOW, &cwd), 0);
	KEXPECT_EQ(t, (long)cwd.dentry, (long)current->fs->pwd.dentry);
	path_put(&cwd);
	KASSERT_EQ(t, kern_path(FS(t), "/self/cwd", 0, &cwd), 0);
	KEXPECT_EQ(t, vfs_readlink(cwd.dentry, name, sizeof(name)), 1);
	KEXPECT_EQ(t, name[0], '/');
	path_put(&cwd);
}

static struct completion child_go;

static int short_lived(void *arg)
{
	wait_for_completion(&child_go);
	return 0;
}

/*
 * A /proc/PID held across its task's death: reads fail with ESRCH, the
 * held dentry is refused to new walks (ENOENT), nothing is freed under
 * the holder, and everything goes once it lets go.
 */
static void test_dead_task(struct ktest *t)
{
	struct path dir, stat;
	struct task_struct *task;
	struct file *f;
	char name[16];
	pid_t pid;
	int i;

	init_completion(&child_go);
	pid = kernel_clone(&(struct kernel_clone_args){
		.exit_signal = -1,	/* reaps itself */
		.fn = short_lived,
		.name = "proc-ktest",
		.kthread = true,
	});
	KASSERT_GT(t, pid, 0);
	snprintf(name, sizeof(name), "/%d", pid);
	KASSERT_EQ(t, kern_path(FS(t), name, 0, &dir), 0);
	snprintf(name, sizeof(name), "/%d/stat", pid);
	KASSERT_EQ(t, kern_path(FS(t), name, 0, &stat), 0);
	KEXPECT_GT(t, read_all(t, name), 0);
	complete(&child_go);
	for (i = 0; i < 2000; i++) {	/* 20 s: only a failure waits */
		task = get_proc_task(dir.dentry->d_inode);
		if (!task)
			break;
		put_task_struct(task);
		msleep(10);
	}
	KEXPECT_NULL(t, task);
	snprintf(name, sizeof(name), "/%d", pid);
	KEXPECT_EQ(t, lookup_err(t, name, 0), -ENOENT);
	snprintf(name, sizeof(name), "/%d/stat", pid);
	KEXPECT_EQ(t, lookup_err(t, name, 0), -ENOENT);
	f = open_path(&stat);		/* the held name opens, reads fail */
	KASSERT_FALSE(t, IS_ERR(f));
	KEXPECT_EQ(t, seq_read_kernel(f->private_data, BUF(t), 10, 0),
		   -ESRCH);
	fput(f);
	path_put(&stat);
	path_put(&dir);
}

static struct ktest_case proc_cases[] = {
	KTEST_CASE(test_self_link),
	KTEST_CASE(test_missing_names),
	KTEST_CASE(test_pid_stat),
	KTEST_CASE(test_seq_partial_reads),
	KTEST_CASE(test_root_files),
	KTEST_CASE(test_loadavg_counts_tasks),
	KTEST_CASE(test_kthread_links),
	KTEST_CASE(test_dead_task),
	{}
};

static struct ktest_suite proc_suite = {
	.name = "proc", .cases = proc_cases,
	.init = proc_init, .exit = proc_exit,
};
KTEST_SUITE(proc_suite);

/* ---- seq_file alone ------------------------------------------------ */

static int big_show(struct seq_file *m, void *v)
{
	for (int i = 0; i < 3000; i++)
		seq_putc(m, 'a' + i % 26);
	seq_printf(m, "<%s>", (const char *)v);
	return 0;
}

static int failing_show(struct seq_file *m, void *v)
{
	seq_puts(m, "partial");
	return -ESRCH;
}

/* A text bigger than the first buffer is made whole, and read anywhere. */
static void test_seq_grows(struct ktest *t)
{
	struct file file = { 0 };
	char buf[16] = "";
	struct seq_file *m;

	KASSERT_EQ(t, single_open(&file, big_show, "end"), 0);
	m = file.private_data;
	KEXPECT_EQ(t, seq_read_kernel(m, buf, 4, 0), 4);
	KEXPECT_EQ(t, memcmp(buf, "abcd", 4), 0);
	KEXPECT_EQ(t, seq_read_kernel(m, buf, sizeof(buf), 2998), 7);
	KEXPECT_EQ(t, memcmp(buf, "ij<end>", 7), 0);
	KEXPECT_EQ(t, seq_read_kernel(m, buf, sizeof(buf), 3005), 0);
	single_release(&file);
}

/* What show fails with is what the read returns; nothing half-made. */
static void test_seq_show_error(struct ktest *t)
{
	struct file file = { 0 };
	char buf[16];

	KASSERT_EQ(t, single_open(&file, failing_show, NULL), 0);
	KEXPECT_EQ(t, seq_read_kernel(file.private_data, buf, 8, 0), -ESRCH);
	KEXPECT_EQ(t, seq_read_kernel(file.private_data, buf, 8, 3), -ESRCH);
	single_release(&file);
}

static struct ktest_case seq_file_cases[] = {
	KTEST_CASE(test_seq_grows),
	KTEST_CASE(test_seq_show_error),
	{}
};

static struct ktest_suite seq_file_suite = {
	.name = "seq_file", .cases = seq_file_cases,
};
KTEST_SUITE(seq_file_suite);

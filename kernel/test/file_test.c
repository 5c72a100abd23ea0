// kernel/test/file_test.c — ktest suite "file": descriptor tables grow
// and shrink back without losing a file, and a process's open files
// (pipes here) are all freed when it exits.
//
// Linux checks these with the selftests and kmemleak; Nook counts live
// objects: struct file in the "filp" cache, files_struct in
// "files_cache". A missing fput in close_files, dup_fd or the pipe's
// release leaves a count above its baseline.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/ktest.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/timer.h>

#define NR_GROW_FDS	200	/* beyond the embedded 64 slots, twice */
#define NR_PIPES	100	/* 200 files in one process */
#define REAP_POLL_MS	10
#define REAP_POLLS	2000	/* 20 s: only a failure waits that long */

static int releases;

static int count_release(struct file *file)
{
	releases++;
	return 0;
}

static const struct file_operations test_fops = {
	.release = count_release,
};

/* The table grows past its embedded slots; every fd names the file. */
static void test_fdtable_growth(struct ktest *t)
{
	unsigned long base = kmem_cache_live(filp_cachep);
	struct file *file = alloc_file(&test_fops, O_RDWR, NULL);
	int fds[NR_GROW_FDS], n;

	KASSERT_FALSE(t, IS_ERR(file));
	KEXPECT_EQ(t, kmem_cache_live(filp_cachep), base + 1);
	releases = 0;
	for (n = 0; n < NR_GROW_FDS; n++) {
		fds[n] = get_unused_fd_flags(n % 2 ? O_CLOEXEC : 0);
		if (fds[n] < 0)
			break;
		fd_install(fds[n], get_file(file));
	}
	KEXPECT_EQ(t, n, NR_GROW_FDS);
	KEXPECT_GE(t, files_max_fds(current->files), 256u);
	for (int i = 1; i < n; i++)
		KEXPECT_EQ(t, fds[i], fds[i - 1] + 1);	/* lowest free, in order */
	if (n > 150) {
		struct file *f = fget(fds[150]);

		KEXPECT_TRUE(t, f == file);
		KEXPECT_EQ(t, get_close_on_exec(fds[150]), 0);
		KEXPECT_EQ(t, get_close_on_exec(fds[151]), 1);
		if (f)
			fput(f);
	}
	KEXPECT_EQ(t, file->f_count, (long)n + 1);
	for (int i = 0; i < n; i++)
		KEXPECT_EQ(t, close_fd(fds[i]), 0);
	KEXPECT_EQ(t, close_fd(fds[0]), -EBADF);
	KEXPECT_EQ(t, file->f_count, 1);
	KEXPECT_EQ(t, releases, 0);
	fput(file);
	KEXPECT_EQ(t, releases, 1);
	KEXPECT_EQ(t, kmem_cache_live(filp_cachep), base);
}

/* Opens NR_PIPES pipes and exits without closing any of them. */
static int many_pipes_fn(void *arg)
{
	int *opened = arg;

	for (int i = 0; i < NR_PIPES; i++) {
		struct file *res[2];
		int r, w;

		if (create_pipe_files(res, 0))
			break;
		r = get_unused_fd_flags(0);
		w = get_unused_fd_flags(0);
		if (r < 0 || w < 0) {
			if (r >= 0)
				put_unused_fd(r);
			fput(res[0]);
			fput(res[1]);
			break;
		}
		fd_install(r, res[0]);
		fd_install(w, res[1]);
		WRITE_ONCE(*opened, READ_ONCE(*opened) + 2);
	}
	return 0;	/* do_exit -> exit_files closes them all */
}

static bool counts_back(unsigned long filps, unsigned long files)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		if (kmem_cache_live(filp_cachep) == filps &&
		    kmem_cache_live(files_cachep) == files)
			return true;
		msleep(REAP_POLL_MS);
	}
	return false;
}

static void test_exit_frees_pipes(struct ktest *t)
{
	unsigned long filps = kmem_cache_live(filp_cachep);
	unsigned long files = kmem_cache_live(files_cachep);
	static int opened;
	struct task_struct *p;

	/*
	 * Not kthread_run: kthreads share their creator's table
	 * (CLONE_FILES). This task gets its own copy, reaps itself
	 * (exit_signal -1), and its exit alone must free the pipes.
	 */
	struct kernel_clone_args args = {
		.exit_signal = -1,
		.fn = many_pipes_fn,
		.fn_arg = &opened,
		.name = "ktest-pipes",
		.kthread = true,
	};

	opened = 0;
	p = copy_process(&args);
	KASSERT_FALSE(t, IS_ERR(p));
	KEXPECT_EQ(t, kmem_cache_live(files_cachep), files + 1);
	wake_up_new_task(p);
	/* Until it has opened them all, then until it has gone. */
	for (int i = 0; i < REAP_POLLS && READ_ONCE(opened) < 2 * NR_PIPES; i++)
		msleep(REAP_POLL_MS);
	KEXPECT_EQ(t, READ_ONCE(opened), 2 * NR_PIPES);
	KEXPECT_TRUE(t, counts_back(filps, files));
}

static struct ktest_case file_cases[] = {
	KTEST_CASE(test_fdtable_growth),
	KTEST_CASE(test_exit_frees_pipes),
	{}
};

static struct ktest_suite file_suite = {
	.name = "file",
	.cases = file_cases,
};
KTEST_SUITE(file_suite);

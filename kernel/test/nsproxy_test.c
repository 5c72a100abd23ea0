// kernel/test/nsproxy_test.c — ktest suite "nsproxy": ns_common's inode
// numbers, nsproxy sharing and copying, the UTS namespace, and the
// unwinding of clone and unshare under injected allocation failures.
//
// Linux tests the same with fail-nth (syzkaller, the fault-injection
// selftests): set a task's fail_nth to n, run the operation, and its
// n-th allocation fails. Here n walks 1, 2, 3... through every
// allocation clone(CLONE_NEWUTS) and unshare(CLONE_NEWUTS) make: each
// failure must answer -ENOMEM and leave the live counts of tasks, pids,
// nsproxies, UTS namespaces and namespace inode numbers where they
// were. Drop a label from an unwind ladder and a count is off by one.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/fault-inject.h>
#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/ns_common.h>
#include <nook/nsproxy.h>
#include <nook/pid.h>
#include <nook/printk.h>
#include <nook/proc_ns.h>
#include <nook/fs.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/timer.h>
#include <nook/utsname.h>

#define REAP_POLL_MS	10
#define REAP_POLLS	2000	/* 20 s: only a failure waits that long */
/* More than any operation here allocates: the walk must end before. */
#define MAX_FAIL_POINTS	64

struct ns_counts {
	unsigned long tasks, nsproxies, uts, creds;
	int pids, inums;
};

/* After the frees already queued behind a grace period (put_nsproxy). */
static void ns_counts_read(struct ns_counts *c)
{
	rcu_barrier();
	c->creds = cred_live();
	c->tasks = kmem_cache_live(task_struct_cachep);
	c->nsproxies = nsproxy_live();
	c->uts = uts_ns_live();
	c->pids = nr_pids_in_use();
	c->inums = ns_inums_in_use();
}

static bool ns_counts_equal(const struct ns_counts *a,
			    const struct ns_counts *b)
{
	return a->tasks == b->tasks && a->nsproxies == b->nsproxies &&
	       a->creds == b->creds &&
	       a->uts == b->uts && a->pids == b->pids && a->inums == b->inums;
}

static void expect_counts(struct ktest *t, const struct ns_counts *base)
{
	struct ns_counts now;

	ns_counts_read(&now);
	KEXPECT_EQ(t, now.tasks, base->tasks);
	KEXPECT_EQ(t, now.nsproxies, base->nsproxies);
	KEXPECT_EQ(t, now.creds, base->creds);
	KEXPECT_EQ(t, now.uts, base->uts);
	KEXPECT_EQ(t, now.pids, base->pids);
	KEXPECT_EQ(t, now.inums, base->inums);
}

/* Poll until the counts are back (a kernel thread frees itself). */
static bool counts_return(const struct ns_counts *base)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		struct ns_counts now;

		ns_counts_read(&now);
		if (ns_counts_equal(&now, base))
			return true;
		msleep(REAP_POLL_MS);
	}
	return false;
}

/* Linux's fixed numbers for the initial namespaces, and the UTS ops. */
static void test_initial_namespaces(struct ktest *t)
{
	KEXPECT_EQ(t, init_uts_ns.ns.inum, 4026531838U);
	KEXPECT_EQ(t, PROC_IPC_INIT_INO, 4026531839U);
	KEXPECT_EQ(t, PROC_MNT_INIT_INO, 4026531832U);
	KEXPECT_EQ(t, PROC_DYNAMIC_FIRST, 4026531840U);
	KEXPECT_STREQ(t, init_uts_ns.ns.ops->name, "uts");
	KEXPECT_EQ(t, init_uts_ns.ns.ops->type, CLONE_NEWUTS);
	KEXPECT_EQ(t, init_nsproxy.uts_ns, &init_uts_ns);
	KEXPECT_EQ(t, init_uts_ns.user_ns, &init_user_ns);
	KEXPECT_EQ(t, init_user_ns.ns.inum, 4026531837U);
	KEXPECT_STREQ(t, init_user_ns.ns.ops->name, "user");
	KEXPECT_EQ(t, current->nsproxy, &init_nsproxy);
	KEXPECT_STREQ(t, utsname()->sysname, "Nook");
}

/* The lowest free number first, from 0xF0000000; freed ones come back. */
static void test_inum_alloc(struct ktest *t)
{
	struct ns_common a = {}, b = {}, c = {};
	int in_use = ns_inums_in_use();

	KASSERT_EQ(t, ns_alloc_inum(&a), 0);
	KASSERT_EQ(t, ns_alloc_inum(&b), 0);
	KEXPECT_GE(t, a.inum, PROC_DYNAMIC_FIRST);
	KEXPECT_NE(t, a.inum, b.inum);
	KEXPECT_EQ(t, ns_inums_in_use(), in_use + 2);
	ns_free_inum(&a);
	KASSERT_EQ(t, ns_alloc_inum(&c), 0);
	KEXPECT_EQ(t, c.inum, a.inum);
	ns_free_inum(&b);
	ns_free_inum(&c);
	KEXPECT_EQ(t, ns_inums_in_use(), in_use);
}

/* Without the flag a copy is a share; with it, a copy of the names. */
static void test_copy_utsname(struct ktest *t)
{
	struct uts_namespace *old = &init_uts_ns, *ns;
	int count = READ_ONCE(old->ns.count);
	unsigned long live = uts_ns_live();

	ns = copy_utsname(0, &init_user_ns, old);
	KEXPECT_EQ(t, ns, old);
	KEXPECT_EQ(t, READ_ONCE(old->ns.count), count + 1);
	put_uts_ns(ns);

	ns = copy_utsname(CLONE_NEWUTS, &init_user_ns, old);
	KASSERT_FALSE(t, IS_ERR(ns));
	KEXPECT_NE(t, ns, old);
	KEXPECT_EQ(t, READ_ONCE(old->ns.count), count);
	KEXPECT_EQ(t, uts_ns_live(), live + 1);
	KEXPECT_GE(t, ns->ns.inum, PROC_DYNAMIC_FIRST);
	KEXPECT_EQ(t, ns->ns.ops, old->ns.ops);
	KEXPECT_EQ(t, ns->user_ns, &init_user_ns);
	KEXPECT_EQ(t, memcmp(&ns->name, &old->name, sizeof(ns->name)), 0);
	strlcpy(ns->name.nodename, "inner", sizeof(ns->name.nodename));
	KEXPECT_STREQ(t, old->name.nodename, "(none)");
	put_uts_ns(ns);
	KEXPECT_EQ(t, uts_ns_live(), live);
}

static int child_fn(void *arg)
{
	return 0;
}

static struct kernel_clone_args newuts_kthread_args(u64 flags)
{
	return (struct kernel_clone_args){
		.flags = flags,
		.exit_signal = -1,	/* reaps itself */
		.fn = child_fn,
		.name = "nsproxy_test",
		.kthread = true,
	};
}

/* fork shares the nsproxy; CLONE_NEWUTS gives the child new ones. */
static void test_clone_newuts(struct ktest *t)
{
	struct kernel_clone_args args = newuts_kthread_args(0);
	struct nsproxy *mine = current->nsproxy;
	struct ns_counts base;
	struct task_struct *p;

	ns_counts_read(&base);
	p = copy_process(&args);
	KASSERT_FALSE(t, IS_ERR(p));
	KEXPECT_EQ(t, p->nsproxy, mine);
	wake_up_new_task(p);
	KEXPECT_TRUE(t, counts_return(&base));

	args = newuts_kthread_args(CLONE_NEWUTS);
	p = copy_process(&args);
	KASSERT_FALSE(t, IS_ERR(p));
	KEXPECT_NE(t, p->nsproxy, mine);
	KEXPECT_NE(t, p->nsproxy->uts_ns, mine->uts_ns);
	KEXPECT_EQ(t, nsproxy_live(), base.nsproxies + 1);
	KEXPECT_EQ(t, uts_ns_live(), base.uts + 1);
	wake_up_new_task(p);
	KEXPECT_TRUE(t, counts_return(&base));
}

/* The types Nook lacks are refused, with everything undone. */
static void test_clone_unsupported_types(struct ktest *t)
{
	static const u64 bad[] = {
		CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET,
		CLONE_NEWCGROUP, CLONE_NEWTIME, CLONE_NEWUSER,
		CLONE_NEWUTS | CLONE_NEWPID,
	};
	struct ns_counts base;

	ns_counts_read(&base);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct kernel_clone_args args = newuts_kthread_args(bad[i]);
		struct task_struct *p = copy_process(&args);

		KEXPECT_TRUE(t, IS_ERR(p));
		if (!IS_ERR(p)) {
			wake_up_new_task(p);
			continue;
		}
		KEXPECT_EQ(t, PTR_ERR(p), -EINVAL);
	}
	KEXPECT_TRUE(t, counts_return(&base));
}

/*
 * Walk copy_process(CLONE_NEWUTS) through each of its allocations:
 * every failure is -ENOMEM with nothing left behind, and the walk ends
 * with a run that allocates fewer than n times and so succeeds.
 */
static void test_clone_newuts_fail_nth(struct ktest *t)
{
	struct kernel_clone_args args = newuts_kthread_args(CLONE_NEWUTS);
	struct ns_counts base;
	struct task_struct *p = NULL;
	unsigned int n;

	ns_counts_read(&base);
	for (n = 1; n <= MAX_FAIL_POINTS; n++) {
		current->fail_nth = n;
		p = copy_process(&args);
		current->fail_nth = 0;
		if (!IS_ERR(p))
			break;
		KEXPECT_EQ(t, PTR_ERR(p), -ENOMEM);
		expect_counts(t, &base);
	}
	printk(KERN_INFO "    # copy_process(CLONE_NEWUTS): %u failure points\n",
	       n - 1);
	KASSERT_FALSE(t, IS_ERR(p));
	/* task, stack, cred, sighand, files, fs, nsproxy, uts_namespace */
	KEXPECT_GE(t, n - 1, 8U);
	wake_up_new_task(p);
	KEXPECT_TRUE(t, counts_return(&base));
}

/*
 * The same for unshare, made by this test's own task: on success it
 * is in a new UTS namespace, whose names are a copy and its own, and
 * switching back frees what the unshare made.
 */
static void test_unshare_newuts_fail_nth(struct ktest *t)
{
	struct nsproxy *mine = current->nsproxy;
	struct ns_counts base;
	long err = -ENOMEM;
	unsigned int n;

	ns_counts_read(&base);
	get_nsproxy(mine);		/* to switch back to */
	for (n = 1; n <= MAX_FAIL_POINTS; n++) {
		current->fail_nth = n;
		err = ksys_unshare(CLONE_NEWUTS);
		current->fail_nth = 0;
		if (!err)
			break;
		KEXPECT_EQ(t, err, -ENOMEM);
		KEXPECT_EQ(t, current->nsproxy, mine);
		expect_counts(t, &base);
	}
	printk(KERN_INFO "    # unshare(CLONE_NEWUTS): %u failure points\n", n - 1);
	KEXPECT_EQ(t, err, 0);
	KEXPECT_EQ(t, n - 1, 2U);	/* the nsproxy, the uts_namespace */
	if (!err) {
		KEXPECT_NE(t, current->nsproxy, mine);
		KEXPECT_NE(t, current->nsproxy->uts_ns, mine->uts_ns);
		strlcpy(utsname()->nodename, "inner", __NEW_UTS_LEN + 1);
		KEXPECT_STREQ(t, mine->uts_ns->name.nodename, "(none)");
		switch_task_namespaces(current, mine);
	} else {
		put_nsproxy(mine);
	}
	KEXPECT_STREQ(t, utsname()->nodename, "(none)");
	expect_counts(t, &base);
}

/*
 * A reader under rcu_read_lock keeps an nsproxy alive after the task
 * it belonged to has switched away and dropped the last reference: it
 * goes only once the reader has finished (and a grace period passed).
 */
static void test_switch_frees_after_readers(struct ktest *t)
{
	struct nsproxy *mine = current->nsproxy, *old;
	struct ns_counts base;

	ns_counts_read(&base);
	get_nsproxy(mine);
	KASSERT_EQ(t, ksys_unshare(CLONE_NEWUTS), 0);
	rcu_read_lock();
	old = rcu_dereference(current->nsproxy);
	KEXPECT_EQ(t, READ_ONCE(old->count), 1);
	switch_task_namespaces(current, mine);	/* the last reference */
	for (int i = 0; i < 1000000; i++)	/* let the tick and rcu_gp run */
		barrier();
	KEXPECT_EQ(t, nsproxy_live(), base.nsproxies + 1);
	KEXPECT_EQ(t, uts_ns_live(), base.uts + 1);
	KEXPECT_STREQ(t, old->uts_ns->name.sysname, "Nook");
	rcu_read_unlock();
	expect_counts(t, &base);	/* rcu_barrier: now it is gone */
}

/*
 * An nsfs path (what opening /proc/PID/ns/uts gives) holds the
 * namespace after its last task has left; the last path_put frees it.
 */
static void test_nsfs_holds_namespace(struct ktest *t)
{
	struct nsproxy *mine = current->nsproxy;
	unsigned long files = nsfs_inodes_live();
	struct ns_counts base;
	struct path path;
	unsigned int inum;

	ns_counts_read(&base);
	get_nsproxy(mine);
	KASSERT_EQ(t, ksys_unshare(CLONE_NEWUTS), 0);
	inum = current->nsproxy->uts_ns->ns.inum;
	KASSERT_EQ(t, ns_get_path(&path, current, &utsns_operations), 0);
	KEXPECT_EQ(t, path.dentry->d_inode->i_ino, inum);
	KEXPECT_EQ(t, nsfs_inodes_live(), files + 1);
	switch_task_namespaces(current, mine);
	rcu_barrier();
	KEXPECT_EQ(t, uts_ns_live(), base.uts + 1);	/* the file's */
	KEXPECT_EQ(t, nsproxy_live(), base.nsproxies);
	path_put(&path);
	KEXPECT_EQ(t, nsfs_inodes_live(), files);
	expect_counts(t, &base);
}

/* Flags unshare does not know, and the implied-flag refusals. */
static void test_unshare_flags(struct ktest *t)
{
	struct ns_counts base;

	ns_counts_read(&base);
	KEXPECT_EQ(t, ksys_unshare(0), 0);
	KEXPECT_EQ(t, ksys_unshare(CLONE_PARENT), -EINVAL);
	KEXPECT_EQ(t, ksys_unshare(CLONE_VFORK), -EINVAL);
	KEXPECT_EQ(t, ksys_unshare(1UL << 32), -EINVAL);
	KEXPECT_EQ(t, ksys_unshare(CLONE_NEWPID), -EINVAL);
	KEXPECT_EQ(t, ksys_unshare(CLONE_NEWUTS | CLONE_NEWNET), -EINVAL);
	KEXPECT_EQ(t, current->nsproxy, &init_nsproxy);
	expect_counts(t, &base);
}

/* fail-nth counts slab objects and blocks of two pages or more. */
static void test_fail_nth_counts(struct ktest *t)
{
	struct page *pg;
	void *a;

	current->fail_nth = 2;
	a = kmalloc(32);
	KEXPECT_NOT_NULL(t, a);
	pg = alloc_pages(0);		/* a single page is never failed */
	KEXPECT_NOT_NULL(t, pg);
	KEXPECT_EQ(t, current->fail_nth, 1U);
	KEXPECT_NULL(t, alloc_pages(1));
	KEXPECT_EQ(t, current->fail_nth, 0U);
	kfree(a);
	if (pg)
		__free_pages(pg, 0);
}

static struct ktest_case nsproxy_cases[] = {
	KTEST_CASE(test_initial_namespaces),
	KTEST_CASE(test_inum_alloc),
	KTEST_CASE(test_copy_utsname),
	KTEST_CASE(test_clone_newuts),
	KTEST_CASE(test_clone_unsupported_types),
	KTEST_CASE(test_clone_newuts_fail_nth),
	KTEST_CASE(test_unshare_newuts_fail_nth),
	KTEST_CASE(test_switch_frees_after_readers),
	KTEST_CASE(test_nsfs_holds_namespace),
	KTEST_CASE(test_unshare_flags),
	KTEST_CASE(test_fail_nth_counts),
	{}
};

static struct ktest_suite nsproxy_suite = {
	.name = "nsproxy",
	.cases = nsproxy_cases,
};
KTEST_SUITE(nsproxy_suite);

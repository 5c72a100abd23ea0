// kernel/test/fork_test.c — ktest suite "fork": copy_process's flag rules
// and its unwinding when a step fails.
//
// Linux tests this with fault injection (fail_nth) and the selftests.
// Here fork_set_fail_nth(n) makes copy_process's n-th failure point
// fail; each run must leave the counts of tasks, mms, VMAs and pids
// where they were. Drop a label from the unwind ladder and a count
// is off by one; drop a failure point and the count of points is wrong.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/ktest.h>
#include <nook/rcupdate.h>
#include <nook/kthread.h>
#include <nook/mm.h>
#include <nook/mman.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/timer.h>
#include <asm/page.h>
#include <asm/uaccess.h>

#define REAP_POLL_MS	10
#define REAP_POLLS	2000	/* 20 s: only a failure waits that long */
/*
 * copy_process's failure points with an mm: the task, copy_creds,
 * copy_mm, the pid.
 */
#define FORK_FAIL_POINTS	4

void fork_set_fail_nth(int n);

struct fork_counts {
	unsigned long tasks, mms, vmas, creds;
	int pids;
};

static void fork_counts_read(struct fork_counts *c)
{
	c->tasks = kmem_cache_live(task_struct_cachep);
	c->mms = kmem_cache_live(mm_cachep);
	c->vmas = kmem_cache_live(vm_area_cachep);
	rcu_barrier();		/* a cred's last put frees it after a grace period */
	c->creds = cred_live();
	c->pids = nr_pids_in_use();
}

static void expect_counts(struct ktest *t, const struct fork_counts *base)
{
	struct fork_counts now;

	fork_counts_read(&now);
	KEXPECT_EQ(t, now.tasks, base->tasks);
	KEXPECT_EQ(t, now.mms, base->mms);
	KEXPECT_EQ(t, now.vmas, base->vmas);
	KEXPECT_EQ(t, now.creds, base->creds);
	KEXPECT_EQ(t, now.pids, base->pids);
}

/* Every rule refuses, and whatever was allocated before is undone. */
static void test_clone_flag_rules(struct ktest *t)
{
	static const u64 bad[] = {
		CLONE_SIGHAND,				/* without CLONE_VM */
		CLONE_THREAD | CLONE_VM,		/* without CLONE_SIGHAND */
		CLONE_NEWNS | CLONE_FS,
		CLONE_NEWUSER | CLONE_FS,
		CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, /* no threads yet */
		CLONE_NEWUSER,				/* no creds yet */
		CLONE_NEWPID,				/* no pid namespaces yet */
		CLONE_NEWIPC | CLONE_SYSVSEM,
		CLONE_PIDFD,
	};
	struct fork_counts base;

	fork_counts_read(&base);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct kernel_clone_args args = {
			.flags = bad[i],
			.exit_signal = -1,
			.fn = NULL,
		};
		struct task_struct *p = copy_process(&args);

		KEXPECT_TRUE(t, IS_ERR(p));
		if (IS_ERR(p))
			KEXPECT_EQ(t, PTR_ERR(p), -EINVAL);
	}
	expect_counts(t, &base);
}

static int child_fn(void *arg)
{
	return 0;
}

/* An address space with something in it for dup_mm to copy. */
static struct mm_struct *test_mm_create(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long addr;
	int one = 1;

	if (!mm)
		return NULL;
	kthread_use_mm(mm);
	addr = do_mmap(mm, 0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KEXPECT_LT(t, addr, TASK_SIZE);
	/* A page in the page tables too, shared copy-on-write by a dup. */
	if (addr < TASK_SIZE)
		KEXPECT_EQ(t, copy_to_user((void __user *)addr, &one,
					   sizeof(one)), 0);
	return mm;
}

static void test_mm_destroy(struct mm_struct *mm)
{
	kthread_unuse_mm(mm);
	mmput(mm);
}

/* Poll until the counts are back (a child frees itself as it dies). */
static bool counts_return(const struct fork_counts *base, bool with_mm)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		struct fork_counts now;

		fork_counts_read(&now);
		if (now.tasks == base->tasks && now.pids == base->pids &&
		    now.vmas == base->vmas && (!with_mm || now.mms == base->mms))
			return true;
		msleep(REAP_POLL_MS);
	}
	return false;
}

/*
 * Fail each point in turn: every failure unwinds to the baseline, with
 * the error of what ran out; the run after the last point succeeds.
 */
static void test_copy_process_unwinds(struct ktest *t)
{
	static const int want[FORK_FAIL_POINTS] = {
		-ENOMEM, -ENOMEM, -ENOMEM, -EAGAIN
	};
	struct kernel_clone_args args = {
		.exit_signal = -1,	/* reaps itself */
		.fn = child_fn,
		.name = "fork_test",
	};
	struct fork_counts base;
	struct mm_struct *mm;
	struct task_struct *p;
	int n;

	fork_counts_read(&base);
	mm = test_mm_create(t);
	KASSERT_NOT_NULL(t, mm);
	fork_counts_read(&base);	/* with the parent's mm */
	for (n = 1; n <= FORK_FAIL_POINTS; n++) {
		fork_set_fail_nth(n);
		p = copy_process(&args);
		KEXPECT_TRUE(t, IS_ERR(p));
		if (!IS_ERR(p))
			break;
		KEXPECT_EQ(t, PTR_ERR(p), want[n - 1]);
		expect_counts(t, &base);
	}
	fork_set_fail_nth(FORK_FAIL_POINTS + 1);	/* past the last one */
	p = copy_process(&args);
	fork_set_fail_nth(0);
	KEXPECT_FALSE(t, IS_ERR(p));
	if (!IS_ERR(p)) {
		KEXPECT_NOT_NULL(t, p->mm);
		KEXPECT_NE(t, p->mm, mm);	/* a copy, not a share */
		wake_up_new_task(p);
		/*
		 * Its dead mm may stay some CPU's lazy active_mm (an idle
		 * CPU keeps what it last ran on): count mms without it.
		 */
		KEXPECT_TRUE(t, counts_return(&base, false));
	}
	test_mm_destroy(mm);
}

/*
 * The last step, copy_thread, refuses a kernel FS base (EPERM): the
 * pid and the copied mm are undone too.
 */
static void test_copy_thread_failure_unwinds(struct ktest *t)
{
	struct kernel_clone_args args = {
		.flags = CLONE_SETTLS,
		.exit_signal = SIGCHLD,
		.tls = TASK_SIZE_MAX,	/* the first non-user address */
	};
	struct fork_counts base;
	struct mm_struct *mm = test_mm_create(t);
	struct task_struct *p;

	KASSERT_NOT_NULL(t, mm);
	fork_counts_read(&base);
	p = copy_process(&args);
	KEXPECT_TRUE(t, IS_ERR(p));
	if (IS_ERR(p))
		KEXPECT_EQ(t, PTR_ERR(p), -EPERM);
	expect_counts(t, &base);
	test_mm_destroy(mm);
}

/*
 * A signal that reached the parent while it copied (a ^C for its whole
 * process group, say) must not miss the child: copy_process gives up
 * with -ERESTARTNOINTR, the signal is taken, and fork runs again.
 */
static void test_signal_restarts_fork(struct ktest *t)
{
	struct kernel_clone_args args = {
		.exit_signal = -1,
		.fn = child_fn,
		.name = "fork_test_sig",
	};
	struct fork_counts base;
	struct mm_struct *mm = test_mm_create(t);
	struct task_struct *p;
	unsigned long flags;

	KASSERT_NOT_NULL(t, mm);
	fork_counts_read(&base);
	spin_lock_irqsave(&current->sighand->siglock, flags);
	sigaddset(&current->pending.signal, SIGUSR1);
	set_tsk_thread_flag(current, TIF_SIGPENDING);
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	p = copy_process(&args);
	spin_lock_irqsave(&current->sighand->siglock, flags);
	sigdelset(&current->pending.signal, SIGUSR1);
	recalc_sigpending();
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	KEXPECT_TRUE(t, IS_ERR(p));
	if (IS_ERR(p))
		KEXPECT_EQ(t, PTR_ERR(p), -ERESTARTNOINTR);
	else
		wake_up_new_task(p);
	KEXPECT_TRUE(t, counts_return(&base, false));
	expect_counts(t, &base);
	test_mm_destroy(mm);
}

/* With CLONE_VM the child shares the mm: one more user, no copy. */
static void test_clone_vm_shares(struct ktest *t)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VM,
		.exit_signal = -1,
		.fn = child_fn,
		.name = "fork_test_vm",
	};
	struct fork_counts base;
	struct mm_struct *mm = test_mm_create(t);
	struct task_struct *p;
	int users;

	KASSERT_NOT_NULL(t, mm);
	fork_counts_read(&base);
	users = READ_ONCE(mm->mm_users);
	p = copy_process(&args);
	KEXPECT_FALSE(t, IS_ERR(p));
	if (!IS_ERR(p)) {
		KEXPECT_EQ(t, p->mm, mm);
		KEXPECT_EQ(t, READ_ONCE(mm->mm_users), users + 1);
		KEXPECT_EQ(t, kmem_cache_live(mm_cachep), base.mms);
		wake_up_new_task(p);
		KEXPECT_TRUE(t, counts_return(&base, false));
		KEXPECT_EQ(t, READ_ONCE(mm->mm_users), users);
	}
	test_mm_destroy(mm);
}

static struct ktest_case fork_cases[] = {
	KTEST_CASE(test_clone_flag_rules),
	KTEST_CASE(test_copy_process_unwinds),
	KTEST_CASE(test_copy_thread_failure_unwinds),
	KTEST_CASE(test_clone_vm_shares),
	KTEST_CASE(test_signal_restarts_fork),
	{}
};

static struct ktest_suite fork_suite = {
	.name = "fork",
	.cases = fork_cases,
};
KTEST_SUITE(fork_suite);

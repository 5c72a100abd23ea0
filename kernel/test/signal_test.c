// kernel/test/signal_test.c — ktest suite "signal": what user space cannot
// see of signals.
//
// Linux has no KUnit suite for kernel/signal.c; its selftests run from
// user space (tools/testing/selftests/signal). Here: the sigset
// operations, the signal frame's placement on the user stack (its
// alignment is ABI: a misaligned handler crashes in movaps), and the
// sending side on a task that never runs: a standard signal is pending
// once, a real-time one queues, an ignored one is dropped, and every
// queued siginfo and sighand_struct is freed again; a fatal signal
// brings a SIGKILL with it. And what happens
// to a zombie whose parent exits: its new parent (pid 1, which runs
// these tests) hears of it, and reaps it at once if it ignores SIGCHLD.

#include <nook/ktest.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/timer.h>
#include <asm/sigframe.h>

#define ZOMBIE_POLL_MS		10
#define ZOMBIE_POLLS		500	/* 5 s: a generous limit, not a timing */

static void test_sigset_ops(struct ktest *t)
{
	sigset_t a, b, r;

	sigemptyset(&a);
	KEXPECT_TRUE(t, sigisemptyset(&a));
	sigaddset(&a, 1);
	sigaddset(&a, SIGRTMIN);
	sigaddset(&a, _NSIG);
	KEXPECT_TRUE(t, sigismember(&a, 1));
	KEXPECT_TRUE(t, sigismember(&a, SIGRTMIN));
	KEXPECT_TRUE(t, sigismember(&a, _NSIG));
	KEXPECT_FALSE(t, sigismember(&a, 2));
	KEXPECT_EQ(t, a.sig[0], 1UL | 1UL << 31 | 1UL << 63);
	sigdelset(&a, 1);
	KEXPECT_FALSE(t, sigismember(&a, 1));

	sigemptyset(&b);
	sigaddset(&b, SIGUSR1);
	sigorsets(&r, &a, &b);
	KEXPECT_TRUE(t, sigismember(&r, SIGUSR1) && sigismember(&r, _NSIG));
	sigandnsets(&r, &r, &a);
	KEXPECT_EQ(t, r.sig[0], sigmask(SIGUSR1));
	sigfillset(&r);
	sigdelsetmask(&r, sigmask(SIGKILL) | sigmask(SIGSTOP));
	KEXPECT_FALSE(t, sigismember(&r, SIGKILL));
	KEXPECT_TRUE(t, sigismember(&r, SIGTERM));
	KEXPECT_TRUE(t, valid_signal(0) && valid_signal(_NSIG));
	KEXPECT_FALSE(t, valid_signal(_NSIG + 1));
	KEXPECT_FALSE(t, valid_signal((unsigned long)-1));
}

/* For every stack pointer: aligned as at a call, nothing overlaps. */
static void test_frame_layout(struct ktest *t)
{
	for (unsigned long sp = 0x7ffffffde000UL; sp < 0x7ffffffde000UL + 130;
	     sp += 1) {
		unsigned long fp = sigframe_fpstate_addr(sp);
		unsigned long frame = sigframe_addr(sp);

		KASSERT_EQ(t, (frame + 8) % 16, 0UL);
		KASSERT_EQ(t, fp % 64, 0UL);
		KASSERT_LE(t, frame + sizeof(struct rt_sigframe), fp);
		/* the interrupted code's red zone is left alone */
		KASSERT_LE(t, fp + FXSAVE_SIZE, sp - 128);
	}
	KEXPECT_EQ(t, sizeof(struct rt_sigframe), 440UL);
	KEXPECT_EQ(t, offsetof(struct rt_sigframe, uc.uc_mcontext), 48UL);
}

/* A handler's address in a user program that is not there. */
#define FAKE_HANDLER	((__sighandler_t)0x400000UL)

/* A task that never runs, set up as copy_process would for a child. */
static struct task_struct *fake_task(void)
{
	struct task_struct *p = kmalloc(sizeof(*p));

	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	spin_lock_init(&p->pi_lock, "pi_lock");
	p->__state = TASK_RUNNING;	/* no wake-up can touch run queues */
	if (copy_sighand(0, p)) {
		kfree(p);
		return NULL;
	}
	copy_signal(0, p);
	return p;
}

static void test_send_queue_and_free(struct ktest *t)
{
	unsigned long hands = kmem_cache_live(sighand_cachep);
	unsigned long queued = kmem_cache_live(sigqueue_cachep);
	kernel_siginfo_t info = { .si_code = SI_USER, .si_pid = 7 };
	struct task_struct *p = fake_task();

	KASSERT_NOT_NULL(t, p);
	KEXPECT_EQ(t, kmem_cache_live(sighand_cachep), hands + 1);
	KEXPECT_FALSE(t, signal_pending(p));
	/* Caught: left to their default, the first would end p at once. */
	p->sighand->action[SIGUSR1 - 1].sa.sa_handler = FAKE_HANDLER;
	p->sighand->action[SIGRTMIN - 1].sa.sa_handler = FAKE_HANDLER;

	info.si_signo = SIGUSR1;
	KEXPECT_EQ(t, send_sig_info(SIGUSR1, &info, p), 0);
	KEXPECT_EQ(t, send_sig_info(SIGUSR1, &info, p), 0);
	KEXPECT_TRUE(t, sigismember(&p->pending.signal, SIGUSR1));
	KEXPECT_EQ(t, p->pending.nr_queued, 1U);	/* standard: once */
	KEXPECT_TRUE(t, signal_pending(p));

	info.si_signo = SIGRTMIN;
	send_sig_info(SIGRTMIN, &info, p);
	send_sig_info(SIGRTMIN, &info, p);
	KEXPECT_EQ(t, p->pending.nr_queued, 3U);	/* real-time: queued */
	KEXPECT_EQ(t, kmem_cache_live(sigqueue_cachep), queued + 3);

	/* SIGCHLD's default is to ignore: dropped on arrival */
	info.si_signo = SIGCHLD;
	send_sig_info(SIGCHLD, &info, p);
	KEXPECT_FALSE(t, sigismember(&p->pending.signal, SIGCHLD));
	/* ...unless blocked: its action may change before it is unblocked */
	sigaddset(&p->blocked, SIGCHLD);
	send_sig_info(SIGCHLD, &info, p);
	KEXPECT_TRUE(t, sigismember(&p->pending.signal, SIGCHLD));

	KEXPECT_EQ(t, send_sig_info(_NSIG + 1, &info, p), -EINVAL);

	__exit_signal(p);
	KEXPECT_NULL(t, p->sighand);
	KEXPECT_EQ(t, kmem_cache_live(sigqueue_cachep), queued);
	KEXPECT_EQ(t, kmem_cache_live(sighand_cachep), hands);
	kfree(p);
}

/*
 * A signal whose default action kills (SIGTERM) ends the task at once,
 * as if SIGKILL: complete_signal adds one, so even a killable sleep
 * ends, and records SIGTERM as the exit code. Nothing sent later counts.
 * One that dumps core (SIGQUIT) waits to be taken, as in Linux.
 */
static void test_fatal_signal(struct ktest *t)
{
	kernel_siginfo_t info = { .si_code = SI_USER };
	struct task_struct *p = fake_task(), *q = fake_task();

	KASSERT_NOT_NULL(t, p);
	KASSERT_NOT_NULL(t, q);
	info.si_signo = SIGTERM;
	KEXPECT_EQ(t, send_sig_info(SIGTERM, &info, p), 0);
	KEXPECT_TRUE(t, fatal_signal_pending(p));
	KEXPECT_TRUE(t, p->signal_flags & SIGNAL_GROUP_EXIT);
	KEXPECT_EQ(t, p->group_exit_code, SIGTERM);
	info.si_signo = SIGUSR1;
	send_sig_info(SIGUSR1, &info, p);
	KEXPECT_FALSE(t, sigismember(&p->pending.signal, SIGUSR1));

	info.si_signo = SIGQUIT;
	KEXPECT_EQ(t, send_sig_info(SIGQUIT, &info, q), 0);
	KEXPECT_TRUE(t, signal_pending(q));
	KEXPECT_FALSE(t, fatal_signal_pending(q));
	__exit_signal(p);
	__exit_signal(q);
	kfree(p);
	kfree(q);
}

/* CLONE_SIGHAND shares; the last user frees; a kernel thread ignores all. */
static void test_sighand_sharing(struct ktest *t)
{
	unsigned long hands = kmem_cache_live(sighand_cachep);
	struct task_struct *p = fake_task(), *q = kmalloc(sizeof(*q));
	kernel_siginfo_t info = { .si_signo = SIGTERM, .si_code = SI_USER };
	int count = current->sighand->count;

	KASSERT_NOT_NULL(t, p);
	KASSERT_NOT_NULL(t, q);
	memset(q, 0, sizeof(*q));
	KEXPECT_EQ(t, copy_sighand(CLONE_SIGHAND, q), 0);
	KEXPECT_TRUE(t, q->sighand == current->sighand);
	KEXPECT_EQ(t, current->sighand->count, count + 1);
	KEXPECT_EQ(t, kmem_cache_live(sighand_cachep), hands + 1);
	__cleanup_sighand(q->sighand);
	KEXPECT_EQ(t, current->sighand->count, count);

	p->flags |= PF_KTHREAD;
	send_sig_info(SIGTERM, &info, p);
	KEXPECT_FALSE(t, sigismember(&p->pending.signal, SIGTERM));

	__exit_signal(p);
	KEXPECT_EQ(t, kmem_cache_live(sighand_cachep), hands);
	kfree(p);
	kfree(q);
}

/* ---- a zombie given to a new parent ---- */

static int exit_at_once(void *unused)
{
	return 0;
}

/* Has current a child that is a zombie by now? Takes tasklist_lock. */
static bool has_zombie_child(void)
{
	struct task_struct *p;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &current->children, sibling)
		found |= p->exit_state == EXIT_ZOMBIE;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

static void set_own_sigchld(__sighandler_t handler)
{
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	current->sighand->action[SIGCHLD - 1].sa.sa_handler = handler;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

/*
 * The father: makes a child that ends at once and that it never
 * reaps (its own SIGCHLD is SIG_DFL, so the child stays a zombie),
 * then exits, leaving the zombie to pid 1.
 */
static int father_of_a_zombie(void *unused)
{
	set_own_sigchld(SIG_DFL);
	if (kernel_thread(exit_at_once, NULL, "zombie", SIGCHLD) < 0)
		return 1;
	for (int i = 0; i < ZOMBIE_POLLS && !has_zombie_child(); i++)
		msleep(ZOMBIE_POLL_MS);
	return 0;
}

/*
 * Linux's reparent_leader: a zombie handed to a new parent is
 * announced to it (do_notify_parent), and one that ignores SIGCHLD
 * reaps it there and then. Here the new parent is pid 1, this test,
 * with SIGCHLD ignored: the zombie and its father must both go.
 */
static void test_reparented_zombie_autoreaped(struct ktest *t)
{
	unsigned long live = kmem_cache_live(task_struct_cachep);
	int pids = nr_pids_in_use();
	__sighandler_t old = current->sighand->action[SIGCHLD - 1].sa.sa_handler;

	KASSERT_TRUE(t, current == child_reaper);
	set_own_sigchld(SIG_IGN);
	KASSERT_TRUE(t, kernel_thread(father_of_a_zombie, NULL, "father",
				      SIGCHLD) > 0);
	for (int i = 0; i < ZOMBIE_POLLS; i++) {
		if (kmem_cache_live(task_struct_cachep) == live &&
		    nr_pids_in_use() == pids)
			break;
		msleep(ZOMBIE_POLL_MS);
	}
	set_own_sigchld(old);
	KEXPECT_EQ(t, kmem_cache_live(task_struct_cachep), live);
	KEXPECT_EQ(t, nr_pids_in_use(), pids);
}

static struct ktest_case signal_cases[] = {
	KTEST_CASE(test_sigset_ops),
	KTEST_CASE(test_frame_layout),
	KTEST_CASE(test_send_queue_and_free),
	KTEST_CASE(test_sighand_sharing),
	KTEST_CASE(test_fatal_signal),
	KTEST_CASE(test_reparented_zombie_autoreaped),
	{}
};

static struct ktest_suite signal_suite = {
	.name = "signal",
	.cases = signal_cases,
};
KTEST_SUITE(signal_suite);

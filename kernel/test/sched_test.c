// kernel/test/sched_test.c — ktest suite "sched": kernel threads, wait
// queues, preemption, sleeping, reaping and pids.
//
// Linux has no single KUnit suite for these (kernel/sched is exercised
// by rcutorture and the selftests); each case here states the contract
// it checks, and each fails if that piece is broken: drop the
// irqentry_exit preemption and the spinner test fails, break the
// wake-up and ping-pong times out, leak a task and the count test fails.

#include <nook/completion.h>
#include <nook/errno.h>
#include <nook/kallsyms.h>
#include <nook/ktest.h>
#include <nook/kthread.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/timer.h>
#include <nook/time.h>
#include <asm/switch_to.h>

#define PING_PONG_ROUNDS	20
#define WAIT_TIMEOUT_MS		20000	/* a broken wake-up fails, not hangs */
#define SPIN_OBSERVE_MS		200	/* several RR_TIMESLICEs */
#define SPIN_TIMEOUT_MS		10000	/* the host may starve our vCPU */
#define MSLEEP_MS		50
#define NR_EXIT_THREADS		8
#define REAP_POLL_MS		10
#define REAP_POLLS		2000	/* 20 s: only a failure waits that long */
#define PIDS_TO_CYCLE		64
#define STACK_ENTRIES		16

/* ---- ping-pong through one wait queue ---- */

struct ping_pong {
	wait_queue_head_t wq;
	int turn;			/* 0: ping's, 1: pong's */
	int pos;
	char log[2 * PING_PONG_ROUNDS];
	struct completion done[2];
};

static struct ping_pong pp;

static int ping_pong_fn(void *arg)
{
	int me = (long)arg;

	for (int i = 0; i < PING_PONG_ROUNDS; i++) {
		wait_event(pp.wq, READ_ONCE(pp.turn) == me);
		pp.log[pp.pos++] = me ? 'B' : 'A';
		WRITE_ONCE(pp.turn, !me);
		wake_up_all(&pp.wq);
	}
	complete(&pp.done[me]);
	return 0;
}

/* Two threads take turns through a wait queue; the log must alternate. */
static void test_ping_pong(struct ktest *t)
{
	unsigned long timeout = msecs_to_jiffies(WAIT_TIMEOUT_MS);
	struct task_struct *a, *b;

	init_waitqueue_head(&pp.wq);
	pp.turn = 0;
	pp.pos = 0;
	init_completion(&pp.done[0]);
	init_completion(&pp.done[1]);
	/* Start pong first: it must wait for ping, not run ahead. */
	b = kthread_run(ping_pong_fn, (void *)1L, "pong");
	KASSERT_FALSE(t, IS_ERR(b));
	a = kthread_run(ping_pong_fn, (void *)0L, "ping");
	KASSERT_FALSE(t, IS_ERR(a));
	KASSERT_NE(t, wait_for_completion_timeout(&pp.done[0], timeout), 0);
	KASSERT_NE(t, wait_for_completion_timeout(&pp.done[1], timeout), 0);
	KEXPECT_EQ(t, pp.pos, 2 * PING_PONG_ROUNDS);
	for (int i = 0; i < pp.pos; i++)
		KEXPECT_EQ(t, pp.log[i], i % 2 ? 'B' : 'A');
}

/* ---- preemption ---- */

static unsigned long spin_count;

/* Never sleeps, never yields: only the timer can take the CPU away. */
/*
 * Spins until kthread_stop. It must not end on its own: kthread_stop
 * on a thread that already reaped itself would touch a freed task
 * (kthread.h's contract) — what an earlier spin_stop flag here did.
 */
static int spinner_fn(void *unused)
{
	while (!kthread_should_stop())
		WRITE_ONCE(spin_count, spin_count + 1);
	return 0;
}

/*
 * We busy-wait (mdelay never yields) with a spinner queued on our CPU:
 * it advances only if the tick preempts us, and we see the result only
 * if it preempts the spinner back.
 */
static void test_preemption(struct ktest *t)
{
	struct task_struct *k;
	unsigned long before;
	bool on_our_cpu;

	WRITE_ONCE(spin_count, 0);
	k = kthread_run(spinner_fn, NULL, "spinner");
	KASSERT_FALSE(t, IS_ERR(k));
	/* Busy until it has run: ticks, not a fixed time, make it run. */
	for (int ms = 0; ms < SPIN_TIMEOUT_MS && !READ_ONCE(spin_count); ms++)
		mdelay(1);
	KEXPECT_GT(t, READ_ONCE(spin_count), 0);

	/*
	 * With preemption off, as under a spinlock, nobody else runs on
	 * this CPU. That says nothing of the spinner if it is queued on
	 * another CPU (with -smp 4 it may be on any of them), so the check
	 * is made only when it shares ours, before and after the wait.
	 */
	preempt_disable();
	before = READ_ONCE(spin_count);
	on_our_cpu = READ_ONCE(k->cpu) == smp_processor_id();
	mdelay(SPIN_OBSERVE_MS);
	if (on_our_cpu && READ_ONCE(k->cpu) == smp_processor_id())
		KEXPECT_EQ(t, READ_ONCE(spin_count), before);
	preempt_enable();

	KEXPECT_EQ(t, kthread_stop(k), 0);
}

/* ---- sleeping ---- */

/* msleep(50) sleeps at least 50 ms by jiffies, and comes back. */
static void test_msleep(struct ktest *t)
{
	unsigned long start = READ_ONCE(jiffies);
	unsigned long switches = nr_context_switches_cpu(smp_processor_id());

	msleep(MSLEEP_MS);
	KEXPECT_GE(t, READ_ONCE(jiffies) - start, msecs_to_jiffies(MSLEEP_MS));
	/* Slept, not spun: the CPU switched away (to idle) and back. */
	KEXPECT_GE(t, nr_context_switches_cpu(smp_processor_id()) - switches, 2);
}

/* A timeout that expires reports 0; a wake-up first reports time left. */
static void test_completion_timeout(struct ktest *t)
{
	DECLARE_COMPLETION(c);

	KEXPECT_EQ(t, wait_for_completion_timeout(&c, msecs_to_jiffies(20)), 0);
	complete(&c);
	KEXPECT_GT(t, wait_for_completion_timeout(&c, msecs_to_jiffies(20)), 0);
	KEXPECT_FALSE(t, completion_done(&c));
}

/* ---- killable waits ---- */

#define BACKSTOP_MS	1000	/* a wait that should not sleep ends anyway */

static int complete_later_fn(void *arg)
{
	msleep(BACKSTOP_MS);
	complete(arg);
	return 0;
}

/* Make sig pending for current, as send_signal would; or take it away. */
static void set_own_signal(int sig, bool pending)
{
	unsigned long flags;

	spin_lock_irqsave(&current->sighand->siglock, flags);
	if (pending) {
		sigaddset(&current->pending.signal, sig);
		set_tsk_thread_flag(current, TIF_SIGPENDING);
	} else {
		sigdelset(&current->pending.signal, sig);
		recalc_sigpending();
	}
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

/*
 * Waits for a completion that only the backstop thread completes, with
 * sig pending from before the wait began (no wake-up will come for it).
 */
static int killable_wait_with_pending(struct ktest *t, int sig)
{
	DECLARE_COMPLETION(c);
	int ret;

	set_own_signal(sig, true);
	if (IS_ERR(kthread_run(complete_later_fn, &c, "backstop"))) {
		set_own_signal(sig, false);
		KEXPECT_TRUE(t, false);
		return 0;
	}
	ret = wait_for_completion_killable(&c);
	set_own_signal(sig, false);
	if (ret)
		wait_for_completion(&c);	/* the thread still uses c */
	return ret;
}

/*
 * A SIGKILL already pending when the killable wait starts ends it at
 * once: the vfork parent that is killed while it is still in clone
 * must not sleep until its child has exited.
 */
static void test_killable_wait_sigkill_pending(struct ktest *t)
{
	KEXPECT_EQ(t, killable_wait_with_pending(t, SIGKILL), -ERESTARTSYS);
}

/* Any other signal leaves a killable wait asleep until it completes. */
static void test_killable_wait_other_signal(struct ktest *t)
{
	KEXPECT_EQ(t, killable_wait_with_pending(t, SIGUSR1), 0);
}

/* ---- a signal that came before schedule() ---- */

#define LATE_WAKE_MS	5000	/* only if the sleep was not refused */

static struct completion late_wake_cancel;
static bool late_wake_fired;

/* Wakes the test's task if nothing cancels this first. */
static int late_wake_fn(void *arg)
{
	if (!wait_for_completion_timeout(&late_wake_cancel,
					 msecs_to_jiffies(LATE_WAKE_MS))) {
		WRITE_ONCE(late_wake_fired, true);
		wake_up_process(arg);
	}
	return 0;
}

/*
 * An interruptible sleeper that tested for signals before it set its
 * state (poll, nanosleep) can have one arrive in between: the sender
 * found it running and woke nobody. schedule() itself must then keep
 * it awake (Linux: signal_pending_state in __schedule); a killable one
 * stays asleep for anything but SIGKILL.
 */
static void test_schedule_sees_pending_signal(struct ktest *t)
{
	struct task_struct *k;

	init_completion(&late_wake_cancel);
	WRITE_ONCE(late_wake_fired, false);
	k = kthread_run(late_wake_fn, current, "late-wake");
	KASSERT_FALSE(t, IS_ERR(k));
	set_own_signal(SIGUSR1, true);
	set_current_state(TASK_INTERRUPTIBLE);
	schedule();
	__set_current_state(TASK_RUNNING);
	KEXPECT_FALSE(t, READ_ONCE(late_wake_fired));
	set_own_signal(SIGUSR1, false);
	complete(&late_wake_cancel);
}

/* ---- exit and reaping ---- */

static int return_arg_fn(void *arg)
{
	return (long)arg;
}

static void wait_for_live_tasks(unsigned long want)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		if (kmem_cache_live(task_struct_cachep) == want)
			return;
		msleep(REAP_POLL_MS);
	}
}

/* Released tasks give back their pids at once (release_task). */
static void wait_for_pids_in_use(int want)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		if (nr_pids_in_use() == want)
			return;
		msleep(REAP_POLL_MS);
	}
}

/* Threads that end return their task_structs and pids; results arrive. */
static void test_kthread_exit_reaped(struct ktest *t)
{
	unsigned long live = kmem_cache_live(task_struct_cachep);
	int pids = nr_pids_in_use();
	struct task_struct *k[NR_EXIT_THREADS];

	for (long i = 0; i < NR_EXIT_THREADS; i++) {
		k[i] = kthread_create(return_arg_fn, (void *)(i + 100), "exiter");
		KASSERT_FALSE(t, IS_ERR(k[i]));
		get_task_struct(k[i]);	/* it may end before kthread_stop */
		wake_up_process(k[i]);
	}
	KEXPECT_EQ(t, kmem_cache_live(task_struct_cachep), live + NR_EXIT_THREADS);
	/* Let them all end on their own: released, but our refs keep them. */
	wait_for_pids_in_use(pids);
	KEXPECT_EQ(t, nr_pids_in_use(), pids);
	KEXPECT_EQ(t, kmem_cache_live(task_struct_cachep), live + NR_EXIT_THREADS);
	for (int i = 0; i < NR_EXIT_THREADS; i++) {
		KEXPECT_EQ(t, kthread_stop(k[i]), i + 100);
		put_task_struct(k[i]);
	}
	wait_for_live_tasks(live);
	KEXPECT_EQ(t, kmem_cache_live(task_struct_cachep), live);
	KEXPECT_EQ(t, nr_pids_in_use(), pids);
}

/* kthread_stop() before a thread ever ran: it never runs its function. */
static void test_kthread_stop_unstarted(struct ktest *t)
{
	unsigned long live = kmem_cache_live(task_struct_cachep);
	struct task_struct *k = kthread_create(return_arg_fn, (void *)1L, "never");

	KASSERT_FALSE(t, IS_ERR(k));
	KEXPECT_EQ(t, kthread_stop(k), -EINTR);
	wait_for_live_tasks(live);
	KEXPECT_EQ(t, kmem_cache_live(task_struct_cachep), live);
}

static struct completion exit_reached;

static int do_exit_fn(void *unused)
{
	complete(&exit_reached);
	do_exit(0);
}

/* A thread nobody waits for reaps itself through do_exit(). */
static void test_self_reap(struct ktest *t)
{
	unsigned long live = kmem_cache_live(task_struct_cachep);
	struct task_struct *k;

	init_completion(&exit_reached);
	k = kthread_run(do_exit_fn, NULL, "self-reaper");
	KASSERT_FALSE(t, IS_ERR(k));
	wait_for_completion(&exit_reached);
	wait_for_live_tasks(live);
	KEXPECT_EQ(t, kmem_cache_live(task_struct_cachep), live);
}

/* ---- pids ---- */

/* Never 0, never twice while in use, and a freed pid comes round again. */
static void test_pid_alloc(struct ktest *t)
{
	static unsigned long seen[PID_MAX_DEFAULT / 64];
	pid_t pids[PIDS_TO_CYCLE], first, again = 0;
	int dups = 0, n = 0;

	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < PIDS_TO_CYCLE; i++) {
		pids[i] = alloc_pid();
		KASSERT_GT(t, pids[i], 0);
	}
	first = pids[0];
	for (int i = 1; i < PIDS_TO_CYCLE; i++)
		dups += pids[i] == pids[i - 1];
	KEXPECT_EQ(t, dups, 0);
	free_pid(first);
	/*
	 * Allocation is cyclic: first is handed out again only after every
	 * other free pid. Take pids until it comes round (at most pid_max),
	 * checking none is 0 or handed out twice.
	 */
	while (n < PID_MAX_DEFAULT) {
		pid_t nr = alloc_pid();

		if (nr < 0)
			break;
		KASSERT_GT(t, nr, 0);
		if (seen[nr / 64] & (1UL << (nr % 64)))
			dups++;
		seen[nr / 64] |= 1UL << (nr % 64);
		n++;
		if (nr == first) {
			again = nr;
			break;
		}
	}
	KEXPECT_EQ(t, again, first);
	KEXPECT_EQ(t, dups, 0);
	KEXPECT_EQ(t, alloc_pid() == first, false);
	for (int nr = 1; nr < PID_MAX_DEFAULT; nr++)
		if (seen[nr / 64] & (1UL << (nr % 64)))
			free_pid(nr);
	for (int i = 1; i < PIDS_TO_CYCLE; i++)
		free_pid(pids[i]);
}

/* ---- wake-ups ---- */

static struct completion sleeper_go;

static int sleeper_fn(void *unused)
{
	wait_for_completion(&sleeper_go);
	return 0;
}

/*
 * Wait until k sleeps, switched out (its saved stack is then stable):
 * one msleep is not enough when the host starves the CPU k was put on
 * (make check runs several QEMUs on two cores).
 */
static void wait_until_asleep(struct task_struct *k)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		msleep(REAP_POLL_MS);
		if (task_state(k) == TASK_UNINTERRUPTIBLE &&
		    !__atomic_load_n(&k->on_cpu, __ATOMIC_ACQUIRE))
			return;
	}
}

static int sleep_once_release;

/*
 * Sleeps once, until a wake-up, then stays runnable (yielding) until
 * released: between the test's two wake-ups it cannot go back to sleep
 * on another CPU, which made the second one find it asleep again.
 */
static int sleep_once_fn(void *unused)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule();
	while (!READ_ONCE(sleep_once_release))
		yield();
	return 0;
}

/* Waking a running or already-woken task is a no-op, not a double queue. */
static void test_wake_up_running_harmless(struct ktest *t)
{
	unsigned int queued = nr_running_cpu(smp_processor_id());
	struct task_struct *k;

	KEXPECT_EQ(t, wake_up_process(current), 0);
	/* Not queued twice. (Not "equal": a kthread such as rcu_gp may
	 * finish its work and leave the queue meanwhile.) */
	KEXPECT_LE(t, nr_running_cpu(smp_processor_id()), queued);

	WRITE_ONCE(sleep_once_release, 0);
	k = kthread_run(sleep_once_fn, NULL, "sleeper");
	KASSERT_FALSE(t, IS_ERR(k));
	wait_until_asleep(k);		/* let it reach its sleep */
	KEXPECT_EQ(t, task_state(k), TASK_UNINTERRUPTIBLE);
	KEXPECT_EQ(t, wake_up_process(k), 1);	/* it was asleep */
	KEXPECT_EQ(t, wake_up_process(k), 0);	/* already runnable */
	WRITE_ONCE(sleep_once_release, 1);
	KEXPECT_EQ(t, kthread_stop(k), 0);
}

/* A sleeping thread's saved frame pointers lead back to its function. */
static void test_sleeping_backtrace(struct ktest *t)
{
	unsigned long entries[STACK_ENTRIES], size, off;
	struct task_struct *k;
	bool found = false;
	int n;

	init_completion(&sleeper_go);
	k = kthread_run(sleeper_fn, NULL, "sleeper");
	KASSERT_FALSE(t, IS_ERR(k));
	wait_until_asleep(k);
	n = stack_trace_save_tsk(k, entries, ARRAY_SIZE(entries));
	KEXPECT_GT(t, n, 2);
	for (int i = 0; i < n; i++) {
		const char *name = kallsyms_lookup(entries[i] - 1, &size, &off);

		found |= name && !strcmp(name, "sleeper_fn");
	}
	KEXPECT_TRUE(t, found);
	complete(&sleeper_go);
	kthread_stop(k);
}

static struct ktest_case sched_cases[] = {
	KTEST_CASE(test_ping_pong),
	KTEST_CASE(test_preemption),
	KTEST_CASE(test_msleep),
	KTEST_CASE(test_completion_timeout),
	KTEST_CASE(test_killable_wait_sigkill_pending),
	KTEST_CASE(test_killable_wait_other_signal),
	KTEST_CASE(test_schedule_sees_pending_signal),
	KTEST_CASE(test_kthread_exit_reaped),
	KTEST_CASE(test_kthread_stop_unstarted),
	KTEST_CASE(test_self_reap),
	KTEST_CASE(test_pid_alloc),
	KTEST_CASE(test_wake_up_running_harmless),
	KTEST_CASE(test_sleeping_backtrace),
	{}
};

static struct ktest_suite sched_suite = {
	.name = "sched",
	.cases = sched_cases,
};
KTEST_SUITE(sched_suite);

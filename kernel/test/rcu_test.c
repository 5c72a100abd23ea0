// kernel/test/rcu_test.c — ktest suite "rcu": RCU-lite's contract, and a
// torture test.
//
// Linux: kernel/rcu/rcutorture.c (its readers check that what they
// reach was never freed, its writers free through call_rcu and through
// synchronize_rcu) and kernel/rcu/update.c's early boot self-tests. The
// torture case and some reader cases must fail under rcu_broken=1 (grace
// periods do not wait) and rcu_broken=2 (the tick ends them inside
// readers): make check boots those too (tools/check.py, rcu-broken,
// RCU_BROKEN_MUST_FAIL) and passes only if they do fail. The small
// cases say what they check.

#include <nook/completion.h>
#include <nook/jiffies.h>
#include <nook/ktest.h>
#include <nook/kthread.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/spinlock.h>
#include <nook/time.h>
#include <nook/timekeeping.h>
#include <nook/timer.h>

#define READER_HOLD_TICKS	5	/* a reader the grace period must outwait */
#define MSEC_PER_TICK		(MSEC_PER_SEC / HZ)
#define LONG_READER_MS		10000	/* one it must not outwait */
#define NR_ORDERED_CBS		100
#define ORDERED_CB_GAP_US	500	/* 100 of them span a few grace periods */
#define NR_SYNC_SAMPLES		21
#define NR_BATCHED_CBS		100
#define DEFERRED_WAKE_MS	10000	/* many ticks: the wake-up must come */
#define WAIT_POLL_MS		1

/* ---- publish and read ---- */

struct rcu_test_obj {
	int value;
	struct rcu_head rh;
};

static struct rcu_test_obj __rcu *rcu_test_ptr;

/* What a reader gets through rcu_dereference is what was published. */
static void test_assign_and_dereference(struct ktest *t)
{
	static struct rcu_test_obj a = { .value = 1 }, b = { .value = 2 };
	struct rcu_test_obj *p;

	RCU_INIT_POINTER(rcu_test_ptr, &a);
	rcu_read_lock();
	p = rcu_dereference(rcu_test_ptr);
	KEXPECT_EQ(t, p->value, 1);
	KEXPECT_EQ(t, rcu_read_lock_depth(), 1);
	KEXPECT_FALSE(t, preemptible());
	rcu_read_unlock();
	rcu_assign_pointer(rcu_test_ptr, &b);
	rcu_read_lock();
	KEXPECT_EQ(t, rcu_dereference(rcu_test_ptr)->value, 2);
	rcu_read_unlock();
	KEXPECT_EQ(t, rcu_read_lock_depth(), 0);
	RCU_INIT_POINTER(rcu_test_ptr, NULL);
}

/* rcu_dereference with no reader and preemption on is reported. */
static void test_dereference_outside_reader_warns(struct ktest *t)
{
	unsigned long before = rcu_dereference_warnings();
	struct rcu_test_obj *p;

	p = rcu_dereference(rcu_test_ptr);	/* the bug, on purpose */
	KEXPECT_EQ(t, rcu_dereference_warnings(), before + 1);
	rcu_read_lock();
	p = rcu_dereference(rcu_test_ptr);
	rcu_read_unlock();
	preempt_disable();	/* any non-preemptible region is a reader */
	p = rcu_dereference(rcu_test_ptr);
	preempt_enable();
	/* The updater says why the pointer is stable: no reader needed. */
	p = rcu_dereference_check(rcu_test_ptr, true);
	p = rcu_dereference_protected(rcu_test_ptr, true);
	KEXPECT_EQ(t, rcu_dereference_warnings(), before + 1);
	p = rcu_dereference_protected(rcu_test_ptr, false);
	KEXPECT_EQ(t, rcu_dereference_warnings(), before + 2);
	(void)p;
}

/* ---- synchronize_rcu and readers ---- */

static struct {
	int started;		/* the reader is inside rcu_read_lock */
	int finished;		/* ... and has left it */
	int sync_started;	/* the main thread calls synchronize_rcu */
	int sync_done;		/* ... and it has returned */
	int saw_sync_done;	/* the reader saw that while inside */
	unsigned long gp_target; /* gp_seq once the GP it waits for starts */
	struct completion exited;
} rd;

/*
 * Enters its reader, waits there until the main thread is about to call
 * synchronize_rcu, then stays READER_HOLD_TICKS more: long enough that
 * a grace period which does not wait for it (rcu_broken=1), or a tick
 * that reports a quiescent state in it (rcu_broken=2), ends first.
 * Spins, never sleeps: it is a non-preemptible reader.
 */
static int early_reader(void *unused)
{
	u64 end = ktime_get_ns() + LONG_READER_MS * NSEC_PER_MSEC;

	rcu_read_lock();
	WRITE_ONCE(rd.started, 1);
	/* Bounded, so a main thread that never comes cannot hang us. */
	while (!READ_ONCE(rd.sync_started) && ktime_get_ns() < end)
		cpu_relax();
	mdelay(READER_HOLD_TICKS * MSEC_PER_TICK);
	WRITE_ONCE(rd.finished, 1);
	rcu_read_unlock();
	complete(&rd.exited);
	return 0;
}

/*
 * A reader that began before synchronize_rcu ends before it returns.
 * Needs a second CPU: with one, the main thread cannot run while the
 * reader waits for it. If the reader had left before synchronize_rcu
 * was called, the case proves nothing and fails as inconclusive.
 */
static void test_sync_waits_for_earlier_reader(struct ktest *t)
{
	int inside;

	if (num_online_cpus() < 2) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	memset(&rd, 0, sizeof(rd));
	init_completion(&rd.exited);
	KASSERT_FALSE(t, IS_ERR(kthread_run(early_reader, NULL, "rcu_early")));
	while (!READ_ONCE(rd.started))
		msleep(WAIT_POLL_MS);
	WRITE_ONCE(rd.sync_started, 1);
	inside = !READ_ONCE(rd.finished);
	synchronize_rcu();
	KEXPECT_TRUE(t, inside);	/* else inconclusive */
	KEXPECT_TRUE(t, READ_ONCE(rd.finished));
	wait_for_completion(&rd.exited);
}

/*
 * Waits for the grace period the main thread's synchronize_rcu needs to
 * start, passes a quiescent state of its own (the yield), then reads
 * for up to LONG_READER_MS, watching for synchronize_rcu to return.
 */
static int late_reader(void *unused)
{
	u64 end = ktime_get_ns() + LONG_READER_MS * NSEC_PER_MSEC;

	/* Bounded: under rcu_broken=1 no grace period may ever start. */
	while (!READ_ONCE(rd.sync_started) ||
	       (long)(rcu_get_gp_seq() - rd.gp_target) < 0) {
		if (ktime_get_ns() >= end)
			break;
		cpu_relax();
	}
	yield();
	rcu_read_lock();
	end = ktime_get_ns() + LONG_READER_MS * NSEC_PER_MSEC;
	while (!READ_ONCE(rd.sync_done) && ktime_get_ns() < end)
		cpu_relax();
	WRITE_ONCE(rd.saw_sync_done, READ_ONCE(rd.sync_done));
	rcu_read_unlock();
	complete(&rd.exited);
	return 0;
}

/*
 * A reader that began after the grace period did (on a CPU that had
 * reported already) does not hold synchronize_rcu up. Needs a second
 * CPU: with one, the reader cannot run while synchronize_rcu waits.
 */
static void test_sync_ignores_later_reader(struct ktest *t)
{
	if (num_online_cpus() < 2) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	memset(&rd, 0, sizeof(rd));
	init_completion(&rd.exited);
	/* The gp_seq at which the next full grace period has begun. */
	rd.gp_target = get_state_synchronize_rcu() - 1;
	KASSERT_FALSE(t, IS_ERR(kthread_run(late_reader, NULL, "rcu_late")));
	WRITE_ONCE(rd.sync_started, 1);
	synchronize_rcu();
	WRITE_ONCE(rd.sync_done, 1);
	wait_for_completion(&rd.exited);
	KEXPECT_TRUE(t, rd.saw_sync_done);
}

static int held_cb_ran;

static void held_cb_fn(struct rcu_head *rh)
{
	WRITE_ONCE(held_cb_ran, 1);
}

/*
 * A callback queued inside a reader does not run before the reader
 * ends, however many ticks interrupt it: a tick that finds preempt_count
 * raised is no quiescent state. The other CPU is idle, so rcu_gp runs
 * there (woken by the tick: we queue with preemption off) and the grace
 * period waits only for us.
 */
static void test_reader_holds_callback_across_ticks(struct ktest *t)
{
	static struct rcu_head rh;
	unsigned long gp_seq;
	int early;

	if (num_online_cpus() < 2) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	rcu_barrier();
	held_cb_ran = 0;
	rcu_read_lock();
	call_rcu(&rh, held_cb_fn);
	/*
	 * Hold the reader until rcu_gp has begun a grace period for the
	 * callback (a loaded host may run the other CPU late), then for
	 * some ticks more: a grace period that wrongly ended under us has
	 * then had time to run the callback (what rcu_broken=1 must show).
	 */
	gp_seq = rcu_get_gp_seq();
	for (int ms = 0; ms < DEFERRED_WAKE_MS && !READ_ONCE(held_cb_ran) &&
			 rcu_get_gp_seq() == gp_seq; ms++)
		mdelay(1);
	mdelay(READER_HOLD_TICKS * MSEC_PER_TICK);
	early = READ_ONCE(held_cb_ran);
	rcu_read_unlock();
	KEXPECT_FALSE(t, early);
	rcu_barrier();
	KEXPECT_TRUE(t, READ_ONCE(held_cb_ran));
}

static struct {
	int running;
	int sync_done;
	int saw_sync_done;	/* synchronize_rcu returned while we spun */
	struct completion exited;
} spin;

/* Preemptible, never sleeping, never calling cond_resched. */
static int busy_spinner(void *unused)
{
	u64 end = ktime_get_ns() + LONG_READER_MS * NSEC_PER_MSEC;

	WRITE_ONCE(spin.running, 1);
	while (!READ_ONCE(spin.sync_done) && ktime_get_ns() < end)
		cpu_relax();
	WRITE_ONCE(spin.saw_sync_done, READ_ONCE(spin.sync_done));
	complete(&spin.exited);
	return 0;
}

/*
 * A CPU busy in the kernel outside any reader, with nothing else to run
 * (so never switching tasks), does not stall grace periods: the tick
 * finds preempt_count zero there and reports for it.
 */
static void test_tick_reports_busy_cpu(struct ktest *t)
{
	if (num_online_cpus() < 2) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	memset(&spin, 0, sizeof(spin));
	init_completion(&spin.exited);
	KASSERT_FALSE(t, IS_ERR(kthread_run(busy_spinner, NULL, "rcu_spin")));
	while (!READ_ONCE(spin.running))
		msleep(WAIT_POLL_MS);
	synchronize_rcu();
	WRITE_ONCE(spin.sync_done, 1);
	wait_for_completion(&spin.exited);
	KEXPECT_TRUE(t, spin.saw_sync_done);
}

/* ---- call_rcu, rcu_barrier, kfree_rcu ---- */

struct ordered_cb {
	struct rcu_head rh;
	int seq;
	unsigned long gp_cookie;	/* get_state_synchronize_rcu at queue */
};

static struct {
	int next;		/* the seq the next callback should have */
	int out_of_order;
	int too_early;		/* ran with no grace period since queued */
	int ran;
} order;

static void ordered_cb_fn(struct rcu_head *rh)
{
	struct ordered_cb *cb = container_of(rh, struct ordered_cb, rh);

	if (cb->seq != order.next)
		order.out_of_order++;
	order.next = cb->seq + 1;
	if (!poll_state_synchronize_rcu(cb->gp_cookie))
		order.too_early++;
	order.ran++;
}

/* One CPU's callbacks run in call_rcu order, each after a full grace
 * period: one that began after it was queued. */
static void test_call_rcu_in_order(struct ktest *t)
{
	struct ordered_cb *cbs = kzalloc(NR_ORDERED_CBS * sizeof(*cbs));
	int cpu;

	KASSERT_NOT_NULL(t, cbs);
	memset(&order, 0, sizeof(order));
	/*
	 * Never sleeping, so all from one CPU (only a wake-up moves a task),
	 * yet preemptible, so grace periods run meanwhile and many of the
	 * callbacks are queued while one is in progress.
	 */
	cpu = smp_processor_id();
	for (int i = 0; i < NR_ORDERED_CBS; i++) {
		cbs[i].seq = i;
		cbs[i].gp_cookie = get_state_synchronize_rcu();
		call_rcu(&cbs[i].rh, ordered_cb_fn);
		udelay(ORDERED_CB_GAP_US);
	}
	KEXPECT_EQ(t, smp_processor_id(), cpu);
	rcu_barrier();
	KEXPECT_EQ(t, order.ran, NR_ORDERED_CBS);
	KEXPECT_EQ(t, order.out_of_order, 0);
	KEXPECT_EQ(t, order.too_early, 0);
	kfree(cbs);
}

static int barrier_count;
static struct completion barrier_queued;	/* once per queuer */

static void barrier_cb_fn(struct rcu_head *rh)
{
	__atomic_add_fetch(&barrier_count, 1, __ATOMIC_RELAXED);
	kfree(rh);
}

static int barrier_queuer(void *arg)
{
	for (long i = 0; i < (long)arg; i++) {
		struct rcu_head *rh = kmalloc(sizeof(*rh));

		if (!rh)
			break;
		call_rcu(rh, barrier_cb_fn);
		if (i % 8 == 0)
			yield();
	}
	complete(&barrier_queued);
	return 0;
}

/* rcu_barrier returns once every callback queued before it has run. */
static void test_rcu_barrier_waits_for_all(struct ktest *t)
{
	const long per_thread = 50;
	int threads = num_online_cpus() + 1;

	barrier_count = 0;
	init_completion(&barrier_queued);
	for (int i = 0; i < threads; i++)
		KASSERT_FALSE(t, IS_ERR(kthread_run(barrier_queuer,
						    (void *)per_thread,
						    "rcu_barrier_q")));
	for (int i = 0; i < threads; i++)
		wait_for_completion(&barrier_queued);
	rcu_barrier();
	KEXPECT_EQ(t, __atomic_load_n(&barrier_count, __ATOMIC_RELAXED),
		   threads * per_thread);
}

/* A size class little else uses, so its count moves only with ours. */
#define KFREE_RCU_OBJ_SIZE	2048

struct kfree_rcu_obj {
	char payload[KFREE_RCU_OBJ_SIZE - 2 * sizeof(struct rcu_head)];
	struct rcu_head rh;	/* not at offset 0: kfree_rcu must subtract */
};

static void count_kmalloc_2k(const struct slabinfo *info, void *arg)
{
	if (!strcmp(info->name, "kmalloc-2k"))
		*(unsigned long *)arg = info->active_objs;
}

static unsigned long kmalloc_2k_live(void)
{
	unsigned long n = 0;

	slabinfo_for_each(count_kmalloc_2k, &n);
	return n;
}

/* kfree_rcu frees the object after a grace period, with no function. */
static void test_kfree_rcu(struct ktest *t)
{
	unsigned long before = kmalloc_2k_live();
	struct kfree_rcu_obj *p = kmalloc(sizeof(*p));

	KASSERT_NOT_NULL(t, p);
	KEXPECT_EQ(t, kmalloc_2k_live(), before + 1);
	kfree_rcu(p, rh);
	rcu_barrier();
	KEXPECT_EQ(t, kmalloc_2k_live(), before);
}

/* The polled API: no full grace period yet, then one after synchronize. */
static void test_polled_grace_period(struct ktest *t)
{
	unsigned long cookie = get_state_synchronize_rcu();

	KEXPECT_FALSE(t, poll_state_synchronize_rcu(cookie));
	synchronize_rcu();
	KEXPECT_TRUE(t, poll_state_synchronize_rcu(cookie));
}

/* ---- call_rcu from any context, and its wake-ups ---- */

static int deferred_cb_ran;

static void deferred_cb_fn(struct rcu_head *rh)
{
	WRITE_ONCE(deferred_cb_ran, 1);
}

/* The grace-period thread, with a reference; NULL if not found. */
static struct task_struct *get_rcu_gp_task(void)
{
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p)
		if (!strcmp(p->comm, "rcu_gp")) {
			get_task_struct(p);
			found = p;
			break;
		}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/*
 * call_rcu may be called holding any lock, interrupts off: here the
 * very lock a wake-up of rcu_gp takes (its pi_lock), as a put_cred on
 * an exit path might. It must not wake rcu_gp there (that would spin
 * on the lock forever); the callback still runs, the wake-up left to
 * the tick, with no later call_rcu or rcu_barrier to help it along.
 */
static void test_call_rcu_under_pi_lock(struct ktest *t)
{
	static struct rcu_head rh;
	struct task_struct *gp = get_rcu_gp_task();
	u64 end = ktime_get_ns() + DEFERRED_WAKE_MS * NSEC_PER_MSEC;
	unsigned long flags;

	KASSERT_NOT_NULL(t, gp);
	rcu_barrier();		/* rcu_gp goes idle: asleep, wakeable */
	deferred_cb_ran = 0;
	spin_lock_irqsave(&gp->pi_lock, flags);
	call_rcu(&rh, deferred_cb_fn);
	spin_unlock_irqrestore(&gp->pi_lock, flags);
	while (!READ_ONCE(deferred_cb_ran) && ktime_get_ns() < end)
		msleep(WAIT_POLL_MS);
	KEXPECT_TRUE(t, READ_ONCE(deferred_cb_ran));
	put_task_struct(gp);
}

static void batched_cb_fn(struct rcu_head *rh)
{
}

/*
 * call_rcu wakes rcu_gp only to start a grace period, not once per
 * callback: a burst of callbacks costs a wake-up or two.
 */
static void test_call_rcu_wakes_gp_once(struct ktest *t)
{
	static struct rcu_head rhs[NR_BATCHED_CBS];
	unsigned long wakes = rcu_gp_wakeups();
	unsigned long gps = rcu_gp_completed();

	for (int i = 0; i < NR_BATCHED_CBS; i++)
		call_rcu(&rhs[i], batched_cb_fn);
	rcu_barrier();
	wakes = rcu_gp_wakeups() - wakes;
	gps = rcu_gp_completed() - gps;
	printk("    # %d call_rcu, rcu_barrier: %lu wake-ups, %lu grace periods\n",
	       NR_BATCHED_CBS, wakes, gps);
	/* One per grace period started, and the barrier's own. */
	KEXPECT_LE(t, wakes, gps + 1);
}

/* ---- what a grace period costs ---- */

static void sort_u64(u64 *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 tmp = v[j];

			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
}

/* Prints the median as a KTAP diagnostic; asserts nothing about it. */
static void test_synchronize_rcu_cost(struct ktest *t)
{
	u64 ns[NR_SYNC_SAMPLES];
	unsigned long gps = rcu_gp_completed();

	for (int i = 0; i < NR_SYNC_SAMPLES; i++) {
		u64 start = ktime_get_ns();

		synchronize_rcu();
		ns[i] = ktime_get_ns() - start;
	}
	sort_u64(ns, NR_SYNC_SAMPLES);
	printk("    # synchronize_rcu: median %lu ns, min %lu, max %lu "
	       "(%d CPUs, %d calls)\n", ns[NR_SYNC_SAMPLES / 2], ns[0],
	       ns[NR_SYNC_SAMPLES - 1], num_online_cpus(), NR_SYNC_SAMPLES);
	/* Each call needs a grace period of its own. */
	KEXPECT_GE(t, rcu_gp_completed() - gps, NR_SYNC_SAMPLES);
}

void rcu_torture_double_free_test(struct ktest *t);
void rcu_torture_test(struct ktest *t);

static struct ktest_case rcu_cases[] = {
	KTEST_CASE(test_assign_and_dereference),
	KTEST_CASE(test_dereference_outside_reader_warns),
	KTEST_CASE(test_sync_waits_for_earlier_reader),
	KTEST_CASE(test_sync_ignores_later_reader),
	KTEST_CASE(test_reader_holds_callback_across_ticks),
	KTEST_CASE(test_tick_reports_busy_cpu),
	KTEST_CASE(test_call_rcu_in_order),
	KTEST_CASE(test_rcu_barrier_waits_for_all),
	KTEST_CASE(test_kfree_rcu),
	KTEST_CASE(test_polled_grace_period),
	KTEST_CASE(test_call_rcu_under_pi_lock),
	KTEST_CASE(test_call_rcu_wakes_gp_once),
	KTEST_CASE(test_synchronize_rcu_cost),
	KTEST_CASE(rcu_torture_double_free_test),
	KTEST_CASE(rcu_torture_test),
	{}
};

static struct ktest_suite rcu_suite = {
	.name = "rcu",
	.cases = rcu_cases,
};
KTEST_SUITE(rcu_suite);

// kernel/rcu/tree.c — RCU-lite's engine: grace periods and callbacks.
//
// Linux: kernel/rcu/tree.c (rcu_gp_kthread, rcu_gp_init, rcu_gp_cleanup,
// rcu_qs, rcu_note_context_switch, rcu_sched_clock_irq, call_rcu,
// rcu_do_batch, rcu_barrier) and rcu_segcblist.c, reduced to a "tree" of
// one node: one lock and one mask of the CPUs that still owe a
// quiescent state. docs/rcu.md walks through it.
//
// One kernel thread, "rcu_gp", runs everything slow: it starts a grace
// period when callbacks wait for one, sleeps until every CPU online at
// the start has reported a quiescent state, ends it, then invokes the
// callbacks whose grace period is over (as Linux does with every CPU's
// callbacks offloaded, CONFIG_RCU_NOCB_CPU). Callbacks thus run in a
// thread, never in hard-irq context, so they may take any lock a thread
// may; like Linux's, they must not sleep (each runs with preemption off).
//
// Each CPU's callbacks stay in one list, in call_rcu order, cut into
// segments by tail pointers (Linux's rcu_segcblist, three of its four):
//	DONE: grace period over, to invoke;
//	WAIT: waiting for the grace period in progress;
//	NEXT: queued since it began, waiting for the one after.
//
// Lock order: rcu_state.lock is innermost but for the wake-ups made
// after dropping it (gp_wq's lock -> p->pi_lock -> rq->lock). Whoever
// might hold one of those (interrupts off, or preempt_count raised)
// does not wake rcu_gp itself: it leaves a deferred wake-up for the
// next tick (rcu_gp_kthread_wake), as Linux defers such wake-ups.

#include <nook/cmdline.h>
#include <nook/completion.h>
#include <nook/kthread.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/smp.h>
#include <nook/spinlock.h>
#include <nook/string.h>
#include <nook/wait.h>

#define RCU_DONE_TAIL		0
#define RCU_WAIT_TAIL		1
#define RCU_NEXT_TAIL		2
#define RCU_CBLIST_NSEGS	3

/* Linux's struct rcu_data: one per CPU. All of it under rcu_state.lock. */
struct rcu_data {
	struct rcu_head *head;
	/* tails[i]: where segment i ends (its last ->next, or &head) */
	struct rcu_head **tails[RCU_CBLIST_NSEGS];
	/* queued and not yet invoked, those being invoked included */
	long len;
};

static struct rcu_data rcu_data[NR_CPUS];

/* Linux's struct rcu_state with its single rcu_node folded in. */
static struct rcu_state {
	spinlock_t lock;
	/*
	 * Grace periods, counted as Linux counts them but with one state
	 * bit where Linux has two: odd while one runs, +1 at its start and
	 * +1 at its end. Written under lock, read anywhere.
	 */
	unsigned long gp_seq;
	/*
	 * CPUs that owe the running grace period a quiescent state. Set
	 * under lock at its start, bits cleared under lock; a CPU may peek
	 * at its own bit without the lock (a stale 0 costs only a delay).
	 */
	unsigned long qsmask;
	/*
	 * rcu_gp was asked to start a grace period and has not yet (Linux:
	 * RCU_GP_FLAG_INIT): later callers need not wake it again. Under
	 * lock; cleared by rcu_gp_init.
	 */
	bool gp_requested;
	/* A wake-up of rcu_gp left for the tick; atomic exchange. */
	bool gp_wake_deferred;
	wait_queue_head_t gp_wq;	/* rcu_gp sleeps here */
	unsigned long gp_wakeups;	/* atomic adds: rcu_gp_wakeups() */
	struct task_struct *gp_kthread;
} rcu_state;

/* One bit per CPU in qsmask. */
_Static_assert(NR_CPUS <= BITS_PER_LONG, "qsmask is one unsigned long");

/* rcu_broken=N on the command line (rcupdate.h); read-only after boot. */
int rcu_broken;

static int rcu_broken_setup(const char *val)
{
	if (!val)
		rcu_broken = RCU_BROKEN_NO_WAIT;
	else if (val[0] >= '0' && val[0] <= '9' && !val[1])
		rcu_broken = val[0] - '0';
	else
		return -1;
	return 0;
}
early_param("rcu_broken", rcu_broken_setup);

unsigned long rcu_get_gp_seq(void)
{
	return READ_ONCE(rcu_state.gp_seq);
}

/*
 * The gp_seq at which a grace period that starts after now has ended
 * (Linux: rcu_seq_snap): the end of the next one if none runs, else of
 * the one after the running one, which may have begun before our caller
 * unpublished anything.
 */
unsigned long get_state_synchronize_rcu(void)
{
	smp_mb();	/* the caller's updates before our read of gp_seq */
	return (READ_ONCE(rcu_state.gp_seq) + 3) & ~1UL;
}

bool poll_state_synchronize_rcu(unsigned long cookie)
{
	bool done = (long)(READ_ONCE(rcu_state.gp_seq) - cookie) >= 0;

	smp_mb();	/* the caller's frees after our read of gp_seq */
	return done;
}

unsigned long rcu_gp_completed(void)
{
	return READ_ONCE(rcu_state.gp_seq) / 2;
}

/* ---- the callback list of one CPU ---- */

static void rcu_cblist_init(struct rcu_data *rdp)
{
	rdp->head = NULL;
	for (int i = 0; i < RCU_CBLIST_NSEGS; i++)
		rdp->tails[i] = &rdp->head;
	rdp->len = 0;
}

static void rcu_cblist_enqueue(struct rcu_data *rdp, struct rcu_head *rhp)
{
	rhp->next = NULL;
	*rdp->tails[RCU_NEXT_TAIL] = rhp;
	rdp->tails[RCU_NEXT_TAIL] = &rhp->next;
	rdp->len++;
}

static bool rcu_cblist_seg_empty(struct rcu_data *rdp, int seg)
{
	struct rcu_head **start = seg ? rdp->tails[seg - 1] : &rdp->head;

	return rdp->tails[seg] == start;
}

/* Cut the DONE segment off the front; the caller invokes it. */
static struct rcu_head *rcu_cblist_extract_done(struct rcu_data *rdp)
{
	struct rcu_head **done_tail = rdp->tails[RCU_DONE_TAIL];
	struct rcu_head *list = rdp->head;

	if (done_tail == &rdp->head)
		return NULL;
	rdp->head = *done_tail;
	*done_tail = NULL;
	for (int i = 0; i < RCU_CBLIST_NSEGS; i++)
		if (rdp->tails[i] == done_tail)
			rdp->tails[i] = &rdp->head;
	return list;
}

/* ---- waking rcu_gp ---- */

static bool rcu_gp_in_progress(void)
{
	return READ_ONCE(rcu_state.gp_seq) & 1;
}

/*
 * Wake rcu_gp, now if can_wake, else at the next tick on any CPU. A
 * caller with interrupts off or preempt_count raised may hold gp_wq's
 * lock, a pi_lock or a run queue's lock, which a wake-up takes: waking
 * there could spin forever on its own lock. The tick is safe: it only
 * interrupts code with interrupts on, and those locks are only ever
 * held with interrupts off.
 */
static void rcu_gp_kthread_wake(bool can_wake)
{
	if (!can_wake) {
		__atomic_store_n(&rcu_state.gp_wake_deferred, true,
				 __ATOMIC_SEQ_CST);
		return;
	}
	/* Cleared first: a wake-up deferred after this gets its own. */
	__atomic_store_n(&rcu_state.gp_wake_deferred, false, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&rcu_state.gp_wakeups, 1, __ATOMIC_RELAXED);
	wake_up(&rcu_state.gp_wq);
}

/* From the tick: make a wake-up someone could not. */
static void rcu_gp_kthread_wake_deferred(void)
{
	if (READ_ONCE(rcu_state.gp_wake_deferred) &&
	    __atomic_exchange_n(&rcu_state.gp_wake_deferred, false,
				__ATOMIC_SEQ_CST)) {
		__atomic_add_fetch(&rcu_state.gp_wakeups, 1, __ATOMIC_RELAXED);
		wake_up(&rcu_state.gp_wq);
	}
}

unsigned long rcu_gp_wakeups(void)
{
	return __atomic_load_n(&rcu_state.gp_wakeups, __ATOMIC_RELAXED);
}

/*
 * Callbacks were queued: must rcu_gp be woken to start a grace period
 * for them (Linux: rcu_start_this_gp)? Not while one runs: rcu_gp looks
 * for more when it ends. Nor if it was asked already. Lock held.
 */
static bool rcu_gp_request(void)
{
	if (rcu_gp_in_progress() || rcu_state.gp_requested)
		return false;
	rcu_state.gp_requested = true;
	return true;
}

/* ---- quiescent states ---- */

/*
 * This CPU is in a quiescent state: no reader of its own is running.
 * Called with preemption or interrupts off, so the CPU is stable.
 * can_wake: as for rcu_gp_kthread_wake, if this is the last report.
 */
static void rcu_qs(bool can_wake)
{
	unsigned long bit = 1UL << smp_processor_id();
	unsigned long flags;
	bool last = false;

	if (!(READ_ONCE(rcu_state.qsmask) & bit))
		return;
	spin_lock_irqsave(&rcu_state.lock, flags);
	if (rcu_state.qsmask & bit) {
		rcu_state.qsmask &= ~bit;
		last = !rcu_state.qsmask;
	}
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	if (last) {
		if (can_wake)
			wake_up(&rcu_state.gp_wq);
		else
			rcu_gp_kthread_wake(false);
	}
}

/*
 * From __schedule(), first thing: schedule() is never called inside a
 * reader, so this is a quiescent state; if it is, the reader is about
 * to sleep: a bug, said before the scheduler's "scheduling while
 * atomic". A schedule() with preempt_count raised for another reason
 * (a spinlock held: maybe gp_wq's, or a run queue's) is a bug too, which
 * schedule_debug reports right after: our report must not wake rcu_gp
 * there, or it could spin on that lock before anything is printed.
 * Interrupts off, as Linux calls it: no preemption in the middle.
 */
void rcu_note_context_switch(bool preempt)
{
	unsigned long flags;

	if (unlikely(rcu_read_lock_depth()))
		panic("BUG: %s in an RCU read-side critical section: %s/%d",
		      preempt ? "preempted" : "scheduling", current->comm,
		      current->pid);
	flags = local_irq_save();
	rcu_qs(!preempt_count());
	local_irq_restore(flags);
}

/*
 * From the timer tick, interrupts off. The tick interrupted user mode,
 * or code with preempt_count zero (the idle loop among them): code that
 * could have been preempted right there, so not a reader. The tick also
 * makes the wake-ups of rcu_gp others had to defer.
 */
void rcu_sched_clock_irq(bool user)
{
	if (user || !preempt_count() || rcu_broken == RCU_BROKEN_TICK)
		rcu_qs(true);
	rcu_gp_kthread_wake_deferred();
}

/*
 * From cond_resched(), preemptible: a long loop in the kernel that
 * offers to be preempted is not inside a reader right there.
 */
void rcu_all_qs(void)
{
	preempt_disable();
	rcu_qs(true);
	preempt_enable_no_resched();	/* cond_resched() goes on to check */
}

/*
 * The idle loop, before it halts: nothing runs here, so no reader. A
 * CPU halted through a whole grace period still reports from its tick.
 */
void rcu_idle_enter(void)
{
	unsigned long flags = local_irq_save();

	rcu_qs(true);	/* the idle loop holds no lock */
	local_irq_restore(flags);
}

/* ---- queueing callbacks ---- */

/*
 * Any context: interrupts off, any lock held, even in hard-irq. There
 * rcu_gp's wake-up, if one is needed, waits for the next tick.
 */
void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	bool can_wake = preemptible();
	unsigned long flags;
	bool wake;

	head->func = func;
	spin_lock_irqsave(&rcu_state.lock, flags);
	rcu_cblist_enqueue(&rcu_data[smp_processor_id()], head);
	wake = rcu_gp_request();
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	/* Or make a deferred one now, rather than at the tick. */
	if (wake || (can_wake && READ_ONCE(rcu_state.gp_wake_deferred)))
		rcu_gp_kthread_wake(can_wake);
}

/* ---- the grace-period thread ---- */

/* Callbacks wait for a grace period not yet started? Lock held. */
static bool rcu_gp_needed(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (!rcu_cblist_seg_empty(&rcu_data[cpu], RCU_NEXT_TAIL))
			return true;
	return false;
}

static bool rcu_gp_work(void)
{
	unsigned long flags;
	bool work;

	spin_lock_irqsave(&rcu_state.lock, flags);
	work = rcu_gp_needed();
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	return work;
}

static unsigned long rcu_online_mask(void)
{
	unsigned long mask = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			mask |= 1UL << cpu;
	return mask;
}

/*
 * Start a grace period: what was NEXT on each CPU now waits for it,
 * and every online CPU owes it a quiescent state. A CPU that comes
 * online later cannot hold a reader from before it started.
 */
static void rcu_gp_init(void)
{
	unsigned long flags;

	spin_lock_irqsave(&rcu_state.lock, flags);
	rcu_state.gp_requested = false;
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rcu_data *rdp = &rcu_data[cpu];

		rdp->tails[RCU_WAIT_TAIL] = rdp->tails[RCU_NEXT_TAIL];
	}
	/* rcu_broken=1: pretend every CPU has reported already. */
	WRITE_ONCE(rcu_state.qsmask, rcu_broken == RCU_BROKEN_NO_WAIT ?
				     0 : rcu_online_mask());
	/*
	 * gp_seq last: whoever sees the new gp_seq without the lock (a
	 * CPU's own peek in rcu_qs) then sees its qsmask bit too, so a
	 * context switch after it reports to this grace period.
	 */
	smp_store_release(&rcu_state.gp_seq, rcu_state.gp_seq + 1);
	spin_unlock_irqrestore(&rcu_state.lock, flags);
}

static bool rcu_gp_done(void)
{
	return !READ_ONCE(rcu_state.qsmask);
}

/* Every CPU has reported: WAIT becomes DONE. */
static void rcu_gp_cleanup(void)
{
	unsigned long flags;

	spin_lock_irqsave(&rcu_state.lock, flags);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rcu_data *rdp = &rcu_data[cpu];

		rdp->tails[RCU_DONE_TAIL] = rdp->tails[RCU_WAIT_TAIL];
	}
	WRITE_ONCE(rcu_state.gp_seq, rcu_state.gp_seq + 1);
	spin_unlock_irqrestore(&rcu_state.lock, flags);
}

/*
 * kfree_rcu() passes the rcu_head's offset in the object instead of a
 * function (Linux: __is_kvfree_rcu_offset).
 */
static void rcu_reclaim(struct rcu_head *head)
{
	unsigned long offset = (unsigned long)head->func;

	preempt_disable();	/* as in Linux's softirq: no sleeping */
	if (offset < RCU_KFREE_MAX_OFFSET)
		kfree((char *)head - offset);
	else
		head->func(head);
	preempt_enable();
}

/* Invoke every CPU's DONE callbacks, each CPU's in the order queued. */
static void rcu_do_batch(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rcu_data *rdp = &rcu_data[cpu];
		struct rcu_head *list, *next;
		unsigned long flags;
		long count = 0;

		spin_lock_irqsave(&rcu_state.lock, flags);
		list = rcu_cblist_extract_done(rdp);
		spin_unlock_irqrestore(&rcu_state.lock, flags);
		for (; list; list = next, count++) {
			next = list->next;	/* the callback may free list */
			rcu_reclaim(list);
		}
		if (!count)
			continue;
		spin_lock_irqsave(&rcu_state.lock, flags);
		rdp->len -= count;
		spin_unlock_irqrestore(&rcu_state.lock, flags);
		cond_resched();
	}
}

static int rcu_gp_kthread(void *unused)
{
	for (;;) {
		wait_event(rcu_state.gp_wq, rcu_gp_work());
		rcu_gp_init();
		/*
		 * This thread, preemptible, is no reader: its CPU's quiescent
		 * state, reported before it sleeps. Left to the context switch,
		 * the report could be the last one and wake us onto the back
		 * of this CPU's queue, behind a long reader.
		 */
		rcu_all_qs();
		wait_event(rcu_state.gp_wq, rcu_gp_done());
		rcu_gp_cleanup();
		rcu_do_batch();
	}
	return 0;
}

/* ---- waiting ---- */

struct rcu_synchronize {
	struct rcu_head head;
	struct completion completion;
};

static void wakeme_after_rcu(struct rcu_head *head)
{
	complete(&container_of(head, struct rcu_synchronize, head)->completion);
}

static void rcu_might_sleep(const char *what)
{
	if (unlikely(!preemptible() || rcu_read_lock_depth()))
		panic("BUG: %s called from atomic context or a reader: %s/%d",
		      what, current->comm, current->pid);
}

/* Linux: synchronize_rcu with wait_rcu_gp: a callback that wakes us. */
void synchronize_rcu(void)
{
	struct rcu_synchronize rs;

	rcu_might_sleep("synchronize_rcu");
	if (rcu_broken == RCU_BROKEN_NO_WAIT)
		return;
	/*
	 * Before rcu_gp exists only the boot code runs (the other CPUs sit
	 * in their idle loops), so no reader can be running: as in Linux
	 * before rcu_scheduler_active, a grace period is over at once.
	 */
	if (!READ_ONCE(rcu_state.gp_kthread))
		return;
	init_completion(&rs.completion);
	call_rcu(&rs.head, wakeme_after_rcu);
	wait_for_completion(&rs.completion);
}

/*
 * rcu_barrier: one callback at the end of each CPU's list that holds
 * any (len counts those being invoked too); callbacks run in order per
 * CPU, so when all of ours have run, every callback queued before has.
 */
struct rcu_barrier_cb {
	struct rcu_head head;
	struct rcu_barrier_req *req;
};

struct rcu_barrier_req {
	int pending;			/* under rcu_state.lock */
	struct completion done;
	struct rcu_barrier_cb cbs[NR_CPUS];
};

static void rcu_barrier_callback(struct rcu_head *head)
{
	struct rcu_barrier_req *req =
		container_of(head, struct rcu_barrier_cb, head)->req;
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&rcu_state.lock, flags);
	last = --req->pending == 0;
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	if (last)
		complete(&req->done);
}

/* Each caller has its own callbacks (on its stack: a few hundred bytes),
 * so callers need no lock between them. */
void rcu_barrier(void)
{
	struct rcu_barrier_req barrier = { .pending = 0 };
	struct rcu_barrier_req *req = &barrier;
	unsigned long flags;
	bool wake;
	int queued;

	rcu_might_sleep("rcu_barrier");
	init_completion(&req->done);
	spin_lock_irqsave(&rcu_state.lock, flags);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rcu_barrier_cb *cb = &req->cbs[cpu];

		if (!rcu_data[cpu].len)
			continue;
		cb->req = req;
		cb->head.func = rcu_barrier_callback;
		rcu_cblist_enqueue(&rcu_data[cpu], &cb->head);
		req->pending++;
	}
	queued = req->pending;
	wake = queued && rcu_gp_request();
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	if (wake || READ_ONCE(rcu_state.gp_wake_deferred))
		rcu_gp_kthread_wake(true);	/* rcu_might_sleep: we may */
	if (queued)
		wait_for_completion(&req->done);
}

/* ---- debugging ---- */

/* Every bad rcu_dereference counts; only the first is printed. */
static unsigned long nr_dereference_warnings;

unsigned long rcu_dereference_warnings(void)
{
	return __atomic_load_n(&nr_dereference_warnings, __ATOMIC_RELAXED);
}

void rcu_dereference_warn(const char *file, int line)
{
	if (__atomic_fetch_add(&nr_dereference_warnings, 1, __ATOMIC_RELAXED))
		return;
	pr_warn("WARNING: %s:%d: rcu_dereference outside a read-side critical section\n",
		file, line);
	dump_stack();
}

/* ---- boot ---- */

void rcu_init(void)
{
	spin_lock_init(&rcu_state.lock, "rcu_state.lock");
	init_waitqueue_head(&rcu_state.gp_wq);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		rcu_cblist_init(&rcu_data[cpu]);
	if (rcu_broken == RCU_BROKEN_NO_WAIT)
		pr_warn("rcu: rcu_broken=1: grace periods do not wait for readers!\n");
	else if (rcu_broken == RCU_BROKEN_TICK)
		pr_warn("rcu: rcu_broken=2: the tick ends readers' grace periods!\n");
}

void rcu_spawn_gp_kthread(void)
{
	struct task_struct *t = kthread_run(rcu_gp_kthread, NULL, "rcu_gp");

	BUG_ON(IS_ERR(t));
	WRITE_ONCE(rcu_state.gp_kthread, t);
}

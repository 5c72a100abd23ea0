// kernel/rcu/rcutorture.c — the RCU torture test (a case of ktest "rcu").
//
// Linux: kernel/rcu/rcutorture.c, much reduced. Readers, as many as
// there are CPUs, keep following one RCU-protected pointer and check
// that the object they reach stays alive for the whole read-side
// critical section. Two writers keep replacing it: one frees the old
// object through call_rcu, the other through synchronize_rcu and a
// direct free. Objects come from a fixed pool and go back to it, so a
// reader that reaches a freed object reads poison (never a page fault)
// and a recycled one has a new generation number: either is an error,
// as is a reader that saw two grace periods end. Some reads last
// several ticks, so that a tick wrongly ending a grace period inside a
// reader is caught too. With correct grace periods there is no error;
// with rcu_broken=1 or 2 there must be some (tools/check.py boots those
// runs and wants this case to fail).

#include <nook/ktest.h>
#include <nook/kthread.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/spinlock.h>
#include <nook/time.h>
#include <nook/timer.h>

#define RCU_TORTURE_POOL	64
#define RCU_TORTURE_MS		2000	/* how long it runs */
#define RCU_TORTURE_HOLD_US	20	/* a reader's stay on one object */
/*
 * One read in RCU_TORTURE_LONG_EVERY stays RCU_TORTURE_LONG_MS, several
 * ticks: a quiescent state wrongly reported from a tick that interrupted
 * it (rcu_broken=2) lets its object be freed under it.
 */
#define RCU_TORTURE_LONG_EVERY	256
#define RCU_TORTURE_LONG_MS	30
#define RCU_TORTURE_BURST	16	/* reads between cond_resched() */
#define RCU_TORTURE_ALIVE	0x41a11e5eU
#define RCU_TORTURE_POISON	0xdeadbeefU

struct rcu_torture {
	struct rcu_head rtort_rcu;
	u32 rtort_magic;		/* ALIVE while published or in use */
	unsigned long rtort_gen;	/* new at each allocation */
	int rtort_index;		/* in the pool's free stack */
};

static struct {
	spinlock_t lock;		/* guards free[] and nr_free */
	struct rcu_torture objs[RCU_TORTURE_POOL];
	int free[RCU_TORTURE_POOL];
	int nr_free;
	unsigned long next_gen;		/* under lock */
} pool;

/* Replaced by the writers under writer_lock; read under RCU. */
static struct rcu_torture __rcu *rcu_torture_current;
static DEFINE_SPINLOCK(writer_lock);

/* Counters: each updated by atomic adds from many threads. */
static unsigned long n_reads, n_long_reads, n_errors, n_call_rcu_frees;
static unsigned long n_sync_frees, n_pipe_errors;
/* Objects waiting in call_rcu: kept to half the pool, or that writer
 * would take every object and starve the synchronize_rcu one. */
static unsigned long n_call_rcu_pending;

static void count(unsigned long *c)
{
	__atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
}

static unsigned long counted(unsigned long *c)
{
	return __atomic_load_n(c, __ATOMIC_RELAXED);
}

static void rcu_torture_pool_init(void)
{
	spin_lock_init(&pool.lock, "rcu_torture pool");
	pool.nr_free = 0;
	for (int i = 0; i < RCU_TORTURE_POOL; i++) {
		pool.objs[i].rtort_index = i;
		pool.objs[i].rtort_magic = RCU_TORTURE_POISON;
		pool.free[pool.nr_free++] = i;
	}
}

static struct rcu_torture *rcu_torture_alloc(void)
{
	struct rcu_torture *p = NULL;
	unsigned long flags;

	spin_lock_irqsave(&pool.lock, flags);
	if (pool.nr_free) {
		p = &pool.objs[pool.free[--pool.nr_free]];
		WRITE_ONCE(p->rtort_gen, ++pool.next_gen);
		WRITE_ONCE(p->rtort_magic, RCU_TORTURE_ALIVE);
	}
	spin_unlock_irqrestore(&pool.lock, flags);
	return p;
}

/*
 * Poison first: a reader still on p must see it dead. Freeing it twice
 * (a callback invoked twice) is counted, never pushed: a second push
 * would hand the object out twice, or write past free[].
 */
static void rcu_torture_free(struct rcu_torture *p)
{
	unsigned long flags;

	spin_lock_irqsave(&pool.lock, flags);
	if (p->rtort_magic == RCU_TORTURE_POISON ||
	    pool.nr_free >= RCU_TORTURE_POOL) {
		spin_unlock_irqrestore(&pool.lock, flags);
		count(&n_errors);
		return;
	}
	WRITE_ONCE(p->rtort_magic, RCU_TORTURE_POISON);
	pool.free[pool.nr_free++] = p->rtort_index;
	spin_unlock_irqrestore(&pool.lock, flags);
}

static void rcu_torture_cb(struct rcu_head *rh)
{
	rcu_torture_free(container_of(rh, struct rcu_torture, rtort_rcu));
	count(&n_call_rcu_frees);
	__atomic_sub_fetch(&n_call_rcu_pending, 1, __ATOMIC_RELAXED);
}

static bool rcu_torture_intact(struct rcu_torture *p, unsigned long gen)
{
	return READ_ONCE(p->rtort_magic) == RCU_TORTURE_ALIVE &&
	       READ_ONCE(p->rtort_gen) == gen;
}

/*
 * One read-side critical section; stays on the object a while, or, for
 * a long read, spinning (a reader must not sleep) through several ticks.
 *
 * Besides the object, it checks what Linux's rcutorture calls the
 * pipeline: at most one grace period may end while a reader runs (the
 * one in progress when it began, if this CPU had reported already). A
 * second one ended without waiting for it. That needs no writer to be
 * caught freeing at the right moment, only rcu_gp to run meanwhile.
 */
static void rcu_torture_one_read(bool long_read)
{
	struct rcu_torture *p;
	unsigned long gen, gps;

	rcu_read_lock();
	gps = rcu_gp_completed();
	p = rcu_dereference(rcu_torture_current);
	if (p) {
		gen = READ_ONCE(p->rtort_gen);
		if (READ_ONCE(p->rtort_magic) != RCU_TORTURE_ALIVE)
			count(&n_errors);
		if (long_read)
			mdelay(RCU_TORTURE_LONG_MS);
		else
			udelay(RCU_TORTURE_HOLD_US);
		if (!rcu_torture_intact(p, gen))
			count(&n_errors);
		if (rcu_gp_completed() - gps > 1)
			count(&n_pipe_errors);
		count(long_read ? &n_long_reads : &n_reads);
	}
	rcu_read_unlock();
}

static int rcu_torture_reader(void *unused)
{
	unsigned long nr = 0;

	while (!kthread_should_stop()) {
		for (int i = 0; i < RCU_TORTURE_BURST; i++, nr++)
			rcu_torture_one_read(nr % RCU_TORTURE_LONG_EVERY ==
					     RCU_TORTURE_LONG_EVERY - 1);
		/*
		 * Not cond_resched(): a reader would keep its CPU for a whole
		 * time slice, and the writers and rcu_gp, waiting behind it,
		 * would seldom replace and free an object while another
		 * CPU's long read holds it, which is what catches a bad QS.
		 */
		yield();
	}
	return 0;
}

/* Publish a fresh object; returns the one it replaced (or NULL). */
static struct rcu_torture *rcu_torture_replace(void)
{
	struct rcu_torture *new, *old;

	while (!(new = rcu_torture_alloc())) {
		if (kthread_should_stop())
			return NULL;
		msleep(1);	/* the pool waits for grace periods */
	}
	spin_lock(&writer_lock);
	/*
	 * A weak check: spin_is_locked says someone holds writer_lock, not
	 * that we do (Nook has no lockdep_is_held); it still catches a
	 * writer that forgot to take it while no other writer held it.
	 */
	old = rcu_dereference_protected(rcu_torture_current,
					spin_is_locked(&writer_lock));
	rcu_assign_pointer(rcu_torture_current, new);
	spin_unlock(&writer_lock);
	return old;
}

static int rcu_torture_writer(void *arg)
{
	bool use_call_rcu = arg;

	while (!kthread_should_stop()) {
		struct rcu_torture *old = rcu_torture_replace();

		if (!old)
			continue;
		if (use_call_rcu) {
			count(&n_call_rcu_pending);
			call_rcu(&old->rtort_rcu, rcu_torture_cb);
			while (counted(&n_call_rcu_pending) >=
			       RCU_TORTURE_POOL / 2 && !kthread_should_stop())
				msleep(1);
		} else {
			synchronize_rcu();
			rcu_torture_free(old);
			count(&n_sync_frees);
		}
		cond_resched();
	}
	return 0;
}

static struct task_struct *rcu_torture_start(int (*fn)(void *), void *arg,
					     const char *name)
{
	struct task_struct *k = kthread_create(fn, arg, name);

	if (IS_ERR(k))
		return NULL;
	get_task_struct(k);	/* kthread_stop reads it after it exits */
	wake_up_process(k);
	return k;
}

static void rcu_torture_stop(struct task_struct *k)
{
	if (!k)
		return;
	kthread_stop(k);
	put_task_struct(k);
}

/*
 * The torture test's own check: a second free of an object (a callback
 * invoked twice) is an error, and the pool is left as it was.
 */
void rcu_torture_double_free_test(struct ktest *t)
{
	struct rcu_torture *p;

	rcu_torture_pool_init();
	n_errors = 0;
	p = rcu_torture_alloc();
	KASSERT_NOT_NULL(t, p);
	rcu_torture_free(p);
	KEXPECT_EQ(t, counted(&n_errors), 0);
	rcu_torture_free(p);
	KEXPECT_EQ(t, counted(&n_errors), 1);
	KEXPECT_EQ(t, pool.nr_free, RCU_TORTURE_POOL);
	n_errors = 0;
}

void rcu_torture_test(struct ktest *t)
{
	int nr_readers = num_online_cpus();
	struct task_struct *readers[NR_CPUS], *writers[2];
	unsigned long gps = rcu_gp_completed();
	struct rcu_torture *last;

	rcu_torture_pool_init();
	n_reads = n_long_reads = n_errors = n_pipe_errors = 0;
	n_call_rcu_frees = n_sync_frees = 0;
	n_call_rcu_pending = 0;
	RCU_INIT_POINTER(rcu_torture_current, rcu_torture_alloc());
	for (int i = 0; i < nr_readers; i++)
		readers[i] = rcu_torture_start(rcu_torture_reader, NULL,
					       "rcu_torture_rd");
	writers[0] = rcu_torture_start(rcu_torture_writer, (void *)1,
				       "rcu_torture_wr");
	writers[1] = rcu_torture_start(rcu_torture_writer, NULL,
				       "rcu_torture_ws");
	msleep(RCU_TORTURE_MS);
	for (int i = 0; i < 2; i++)
		rcu_torture_stop(writers[i]);
	for (int i = 0; i < nr_readers; i++)
		rcu_torture_stop(readers[i]);
	rcu_barrier();		/* every call_rcu free has run */

	printk("    # rcu_torture: %lu reads, %lu long, %lu errors, "
	       "%lu too-short grace periods, %lu call_rcu frees, "
	       "%lu synchronize_rcu frees, %lu grace periods, %d readers%s\n",
	       counted(&n_reads), counted(&n_long_reads), counted(&n_errors),
	       counted(&n_pipe_errors),
	       counted(&n_call_rcu_frees), counted(&n_sync_frees),
	       rcu_gp_completed() - gps, nr_readers,
	       rcu_broken ? " (RCU broken on purpose)" : "");
	for (int i = 0; i < nr_readers; i++)
		KEXPECT_NOT_NULL(t, readers[i]);
	KEXPECT_NOT_NULL(t, writers[0]);
	KEXPECT_NOT_NULL(t, writers[1]);
	KEXPECT_EQ(t, counted(&n_errors), 0);
	KEXPECT_EQ(t, counted(&n_pipe_errors), 0);
	KEXPECT_GT(t, counted(&n_reads), 0);
	KEXPECT_GT(t, counted(&n_long_reads), 0);
	KEXPECT_GT(t, counted(&n_call_rcu_frees), 0);
	KEXPECT_GT(t, counted(&n_sync_frees), 0);
	/* Nothing freed twice or lost: the pool is whole but the last. */
	last = rcu_dereference_protected(rcu_torture_current, true);
	KEXPECT_EQ(t, pool.nr_free, RCU_TORTURE_POOL - 1);
	RCU_INIT_POINTER(rcu_torture_current, NULL);
	if (last)
		rcu_torture_free(last);
}

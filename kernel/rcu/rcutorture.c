// kernel/rcu/rcutorture.c — the RCU torture test (a case of ktest "rcu").
//
// Linux: kernel/rcu/rcutorture.c, much reduced. Readers, as many as
// there are CPUs, keep following one RCU-protected pointer and check
// that the object they reach stays alive for the whole read-side
// critical section. Two writers keep replacing it: one frees the old
// object through call_rcu, the other through synchronize_rcu and a
// direct free. Objects come from a fixed pool and go back to it, so a
// reader that reaches a freed object reads poison (never a page fault)
// and a recycled one has a new generation number: either is an error.
// With correct grace periods there is none; with rcu_broken=1 there
// must be some (tools/check.py boots that run and wants it to fail).

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
static unsigned long n_reads, n_errors, n_call_rcu_frees, n_sync_frees;
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

/* Poison first: a reader still on p must see it dead. */
static void rcu_torture_free(struct rcu_torture *p)
{
	unsigned long flags;

	spin_lock_irqsave(&pool.lock, flags);
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

/* One read-side critical section; stays on the object a while. */
static void rcu_torture_one_read(void)
{
	struct rcu_torture *p;
	unsigned long gen;

	rcu_read_lock();
	p = rcu_dereference(rcu_torture_current);
	if (p) {
		gen = READ_ONCE(p->rtort_gen);
		if (READ_ONCE(p->rtort_magic) != RCU_TORTURE_ALIVE)
			count(&n_errors);
		udelay(RCU_TORTURE_HOLD_US);
		if (!rcu_torture_intact(p, gen))
			count(&n_errors);
		count(&n_reads);
	}
	rcu_read_unlock();
}

static int rcu_torture_reader(void *unused)
{
	while (!kthread_should_stop()) {
		for (int i = 0; i < RCU_TORTURE_BURST; i++)
			rcu_torture_one_read();
		cond_resched();
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

void rcu_torture_test(struct ktest *t)
{
	int nr_readers = num_online_cpus();
	struct task_struct *readers[NR_CPUS], *writers[2];
	unsigned long gps = rcu_gp_completed();
	struct rcu_torture *last;

	rcu_torture_pool_init();
	n_reads = n_errors = n_call_rcu_frees = n_sync_frees = 0;
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

	printk("    # rcu_torture: %lu reads, %lu errors, %lu call_rcu frees, "
	       "%lu synchronize_rcu frees, %lu grace periods, %d readers%s\n",
	       counted(&n_reads), counted(&n_errors),
	       counted(&n_call_rcu_frees), counted(&n_sync_frees),
	       rcu_gp_completed() - gps, nr_readers,
	       rcu_broken ? " (rcu_broken=1)" : "");
	for (int i = 0; i < nr_readers; i++)
		KEXPECT_NOT_NULL(t, readers[i]);
	KEXPECT_NOT_NULL(t, writers[0]);
	KEXPECT_NOT_NULL(t, writers[1]);
	KEXPECT_EQ(t, counted(&n_errors), 0);
	KEXPECT_GT(t, counted(&n_reads), 0);
	KEXPECT_GT(t, counted(&n_call_rcu_frees), 0);
	KEXPECT_GT(t, counted(&n_sync_frees), 0);
	/* Nothing freed twice or lost: the pool is whole but the last. */
	last = rcu_dereference_protected(rcu_torture_current, true);
	KEXPECT_EQ(t, pool.nr_free, RCU_TORTURE_POOL - 1);
	RCU_INIT_POINTER(rcu_torture_current, NULL);
	if (last)
		rcu_torture_free(last);
}

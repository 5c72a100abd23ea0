// arch/x86_64/kernel/test_smp.c — ktest suite "smp": the secondary CPUs
// smp_init() started, their ticks, and work done on them.
//
// Linux has no one counterpart; kernel/smp.c's users and
// lib/locking-selftest.c come closest. With one CPU the cases that need
// another one report SKIP instead of passing without having checked.

#include <nook/completion.h>
#include <nook/errno.h>
#include <nook/kthread.h>
#include <nook/ktest.h>
#include <nook/smp.h>
#include <nook/spinlock.h>
#include <nook/time.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>

#define MIN_TICKS		5	/* each CPU's, seen by the boot CPU */
#define TICKS_TIMEOUT_MS	10000	/* a starved vCPU ticks late, not never */
#define LOCK_ROUNDS		1000	/* per CPU */
#define RACE_WINDOW_SPINS	100	/* between the load and the store */
#define ALL_DONE_TIMEOUT_MS	10000	/* TCG runs the CPUs in turn */
#define NO_CPU			(-1)

static bool skip_if_uniprocessor(struct ktest *t)
{
	if (num_online_cpus() > 1)
		return false;
	ktest_skip(t, "only one CPU online");
	return true;
}

/* Every CPU the MADT listed came online. */
static void test_all_present_cpus_online(struct ktest *t)
{
	KEXPECT_GE(t, num_present_cpus(), 1);
	KEXPECT_EQ(t, num_online_cpus(), num_present_cpus());
	for (int i = 0; i < NR_CPUS; i++)
		KEXPECT_EQ(t, cpus[i].online, cpus[i].present);
}

static void test_apic_ids_distinct(struct ktest *t)
{
	for (int i = 0; i < NR_CPUS; i++) {
		if (!cpu_online(i))
			continue;
		KEXPECT_EQ(t, cpus[i].id, i);
		for (int j = i + 1; j < NR_CPUS; j++)
			if (cpu_online(j))
				KEXPECT_NE(t, cpus[i].apic_id, cpus[j].apic_id);
	}
}

/* Online CPUs that have not ticked MIN_TICKS times since before[]. */
static int cpus_short_of_ticks(const unsigned long *before)
{
	int short_of = 0;

	for (int i = 0; i < NR_CPUS; i++)
		if (cpu_online(i) &&
		    READ_ONCE(cpus[i].ticks) - before[i] < MIN_TICKS)
			short_of++;
	return short_of;
}

/*
 * Each CPU's own timer interrupts it, not only the boot CPU's. Polled,
 * not counted over a fixed 100 ms: the host may not run a vCPU's
 * thread for that long (several QEMUs on two cores).
 */
static void test_each_cpu_ticks(struct ktest *t)
{
	unsigned long before[NR_CPUS];
	int waited_ms = 0;

	if (skip_if_uniprocessor(t))
		return;
	for (int i = 0; i < NR_CPUS; i++)
		before[i] = READ_ONCE(cpus[i].ticks);
	while (cpus_short_of_ticks(before) && waited_ms < TICKS_TIMEOUT_MS) {
		mdelay(1);
		waited_ms++;
	}
	KEXPECT_EQ(t, cpus_short_of_ticks(before), 0);
}

static void record_cpu(void *info)
{
	*(int *)info = smp_processor_id();
}

/* The function runs on the CPU asked for, and wait means it has run. */
static void test_call_function_single_runs_there(struct ktest *t)
{
	if (skip_if_uniprocessor(t))
		return;
	for (int i = 0; i < NR_CPUS; i++) {
		int ran_on = NO_CPU;

		if (!cpu_online(i))
			continue;
		KEXPECT_EQ(t, smp_call_function_single(i, record_cpu, &ran_on,
						       true), 0);
		KEXPECT_EQ(t, ran_on, i);
	}
}

static void test_call_function_single_offline_cpu(struct ktest *t)
{
	int ran_on = NO_CPU;

	KEXPECT_EQ(t, smp_call_function_single(NR_CPUS, record_cpu, &ran_on,
					       true), -ENXIO);
	KEXPECT_EQ(t, ran_on, NO_CPU);
}

struct woken {
	struct completion ran;
	int cpu;
};

static int note_cpu(void *data)
{
	struct woken *w = data;

	w->cpu = smp_processor_id();
	complete(&w->ran);
	return 0;
}

/*
 * A task woken onto an idle CPU comes with a reschedule IPI: that CPU
 * is halted, and would otherwise notice only at its next tick.
 */
static void test_wakeup_interrupts_idle_cpu(struct ktest *t)
{
	unsigned long before[NR_CPUS];
	struct task_struct *k;
	struct woken w = { .cpu = NO_CPU };

	if (skip_if_uniprocessor(t))
		return;
	init_completion(&w.ran);
	for (int i = 0; i < NR_CPUS; i++)
		before[i] = READ_ONCE(cpus[i].resched_ipis);
	k = kthread_run(note_cpu, &w, "ktest-woken");
	KASSERT_FALSE(t, IS_ERR(k));
	wait_for_completion(&w.ran);
	KASSERT_NE(t, w.cpu, NO_CPU);
	if (w.cpu == smp_processor_id()) {
		ktest_skip(t, "the thread was placed on this CPU");
		return;
	}
	KEXPECT_GT(t, READ_ONCE(cpus[w.cpu].resched_ipis), before[w.cpu]);
}

struct lock_torture {
	int cpus;		/* how many take part */
	int arrived;		/* atomic: how many have reached the start */
	spinlock_t lock;
	unsigned long counter;	/* under lock */
	int finished;		/* under lock: CPUs done with their rounds */
};

/*
 * counter++ is a load and a store: without the lock, two CPUs doing it
 * at once lose increments, and the total comes up short. The spins
 * between them widen that window, so a broken lock shows in few rounds
 * (few rounds matter: under TCG each hand-over of the lock between
 * virtual CPUs can cost a host time slice).
 */
static void increment_under_lock(void *info)
{
	struct lock_torture *lt = info;

	/*
	 * Start together: IPIs arrive one after the other, and a CPU could
	 * otherwise finish its rounds before the next one has begun.
	 */
	__atomic_fetch_add(&lt->arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&lt->arrived, __ATOMIC_SEQ_CST) < lt->cpus)
		cpu_relax();
	for (int i = 0; i < LOCK_ROUNDS; i++) {
		unsigned long v;

		spin_lock(&lt->lock);
		v = READ_ONCE(lt->counter);
		for (int k = 0; k < RACE_WINDOW_SPINS; k++)
			cpu_relax();
		WRITE_ONCE(lt->counter, v + 1);
		spin_unlock(&lt->lock);
	}
	spin_lock(&lt->lock);
	lt->finished++;
	spin_unlock(&lt->lock);
}

/* All CPUs hammer one counter under one spinlock at once. */
static void test_spinlock_across_cpus(struct ktest *t)
{
	int n = num_online_cpus(), me = smp_processor_id();
	struct lock_torture lt = {
		.cpus = n,
		.lock = __SPIN_LOCK_UNLOCKED(lt.lock),
	};
	unsigned long waited_ms = 0;

	if (skip_if_uniprocessor(t))
		return;
	for (int i = 0; i < NR_CPUS; i++)
		if (i != me && cpu_online(i))
			KEXPECT_EQ(t, smp_call_function_single(
				   i, increment_under_lock, &lt, false), 0);
	increment_under_lock(&lt);
	/* lt lives on this stack: do not return before the others are done. */
	while (READ_ONCE(lt.finished) < n && waited_ms < ALL_DONE_TIMEOUT_MS) {
		mdelay(1);
		waited_ms++;
	}
	KASSERT_EQ(t, READ_ONCE(lt.finished), n);
	KEXPECT_EQ(t, lt.counter, (unsigned long)n * LOCK_ROUNDS);
}

static struct ktest_case smp_cases[] = {
	KTEST_CASE(test_all_present_cpus_online),
	KTEST_CASE(test_apic_ids_distinct),
	KTEST_CASE(test_each_cpu_ticks),
	KTEST_CASE(test_call_function_single_runs_there),
	KTEST_CASE(test_call_function_single_offline_cpu),
	KTEST_CASE(test_wakeup_interrupts_idle_cpu),
	KTEST_CASE(test_spinlock_across_cpus),
	{}
};

static struct ktest_suite smp_suite = {
	.name = "smp",
	.cases = smp_cases,
};
KTEST_SUITE(smp_suite);

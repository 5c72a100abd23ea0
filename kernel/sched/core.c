// kernel/sched/core.c — the scheduler: run queues, schedule(), wake-ups,
// preemption and the tick's round-robin.
//
// Linux: kernel/sched/core.c (__schedule, context_switch,
// finish_task_switch, try_to_wake_up, scheduler_tick) with the policy of
// kernel/sched/rt.c's SCHED_RR reduced to one FIFO queue per CPU. A task
// stays on the CPU whose queue it was put on; only a wake-up (which picks
// the least-loaded online CPU) can move it, and only while it sleeps.
//
// Lock order (outermost first):
//	tasklist_lock -> wq_head->lock -> p->pi_lock -> rq->lock
// A CPU never holds two run queue locks. rq->lock is held across the
// context switch itself: the task switching out takes it in __schedule()
// and the task switching in drops it (finish_task_switch), so the count
// in preempt_count is the same, 1, at every switch.

#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <nook/timekeeping.h>
#include <asm/barrier.h>
#include <asm/desc.h>
#include <asm/mmu_context.h>
#include <asm/smp.h>
#include <asm/switch_to.h>
#include <asm/syscall.h>
#include "sched.h"

/* Entry i is CPU i's; set up once in sched_init, then under its lock. */
static struct rq runqueues[NR_CPUS];

struct rq *cpu_rq(int cpu)
{
	return &runqueues[cpu];
}

struct rq *this_rq(void)
{
	return &runqueues[smp_processor_id()];
}

/* ---- queueing ---- */

static void activate_task(struct rq *rq, struct task_struct *p)
{
	if (!p->time_slice)
		p->time_slice = RR_TIMESLICE;
	list_add_tail(&p->run_list, &rq->queue);
	p->on_rq = 1;
	rq->nr_running++;
	/*
	 * An idle CPU should come and take it (Linux: resched_curr). One
	 * halted in the idle loop wakes only for an interrupt: without the
	 * IPI it would see the flag at its next tick, up to 1/HZ later.
	 */
	if (rq->curr == rq->idle) {
		set_tsk_need_resched(rq->curr);
		if (rq->cpu != smp_processor_id())
			smp_send_reschedule(rq->cpu);
	}
}

static void deactivate_task(struct rq *rq, struct task_struct *p)
{
	p->on_rq = 0;
	rq->nr_running--;
}

/* The least-loaded online CPU; ties go to the task's previous CPU. */
static int select_task_rq(struct task_struct *p)
{
	int best = -1;
	unsigned int best_load = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rq *rq = cpu_rq(cpu);
		unsigned int load;

		if (!READ_ONCE(rq->online))
			continue;
		/* Unlocked: a hint, as load balancing is in Linux too. */
		load = READ_ONCE(rq->nr_running);
		if (best < 0 || load < best_load ||
		    (load == best_load && cpu == p->cpu)) {
			best = cpu;
			best_load = load;
		}
	}
	BUG_ON(best < 0);	/* sched_init put the boot CPU online */
	return best;
}

unsigned int nr_running_cpu(int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_running);
}

unsigned long nr_context_switches_cpu(int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_switches);
}

/* ---- waking up ---- */

/* p sleeps and is off every queue: place it on a CPU and queue it. */
static void ttwu_activate(struct task_struct *p)
{
	struct rq *rq;

	/*
	 * p may still be switching away on its CPU, running on its own
	 * stack: it must not be queued (and run) elsewhere until that CPU
	 * has let go of it (finish_task_switch clears on_cpu).
	 */
	while (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
	p->cpu = select_task_rq(p);
	rq = cpu_rq(p->cpu);
	spin_lock(&rq->lock);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	activate_task(rq, p);
	spin_unlock(&rq->lock);
}

int try_to_wake_up(struct task_struct *p, unsigned int state)
{
	unsigned long flags;
	struct rq *rq;
	int success = 0;

	spin_lock_irqsave(&p->pi_lock, flags);
	/* Pairs with set_current_state(): we see the state or it sees our
	 * condition, never neither. */
	smp_mb();
	if (!(READ_ONCE(p->__state) & state))
		goto out;
	success = 1;

	/*
	 * Still on its run queue: it marked itself asleep but has not
	 * reached __schedule() yet (or was preempted first). Setting it
	 * running is enough; __schedule() will then keep it. p->cpu is
	 * stable: only a wake-up moves it, and we hold p->pi_lock.
	 */
	rq = cpu_rq(p->cpu);
	spin_lock(&rq->lock);
	if (p->on_rq) {
		WRITE_ONCE(p->__state, TASK_RUNNING);
		spin_unlock(&rq->lock);
		goto out;
	}
	spin_unlock(&rq->lock);
	ttwu_activate(p);
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return success;
}

int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL);
}

void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->pi_lock, flags);
	BUG_ON(task_state(p) != TASK_NEW);
	ttwu_activate(p);
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* ---- switching ---- */

/*
 * Runs in next, right after the switch, with rq->lock held and
 * interrupts off. Returns the run queue of the CPU we are on now.
 */
static struct rq *finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	/*
	 * Read before on_cpu is cleared: after that a waker may run prev
	 * elsewhere, and it may even die there, which must not make us
	 * drop its reference a second time.
	 */
	unsigned int prev_state = READ_ONCE(prev->__state);

	struct mm_struct *mm = rq->prev_mm;

	rq->prev_mm = NULL;
	__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	spin_unlock(&rq->lock);
	if (mm)
		mmdrop(mm);
	/* A dead task's stack is free to go once we are off it: now. */
	if (prev_state == TASK_DEAD)
		put_task_struct(prev);
	return rq;
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	struct rq *rq = this_rq();

	/*
	 * A kernel thread has no address space of its own (mm == NULL): it
	 * borrows the one already loaded, so switching to it costs no CR3
	 * write and no TLB flush ("lazy TLB"). The borrow holds an mmgrab,
	 * dropped in finish_task_switch() once the thread is off the CPU.
	 */
	if (!next->mm) {
		next->active_mm = prev->active_mm;
		mmgrab(prev->active_mm);
	} else {
		switch_mm(prev->active_mm, next->mm, next);
	}
	if (!prev->mm) {
		rq->prev_mm = prev->active_mm;
		prev->active_mm = NULL;
	}
	switch_to(prev, next, prev);
	barrier();
	finish_task_switch(prev);
}

static void schedule_debug(struct task_struct *prev)
{
	if (unlikely(task_stack_end_corrupted(prev)))
		panic("corrupted stack end detected inside scheduler (%s/%d)",
		      prev->comm, prev->pid);
	if (unlikely(preempt_count()))
		panic("BUG: scheduling while atomic: %s/%d/%#x",
		      prev->comm, prev->pid, preempt_count());
}

void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *next;

	if (list_empty(&rq->queue))
		return rq->idle;
	next = list_first_entry(&rq->queue, struct task_struct, run_list);
	list_del_init(&next->run_list);
	return next;
}

/*
 * CPU-time accounting (Linux: update_curr in kernel/sched/fair.c and
 * rt.c): prev is charged for the time since it got the CPU, and next's
 * clock starts. Under rq->lock, interrupts off.
 */
static void update_curr(struct task_struct *prev, struct task_struct *next)
{
	u64 now = sched_clock();

	prev->sum_exec_runtime += now - prev->exec_start;
	next->exec_start = now;
}

/*
 * How much CPU time current has used, the running stretch included
 * (Linux: task_sched_runtime). Interrupts off: a switch in the middle
 * would charge the same stretch twice.
 */
u64 task_sched_runtime(void)
{
	unsigned long flags = local_irq_save();
	struct task_struct *p = current;
	u64 ns = p->sum_exec_runtime + (sched_clock() - p->exec_start);

	local_irq_restore(flags);
	return ns;
}

/*
 * The heart of it. preempt: the task did not ask to go (an interrupt
 * took the CPU); it stays runnable whatever its state says, since it may
 * have been caught between set_current_state() and its own schedule().
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;
	struct rq *rq;

	/*
	 * First: it checks for a reader about to sleep, then reports a QS
	 * (without waking rcu_gp if preempt_count says a lock may be held).
	 */
	rcu_note_context_switch(preempt);
	schedule_debug(prev);
	if (unlikely(preempt && task_state(prev) == TASK_DEAD))
		panic("BUG: %s/%d preempted after it died", prev->comm,
		      prev->pid);
	flags = local_irq_save();
	rq = this_rq();
	spin_lock(&rq->lock);
	clear_tsk_need_resched(prev);

	/*
	 * A signal that came after the sleeper last tested for one found
	 * it still running, so nobody will wake it: it does not sleep.
	 */
	if (!preempt && signal_pending_state(task_state(prev), prev))
		WRITE_ONCE(prev->__state, TASK_RUNNING);
	if (!preempt && task_state(prev) != TASK_RUNNING)
		deactivate_task(rq, prev);	/* asleep, or dead */
	else if (prev != rq->idle)
		list_add_tail(&prev->run_list, &rq->queue); /* round-robin */

	next = pick_next_task(rq);
	if (next == prev) {
		spin_unlock(&rq->lock);
	} else {
		update_curr(prev, next);
		rq->curr = next;
		rq->nr_switches++;
		next->on_cpu = 1;
		context_switch(prev, next);	/* drops rq->lock */
	}
	local_irq_restore(flags);
}

void schedule(void)
{
	do {
		__schedule(false);
	} while (need_resched());
}

void yield(void)
{
	schedule();	/* a running task goes to the back of the queue */
}

void cond_resched(void)
{
	/*
	 * Interrupts off counts as a reader too (rcu_read_lock_held), so
	 * neither a quiescent state nor a switch here.
	 */
	if (!preemptible())
		return;
	/* Asked to stop here, so no reader is running: tell RCU. */
	rcu_all_qs();
	if (need_resched())
		schedule();
}

/* Only from the interrupt return path: interrupts off, count zero. */
void preempt_schedule_irq(void)
{
	BUG_ON(preempt_count() || !irqs_disabled());
	do {
		__schedule(true);
	} while (need_resched());
}

/* preempt_enable() brought the count to zero. */
void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled() || !current ||
	    !READ_ONCE(this_rq()->online))
		return;
	while (need_resched())
		__schedule(true);
}

/* ---- the tick ---- */

/* From the timer interrupt on every CPU; interrupts are off. */
void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	struct task_struct *curr;

	if (!READ_ONCE(rq->online))	/* a CPU not yet in cpu_startup_entry */
		return;
	spin_lock(&rq->lock);
	curr = rq->curr;
	if (curr == rq->idle) {
		if (!list_empty(&rq->queue))
			set_tsk_need_resched(curr);
	} else if (curr->time_slice && --curr->time_slice == 0) {
		curr->time_slice = RR_TIMESLICE;
		if (!list_empty(&rq->queue))
			set_tsk_need_resched(curr);
	}
	spin_unlock(&rq->lock);
}

/* ---- setting up ---- */

void init_idle(struct task_struct *idle, int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	idle->__state = TASK_RUNNING;
	idle->flags |= PF_IDLE | PF_KTHREAD;
	idle->cpu = cpu;
	idle->on_cpu = 1;
	rq->idle = idle;
	rq->curr = idle;
	WRITE_ONCE(cpus[cpu].current_task, idle);
	spin_unlock_irqrestore(&rq->lock, flags);
}

void sched_set_online(int cpu)
{
	WRITE_ONCE(cpu_rq(cpu)->online, true);
}

void fork_init(void);

void sched_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rq *rq = cpu_rq(cpu);

		spin_lock_init(&rq->lock, "rq->lock");
		INIT_LIST_HEAD(&rq->queue);
		rq->cpu = cpu;
	}
	fork_init();
	/* From here the boot code is init_task, the boot CPU's idle task. */
	*end_of_stack(&init_task) = STACK_END_MAGIC;
	/* Its lazy hold on the kernel's page tables, as every idle task's. */
	mmgrab(&init_mm);
	init_idle(&init_task, smp_processor_id());
	this_cpu()->arch->tss.sp0 = task_top_of_stack(&init_task);
	/* Threads made before cpu_startup_entry() must have a CPU. */
	sched_set_online(smp_processor_id());
	pr_info("sched: round-robin, %d ms slices, %zu-byte task_struct\n",
		RR_TIMESLICE_MS, sizeof(struct task_struct));
}

/* ---- system calls ---- */

/* sched_yield(2): to the back of this CPU's queue; always succeeds. */
SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

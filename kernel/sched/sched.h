/*
 * kernel/sched/sched.h — the scheduler's private state: struct rq.
 * Linux: kernel/sched/sched.h.
 *
 * One run queue per CPU. Its lock guards everything in it and, for each
 * task whose task->cpu names this CPU, that task's on_rq, run_list and
 * time_slice. Nook's policy is round-robin: the queue is FIFO, the
 * running task is not on it, and a task whose time slice runs out goes
 * to the back.
 */
#ifndef KERNEL_SCHED_SCHED_H
#define KERNEL_SCHED_SCHED_H

#include <nook/sched.h>
#include <nook/time.h>

/* Ticks a task runs before round-robin moves on. Linux's SCHED_RR gets
 * 100 ms (RR_TIMESLICE); Nook takes 30 ms so that rotation is easy to
 * see even under slow software emulation. */
#define RR_TIMESLICE_MS		30
#define RR_TIMESLICE		(RR_TIMESLICE_MS * HZ / 1000)

struct rq {
	spinlock_t lock;

	/* under lock */
	struct list_head queue;		/* runnable, waiting for the CPU */
	unsigned int nr_running;	/* queued + running (idle not counted) */
	struct task_struct *curr;	/* running now */
	struct task_struct *idle;	/* runs when the queue is empty */
	unsigned long nr_switches;
	bool online;			/* scheduling here (cpu_startup_entry) */
	int cpu;			/* set once in sched_init */
	/* a kernel thread's borrowed mm, dropped once it is off the CPU */
	struct mm_struct *prev_mm;
};

struct rq *cpu_rq(int cpu);
struct rq *this_rq(void);

/* Put the CPU's idle task in place and mark its queue online (idle.c). */
void init_idle(struct task_struct *idle, int cpu);
void sched_set_online(int cpu);

#endif

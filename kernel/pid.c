// kernel/pid.c — process id allocation.
//
// Linux: kernel/pid.c (alloc_pid, free_pid; before 4.15 a bitmap, as
// here: alloc_pidmap, free_pidmap). One bit per number; last_pid
// remembers where the previous search stopped so allocation is cyclic
// (see nook/pid.h for why).
//
// A number is taken by alloc_pid and freed when no listed task carries
// it any more, as pid, group or session id: when its task is released,
// unless a group or session outlives it, else when the last member of
// that group or session is released or moves out. Linux keeps a list
// per struct pid and type; Nook's tasks carry bare numbers, so "does
// anyone still carry it?" is a walk of the tasklist, paid at release
// and at setpgid/setsid. alloc_pid stays a bitmap search, which costs
// no more when pid_max wraps round.
//
// Lock order: tasklist_lock, then pidmap_lock (a leaf).

#include <nook/errno.h>
#include <nook/panic.h>
#include <nook/pid.h>
#include <nook/spinlock.h>
#include <nook/tty.h>

#define BITS_PER_LONG		64
#define PIDMAP_LONGS		(PID_MAX_DEFAULT / BITS_PER_LONG)

static DEFINE_SPINLOCK(pidmap_lock);
/* under pidmap_lock; bit 0 (the idle tasks' pid) is set for ever */
static unsigned long pidmap[PIDMAP_LONGS] = { 1UL };
static pid_t last_pid;
static int nr_in_use;

static bool pid_test(pid_t nr)
{
	return pidmap[nr / BITS_PER_LONG] & (1UL << (nr % BITS_PER_LONG));
}

/* The first clear bit in [from, PID_MAX_DEFAULT), or PID_MAX_DEFAULT. */
static pid_t find_next_zero_pid(pid_t from)
{
	unsigned int i = from / BITS_PER_LONG;
	unsigned long word;

	if (from >= PID_MAX_DEFAULT)
		return PID_MAX_DEFAULT;
	/* Treat the bits below from as taken. */
	word = ~pidmap[i] & (~0UL << (from % BITS_PER_LONG));
	for (;;) {
		if (word)
			return i * BITS_PER_LONG + __builtin_ctzl(word);
		if (++i == PIDMAP_LONGS)
			return PID_MAX_DEFAULT;
		word = ~pidmap[i];
	}
}

pid_t alloc_pid(void)
{
	unsigned long flags;
	pid_t nr;

	spin_lock_irqsave(&pidmap_lock, flags);
	nr = find_next_zero_pid(last_pid + 1);
	if (nr == PID_MAX_DEFAULT)	/* wrap: search again from the bottom */
		nr = find_next_zero_pid(RESERVED_PIDS);
	if (nr == PID_MAX_DEFAULT) {
		spin_unlock_irqrestore(&pidmap_lock, flags);
		return -EAGAIN;
	}
	pidmap[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
	last_pid = nr;
	nr_in_use++;
	spin_unlock_irqrestore(&pidmap_lock, flags);
	return nr;
}

void free_pid(pid_t nr)
{
	unsigned long flags;

	BUG_ON(nr < RESERVED_PIDS || nr >= PID_MAX_DEFAULT);
	spin_lock_irqsave(&pidmap_lock, flags);
	BUG_ON(!pid_test(nr));		/* freeing a free pid: a double free */
	pidmap[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
	nr_in_use--;
	spin_unlock_irqrestore(&pidmap_lock, flags);
}

int nr_pids_in_use(void)
{
	return READ_ONCE(nr_in_use);
}

/*
 * The user task with pid nr, with a reference the caller drops with
 * put_task_struct; NULL if none. Linux: find_get_task_by_vpid, a hash
 * lookup through struct pid; until pid namespaces bring struct pid, a walk of
 * the tasklist. Kernel threads are not found: a user's pid never names
 * one (Linux does find them, but they are of no use to these callers).
 */
struct task_struct *find_get_task_by_vpid(pid_t nr)
{
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	if (nr <= 0)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process(p) {
		if (p->pid == nr && !(p->flags & PF_KTHREAD)) {
			get_task_struct(p);
			found = p;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

/*
 * Under tasklist_lock. Does a listed task still carry nr, as its pid
 * or thread group id, its process group or its session, or the console
 * as its foreground group or session? Linux asks the struct pid
 * (pid_has_task for each pid type), which a tty holds a reference on.
 */
static bool pid_nr_carried(pid_t nr)
{
	struct task_struct *p;

	for_each_process(p)
		if (p->pid == nr || p->tgid == nr ||
		    task_pgrp_nr(p) == nr || task_session_nr(p) == nr)
			return true;
	return tty_carries_nr(nr);
}

/*
 * Under tasklist_lock: a task has stopped carrying nr; free it if that
 * was the last. Call it once per number let go: once freed, the number
 * may already be a new child's, which is not listed yet. Numbers below
 * RESERVED_PIDS (the boot tasks' group and session 0) are never freed.
 */
void put_pid_nr(pid_t nr)
{
	if (nr >= RESERVED_PIDS && !pid_nr_carried(nr))
		free_pid(nr);
}

void change_pgrp(struct task_struct *p, pid_t pgrp)
{
	pid_t old = task_pgrp_nr(p);

	if (old == pgrp)
		return;
	p->pgrp = pgrp;
	put_pid_nr(old);
}

void change_session(struct task_struct *p, pid_t sid)
{
	pid_t old = task_session_nr(p);

	if (old == sid)
		return;
	p->session = sid;
	put_pid_nr(old);
}

/* Each number once: a session leader's pid, group and session are one. */
void detach_pids(struct task_struct *p)
{
	pid_t pid = p->pid, pgrp = task_pgrp_nr(p), sid = task_session_nr(p);

	put_pid_nr(pid);
	if (pgrp != pid)
		put_pid_nr(pgrp);
	if (sid != pid && sid != pgrp)
		put_pid_nr(sid);
}

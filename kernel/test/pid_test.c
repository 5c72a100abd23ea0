// kernel/test/pid_test.c — ktest suite "pid": a number is not handed out
// again while a process group or session carries it.
//
// Linux: no KUnit suite; the rule is struct pid's (kernel/pid.c frees a
// number once no task hangs on it as pid, group or session). Each case
// makes a group with a kernel thread that leaves a member behind and is
// reaped, then takes every free number from alloc_pid to see whether
// the leader's comes round. Free a reaped leader's pid in release_task
// and it comes round while its group lives; forget to free it when the
// last member moves out (change_pgrp, change_session) and it never does.

#include <nook/completion.h>
#include <nook/errno.h>
#include <nook/ktest.h>
#include <nook/kthread.h>
#include <nook/pid.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/timer.h>

#define REAP_POLL_MS	10
#define REAP_POLLS	500		/* 5 s: generous under TCG */
#define BITS_PER_LONG	64

/* How the leader makes its group, and how the member may leave it. */
enum pgrp_move { MOVE_NONE, MOVE_SETPGID, MOVE_SETSID };

struct orphan_group {
	enum pgrp_move make, leave;
	pid_t leader, member;
	int err;
	struct completion made;		/* leader: group and member made */
	struct completion go;		/* test: member, leave your group */
	struct completion left;		/* member: done */
	struct completion end;		/* test: member, exit */
};

/* setpgid(0, 0), whose system call refuses kernel threads. */
static void setpgid_self(void)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	change_pgrp(current, current->pid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static int move_self(enum pgrp_move how)
{
	long sid;

	switch (how) {
	case MOVE_SETPGID:
		setpgid_self();
		return 0;
	case MOVE_SETSID:
		sid = ksys_setsid();
		return sid == current->pid ? 0 : (int)sid;
	default:
		return 0;
	}
}

static int member_fn(void *arg)
{
	struct orphan_group *g = arg;

	wait_for_completion(&g->go);
	g->err = move_self(g->leave);
	complete(&g->left);
	wait_for_completion(&g->end);
	return 0;
}

/* Makes a group, a member in it (its child: it inherits the group), exits. */
static int leader_fn(void *arg)
{
	struct orphan_group *g = arg;
	struct task_struct *m;

	g->leader = current->pid;
	g->err = move_self(g->make);
	if (!g->err) {
		m = kthread_run(member_fn, g, "pgrp-member");
		if (IS_ERR(m))
			g->err = PTR_ERR(m);
		else
			g->member = m->pid;
	}
	complete(&g->made);
	return 0;
}

static bool wait_for_live_tasks(unsigned long want)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		if (kmem_cache_live(task_struct_cachep) == want)
			return true;
		msleep(REAP_POLL_MS);
	}
	return false;
}

/*
 * Does alloc_pid hand out nr? Take free numbers until it does or none
 * is left (allocation is cyclic: every free number comes round before
 * any comes twice), then give them all back.
 */
static bool pid_comes_round(pid_t nr)
{
	static unsigned long taken[PID_MAX_DEFAULT / BITS_PER_LONG];
	bool seen = false;

	memset(taken, 0, sizeof(taken));
	for (int i = 0; i < PID_MAX_DEFAULT && !seen; i++) {
		pid_t got = alloc_pid();

		if (got < 0)
			break;
		taken[got / BITS_PER_LONG] |= 1UL << (got % BITS_PER_LONG);
		seen = got == nr;
	}
	for (pid_t got = 0; got < PID_MAX_DEFAULT; got++)
		if (taken[got / BITS_PER_LONG] & (1UL << (got % BITS_PER_LONG)))
			free_pid(got);
	return seen;
}

/*
 * A leader makes its group (make) with one member and is reaped; the
 * member then leaves (leave), and exits. The leader's number must stay
 * taken until nobody carries it: kept_after_leave says whether the
 * member still does once it has left its group (its session may).
 */
static void check_orphan_group(struct ktest *t, enum pgrp_move make,
			       enum pgrp_move leave, bool kept_after_leave)
{
	static struct orphan_group g;
	unsigned long live = kmem_cache_live(task_struct_cachep);
	int pids = nr_pids_in_use();
	struct task_struct *l;

	memset(&g, 0, sizeof(g));
	g.make = make;
	g.leave = leave;
	init_completion(&g.made);
	init_completion(&g.go);
	init_completion(&g.left);
	init_completion(&g.end);
	l = kthread_run(leader_fn, &g, "pgrp-leader");
	KASSERT_FALSE(t, IS_ERR(l));
	wait_for_completion(&g.made);
	KASSERT_EQ(t, g.err, 0);	/* no member: nothing to wait for */

	/* The leader is reaped: only the member's task_struct is new. */
	KEXPECT_TRUE(t, wait_for_live_tasks(live + 1));
	KEXPECT_EQ(t, nr_pids_in_use(), pids + 2);
	KEXPECT_FALSE(t, pid_comes_round(g.leader));
	KEXPECT_NE(t, g.member, g.leader);

	complete(&g.go);
	wait_for_completion(&g.left);
	KEXPECT_EQ(t, g.err, 0);
	KEXPECT_EQ(t, nr_pids_in_use(), pids + 1 + kept_after_leave);
	KEXPECT_EQ(t, pid_comes_round(g.leader), !kept_after_leave);

	complete(&g.end);
	KEXPECT_TRUE(t, wait_for_live_tasks(live));
	KEXPECT_EQ(t, nr_pids_in_use(), pids);
	KEXPECT_TRUE(t, pid_comes_round(g.leader));
	KEXPECT_TRUE(t, pid_comes_round(g.member));
}

/* A member keeps its reaped leader's number, as group and session id. */
static void test_member_keeps_leader_pid(struct ktest *t)
{
	check_orphan_group(t, MOVE_SETSID, MOVE_NONE, true);
}

/* setpgid(0, 0) leaves the group, but the session still carries it. */
static void test_session_keeps_leader_pid(struct ktest *t)
{
	check_orphan_group(t, MOVE_SETSID, MOVE_SETPGID, true);
}

/* setsid() by the last member frees both group and session id. */
static void test_setsid_frees_leader_pid(struct ktest *t)
{
	check_orphan_group(t, MOVE_SETSID, MOVE_SETSID, false);
}

/* setpgid(0, 0) by the last member frees a group that is no session. */
static void test_setpgid_frees_leader_pid(struct ktest *t)
{
	check_orphan_group(t, MOVE_SETPGID, MOVE_SETPGID, false);
}

static struct ktest_case pid_cases[] = {
	KTEST_CASE(test_member_keeps_leader_pid),
	KTEST_CASE(test_session_keeps_leader_pid),
	KTEST_CASE(test_setsid_frees_leader_pid),
	KTEST_CASE(test_setpgid_frees_leader_pid),
	{}
};

static struct ktest_suite pid_suite = {
	.name = "pid",
	.cases = pid_cases,
};
KTEST_SUITE(pid_suite);

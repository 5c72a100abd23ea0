// kernel/test/cred_test.c — ktest suite "cred": the life cycle of a
// struct cred (prepare/abort, prepare/commit, override/revert, get/put),
// group lists, the uid maps and the capability rules of commoncap.c.
//
// Linux checks these with kmemleak and the selftests; Nook counts live
// creds (cred_live(), the "cred_jar" cache). A missing put_cred in
// commit_creds, revert_creds or exit_creds leaves the count above its
// baseline; a missing get_cred frees a cred still in use (the count
// drops below it, and the poisoned fields show).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/ktest.h>
#include <nook/rcupdate.h>
#include <nook/sched.h>
#include <nook/timer.h>

#define REAP_POLL_MS	10
#define REAP_POLLS	2000	/* 20 s: only a failure waits that long */

/* A kernel thread running fn(arg) that reaps itself when it returns. */
static pid_t start_thread(int (*fn)(void *), void *arg)
{
	struct kernel_clone_args args = {
		.exit_signal = -1,
		.fn = fn,
		.fn_arg = arg,
		.name = "cred_test",
		.kthread = true,
	};

	return kernel_clone(&args);
}

/* Live creds once every freeing queued so far has been done. */
static unsigned long creds_settled(void)
{
	rcu_barrier();
	return cred_live();
}

/* Poll until the live count is back to base (a kthread frees itself). */
static bool creds_return(unsigned long base)
{
	for (int i = 0; i < REAP_POLLS; i++) {
		rcu_barrier();
		if (cred_live() == base)
			return true;
		msleep(REAP_POLL_MS);
	}
	return false;
}

/* prepare_creds makes one private copy; abort_creds frees it. */
static void test_prepare_abort(struct ktest *t)
{
	unsigned long base = creds_settled();
	const struct cred *cur = current_cred();
	struct cred *new = prepare_creds();

	KASSERT_NOT_NULL(t, new);
	KEXPECT_EQ(t, cred_live(), base + 1);
	KEXPECT_EQ(t, new->usage, 1);
	KEXPECT_TRUE(t, new != cur);
	KEXPECT_TRUE(t, uid_eq(new->euid, cur->euid));
	KEXPECT_EQ(t, new->cap_effective.val, cur->cap_effective.val);
	KEXPECT_TRUE(t, new->group_info == cur->group_info);
	abort_creds(new);
	KEXPECT_EQ(t, creds_settled(), base);
}

/* get_cred/put_cred count; only the last put frees. */
static void test_get_put(struct ktest *t)
{
	unsigned long base = creds_settled();
	struct cred *new = prepare_creds();

	KASSERT_NOT_NULL(t, new);
	get_cred(new);
	KEXPECT_EQ(t, new->usage, 2);
	put_cred(new);
	KEXPECT_EQ(t, creds_settled(), base + 1);
	put_cred(new);
	KEXPECT_EQ(t, creds_settled(), base);
}

/*
 * The last put frees only after a grace period: a reader that found
 * the cred under rcu_read_lock may still be looking at it.
 */
static void test_put_waits_for_readers(struct ktest *t)
{
	unsigned long base = creds_settled();
	struct cred *new = prepare_creds();

	KASSERT_NOT_NULL(t, new);
	rcu_read_lock();
	put_cred(new);
	/* Our own read-side section holds the grace period back. */
	KEXPECT_EQ(t, cred_live(), base + 1);
	/* still there to read */
	KEXPECT_EQ(t, new->euid.val, current_euid().val);
	rcu_read_unlock();
	KEXPECT_EQ(t, creds_settled(), base);
}

/*
 * override_creds changes only the subjective creds and holds the
 * override; revert_creds puts both back as they were.
 */
static void test_override_revert(struct ktest *t)
{
	unsigned long base = creds_settled();
	const struct cred *real = current->real_cred, *old;
	struct cred *new = prepare_creds();

	KASSERT_NOT_NULL(t, new);
	new->fsuid = KUIDT_INIT(1234);
	old = override_creds(new);
	KEXPECT_TRUE(t, old == real);
	KEXPECT_EQ(t, __kuid_val(current_fsuid()), 1234);
	/* the objective creds are unchanged */
	KEXPECT_TRUE(t, current->real_cred == real);
	KEXPECT_FALSE(t, uid_eq(task_cred_xxx(current, fsuid),
				KUIDT_INIT(1234)));
	KEXPECT_EQ(t, new->usage, 2);	/* ours and the task's */
	revert_creds(old);
	KEXPECT_TRUE(t, current->cred == real);
	KEXPECT_EQ(t, new->usage, 1);
	put_cred(new);
	KEXPECT_EQ(t, creds_settled(), base);
}

struct commit_result {
	int commits_ok;
	int usage_after;
};

/* In a kthread of its own: commit twice, check, exit (freeing all). */
static int commit_fn(void *arg)
{
	struct commit_result *r = arg;
	struct cred *a = prepare_creds(), *b;

	if (!a)
		return 0;
	a->euid = KUIDT_INIT(42);
	commit_creds(a);
	r->usage_after = a->usage;		/* real_cred and cred */
	b = prepare_creds();
	if (!b)
		return 0;
	b->euid = KUIDT_INIT(43);
	commit_creds(b);			/* a's last references go */
	r->commits_ok = uid_eq(current_euid(), KUIDT_INIT(43)) &&
			current->cred == b && current->real_cred == b;
	return 0;
}

static void test_commit_no_leak(struct ktest *t)
{
	unsigned long base = creds_settled();
	struct commit_result r = { 0 };
	pid_t pid = start_thread(commit_fn, &r);

	KASSERT_GT(t, pid, 0);
	KEXPECT_TRUE(t, creds_return(base));
	KEXPECT_EQ(t, r.usage_after, 2);
	KEXPECT_TRUE(t, r.commits_ok);
}

/*
 * copy_creds: a process gets a private copy held twice (real_cred and
 * cred); a thread (CLONE_THREAD) shares its creator's. exit_creds lets
 * both go. A task_struct of our own stands in for the child.
 */
static void test_copy_creds(struct ktest *t)
{
	static struct task_struct child;	/* too big for the stack */
	const struct cred *cur = current_cred();
	unsigned long base = creds_settled();
	int usage = cur->usage;

	KASSERT_EQ(t, copy_creds(&child, 0), 0);
	KEXPECT_EQ(t, cred_live(), base + 1);
	KEXPECT_TRUE(t, child.cred == child.real_cred && child.cred != cur);
	KEXPECT_EQ(t, child.cred->usage, 2);
	exit_creds(&child);
	KEXPECT_NULL(t, child.cred);
	KEXPECT_EQ(t, creds_settled(), base);

	KASSERT_EQ(t, copy_creds(&child, CLONE_THREAD), 0);
	KEXPECT_EQ(t, cred_live(), base);
	KEXPECT_TRUE(t, child.cred == cur && child.real_cred == cur);
	KEXPECT_EQ(t, cur->usage, usage + 2);
	exit_creds(&child);
	KEXPECT_EQ(t, cur->usage, usage);
	KEXPECT_EQ(t, creds_settled(), base);
}

static int nop_fn(void *arg)
{
	return 0;
}

/* A task's creds come with it and go with it. */
static void test_fork_exit_no_leak(struct ktest *t)
{
	unsigned long base = creds_settled();

	for (int i = 0; i < 20; i++)
		KEXPECT_GT(t, start_thread(nop_fn, NULL), 0);
	KEXPECT_TRUE(t, creds_return(base));
}

/* Group lists are searched by bisection, so they must be sorted. */
static void test_groups(struct ktest *t)
{
	static const gid_t gids[] = { 50, 7, 1000, 3, 65534, 20 };
	struct group_info *gi = groups_alloc(ARRAY_SIZE(gids));
	unsigned long base = creds_settled();
	const struct cred *old;
	struct cred *new;

	KASSERT_NOT_NULL(t, gi);
	for (size_t i = 0; i < ARRAY_SIZE(gids); i++)
		gi->gid[i] = KGIDT_INIT(gids[i]);
	groups_sort(gi);
	for (int i = 1; i < gi->ngroups; i++)
		KEXPECT_TRUE(t, gid_lt(gi->gid[i - 1], gi->gid[i]));
	for (size_t i = 0; i < ARRAY_SIZE(gids); i++)
		KEXPECT_TRUE(t, groups_search(gi, KGIDT_INIT(gids[i])));
	KEXPECT_FALSE(t, groups_search(gi, KGIDT_INIT(8)));
	KEXPECT_FALSE(t, groups_search(gi, KGIDT_INIT(0)));

	new = prepare_creds();
	KASSERT_NOT_NULL(t, new);
	set_groups(new, gi);
	KEXPECT_EQ(t, gi->usage, 2);
	new->fsgid = KGIDT_INIT(9);
	new->egid = KGIDT_INIT(11);
	old = override_creds(new);
	KEXPECT_TRUE(t, in_group_p(KGIDT_INIT(9)));	/* fsgid */
	KEXPECT_FALSE(t, in_group_p(KGIDT_INIT(11)));
	KEXPECT_TRUE(t, in_egroup_p(KGIDT_INIT(11)));	/* egid */
	KEXPECT_TRUE(t, in_group_p(KGIDT_INIT(1000)));
	KEXPECT_FALSE(t, in_group_p(KGIDT_INIT(8)));
	revert_creds(old);
	put_cred(new);
	KEXPECT_EQ(t, creds_settled(), base);
	KEXPECT_EQ(t, gi->usage, 1);	/* the freed cred let go */
	put_group_info(gi);
}

/* init_user_ns maps every id but -1 to itself. */
static void test_id_maps(struct ktest *t)
{
	KEXPECT_EQ(t, __kuid_val(make_kuid(&init_user_ns, 1000)), 1000);
	KEXPECT_EQ(t, __kgid_val(make_kgid(&init_user_ns, 0)), 0);
	KEXPECT_FALSE(t, uid_valid(make_kuid(&init_user_ns, (uid_t)-1)));
	KEXPECT_EQ(t, from_kuid(&init_user_ns, KUIDT_INIT(4294967294U)),
		   4294967294U);
	KEXPECT_EQ(t, from_kuid(&init_user_ns, INVALID_UID), (uid_t)-1);
	KEXPECT_EQ(t, from_kuid_munged(&init_user_ns, INVALID_UID), 65534);
	KEXPECT_EQ(t, from_kgid_munged(&init_user_ns, INVALID_GID), 65534);
}

/* A cred like current's, to try the capability rules on. */
static struct cred *test_cred(u32 uid, u32 euid, u32 suid)
{
	struct cred *c = prepare_creds();

	if (c) {
		c->uid = KUIDT_INIT(uid);
		c->euid = c->fsuid = KUIDT_INIT(euid);
		c->suid = KUIDT_INIT(suid);
		c->cap_permitted = c->cap_effective = CAP_FULL_SET;
		c->cap_bset = CAP_FULL_SET;
		c->securebits = 0;
	}
	return c;
}

static void test_cap_capable(struct ktest *t)
{
	struct cred *c = test_cred(0, 0, 0);

	KASSERT_NOT_NULL(t, c);
	KEXPECT_EQ(t, cap_capable(c, &init_user_ns, CAP_CHOWN), 0);
	cap_lower(&c->cap_effective, CAP_CHOWN);
	KEXPECT_EQ(t, cap_capable(c, &init_user_ns, CAP_CHOWN), -EPERM);
	KEXPECT_EQ(t, cap_capable(c, &init_user_ns, CAP_SETUID), 0);
	abort_creds(c);
	KEXPECT_TRUE(t, capable(CAP_SYS_ADMIN));	/* ktests run as root */
	KEXPECT_TRUE(t, has_capability(current, CAP_KILL));
}

/* capabilities(7): what leaving and regaining uid 0 does to the sets. */
static void test_setuid_fixup(struct ktest *t)
{
	struct cred *old = test_cred(0, 0, 0);
	struct cred *new = test_cred(1000, 1000, 1000);

	KASSERT_NOT_NULL(t, old);
	KASSERT_NOT_NULL(t, new);
	KEXPECT_EQ(t, cap_task_fix_setuid(new, old, LSM_SETID_RES), 0);
	KEXPECT_TRUE(t, cap_isclear(new->cap_permitted));
	KEXPECT_TRUE(t, cap_isclear(new->cap_effective));
	/* with KEEP_CAPS permitted survives, effective does not */
	old->securebits = SECBIT_KEEP_CAPS;
	new->cap_permitted = new->cap_effective = CAP_FULL_SET;
	cap_task_fix_setuid(new, old, LSM_SETID_RES);
	KEXPECT_EQ(t, new->cap_permitted.val, CAP_FULL_SET.val);
	KEXPECT_TRUE(t, cap_isclear(new->cap_effective));
	/* the fsuid leaving 0 drops exactly the fs set */
	old->securebits = 0;
	new->uid = new->euid = new->suid = GLOBAL_ROOT_UID;
	new->fsuid = KUIDT_INIT(1000);
	new->cap_effective = CAP_FULL_SET;
	cap_task_fix_setuid(new, old, LSM_SETID_FS);
	KEXPECT_EQ(t, new->cap_effective.val,
		   CAP_FULL_SET.val & ~CAP_FS_SET.val);
	abort_creds(old);
	abort_creds(new);
}

/* execve's root rule: permitted from the bounding set, effective too. */
static void test_exec_caps(struct ktest *t)
{
	struct cred *old = test_cred(0, 0, 0), *new = test_cred(0, 0, 0);
	bool secure = true;

	KASSERT_NOT_NULL(t, old);
	KASSERT_NOT_NULL(t, new);
	cap_lower(&old->cap_bset, CAP_SYS_BOOT);
	cap_bprm_creds_from_file(new, old, &secure);
	KEXPECT_FALSE(t, cap_raised(new->cap_permitted, CAP_SYS_BOOT));
	KEXPECT_TRUE(t, cap_raised(new->cap_effective, CAP_CHOWN));
	KEXPECT_FALSE(t, secure);
	/* a set-user-ID-root program run by uid 1000 */
	old->uid = old->euid = old->suid = old->fsuid = KUIDT_INIT(1000);
	new->uid = KUIDT_INIT(1000);
	new->euid = GLOBAL_ROOT_UID;
	cap_bprm_creds_from_file(new, old, &secure);
	KEXPECT_TRUE(t, secure);
	KEXPECT_TRUE(t, uid_eq(new->suid, GLOBAL_ROOT_UID));
	KEXPECT_TRUE(t, cap_raised(new->cap_effective, CAP_SETUID));
	/* a plain program run by uid 1000: nothing */
	new->uid = new->euid = KUIDT_INIT(1000);
	cap_bprm_creds_from_file(new, old, &secure);
	KEXPECT_TRUE(t, cap_isclear(new->cap_permitted));
	KEXPECT_TRUE(t, cap_isclear(new->cap_effective));
	KEXPECT_FALSE(t, secure);
	abort_creds(old);
	abort_creds(new);
}

static struct ktest_case cred_cases[] = {
	KTEST_CASE(test_prepare_abort),
	KTEST_CASE(test_get_put),
	KTEST_CASE(test_put_waits_for_readers),
	KTEST_CASE(test_override_revert),
	KTEST_CASE(test_commit_no_leak),
	KTEST_CASE(test_copy_creds),
	KTEST_CASE(test_fork_exit_no_leak),
	KTEST_CASE(test_groups),
	KTEST_CASE(test_id_maps),
	KTEST_CASE(test_cap_capable),
	KTEST_CASE(test_setuid_fixup),
	KTEST_CASE(test_exec_caps),
	{}
};

static struct ktest_suite cred_suite = {
	.name = "cred",
	.cases = cred_cases,
};
KTEST_SUITE(cred_suite);

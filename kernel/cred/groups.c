// kernel/cred/groups.c — supplementary groups: struct group_info,
// in_group_p, getgroups(2) and setgroups(2).
//
// Linux: kernel/groups.c. A group list is shared by every cred that
// holds it and never changed once made, so it needs no lock; setgroups
// makes a new one. It is kept sorted so that in_group_p, asked on every
// permission check a group decides, bisects instead of scanning.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* No supplementary groups: what init_cred starts with. */
struct group_info init_groups = {
	.usage = 1,	/* never dropped to 0 */
	.ngroups = 0,
};

struct group_info *groups_alloc(int gidsetsize)
{
	struct group_info *gi;

	gi = kmalloc(sizeof(*gi) + sizeof(kgid_t) * (size_t)gidsetsize);
	if (!gi)
		return NULL;
	gi->usage = 1;
	gi->ngroups = gidsetsize;
	return gi;
}

void groups_free(struct group_info *group_info)
{
	if (WARN_ON(group_info == &init_groups))
		return;
	kfree(group_info);
}

/* Shell sort: no recursion, no extra memory, fine for 65536 entries. */
void groups_sort(struct group_info *gi)
{
	int n = gi->ngroups;

	for (int gap = n / 2; gap > 0; gap /= 2) {
		for (int i = gap; i < n; i++) {
			kgid_t g = gi->gid[i];
			int j = i;

			while (j >= gap && gid_gt(gi->gid[j - gap], g)) {
				gi->gid[j] = gi->gid[j - gap];
				j -= gap;
			}
			gi->gid[j] = g;
		}
	}
}

bool groups_search(const struct group_info *gi, kgid_t grp)
{
	int left = 0, right;

	if (!gi)
		return false;
	right = gi->ngroups;
	while (left < right) {
		int mid = left + (right - left) / 2;

		if (gid_gt(grp, gi->gid[mid]))
			left = mid + 1;
		else if (gid_lt(grp, gi->gid[mid]))
			right = mid;
		else
			return true;
	}
	return false;
}

/* new takes a reference on group_info and drops its old list. */
void set_groups(struct cred *new, struct group_info *group_info)
{
	put_group_info(new->group_info);
	new->group_info = get_group_info(group_info);
}

int set_current_groups(struct group_info *group_info)
{
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	set_groups(new, group_info);
	return commit_creds(new);
}

/* File access checks ask about the fsgid... */
bool in_group_p(kgid_t grp)
{
	const struct cred *cred = current_cred();

	return gid_eq(grp, cred->fsgid) || groups_search(cred->group_info, grp);
}

/* ...others about the effective gid. */
bool in_egroup_p(kgid_t grp)
{
	const struct cred *cred = current_cred();

	return gid_eq(grp, cred->egid) || groups_search(cred->group_info, grp);
}

/* The list as the caller's namespace sees it; -EFAULT on a bad buffer. */
static int groups_to_user(gid_t __user *list, const struct group_info *gi)
{
	struct user_namespace *ns = current_user_ns();

	for (int i = 0; i < gi->ngroups; i++) {
		gid_t gid = from_kgid_munged(ns, gi->gid[i]);

		if (put_user(gid, list + i))
			return -EFAULT;
	}
	return 0;
}

static int groups_from_user(struct group_info *gi, const gid_t __user *list)
{
	struct user_namespace *ns = current_user_ns();

	for (int i = 0; i < gi->ngroups; i++) {
		gid_t gid;
		kgid_t kgid;

		if (get_user(gid, list + i))
			return -EFAULT;
		kgid = make_kgid(ns, gid);
		if (!gid_valid(kgid))
			return -EINVAL;
		gi->gid[i] = kgid;
	}
	return 0;
}

/*
 * getgroups(2): with size 0 only the count; a buffer too small for the
 * list is EINVAL.
 */
SYSCALL_DEFINE2(getgroups, int, gidsetsize, gid_t __user *, grouplist)
{
	const struct group_info *gi = current_cred()->group_info;
	int n = gi->ngroups;

	if (gidsetsize < 0)
		return -EINVAL;
	if (gidsetsize) {
		if (n > gidsetsize)
			return -EINVAL;
		if (groups_to_user(grouplist, gi))
			return -EFAULT;
	}
	return n;
}

/*
 * setgroups(2): CAP_SETGID first (EPERM), then the size (EINVAL above
 * NGROUPS_MAX), then the list (EFAULT; EINVAL for an unmappable gid).
 * Linux also asks the user namespace whether setgroups is allowed
 * (/proc/PID/setgroups): always so in the initial one.
 */
SYSCALL_DEFINE2(setgroups, int, gidsetsize, const gid_t __user *, grouplist)
{
	struct group_info *gi;
	int err;

	if (!ns_capable(current_user_ns(), CAP_SETGID))
		return -EPERM;
	if ((unsigned int)gidsetsize > NGROUPS_MAX)
		return -EINVAL;
	gi = groups_alloc(gidsetsize);
	if (!gi)
		return -ENOMEM;
	err = groups_from_user(gi, grouplist);
	if (err) {
		put_group_info(gi);
		return err;
	}
	groups_sort(gi);
	err = set_current_groups(gi);
	put_group_info(gi);
	return err;
}

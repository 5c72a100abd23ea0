// kernel/cred/user_namespace.c — init_user_ns and the id maps:
// make_kuid/from_kuid and their gid twins.
//
// Linux: kernel/user.c (init_user_ns) and kernel/user_namespace.c
// (map_id_down, map_id_up, make_kuid, from_kuid, from_kuid_munged).
// An id crossing into the kernel is mapped "down" through the caller's
// namespace's extents to the initial namespace's id; one going out to
// user space is mapped "up" into the reader's namespace, and an id
// with no place there reads as the overflow id (65534, "nobody").
// Only init_user_ns exists yet: its single extent maps every id but
// (u32)-1 to itself, exactly as Linux's does.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/nsproxy.h>
#include <nook/panic.h>
#include <nook/proc_ns.h>
#include <nook/user_namespace.h>

uid_t overflowuid = DEFAULT_OVERFLOWUID;
gid_t overflowgid = DEFAULT_OVERFLOWGID;

/* 0..4294967294 onto themselves: /proc/self/uid_map's "0 0 4294967295". */
#define IDENTITY_MAP {							\
	.nr_extents = 1,						\
	.extent[0] = { .first = 0, .lower_first = 0, .count = 4294967295U }, \
}

struct user_namespace init_user_ns = {
	.uid_map = IDENTITY_MAP,
	.gid_map = IDENTITY_MAP,
	.parent = NULL,
	.level = 0,
	.owner = GLOBAL_ROOT_UID,
	.group = GLOBAL_ROOT_GID,
	.ns = {
		.ops = &userns_operations,
		.inum = PROC_USER_INIT_INO,
		.count = 1,	/* never dropped: the initial one never dies */
	},
};

void put_user_ns(struct user_namespace *ns)
{
	int left = __atomic_sub_fetch(&ns->ns.count, 1, __ATOMIC_ACQ_REL);

	/*
	 * Half done: no user namespace but the initial one can exist
	 * yet, and that one is never freed. create_user_ns brings the
	 * freeing (free_user_ns, which also puts the parent).
	 */
	WARN_ON(left <= 0);
}

/* id in ns's terms -> the parent's (here: the initial namespace's). */
static u32 map_id_down(const struct uid_gid_map *map, u32 id)
{
	for (u32 i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *e = &map->extent[i];

		if (id >= e->first && id - e->first < e->count)
			return e->lower_first + (id - e->first);
	}
	return (u32)-1;
}

/* The reverse: an initial-namespace id as ns sees it, or (u32)-1. */
static u32 map_id_up(const struct uid_gid_map *map, u32 id)
{
	for (u32 i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *e = &map->extent[i];

		if (id >= e->lower_first && id - e->lower_first < e->count)
			return e->first + (id - e->lower_first);
	}
	return (u32)-1;
}

kuid_t make_kuid(struct user_namespace *ns, uid_t uid)
{
	return KUIDT_INIT(map_id_down(&ns->uid_map, uid));
}

kgid_t make_kgid(struct user_namespace *ns, gid_t gid)
{
	return KGIDT_INIT(map_id_down(&ns->gid_map, gid));
}

uid_t from_kuid(struct user_namespace *ns, kuid_t kuid)
{
	return map_id_up(&ns->uid_map, __kuid_val(kuid));
}

gid_t from_kgid(struct user_namespace *ns, kgid_t kgid)
{
	return map_id_up(&ns->gid_map, __kgid_val(kgid));
}

uid_t from_kuid_munged(struct user_namespace *ns, kuid_t kuid)
{
	uid_t uid = from_kuid(ns, kuid);

	return uid == (uid_t)-1 ? overflowuid : uid;
}

gid_t from_kgid_munged(struct user_namespace *ns, kgid_t kgid)
{
	gid_t gid = from_kgid(ns, kgid);

	return gid == (gid_t)-1 ? overflowgid : gid;
}

/* ---- /proc/PID/ns/user and setns (Linux: userns_operations) ---- */

static inline struct user_namespace *to_user_ns(struct ns_common *ns)
{
	return container_of(ns, struct user_namespace, ns);
}

/* The user namespace of task's objective creds, held. */
static struct ns_common *userns_get(struct task_struct *task)
{
	struct user_namespace *user_ns;

	rcu_read_lock();
	user_ns = get_user_ns(__task_cred(task)->user_ns);
	rcu_read_unlock();
	return &user_ns->ns;
}

static void userns_put(struct ns_common *ns)
{
	put_user_ns(to_user_ns(ns));
}

/*
 * setns(2) into a user namespace. Linux refuses the caller's own (and a
 * shared fs or a thread group), then wants CAP_SYS_ADMIN in the target
 * and gives the caller a full set of capabilities there. Half done:
 * only init_user_ns exists until create_user_ns comes, so every setns
 * here names the caller's own namespace, and that is EINVAL.
 */
static int userns_install(struct nsset *nsset, struct ns_common *ns)
{
	/* Linux's first check; the only case there can be yet. */
	WARN_ON(to_user_ns(ns) != nsset->cred->user_ns);
	return -EINVAL;
}

/* A user namespace's owner is its parent (NULL for the initial one). */
static struct user_namespace *userns_owner(struct ns_common *ns)
{
	return to_user_ns(ns)->parent;
}

const struct proc_ns_operations userns_operations = {
	.name		= "user",
	.type		= CLONE_NEWUSER,
	.get		= userns_get,
	.put		= userns_put,
	.install	= userns_install,
	.owner		= userns_owner,
};

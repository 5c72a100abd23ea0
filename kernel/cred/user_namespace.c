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

#include <nook/panic.h>
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
	.count = 1,	/* never dropped: the initial namespace never dies */
};

void put_user_ns(struct user_namespace *ns)
{
	int left = __atomic_sub_fetch(&ns->count, 1, __ATOMIC_ACQ_REL);

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

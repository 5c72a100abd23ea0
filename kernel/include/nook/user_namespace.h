/*
 * nook/user_namespace.h — user namespaces: who ids belong to, and whose
 * capabilities count. Linux: include/linux/user_namespace.h.
 *
 * Only init_user_ns exists so far; its maps are the identity over all
 * 2^32 - 1 ids. The maps already have Linux's extent form (first id in
 * this namespace, first id in the parent, count) so that creating user
 * namespaces (CLONE_NEWUSER, /proc/PID/uid_map: issue 5's later steps)
 * only has to fill them in.
 */
#ifndef NOOK_USER_NAMESPACE_H
#define NOOK_USER_NAMESPACE_H

#include <nook/ns_common.h>
#include <nook/types.h>
#include <nook/uidgid.h>

/* Linux's limit on lines in one uid_map write before it went dynamic. */
#define UID_GID_MAP_MAX_BASE_EXTENTS	5

struct uid_gid_extent {
	u32 first;		/* first id inside the namespace */
	u32 lower_first;	/* the id it maps to in the parent */
	u32 count;
};

/* Written once (map_write), read without a lock afterwards. */
struct uid_gid_map {
	u32 nr_extents;
	struct uid_gid_extent extent[UID_GID_MAP_MAX_BASE_EXTENTS];
};

struct user_namespace {
	struct uid_gid_map uid_map;
	struct uid_gid_map gid_map;
	struct user_namespace *parent;	/* NULL for init_user_ns */
	int level;			/* 0 for init_user_ns */
	kuid_t owner;			/* the creator's euid */
	kgid_t group;			/* the creator's egid */
	/*
	 * inode number (PROC_USER_INIT_INO for the initial one), ops, and
	 * the count: the creds and namespaces it owns hold it (atomic).
	 */
	struct ns_common ns;
};

extern struct user_namespace init_user_ns;

static inline struct user_namespace *get_user_ns(struct user_namespace *ns)
{
	ns_ref_get(&ns->ns);
	return ns;
}

/*
 * init_user_ns lives for ever (its count starts at 1 and never drops to
 * 0); freeing a namespace comes with create_user_ns.
 */
void put_user_ns(struct user_namespace *ns);

#endif

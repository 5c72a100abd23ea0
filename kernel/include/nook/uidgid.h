/*
 * nook/uidgid.h — kernel user and group ids: kuid_t and kgid_t.
 * Linux: include/linux/uidgid.h (and uidgid_types.h).
 *
 * A uid a system call receives (uid_t) means something only inside the
 * caller's user namespace; the kernel stores the id it maps to in the
 * initial namespace (kuid_t). The two are different types on purpose:
 * kuid_t is a struct, so "inode->i_uid == 0" does not compile and every
 * crossing between them goes through make_kuid()/from_kuid(), named and
 * visible. While only init_user_ns exists the map is the identity.
 */
#ifndef NOOK_UIDGID_H
#define NOOK_UIDGID_H

#include <nook/types.h>

typedef unsigned int uid_t;
typedef unsigned int gid_t;

typedef struct {
	uid_t val;
} kuid_t;

typedef struct {
	gid_t val;
} kgid_t;

#define KUIDT_INIT(v)		((kuid_t){ (uid_t)(v) })
#define KGIDT_INIT(v)		((kgid_t){ (gid_t)(v) })

#define GLOBAL_ROOT_UID		KUIDT_INIT(0)
#define GLOBAL_ROOT_GID		KGIDT_INIT(0)
/* (uid_t)-1 names no one: system calls use it for "leave unchanged". */
#define INVALID_UID		KUIDT_INIT(-1)
#define INVALID_GID		KGIDT_INIT(-1)

/* What an id with no mapping in the reader's namespace reads as. */
#define DEFAULT_OVERFLOWUID	65534
#define DEFAULT_OVERFLOWGID	65534
extern uid_t overflowuid;
extern gid_t overflowgid;

static inline uid_t __kuid_val(kuid_t uid)
{
	return uid.val;
}

static inline gid_t __kgid_val(kgid_t gid)
{
	return gid.val;
}

static inline bool uid_eq(kuid_t a, kuid_t b)
{
	return a.val == b.val;
}

static inline bool gid_eq(kgid_t a, kgid_t b)
{
	return a.val == b.val;
}

static inline bool uid_gt(kuid_t a, kuid_t b)
{
	return a.val > b.val;
}

static inline bool gid_gt(kgid_t a, kgid_t b)
{
	return a.val > b.val;
}

static inline bool uid_lt(kuid_t a, kuid_t b)
{
	return a.val < b.val;
}

static inline bool gid_lt(kgid_t a, kgid_t b)
{
	return a.val < b.val;
}

static inline bool uid_valid(kuid_t uid)
{
	return !uid_eq(uid, INVALID_UID);
}

static inline bool gid_valid(kgid_t gid)
{
	return !gid_eq(gid, INVALID_GID);
}

struct user_namespace;

/* uid_t of ns -> kuid_t; INVALID_UID when ns has no mapping for it. */
kuid_t make_kuid(struct user_namespace *ns, uid_t uid);
kgid_t make_kgid(struct user_namespace *ns, gid_t gid);
/* kuid_t -> uid_t of ns; (uid_t)-1 when it has no mapping there. */
uid_t from_kuid(struct user_namespace *ns, kuid_t kuid);
gid_t from_kgid(struct user_namespace *ns, kgid_t kgid);
/* The same, but an unmapped id reads as overflowuid/overflowgid. */
uid_t from_kuid_munged(struct user_namespace *ns, kuid_t kuid);
gid_t from_kgid_munged(struct user_namespace *ns, kgid_t kgid);

static inline bool kuid_has_mapping(struct user_namespace *ns, kuid_t uid)
{
	return from_kuid(ns, uid) != (uid_t)-1;
}

static inline bool kgid_has_mapping(struct user_namespace *ns, kgid_t gid)
{
	return from_kgid(ns, gid) != (gid_t)-1;
}

#endif

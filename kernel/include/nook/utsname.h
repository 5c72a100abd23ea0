/*
 * nook/utsname.h — the names uname(2) reports: struct new_utsname and
 * the UTS namespace that holds them.
 * Linux: include/uapi/linux/utsname.h (struct new_utsname, the layout
 * uname(2) copies out) and include/linux/utsname.h (uts_namespace,
 * init_uts_ns, utsname()).
 *
 * Every task reaches its names through its nsproxy: utsname() is
 * current->nsproxy->uts_ns->name. The names live in kernel/ns/uts.c.
 */
#ifndef NOOK_UTSNAME_H
#define NOOK_UTSNAME_H

#include <nook/nsproxy.h>
#include <nook/ns_common.h>
#include <nook/sched.h>
#include <nook/spinlock.h>
#include <nook/types.h>

#define __NEW_UTS_LEN	64

/* uname(2)'s struct: six NUL-terminated strings of 65 bytes each. */
struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

/*
 * A UTS namespace (kernel/ns/uts.c). name is written by sethostname(2)
 * and setdomainname(2) and read by uname(2), all under uts_sem, so no
 * reader sees half a name; the rest is set once at creation.
 */
struct uts_namespace {
	struct new_utsname name;
	/*
	 * Whose CAP_SYS_ADMIN may change the names: the user namespace of
	 * the creator (held).
	 */
	struct user_namespace *user_ns;
	struct ns_common ns;		/* inum, ops, count */
};

extern struct uts_namespace init_uts_ns;

/*
 * Guards the names of every UTS namespace. Linux's uts_sem is a
 * rw_semaphore; Nook has no sleeping locks yet, and a holder only copies
 * a few hundred bytes and never sleeps, so a spinlock does the job.
 */
extern spinlock_t uts_sem;

/* The names current sees. Only current replaces its own nsproxy. */
static inline struct new_utsname *utsname(void)
{
	return &current->nsproxy->uts_ns->name;
}

static inline struct uts_namespace *get_uts_ns(struct uts_namespace *ns)
{
	ns_ref_get(&ns->ns);
	return ns;
}

void free_uts_ns(struct uts_namespace *ns);

static inline void put_uts_ns(struct uts_namespace *ns)
{
	if (ns_ref_put(&ns->ns))
		free_uts_ns(ns);
}

/* flags without CLONE_NEWUTS: old, one more reference; else a copy. */
struct uts_namespace *copy_utsname(u64 flags, struct user_namespace *user_ns,
				   struct uts_namespace *old_ns);
/* UTS namespaces alive now, the initial one not counted. */
unsigned long uts_ns_live(void);
void uts_ns_init(void);

#endif

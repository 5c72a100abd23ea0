/*
 * nook/utsname.h — the names uname(2) reports: struct new_utsname and
 * the UTS namespace that holds them.
 * Linux: include/uapi/linux/utsname.h (struct new_utsname, the layout
 * uname(2) copies out) and include/linux/utsname.h (uts_namespace,
 * init_uts_ns, utsname()).
 *
 * Step 2 has a single set of names, init_uts_ns. Step 4 gives every
 * task an nsproxy, and utsname() then follows current's nsproxy to its
 * own uts_namespace; callers already go through utsname(), so nothing
 * else changes.
 */
#ifndef NOOK_UTSNAME_H
#define NOOK_UTSNAME_H

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
 * Step 4 adds its ns_common, owning user namespace and reference count.
 * Until sethostname(2) exists (Step 4, with uts_sem) nothing writes the
 * names after boot, so readers need no lock.
 */
struct uts_namespace {
	struct new_utsname name;
};

extern struct uts_namespace init_uts_ns;

/* The names current sees. */
static inline struct new_utsname *utsname(void)
{
	return &init_uts_ns.name;
}

#endif

/*
 * cred.c — credentials as credentials(7), capabilities(7), setuid(2),
 * setreuid(2), setresuid(2), setfsuid(2), getgroups(2), capget(2) and
 * prctl(2) describe them: the id calls and who may make which change,
 * what a uid change does to the capability sets, capget/capset's
 * versions and limits, the bounding set, keepcaps, and what execve
 * gives a program.
 *
 * The suite runs as root. Every change of ids happens in a forked
 * child, which reports through its exit status: 0, or the line of the
 * first check that failed (CHECK below), which the parent prints.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "utest.h"

#define PR_GET_KEEPCAPS		7
#define PR_SET_KEEPCAPS		8
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define PR_CAPBSET_READ		23
#define PR_CAPBSET_DROP		24
#define PR_GET_SECUREBITS	27
#define PR_SET_SECUREBITS	28
#define PR_CAP_AMBIENT		47
#define PR_CAP_AMBIENT_IS_SET	1
#define PR_CAP_AMBIENT_RAISE	2
#define PR_CAP_AMBIENT_LOWER	3
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#define CAP_NET_BIND_SERVICE	10
#define SECBIT_NOROOT		(1 << 0)
#define SECBIT_NO_SETUID_FIXUP	(1 << 2)
#define SECBIT_KEEP_CAPS	(1 << 4)
#define SECBIT_KEEP_CAPS_LOCKED	(1 << 5)

#define CAP_V1		0x19980330
#define CAP_V2		0x20071026
#define CAP_V3		0x20080522
#define CAP_CHOWN	0
#define CAP_DAC_OVERRIDE 1
#define CAP_SETGID	6
#define CAP_SETUID	7
#define CAP_SETPCAP	8
#define CAP_LAST_CAP	40

#define BIT(c)		(1ULL << (c))

struct cap_header {
	unsigned int version;
	int pid;
};

struct cap_data {
	unsigned int effective, permitted, inheritable;
};

struct caps {
	unsigned long long eff, prm, inh;
};

static long get_caps(int pid, struct caps *c)
{
	struct cap_header h = { CAP_V3, pid };
	struct cap_data d[2];
	long err = sc(SYS_capget, &h, d);

	c->eff = d[0].effective | (unsigned long long)d[1].effective << 32;
	c->prm = d[0].permitted | (unsigned long long)d[1].permitted << 32;
	c->inh = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
	return err;
}

static long set_caps(const struct caps *c)
{
	struct cap_header h = { CAP_V3, 0 };
	struct cap_data d[2] = {
		{ c->eff, c->prm, c->inh },
		{ c->eff >> 32, c->prm >> 32, c->inh >> 32 },
	};

	return sc(SYS_capset, &h, d);
}

static int resuid_is(unsigned r, unsigned e, unsigned s)
{
	unsigned int a = 1, b = 1, c = 1;

	return sc(SYS_getresuid, &a, &b, &c) == 0 && a == r && b == e &&
	       c == s;
}

static int resgid_is(unsigned r, unsigned e, unsigned s)
{
	unsigned int a = 1, b = 1, c = 1;

	return sc(SYS_getresgid, &a, &b, &c) == 0 && a == r && b == e &&
	       c == s;
}

/* ---- reading ids ---- */

static void test_root_ids(void)
{
	is(sc(SYS_getuid), 0, "getuid of root is 0");
	is(sc(SYS_geteuid), 0, "geteuid of root is 0");
	is(sc(SYS_getgid), 0, "getgid of root is 0");
	is(sc(SYS_getegid), 0, "getegid of root is 0");
	ok(resuid_is(0, 0, 0), "getresuid of root is 0 0 0");
	ok(resgid_is(0, 0, 0), "getresgid of root is 0 0 0");
	is(sc(SYS_getresuid, BAD_USER_ADDR, BAD_USER_ADDR, BAD_USER_ADDR),
	   -EFAULT, "getresuid with a bad pointer is EFAULT");
	is(sc(SYS_getresgid, KERNEL_ADDR, KERNEL_ADDR, KERNEL_ADDR), -EFAULT,
	   "getresgid with a kernel pointer is EFAULT");
	is(sc(SYS_getgroups, -1, NULL), -EINVAL, "getgroups(-1) is EINVAL");
}

/* ---- groups ---- */

static void groups_child(void)
{
	unsigned int set[3] = { 30, 10, 20 }, got[8] = { 0 };
	unsigned int bad = (unsigned int)-1;

	CHECK(sc(SYS_setgroups, 3, set) == 0);
	CHECK(sc(SYS_getgroups, 0, NULL) == 3);
	CHECK(sc(SYS_getgroups, 8, got) == 3);
	/* Linux keeps the list sorted and returns it so. */
	CHECK(got[0] == 10 && got[1] == 20 && got[2] == 30);
	CHECK(sc(SYS_getgroups, 2, got) == -EINVAL);
	CHECK(sc(SYS_getgroups, 8, BAD_USER_ADDR) == -EFAULT);
	CHECK(sc(SYS_setgroups, 65537, set) == -EINVAL);
	CHECK(sc(SYS_setgroups, 1, BAD_USER_ADDR) == -EFAULT);
	CHECK(sc(SYS_setgroups, 1, &bad) == -EINVAL);
	CHECK(sc(SYS_getgroups, 8, got) == 3);	/* unchanged by failures */
	/* NGROUPS_MAX (65536) groups fit, in any order */
	static unsigned int many[65536];
	for (unsigned int i = 0; i < 65536; i++)
		many[i] = 65536 - i;
	CHECK(sc(SYS_setgroups, 65536, many) == 0);
	CHECK(sc(SYS_getgroups, 0, NULL) == 65536);
	CHECK(sc(SYS_getgroups, 65536, many) == 65536);
	CHECK(many[0] == 1 && many[65535] == 65536);
	CHECK(sc(SYS_setgroups, 0, NULL) == 0);
	CHECK(sc(SYS_getgroups, 0, NULL) == 0);
	/* Without CAP_SETGID: EPERM. */
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(sc(SYS_setgroups, 3, set) == -EPERM);
}

/* ---- setuid and friends ---- */

static void setuid_root_child(void)
{
	struct caps c;

	CHECK(sc(SYS_setuid, -1) == -EINVAL);
	CHECK(sc(SYS_setuid, 1000) == 0);
	CHECK(resuid_is(1000, 1000, 1000));
	CHECK(sc(SYS_getuid) == 1000 && sc(SYS_geteuid) == 1000);
	/* No uid is 0 any more: permitted and effective are emptied. */
	CHECK(get_caps(0, &c) == 0 && c.eff == 0 && c.prm == 0);
	CHECK(sc(SYS_setuid, 0) == -EPERM);
	CHECK(sc(SYS_setuid, 1000) == 0);	/* to its own: allowed */
}

/* Saved uid 0 keeps the permitted set; euid 0 brings effective back. */
static void seteuid_child(void)
{
	struct caps root, c;

	CHECK(get_caps(0, &root) == 0 && root.eff && root.eff == root.prm);
	CHECK(sc(SYS_setresuid, 1000, 1000, 0) == 0);
	CHECK(resuid_is(1000, 1000, 0));
	CHECK(get_caps(0, &c) == 0 && c.eff == 0 && c.prm == root.prm);
	CHECK(sc(SYS_setuid, 2000) == -EPERM);	/* not real or saved */
	CHECK(sc(SYS_setresuid, -1, 0, -1) == 0);	/* back from saved */
	CHECK(get_caps(0, &c) == 0 && c.eff == root.prm);
	CHECK(resuid_is(1000, 0, 0));
}

/* Unprivileged setresuid: any of the three current values, no other. */
static void setresuid_child(void)
{
	CHECK(sc(SYS_setresuid, 1000, 2000, 3000) == 0);
	CHECK(resuid_is(1000, 2000, 3000));
	CHECK(sc(SYS_setresuid, 3000, 1000, 2000) == 0);
	CHECK(resuid_is(3000, 1000, 2000));
	CHECK(sc(SYS_setresuid, -1, 4000, -1) == -EPERM);
	CHECK(sc(SYS_setresuid, -1, -1, -1) == 0);
	CHECK(sc(SYS_setresuid, -2, -1, -1) == -EPERM);	/* a new id */
	CHECK(resuid_is(3000, 1000, 2000));
	/* setuid unprivileged: only the effective uid, to real or saved. */
	CHECK(sc(SYS_setuid, 2000) == 0);
	CHECK(resuid_is(3000, 2000, 2000));
	CHECK(sc(SYS_setuid, 1000) == -EPERM);
}

/*
 * setreuid: the real uid may take the effective one; the saved uid
 * follows the new effective one when the real uid is set.
 */
static void setreuid_child(void)
{
	CHECK(sc(SYS_setresuid, 1000, 2000, 3000) == 0);
	CHECK(sc(SYS_setreuid, -1, 3000) == 0);	/* euid to saved */
	/* euid set to other than the real uid: saved follows it */
	CHECK(resuid_is(1000, 3000, 3000));
	CHECK(sc(SYS_setreuid, -1, 4000) == -EPERM);
	CHECK(sc(SYS_setreuid, 3000, -1) == 0);	/* ruid to euid */
	CHECK(resuid_is(3000, 3000, 3000));
	CHECK(sc(SYS_setreuid, 1000, -1) == -EPERM);
}

static void setgid_child(void)
{
	CHECK(sc(SYS_setresgid, 100, 200, 300) == 0);
	CHECK(resgid_is(100, 200, 300));
	CHECK(sc(SYS_getgid) == 100 && sc(SYS_getegid) == 200);
	CHECK(sc(SYS_setregid, 300, -1) == 0);
	CHECK(resgid_is(300, 200, 200));	/* saved follows egid */
	CHECK(sc(SYS_setgid, -1) == -EINVAL);
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);	/* drop CAP_SETGID */
	CHECK(sc(SYS_setgid, 999) == -EPERM);
	CHECK(sc(SYS_setgid, 200) == 0);	/* to the saved gid */
	CHECK(resgid_is(300, 200, 200));
	CHECK(sc(SYS_setresgid, 999, -1, -1) == -EPERM);
	CHECK(sc(SYS_setregid, -1, 999) == -EPERM);
}

/* setfsuid: returns the old value; fsuid off 0 drops the fs caps. */
static void setfsuid_child(void)
{
	struct caps c;

	CHECK(sc(SYS_setfsuid, 1000) == 0);
	CHECK(sc(SYS_setfsuid, -1) == 1000);	/* invalid: only reads */
	CHECK(get_caps(0, &c) == 0);
	CHECK(!(c.eff & BIT(CAP_CHOWN)) && !(c.eff & BIT(CAP_DAC_OVERRIDE)));
	CHECK(c.eff & BIT(CAP_SETUID));		/* not a file capability */
	CHECK(c.prm & BIT(CAP_CHOWN));		/* permitted is untouched */
	CHECK(resuid_is(0, 0, 0));
	CHECK(sc(SYS_setfsuid, 0) == 1000);
	CHECK(get_caps(0, &c) == 0 && (c.eff & BIT(CAP_CHOWN)));
	CHECK(sc(SYS_setfsgid, 50) == 0);
	CHECK(sc(SYS_setfsgid, -1) == 50);
	/* Unprivileged: only to one of its own ids; else nothing changes. */
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(sc(SYS_setfsuid, 2000) == 1000);
	CHECK(sc(SYS_setfsuid, -1) == 1000);
}

/* The parent's ids do not follow a child's setuid: fork copies creds. */
static void test_fork_copies(void)
{
	is(in_child(setuid_root_child), 0,
	   "setuid(1000) by root sets all three uids and empties the caps");
	ok(resuid_is(0, 0, 0), "the parent is still root after its child's setuid");
}

/* ---- keepcaps ---- */

static void keepcaps_child(void)
{
	struct caps root, c;

	CHECK(get_caps(0, &root) == 0);
	CHECK(sc(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_SET_KEEPCAPS, 2, 0, 0, 0) == -EINVAL);
	CHECK(sc(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0) == 1);
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	/* Permitted kept; effective still emptied (euid left 0). */
	CHECK(get_caps(0, &c) == 0 && c.prm == root.prm && c.eff == 0);
	/* They can be made effective again with capset. */
	c.eff = BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == BIT(CAP_CHOWN));
	/* KEEPCAPS does not survive execve, nor do caps of a non-root. */
	execl(sibling_path("exec-helper"), "exec-helper", "creds", "1000",
	      "1000", "1000", "0", "0", (char *)NULL);
	CHECK(0);
}

/* ---- securebits ---- */

/* SECBIT_NO_SETUID_FIXUP: leaving uid 0 keeps every capability. */
static void no_fixup_child(void)
{
	struct caps root, c;

	CHECK(sc(SYS_prctl, PR_GET_SECUREBITS, 0, 0, 0, 0) == 0);
	CHECK(get_caps(0, &root) == 0);
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP, 0, 0,
		 0) == 0);
	CHECK(sc(SYS_prctl, PR_GET_SECUREBITS, 0, 0, 0, 0) ==
	      SECBIT_NO_SETUID_FIXUP);
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS, 1 << 20, 0, 0, 0) == -EPERM);
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(get_caps(0, &c) == 0 && c.eff == root.eff && c.prm == root.prm);
}

/* A locked bit stays; KEEP_CAPS is the same bit PR_SET_KEEPCAPS sets. */
static void lock_child(void)
{
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS,
		 SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0) == 1);
	CHECK(sc(SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0, 0) == -EPERM);
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS, SECBIT_KEEP_CAPS_LOCKED, 0, 0,
		 0) == -EPERM);
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS, SECBIT_KEEP_CAPS, 0, 0, 0) ==
	      -EPERM);
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);	/* drops SETPCAP */
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS,
		 SECBIT_KEEP_CAPS | SECBIT_KEEP_CAPS_LOCKED | SECBIT_NOROOT, 0,
		 0, 0) == -EPERM);
}

/* SECBIT_NOROOT: root's execve gains nothing from being root. */
static void noroot_child(void)
{
	CHECK(sc(SYS_prctl, PR_SET_SECUREBITS, SECBIT_NOROOT, 0, 0, 0) == 0);
	execl(sibling_path("exec-helper"), "exec-helper", "creds", "0", "0",
	      "0", "0", "0", (char *)NULL);
	CHECK(0);
}

/*
 * The ambient set: the way a non-root program keeps a capability
 * across execve (keepcaps, setuid, capset inheritable, raise, exec).
 */
static void ambient_child(void)
{
	const int cap = CAP_NET_BIND_SERVICE;
	struct caps c;

	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) ==
	      -EPERM);			/* not inheritable yet */
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 99, 0, 0) ==
	      -EINVAL);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, 9, cap, 0, 0) == -EINVAL);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0,
		 0) == -EINVAL);
	CHECK(sc(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(get_caps(0, &c) == 0 && (c.prm & BIT(cap)));
	c.eff = c.prm;
	c.inh = BIT(cap);
	CHECK(set_caps(&c) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) ==
	      0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0,
		 0) == 1);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN,
		 0, 0) == -EPERM);	/* permitted, not inheritable */
	/* execve by uid 1000: effective = permitted = ambient, not secure */
	execl(sibling_path("exec-helper"), "exec-helper", "creds", "1000",
	      "1000", "1000", "full", "0", (char *)NULL);
	CHECK(0);
}

/* Lowering inheritable (capset) or LOWER/CLEAR_ALL empty it again. */
static void ambient_lower_child(void)
{
	const int cap = CAP_NET_BIND_SERVICE;
	struct caps c;

	CHECK(get_caps(0, &c) == 0);
	c.inh = BIT(cap) | BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) ==
	      0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, cap, 0, 0) ==
	      0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0,
		 0) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) ==
	      0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN,
		 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0,
		 0) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN,
		 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) ==
	      0);
	c.inh = BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == 0);
	CHECK(sc(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0,
		 0) == 0);
}

/* ---- capget, capset ---- */

static void test_capget(void)
{
	struct cap_header h = { 0, 0 };
	struct cap_data d[3];
	struct caps c;
	int sleeper;

	is(sc(SYS_capget, &h, d), -EINVAL, "capget with version 0 is EINVAL");
	is(h.version, CAP_V3, "... and writes back the preferred version 3");
	h.version = 0;
	is(sc(SYS_capget, &h, NULL), 0,
	   "capget(version 0, NULL) is the probe: 0, not EINVAL");
	is(h.version, CAP_V3, "... and writes back the preferred version 3");
	h.version = CAP_V3;
	is(sc(SYS_capget, &h, NULL), 0,
	   "capget with a NULL data pointer only checks the version");
	is(get_caps(0, &c), 0, "capget v3 of oneself returns 0");
	ok(c.eff && c.eff == c.prm && (c.eff & BIT(CAP_CHOWN)) && !c.inh,
	   "root's effective set is its permitted set, with CAP_CHOWN");
	memset(d, 0xa5, sizeof(d));
	h = (struct cap_header){ CAP_V1, 0 };
	is(sc(SYS_capget, &h, d), 0, "capget v1 returns 0");
	ok(d[0].effective == (unsigned int)c.eff && d[1].effective == 0xa5a5a5a5,
	   "capget v1 writes one 32-bit word per set, no more");
	h = (struct cap_header){ CAP_V3, -1 };
	is(sc(SYS_capget, &h, d), -EINVAL, "capget of pid -1 is EINVAL");
	h = (struct cap_header){ CAP_V3, 999999 };
	is(sc(SYS_capget, &h, d), -ESRCH, "capget of no such pid is ESRCH");
	is(sc(SYS_capget, BAD_USER_ADDR, d), -EFAULT,
	   "capget with a bad header is EFAULT");
	h = (struct cap_header){ CAP_V3, 0 };
	is(sc(SYS_capget, &h, BAD_USER_ADDR), -EFAULT,
	   "capget with a bad data pointer is EFAULT");
	sleeper = spawn_sleeper();
	struct caps other;
	is(get_caps(sleeper, &other), 0, "capget of another process returns 0");
	ok(other.eff == c.eff, "... and its sets (a forked root's: the same)");
	kill(sleeper, SIGKILL);
	waitpid(sleeper, NULL, 0);
}

static void capset_child(void)
{
	struct cap_header h = { CAP_V3, getppid() };
	struct cap_data d[2] = { { 0 } };
	struct caps c, root;

	CHECK(get_caps(0, &root) == 0);
	CHECK(sc(SYS_capset, &h, d) == -EPERM);	/* another process */
	h = (struct cap_header){ 0x12345678, 0 };
	CHECK(sc(SYS_capset, &h, d) == -EINVAL);
	CHECK(h.version == CAP_V3);
	h = (struct cap_header){ CAP_V3, 0 };
	CHECK(sc(SYS_capset, &h, BAD_USER_ADDR) == -EFAULT);
	/* effective must stay inside permitted */
	c = root;
	c.prm &= ~BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == -EPERM);
	c.eff &= ~BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == 0);
	CHECK(get_caps(0, &c) == 0 && !(c.prm & BIT(CAP_CHOWN)));
	/* a capability dropped from permitted cannot come back */
	c.prm |= BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == -EPERM);
	/* inheritable may grow inside permitted (with CAP_SETPCAP anyway) */
	c = root;
	c.eff = c.prm = root.prm & ~BIT(CAP_CHOWN);
	c.inh = BIT(CAP_SETUID);
	CHECK(set_caps(&c) == 0);
	CHECK(get_caps(0, &c) == 0 && c.inh == BIT(CAP_SETUID));
	/* without CAP_SETPCAP, not beyond the old permitted set */
	c.eff = c.prm = c.prm & ~BIT(CAP_SETPCAP);
	CHECK(set_caps(&c) == 0);
	c.inh |= BIT(CAP_CHOWN);
	CHECK(set_caps(&c) == -EPERM);
}

/* ---- prctl: bounding set and name ---- */

static void capbset_child(void)
{
	CHECK(sc(SYS_prctl, PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 1);
	CHECK(sc(SYS_prctl, PR_CAPBSET_READ, CAP_LAST_CAP + 1, 0, 0, 0) ==
	      -EINVAL);
	CHECK(sc(SYS_prctl, PR_CAPBSET_READ, -1, 0, 0, 0) == -EINVAL);
	CHECK(sc(SYS_prctl, PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 0);
	CHECK(sc(SYS_prctl, PR_CAPBSET_DROP, CAP_LAST_CAP + 1, 0, 0, 0) ==
	      -EINVAL);
	/* Dropped from the bounding set: root's next execve lacks it. */
	if (fork() == 0) {
		struct caps c;

		CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
		/* no CAP_SETPCAP: EPERM */
		CHECK(sc(SYS_prctl, PR_CAPBSET_DROP, CAP_SETUID, 0, 0, 0) ==
		      -EPERM);
		CHECK(get_caps(0, &c) == 0);
		_exit(0);
	}
	int status;
	wait(&status);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Root's execve: permitted = bounding set, effective too (root's rule). */
static void exec_bset_child(void)
{
	struct caps c;

	CHECK(sc(SYS_prctl, PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0) == 0);
	if (fork() == 0) {
		execl(sibling_path("exec-helper"), "exec-helper", "creds", "0",
		      "0", "0", "full", "0", (char *)NULL);
		_exit(99);
	}
	int status;
	wait(&status);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The exec'd program's sets lack the dropped capability: read
	 * them in another exec'd child, through capget of its pid. */
	pid_t pid = fork();
	if (pid == 0) {
		execl(sibling_path("exec-helper"), "exec-helper", "pause",
		      (char *)NULL);
		_exit(99);
	}
	for (int ms = 0; ms < STATE_WAIT_MS; ms += 10) {
		CHECK(get_caps(pid, &c) == 0);
		if (!(c.prm & BIT(CAP_CHOWN)))
			break;
		sleep_ms(10);	/* until the exec has happened */
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(!(c.prm & BIT(CAP_CHOWN)) && (c.prm & BIT(CAP_SETUID)));
}

static void test_prctl_name(void)
{
	char name[32];

	is(sc(SYS_prctl, PR_SET_NAME, "nook-cred-test-long-name", 0, 0, 0), 0,
	   "PR_SET_NAME returns 0");
	memset(name, 'x', sizeof(name));
	is(sc(SYS_prctl, PR_GET_NAME, name, 0, 0, 0), 0,
	   "PR_GET_NAME returns 0");
	ok(strcmp(name, "nook-cred-test-") == 0,
	   "the name is cut to 15 bytes and a NUL: '%.16s'", name);
	is(sc(SYS_prctl, PR_SET_NAME, BAD_USER_ADDR, 0, 0, 0), -EFAULT,
	   "PR_SET_NAME with a bad pointer is EFAULT");
	is(sc(SYS_prctl, PR_GET_NAME, KERNEL_ADDR, 0, 0, 0), -EFAULT,
	   "PR_GET_NAME with a kernel pointer is EFAULT");
	is(sc(SYS_prctl, 0x7ffffff0, 0, 0, 0, 0), -EINVAL,
	   "an unknown prctl option is EINVAL");
	sc(SYS_prctl, PR_SET_NAME, "utest", 0, 0, 0);
}

/* A setuid(1000) child's exec: no caps, ids kept, not AT_SECURE. */
static void exec_nonroot_child(void)
{
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	execl(sibling_path("exec-helper"), "exec-helper", "creds", "1000",
	      "1000", "1000", "0", "0", (char *)NULL);
	CHECK(0);
}

/* Real uid 1000, effective 0: exec keeps euid 0 with full caps. */
static void exec_euid0_child(void)
{
	CHECK(sc(SYS_setresuid, 1000, 0, 0) == 0);
	execl(sibling_path("exec-helper"), "exec-helper", "creds", "1000",
	      "0", "0", "full", "1", (char *)NULL);
	CHECK(0);
}

/* siginfo's si_uid: the sender's real uid (kill), the child's (wait). */
static volatile int got_uid = -1;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	got_uid = si->si_uid;
}

static void kill_uid_child(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1,
				.sa_flags = SA_SIGINFO };

	sigaction(SIGUSR1, &sa, NULL);
	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(sc(SYS_kill, sc(SYS_getpid), SIGUSR1) == 0);
	CHECK(got_uid == 1000);
}

static void test_siginfo_uid(void)
{
	siginfo_t si = { 0 };
	pid_t pid = fork();

	if (pid == 0) {
		sc(SYS_setresuid, 2000, 2000, 2000);
		_exit(0);
	}
	is(sc(SYS_waitid, P_PID, pid, &si, WEXITED, NULL), 0, "waitid");
	is(si.si_uid, 2000, "waitid's si_uid is the child's real uid");
	is(in_child(kill_uid_child), 0, "kill's si_uid is the sender's real uid");
}

/*
 * What a uid 1000 process may not do to root's: signal it (kill(2):
 * EPERM, but SIGCONT within the session), read or set its limits
 * (prlimit(2)), raise its own hard limit, reboot (reboot(2): EPERM
 * comes before the magic numbers' EINVAL).
 */
static void unprivileged_child(void)
{
	struct { unsigned long cur, max; } rl, old;
	pid_t root = getppid(), mate;

	CHECK(sc(SYS_setresuid, 1000, 1000, 1000) == 0);
	CHECK(sc(SYS_kill, root, 0) == -EPERM);
	CHECK(sc(SYS_kill, root, SIGUSR2) == -EPERM);
	CHECK(sc(SYS_kill, root, SIGCONT) == 0);	/* same session */
	mate = fork();
	if (mate == 0) {
		pause();
		_exit(0);
	}
	CHECK(sc(SYS_kill, mate, 0) == 0);		/* same uid */
	CHECK(sc(SYS_kill, mate, SIGKILL) == 0);
	waitpid(mate, NULL, 0);
	CHECK(sc(SYS_reboot, 0, 0, 0, NULL) == -EPERM);
	CHECK(sc(SYS_syslog, 9 /* SIZE_UNREAD */, NULL, 0) == -EPERM);
	CHECK(sc(SYS_syslog, 5 /* CLEAR */, NULL, 0) == -EPERM);
	/* mount and umount2 need CAP_SYS_ADMIN; umount's after the walk */
	CHECK(sc(SYS_mount, "none", "/", "tmpfs", 0, NULL) == -EPERM);
	CHECK(sc(SYS_umount2, "/", 0) == -EPERM);
	CHECK(sc(SYS_umount2, "/nonexistent-nook", 0) == -ENOENT);
	CHECK(sc(SYS_prlimit64, root, RLIMIT_NOFILE, NULL, &old) == -EPERM);
	CHECK(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old) == 0);
	rl.cur = rl.max = 100;
	CHECK(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL) == 0);
	rl.max = 200;
	CHECK(sc(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, NULL) == -EPERM);
}

/* /proc/self/status shows the creds (proc(5): Uid, Gid, Groups, Cap*). */
static void proc_status_child(void)
{
	unsigned int groups[2] = { 6, 5 };
	char buf[4096];
	int fd, n;

	if (access("/proc/self", F_OK) != 0) {	/* Nook: init did not mount it */
		mkdir("/proc", 0555);
		CHECK(mount("proc", "/proc", "proc", 0, NULL) == 0);
	}
	CHECK(sc(SYS_setgroups, 2, groups) == 0);
	CHECK(sc(SYS_setresgid, 100, 200, 300) == 0);
	CHECK(sc(SYS_setresuid, 1000, 2000, 3000) == 0);
	fd = open("/proc/self/status", O_RDONLY);
	CHECK(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n] = '\0';
	CHECK(strstr(buf, "\nUid:\t1000\t2000\t3000\t2000\n"));
	CHECK(strstr(buf, "\nGid:\t100\t200\t300\t200\n"));
	CHECK(strstr(buf, "\nGroups:\t5 6 \n"));
	CHECK(strstr(buf, "\nCapEff:\t0000000000000000\n"));
	CHECK(strstr(buf, "\nCapPrm:\t0000000000000000\n"));
}

void suite_cred(void)
{
	tap_plan(54);
	test_root_ids();
	is(in_child(groups_child), 0,
	   "setgroups/getgroups: sorted list, EINVAL, EFAULT, EPERM");
	test_fork_copies();
	is(in_child(seteuid_child), 0,
	   "saved uid 0 keeps permitted; euid back to 0 restores effective");
	is(in_child(setresuid_child), 0,
	   "setresuid unprivileged: only current ids (EPERM otherwise)");
	is(in_child(setreuid_child), 0,
	   "setreuid: the saved uid follows, EPERM for a new id");
	is(in_child(setgid_child), 0,
	   "setresgid, setregid, setgid: the same rules for groups");
	is(in_child(setfsuid_child), 0,
	   "setfsuid returns the old fsuid and drops the fs capabilities");
	is(in_child(keepcaps_child), 0,
	   "PR_SET_KEEPCAPS keeps permitted across setuid, not across execve");
	is(in_child(no_fixup_child), 0,
	   "SECBIT_NO_SETUID_FIXUP: setuid away from 0 keeps the capabilities");
	is(in_child(lock_child), 0,
	   "a locked securebit cannot change (EPERM), nor without CAP_SETPCAP");
	is(in_child(noroot_child), 0,
	   "SECBIT_NOROOT: root's execve gets no capabilities");
	is(in_child(ambient_child), 0,
	   "PR_CAP_AMBIENT: a raised capability survives uid 1000's execve");
	is(in_child(ambient_lower_child), 0,
	   "PR_CAP_AMBIENT LOWER, CLEAR_ALL, and capset's inheritable limit");
	test_capget();
	is(in_child(capset_child), 0,
	   "capset: EPERM for others, growing permitted or inheritable");
	is(in_child(capbset_child), 0,
	   "PR_CAPBSET_READ/DROP: EINVAL past CAP_LAST_CAP, EPERM unprivileged");
	is(in_child(exec_bset_child), 0,
	   "root's execve: permitted = bounding set, dropped caps stay out");
	test_prctl_name();
	is(in_child(exec_nonroot_child), 0,
	   "execve by uid 1000: no capabilities, AT_SECURE 0");
	is(in_child(exec_euid0_child), 0,
	   "execve with euid 0 only: full effective set, AT_SECURE 1");
	test_siginfo_uid();
	is(in_child(unprivileged_child), 0,
	   "uid 1000: kill (SIGCONT allowed), prlimit, reboot, syslog, mount: EPERM");
	is(in_child(proc_status_child), 0,
	   "/proc/self/status: Uid, Gid, Groups and Cap lines from the creds");
}

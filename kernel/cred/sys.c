// kernel/cred/sys.c — the id calls: get/set of the real, effective,
// saved and filesystem user and group ids.
//
// Linux: kernel/sys.c (__sys_setuid, __sys_setreuid, __sys_setresuid,
// __sys_setfsuid and their gid twins, getresuid...). Each setter maps
// the ids through the caller's user namespace (EINVAL if unmappable),
// decides with credentials(7)'s rules whether an unprivileged caller
// may have them (EPERM), then prepares, edits and commits new creds.
// The uid setters also apply capabilities(7)'s rules for uid changes
// (cap_task_fix_setuid). Not done: RLIMIT_NPROC's check on a real uid
// change (set_user), since Nook does not count processes per user yet.

#include <nook/cred.h>
#include <nook/errno.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define NO_ID	((uid_t)-1)	/* "leave this id unchanged" */

static uid_t uid_out(kuid_t kuid)
{
	return from_kuid_munged(current_user_ns(), kuid);
}

static gid_t gid_out(kgid_t kgid)
{
	return from_kgid_munged(current_user_ns(), kgid);
}

SYSCALL_DEFINE0(getuid)
{
	return uid_out(current_uid());
}

SYSCALL_DEFINE0(geteuid)
{
	return uid_out(current_euid());
}

SYSCALL_DEFINE0(getgid)
{
	return gid_out(current_gid());
}

SYSCALL_DEFINE0(getegid)
{
	return gid_out(current_egid());
}

SYSCALL_DEFINE3(getresuid, uid_t __user *, ruidp, uid_t __user *, euidp,
		uid_t __user *, suidp)
{
	const struct cred *cred = current_cred();

	if (put_user(uid_out(cred->uid), ruidp) ||
	    put_user(uid_out(cred->euid), euidp) ||
	    put_user(uid_out(cred->suid), suidp))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresgid, gid_t __user *, rgidp, gid_t __user *, egidp,
		gid_t __user *, sgidp)
{
	const struct cred *cred = current_cred();

	if (put_user(gid_out(cred->gid), rgidp) ||
	    put_user(gid_out(cred->egid), egidp) ||
	    put_user(gid_out(cred->sgid), sgidp))
		return -EFAULT;
	return 0;
}

/* Commit new, or throw it away if err; returns err. */
static long finish_setid(struct cred *new, long err)
{
	if (err) {
		abort_creds(new);
		return err;
	}
	return commit_creds(new);
}

/*
 * setuid(2): with CAP_SETUID all three of real, effective and saved;
 * otherwise only the effective one, and only back to the real or saved.
 */
SYSCALL_DEFINE1(setuid, uid_t, uid)
{
	const struct cred *old = current_cred();
	kuid_t kuid = make_kuid(old->user_ns, uid);
	struct cred *new;

	if (!uid_valid(kuid))
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (ns_capable(old->user_ns, CAP_SETUID)) {
		new->uid = new->suid = kuid;
	} else if (!uid_eq(kuid, old->uid) && !uid_eq(kuid, old->suid)) {
		return finish_setid(new, -EPERM);
	}
	new->euid = new->fsuid = kuid;
	return finish_setid(new, cap_task_fix_setuid(new, old, LSM_SETID_ID));
}

SYSCALL_DEFINE1(setgid, gid_t, gid)
{
	const struct cred *old = current_cred();
	kgid_t kgid = make_kgid(old->user_ns, gid);
	struct cred *new;

	if (!gid_valid(kgid))
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (ns_capable(old->user_ns, CAP_SETGID))
		new->gid = new->sgid = kgid;
	else if (!gid_eq(kgid, old->gid) && !gid_eq(kgid, old->sgid))
		return finish_setid(new, -EPERM);
	new->egid = new->fsgid = kgid;
	return finish_setid(new, 0);
}

/*
 * setreuid(2): unprivileged, the real uid may become the effective
 * one, and the effective one the real or saved one. The saved uid
 * follows the new effective one when the real uid is set, or the
 * effective one is set to anything but the (old) real uid.
 */
SYSCALL_DEFINE2(setreuid, uid_t, ruid, uid_t, euid)
{
	const struct cred *old = current_cred();
	kuid_t kruid = make_kuid(old->user_ns, ruid);
	kuid_t keuid = make_kuid(old->user_ns, euid);
	bool cap = ns_capable(old->user_ns, CAP_SETUID);
	struct cred *new;

	if ((ruid != NO_ID && !uid_valid(kruid)) ||
	    (euid != NO_ID && !uid_valid(keuid)))
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (ruid != NO_ID) {
		new->uid = kruid;
		if (!uid_eq(old->uid, kruid) && !uid_eq(old->euid, kruid) &&
		    !cap)
			return finish_setid(new, -EPERM);
	}
	if (euid != NO_ID) {
		new->euid = keuid;
		if (!uid_eq(old->uid, keuid) && !uid_eq(old->euid, keuid) &&
		    !uid_eq(old->suid, keuid) && !cap)
			return finish_setid(new, -EPERM);
	}
	if (ruid != NO_ID || (euid != NO_ID && !uid_eq(keuid, old->uid)))
		new->suid = new->euid;
	new->fsuid = new->euid;
	return finish_setid(new, cap_task_fix_setuid(new, old, LSM_SETID_RE));
}

SYSCALL_DEFINE2(setregid, gid_t, rgid, gid_t, egid)
{
	const struct cred *old = current_cred();
	kgid_t krgid = make_kgid(old->user_ns, rgid);
	kgid_t kegid = make_kgid(old->user_ns, egid);
	bool cap = ns_capable(old->user_ns, CAP_SETGID);
	struct cred *new;

	if ((rgid != NO_ID && !gid_valid(krgid)) ||
	    (egid != NO_ID && !gid_valid(kegid)))
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (rgid != NO_ID) {
		new->gid = krgid;
		if (!gid_eq(old->gid, krgid) && !gid_eq(old->egid, krgid) &&
		    !cap)
			return finish_setid(new, -EPERM);
	}
	if (egid != NO_ID) {
		new->egid = kegid;
		if (!gid_eq(old->gid, kegid) && !gid_eq(old->egid, kegid) &&
		    !gid_eq(old->sgid, kegid) && !cap)
			return finish_setid(new, -EPERM);
	}
	if (rgid != NO_ID || (egid != NO_ID && !gid_eq(kegid, old->gid)))
		new->sgid = new->egid;
	new->fsgid = new->egid;
	return finish_setid(new, 0);
}

/* For setresuid: is id none of the old real, effective and saved? */
static bool uid_is_new(uid_t id, kuid_t kid, const struct cred *old)
{
	return id != NO_ID && !uid_eq(kid, old->uid) &&
	       !uid_eq(kid, old->euid) && !uid_eq(kid, old->suid);
}

static bool gid_is_new(gid_t id, kgid_t kid, const struct cred *old)
{
	return id != NO_ID && !gid_eq(kid, old->gid) &&
	       !gid_eq(kid, old->egid) && !gid_eq(kid, old->sgid);
}

/*
 * setresuid(2): unprivileged, each of the three may take the value of
 * any of the current three; CAP_SETUID allows anything. -1 keeps one.
 */
SYSCALL_DEFINE3(setresuid, uid_t, ruid, uid_t, euid, uid_t, suid)
{
	const struct cred *old = current_cred();
	struct user_namespace *ns = old->user_ns;
	kuid_t kruid = make_kuid(ns, ruid), keuid = make_kuid(ns, euid);
	kuid_t ksuid = make_kuid(ns, suid);
	struct cred *new;

	if ((ruid != NO_ID && !uid_valid(kruid)) ||
	    (euid != NO_ID && !uid_valid(keuid)) ||
	    (suid != NO_ID && !uid_valid(ksuid)))
		return -EINVAL;
	/* Nothing would change: done, without even a new cred. */
	if ((ruid == NO_ID || uid_eq(kruid, old->uid)) &&
	    (euid == NO_ID || (uid_eq(keuid, old->euid) &&
			       uid_eq(keuid, old->fsuid))) &&
	    (suid == NO_ID || uid_eq(ksuid, old->suid)))
		return 0;
	if ((uid_is_new(ruid, kruid, old) || uid_is_new(euid, keuid, old) ||
	     uid_is_new(suid, ksuid, old)) && !ns_capable(ns, CAP_SETUID))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (ruid != NO_ID)
		new->uid = kruid;
	if (euid != NO_ID)
		new->euid = keuid;
	if (suid != NO_ID)
		new->suid = ksuid;
	new->fsuid = new->euid;
	return finish_setid(new, cap_task_fix_setuid(new, old, LSM_SETID_RES));
}

SYSCALL_DEFINE3(setresgid, gid_t, rgid, gid_t, egid, gid_t, sgid)
{
	const struct cred *old = current_cred();
	struct user_namespace *ns = old->user_ns;
	kgid_t krgid = make_kgid(ns, rgid), kegid = make_kgid(ns, egid);
	kgid_t ksgid = make_kgid(ns, sgid);
	struct cred *new;

	if ((rgid != NO_ID && !gid_valid(krgid)) ||
	    (egid != NO_ID && !gid_valid(kegid)) ||
	    (sgid != NO_ID && !gid_valid(ksgid)))
		return -EINVAL;
	if ((rgid == NO_ID || gid_eq(krgid, old->gid)) &&
	    (egid == NO_ID || (gid_eq(kegid, old->egid) &&
			       gid_eq(kegid, old->fsgid))) &&
	    (sgid == NO_ID || gid_eq(ksgid, old->sgid)))
		return 0;
	if ((gid_is_new(rgid, krgid, old) || gid_is_new(egid, kegid, old) ||
	     gid_is_new(sgid, ksgid, old)) && !ns_capable(ns, CAP_SETGID))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (rgid != NO_ID)
		new->gid = krgid;
	if (egid != NO_ID)
		new->egid = kegid;
	if (sgid != NO_ID)
		new->sgid = ksgid;
	new->fsgid = new->egid;
	return finish_setid(new, 0);
}

/*
 * setfsuid(2): always returns the old fsuid, whether or not it changed
 * anything (so "setfsuid(-1)" reads it). The new one must be one of the
 * real, effective, saved or current fs uids, or CAP_SETUID held.
 */
SYSCALL_DEFINE1(setfsuid, uid_t, uid)
{
	const struct cred *old = current_cred();
	uid_t old_fsuid = uid_out(old->fsuid);
	kuid_t kuid = make_kuid(old->user_ns, uid);
	struct cred *new;

	if (!uid_valid(kuid) || uid_eq(kuid, old->fsuid))
		return old_fsuid;
	if (!uid_eq(kuid, old->uid) && !uid_eq(kuid, old->euid) &&
	    !uid_eq(kuid, old->suid) && !ns_capable(old->user_ns, CAP_SETUID))
		return old_fsuid;
	new = prepare_creds();
	if (!new)
		return old_fsuid;
	new->fsuid = kuid;
	finish_setid(new, cap_task_fix_setuid(new, old, LSM_SETID_FS));
	return old_fsuid;
}

SYSCALL_DEFINE1(setfsgid, gid_t, gid)
{
	const struct cred *old = current_cred();
	gid_t old_fsgid = gid_out(old->fsgid);
	kgid_t kgid = make_kgid(old->user_ns, gid);
	struct cred *new;

	if (!gid_valid(kgid) || gid_eq(kgid, old->fsgid))
		return old_fsgid;
	if (!gid_eq(kgid, old->gid) && !gid_eq(kgid, old->egid) &&
	    !gid_eq(kgid, old->sgid) && !ns_capable(old->user_ns, CAP_SETGID))
		return old_fsgid;
	new = prepare_creds();
	if (!new)
		return old_fsgid;
	new->fsgid = kgid;
	finish_setid(new, 0);
	return old_fsgid;
}

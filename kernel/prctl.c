// kernel/prctl.c — prctl(2): the options Nook has so far.
//
// Linux: kernel/sys.c (prctl, PR_SET_NAME/PR_GET_NAME, PR_GET_DUMPABLE/
// PR_SET_DUMPABLE) and
// security/commoncap.c (cap_task_prctl: PR_CAPBSET_*, PR_*_KEEPCAPS,
// PR_*_SECUREBITS, PR_CAP_AMBIENT).
// Options Nook does not implement answer EINVAL, as Linux does for an
// option it does not know.

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/sched/coredump.h>
#include <nook/string.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define PR_GET_KEEPCAPS		7
#define PR_SET_KEEPCAPS		8
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define PR_CAPBSET_READ		23
#define PR_CAPBSET_DROP		24
#define PR_GET_SECUREBITS	27
#define PR_SET_SECUREBITS	28
#define PR_CAP_AMBIENT		47
#define PR_CAP_AMBIENT_IS_SET		1
#define PR_CAP_AMBIENT_RAISE		2
#define PR_CAP_AMBIENT_LOWER		3
#define PR_CAP_AMBIENT_CLEAR_ALL	4

/*
 * A process may make itself non-dumpable, or dumpable again (to its own
 * user: SUID_DUMP_ROOT is for the kernel's suid_dumpable to choose).
 */
static long prctl_set_dumpable(unsigned long value)
{
	if (value != SUID_DUMP_DISABLE && value != SUID_DUMP_USER)
		return -EINVAL;
	set_dumpable(current->mm, value);
	return 0;
}

/* Commit creds whose securebits or bounding set changed. */
static long prctl_set_keepcaps(unsigned long on)
{
	struct cred *new;

	if (on > 1)
		return -EINVAL;
	if (current_cred()->securebits &
	    issecure_mask(SECURE_KEEP_CAPS_LOCKED))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (on)
		new->securebits |= issecure_mask(SECURE_KEEP_CAPS);
	else
		new->securebits &= ~issecure_mask(SECURE_KEEP_CAPS);
	return commit_creds(new);
}

/*
 * PR_SET_SECUREBITS (capabilities(7), "The securebits flags"): needs
 * CAP_SETPCAP; a locked bit can change no more, a lock never goes, and
 * bits Nook does not know are refused, all with EPERM.
 */
static long prctl_set_securebits(unsigned long bits)
{
	unsigned int old = current_cred()->securebits;
	struct cred *new;

	if ((((old & SECURE_ALL_LOCKS) >> 1) & (old ^ bits)) ||
	    (old & SECURE_ALL_LOCKS & ~bits) ||
	    (bits & ~(unsigned long)(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) ||
	    !ns_capable(current_user_ns(), CAP_SETPCAP))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	new->securebits = bits;
	return commit_creds(new);
}

/*
 * PR_CAP_AMBIENT (capabilities(7), "Ambient capability set"): a
 * capability may enter the ambient set only if it is both permitted
 * and inheritable, and SECBIT_NO_CAP_AMBIENT_RAISE is clear (EPERM);
 * from there execve gives it to a program without file capabilities.
 */
static long prctl_cap_ambient(unsigned long op, unsigned long cap,
			      unsigned long arg4, unsigned long arg5)
{
	const struct cred *old = current_cred();
	struct cred *new;

	if (op == PR_CAP_AMBIENT_CLEAR_ALL) {
		if (cap || arg4 || arg5)
			return -EINVAL;
	} else {
		if (!cap_valid(cap) || arg4 || arg5)
			return -EINVAL;
		if (op == PR_CAP_AMBIENT_IS_SET)
			return cap_raised(old->cap_ambient, cap);
		if (op != PR_CAP_AMBIENT_RAISE && op != PR_CAP_AMBIENT_LOWER)
			return -EINVAL;
		if (op == PR_CAP_AMBIENT_RAISE &&
		    (!cap_raised(old->cap_permitted, cap) ||
		     !cap_raised(old->cap_inheritable, cap) ||
		     (old->securebits &
		      issecure_mask(SECURE_NO_CAP_AMBIENT_RAISE))))
			return -EPERM;
	}
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	if (op == PR_CAP_AMBIENT_CLEAR_ALL)
		cap_clear(&new->cap_ambient);
	else if (op == PR_CAP_AMBIENT_RAISE)
		cap_raise(&new->cap_ambient, cap);
	else
		cap_lower(&new->cap_ambient, cap);
	return commit_creds(new);
}

/* Dropping from the bounding set needs CAP_SETPCAP, and cannot be undone. */
static long prctl_capbset_drop(unsigned long cap)
{
	struct cred *new;

	if (!ns_capable(current_user_ns(), CAP_SETPCAP))
		return -EPERM;
	if (!cap_valid(cap))
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	cap_lower(&new->cap_bset, cap);
	return commit_creds(new);
}

static long prctl_set_name(const char __user *name)
{
	char comm[TASK_COMM_LEN];
	long n = strncpy_from_user(comm, name, sizeof(comm) - 1);

	if (n < 0)
		return -EFAULT;
	comm[n] = '\0';		/* longer names are cut, as in Linux */
	set_task_comm(current, comm);
	return 0;
}

static long prctl_get_name(char __user *name)
{
	char comm[TASK_COMM_LEN];

	strlcpy(comm, current->comm, sizeof(comm));
	if (copy_to_user(name, comm, sizeof(comm)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	switch (option) {
	case PR_GET_DUMPABLE:
		return get_dumpable(current->mm);
	case PR_SET_DUMPABLE:
		return prctl_set_dumpable(arg2);
	case PR_GET_KEEPCAPS:
		return !!(current_cred()->securebits &
			  issecure_mask(SECURE_KEEP_CAPS));
	case PR_SET_KEEPCAPS:
		return prctl_set_keepcaps(arg2);
	case PR_CAPBSET_READ:
		if (!cap_valid(arg2))
			return -EINVAL;
		return cap_raised(current_cred()->cap_bset, arg2);
	case PR_CAPBSET_DROP:
		return prctl_capbset_drop(arg2);
	case PR_GET_SECUREBITS:
		return current_cred()->securebits;
	case PR_SET_SECUREBITS:
		return prctl_set_securebits(arg2);
	case PR_CAP_AMBIENT:
		return prctl_cap_ambient(arg2, arg3, arg4, arg5);
	case PR_SET_NAME:
		return prctl_set_name((const char __user *)arg2);
	case PR_GET_NAME:
		return prctl_get_name((char __user *)arg2);
	default:
		return -EINVAL;
	}
}

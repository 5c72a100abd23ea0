// kernel/cred/capability.c — asking for a capability (capable,
// ns_capable, file_ns_capable, has_capability) and capget(2)/capset(2).
//
// Linux: kernel/capability.c. Every privileged act in the kernel asks
// ns_capable(ns, CAP_X): does the current task's effective set hold
// CAP_X over the user namespace that owns the object? The answer
// itself is cap_capable's (commoncap.c).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/panic.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

bool ns_capable(struct user_namespace *ns, int cap)
{
	if (WARN_ON(!cap_valid(cap)))
		return false;
	return cap_capable(current_cred(), ns, cap) == 0;
}

bool capable(int cap)
{
	return ns_capable(&init_user_ns, cap);
}

/* Asked with the opener's creds: what the file was opened with counts. */
bool file_ns_capable(const struct file *file, struct user_namespace *ns,
		     int cap)
{
	if (WARN_ON(!cap_valid(cap)))
		return false;
	return cap_capable(file->f_cred, ns, cap) == 0;
}

bool has_ns_capability(struct task_struct *t, struct user_namespace *ns,
		       int cap)
{
	int ret;

	rcu_read_lock();
	ret = cap_capable(__task_cred(t), ns, cap);
	rcu_read_unlock();
	return ret == 0;
}

bool has_capability(struct task_struct *t, int cap)
{
	return has_ns_capability(t, &init_user_ns, cap);
}

/*
 * Capable in current's namespace, over an inode whose owner and group
 * that namespace can name (else no one there may override its mode).
 */
bool capable_wrt_inode_uidgid(const struct inode *inode, int cap)
{
	struct user_namespace *ns = current_user_ns();

	return ns_capable(ns, cap) && kuid_has_mapping(ns, inode->i_uid) &&
	       kgid_has_mapping(ns, inode->i_gid);
}

/* ---- capget(2), capset(2) ---- */

/*
 * The header's version says how many 32-bit words each set has. An
 * unknown one is EINVAL, and the version the kernel prefers is written
 * back, so a program can ask which to use.
 */
static int cap_validate_magic(struct __user_cap_header_struct __user *header,
			      unsigned int *tocopy)
{
	u32 version;

	if (get_user(version, &header->version))
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		*tocopy = _LINUX_CAPABILITY_U32S_1;
		return 0;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		*tocopy = _LINUX_CAPABILITY_U32S_3;
		return 0;
	default:
		if (put_user((u32)_LINUX_CAPABILITY_VERSION_3,
			     &header->version))
			return -EFAULT;
		return -EINVAL;
	}
}

/* pid 0 is the caller; another task's objective sets (a zombie's too). */
static int cap_get_target_pid(pid_t pid, kernel_cap_t *e, kernel_cap_t *i,
			      kernel_cap_t *p)
{
	struct task_struct *t = current;
	const struct cred *cred;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid && pid != task_pid_nr(current))
		t = find_task_by_vpid(pid);
	if (!t) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ESRCH;
	}
	rcu_read_lock();
	cred = __task_cred(t);
	*e = cred->cap_effective;
	*i = cred->cap_inheritable;
	*p = cred->cap_permitted;
	rcu_read_unlock();
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

SYSCALL_DEFINE2(capget, struct __user_cap_header_struct __user *, header,
		struct __user_cap_data_struct __user *, dataptr)
{
	struct __user_cap_data_struct kdata[_LINUX_CAPABILITY_U32S_3];
	kernel_cap_t e, i, p;
	unsigned int tocopy;
	int pid, err;

	err = cap_validate_magic(header, &tocopy);
	/*
	 * A NULL data pointer only asks which version to use: even an
	 * unknown version then answers 0, with the preferred one written
	 * back (libcap probes so).
	 */
	if (!dataptr)
		return err == -EINVAL ? 0 : err;
	if (err)
		return err;
	if (get_user(pid, &header->pid))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	err = cap_get_target_pid(pid, &e, &i, &p);
	if (err)
		return err;
	for (unsigned int w = 0; w < tocopy; w++) {
		kdata[w].effective = e.val >> (32 * w);
		kdata[w].permitted = p.val >> (32 * w);
		kdata[w].inheritable = i.val >> (32 * w);
	}
	if (copy_to_user(dataptr, kdata, tocopy * sizeof(kdata[0])))
		return -EFAULT;
	return 0;
}

static kernel_cap_t mk_kernel_cap(u32 low, u32 high)
{
	return (kernel_cap_t){ (low | ((u64)high << 32)) & CAP_VALID_MASK };
}

/*
 * capset(2): only on oneself (another pid is EPERM, as since Linux
 * 2.6.24); the new sets must obey cap_capset's limits.
 */
SYSCALL_DEFINE2(capset, struct __user_cap_header_struct __user *, header,
		const struct __user_cap_data_struct __user *, data)
{
	struct __user_cap_data_struct kdata[_LINUX_CAPABILITY_U32S_3] = {};
	kernel_cap_t e, i, p;
	unsigned int tocopy;
	struct cred *new;
	int pid, err;

	err = cap_validate_magic(header, &tocopy);
	if (err)
		return err;
	if (get_user(pid, &header->pid))
		return -EFAULT;
	if (pid != 0 && pid != task_pid_nr(current))
		return -EPERM;
	if (copy_from_user(kdata, data, tocopy * sizeof(kdata[0])))
		return -EFAULT;
	e = mk_kernel_cap(kdata[0].effective, kdata[1].effective);
	p = mk_kernel_cap(kdata[0].permitted, kdata[1].permitted);
	i = mk_kernel_cap(kdata[0].inheritable, kdata[1].inheritable);

	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	err = cap_capset(new, current_cred(), &e, &i, &p);
	if (err) {
		abort_creds(new);
		return err;
	}
	return commit_creds(new);
}

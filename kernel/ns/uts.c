// kernel/ns/uts.c — the UTS namespace: hostname and domain name per
// namespace, and the system calls that set them.
//
// Linux: kernel/utsname.c (copy_utsname, clone_uts_ns, free_uts_ns,
// utsns_operations), init/version.c (init_uts_ns) and kernel/sys.c
// (sethostname, setdomainname; uname stays in kernel/sys.c here too).
// A new namespace starts as a copy of its parent's names; changing one
// never shows in the other. Its owner is the user namespace of the task
// that made it: that owner's CAP_SYS_ADMIN is what sethostname checks.
//
// Lock order: uts_sem is a leaf.

#include <nook/capability.h>
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/nsproxy.h>
#include <nook/panic.h>
#include <nook/proc_ns.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <nook/utsname.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define UTS_SYSNAME	"Nook"
/* >= 3.2.0 for glibc; 6.1 is the Linux Nook's behaviour is checked against. */
#define UTS_RELEASE	"6.1.0-nook"
/* Linux: "#1 SMP <date>" from the generated compile.h; here, this file's build. */
#define UTS_VERSION	"#1 SMP " __DATE__ " " __TIME__
#define UTS_MACHINE	"x86_64"
#define UTS_NODENAME	"(none)"
#define UTS_DOMAINNAME	"(none)"


DEFINE_SPINLOCK(uts_sem);

/*
 * The initial namespace: pid 0's, and through fork everyone's until
 * someone asks for a new one. Nook is not Linux, so sysname says "Nook";
 * programs that check the release against a minimum (glibc refuses
 * anything older than 3.2.0) read a Linux-shaped version number, the
 * release of the Linux whose system-call ABI Nook follows. nodename and
 * domainname start as Linux's "(none)". Never freed: its count starts
 * at 1 for init_nsproxy, which is never freed either.
 */
struct uts_namespace init_uts_ns = {
	.name = {
		.sysname	= UTS_SYSNAME,
		.nodename	= UTS_NODENAME,
		.release	= UTS_RELEASE,
		.version	= UTS_VERSION,
		.machine	= UTS_MACHINE,
		.domainname	= UTS_DOMAINNAME,
	},
	.user_ns = &init_user_ns,
	.ns = {
		.ops = &utsns_operations,
		.inum = PROC_UTS_INIT_INO,
		.count = 1,
	},
};

static struct kmem_cache *uts_ns_cache;

void uts_ns_init(void)
{
	uts_ns_cache = kmem_cache_create("uts_namespace",
					 sizeof(struct uts_namespace), 0,
					 0, NULL);
	BUG_ON(!uts_ns_cache);
}

unsigned long uts_ns_live(void)
{
	return kmem_cache_live(uts_ns_cache);
}

/* A copy of old_ns's names, owned by user_ns, with a number of its own. */
static struct uts_namespace *clone_uts_ns(struct user_namespace *user_ns,
					  struct uts_namespace *old_ns)
{
	struct uts_namespace *ns = kmem_cache_zalloc(uts_ns_cache);
	int err;

	if (!ns)
		return ERR_PTR(-ENOMEM);
	err = ns_alloc_inum(&ns->ns);
	if (err) {
		kmem_cache_free(uts_ns_cache, ns);
		return ERR_PTR(err);
	}
	ns->ns.ops = &utsns_operations;
	ns->ns.count = 1;
	ns->user_ns = get_user_ns(user_ns);
	spin_lock(&uts_sem);
	memcpy(&ns->name, &old_ns->name, sizeof(ns->name));
	spin_unlock(&uts_sem);
	return ns;
}

struct uts_namespace *copy_utsname(u64 flags, struct user_namespace *user_ns,
				   struct uts_namespace *old_ns)
{
	struct uts_namespace *new_ns;

	BUG_ON(!old_ns);
	get_uts_ns(old_ns);
	if (!(flags & CLONE_NEWUTS))
		return old_ns;
	new_ns = clone_uts_ns(user_ns, old_ns);
	put_uts_ns(old_ns);
	return new_ns;
}

/*
 * The last reference is gone: no nsproxy points here any more, so no
 * task can reach the names, and uname's readers only ever read their
 * own task's namespace, which holds a reference while they do.
 */
void free_uts_ns(struct uts_namespace *ns)
{
	BUG_ON(ns == &init_uts_ns);
	put_user_ns(ns->user_ns);
	ns_free_inum(&ns->ns);
	kmem_cache_free(uts_ns_cache, ns);
}

static inline struct uts_namespace *to_uts_ns(struct ns_common *ns)
{
	return container_of(ns, struct uts_namespace, ns);
}

/*
 * The namespace another task is in, pinned. Under RCU the nsproxy we
 * find cannot be freed, and it holds its uts_ns, until we unlock: our
 * own reference is taken before that.
 */
static struct ns_common *utsns_get(struct task_struct *task)
{
	struct uts_namespace *ns = NULL;
	struct nsproxy *nsproxy;

	rcu_read_lock();
	nsproxy = rcu_dereference(task->nsproxy);
	if (nsproxy)		/* NULL once the task has exited */
		ns = get_uts_ns(nsproxy->uts_ns);
	rcu_read_unlock();
	return ns ? &ns->ns : NULL;
}

static void utsns_put(struct ns_common *ns)
{
	put_uts_ns(to_uts_ns(ns));
}

/*
 * setns(2) into a UTS namespace: CAP_SYS_ADMIN over its owner and in
 * the caller's own user namespace, then it replaces the set's.
 */
static int utsns_install(struct nsset *nsset, struct ns_common *new)
{
	struct nsproxy *nsproxy = nsset->nsproxy;
	struct uts_namespace *ns = to_uts_ns(new);

	if (!ns_capable(ns->user_ns, CAP_SYS_ADMIN) ||
	    !ns_capable(nsset->cred->user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	get_uts_ns(ns);
	put_uts_ns(nsproxy->uts_ns);
	nsproxy->uts_ns = ns;
	return 0;
}

static struct user_namespace *utsns_owner(struct ns_common *ns)
{
	return to_uts_ns(ns)->user_ns;
}

const struct proc_ns_operations utsns_operations = {
	.name	= "uts",
	.type	= CLONE_NEWUTS,
	.get	= utsns_get,
	.put	= utsns_put,
	.install = utsns_install,
	.owner	= utsns_owner,
};

/*
 * sethostname(2) and setdomainname(2): the bytes given, NUL-padded
 * (a name may be exactly 64 bytes with no NUL of its own: the 65th byte
 * of the field ends it). Linux's order of checks: the capability first
 * (EPERM), then the length (EINVAL), then the copy (EFAULT). The copy
 * is made before the lock is taken, so a fault never leaves half a name
 * and the lock is never held across a user access.
 */
static long set_uts_field(size_t offset, const char __user *name, int len)
{
	char tmp[__NEW_UTS_LEN];
	char *field;

	if (!ns_capable(current->nsproxy->uts_ns->user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(tmp, name, len))
		return -EFAULT;
	spin_lock(&uts_sem);
	field = (char *)utsname() + offset;
	memcpy(field, tmp, len);
	memset(field + len, 0, __NEW_UTS_LEN + 1 - len);
	spin_unlock(&uts_sem);
	return 0;
}

SYSCALL_DEFINE2(sethostname, char __user *, name, int, len)
{
	return set_uts_field(offsetof(struct new_utsname, nodename), name, len);
}

SYSCALL_DEFINE2(setdomainname, char __user *, name, int, len)
{
	return set_uts_field(offsetof(struct new_utsname, domainname), name,
			     len);
}

/*
 * nook/capability.h — POSIX capabilities: kernel_cap_t, the CAP_*
 * numbers, and capable()/ns_capable(). Linux: include/linux/capability.h
 * and include/uapi/linux/capability.h (the numbers and capget's ABI).
 *
 * Root's power is split into 41 bits; a task holds five sets of them
 * in its struct cred (capabilities(7)): permitted (what it may use),
 * effective (what the kernel checks), inheritable and ambient (what can
 * survive execve), and the bounding set (what execve may ever grant).
 */
#ifndef NOOK_CAPABILITY_H
#define NOOK_CAPABILITY_H

#include <nook/types.h>

#define CAP_CHOWN		0
#define CAP_DAC_OVERRIDE	1
#define CAP_DAC_READ_SEARCH	2
#define CAP_FOWNER		3
#define CAP_FSETID		4
#define CAP_KILL		5
#define CAP_SETGID		6
#define CAP_SETUID		7
#define CAP_SETPCAP		8
#define CAP_LINUX_IMMUTABLE	9
#define CAP_NET_BIND_SERVICE	10
#define CAP_NET_BROADCAST	11
#define CAP_NET_ADMIN		12
#define CAP_NET_RAW		13
#define CAP_IPC_LOCK		14
#define CAP_IPC_OWNER		15
#define CAP_SYS_MODULE		16
#define CAP_SYS_RAWIO		17
#define CAP_SYS_CHROOT		18
#define CAP_SYS_PTRACE		19
#define CAP_SYS_PACCT		20
#define CAP_SYS_ADMIN		21
#define CAP_SYS_BOOT		22
#define CAP_SYS_NICE		23
#define CAP_SYS_RESOURCE	24
#define CAP_SYS_TIME		25
#define CAP_SYS_TTY_CONFIG	26
#define CAP_MKNOD		27
#define CAP_LEASE		28
#define CAP_AUDIT_WRITE		29
#define CAP_AUDIT_CONTROL	30
#define CAP_SETFCAP		31
#define CAP_MAC_OVERRIDE	32
#define CAP_MAC_ADMIN		33
#define CAP_SYSLOG		34
#define CAP_WAKE_ALARM		35
#define CAP_BLOCK_SUSPEND	36
#define CAP_AUDIT_READ		37
#define CAP_PERFMON		38
#define CAP_BPF			39
#define CAP_CHECKPOINT_RESTORE	40
#define CAP_LAST_CAP		CAP_CHECKPOINT_RESTORE

#define cap_valid(x)		((unsigned long)(x) <= CAP_LAST_CAP)

/* capget(2)/capset(2): the header's versions and the data's layout. */
#define _LINUX_CAPABILITY_VERSION_1	0x19980330
#define _LINUX_CAPABILITY_U32S_1	1
#define _LINUX_CAPABILITY_VERSION_2	0x20071026	/* deprecated */
#define _LINUX_CAPABILITY_U32S_2	2
#define _LINUX_CAPABILITY_VERSION_3	0x20080522
#define _LINUX_CAPABILITY_U32S_3	2

struct __user_cap_header_struct {
	u32 version;
	int pid;
};

struct __user_cap_data_struct {
	u32 effective;
	u32 permitted;
	u32 inheritable;
};

/* One bit per capability; Linux's layout since 6.3. */
typedef struct {
	u64 val;
} kernel_cap_t;

#define CAP_VALID_MASK		((1ULL << (CAP_LAST_CAP + 1)) - 1)
#define CAP_EMPTY_SET		((kernel_cap_t){ 0 })
#define CAP_FULL_SET		((kernel_cap_t){ CAP_VALID_MASK })
/*
 * The capabilities that only matter to file access: a change of fsuid
 * away from root drops them from the effective set (setfsuid(2)).
 */
#define CAP_FS_MASK	((1ULL << CAP_CHOWN) | (1ULL << CAP_MKNOD) |	\
			 (1ULL << CAP_DAC_OVERRIDE) |			\
			 (1ULL << CAP_DAC_READ_SEARCH) |		\
			 (1ULL << CAP_FOWNER) | (1ULL << CAP_FSETID) |	\
			 (1ULL << CAP_MAC_OVERRIDE))
#define CAP_FS_SET	((kernel_cap_t){ CAP_FS_MASK |		\
					 (1ULL << CAP_LINUX_IMMUTABLE) })

static inline bool cap_raised(kernel_cap_t c, int cap)
{
	return c.val & (1ULL << cap);
}

static inline void cap_raise(kernel_cap_t *c, int cap)
{
	c->val |= 1ULL << cap;
}

static inline void cap_lower(kernel_cap_t *c, int cap)
{
	c->val &= ~(1ULL << cap);
}

static inline void cap_clear(kernel_cap_t *c)
{
	c->val = 0;
}

static inline kernel_cap_t cap_combine(kernel_cap_t a, kernel_cap_t b)
{
	return (kernel_cap_t){ a.val | b.val };
}

static inline kernel_cap_t cap_intersect(kernel_cap_t a, kernel_cap_t b)
{
	return (kernel_cap_t){ a.val & b.val };
}

static inline kernel_cap_t cap_drop(kernel_cap_t a, kernel_cap_t drop)
{
	return (kernel_cap_t){ a.val & ~drop.val };
}

static inline bool cap_isclear(kernel_cap_t c)
{
	return c.val == 0;
}

/* Every bit of a is in set. */
static inline bool cap_issubset(kernel_cap_t a, kernel_cap_t set)
{
	return !(a.val & ~set.val);
}

static inline kernel_cap_t cap_drop_fs_set(kernel_cap_t a)
{
	return cap_drop(a, CAP_FS_SET);
}

static inline kernel_cap_t cap_raise_fs_set(kernel_cap_t a,
					    kernel_cap_t permitted)
{
	return cap_combine(a, cap_intersect(permitted, CAP_FS_SET));
}

struct user_namespace;
struct task_struct;
struct file;
struct inode;

/* Does current hold cap, effective, in ns (or an ancestor owning it)? */
bool ns_capable(struct user_namespace *ns, int cap);
/* ns_capable in the initial user namespace. */
bool capable(int cap);
/* ns_capable with the creds the file was opened with (f_cred). */
bool file_ns_capable(const struct file *file, struct user_namespace *ns,
		     int cap);
/* Does t hold cap in the initial namespace (its objective creds)? */
bool has_capability(struct task_struct *t, int cap);
bool has_ns_capability(struct task_struct *t, struct user_namespace *ns,
		       int cap);
/* capable in current's namespace, and inode's owner is mapped there. */
bool capable_wrt_inode_uidgid(const struct inode *inode, int cap);

#endif

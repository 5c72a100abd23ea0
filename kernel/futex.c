// kernel/futex.c — what Step 2 needs of futexes: the robust list a
// thread library registers for its exit, set_robust_list(2) and
// get_robust_list(2). (set_tid_address(2), its twin, is in
// kernel/sched/fork.c, where Linux keeps it.)
//
// Linux: kernel/futex/syscalls.c. Both calls only store a pointer,
// which is why a bad pointer is accepted here (efault.c checks that).
// What Linux does with them at exit is only half here: mm_release
// writes 0 at clear_child_tid, but wakes no futex waiter (Nook has no
// futex(2) yet), and nothing walks the robust list to mark its locks
// FUTEX_OWNER_DIED. Both matter only to threads, which Nook refuses.
//
// rseq(2) is not implemented: it answers -ENOSYS, and glibc and musl
// carry on without it (glibc registers it only if the kernel has it).

#include <nook/errno.h>
#include <nook/pid.h>
#include <nook/ptrace.h>
#include <nook/sched.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* The user-space list head; only its size matters to the kernel now. */
struct robust_list {
	struct robust_list __user *next;
};

struct robust_list_head {
	struct robust_list list;
	long futex_offset;
	struct robust_list __user *list_op_pending;
};

/* len must be this kernel's struct's size: the ABI check (EINVAL). */
SYSCALL_DEFINE2(set_robust_list, struct robust_list_head __user *, head,
		size_t, len)
{
	if (len != sizeof(*head))
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/*
 * Another task's list needs ptrace read access to it, judged by our
 * real ids (EPERM otherwise): the address says where its libc keeps
 * its mutexes, a hint for an attacker.
 */
SYSCALL_DEFINE3(get_robust_list, int, pid,
		struct robust_list_head __user * __user *, head_ptr,
		size_t __user *, len_ptr)
{
	struct robust_list_head __user *head;
	struct task_struct *p;

	if (!pid) {
		head = current->robust_list;
	} else {
		p = find_get_task_by_vpid(pid);
		if (!p)
			return -ESRCH;
		if (!ptrace_may_access(p, PTRACE_MODE_READ_REALCREDS)) {
			put_task_struct(p);
			return -EPERM;
		}
		head = READ_ONCE(p->robust_list);
		put_task_struct(p);
	}
	if (put_user(sizeof(*head), len_ptr))
		return -EFAULT;
	return put_user(head, head_ptr);
}

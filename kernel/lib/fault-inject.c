// kernel/lib/fault-inject.c — fail-nth: fail a task's n-th allocation.
//
// Linux: lib/fault-inject.c (should_fail_ex, its fail_nth branch) and
// fs/proc/base.c (/proc/thread-self/fail-nth). Only the task itself
// counts its fail_nth down, so no lock: another task never writes it.
// Nook's interrupt handlers do not allocate, so every allocation seen
// here was made by current itself.

#include <nook/fault-inject.h>
#include <nook/sched.h>

bool should_fail_alloc(void)
{
	struct task_struct *t = current;
	unsigned int n;

	if (!t)			/* before sched_init: no task to count for */
		return false;
	n = READ_ONCE(t->fail_nth);
	if (!n)
		return false;
	WRITE_ONCE(t->fail_nth, n - 1);
	return n == 1;
}

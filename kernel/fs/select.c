// kernel/fs/select.c — poll(2): sleeping until one of several files is ready.
//
// Linux: fs/select.c (do_sys_poll, do_poll, __pollwait, pollwake). The
// first pass asks every file's ->poll and, through poll_wait(), queues
// the caller on each wait queue that could change the answer; later
// passes only ask. A wake-up on any of those queues sets `triggered`,
// so a wake-up that lands between a pass and the sleep is not lost.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/kernel.h>
#include <nook/poll.h>
#include <nook/resource.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/time.h>
#include <nook/timer.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

struct pollfd {
	int fd;
	short events;
	short revents;
};

static int pollwake(wait_queue_entry_t *wait, unsigned int mode, int sync,
		    void *key)
{
	struct poll_table_entry *entry =
		container_of(wait, struct poll_table_entry, wait);
	poll_table *pt = entry->wait.private;

	WRITE_ONCE(pt->triggered, true);
	return wake_up_process(pt->task);
}

void poll_wait(struct file *file, wait_queue_head_t *wq_head, poll_table *pt)
{
	struct poll_table_entry *entry;

	if (!pt || !wq_head || pt->error)
		return;
	if (pt->nr == pt->max) {
		/* More queues than do_poll made room for: it polls instead. */
		pt->error = -ENOMEM;
		return;
	}
	entry = &pt->entries[pt->nr++];
	entry->wait_address = wq_head;
	init_wait_entry(&entry->wait, 0);
	entry->wait.private = pt;
	entry->wait.func = pollwake;
	add_wait_queue(wq_head, &entry->wait);
}

static void poll_freewait(poll_table *pt)
{
	for (unsigned int i = 0; i < pt->nr; i++)
		remove_wait_queue(pt->entries[i].wait_address,
				  &pt->entries[i].wait);
	kfree(pt->entries);
}

/* One file's answer; pt registers the caller on the first pass. */
static __poll_t poll_one(struct pollfd *pfd, poll_table *pt)
{
	struct file *file;
	__poll_t mask;

	if (pfd->fd < 0)
		return 0;
	file = fget(pfd->fd);
	if (!file)
		return POLLNVAL;
	mask = file->f_op->poll ? file->f_op->poll(file, pt) : DEFAULT_POLLMASK;
	fput(file);
	/* POLLERR, POLLHUP and POLLNVAL are reported even if not asked. */
	return mask & ((unsigned short)pfd->events | POLLERR | POLLHUP);
}

#define POLL_FOREVER	((u64)-1)

/*
 * Jiffies to sleep until deadline (sched_clock ns), one more for the
 * tick that may come at once; 0 once it has passed. The deadline is
 * kept in nanoseconds because ticks can come in bursts under
 * emulation: poll(2) must wait at least the time asked, by the clock.
 */
static long poll_timeout_left(u64 deadline)
{
	u64 now = sched_clock();

	if (deadline == POLL_FOREVER)
		return MAX_SCHEDULE_TIMEOUT;
	if (now >= deadline)
		return 0;
	return (long)((deadline - now) / (NSEC_PER_SEC / HZ)) + 1;
}

static int do_poll(struct pollfd *fds, unsigned int nfds, u64 deadline)
{
	poll_table table = { .task = current };
	poll_table *pt = &table;
	long timeout;
	int count;

	/*
	 * Room for two queues per file (a pipe registers at most its read
	 * and write queues): queued entries must not move, so the array
	 * is sized once, before anything is queued on it.
	 */
	table.max = nfds * 2 + 1;
	table.entries = kmalloc(table.max * sizeof(*table.entries));
	if (!table.entries)
		return -ENOMEM;
	for (;;) {
		count = 0;
		for (unsigned int i = 0; i < nfds; i++) {
			fds[i].revents = poll_one(&fds[i], pt);
			count += fds[i].revents != 0;
		}
		pt = NULL;			/* registered once is enough */
		timeout = poll_timeout_left(deadline);
		if (count || !timeout)
			break;
		if (signal_pending(current)) {
			count = -ERESTARTNOHAND;
			break;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(table.triggered))
			/* Not every queue could be registered: look each tick. */
			schedule_timeout(table.error ? 1 : timeout);
		__set_current_state(TASK_RUNNING);
		WRITE_ONCE(table.triggered, false);
	}
	poll_freewait(&table);
	return count;
}

/* poll(2): timeout in milliseconds, negative for no limit. */
SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds,
		int, timeout_msecs)
{
	u64 deadline = timeout_msecs < 0 ? POLL_FOREVER :
		       sched_clock() + (u64)timeout_msecs * NSEC_PER_MSEC;
	size_t size = (size_t)nfds * sizeof(struct pollfd);
	struct pollfd *fds;
	int ret;

	if (nfds > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	fds = kmalloc(size ? size : 1);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, size)) {
		kfree(fds);
		return -EFAULT;
	}
	ret = do_poll(fds, nfds, deadline);
	for (unsigned int i = 0; ret >= 0 && i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			ret = -EFAULT;
	kfree(fds);
	return ret;
}

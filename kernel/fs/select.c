// kernel/fs/select.c — poll(2), ppoll(2), select(2) and pselect6(2):
// sleeping until one of several files is ready.
//
// Linux: fs/select.c (do_sys_poll, do_poll, __pollwait, pollwake,
// core_sys_select, poll_select_finish, set_user_sigmask). The first
// pass asks every file's ->poll and, through poll_wait(), queues the
// caller on each wait queue that could change the answer; later passes
// only ask. A wake-up on any of those queues sets `triggered`, so a
// wake-up that lands between a pass and the sleep is not lost.
//
// select is poll in other clothes: its three fd_set bitmaps become one
// pollfd per descriptor named in any of them, asking for the POLL*
// bits each set stands for (POLLIN_SET, POLLOUT_SET, POLLEX_SET), and
// the answers are turned back into bitmaps. Unlike poll, a closed
// descriptor is EBADF, and POLLHUP or POLLERR count only for the sets
// that ask for them.
//
// The p-variants swap in a signal mask for the wait, as sigsuspend
// does: the caller's mask goes to saved_sigmask and comes back at the
// end, unless a signal cut the wait short; then the handler's frame
// keeps it, so a signal the temporary mask lets in is taken with that
// mask, and the swap and the wait are one step for it.

#include <nook/errno.h>
#include <nook/file.h>
#include <nook/kernel.h>
#include <nook/poll.h>
#include <nook/resource.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/time.h>
#include <nook/timekeeping.h>
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
	entry->filp = get_file(file);
	entry->wait_address = wq_head;
	init_wait_entry(&entry->wait, 0);
	entry->wait.private = pt;
	entry->wait.func = pollwake;
	add_wait_queue(wq_head, &entry->wait);
}

/* Off every queue, then let the files go (the last fput may free one). */
static void poll_freewait(poll_table *pt)
{
	for (unsigned int i = 0; i < pt->nr; i++) {
		remove_wait_queue(pt->entries[i].wait_address,
				  &pt->entries[i].wait);
		fput(pt->entries[i].filp);
	}
	kfree(pt->entries);
}

/*
 * One file's answer; pt registers the caller on the first pass. always:
 * the bits reported even if not asked (poll's POLLERR, POLLHUP and
 * POLLNVAL; none for select, whose events already say what counts).
 */
static __poll_t poll_one(struct pollfd *pfd, poll_table *pt, __poll_t always)
{
	struct file *file;
	__poll_t mask;

	if (pfd->fd < 0)
		return 0;
	file = fget(pfd->fd);
	if (!file)
		return POLLNVAL & always;
	mask = file->f_op->poll ? file->f_op->poll(file, pt) : DEFAULT_POLLMASK;
	fput(file);
	return mask & ((unsigned short)pfd->events | always);
}

#define POLL_ALWAYS	(POLLERR | POLLHUP | POLLNVAL)

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

/*
 * Fills in every revents; returns how many are not 0, or
 * -ERESTARTNOHAND when a signal came first. As in Linux, a pending
 * signal wins over a timeout that has run out (a zero timeout too).
 */
static int do_poll(struct pollfd *fds, unsigned int nfds, u64 deadline,
		   __poll_t always)
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
			fds[i].revents = poll_one(&fds[i], pt, always);
			count += fds[i].revents != 0;
		}
		pt = NULL;			/* registered once is enough */
		if (count)
			break;
		if (signal_pending(current)) {
			count = -ERESTARTNOHAND;
			break;
		}
		timeout = poll_timeout_left(deadline);
		if (!timeout)
			break;
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

/* Copies the pollfds in, polls, copies the answers out. */
static int do_sys_poll(struct pollfd __user *ufds, unsigned int nfds,
		       u64 deadline)
{
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
	ret = do_poll(fds, nfds, deadline, POLL_ALWAYS);
	for (unsigned int i = 0; ret >= 0 && i < nfds; i++)
		if (put_user(fds[i].revents, &ufds[i].revents))
			ret = -EFAULT;
	kfree(fds);
	return ret;
}

/* poll(2): timeout in milliseconds, negative for no limit. */
SYSCALL_DEFINE3(poll, struct pollfd __user *, ufds, unsigned int, nfds,
		int, timeout_msecs)
{
	u64 deadline = timeout_msecs < 0 ? POLL_FOREVER :
		       sched_clock() + (u64)timeout_msecs * NSEC_PER_MSEC;

	return do_sys_poll(ufds, nfds, deadline);
}

/* ---- timeouts and signal masks of the other three calls ---- */

/* A zero timeout: look once, never sleep, and write no time back. */
#define POLL_NOW	((u64)0)

/* Linux: poll_select_set_timeout. EINVAL for a time that is not one. */
static int poll_select_set_timeout(u64 *deadline, s64 sec, s64 nsec)
{
	struct timespec64 ts = { .tv_sec = sec, .tv_nsec = nsec };

	if (!timespec64_valid(&ts))
		return -EINVAL;
	if (!sec && !nsec)
		*deadline = POLL_NOW;
	else
		*deadline = sched_clock() + timespec64_to_ns(&ts);
	return 0;
}

static int get_timeout_timespec(u64 *deadline,
				const struct __kernel_timespec __user *tsp)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, tsp, sizeof(ts)))
		return -EFAULT;
	return poll_select_set_timeout(deadline, ts.tv_sec, ts.tv_nsec);
}

/*
 * select(2) takes microseconds beyond a second as more seconds; a
 * negative part is EINVAL (through the nanoseconds it becomes).
 */
static int get_timeout_timeval(u64 *deadline,
			       const struct __kernel_old_timeval __user *tvp)
{
	struct __kernel_old_timeval tv;

	if (copy_from_user(&tv, tvp, sizeof(tv)))
		return -EFAULT;
	return poll_select_set_timeout(deadline,
				       tv.tv_sec + tv.tv_usec / (long)USEC_PER_SEC,
				       (tv.tv_usec % (long)USEC_PER_SEC) *
				       (long)NSEC_PER_USEC);
}

/*
 * Linux: set_user_sigmask. The mask the caller had is kept for the way
 * out (restore_saved_sigmask, or a handler's frame); sigsetsize is
 * checked only when there is a mask.
 */
static int set_user_sigmask(const sigset_t __user *umask, size_t sigsetsize)
{
	sigset_t kmask;

	if (!umask)
		return 0;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&kmask, umask, sizeof(kmask)))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	set_restore_sigmask();
	set_current_blocked(&kmask);
	return 0;
}

enum poll_time_type { PT_TIMEVAL, PT_TIMESPEC };

/*
 * Linux: poll_select_finish. Put the caller's mask back unless a
 * signal interrupted (then the handler's frame holds it, and the
 * signal must be taken with the temporary mask), and write back the
 * time left. A call that cannot write it back cannot be restarted with
 * the right time, so it ends with EINTR instead.
 */
static int poll_select_finish(u64 deadline, void __user *p,
			      enum poll_time_type type, int ret)
{
	u64 now = sched_clock(), left;
	int err;

	if (ret != -ERESTARTNOHAND)
		restore_saved_sigmask();
	if (!p || deadline == POLL_NOW || deadline == POLL_FOREVER)
		return ret;
	left = deadline > now ? deadline - now : 0;
	if (type == PT_TIMEVAL) {
		struct __kernel_old_timeval tv = {
			.tv_sec = left / NSEC_PER_SEC,
			.tv_usec = left % NSEC_PER_SEC / NSEC_PER_USEC,
		};

		err = copy_to_user(p, &tv, sizeof(tv));
	} else {
		struct __kernel_timespec ts = {
			.tv_sec = left / NSEC_PER_SEC,
			.tv_nsec = left % NSEC_PER_SEC,
		};

		err = copy_to_user(p, &ts, sizeof(ts));
	}
	if (err && ret == -ERESTARTNOHAND)
		ret = -EINTR;
	return ret;
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		struct __kernel_timespec __user *, tsp,
		const sigset_t __user *, sigmask, size_t, sigsetsize)
{
	u64 deadline = POLL_FOREVER;
	int ret;

	if (tsp) {
		ret = get_timeout_timespec(&deadline, tsp);
		if (ret)
			return ret;
	}
	ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, deadline);
	return poll_select_finish(deadline, tsp, PT_TIMESPEC, ret);
}

/* ---- select ---- */

/* What each fd_set stands for, in POLL* bits (Linux's own sets). */
#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)

#define FDS_BYTES(n)	(DIV_ROUND_UP((n), BITS_PER_LONG) * sizeof(long))

/* The three sets asked about, then the three answered. */
enum { FDS_IN, FDS_OUT, FDS_EX, FDS_NR };

struct fd_set_bits {
	unsigned long *in[FDS_NR];
	unsigned long *res[FDS_NR];
};

static const __poll_t fds_pollset[FDS_NR] = {
	[FDS_IN] = POLLIN_SET, [FDS_OUT] = POLLOUT_SET, [FDS_EX] = POLLEX_SET,
};

static bool fd_isset(unsigned long *set, unsigned int fd)
{
	return set[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void fd_set_bit(unsigned long *set, unsigned int fd)
{
	set[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
}

/* The POLL* bits select wants for fd: 0 when fd is in no set. */
static __poll_t select_events(struct fd_set_bits *fds, unsigned int fd)
{
	__poll_t events = 0;

	for (int k = 0; k < FDS_NR; k++)
		if (fd_isset(fds->in[k], fd))
			events |= fds_pollset[k];
	return events;
}

/*
 * Every descriptor named must be open (Linux: max_select_fd's EBADF);
 * returns how many are named, or -EBADF.
 */
static int select_count_fds(unsigned int n, struct fd_set_bits *fds)
{
	int nr = 0;

	for (unsigned int fd = 0; fd < n; fd++) {
		struct file *file;

		if (!select_events(fds, fd))
			continue;
		file = fget(fd);
		if (!file)
			return -EBADF;
		fput(file);
		nr++;
	}
	return nr;
}

/* The answers as bitmaps; returns how many bits that sets. */
static int select_answer(struct pollfd *pfds, int nr, struct fd_set_bits *fds)
{
	int count = 0;

	for (int i = 0; i < nr; i++) {
		for (int k = 0; k < FDS_NR; k++) {
			if (fd_isset(fds->in[k], pfds[i].fd) &&
			    (pfds[i].revents & fds_pollset[k])) {
				fd_set_bit(fds->res[k], pfds[i].fd);
				count++;
			}
		}
	}
	return count;
}

/* Linux: do_select, on top of do_poll. Returns the bits set in res. */
static int do_select(unsigned int n, struct fd_set_bits *fds, u64 deadline)
{
	struct pollfd *pfds;
	int nr = select_count_fds(n, fds), ret, i = 0;

	if (nr < 0)
		return nr;
	pfds = kmalloc(nr ? nr * sizeof(*pfds) : 1);
	if (!pfds)
		return -ENOMEM;
	for (unsigned int fd = 0; fd < n; fd++) {
		__poll_t events = select_events(fds, fd);

		if (events)
			pfds[i++] = (struct pollfd){ .fd = fd, .events = events };
	}
	ret = do_poll(pfds, nr, deadline, 0);
	if (ret > 0)
		ret = select_answer(pfds, nr, fds);
	kfree(pfds);
	return ret;
}

/*
 * Linux: core_sys_select. n is cut to the size of the descriptor
 * table (a larger one names no open file); bits at n and above are
 * not looked at. The sets are written back (the answer, or all clear
 * after a timeout) only when the call did not fail.
 */
static int core_sys_select(int n, unsigned long __user *ufds[FDS_NR],
			   u64 deadline)
{
	struct fd_set_bits fds;
	unsigned long *bits;
	size_t size;
	int ret;

	if (n < 0)
		return -EINVAL;
	n = min((unsigned int)n, files_max_fds(current->files));
	size = FDS_BYTES(n);
	bits = kzalloc(2 * FDS_NR * size + 1);
	if (!bits)
		return -ENOMEM;
	ret = -EFAULT;
	for (int k = 0; k < FDS_NR; k++) {
		fds.in[k] = bits + k * size / sizeof(long);
		fds.res[k] = bits + (FDS_NR + k) * size / sizeof(long);
		if (ufds[k] && copy_from_user(fds.in[k], ufds[k], size))
			goto out;
		/* bits at n and above are not looked at */
		if (n % BITS_PER_LONG)
			fds.in[k][n / BITS_PER_LONG] &=
				(1UL << (n % BITS_PER_LONG)) - 1;
	}
	ret = do_select(n, &fds, deadline);
	if (ret < 0)
		goto out;
	if (!ret && signal_pending(current)) {
		ret = -ERESTARTNOHAND;
		goto out;
	}
	for (int k = 0; k < FDS_NR; k++)
		if (ufds[k] && copy_to_user(ufds[k], fds.res[k], size))
			ret = -EFAULT;
out:
	kfree(bits);
	return ret;
}

SYSCALL_DEFINE5(select, int, n, unsigned long __user *, inp,
		unsigned long __user *, outp, unsigned long __user *, exp,
		struct __kernel_old_timeval __user *, tvp)
{
	unsigned long __user *ufds[FDS_NR] = { inp, outp, exp };
	u64 deadline = POLL_FOREVER;
	int ret;

	if (tvp) {
		ret = get_timeout_timeval(&deadline, tvp);
		if (ret)
			return ret;
	}
	ret = core_sys_select(n, ufds, deadline);
	return poll_select_finish(deadline, tvp, PT_TIMEVAL, ret);
}

/* pselect6's sixth argument: the mask and its size, by reference. */
struct sigset_argpack {
	const sigset_t __user *p;
	size_t size;
};

SYSCALL_DEFINE6(pselect6, int, n, unsigned long __user *, inp,
		unsigned long __user *, outp, unsigned long __user *, exp,
		struct __kernel_timespec __user *, tsp, void __user *, sig)
{
	unsigned long __user *ufds[FDS_NR] = { inp, outp, exp };
	struct sigset_argpack pack = { NULL, 0 };
	u64 deadline = POLL_FOREVER;
	int ret;

	if (sig && copy_from_user(&pack, sig, sizeof(pack)))
		return -EFAULT;
	if (tsp) {
		ret = get_timeout_timespec(&deadline, tsp);
		if (ret)
			return ret;
	}
	ret = set_user_sigmask(pack.p, pack.size);
	if (ret)
		return ret;
	ret = core_sys_select(n, ufds, deadline);
	return poll_select_finish(deadline, tsp, PT_TIMESPEC, ret);
}

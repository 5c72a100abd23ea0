/*
 * nook/poll.h — poll(2): waiting for any of several files to be ready.
 * Linux: include/linux/poll.h, include/uapi/asm-generic/poll.h.
 *
 * A file that can make poll wait has a ->poll method: it says which of
 * POLLIN/POLLOUT/... hold now, and calls poll_wait() on each wait queue
 * whose wake-up could change that. do_poll registers the caller on all
 * of them during the first pass, then sleeps until one wakes it.
 */
#ifndef NOOK_POLL_H
#define NOOK_POLL_H

#include <nook/wait.h>

#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200

/* A file without ->poll is always ready (Linux's DEFAULT_POLLMASK). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

typedef unsigned int __poll_t;
struct file;

/*
 * One wait queue the poller is on. filp is held until poll_freewait: the
 * queue lives in the file's object (a pipe), and a CLONE_FILES sibling
 * may close the last descriptor while we sleep on it.
 */
struct poll_table_entry {
	struct file *filp;
	wait_queue_head_t *wait_address;
	wait_queue_entry_t wait;
};

/* Linux: struct poll_wqueues. NULL where nothing must be registered. */
typedef struct poll_table_struct {
	struct task_struct *task;
	struct poll_table_entry *entries;	/* kmalloc'd, grown */
	unsigned int nr, max;
	bool triggered;		/* a queue woke us since the last check */
	int error;		/* -ENOMEM: could not register */
} poll_table;

void poll_wait(struct file *file, wait_queue_head_t *wq_head, poll_table *pt);

#endif

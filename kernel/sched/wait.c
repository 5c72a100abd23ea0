// kernel/sched/wait.c — wait queues: sleeping on an event, waking sleepers.
//
// Linux: kernel/sched/wait.c. How to sleep without losing a wake-up is
// explained in nook/wait.h. The head's lock guards its list and is taken
// with interrupts off: wake_up() may come from an interrupt handler.
//
// Lock order: wq_head->lock -> p->pi_lock -> rq->lock (the wake function
// runs under the head's lock and calls try_to_wake_up).

#include <nook/sched.h>
#include <nook/wait.h>

void init_waitqueue_head(wait_queue_head_t *wq_head)
{
	spin_lock_init(&wq_head->lock, "wq_head->lock");
	INIT_LIST_HEAD(&wq_head->head);
}

void init_wait_entry(wait_queue_entry_t *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

int default_wake_function(wait_queue_entry_t *wq_entry, unsigned int mode,
			  int flags, void *key)
{
	return try_to_wake_up(wq_entry->private, mode);
}

int autoremove_wake_function(wait_queue_entry_t *wq_entry, unsigned int mode,
			     int flags, void *key)
{
	int ret = default_wake_function(wq_entry, mode, flags, key);

	/* Off the queue only if woken: prepare_to_wait re-adds otherwise. */
	if (ret)
		list_del_init(&wq_entry->entry);
	return ret;
}

/* Exclusive waiters go last, so the plain ones ahead all get woken. */
static void __add_wait_queue(wait_queue_head_t *wq_head,
			     wait_queue_entry_t *wq_entry)
{
	if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
		list_add_tail(&wq_entry->entry, &wq_head->head);
	else
		list_add(&wq_entry->entry, &wq_head->head);
}

void add_wait_queue(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry)
{
	unsigned long flags;

	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	__add_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void add_wait_queue_exclusive(wait_queue_head_t *wq_head,
			      wait_queue_entry_t *wq_entry)
{
	unsigned long flags;

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	__add_wait_queue(wq_head, wq_entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void remove_wait_queue(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	list_del_init(&wq_entry->entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

static void __prepare_to_wait(wait_queue_head_t *wq_head,
			      wait_queue_entry_t *wq_entry, int state,
			      bool exclusive)
{
	unsigned long flags;

	if (exclusive)
		wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	else
		wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&wq_head->lock, flags);
	if (list_empty(&wq_entry->entry))
		__add_wait_queue(wq_head, wq_entry);
	/* Under the lock: a wake_up now must see us queued and asleep. */
	set_current_state(state);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void prepare_to_wait(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry,
		     int state)
{
	__prepare_to_wait(wq_head, wq_entry, state, false);
}

void prepare_to_wait_exclusive(wait_queue_head_t *wq_head,
			       wait_queue_entry_t *wq_entry, int state)
{
	__prepare_to_wait(wq_head, wq_entry, state, true);
}

void finish_wait(wait_queue_head_t *wq_head, wait_queue_entry_t *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	/*
	 * Linux peeks without the lock (list_empty_careful); Nook always
	 * takes it, because a waker on another CPU may be unlinking the
	 * entry right now and the entry lives on our stack.
	 */
	spin_lock_irqsave(&wq_head->lock, flags);
	list_del_init(&wq_entry->entry);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

/* Under wq_head->lock. nr_exclusive 0 wakes every exclusive waiter too. */
static void __wake_up_common(wait_queue_head_t *wq_head, unsigned int mode,
			     int nr_exclusive, void *key)
{
	wait_queue_entry_t *curr, *next;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned int flags = curr->flags;
		int ret = curr->func(curr, mode, 0, key);

		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

void __wake_up(wait_queue_head_t *wq_head, unsigned int mode,
	       int nr_exclusive, void *key)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_head->lock, flags);
	__wake_up_common(wq_head, mode, nr_exclusive, key);
	spin_unlock_irqrestore(&wq_head->lock, flags);
}

void __wake_up_locked(wait_queue_head_t *wq_head, unsigned int mode, int nr)
{
	__wake_up_common(wq_head, mode, nr, NULL);
}

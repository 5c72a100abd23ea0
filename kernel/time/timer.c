// kernel/time/timer.c — timer_list, schedule_timeout() and msleep().
//
// Linux: kernel/time/timer.c and sleep_timeout.c. Linux keeps a timer
// wheel per CPU and runs expired timers in a softirq; Nook keeps one
// list sorted by expiry, run from the tick on the CPU that counts
// jiffies, in the interrupt itself. A timer function therefore runs
// with interrupts off and must not sleep (as in Linux).
//
// Lock order: timer_lock is a leaf; functions run without it held.

#include <nook/panic.h>
#include <nook/sched.h>
#include <nook/timer.h>

static DEFINE_SPINLOCK(timer_lock);
/* under timer_lock: pending timers, earliest first */
static LIST_HEAD(timer_list_head);
/* under timer_lock: the timer whose function is running, or NULL */
static struct timer_list *running_timer;

void timer_setup(struct timer_list *timer,
		 void (*function)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&timer->entry);
	timer->function = function;
	timer->flags = flags;
	timer->expires = 0;
}

bool timer_pending(const struct timer_list *timer)
{
	return !list_empty(&timer->entry);
}

/* Under timer_lock. */
static void enqueue_timer(struct timer_list *timer)
{
	struct timer_list *pos;

	list_for_each_entry(pos, &timer_list_head, entry)
		if (time_before(timer->expires, pos->expires))
			break;
	list_add_tail(&timer->entry, &pos->entry);	/* before pos */
}

void add_timer(struct timer_list *timer)
{
	unsigned long flags;

	spin_lock_irqsave(&timer_lock, flags);
	BUG_ON(timer_pending(timer));
	enqueue_timer(timer);
	spin_unlock_irqrestore(&timer_lock, flags);
}

bool mod_timer(struct timer_list *timer, unsigned long expires)
{
	unsigned long flags;
	bool was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(timer);
	list_del_init(&timer->entry);
	timer->expires = expires;
	enqueue_timer(timer);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

bool del_timer(struct timer_list *timer)
{
	unsigned long flags;
	bool was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(timer);
	list_del_init(&timer->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

bool del_timer_sync(struct timer_list *timer)
{
	unsigned long flags;
	bool was_pending;

	for (;;) {
		spin_lock_irqsave(&timer_lock, flags);
		if (running_timer != timer)
			break;
		spin_unlock_irqrestore(&timer_lock, flags);
		cpu_relax();	/* its function runs on the jiffies CPU */
	}
	was_pending = timer_pending(timer);
	list_del_init(&timer->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

void run_timers(void)
{
	unsigned long now = READ_ONCE(jiffies);

	spin_lock(&timer_lock);		/* interrupts are off in the tick */
	while (!list_empty(&timer_list_head)) {
		struct timer_list *timer = list_first_entry(&timer_list_head,
							    struct timer_list,
							    entry);
		void (*fn)(struct timer_list *) = timer->function;

		if (time_before(now, timer->expires))
			break;
		list_del_init(&timer->entry);
		running_timer = timer;
		spin_unlock(&timer_lock);
		fn(timer);	/* may re-arm the timer, or free it */
		spin_lock(&timer_lock);
		running_timer = NULL;
	}
	spin_unlock(&timer_lock);
}

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *timeout = container_of(t, struct process_timer,
						     timer);

	wake_up_process(timeout->task);
}

long schedule_timeout(long timeout)
{
	struct process_timer timer;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	BUG_ON(timeout < 0);
	expire = timeout + READ_ONCE(jiffies);
	timer.task = current;
	timer_setup(&timer.timer, process_timeout, 0);
	timer.timer.expires = expire;
	add_timer(&timer.timer);
	schedule();
	/* The timer lives on this stack: it must be gone, and not running. */
	del_timer_sync(&timer.timer);
	timeout = expire - READ_ONCE(jiffies);
	return timeout < 0 ? 0 : timeout;
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int msecs)
{
	/* +1: the current jiffy is partly gone already. */
	long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

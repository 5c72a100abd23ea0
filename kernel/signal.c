// kernel/signal.c — signals: sending, blocking, choosing one to deliver,
// default actions, SIGCHLD, and the system calls that manage them.
//
// Linux: kernel/signal.c. A signal is sent by setting its bit in the
// target's pending set (with a queued siginfo saying who and why), and
// TIF_SIGPENDING if the target does not block it; a sleeping target is
// woken. Nothing more happens until the target itself is on its way
// back to user mode (exit_to_user_mode): there get_signal() takes the
// lowest pending signal and either runs its default action here
// (terminate, ignore) or returns it for arch/x86_64/kernel/signal.c to
// build a handler's frame on the user stack. So a handler always runs
// in the task that gets the signal, on the task's own time.
//
// Nook's processes are single-threaded: Linux's per-process parts
// (signal_struct's shared pending queue and flags) live in the task.
// Permission checks (check_kill_permission) compare the sender's and
// the target's uids, as kill(2) says. A stop signal's default
// action stops the task (TASK_STOPPED, do_signal_stop) until SIGCONT;
// its parent hears of both through SIGCHLD and wait's WUNTRACED and
// WCONTINUED; a terminal's stop signals do nothing to an orphaned
// process group. A signal the task would die of ends it at once, even
// in a killable sleep (complete_signal). docs/tty.md has the rules.
//
// Lock order: tasklist_lock -> sighand->siglock -> p->pi_lock -> rq->lock.
// siglock is taken with interrupts off: the page-fault handler sends.
// Whoever uses p->sighand of a task other than current holds
// tasklist_lock, which keeps p from being released (release_task drops
// the sighand after unlinking p under that lock).

#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/*
 * Queued siginfos per task beyond which a signal is still marked
 * pending but loses its details (a real-time one sent by the kernel or
 * sigqueue gets -EAGAIN instead), so a task cannot pin unbounded
 * memory. Linux's limit is RLIMIT_SIGPENDING, per user.
 */
#define SIGQUEUE_MAX		256

/* Default actions, signal(7). Every other signal terminates. */
#define SIG_KERNEL_ONLY_MASK	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_KERNEL_STOP_MASK	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | \
				 sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_KERNEL_IGNORE_MASK	(sigmask(SIGCONT) | sigmask(SIGCHLD) | \
				 sigmask(SIGWINCH) | sigmask(SIGURG))
/* Their default action dumps core (Nook writes none, but Linux's rules apply). */
#define SIG_KERNEL_COREDUMP_MASK (sigmask(SIGQUIT) | sigmask(SIGILL) | \
				 sigmask(SIGTRAP) | sigmask(SIGABRT) | \
				 sigmask(SIGBUS) | sigmask(SIGFPE) | \
				 sigmask(SIGSEGV) | sigmask(SIGXCPU) | \
				 sigmask(SIGXFSZ) | sigmask(SIGSYS))
/* Faults: delivered before anything else pending (Linux: SYNCHRONOUS_MASK). */
#define SYNCHRONOUS_MASK	(sigmask(SIGSEGV) | sigmask(SIGBUS) | \
				 sigmask(SIGILL) | sigmask(SIGTRAP) | \
				 sigmask(SIGFPE) | sigmask(SIGSYS))

static bool sig_in(int sig, unsigned long mask)
{
	return sig < SIGRTMIN && (sigmask(sig) & mask);
}

#define sig_kernel_only(sig)	sig_in(sig, SIG_KERNEL_ONLY_MASK)
#define sig_kernel_stop(sig)	sig_in(sig, SIG_KERNEL_STOP_MASK)
#define sig_kernel_ignore(sig)	sig_in(sig, SIG_KERNEL_IGNORE_MASK)
#define sig_kernel_coredump(sig) sig_in(sig, SIG_KERNEL_COREDUMP_MASK)

/* Live objects: tests compare kmem_cache_live() before and after. */
struct kmem_cache *sighand_cachep;
struct kmem_cache *sigqueue_cachep;

/* init_task's, and through copy_sighand the first of every other. */
struct sighand_struct init_sighand = {
	.count = 1,
	.siglock = __SPIN_LOCK_UNLOCKED(init_sighand.siglock),
};

void signals_init(void)
{
	sighand_cachep = kmem_cache_create("sighand_cache",
					   sizeof(struct sighand_struct), 0,
					   SLAB_HWCACHE_ALIGN, NULL);
	sigqueue_cachep = kmem_cache_create("sigqueue",
					    sizeof(struct sigqueue), 0, 0, NULL);
	BUG_ON(!sighand_cachep || !sigqueue_cachep);
}

long do_no_restart_syscall(struct restart_block *parm)
{
	return -EINTR;
}

/* ---- fork, exec, exit ---- */

/*
 * The contract with copy_process (kernel/sched/fork.c), in Linux's order:
 *
 *	retval = copy_sighand(clone_flags, p);
 *	if (retval)
 *		goto bad_fork_cleanup_...;	(whatever came before)
 *	retval = copy_signal(clone_flags, p);
 *	if (retval)
 *		goto bad_fork_cleanup_sighand;
 *	...
 * bad_fork_cleanup_sighand:
 *	__cleanup_sighand(p->sighand);
 *
 * Kernel threads go through it too: pid 1 keeps what kernel_init got.
 * CLONE_SIGHAND shares the parent's actions (and needs CLONE_VM, which
 * copy_process checks: Linux's EINVAL); otherwise the child gets a copy.
 */
int copy_sighand(u64 clone_flags, struct task_struct *tsk)
{
	struct sighand_struct *sig, *parent = current->sighand;
	unsigned long flags;

	if (clone_flags & CLONE_SIGHAND) {
		__atomic_add_fetch(&parent->count, 1, __ATOMIC_RELAXED);
		tsk->sighand = parent;
		return 0;
	}
	sig = kmem_cache_alloc(sighand_cachep);
	if (!sig)
		return -ENOMEM;
	sig->count = 1;
	spin_lock_init(&sig->siglock, "siglock");
	spin_lock_irqsave(&parent->siglock, flags);
	memcpy(sig->action, parent->action, sizeof(sig->action));
	spin_unlock_irqrestore(&parent->siglock, flags);
	tsk->sighand = sig;
	return 0;
}

/*
 * Linux's copy_signal makes the per-process signal_struct; Nook's
 * processes have one thread, so that state is in the task: nothing
 * pending (signals sent to the parent are not the child's), the
 * parent's blocked mask (fork(2): the mask is inherited). Cannot fail
 * today; returns int so copy_process keeps Linux's shape.
 */
int copy_signal(u64 clone_flags, struct task_struct *tsk)
{
	INIT_LIST_HEAD(&tsk->pending.list);
	sigemptyset(&tsk->pending.signal);
	tsk->pending.nr_queued = 0;
	tsk->blocked = current->blocked;
	sigemptyset(&tsk->saved_sigmask);
	tsk->signal_flags = 0;
	tsk->jobctl = 0;
	tsk->restart_block.fn = do_no_restart_syscall;
	clear_tsk_thread_flag(tsk, TIF_SIGPENDING);
	clear_tsk_thread_flag(tsk, TIF_RESTORE_SIGMASK);
	return 0;
}

void __cleanup_sighand(struct sighand_struct *sighand)
{
	if (__atomic_sub_fetch(&sighand->count, 1, __ATOMIC_ACQ_REL) == 0)
		kmem_cache_free(sighand_cachep, sighand);
}

/* Under siglock: drop every queued siginfo whose signal is in mask. */
static void flush_sigqueue_mask(unsigned long mask, struct sigpending *p)
{
	struct sigqueue *q, *n;

	p->signal.sig[0] &= ~mask;
	list_for_each_entry_safe(q, n, &p->list, list) {
		if (sigmask(q->info.si_signo) & mask) {
			list_del_init(&q->list);
			kmem_cache_free(sigqueue_cachep, q);
			p->nr_queued--;
		}
	}
}

/*
 * From release_task, once tsk is off the tasklist: nobody can find it
 * to send it anything, so its queue and its hold on the actions go.
 */
void __exit_signal(struct task_struct *tsk)
{
	struct sighand_struct *sighand = tsk->sighand;
	unsigned long flags;

	if (!sighand)
		return;
	spin_lock_irqsave(&sighand->siglock, flags);
	flush_sigqueue_mask(~0UL, &tsk->pending);
	tsk->sighand = NULL;
	spin_unlock_irqrestore(&sighand->siglock, flags);
	__cleanup_sighand(sighand);
}

/*
 * exec with a sighand shared with another process (CLONE_SIGHAND):
 * the new program must not share the old one's handlers. Called before
 * exec's point of no return, so a failure is a plain -ENOMEM.
 */
int unshare_sighand(struct task_struct *me)
{
	struct sighand_struct *old = me->sighand, *new;
	unsigned long flags;

	if (__atomic_load_n(&old->count, __ATOMIC_ACQUIRE) == 1)
		return 0;
	new = kmem_cache_alloc(sighand_cachep);
	if (!new)
		return -ENOMEM;
	new->count = 1;
	spin_lock_init(&new->siglock, "siglock");
	/* tasklist_lock: senders read me->sighand under it. */
	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&old->siglock);
	memcpy(new->action, old->action, sizeof(new->action));
	me->sighand = new;
	spin_unlock(&old->siglock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	__cleanup_sighand(old);
	return 0;
}

/*
 * exec (force_default 0): a caught signal's handler is an address in
 * the old program, so it goes back to SIG_DFL; an ignored one stays
 * ignored (execve(2)). The mask and pending signals are kept.
 */
void flush_signal_handlers(struct task_struct *t, int force_default)
{
	unsigned long flags;

	spin_lock_irqsave(&t->sighand->siglock, flags);
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];

		if (force_default || ka->sa.sa_handler != SIG_IGN)
			ka->sa.sa_handler = SIG_DFL;
		ka->sa.sa_flags = 0;
		ka->sa.sa_restorer = NULL;
		sigemptyset(&ka->sa.sa_mask);
	}
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

/* ---- pending and blocked ---- */

static bool has_pending_signals(const sigset_t *signal, const sigset_t *blocked)
{
	return signal->sig[0] & ~blocked->sig[0];
}

/* Under t's siglock: set TIF_SIGPENDING if t has something to take. */
static bool recalc_sigpending_tsk(struct task_struct *t)
{
	if (has_pending_signals(&t->pending.signal, &t->blocked)) {
		set_tsk_thread_flag(t, TIF_SIGPENDING);
		return true;
	}
	return false;
}

/* Under current's siglock. Only the task itself ever clears the flag. */
void recalc_sigpending(void)
{
	if (!recalc_sigpending_tsk(current))
		clear_tsk_thread_flag(current, TIF_SIGPENDING);
}

/*
 * Under t's siglock. A task in an interruptible sleep wakes and finds
 * the signal (wait_event_interruptible returns -ERESTARTSYS). One that
 * is running finds TIF_SIGPENDING at its next return to user mode: a
 * system call's end, or its next timer tick on its CPU (Linux also
 * kicks that CPU with an IPI; Nook waits for the tick).
 */
void signal_wake_up(struct task_struct *t, bool fatal)
{
	set_tsk_thread_flag(t, TIF_SIGPENDING);
	/* SIGKILL also ends a stop (TASK_STOPPED has TASK_WAKEKILL). */
	try_to_wake_up(t, TASK_INTERRUPTIBLE | (fatal ? TASK_WAKEKILL : 0));
}

void set_current_blocked(sigset_t *newset)
{
	struct sighand_struct *sighand = current->sighand;
	unsigned long flags;

	sigdelsetmask(newset, SIG_KERNEL_ONLY_MASK);
	spin_lock_irqsave(&sighand->siglock, flags);
	current->blocked = *newset;
	recalc_sigpending();
	spin_unlock_irqrestore(&sighand->siglock, flags);
}

int sigprocmask(int how, sigset_t *set, sigset_t *oldset)
{
	sigset_t newset;

	if (oldset)
		*oldset = current->blocked;
	switch (how) {
	case SIG_BLOCK:
		sigorsets(&newset, &current->blocked, set);
		break;
	case SIG_UNBLOCK:
		sigandnsets(&newset, &current->blocked, set);
		break;
	case SIG_SETMASK:
		newset = *set;
		break;
	default:
		return -EINVAL;
	}
	set_current_blocked(&newset);
	return 0;
}

void restore_saved_sigmask(void)
{
	if (test_and_clear_tsk_thread_flag(current, TIF_RESTORE_SIGMASK))
		set_current_blocked(&current->saved_sigmask);
}

/* ---- sending ---- */

static __sighandler_t sig_handler(struct task_struct *t, int sig)
{
	return t->sighand->action[sig - 1].sa.sa_handler;
}

static bool sig_handler_ignored(__sighandler_t handler, int sig)
{
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && sig_kernel_ignore(sig));
}

/*
 * Would t throw sig away on arrival? pid 1 (SIGNAL_UNKILLABLE) throws
 * away every signal it has no handler for, SIGKILL included, unless
 * the kernel forces it; kernel threads take no signals at all (Linux's
 * kthreads ignore them unless they ask: Nook's never ask).
 */
static bool sig_task_ignored(struct task_struct *t, int sig, bool force)
{
	__sighandler_t handler = sig_handler(t, sig);

	if ((t->signal_flags & SIGNAL_UNKILLABLE) && handler == SIG_DFL &&
	    !(force && sig_kernel_only(sig)))
		return true;
	if (t->flags & PF_KTHREAD)
		return true;
	return sig_handler_ignored(handler, sig);
}

static bool sig_ignored(struct task_struct *t, int sig, bool force)
{
	/* A blocked signal stays: its action may change before unblocking. */
	if (sigismember(&t->blocked, sig))
		return false;
	return sig_task_ignored(t, sig, force);
}

/*
 * Under t's siglock: false if the signal should be dropped. A stop
 * signal cancels a pending SIGCONT and the other way round (signal(7)),
 * also one already taken that do_signal_stop has not acted on yet.
 * SIGCONT resumes a stopped task here, when it is sent, whatever the
 * task does with it afterwards (blocked, ignored or caught): that is
 * what lets `kill -CONT` wake a task that blocks SIGCONT. Two flags
 * remember it: SIGNAL_STOP_CONTINUED for the parent's wait, which may
 * look first, and SIGNAL_CLD_CONTINUED for the SIGCHLD that get_signal
 * still owes the parent, whatever its wait has seen.
 */
static bool prepare_signal(int sig, struct task_struct *t, bool force)
{
	if (t->exit_state || (t->flags & PF_EXITING) ||
	    (t->signal_flags & SIGNAL_GROUP_EXIT))
		return false;	/* nobody will ever take it */
	if (sig_kernel_stop(sig)) {
		flush_sigqueue_mask(sigmask(SIGCONT), &t->pending);
	} else if (sig == SIGCONT) {
		flush_sigqueue_mask(SIG_KERNEL_STOP_MASK, &t->pending);
		t->jobctl &= ~JOBCTL_STOP_DEQUEUED;
		if (t->signal_flags & SIGNAL_STOP_STOPPED) {
			t->signal_flags = (t->signal_flags &
					   ~SIGNAL_STOP_MASK) |
					  SIGNAL_STOP_CONTINUED |
					  SIGNAL_CLD_CONTINUED;
			t->group_exit_code = 0;
			try_to_wake_up(t, __TASK_STOPPED);
		}
	}
	return !sig_ignored(t, sig, force);
}

/* Would sig's arrival end t, whatever t is doing? Linux: sig_fatal. */
static bool sig_fatal(struct task_struct *t, int sig)
{
	return !sig_in(sig, SIG_KERNEL_IGNORE_MASK | SIG_KERNEL_STOP_MASK) &&
	       sig_handler(t, sig) == SIG_DFL;
}

/*
 * Would t take sig now? Not while it blocks it or is on its way out;
 * a stopped task takes nothing but SIGKILL until SIGCONT. Linux picks
 * a thread that is running or has nothing pending (task_curr,
 * !task_sigpending); with one thread, passing over it means waiting.
 */
static bool wants_signal(int sig, struct task_struct *t)
{
	if (sigismember(&t->blocked, sig) || (t->flags & PF_EXITING))
		return false;
	if (sig == SIGKILL)
		return true;
	if (t->signal_flags & SIGNAL_STOP_STOPPED)
		return false;
	return READ_ONCE(t->on_cpu) || !signal_pending(t);
}

/*
 * Under t's siglock, sig just made pending: wake t to take it. A signal
 * that will kill t (its default action terminates, and Linux dumps no
 * core for it) does so at once: t is marked as exiting with sig's code
 * and gets a SIGKILL, which ends even a killable sleep such as a vfork
 * parent's (fatal_signal_pending). The exit status still says sig
 * (do_group_exit takes group_exit_code). Linux: complete_signal.
 */
static void complete_signal(int sig, struct task_struct *t)
{
	if (sig_fatal(t, sig) && !sig_kernel_coredump(sig) &&
	    wants_signal(sig, t)) {
		t->signal_flags = SIGNAL_GROUP_EXIT;
		t->group_exit_code = sig;
		t->jobctl &= ~JOBCTL_STOP_DEQUEUED;
		sigaddset(&t->pending.signal, SIGKILL);
		signal_wake_up(t, true);
		return;
	}
	if (!sigismember(&t->blocked, sig))
		signal_wake_up(t, false);
}

static int __send_signal_locked(int sig, kernel_siginfo_t *info,
				struct task_struct *t, bool force)
{
	struct sigpending *pending = &t->pending;
	struct sigqueue *q = NULL;

	if (!prepare_signal(sig, t, force))
		return 0;
	/* A standard signal is pending at most once: the second is lost. */
	if (sig < SIGRTMIN && sigismember(&pending->signal, sig))
		return 0;
	/* SIGKILL's info is never read: it has no handler. */
	if (sig != SIGKILL) {
		if (pending->nr_queued < SIGQUEUE_MAX)
			q = kmem_cache_alloc(sigqueue_cachep);
		if (q) {
			q->info = *info;
			list_add_tail(&q->list, &pending->list);
			pending->nr_queued++;
		} else if (sig >= SIGRTMIN && info->si_code != SI_USER) {
			return -EAGAIN;
		}
		/* else: pending without details; collect_signal fills them in */
	}
	sigaddset(&pending->signal, sig);
	complete_signal(sig, t);
	return 0;
}

/* t must stay (current, or found under tasklist_lock). */
static int do_send_sig_info(int sig, kernel_siginfo_t *info,
			    struct task_struct *t, bool force)
{
	unsigned long flags;
	int ret;

	if (!t->sighand)
		return -ESRCH;	/* released: only a racing caller sees this */
	spin_lock_irqsave(&t->sighand->siglock, flags);
	ret = __send_signal_locked(sig, info, t, force);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return ret;
}

int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *p)
{
	if (!valid_signal(sig) || sig < 1)
		return -EINVAL;
	return do_send_sig_info(sig, info, p, false);
}

/* priv: sent by the kernel itself (SI_KERNEL) rather than by current. */
int send_sig(int sig, struct task_struct *p, int priv)
{
	kernel_siginfo_t info = {
		.si_signo = sig,
		.si_code = priv ? SI_KERNEL : SI_USER,
	};

	if (!priv)
		info.si_pid = current->tgid;
	return send_sig_info(sig, &info, p);
}

/*
 * The kernel's own signals about what current just did (a fault): they
 * cannot be blocked or ignored, since returning to the instruction that
 * faulted would only fault again. A blocked or ignored one is unblocked
 * and reset to SIG_DFL, and then even pid 1 dies of it (Linux clears
 * SIGNAL_UNKILLABLE here), which do_exit reports as a panic.
 */
static int force_sig_info(kernel_siginfo_t *info)
{
	struct task_struct *t = current;
	struct k_sigaction *action = &t->sighand->action[info->si_signo - 1];
	int sig = info->si_signo;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&t->sighand->siglock, flags);
	if (action->sa.sa_handler == SIG_IGN || sigismember(&t->blocked, sig)) {
		action->sa.sa_handler = SIG_DFL;
		sigdelset(&t->blocked, sig);
	}
	if (action->sa.sa_handler == SIG_DFL)
		t->signal_flags &= ~SIGNAL_UNKILLABLE;
	ret = __send_signal_locked(sig, info, t, true);
	recalc_sigpending();
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return ret;
}

int force_sig_fault(int sig, int code, void __user *addr)
{
	kernel_siginfo_t info = {
		.si_signo = sig,
		.si_code = code,
		.si_addr = addr,
	};

	return force_sig_info(&info);
}

void force_sig(int sig)
{
	kernel_siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

	force_sig_info(&info);
}

/*
 * A handler's frame could not be built. If that was for SIGSEGV itself,
 * its handler must not be tried again: back to SIG_DFL, so it kills.
 */
void force_sigsegv(int sig)
{
	unsigned long flags;

	if (sig == SIGSEGV) {
		spin_lock_irqsave(&current->sighand->siglock, flags);
		current->sighand->action[SIGSEGV - 1].sa.sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
	}
	force_sig(SIGSEGV);
}

bool unhandled_signal(struct task_struct *tsk, int sig)
{
	__sighandler_t handler = sig_handler(tsk, sig);

	if (tsk == child_reaper)
		return true;
	return handler == SIG_IGN || handler == SIG_DFL;
}

/*
 * exit_notify, under tasklist_lock: tsk is a zombie now; tell its
 * parent with sig (its exit_signal, normally SIGCHLD) and wake the
 * parent's waits. Returns true if tsk should be reaped at once: when
 * the parent ignores SIGCHLD (SIG_IGN, or SA_NOCLDWAIT), nobody will
 * wait for it (wait(2), NOTES), and with SIG_IGN no SIGCHLD is sent.
 */
bool do_notify_parent(struct task_struct *tsk, int sig)
{
	struct task_struct *parent = tsk->parent;
	struct sighand_struct *psig = parent->sighand;
	kernel_siginfo_t info = {
		.si_signo = sig,
		.si_pid = tsk->tgid,
		.si_uid = from_kuid_munged(task_cred_xxx(tsk->parent, user_ns),
					  task_uid(tsk)),
	};
	bool autoreap = false;
	unsigned long flags;

	if (tsk->exit_code & 0x80) {
		info.si_code = CLD_DUMPED;
		info.si_status = tsk->exit_code & 0x7f;
	} else if (tsk->exit_code & 0x7f) {
		info.si_code = CLD_KILLED;
		info.si_status = tsk->exit_code & 0x7f;
	} else {
		info.si_code = CLD_EXITED;
		info.si_status = tsk->exit_code >> 8;
	}

	spin_lock_irqsave(&psig->siglock, flags);
	if (sig == SIGCHLD) {
		struct k_sigaction *ka = &psig->action[SIGCHLD - 1];

		if (ka->sa.sa_handler == SIG_IGN ||
		    (ka->sa.sa_flags & SA_NOCLDWAIT)) {
			autoreap = true;
			if (ka->sa.sa_handler == SIG_IGN)
				sig = 0;
		}
	}
	if (sig > 0 && valid_signal(sig))
		__send_signal_locked(sig, &info, parent, false);
	spin_unlock_irqrestore(&psig->siglock, flags);
	/* Also when autoreaped: a wait4 with no children left must see ECHILD. */
	wake_up_all(&parent->wait_chldexit);
	return autoreap;
}

/*
 * Tell tsk's parent that tsk stopped (CLD_STOPPED) or went on
 * (CLD_CONTINUED): a SIGCHLD unless the parent ignores it or asked for
 * none with SA_NOCLDSTOP, and a wake-up of its wait4 either way.
 * Linux: do_notify_parent_cldstop.
 */
static void do_notify_parent_cldstop(struct task_struct *tsk, int why)
{
	struct task_struct *parent;
	struct sighand_struct *psig;
	kernel_siginfo_t info = {
		.si_signo = SIGCHLD,
		.si_code = why,
		.si_pid = tsk->tgid,
	};
	unsigned long flags, f2;

	/* The parent may exit and be freed until we hold tasklist_lock. */
	spin_lock_irqsave(&tasklist_lock, flags);
	parent = tsk->parent;
	info.si_uid = from_kuid_munged(task_cred_xxx(parent, user_ns),
				       task_uid(tsk));
	psig = parent->sighand;
	info.si_status = why == CLD_STOPPED ? tsk->group_exit_code : SIGCONT;
	if (psig) {
		struct k_sigaction *ka = &psig->action[SIGCHLD - 1];

		spin_lock_irqsave(&psig->siglock, f2);
		if (ka->sa.sa_handler != SIG_IGN &&
		    !(ka->sa.sa_flags & SA_NOCLDSTOP))
			__send_signal_locked(SIGCHLD, &info, parent, false);
		spin_unlock_irqrestore(&psig->siglock, f2);
	}
	wake_up_all(&parent->wait_chldexit);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * A stop signal's default action: sleep in TASK_STOPPED until SIGCONT
 * (prepare_signal clears SIGNAL_STOP_STOPPED and wakes us) or SIGKILL.
 * Not at all if a SIGCONT came after the stop signal was taken: get_signal
 * dropped siglock since (the orphaned-group check), and that SIGCONT
 * found nothing stopped to wake. Entered and left with siglock not held.
 * Linux: do_signal_stop, for a group of one thread.
 */
static void do_signal_stop(int signr)
{
	struct task_struct *t = current;
	struct sighand_struct *sighand = t->sighand;
	unsigned long flags;

	spin_lock_irqsave(&sighand->siglock, flags);
	if (!(t->jobctl & JOBCTL_STOP_DEQUEUED)) {
		spin_unlock_irqrestore(&sighand->siglock, flags);
		return;
	}
	t->jobctl &= ~JOBCTL_STOP_DEQUEUED;
	t->signal_flags = (t->signal_flags & ~SIGNAL_STOP_MASK) |
			  SIGNAL_STOP_STOPPED;
	t->group_exit_code = signr;
	spin_unlock_irqrestore(&sighand->siglock, flags);
	do_notify_parent_cldstop(t, CLD_STOPPED);

	spin_lock_irqsave(&sighand->siglock, flags);
	while ((t->signal_flags & SIGNAL_STOP_STOPPED) &&
	       !sigismember(&t->pending.signal, SIGKILL)) {
		/*
		 * The state is set under siglock, which SIGCONT's sender
		 * holds too: its wake-up comes after it, never lost.
		 */
		set_current_state(TASK_STOPPED);
		spin_unlock_irqrestore(&sighand->siglock, flags);
		schedule();
		spin_lock_irqsave(&sighand->siglock, flags);
	}
	/* SIGKILL: leave the stop; get_signal finds it next. */
	if (t->signal_flags & SIGNAL_STOP_STOPPED) {
		t->signal_flags &= ~SIGNAL_STOP_STOPPED;
		t->group_exit_code = 0;
	}
	/* SIGCONT: get_signal tells the parent (SIGNAL_CLD_CONTINUED). */
	spin_unlock_irqrestore(&sighand->siglock, flags);
}

/* ---- taking a signal, on the way back to user mode ---- */

/* The signal to take next: faults first, then the lowest number. */
static int next_signal(struct sigpending *pending, sigset_t *mask)
{
	unsigned long x = pending->signal.sig[0] & ~mask->sig[0];

	if (x & SYNCHRONOUS_MASK)
		x &= SYNCHRONOUS_MASK;
	return x ? __builtin_ctzl(x) + 1 : 0;
}

static void collect_signal(int sig, struct sigpending *list,
			   kernel_siginfo_t *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry(q, &list->list, list) {
		if (q->info.si_signo == sig) {
			if (first) {
				more = true;
				break;
			}
			first = q;
		}
	}
	if (!more)
		sigdelset(&list->signal, sig);
	if (first) {
		list_del_init(&first->list);
		*info = first->info;
		kmem_cache_free(sigqueue_cachep, first);
		list->nr_queued--;
	} else {
		/* Its siginfo was not queued (SIGKILL, or no memory). */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
}

/* Under siglock. */
static int dequeue_signal(struct task_struct *tsk, sigset_t *mask,
			  kernel_siginfo_t *info)
{
	int sig = next_signal(&tsk->pending, mask);

	if (sig) {
		collect_signal(sig, &tsk->pending, info);
		/* do_signal_stop stops only if no SIGCONT clears this first. */
		if (sig_kernel_stop(sig))
			tsk->jobctl |= JOBCTL_STOP_DEQUEUED;
	}
	recalc_sigpending();
	return sig;
}

/*
 * Takes pending signals until one has a handler to run (returned in
 * ksig, true), none is left (false), or a default action ends the
 * task (no return). Linux: get_signal.
 */
bool get_signal(struct ksignal *ksig)
{
	struct sighand_struct *sighand = current->sighand;

	for (;;) {
		struct k_sigaction *ka;
		unsigned long flags;
		bool unkillable;
		int signr;

		spin_lock_irqsave(&sighand->siglock, flags);
		/* Continued since we last looked: the parent hears of it. */
		if (current->signal_flags & SIGNAL_CLD_CONTINUED) {
			current->signal_flags &= ~SIGNAL_CLD_CONTINUED;
			spin_unlock_irqrestore(&sighand->siglock, flags);
			do_notify_parent_cldstop(current, CLD_CONTINUED);
			continue;
		}
		/* A fatal signal: its SIGKILL goes, group_exit_code says which. */
		if (current->signal_flags & SIGNAL_GROUP_EXIT) {
			sigdelset(&current->pending.signal, SIGKILL);
			recalc_sigpending();
			spin_unlock_irqrestore(&sighand->siglock, flags);
			do_group_exit(SIGKILL);
		}
		signr = dequeue_signal(current, &current->blocked, &ksig->info);
		if (!signr) {
			spin_unlock_irqrestore(&sighand->siglock, flags);
			return false;
		}
		ka = &sighand->action[signr - 1];
		if (ka->sa.sa_handler == SIG_IGN) {
			spin_unlock_irqrestore(&sighand->siglock, flags);
			continue;
		}
		if (ka->sa.sa_handler != SIG_DFL) {
			ksig->ka = *ka;
			ksig->sig = signr;
			if (ka->sa.sa_flags & SA_RESETHAND)
				ka->sa.sa_handler = SIG_DFL;
			spin_unlock_irqrestore(&sighand->siglock, flags);
			return true;
		}
		unkillable = current->signal_flags & SIGNAL_UNKILLABLE;
		spin_unlock_irqrestore(&sighand->siglock, flags);

		/* SIG_DFL */
		if (sig_kernel_ignore(signr))
			continue;
		if (unkillable && !sig_kernel_only(signr))
			continue;
		if (sig_kernel_stop(signr)) {
			/*
			 * A terminal's stop signals do nothing to an orphaned
			 * group: no shell is left to continue it. SIGSTOP
			 * always stops. Linux: get_signal.
			 */
			if (signr != SIGSTOP && is_current_pgrp_orphaned())
				continue;
			do_signal_stop(signr);
			continue;
		}
		/*
		 * Terminate, or "core" (SIGSEGV, SIGQUIT, ...): Nook writes no
		 * core file, so the status has no 0x80 (WCOREDUMP false), as
		 * on Linux with the usual RLIMIT_CORE of 0.
		 */
		do_group_exit(signr);
	}
}

/*
 * After the arch code tried to build a handler's frame. On success the
 * handler runs with sa_mask and (unless SA_NODEFER) the signal itself
 * blocked; the mask it interrupted is in the frame, for rt_sigreturn.
 */
void signal_setup_done(int failed, struct ksignal *ksig)
{
	sigset_t blocked;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	/* The frame holds the mask to return to: nothing left to restore. */
	clear_tsk_thread_flag(current, TIF_RESTORE_SIGMASK);
	sigorsets(&blocked, &current->blocked, &ksig->ka.sa.sa_mask);
	if (!(ksig->ka.sa.sa_flags & SA_NODEFER))
		sigaddset(&blocked, ksig->sig);
	set_current_blocked(&blocked);
}

/* ---- the system calls ---- */

static int do_sigaction(int sig, struct k_sigaction *act,
			struct k_sigaction *oact)
{
	struct sighand_struct *sighand = current->sighand;
	struct k_sigaction *k;
	unsigned long flags;

	if (!valid_signal(sig) || sig < 1 || (act && sig_kernel_only(sig)))
		return -EINVAL;
	k = &sighand->action[sig - 1];

	spin_lock_irqsave(&sighand->siglock, flags);
	if (oact)
		*oact = *k;
	if (act) {
		/* Unknown flags read back as clear: how libcs probe for them. */
		act->sa.sa_flags &= UAPI_SA_FLAGS;
		sigdelsetmask(&act->sa.sa_mask, SIG_KERNEL_ONLY_MASK);
		*k = *act;
		/*
		 * POSIX: setting SIG_IGN (or SIG_DFL where the default is to
		 * ignore) discards the signal if it is pending.
		 */
		if (sig_handler_ignored(act->sa.sa_handler, sig)) {
			flush_sigqueue_mask(sigmask(sig), &current->pending);
			recalc_sigpending();
		}
	}
	spin_unlock_irqrestore(&sighand->siglock, flags);
	if (oact)
		oact->sa.sa_flags &= UAPI_SA_FLAGS;
	return 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, act,
		struct sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction new_sa, old_sa;
	int ret;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (act && copy_from_user(&new_sa.sa, act, sizeof(new_sa.sa)))
		return -EFAULT;
	ret = do_sigaction(sig, act ? &new_sa : NULL, oact ? &old_sa : NULL);
	if (!ret && oact && copy_to_user(oact, &old_sa.sa, sizeof(old_sa.sa)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, sigset_t __user *, nset,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	sigset_t old_set = current->blocked, new_set;
	int error;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (copy_from_user(&new_set, nset, sizeof(sigset_t)))
			return -EFAULT;
		/* Silently: SIGKILL and SIGSTOP can never be blocked. */
		sigdelsetmask(&new_set, SIG_KERNEL_ONLY_MASK);
		error = sigprocmask(how, &new_set, NULL);
		if (error)
			return error;
	}
	if (oset && copy_to_user(oset, &old_set, sizeof(sigset_t)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	sigset_t pending;
	unsigned long flags;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	spin_lock_irqsave(&current->sighand->siglock, flags);
	pending.sig[0] = current->pending.signal.sig[0] &
			 current->blocked.sig[0];
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	if (copy_to_user(uset, &pending, sigsetsize))
		return -EFAULT;
	return 0;
}

/*
 * Sleep until a signal comes. Announce the sleep before testing, so a
 * signal sent in between finds us TASK_INTERRUPTIBLE and wakes us.
 */
static void sleep_until_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/*
 * -ERESTARTNOHAND: a handler ran, so user space sees EINTR (pause(2),
 * sigsuspend(2) always "fail"); an ignored signal restarts the call.
 */
SYSCALL_DEFINE0(pause)
{
	sleep_until_signal();
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE2(rt_sigsuspend, sigset_t __user *, unewset, size_t, sigsetsize)
{
	sigset_t newset;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&newset, unewset, sizeof(newset)))
		return -EFAULT;
	/* The handler runs with newset; the frame keeps the mask from before. */
	current->saved_sigmask = current->blocked;
	set_current_blocked(&newset);
	sleep_until_signal();
	set_restore_sigmask();
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *restart = &current->restart_block;

	return restart->fn(restart);
}

/*
 * Linux: kill_ok_by_cred. The sender's real or effective uid must be
 * the target's real or saved uid (kill(2)), unless it has CAP_KILL
 * over the target's user namespace. Under tasklist_lock: t's creds are
 * read under RCU, since t may be replacing them.
 */
static bool kill_ok_by_cred(struct task_struct *t)
{
	const struct cred *cred = current_cred(), *tcred;
	bool ok;

	rcu_read_lock();
	tcred = __task_cred(t);
	ok = uid_eq(cred->euid, tcred->suid) ||
	     uid_eq(cred->euid, tcred->uid) ||
	     uid_eq(cred->uid, tcred->suid) ||
	     uid_eq(cred->uid, tcred->uid) ||
	     ns_capable(tcred->user_ns, CAP_KILL);
	rcu_read_unlock();
	return ok;
}

/*
 * Who may signal whom (Linux: check_kill_permission). The kernel's own
 * signals (si_code > 0: a terminal's ^C, SIGCHLD) always may; a user's
 * need kill_ok_by_cred, except SIGCONT within the sender's session, so
 * a shell can continue a job that changed its uid.
 */
static int check_kill_permission(int sig, kernel_siginfo_t *info,
				 struct task_struct *t)
{
	if (!valid_signal(sig))
		return -EINVAL;
	if (info->si_code > 0)
		return 0;
	if (t->tgid == current->tgid || kill_ok_by_cred(t))
		return 0;
	if (sig == SIGCONT && task_session_nr(t) == task_session_nr(current))
		return 0;
	return -EPERM;
}

/* kill(pid, 0) only checks that pid exists and may be signalled. */
static int group_send_sig_info(int sig, kernel_siginfo_t *info,
			       struct task_struct *p)
{
	int ret = check_kill_permission(sig, info, p);

	if (!ret && sig)
		ret = do_send_sig_info(sig, info, p, false);
	return ret;
}

/* Under tasklist_lock. Zombies count: their pid is taken until reaped. */
struct task_struct *find_task_by_vpid(pid_t nr)
{
	struct task_struct *p;

	for_each_process(p)
		if (p->pid == nr)
			return p;
	return NULL;
}

/* Under tasklist_lock: every member of group pgrp; -ESRCH if none. */
int __kill_pgrp_info(int sig, kernel_siginfo_t *info, pid_t pgrp)
{
	struct task_struct *p;
	bool success = false;
	int retval = -ESRCH;

	for_each_process(p) {
		int err;

		if (task_pgrp_nr(p) != pgrp)
			continue;
		err = group_send_sig_info(sig, info, p);
		success |= !err;
		retval = err;
	}
	return success ? 0 : retval;
}

/*
 * The kernel's signal to a whole group (a terminal's ^C, SIGTTIN):
 * safe from interrupt context, as every lock on the way is taken with
 * interrupts off. Linux: kill_pgrp.
 */
int kill_pgrp(pid_t pgrp, int sig, int priv)
{
	kernel_siginfo_t info = {
		.si_signo = sig,
		.si_code = priv ? SI_KERNEL : SI_USER,
	};
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	ret = __kill_pgrp_info(sig, &info, pgrp);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* Would sig, sent to current now, be thrown away or held back? */
bool current_sig_ignored_or_blocked(int sig)
{
	return sig_handler(current, sig) == SIG_IGN ||
	       sigismember(&current->blocked, sig);
}

static int kill_something_info(int sig, kernel_siginfo_t *info, pid_t pid)
{
	struct task_struct *p;
	unsigned long flags;
	int ret;

	/* -INT_MIN does not exist. */
	if (pid == (pid_t)0x80000000)
		return -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid > 0) {
		p = find_task_by_vpid(pid);
		ret = p ? group_send_sig_info(sig, info, p) : -ESRCH;
	} else if (pid == 0) {
		ret = __kill_pgrp_info(sig, info, task_pgrp_nr(current));
	} else if (pid < -1) {
		ret = __kill_pgrp_info(sig, info, -pid);
	} else {
		/* -1: every process but pid 1 and the caller itself. */
		int retval = 0, count = 0;

		for_each_process(p) {
			int err;

			if (p->tgid <= 1 || p->tgid == current->tgid)
				continue;
			err = group_send_sig_info(sig, info, p);
			count++;
			if (err != -EPERM)
				retval = err;
		}
		ret = count ? retval : -ESRCH;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	kernel_siginfo_t info = {
		.si_signo = sig,
		.si_code = SI_USER,
		.si_pid = current->tgid,
		.si_uid = from_kuid_munged(current_user_ns(), current_uid()),
	};

	return kill_something_info(sig, &info, pid);
}

/* tkill and tgkill: one thread, named by its tid (and group, for tgkill). */
static int do_tkill(pid_t tgid, pid_t pid, int sig)
{
	kernel_siginfo_t info = {
		.si_signo = sig,
		.si_code = SI_TKILL,
		.si_pid = current->tgid,
		.si_uid = from_kuid_munged(current_user_ns(), current_uid()),
	};
	struct task_struct *p;
	unsigned long flags;
	int error = -ESRCH;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_vpid(pid);
	if (p && (tgid <= 0 || p->tgid == tgid)) {
		error = check_kill_permission(sig, &info, p);
		if (!error && sig)
			error = do_send_sig_info(sig, &info, p, false);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return error;
}

SYSCALL_DEFINE2(tkill, pid_t, pid, int, sig)
{
	if (pid <= 0)
		return -EINVAL;
	return do_tkill(0, pid, sig);
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, pid, int, sig)
{
	if (pid <= 0 || tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, pid, sig);
}

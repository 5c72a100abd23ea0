/*
 * nook/signal.h — signals: numbers, sets, actions, siginfo, and the
 * calls the rest of the kernel makes to send and check them.
 * Linux: include/uapi/asm-generic/signal.h and signal-defs.h (numbers,
 * SA_* flags), include/uapi/asm-generic/siginfo.h (siginfo, si_code
 * values), include/linux/signal.h and sched/signal.h (sigset
 * operations, send and force calls). The machinery lives in
 * kernel/signal.c; building a handler's stack frame in
 * arch/x86_64/kernel/signal.c.
 *
 * What a task owns (fields of task_struct, nook/sched.h):
 *	sighand	 the actions, one per signal; shared by CLONE_SIGHAND,
 *		 refcounted; its siglock also guards the two below
 *	blocked	 the signals the task holds back (sigprocmask(2))
 *	pending	 the signals sent but not yet delivered, and their
 *		 siginfo (a short queue: a standard signal is pending
 *		 once at most, a real-time one may be queued several times)
 * TIF_SIGPENDING in thread_info.flags says "pending & ~blocked is not
 * empty": the return to user mode and interruptible sleeps test it.
 */
#ifndef NOOK_SIGNAL_H
#define NOOK_SIGNAL_H

#include <nook/list.h>
#include <nook/spinlock.h>
#include <nook/kernel.h>

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32	/* the kernel's; libcs keep the first few */
#define _NSIG		64
#define SIGRTMAX	_NSIG

/* ---- sets: bit (sig - 1) of one 64-bit word, as on every 64-bit Linux ---- */

typedef struct {
	unsigned long sig[1];
} sigset_t;

#define sigmask(sig)	(1UL << ((sig) - 1))

static inline bool valid_signal(unsigned long sig)
{
	return sig <= _NSIG;	/* 0 is valid: kill(pid, 0) tests for existence */
}

static inline void sigemptyset(sigset_t *set) { set->sig[0] = 0; }
static inline void sigfillset(sigset_t *set) { set->sig[0] = ~0UL; }
static inline void sigaddset(sigset_t *set, int sig) { set->sig[0] |= sigmask(sig); }
static inline void sigdelset(sigset_t *set, int sig) { set->sig[0] &= ~sigmask(sig); }
static inline bool sigismember(const sigset_t *set, int sig)
{
	return set->sig[0] & sigmask(sig);
}
static inline bool sigisemptyset(const sigset_t *set) { return !set->sig[0]; }
static inline void sigaddsetmask(sigset_t *set, unsigned long mask) { set->sig[0] |= mask; }
static inline void sigdelsetmask(sigset_t *set, unsigned long mask) { set->sig[0] &= ~mask; }
static inline void sigorsets(sigset_t *r, const sigset_t *a, const sigset_t *b)
{
	r->sig[0] = a->sig[0] | b->sig[0];
}
static inline void sigandnsets(sigset_t *r, const sigset_t *a, const sigset_t *b)
{
	r->sig[0] = a->sig[0] & ~b->sig[0];
}

/* ---- actions: the kernel's struct sigaction, as rt_sigaction(2) passes it ---- */

typedef void __user *__sighandler_t;	/* a user address, or one of: */
#define SIG_DFL		((__sighandler_t)0)	/* the default action */
#define SIG_IGN		((__sighandler_t)1)	/* discard the signal */

/* sa_flags (Linux's x86 values) */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002	/* children reap themselves */
#define SA_SIGINFO	0x00000004	/* handler(sig, siginfo, ucontext) */
#define SA_UNSUPPORTED	0x00000400	/* never set: lets libcs probe */
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_RESTORER	0x04000000	/* sa_restorer is the return path */
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000	/* restart interrupted system calls */
#define SA_NODEFER	0x40000000	/* do not block the signal in its handler */
#define SA_RESETHAND	0x80000000	/* back to SIG_DFL once delivered */
/* What rt_sigaction keeps; it clears the rest (Linux: UAPI_SA_FLAGS). */
#define UAPI_SA_FLAGS	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO |	\
			 SA_ONSTACK | SA_RESTART | SA_NODEFER |		\
			 SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER)

struct sigaction {
	__sighandler_t sa_handler;
	unsigned long sa_flags;
	void __user *sa_restorer;
	sigset_t sa_mask;		/* blocked while the handler runs */
};

struct k_sigaction {
	struct sigaction sa;
};

/* sigprocmask(2)'s how */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* stack_t.ss_flags: Nook has no sigaltstack yet, so always this */
#define SS_DISABLE	2

/* ---- siginfo ---- */

union sigval {
	int sival_int;
	void __user *sival_ptr;
};

/*
 * The kernel's siginfo: the first 48 bytes of user space's 128-byte
 * siginfo_t (the rest is padding, written as zeros). Which union
 * member is meaningful depends on si_signo and si_code.
 */
typedef struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		struct {		/* kill, tkill, SI_USER */
			int _pid;
			unsigned int _uid;
		} _kill;
		struct {		/* real-time signals with a value */
			int _pid;
			unsigned int _uid;
			union sigval _sigval;
		} _rt;
		struct {		/* SIGCHLD */
			int _pid;
			unsigned int _uid;
			int _status;
			long _utime;
			long _stime;
		} _sigchld;
		struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			void __user *_addr;
		} _sigfault;
	} _sifields;
} kernel_siginfo_t;

#define SI_MAX_SIZE	128	/* sizeof(siginfo_t) in user space */

#define si_pid		_sifields._kill._pid
#define si_uid		_sifields._kill._uid
#define si_status	_sifields._sigchld._status
#define si_utime	_sifields._sigchld._utime
#define si_stime	_sifields._sigchld._stime
#define si_value	_sifields._rt._sigval
#define si_addr		_sifields._sigfault._addr

/* si_code: who sent it (<= 0: user space; > 0: the kernel, per signal) */
#define SI_USER		0	/* kill(2) */
#define SI_KERNEL	0x80	/* the kernel, with no better reason */
#define SI_QUEUE	(-1)
#define SI_TKILL	(-6)	/* tkill(2), tgkill(2) */
#define ILL_ILLOPN	2	/* illegal operand (ud2) */
#define FPE_INTDIV	1	/* integer divide by zero */
#define FPE_INTOVF	2
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define SEGV_MAPERR	1	/* no mapping at the address */
#define SEGV_ACCERR	2	/* mapped, but not for this access */
#define BUS_ADRALN	1	/* misaligned address */
#define TRAP_BRKPT	1
#define TRAP_TRACE	2	/* single step */
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* ---- per-task state ---- */

/* The actions, shared by tasks cloned with CLONE_SIGHAND. */
struct sighand_struct {
	int count;			/* atomic: tasks using it */
	/* guards action[] and every user's blocked and pending */
	spinlock_t siglock;
	struct k_sigaction action[_NSIG];	/* action[sig - 1] */
};

/* A queued siginfo (Linux: struct sigqueue). */
struct sigqueue {
	struct list_head list;
	kernel_siginfo_t info;
};

struct sigpending {
	struct list_head list;		/* of struct sigqueue, oldest first */
	sigset_t signal;		/* which signals are pending */
	unsigned int nr_queued;		/* length of list (capped) */
};

/* Linux: signal->flags. SIGNAL_UNKILLABLE: pid 1 ignores SIG_DFL signals. */
#define SIGNAL_UNKILLABLE	0x00000040
/* Stopped (group_exit_code says by what), or continued since wait last looked. */
#define SIGNAL_STOP_STOPPED	0x00000001
#define SIGNAL_STOP_CONTINUED	0x00000002
/* Dying of a fatal signal (group_exit_code says which): nothing else counts. */
#define SIGNAL_GROUP_EXIT	0x00000004
/* Continued, and the parent's CLD_CONTINUED SIGCHLD not yet sent. */
#define SIGNAL_CLD_CONTINUED	0x00000020
#define SIGNAL_STOP_MASK	(SIGNAL_CLD_CONTINUED | SIGNAL_STOP_STOPPED | \
				 SIGNAL_STOP_CONTINUED)

/*
 * Linux: task->jobctl. A stop signal has been taken (dequeue_signal) and
 * not yet acted on; a SIGCONT in between clears it, so the stop is off.
 */
#define JOBCTL_STOP_DEQUEUED	(1UL << 16)

/* A signal picked for delivery: its number, info and action. */
struct ksignal {
	struct k_sigaction ka;
	kernel_siginfo_t info;
	int sig;
};

struct task_struct;
struct pt_regs;

/* ---- what the rest of the kernel calls (kernel/signal.c) ---- */

void signals_init(void);
/* The caches of sighand_structs and queued siginfos (tests count them). */
extern struct kmem_cache *sighand_cachep;
extern struct kmem_cache *sigqueue_cachep;
/* init_task's actions (all SIG_DFL); copied by every copy_sighand. */
extern struct sighand_struct init_sighand;

/* fork: see the contract above copy_sighand in kernel/signal.c. */
#define CLONE_SIGHAND		0x00000800
int copy_sighand(u64 clone_flags, struct task_struct *tsk);
int copy_signal(u64 clone_flags, struct task_struct *tsk);
void __cleanup_sighand(struct sighand_struct *sighand);
/* release_task: the task's pending queue and its hold on sighand. */
void __exit_signal(struct task_struct *tsk);
/* exec: a private sighand, caught handlers back to SIG_DFL. */
int unshare_sighand(struct task_struct *me);
void flush_signal_handlers(struct task_struct *t, int force_default);

/* Sending. Each returns 0 or -errno; none sleeps. */
int send_sig_info(int sig, kernel_siginfo_t *info, struct task_struct *p);
int send_sig(int sig, struct task_struct *p, int priv);
int force_sig_fault(int sig, int code, void __user *addr);
void force_sig(int sig);
void force_sigsegv(int sig);
/* exit_notify: tell the parent; true if the child should reap itself. */
bool do_notify_parent(struct task_struct *tsk, int sig);

/* Would sig run SIG_DFL (or be ignored) in tsk? For the "segfault" report. */
bool unhandled_signal(struct task_struct *tsk, int sig);

/* Blocking. */
void set_current_blocked(sigset_t *newset);
int sigprocmask(int how, sigset_t *set, sigset_t *oldset);
void recalc_sigpending(void);
/* Wake t (if it sleeps interruptibly) to handle a signal. */
void signal_wake_up(struct task_struct *t, bool fatal);

/* Delivery, on the way back to user mode. */
bool get_signal(struct ksignal *ksig);
void signal_setup_done(int failed, struct ksignal *ksig);
void restore_saved_sigmask(void);
/* x86: deliver or restart (arch/x86_64/kernel/signal.c). */
void arch_do_signal_or_restart(struct pt_regs *regs);

#endif

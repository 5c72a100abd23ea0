// kernel/fs/proc/array.c — /proc/PID/stat and /proc/PID/status.
//
// Linux: fs/proc/array.c (do_task_stat, proc_pid_status, task_state,
// render_sigset_t, render_cap_t). stat is 52 fields in Linux's order,
// which ps and top parse by position; what Nook does not track prints
// 0. Ids, groups and capabilities come from the task's objective creds
// (__task_cred under RCU), mapped into the reader's user namespace.
#include <nook/cred.h>
#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/string.h>
#include <nook/mm_types.h>
#include <nook/resource.h>
#include <nook/time.h>
#include <nook/tty.h>
#include "internal.h"

/* The console is Linux's ttyS0: major 4, minor 64, new_encode_dev'd. */
#define CONSOLE_TTY_NR	((4 << 8) | 64)
#define USER_HZ		100

struct task_snapshot {
	char comm[TASK_COMM_LEN];
	char state;
	const char *state_name;
	pid_t pid, ppid, pgrp, session, tpgid;
	int tty_nr, exit_signal, exit_code, cpu;
	unsigned int flags;
	sigset_t pending, blocked, ignored, caught;
	unsigned int nr_queued;
	u64 runtime, start_boottime;
};

static const struct { char c; const char *name; } task_states[] = {
	{ 'R', "running" }, { 'S', "sleeping" }, { 'D', "disk sleep" },
	{ 'T', "stopped" }, { 'Z', "zombie" }, { 'X', "dead" },
};

static int state_index(const struct task_struct *p)
{
	unsigned int state = task_state(p);

	if (p->exit_state == EXIT_ZOMBIE)
		return 4;
	if (p->exit_state == EXIT_DEAD)
		return 5;
	if (state & __TASK_STOPPED)
		return 3;
	if (state & TASK_UNINTERRUPTIBLE)
		return 2;
	if (state & TASK_INTERRUPTIBLE)
		return 1;
	return 0;
}

/* Everything read under tasklist_lock, where parents and sighand hold. */
static void snapshot_task(struct task_struct *p, struct task_snapshot *s)
{
	unsigned long flags;
	int st;

	spin_lock_irqsave(&tasklist_lock, flags);
	task_lock(p);
	memcpy(s->comm, p->comm, sizeof(s->comm));
	task_unlock(p);
	st = state_index(p);
	s->state = task_states[st].c;
	s->state_name = task_states[st].name;
	s->pid = p->pid;
	s->ppid = p->real_parent && p->pid > 1 ? p->real_parent->tgid : 0;
	s->pgrp = p->pgrp;
	s->session = p->session;
	s->tty_nr = p->tty ? CONSOLE_TTY_NR : 0;
	s->tpgid = p->tty ? p->tty->pgrp : -1;
	s->flags = p->flags;
	s->exit_signal = p->exit_signal;
	s->exit_code = p->exit_state ? p->exit_code : 0;
	s->cpu = p->cpu;
	s->runtime = p->sum_exec_runtime;
	s->start_boottime = p->start_boottime;
	sigemptyset(&s->ignored);
	sigemptyset(&s->caught);
	sigemptyset(&s->pending);
	sigemptyset(&s->blocked);
	s->nr_queued = 0;
	if (p->sighand && p->exit_state != EXIT_DEAD) {
		spin_lock(&p->sighand->siglock);
		s->pending = p->pending.signal;
		s->blocked = p->blocked;
		s->nr_queued = p->pending.nr_queued;
		for (int sig = 1; sig < _NSIG; sig++) {
			__sighandler_t h =
				p->sighand->action[sig - 1].sa.sa_handler;

			if (h == SIG_IGN)
				sigaddset(&s->ignored, sig);
			else if (h != SIG_DFL)
				sigaddset(&s->caught, sig);
		}
		spin_unlock(&p->sighand->siglock);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

struct mm_snapshot {
	unsigned long vsize, rss_pages, start_stack, start_brk;
	unsigned long arg_start, arg_end, env_start, env_end;
	bool has_mm;
};

static void snapshot_mm(struct task_struct *p, struct mm_snapshot *s)
{
	struct mm_struct *mm = get_task_mm(p);

	memset(s, 0, sizeof(*s));
	if (!mm)
		return;
	s->has_mm = true;
	s->rss_pages = mm_rss_pages(mm);
	spin_lock(&mm->mmap_lock);
	s->vsize = mm->total_vm << PAGE_SHIFT;
	s->start_stack = mm->start_stack;
	s->start_brk = mm->start_brk;
	s->arg_start = mm->arg_start;
	s->arg_end = mm->arg_end;
	s->env_start = mm->env_start;
	s->env_end = mm->env_end;
	spin_unlock(&mm->mmap_lock);
	mmput(mm);
}

static unsigned long long ns_to_clock_t(u64 ns)
{
	return ns / (1000000000ULL / USER_HZ);
}

int proc_pid_stat(struct seq_file *m, struct task_struct *task)
{
	struct task_snapshot t;
	struct mm_snapshot mm;

	snapshot_task(task, &t);
	snapshot_mm(task, &mm);
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u ", t.pid, t.comm,
		   t.state, t.ppid, t.pgrp, t.session, t.tty_nr, t.tpgid,
		   t.flags);
	/* minflt cminflt majflt cmajflt; utime stime (Nook counts only
	 * the total: all of it is shown as utime) cutime cstime */
	seq_printf(m, "0 0 0 0 %llu 0 0 0 ", ns_to_clock_t(t.runtime));
	/* priority nice num_threads itrealvalue starttime vsize rss rsslim */
	seq_printf(m, "20 0 1 0 %llu %lu %lu %lu ",
		   ns_to_clock_t(t.start_boottime), mm.vsize, mm.rss_pages,
		   RLIM_INFINITY);
	/* startcode endcode (not kept) startstack kstkesp kstkeip */
	seq_printf(m, "0 0 %lu 0 0 ", mm.start_stack);
	/* the obsolete signal masks, as decimal longs */
	seq_printf(m, "%lu %lu %lu %lu ", t.pending.sig[0], t.blocked.sig[0],
		   t.ignored.sig[0], t.caught.sig[0]);
	/* wchan nswap cnswap exit_signal processor rt_priority policy
	 * delayacct_blkio_ticks guest_time cguest_time */
	seq_printf(m, "0 0 0 %d %d 0 0 0 0 0 ", t.exit_signal, t.cpu);
	/* start_data end_data start_brk arg_start arg_end env_start
	 * env_end exit_code */
	seq_printf(m, "0 0 %lu %lu %lu %lu %lu %d\n", mm.start_brk,
		   mm.arg_start, mm.arg_end, mm.env_start, mm.env_end,
		   t.exit_code);
	return 0;
}

/* The task's creds, held: its real, effective, saved and fs ids. */
static const struct cred *task_get_cred(struct task_struct *p)
{
	const struct cred *cred;

	rcu_read_lock();
	cred = get_cred(__task_cred(p));
	rcu_read_unlock();
	return cred;
}

static void task_show_ids(struct seq_file *m, struct task_struct *p)
{
	struct user_namespace *ns = current_user_ns();
	const struct cred *c = task_get_cred(p);

	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", from_kuid_munged(ns, c->uid),
		   from_kuid_munged(ns, c->euid), from_kuid_munged(ns, c->suid),
		   from_kuid_munged(ns, c->fsuid));
	seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", from_kgid_munged(ns, c->gid),
		   from_kgid_munged(ns, c->egid), from_kgid_munged(ns, c->sgid),
		   from_kgid_munged(ns, c->fsgid));
	put_cred(c);
}

/* Each group and a space, the last one's too, as Linux prints them. */
static void task_show_groups(struct seq_file *m, struct task_struct *p)
{
	struct user_namespace *ns = current_user_ns();
	const struct cred *c = task_get_cred(p);
	const struct group_info *gi = c->group_info;

	seq_puts(m, "Groups:\t");
	for (int i = 0; i < gi->ngroups; i++)
		seq_printf(m, "%u ", from_kgid_munged(ns, gi->gid[i]));
	if (!gi->ngroups)
		seq_puts(m, " ");
	seq_puts(m, "\n");
	put_cred(c);
}

/* Linux: render_cap_t. */
static void task_show_caps(struct seq_file *m, struct task_struct *p)
{
	const struct cred *c = task_get_cred(p);

	seq_printf(m, "CapInh:\t%016llx\n",
		   (unsigned long long)c->cap_inheritable.val);
	seq_printf(m, "CapPrm:\t%016llx\n",
		   (unsigned long long)c->cap_permitted.val);
	seq_printf(m, "CapEff:\t%016llx\n",
		   (unsigned long long)c->cap_effective.val);
	seq_printf(m, "CapBnd:\t%016llx\n",
		   (unsigned long long)c->cap_bset.val);
	seq_printf(m, "CapAmb:\t%016llx\n",
		   (unsigned long long)c->cap_ambient.val);
	put_cred(c);
}

static int fd_size(struct task_struct *p)
{
	int n = 0;

	task_lock(p);
	if (p->files) {
		spin_lock(&p->files->file_lock);
		n = p->files->fdt->max_fds;
		spin_unlock(&p->files->file_lock);
	}
	task_unlock(p);
	return n;
}

static void render_sigset(struct seq_file *m, const char *name,
			  const sigset_t *set)
{
	seq_printf(m, "%s:\t%016lx\n", name, set->sig[0]);
}

int proc_pid_status(struct seq_file *m, struct task_struct *task)
{
	struct task_snapshot t;
	struct mm_snapshot mm;
	sigset_t none;
	int umask = -1;

	snapshot_task(task, &t);
	snapshot_mm(task, &mm);
	task_lock(task);
	if (task->fs)
		umask = READ_ONCE(task->fs->umask);
	task_unlock(task);
	seq_printf(m, "Name:\t%s\n", t.comm);
	if (umask >= 0)
		seq_printf(m, "Umask:\t%04o\n", umask);
	seq_printf(m, "State:\t%c (%s)\n", t.state, t.state_name);
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n",
		   t.pid, t.pid, t.ppid);
	seq_puts(m, "TracerPid:\t0\n");
	task_show_ids(m, task);
	seq_printf(m, "FDSize:\t%d\n", fd_size(task));
	task_show_groups(m, task);
	if (mm.has_mm)
		seq_printf(m, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n",
			   mm.vsize >> 10, mm.rss_pages << (PAGE_SHIFT - 10));
	seq_puts(m, "Threads:\t1\n");
	seq_printf(m, "SigQ:\t%u/%lu\n", t.nr_queued,
		   task->rlim[RLIMIT_SIGPENDING].rlim_cur);
	render_sigset(m, "SigPnd", &t.pending);
	sigemptyset(&none);	/* no thread groups: nothing shared pends */
	render_sigset(m, "ShdPnd", &none);
	render_sigset(m, "SigBlk", &t.blocked);
	render_sigset(m, "SigIgn", &t.ignored);
	render_sigset(m, "SigCgt", &t.caught);
	task_show_caps(m, task);
	return 0;
}

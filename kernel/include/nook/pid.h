/*
 * nook/pid.h — process ids. Linux: include/linux/pid.h, kernel/pid.c.
 *
 * A bitmap of the numbers 0..PID_MAX_DEFAULT-1. As in Linux, numbers are
 * handed out cyclically: each allocation takes the first free number
 * after the last one given, wrapping around past the top, so a freed pid
 * is reused only once the others have come round (a stale pid in a
 * student's shell rarely names a new process). 0 is never handed out:
 * it is the idle tasks'. With pid namespaces (a later step) this becomes Linux's struct pid with
 * one number per pid namespace level (struct upid); alloc_pid keeps its
 * name and its cyclic rule.
 *
 * A number stays taken while any listed task carries it: as its pid, or
 * as its process group or session id. A group outlives its leader, and
 * its number must not come round to a new process while it does, or
 * that process's setpgid(0, 0) would join the old group and its
 * setsid() fail. Linux gets this from struct pid, whose number is freed
 * only once no task hangs on it as PIDTYPE_PID, _TGID, _PGID or _SID.
 */
#ifndef NOOK_PID_H
#define NOOK_PID_H

#include <nook/sched.h>

#define PID_MAX_DEFAULT		0x8000	/* Linux's default pid_max */
#define RESERVED_PIDS		1	/* 0: the idle tasks */

/* A free pid, or -EAGAIN when all are in use. */
pid_t alloc_pid(void);
void free_pid(pid_t nr);
/*
 * How many numbers are taken (idle's 0 not counted): the tasks' pids and
 * those groups and sessions keep after their leader has been reaped.
 */
int nr_pids_in_use(void);

/*
 * Under tasklist_lock: p joins group pgrp, or session sid; the number it
 * leaves is freed if nobody carries it any more. Linux: change_pid.
 */
void change_pgrp(struct task_struct *p, pid_t pgrp);
/*
 * Under tasklist_lock: a holder (a task, the console) has stopped
 * carrying nr; it is freed if nobody carries it any more. Once per
 * number let go: freed, it may already be a new child's.
 */
void put_pid_nr(pid_t nr);
void change_session(struct task_struct *p, pid_t sid);
/*
 * Under tasklist_lock, p just taken off the tasklist (release_task):
 * free p's pid, group and session numbers that nobody else carries.
 * Linux: the detach_pid calls of __unhash_process.
 */
void detach_pids(struct task_struct *p);
/* setsid(2), for kernel threads too (the ktests). Linux: kernel/sys.c. */
long ksys_setsid(void);
/* The user task with this pid, with a reference; NULL if none. */
struct task_struct *find_get_task_by_vpid(pid_t nr);

#endif

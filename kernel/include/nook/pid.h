/*
 * nook/pid.h — process ids. Linux: include/linux/pid.h, kernel/pid.c.
 *
 * A bitmap of the numbers 0..PID_MAX_DEFAULT-1. As in Linux, numbers are
 * handed out cyclically: each allocation takes the first free number
 * after the last one given, wrapping around past the top, so a freed pid
 * is reused only once the others have come round (a stale pid in a
 * student's shell rarely names a new process). 0 is never handed out:
 * it is the idle tasks'. In Step 4 this becomes Linux's struct pid with
 * one number per pid namespace level (struct upid); alloc_pid keeps its
 * name and its cyclic rule.
 */
#ifndef NOOK_PID_H
#define NOOK_PID_H

#include <nook/sched.h>

#define PID_MAX_DEFAULT		0x8000	/* Linux's default pid_max */
#define RESERVED_PIDS		1	/* 0: the idle tasks */

/* A free pid, or -EAGAIN when all are in use. */
pid_t alloc_pid(void);
void free_pid(pid_t nr);
/* How many pids are in use (idle's 0 not counted). */
int nr_pids_in_use(void);
/* The user task with this pid, with a reference; NULL if none. */
struct task_struct *find_get_task_by_vpid(pid_t nr);

#endif

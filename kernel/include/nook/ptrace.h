/*
 * nook/ptrace.h — may one process look into another? Linux:
 * include/linux/ptrace.h (ptrace_may_access and its PTRACE_MODE_*).
 * Nook has no ptrace(2) yet; procfs asks the same question Linux's does
 * before it hands out another process's cwd, root, exe, fd/N, ns/ links
 * or environ (the answer needs matching ids, a dumpable target and
 * capabilities covering its own, or CAP_SYS_PTRACE: kernel/ptrace.c).
 */
#ifndef NOOK_PTRACE_H
#define NOOK_PTRACE_H

#include <nook/kernel.h>

#define PTRACE_MODE_READ	0x01
#define PTRACE_MODE_ATTACH	0x02
#define PTRACE_MODE_FSCREDS	0x08	/* compare the caller's fsuid/fsgid */
#define PTRACE_MODE_REALCREDS	0x10	/* ... or its real uid/gid */
#define PTRACE_MODE_READ_FSCREDS (PTRACE_MODE_READ | PTRACE_MODE_FSCREDS)
#define PTRACE_MODE_READ_REALCREDS (PTRACE_MODE_READ | PTRACE_MODE_REALCREDS)

struct task_struct;
bool ptrace_may_access(struct task_struct *task, unsigned int mode);

#endif

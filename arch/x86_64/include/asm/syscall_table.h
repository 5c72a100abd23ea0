/*
 * asm/syscall_table.h — which handler serves which system-call number.
 * Linux: arch/x86/entry/syscalls/syscall_64.tbl. One line per call Nook
 * implements; a number not listed answers -ENOSYS. To add a call: write
 * its SYSCALL_DEFINEn next to the code it belongs to, add its __NR_ to
 * asm/unistd.h if missing, and a line here.
 */
__SYSCALL(__NR_getpid, sys_getpid)
__SYSCALL(__NR_gettid, sys_gettid)
__SYSCALL(__NR_getppid, sys_getppid)
__SYSCALL(__NR_write, sys_write)
__SYSCALL(__NR_execve, sys_execve)
__SYSCALL(__NR_exit, sys_exit)
__SYSCALL(__NR_exit_group, sys_exit_group)
__SYSCALL(__NR_arch_prctl, sys_arch_prctl)
__SYSCALL(__NR_writev, sys_writev)
__SYSCALL(__NR_rt_sigaction, sys_rt_sigaction)
__SYSCALL(__NR_rt_sigprocmask, sys_rt_sigprocmask)
__SYSCALL(__NR_rt_sigreturn, sys_rt_sigreturn)
__SYSCALL(__NR_rt_sigpending, sys_rt_sigpending)
__SYSCALL(__NR_rt_sigsuspend, sys_rt_sigsuspend)
__SYSCALL(__NR_pause, sys_pause)
__SYSCALL(__NR_kill, sys_kill)
__SYSCALL(__NR_tkill, sys_tkill)
__SYSCALL(__NR_tgkill, sys_tgkill)
__SYSCALL(__NR_restart_syscall, sys_restart_syscall)

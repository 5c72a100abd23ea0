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
__SYSCALL(__NR_clone, sys_clone)
__SYSCALL(__NR_fork, sys_fork)
__SYSCALL(__NR_vfork, sys_vfork)
__SYSCALL(__NR_clone3, sys_clone3)
__SYSCALL(__NR_wait4, sys_wait4)
__SYSCALL(__NR_waitid, sys_waitid)
__SYSCALL(__NR_set_tid_address, sys_set_tid_address)
__SYSCALL(__NR_brk, sys_brk)
__SYSCALL(__NR_mmap, sys_mmap)
__SYSCALL(__NR_munmap, sys_munmap)
__SYSCALL(__NR_mprotect, sys_mprotect)
__SYSCALL(__NR_reboot, sys_reboot)
__SYSCALL(__NR_nanosleep, sys_nanosleep)

// kernel/mm/mm_syscalls.c — brk, mmap, munmap, mprotect in the system-call table.
//
// Linux: mm/mmap.c, mm/mprotect.c (their SYSCALL_DEFINEs). The cores
// (sys_mmap and friends) are in mmap.c and mprotect.c; this file only
// gives them entries, so that musl's malloc works in forked children.
// A minimal wiring made for the fork and wait work: the misc-calls work
// wires the same calls, and a merge keeps one of the two.

#include <nook/mm.h>
#include <asm/syscall.h>

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	return sys_brk(brk);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags, unsigned long, fd,
		unsigned long, off)
{
	return sys_mmap(addr, len, prot, flags, fd, off);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	return sys_munmap(addr, len);
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len,
		unsigned long, prot)
{
	return sys_mprotect(start, len, prot);
}

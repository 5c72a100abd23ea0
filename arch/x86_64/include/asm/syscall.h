/*
 * asm/syscall.h — the system-call table and how handlers are declared.
 * Linux: arch/x86/include/asm/syscall.h, syscall_wrapper.h and
 * include/linux/syscalls.h (SYSCALL_DEFINEx).
 *
 * A handler is written as in Linux:
 *
 *	SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
 *			size_t, count)
 *	{
 *		...
 *	}
 *
 * which defines __x64_sys_write(const struct pt_regs *regs), the entry
 * the table holds: it takes the arguments from the registers the ABI
 * puts them in (rdi, rsi, rdx, r10, r8, r9) and calls the body with
 * them typed. The table itself is listed in asm/syscall_table.h.
 */
#ifndef ASM_SYSCALL_H
#define ASM_SYSCALL_H

#include <asm/ptrace.h>
#include <asm/unistd.h>

typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

/* Argument i of a system call, as the x86-64 ABI passes it. */
#define __SC_REG1(r)	((r)->di)
#define __SC_REG2(r)	((r)->si)
#define __SC_REG3(r)	((r)->dx)
#define __SC_REG4(r)	((r)->r10)
#define __SC_REG5(r)	((r)->r8)
#define __SC_REG6(r)	((r)->r9)

#define __SC_DECL(t, a, i)	t a
#define __SC_CAST(t, a, i)	(t)__SC_REG##i(regs)

#define __MAP1(m, t1, a1) m(t1, a1, 1)
#define __MAP2(m, t1, a1, t2, a2) m(t1, a1, 1), m(t2, a2, 2)
#define __MAP3(m, t1, a1, t2, a2, t3, a3) \
	__MAP2(m, t1, a1, t2, a2), m(t3, a3, 3)
#define __MAP4(m, t1, a1, t2, a2, t3, a3, t4, a4) \
	__MAP3(m, t1, a1, t2, a2, t3, a3), m(t4, a4, 4)
#define __MAP5(m, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	__MAP4(m, t1, a1, t2, a2, t3, a3, t4, a4), m(t5, a5, 5)
#define __MAP6(m, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	__MAP5(m, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), m(t6, a6, 6)

#define SYSCALL_DEFINE0(sname)						\
	long __x64_sys_##sname(const struct pt_regs *regs)

#define SYSCALL_DEFINEx(x, sname, ...)					\
	static long __do_sys_##sname(__MAP##x(__SC_DECL, __VA_ARGS__)); \
	long __x64_sys_##sname(const struct pt_regs *regs)		\
	{								\
		return __do_sys_##sname(__MAP##x(__SC_CAST, __VA_ARGS__)); \
	}								\
	static long __do_sys_##sname(__MAP##x(__SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

extern const sys_call_ptr_t sys_call_table[NR_syscalls];

/* Per CPU: point the syscall instruction at our entry (MSRs). */
void syscall_init(void);

/* The registers user mode entered with, at the top of current's stack. */
struct pt_regs *current_pt_regs(void);

/*
 * Leaves for user mode with regs (iretq): how pid 1 starts its first
 * program after kernel_execve, and how a forked child starts.
 */
void ret_to_user_mode(struct pt_regs *regs) __attribute__((noreturn));

/* Work due before any return to user mode: rescheduling, signals. */
void exit_to_user_mode(struct pt_regs *regs);

#endif

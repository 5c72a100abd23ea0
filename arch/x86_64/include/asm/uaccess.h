/*
 * asm/uaccess.h — the only way the kernel touches user memory.
 * Linux: include/linux/uaccess.h, arch/x86/include/asm/uaccess.h and
 * uaccess_64.h; the routines are in arch/x86_64/lib/usercopy.c.
 *
 * A user pointer is hostile: it may point at nothing, at memory not yet
 * faulted in, or into the kernel. access_ok() refuses the kernel (any
 * range reaching TASK_SIZE_MAX) before any access; a bad user address
 * faults, and the exception table turns the fault into a short count.
 *
 * Return values, as in Linux:
 *   copy_from_user, copy_to_user, clear_user: bytes NOT copied (0: all
 *     done). copy_from_user zero-fills the part of `to` it could not
 *     fill, so no stale kernel data survives in the buffer.
 *   strncpy_from_user: the string's length (without its NUL) if a NUL
 *     came within count bytes, else count (no NUL stored); -EFAULT if
 *     the source faulted first.
 *   get_user, put_user: 0 or -EFAULT (get_user zeroes x on failure).
 *
 * None of these may be called with an mmap_lock held: the fault they
 * may take needs that lock. Callers turn a short count into -EFAULT.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <nook/kernel.h>
#include <asm/page.h>

static inline bool access_ok(const void __user *addr, unsigned long size)
{
	return size <= TASK_SIZE_MAX &&
	       (unsigned long)addr <= TASK_SIZE_MAX - size;
}

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);

/* One scalar (1, 2, 4 or 8 bytes); a full copy through the same fixups. */
#define get_user(x, ptr)						\
	({								\
		u64 __gu_val = 0;					\
		int __gu_err = 0;					\
		_Static_assert(sizeof(*(ptr)) <= sizeof(u64),		\
			       "get_user: a scalar only");		\
		if (copy_from_user(&__gu_val, (ptr), sizeof(*(ptr))))	\
			__gu_err = -EFAULT;				\
		(x) = (__typeof__(*(ptr)))__gu_val;			\
		__gu_err;						\
	})

#define put_user(x, ptr)						\
	({								\
		__typeof__(*(ptr)) __pu_val = (x);			\
		copy_to_user((ptr), &__pu_val, sizeof(*(ptr))) ?	\
			-EFAULT : 0;					\
	})

#endif

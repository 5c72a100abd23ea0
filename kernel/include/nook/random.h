/*
 * nook/random.h — random bytes for the kernel and for getrandom(2).
 * Linux: include/linux/random.h (get_random_bytes), drivers/char/random.c.
 */
#ifndef NOOK_RANDOM_H
#define NOOK_RANDOM_H

#include <nook/kernel.h>
#include <nook/types.h>

void get_random_bytes(void *buf, size_t len);
u64 get_random_u64(void);
/* getrandom(2)'s copy (len > 0): bytes copied, or -EFAULT if none. */
long get_random_bytes_user(u8 __user *ubuf, size_t len);

#endif

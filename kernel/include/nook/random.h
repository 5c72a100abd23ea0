/*
 * nook/random.h — random bytes for the kernel and for getrandom(2).
 * Linux: include/linux/random.h (get_random_bytes), drivers/char/random.c.
 */
#ifndef NOOK_RANDOM_H
#define NOOK_RANDOM_H

#include <nook/types.h>

void get_random_bytes(void *buf, size_t len);
u64 get_random_u64(void);

#endif

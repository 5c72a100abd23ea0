/*
 * nook/fault-inject.h — making an allocation fail on purpose, to test
 * the paths that handle it. Linux: include/linux/fault-inject.h.
 *
 * Linux's fail-nth: a task writes n to /proc/thread-self/fail-nth (Nook:
 * sets current->fail_nth), and its n-th allocation from then on fails,
 * whatever kind it is (a slab object or pages). A test repeats an
 * operation with n = 1, 2, 3... and so walks it through every failure
 * point in turn, until a run no longer reaches the n-th allocation.
 */
#ifndef NOOK_FAULT_INJECT_H
#define NOOK_FAULT_INJECT_H

#include <nook/kernel.h>

/*
 * Counts one allocation against current's fail_nth; true when this is
 * the one that must fail. Only the allocators call it (should_failslab,
 * should_fail_alloc_page in Linux), once per request.
 */
bool should_fail_alloc(void);

#endif

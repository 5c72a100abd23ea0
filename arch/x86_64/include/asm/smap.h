/*
 * asm/smap.h — opening and closing the kernel's window onto user pages.
 * Linux: arch/x86/include/asm/smap.h.
 *
 * With SMAP on (CR4.SMAP), a kernel access to a user page faults unless
 * EFLAGS.AC is set; stac sets it, clac clears it. Only the user-copy
 * routines open the window, so a stray kernel dereference of a user
 * pointer is caught at once. stac and clac do not exist on a CPU
 * without SMAP (#UD), hence the check: Linux patches them in at boot
 * (alternatives), Nook tests a flag set once by setup_smep_smap().
 */
#ifndef ASM_SMAP_H
#define ASM_SMAP_H

#include <asm/processor-flags.h>

#include <nook/types.h>


extern bool smap_enabled;

static inline void stac(void)
{
	if (smap_enabled)
		__asm__ __volatile__("stac" : : : "memory");
}

static inline void clac(void)
{
	if (smap_enabled)
		__asm__ __volatile__("clac" : : : "memory");
}

#endif

/*
 * asm/segment.h — the GDT's layout and the selectors that index it.
 * Linux: arch/x86/include/asm/segment.h.
 *
 * The order is not free: syscall and sysret compute selectors from the
 * STAR MSR instead of reading them from memory. syscall loads CS from
 * STAR[47:32] and SS from that + 8, so kernel data must follow kernel
 * code. sysret (64-bit) loads SS from STAR[63:48] + 8 and CS from that
 * + 16, so user data must come right before user code, one slot above a
 * base slot. Linux's numbers meet both rules, and Nook keeps them so a
 * selector seen in gdb means the same thing in both kernels:
 *
 *	index  selector  what
 *	0      0x00      null (the CPU requires it)
 *	1      0x08      unused (Linux: 32-bit kernel code)
 *	2      0x10      __KERNEL_CS, 64-bit code, ring 0
 *	3      0x18      __KERNEL_DS, data, ring 0
 *	4      0x23      unused (Linux: 32-bit user code); sysret's base
 *	5      0x2b      __USER_DS, data, ring 3
 *	6      0x33      __USER_CS, 64-bit code, ring 3
 *	7      -         unused
 *	8-9    0x40      the TSS (a system descriptor takes two slots)
 */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS	2
#define GDT_ENTRY_KERNEL_DS	3
#define GDT_ENTRY_USER32_CS	4
#define GDT_ENTRY_USER_DS	5
#define GDT_ENTRY_USER_CS	6
#define GDT_ENTRY_TSS		8
#define GDT_ENTRIES		10

/* The low two bits of a selector are the privilege level asked for. */
#define SEGMENT_RPL_MASK	0x3
#define USER_RPL		0x3

#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)
#define __USER32_CS	(GDT_ENTRY_USER32_CS * 8 + USER_RPL)
#define __USER_DS	(GDT_ENTRY_USER_DS * 8 + USER_RPL)
#define __USER_CS	(GDT_ENTRY_USER_CS * 8 + USER_RPL)
#define GDT_ENTRY_TSS_SEL	(GDT_ENTRY_TSS * 8)

#endif

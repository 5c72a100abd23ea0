/* asm/trap_pf.h — the page fault's error code bits. Linux: arch/x86/include/asm/trap_pf.h. */
#ifndef ASM_TRAP_PF_H
#define ASM_TRAP_PF_H

#define X86_PF_PROT	(1UL << 0)	/* 0: page not present */
#define X86_PF_WRITE	(1UL << 1)
#define X86_PF_USER	(1UL << 2)
#define X86_PF_RSVD	(1UL << 3)	/* a reserved bit set in an entry */
#define X86_PF_INSTR	(1UL << 4)	/* instruction fetch */
#define X86_PF_PK	(1UL << 5)	/* protection key */
#define X86_PF_SHSTK	(1UL << 6)	/* shadow stack access */

#endif

/*
 * asm/extable.h — the exception table: instructions allowed to fault.
 * Linux: arch/x86/include/asm/extable.h, asm/asm.h (_ASM_EXTABLE).
 *
 * The few instructions that touch user memory on the kernel's behalf
 * each get an entry: their address, and where to go on if they fault.
 * The page-fault handler first tries to resolve the fault (demand
 * paging); only when the address is truly bad does it look the
 * instruction up here and resume at the fixup, so that the copy ends
 * early and its caller returns -EFAULT instead of the kernel oopsing.
 * Linux stores 32-bit relative offsets and a handler type; Nook stores
 * two absolute addresses, which gdb prints as symbols.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include <asm/ptrace.h>

struct exception_table_entry {
	unsigned long insn;	/* the instruction that may fault */
	unsigned long fixup;	/* where execution goes on if it does */
};

/* For inline asm: record that the instruction at label `from` may fault. */
#define _ASM_EXTABLE(from, to)					\
	" .pushsection __ex_table, \"a\"\n"			\
	" .balign 8\n"						\
	" .quad " #from ", " #to "\n"				\
	" .popsection\n"

const struct exception_table_entry *search_exception_tables(unsigned long ip);
/* If regs->ip has an entry, move regs->ip to its fixup and return true. */
bool fixup_exception(struct pt_regs *regs);

#endif

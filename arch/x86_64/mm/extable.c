// arch/x86_64/mm/extable.c — looking up a faulting kernel instruction in the exception table.
//
// Linux: arch/x86/mm/extable.c (fixup_exception) and kernel/extable.c
// (search_exception_tables). linker.ld gathers every __ex_table entry
// between __start___ex_table and __stop___ex_table. Linux sorts the
// table at build time and searches it by bisection; Nook's has a
// handful of entries, so a linear search is both enough and obvious.

#include <asm/extable.h>

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

const struct exception_table_entry *search_exception_tables(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->ip);

	if (!e)
		return false;
	regs->ip = e->fixup;
	return true;
}

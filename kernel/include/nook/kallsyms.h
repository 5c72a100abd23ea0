/*
 * nook/kallsyms.h — the kernel's own symbol table, for backtraces.
 * Linux: include/linux/kallsyms.h, kernel/kallsyms.c.
 * The table is generated at link time by tools/gen-kallsyms.sh.
 */
#ifndef NOOK_KALLSYMS_H
#define NOOK_KALLSYMS_H

#include <nook/types.h>

#define KSYM_NAME_LEN 128

/*
 * Finds the function that holds addr. Returns its name (NULL if none) and
 * fills *offset (addr - start) and *size (the function's length).
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);
/* The start address of the function called name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);
/* "name+0x1f/0x80", or the bare hex address when no symbol holds it. */
int sprint_symbol(char *buf, size_t size, unsigned long addr);

#endif

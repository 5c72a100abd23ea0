// kernel/lib/kallsyms.c — turning a code address into a function name.
//
// Linux: kernel/kallsyms.c. Linux compresses its table; ours is plain:
// a sorted array of addresses, an array of offsets into a blob of
// NUL-terminated names. tools/gen-kallsyms.sh writes it from `nm -n`
// after the first link (see the Makefile for why two links suffice).

#include <nook/kallsyms.h>
#include <nook/printk.h>
#include <nook/string.h>

extern const unsigned long kallsyms_num_syms;
extern const unsigned long kallsyms_addresses[];
extern const unsigned int kallsyms_offsets[];
extern const char kallsyms_names[];
extern const char _text[], _etext[];

/* Index of the last symbol at or below addr, or -1. */
static long find_symbol(unsigned long addr)
{
	long lo = 0, hi = (long)kallsyms_num_syms - 1, best = -1;

	/* Only the kernel's own code: not the boot stub, not user space. */
	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext)
		return -1;
	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return best;
}

const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	long i = find_symbol(addr);
	unsigned long end;

	if (i < 0)
		return NULL;
	end = (unsigned long)i + 1 < kallsyms_num_syms ?
		kallsyms_addresses[i + 1] : (unsigned long)_etext;
	if (size)
		*size = end - kallsyms_addresses[i];
	if (offset)
		*offset = addr - kallsyms_addresses[i];
	return kallsyms_names + kallsyms_offsets[i];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num_syms; i++)
		if (!strcmp(kallsyms_names + kallsyms_offsets[i], name))
			return kallsyms_addresses[i];
	return 0;
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr, &symsize, &offset);

	if (!name)
		return snprintf(buf, size, "0x%lx", addr);
	return snprintf(buf, size, "%s+0x%lx/0x%lx", name, offset, symsize);
}

#!/bin/sh
# tools/gen-kallsyms.sh ELF — write the kernel's symbol table as assembly.
#
# Linux: scripts/kallsyms.c. Reads the text symbols of ELF (sorted by
# address) and prints a .kallsyms section holding kallsyms_num_syms,
# kallsyms_addresses[], kallsyms_offsets[] and kallsyms_names (see
# kernel/lib/kallsyms.c). With /dev/null it prints an empty table, for the
# first link.
set -eu
elf=$1
if [ "$elf" = /dev/null ]; then
	syms=""
else
	# t/T: text symbols. Skip ld's section markers, nasm's local labels
	# (func.label: they belong to func) and duplicates at one address
	# (keep the first name).
	syms=$(nm -n "$elf" | awk '$2 ~ /^[tT]$/ && $3 !~ /^(_text|_etext)$/ &&
		$3 !~ /\./ {
		if ($1 != last) print $1, $3; last = $1 }')
fi
printf '%s\n' "$syms" | awk '
BEGIN { n = 0 }
NF == 2 { addr[n] = $1; name[n] = $2; n++ }
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_num_syms, kallsyms_addresses"
	print "\t.globl kallsyms_offsets, kallsyms_names"
	print "kallsyms_num_syms:\n\t.quad " n
	print "kallsyms_addresses:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "kallsyms_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "kallsyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
	print "\t.section .note.GNU-stack, \"\", @progbits"
}'

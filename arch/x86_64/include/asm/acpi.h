/*
 * asm/acpi.h — what Nook reads from the firmware's ACPI tables: the CPUs.
 * Linux: arch/x86/include/asm/acpi.h, include/acpi/actbl*.h.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <nook/types.h>

/*
 * Fill ids[] with the local APIC id of each enabled processor the MADT
 * lists, in its order, at most max of them. Returns how many the MADT
 * lists (which may exceed max), or a negative errno when there is no
 * usable RSDP or MADT.
 */
int acpi_find_lapic_ids(u32 *ids, int max);

#endif

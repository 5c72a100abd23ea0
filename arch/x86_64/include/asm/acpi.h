/*
 * asm/acpi.h — what Nook reads from the firmware's ACPI tables: the CPUs,
 * and the power-off register.
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

/*
 * The I/O port of the FADT's PM1a control register (where writing
 * SLP_TYP and SLP_EN puts the machine to sleep, S5 being "off"):
 * 0, or -ENOENT without an FADT.
 */
int acpi_pm1a_control_port(u16 *port);

#endif

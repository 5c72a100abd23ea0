/*
 * nook/bootinfo.h — what the boot loader told us, in one place.
 *
 * Linux: struct boot_params (arch/x86/include/uapi/asm/bootparam.h) and
 * the e820 memory map. arch/x86_64/kernel/multiboot2.c fills it from the
 * multiboot2 information GRUB hands over, before anything else runs, and
 * copies what it keeps: the frame allocator will reuse GRUB's memory.
 */
#ifndef NOOK_BOOTINFO_H
#define NOOK_BOOTINFO_H

#include <nook/types.h>

#define BOOT_MMAP_MAX		64
#define BOOT_MODULES_MAX	8
#define COMMAND_LINE_SIZE	2048	/* Linux's x86 limit */
#define ACPI_RSDP_MAX		36	/* an ACPI 2.0 RSDP's length */

/* Memory-map region types, as in the e820 map and multiboot2. */
#define E820_RAM		1
#define E820_RESERVED		2
#define E820_ACPI		3
#define E820_NVS		4
#define E820_UNUSABLE		5

struct boot_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
};

struct boot_module {
	phys_addr_t start;
	phys_addr_t end;	/* one past the last byte */
	char name[64];		/* the string after the path in grub.cfg */
};

struct boot_info {
	char cmdline[COMMAND_LINE_SIZE];
	char loader[64];
	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	int nr_mmap;
	struct boot_module modules[BOOT_MODULES_MAX];
	int nr_modules;
	phys_addr_t info_start, info_end;	/* GRUB's info block itself */
	u8 acpi_rsdp[ACPI_RSDP_MAX];	/* GRUB's copy of the RSDP, if any */
	u32 acpi_rsdp_len;		/* 0: GRUB gave none */
};

extern struct boot_info boot_info;

/* Reads GRUB's information; returns -EINVAL if magic is not multiboot2's. */
int multiboot2_parse(u32 magic, phys_addr_t info);
const char *e820_type_name(u32 type);

#endif

// arch/x86_64/kernel/multiboot2.c — reading the boot information GRUB left us.
//
// Linux reads struct boot_params (arch/x86/kernel/setup.c, e820.c);
// Nook is booted by GRUB through multiboot2, whose information block is
// a list of tags: { u32 type, u32 size, payload }, each 8-byte aligned,
// ending with a tag of type 0. We keep the command line, the boot loader
// name, the memory map, the modules and GRUB's copy of the ACPI RSDP.

#include <nook/bootinfo.h>
#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/string.h>
#include <asm/page.h>

#define MB2_BOOTLOADER_MAGIC	0x36d76289

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_BOOT_LOADER	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14	/* a copy of the ACPI 1.0 RSDP */
#define MB2_TAG_ACPI_NEW	15	/* a copy of the ACPI 2.0+ RSDP */

struct mb2_tag {
	u32 type;
	u32 size;
} __packed;

struct mb2_tag_module {
	u32 type, size;
	u32 mod_start, mod_end;
	char string[];
} __packed;

struct mb2_tag_mmap {
	u32 type, size;
	u32 entry_size, entry_version;
	/* entries follow */
} __packed;

struct mb2_mmap_entry {
	u64 addr, len;
	u32 type, reserved;
} __packed;

struct boot_info boot_info;

static void parse_mmap(const struct mb2_tag_mmap *tag)
{
	const u8 *p = (const u8 *)(tag + 1);
	const u8 *end = (const u8 *)tag + tag->size;

	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += tag->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct boot_mmap_entry *m;

		if (boot_info.nr_mmap == BOOT_MMAP_MAX)
			break;
		m = &boot_info.mmap[boot_info.nr_mmap++];
		m->addr = e->addr;
		m->len = e->len;
		m->type = e->type;
	}
}

static void parse_module(const struct mb2_tag_module *tag)
{
	struct boot_module *m;

	if (boot_info.nr_modules == BOOT_MODULES_MAX)
		return;
	m = &boot_info.modules[boot_info.nr_modules++];
	m->start = tag->mod_start;
	m->end = tag->mod_end;
	strlcpy(m->name, tag->string, sizeof(m->name));
}

/*
 * The RSDP itself lives in BIOS memory, but GRUB found it for us: keep
 * its copy. An ACPI 2.0 RSDP (with the XSDT's address) wins over 1.0.
 */
static void parse_acpi_rsdp(const struct mb2_tag *tag)
{
	u32 len = min(tag->size - (u32)sizeof(*tag),
		      (u32)sizeof(boot_info.acpi_rsdp));

	if (tag->type == MB2_TAG_ACPI_OLD && boot_info.acpi_rsdp_len)
		return;
	memcpy(boot_info.acpi_rsdp, tag + 1, len);
	boot_info.acpi_rsdp_len = len;
}

int multiboot2_parse(u32 magic, phys_addr_t info)
{
	const u8 *base = __va(info);
	u32 total = *(const u32 *)base;
	const u8 *p = base + 8;		/* skip total_size and reserved */

	if (magic != MB2_BOOTLOADER_MAGIC)
		return -EINVAL;
	boot_info.info_start = info;
	boot_info.info_end = info + total;

	while (p + sizeof(struct mb2_tag) <= base + total) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END)
			break;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			strlcpy(boot_info.cmdline, (const char *)(tag + 1),
				sizeof(boot_info.cmdline));
			break;
		case MB2_TAG_BOOT_LOADER:
			strlcpy(boot_info.loader, (const char *)(tag + 1),
				sizeof(boot_info.loader));
			break;
		case MB2_TAG_MODULE:
			parse_module((const void *)tag);
			break;
		case MB2_TAG_MMAP:
			parse_mmap((const void *)tag);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			parse_acpi_rsdp(tag);
			break;
		}
		p += ALIGN(tag->size, 8);
	}
	return 0;
}

const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_RAM:		return "usable";
	case E820_RESERVED:	return "reserved";
	case E820_ACPI:		return "ACPI data";
	case E820_NVS:		return "ACPI NVS";
	case E820_UNUSABLE:	return "unusable";
	default:		return "unknown";
	}
}

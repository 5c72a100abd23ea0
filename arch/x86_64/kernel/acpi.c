// arch/x86_64/kernel/acpi.c — finding the CPUs in the ACPI MADT.
//
// Linux: arch/x86/kernel/acpi/boot.c (acpi_parse_madt, acpi_parse_lapic)
// and drivers/acpi/tables.c, osl.c (acpi_find_root_pointer). The firmware
// describes the machine in tables: the RSDP points at the RSDT (32-bit
// pointers) or XSDT (64-bit), which list the others by signature. The
// MADT ("APIC") has one entry per processor's local APIC, with a flag
// saying whether the firmware enabled it. Only the boot CPU runs this.

#include <nook/bootinfo.h>
#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/memblock.h>
#include <nook/printk.h>
#include <nook/string.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/page.h>

#define ACPI_RSDP_SIG		"RSD PTR "
#define ACPI_RSDP_SIG_LEN	8
#define ACPI_RSDP_V1_LEN	20	/* the part the first checksum covers */
#define ACPI_NAME_SIZE		4
#define ACPI_SIG_MADT		"APIC"
#define ACPI_SIG_FADT		"FACP"

/* Where the BIOS may keep the RSDP: the EBDA's first KiB, or the ROM. */
#define EBDA_SEG_PTR		0x40e	/* BIOS data area: EBDA segment */
#define EBDA_SCAN_LEN		KiB
#define BIOS_ROM_START		0xe0000
#define BIOS_ROM_END		0x100000
#define RSDP_SCAN_STEP		16	/* the RSDP is paragraph aligned */

#define ACPI_MADT_TYPE_LOCAL_APIC	0
#define ACPI_MADT_ENABLED		(1U << 0)

struct acpi_table_rsdp {
	char signature[ACPI_RSDP_SIG_LEN];
	u8 checksum;		/* of the first ACPI_RSDP_V1_LEN bytes */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0; 2: 2.0 and later */
	u32 rsdt_physical_address;
	u32 length;		/* 2.0+: the whole structure */
	u64 xsdt_physical_address;
	u8 extended_checksum;
	u8 reserved[3];
} __packed;

struct acpi_table_header {
	char signature[ACPI_NAME_SIZE];
	u32 length;		/* header included */
	u8 revision;
	u8 checksum;		/* the whole table sums to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	char asl_compiler_id[ACPI_NAME_SIZE];
	u32 asl_compiler_revision;
} __packed;

struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;		/* the local APIC's physical address */
	u32 flags;
	/* variable-length entries follow */
} __packed;

struct acpi_subtable_header {
	u8 type;
	u8 length;
} __packed;

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;
	u8 id;			/* the local APIC id */
	u32 lapic_flags;
} __packed;

static bool acpi_checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/*
 * Tables may sit in RAM (the direct map has them) or in a reserved
 * range (which needs a mapping of its own, uncached as ioremap makes it).
 */
static void *acpi_os_map_memory(phys_addr_t phys, size_t size)
{
	if (memblock_overlaps_region(&memblock.memory, phys, size))
		return __va(phys);
	return ioremap(phys, size);
}

/* A whole table: map its header, learn its length, map it all, check. */
static struct acpi_table_header *acpi_map_table(phys_addr_t phys)
{
	struct acpi_table_header *h = acpi_os_map_memory(phys, sizeof(*h));

	if (!h)
		return NULL;
	h = acpi_os_map_memory(phys, h->length);
	if (!h || !acpi_checksum_ok(h, h->length))
		return NULL;
	return h;
}

static const struct acpi_table_rsdp *rsdp_scan(phys_addr_t start,
					       phys_addr_t end)
{
	for (phys_addr_t pa = start; pa < end; pa += RSDP_SCAN_STEP) {
		const struct acpi_table_rsdp *r = __va(pa);

		if (!memcmp(r->signature, ACPI_RSDP_SIG, ACPI_RSDP_SIG_LEN) &&
		    acpi_checksum_ok(r, ACPI_RSDP_V1_LEN))
			return r;
	}
	return NULL;
}

/* GRUB's copy if it gave one; otherwise search where the BIOS puts it. */
static const struct acpi_table_rsdp *acpi_find_root_pointer(void)
{
	const struct acpi_table_rsdp *r;
	phys_addr_t ebda;

	if (boot_info.acpi_rsdp_len >= ACPI_RSDP_V1_LEN) {
		r = (const void *)boot_info.acpi_rsdp;
		if (acpi_checksum_ok(r, ACPI_RSDP_V1_LEN))
			return r;
	}
	ebda = (phys_addr_t)*(const u16 *)__va(EBDA_SEG_PTR) << 4;
	if (ebda && (r = rsdp_scan(ebda, ebda + EBDA_SCAN_LEN)))
		return r;
	return rsdp_scan(BIOS_ROM_START, BIOS_ROM_END);
}

/* The table with this signature, through the XSDT if there is one. */
static struct acpi_table_header *acpi_get_table(const char *sig)
{
	const struct acpi_table_rsdp *rsdp = acpi_find_root_pointer();
	struct acpi_table_header *root, *t;
	bool xsdt;
	size_t entry_size, n;
	const u8 *entries;

	if (!rsdp)
		return NULL;
	xsdt = rsdp->revision >= 2 && rsdp->xsdt_physical_address;
	root = acpi_map_table(xsdt ? rsdp->xsdt_physical_address :
				     rsdp->rsdt_physical_address);
	if (!root)
		return NULL;
	entry_size = xsdt ? sizeof(u64) : sizeof(u32);
	n = (root->length - sizeof(*root)) / entry_size;
	entries = (const u8 *)(root + 1);
	for (size_t i = 0; i < n; i++) {
		const u8 *e = entries + i * entry_size;
		phys_addr_t pa;

		/* The entries are not aligned: copy each one out. */
		if (xsdt) {
			u64 v;

			memcpy(&v, e, sizeof(v));
			pa = v;
		} else {
			u32 v;

			memcpy(&v, e, sizeof(v));
			pa = v;
		}
		t = acpi_map_table(pa);
		if (t && !memcmp(t->signature, sig, ACPI_NAME_SIZE))
			return t;
	}
	return NULL;
}

int acpi_find_lapic_ids(u32 *ids, int max)
{
	struct acpi_table_madt *madt = (void *)acpi_get_table(ACPI_SIG_MADT);
	const u8 *p, *end;
	int found = 0;

	if (!madt) {
		pr_warn("ACPI: no MADT: only the boot CPU will run\n");
		return -ENOENT;
	}
	p = (const u8 *)(madt + 1);
	end = (const u8 *)madt + madt->header.length;
	while (p + sizeof(struct acpi_subtable_header) <= end) {
		const struct acpi_subtable_header *h = (const void *)p;
		const struct acpi_madt_local_apic *lapic = (const void *)p;

		if (h->length < sizeof(*h))
			break;		/* a broken table: do not loop for ever */
		/* A disabled entry is a CPU slot the firmware left empty. */
		if (h->type == ACPI_MADT_TYPE_LOCAL_APIC &&
		    h->length >= sizeof(*lapic) &&
		    (lapic->lapic_flags & ACPI_MADT_ENABLED)) {
			if (found < max)
				ids[found] = lapic->id;
			found++;
		}
		p += h->length;
	}
	return found;
}

/* The start of the FADT, as far as power off needs it (ACPI 1.0 fields). */
struct acpi_table_fadt {
	struct acpi_table_header header;
	u32 facs;
	u32 dsdt;
	u8 model;
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;
	u8 acpi_enable;
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;	/* I/O port of PM1a_CNT */
	u32 pm1b_control_block;
} __packed;

int acpi_pm1a_control_port(u16 *port)
{
	struct acpi_table_fadt *fadt = (void *)acpi_get_table(ACPI_SIG_FADT);

	if (!fadt || fadt->header.length < sizeof(*fadt) ||
	    !fadt->pm1a_control_block)
		return -ENOENT;
	*port = fadt->pm1a_control_block;
	return 0;
}

// arch/x86_64/drivers/fw_cfg.c — reading a named file QEMU passes in.
//
// Linux: drivers/firmware/qemu_fw_cfg.c. QEMU's "firmware configuration"
// device answers at I/O ports 0x510 (select an item) and 0x511 (read its
// bytes). Item 0x19 is a directory of named files. Nook reads one:
// "opt/nook/cmdline", which `make run CMDLINE=...` and the test harness
// use to add to the kernel command line without rebuilding the ISO.
// (GRUB's own line, from boot/grub.cfg, comes first.)

#include <nook/errno.h>
#include <nook/string.h>
#include <asm/fw_cfg.h>
#include <asm/io.h>

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_FILE_DIR		0x0019
#define FW_CFG_NAME_LEN		56

static void fw_cfg_read(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static u32 be32(u32 v)
{
	return __builtin_bswap32(v);
}

static bool fw_cfg_present(void)
{
	char sig[4];

	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	return !memcmp(sig, "QEMU", 4);
}

/* Finds a file's selector and size; -ENOENT if there is none. */
static int fw_cfg_find(const char *name, u16 *select, u32 *size)
{
	u32 count;

	outw(FW_CFG_PORT_SEL, FW_CFG_FILE_DIR);
	fw_cfg_read(&count, sizeof(count));
	for (u32 i = 0; i < be32(count); i++) {
		struct {
			u32 size;
			u16 select;
			u16 reserved;
			char name[FW_CFG_NAME_LEN];
		} __attribute__((packed)) f;

		fw_cfg_read(&f, sizeof(f));
		f.name[FW_CFG_NAME_LEN - 1] = '\0';
		if (!strcmp(f.name, name)) {
			*select = __builtin_bswap16(f.select);
			*size = be32(f.size);
			return 0;
		}
	}
	return -ENOENT;
}

int fw_cfg_read_file(const char *name, char *buf, size_t size)
{
	u16 select;
	u32 len;

	if (!size || !fw_cfg_present())
		return -ENODEV;
	if (fw_cfg_find(name, &select, &len))
		return -ENOENT;
	if (len > size - 1)
		len = size - 1;
	outw(FW_CFG_PORT_SEL, select);
	fw_cfg_read(buf, len);
	buf[len] = '\0';
	return len;
}

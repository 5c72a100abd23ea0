/*
 * asm/fw_cfg.h — QEMU's firmware configuration files (see drivers/fw_cfg.c).
 * Linux: include/uapi/linux/qemu_fw_cfg.h, drivers/firmware/qemu_fw_cfg.c.
 */
#ifndef ASM_FW_CFG_H
#define ASM_FW_CFG_H

#include <nook/types.h>

#define FW_CFG_CMDLINE_FILE "opt/nook/cmdline"

/*
 * Copies the named file into buf (NUL-terminated, truncated to fit) and
 * returns its length; -ENODEV without fw_cfg, -ENOENT without the file.
 */
int fw_cfg_read_file(const char *name, char *buf, size_t size);

#endif

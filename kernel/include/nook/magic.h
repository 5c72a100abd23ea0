/*
 * nook/magic.h — the numbers statfs(2) reports in f_type, one per kind
 * of filesystem. Linux: include/uapi/linux/magic.h (the same values:
 * programs such as df and stat -f print them by name).
 */
#ifndef NOOK_MAGIC_H
#define NOOK_MAGIC_H

#define TMPFS_MAGIC		0x01021994	/* tmpfs and devtmpfs */
#define PROC_SUPER_MAGIC	0x9fa0

#endif

/*
 * nook/initramfs.h — files in the cpio archive GRUB loaded as a module.
 *
 * Linux unpacks its initramfs (init/initramfs.c) into the root tmpfs at
 * boot. Nook will do the same once it has a VFS (Step 3); until then,
 * programs are read straight out of the archive with initramfs_lookup().
 */
#ifndef NOOK_INITRAMFS_H
#define NOOK_INITRAMFS_H

#include <nook/types.h>

/* st_mode's file-type bits, as in Linux's include/uapi/linux/stat.h */
#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFREG		0100000
#define S_IFLNK		0120000

struct cpio_entry {
	const char *name;	/* without a leading "./" or "/" */
	size_t namelen;
	const void *data;
	size_t size;
	u32 mode;
	u32 ino;	/* with nlink > 1: names of one file share it */
	u32 nlink;
	u32 uid, gid;
	u32 mtime;
	u32 rdevmajor, rdevminor;	/* a device node's number */
};

/*
 * Walks a newc archive; calls fn for each entry until fn returns non-zero
 * (which is then returned). -EINVAL if the archive is malformed.
 */
int cpio_for_each(const void *archive, size_t len,
		  int (*fn)(const struct cpio_entry *e, void *arg), void *arg);

/* Finds path (with or without its leading '/') in archive; -ENOENT if absent. */
int cpio_lookup(const void *archive, size_t len, const char *path,
		struct cpio_entry *out);

/* The boot initramfs (the module named "initramfs"), set by initramfs_init(). */
void initramfs_init(void);
int initramfs_lookup(const char *path, struct cpio_entry *out);
/* The archive itself; NULL (and *len 0) when GRUB loaded none. */
const void *initramfs_data(size_t *len);

#endif

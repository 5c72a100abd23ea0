/*
 * nook/devtmpfs.h — the kernel's own /dev: one tmpfs instance, filled
 * by the drivers with a node per device, shown wherever "devtmpfs" is
 * mounted. Linux: include/linux/device.h (devtmpfs_create_node is
 * reached through device_add there) and drivers/base/devtmpfs.c.
 */
#ifndef NOOK_DEVTMPFS_H
#define NOOK_DEVTMPFS_H

#include <nook/fs.h>

/* Boot: makes the instance and registers the "devtmpfs" type. */
void devtmpfs_init(void);
/* A node for a device (mode has S_IFCHR or S_IFBLK). */
int devtmpfs_create_node(const char *name, umode_t mode, dev_t dev);

#endif

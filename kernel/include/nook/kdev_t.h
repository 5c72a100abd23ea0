/*
 * nook/kdev_t.h — device numbers. Linux: include/linux/kdev_t.h and
 * include/linux/types.h (dev_t).
 *
 * Inside the kernel a dev_t keeps the major in its top 12 bits and the
 * minor in the low 20 (MKDEV). User space sees another layout, the one
 * stat(2) puts in st_rdev and mknod(2) takes: the minor's low byte, then
 * the major, then the rest of the minor (new_encode_dev), so that the
 * old 8:8 numbers read the same.
 */
#ifndef NOOK_KDEV_T_H
#define NOOK_KDEV_T_H

#include <nook/types.h>

typedef u32 dev_t;

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((dev_t)(ma) << MINORBITS) | (mi))

static inline u32 new_encode_dev(dev_t dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static inline dev_t new_decode_dev(u32 dev)
{
	unsigned int major = (dev & 0xfff00) >> 8;
	unsigned int minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

#endif

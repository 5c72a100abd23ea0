// kernel/fs/cpio.c — reading the "newc" cpio archives an initramfs is made of.
//
// Linux: init/initramfs.c (which unpacks as it parses). A newc entry is a
// 110-byte ASCII header — the magic "070701" and thirteen 8-digit hex
// fields — then the name (NUL included) padded to 4 bytes, then the data
// padded to 4 bytes. The entry named "TRAILER!!!" ends the archive.
// Every length comes from the archive, so every one is checked against
// the bytes that remain: a broken module must not crash the kernel.

#include <nook/bootinfo.h>
#include <nook/errno.h>
#include <nook/initramfs.h>
#include <nook/kernel.h>
#include <nook/printk.h>
#include <nook/string.h>
#include <asm/page.h>

#define CPIO_MAGIC		"070701"
#define CPIO_HEADER_LEN		110
#define CPIO_FIELD_LEN		8
#define CPIO_TRAILER		"TRAILER!!!"

/* Field positions in the header, counted in 8-digit fields after the magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

static int hex_field(const char *hdr, int field, u32 *out)
{
	const char *p = hdr + 6 + field * CPIO_FIELD_LEN;
	u32 v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

/* Parses the entry at *pos; advances *pos past it. */
static int cpio_next(const u8 *base, size_t len, size_t *pos,
		     struct cpio_entry *e)
{
	const char *hdr = (const char *)base + *pos;
	u32 namesize, filesize, mode, ino, nlink, uid, gid, mtime;
	u32 rdevmajor, rdevminor;
	size_t name_at, data_at;

	if (len - *pos < CPIO_HEADER_LEN || memcmp(hdr, CPIO_MAGIC, 6))
		return -EINVAL;
	if (hex_field(hdr, F_NAMESIZE, &namesize) ||
	    hex_field(hdr, F_FILESIZE, &filesize) ||
	    hex_field(hdr, F_MODE, &mode) || hex_field(hdr, F_INO, &ino) ||
	    hex_field(hdr, F_NLINK, &nlink) || hex_field(hdr, F_UID, &uid) ||
	    hex_field(hdr, F_GID, &gid) || hex_field(hdr, F_MTIME, &mtime) ||
	    hex_field(hdr, F_RDEVMAJOR, &rdevmajor) ||
	    hex_field(hdr, F_RDEVMINOR, &rdevminor))
		return -EINVAL;
	name_at = *pos + CPIO_HEADER_LEN;
	if (namesize == 0 || namesize > len - name_at ||
	    base[name_at + namesize - 1] != '\0')
		return -EINVAL;
	data_at = ALIGN(name_at + namesize, 4);
	if (data_at > len || filesize > len - data_at)
		return -EINVAL;

	e->name = (const char *)base + name_at;
	e->namelen = namesize - 1;
	e->data = base + data_at;
	e->size = filesize;
	e->mode = mode;
	e->ino = ino;
	e->nlink = nlink;
	e->uid = uid;
	e->gid = gid;
	e->mtime = mtime;
	e->rdevmajor = rdevmajor;
	e->rdevminor = rdevminor;
	*pos = ALIGN(data_at + filesize, 4);
	return 0;
}

int cpio_for_each(const void *archive, size_t len,
		  int (*fn)(const struct cpio_entry *e, void *arg), void *arg)
{
	size_t pos = 0;

	while (pos < len) {
		struct cpio_entry e;
		int ret = cpio_next(archive, len, &pos, &e);

		if (ret)
			return ret;
		if (!strcmp(e.name, CPIO_TRAILER))
			return 0;
		/* cpio(1) run in a folder writes "./name"; so strip it. */
		while (e.name[0] == '.' && e.name[1] == '/') {
			e.name += 2;
			e.namelen -= 2;
		}
		ret = fn(&e, arg);
		if (ret)
			return ret;
	}
	return -EINVAL;		/* ran out of bytes before the trailer */
}

struct lookup {
	const char *path;
	struct cpio_entry *out;
};

static int match_entry(const struct cpio_entry *e, void *arg)
{
	struct lookup *l = arg;

	if (strcmp(e->name, l->path))
		return 0;
	*l->out = *e;
	return 1;
}

int cpio_lookup(const void *archive, size_t len, const char *path,
		struct cpio_entry *out)
{
	struct lookup l = { .path = path, .out = out };
	int ret;

	while (*l.path == '/')
		l.path++;
	ret = cpio_for_each(archive, len, match_entry, &l);
	if (ret < 0)
		return ret;
	return ret ? 0 : -ENOENT;
}

/* Set once at boot, read-only afterwards. */
static const void *initramfs_start;
static size_t initramfs_size;

void initramfs_init(void)
{
	for (int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		if (strcmp(m->name, "initramfs"))
			continue;
		initramfs_start = __va(m->start);
		initramfs_size = m->end - m->start;
		pr_info("initramfs: %zu bytes at %#lx\n", initramfs_size,
			(unsigned long)m->start);
		return;
	}
	pr_info("initramfs: none (no GRUB module named 'initramfs')\n");
}

int initramfs_lookup(const char *path, struct cpio_entry *out)
{
	if (!initramfs_start)
		return -ENOENT;
	return cpio_lookup(initramfs_start, initramfs_size, path, out);
}

const void *initramfs_data(size_t *len)
{
	*len = initramfs_size;
	return initramfs_start;
}

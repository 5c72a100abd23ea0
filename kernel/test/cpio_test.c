// kernel/test/cpio_test.c — tests for the newc cpio reader (kernel/fs/cpio.c).
//
// The archives are built here, entry by entry, so each test can also
// break one on purpose: a kernel must survive a corrupt initramfs.

#include <nook/errno.h>
#include <nook/initramfs.h>
#include <nook/ktest.h>
#include <nook/printk.h>
#include <nook/string.h>

static char archive[1024];

/* Appends one newc entry at *len; returns the header's offset. */
static size_t add_entry(size_t *len, const char *name, u32 mode,
			const char *data)
{
	size_t at = *len, namesize = strlen(name) + 1, size = strlen(data);

	*len += snprintf(archive + at, sizeof(archive) - at,
			 "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
			 1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
	memcpy(archive + *len, name, namesize);
	*len = ALIGN(*len + namesize, 4);
	memcpy(archive + *len, data, size);
	*len = ALIGN(*len + size, 4);
	return at;
}

static size_t build_archive(void)
{
	size_t len = 0;

	memset(archive, 0, sizeof(archive));
	add_entry(&len, "bin", S_IFDIR | 0755, "");
	add_entry(&len, "bin/hello", S_IFREG | 0755, "hello, world\n");
	add_entry(&len, "./etc/motd", S_IFREG | 0644, "hi");
	add_entry(&len, "TRAILER!!!", 0, "");
	return len;
}

static void test_lookup_finds_files(struct ktest *t)
{
	size_t len = build_archive();
	struct cpio_entry e;

	KASSERT_EQ(t, cpio_lookup(archive, len, "/bin/hello", &e), 0);
	KEXPECT_EQ(t, e.size, 13);
	KEXPECT_EQ(t, memcmp(e.data, "hello, world\n", 13), 0);
	KEXPECT_EQ(t, e.mode, S_IFREG | 0755);
	KEXPECT_STREQ(t, e.name, "bin/hello");

	/* "./" written by cpio(1) is not part of the name. */
	KASSERT_EQ(t, cpio_lookup(archive, len, "etc/motd", &e), 0);
	KEXPECT_EQ(t, e.size, 2);
	KASSERT_EQ(t, cpio_lookup(archive, len, "bin", &e), 0);
	KEXPECT_EQ(t, e.mode & S_IFMT, S_IFDIR);
}

static void test_lookup_missing(struct ktest *t)
{
	size_t len = build_archive();
	struct cpio_entry e;

	KEXPECT_EQ(t, cpio_lookup(archive, len, "bin/hell", &e), -ENOENT);
	KEXPECT_EQ(t, cpio_lookup(archive, len, "bin/hello/x", &e), -ENOENT);
	KEXPECT_EQ(t, cpio_lookup(archive, len, "TRAILER!!!", &e), -ENOENT);
}

static void test_corrupt_archives(struct ktest *t)
{
	size_t len = build_archive();
	struct cpio_entry e;

	/* Cut short: inside the second entry's data, then before a trailer. */
	KEXPECT_EQ(t, cpio_lookup(archive, 150, "etc/motd", &e), -EINVAL);
	KEXPECT_EQ(t, cpio_lookup(archive, len - 120, "nothing", &e), -EINVAL);

	/* A bad magic number. */
	archive[0] = 'X';
	KEXPECT_EQ(t, cpio_lookup(archive, len, "bin/hello", &e), -EINVAL);

	/* A file size far past the end of the archive. */
	len = build_archive();
	memcpy(archive + 6 + 6 * 8, "7fffffff", 8);
	KEXPECT_EQ(t, cpio_lookup(archive, len, "bin/hello", &e), -EINVAL);

	/* A name size past the end, and a non-hex digit. */
	len = build_archive();
	memcpy(archive + 6 + 11 * 8, "ffffffff", 8);
	KEXPECT_EQ(t, cpio_lookup(archive, len, "bin", &e), -EINVAL);
	len = build_archive();
	archive[6 + 11 * 8] = 'g';
	KEXPECT_EQ(t, cpio_lookup(archive, len, "bin", &e), -EINVAL);
}

static struct ktest_case cpio_cases[] = {
	KTEST_CASE(test_lookup_finds_files),
	KTEST_CASE(test_lookup_missing),
	KTEST_CASE(test_corrupt_archives),
	{}
};

static struct ktest_suite cpio_suite = {
	.name = "cpio",
	.cases = cpio_cases,
};
KTEST_SUITE(cpio_suite);

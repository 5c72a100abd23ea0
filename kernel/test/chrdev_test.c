// kernel/test/chrdev_test.c — KTAP tests for character device numbers
// (kernel/fs/char_dev.c): ranges, conflicts, dynamic majors, and the
// drivers Nook registers at boot.

#include <nook/cdev.h>
#include <nook/errno.h>
#include <nook/ktest.h>

static const struct file_operations dummy_fops;

/* The boot drivers own their numbers: mem all of major 1, tty two minors. */
static void test_boot_drivers(struct ktest *t)
{
	KEXPECT_STREQ(t, chrdev_name(MKDEV(1, 3)), "mem");
	KEXPECT_STREQ(t, chrdev_name(MKDEV(1, 255)), "mem");
	KEXPECT_STREQ(t, chrdev_name(MKDEV(5, 0)), "/dev/tty");
	KEXPECT_STREQ(t, chrdev_name(MKDEV(5, 1)), "/dev/tty");
	KEXPECT_NULL(t, chrdev_name(MKDEV(5, 2)));
	KEXPECT_STREQ(t, chrdev_name(MKDEV(4, 64)), "ttyS");
	KEXPECT_NULL(t, chrdev_name(MKDEV(4, 63)));
	/* Taken numbers cannot be taken twice. */
	KEXPECT_EQ(t, register_chrdev(1, "again", &dummy_fops), -EBUSY);
	KEXPECT_EQ(t, __register_chrdev(5, 1, 1, "again", &dummy_fops), -EBUSY);
}

/* Ranges of one major may sit side by side but never overlap. */
static void test_ranges(struct ktest *t)
{
	int major = __register_chrdev(0, 10, 5, "test-a", &dummy_fops), other;

	KASSERT_GT(t, major, 234);
	KEXPECT_LE(t, major, 254);
	KEXPECT_STREQ(t, chrdev_name(MKDEV(major, 14)), "test-a");
	KEXPECT_NULL(t, chrdev_name(MKDEV(major, 15)));
	KEXPECT_EQ(t, __register_chrdev(major, 14, 2, "x", &dummy_fops), -EBUSY);
	KEXPECT_EQ(t, __register_chrdev(major, 5, 6, "x", &dummy_fops), -EBUSY);
	KEXPECT_EQ(t, __register_chrdev(major, 15, 1, "test-b", &dummy_fops),
		   major);
	KEXPECT_STREQ(t, chrdev_name(MKDEV(major, 15)), "test-b");
	/* A second dynamic major is another one. */
	other = register_chrdev(0, "test-c", &dummy_fops);
	KEXPECT_GT(t, other, 234);
	KEXPECT_NE(t, other, major);
	__unregister_chrdev(other, 0, 256);
	__unregister_chrdev(major, 15, 1);
	__unregister_chrdev(major, 10, 5);
	KEXPECT_NULL(t, chrdev_name(MKDEV(major, 12)));
}

static void test_bad_ranges(struct ktest *t)
{
	KEXPECT_EQ(t, register_chrdev(CHRDEV_MAJOR_MAX, "x", &dummy_fops),
		   -EINVAL);
	KEXPECT_EQ(t, __register_chrdev(200, 0, 0, "x", &dummy_fops), -EINVAL);
	KEXPECT_EQ(t, __register_chrdev(200, MINORMASK, 2, "x", &dummy_fops),
		   -EINVAL);
}

/* What stat(2) shows: Linux's new_encode_dev, and back. */
static void test_encode_dev(struct ktest *t)
{
	KEXPECT_EQ(t, new_encode_dev(MKDEV(1, 3)), 0x103);
	KEXPECT_EQ(t, new_encode_dev(MKDEV(4, 64)), 0x440);
	KEXPECT_EQ(t, new_encode_dev(MKDEV(259, 0x12345)), 0x12310345);
	KEXPECT_EQ(t, new_decode_dev(0x12310345), MKDEV(259, 0x12345));
}

static struct ktest_case chrdev_cases[] = {
	KTEST_CASE(test_boot_drivers),
	KTEST_CASE(test_ranges),
	KTEST_CASE(test_bad_ranges),
	KTEST_CASE(test_encode_dev),
	{}
};

static struct ktest_suite chrdev_suite = {
	.name = "chrdev",
	.cases = chrdev_cases,
};
KTEST_SUITE(chrdev_suite);

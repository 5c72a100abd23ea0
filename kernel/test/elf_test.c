// kernel/test/elf_test.c — tests for elf_check_image (kernel/fs/elf_check.c).
//
// A minimal valid image is built in memory, then broken one field at a
// time: each broken image must be refused with -ENOEXEC, never read past.

#include <nook/elf.h>
#include <nook/errno.h>
#include <nook/initramfs.h>
#include <nook/ktest.h>
#include <nook/string.h>

#define TEST_ENTRY	0x401000UL

static struct {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	u8 code[64];
} img;

static void build_image(void)
{
	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
	img.eh.e_ident[EI_CLASS] = ELFCLASS64;
	img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	img.eh.e_ident[EI_VERSION] = EV_CURRENT;
	img.eh.e_type = ET_EXEC;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_version = EV_CURRENT;
	img.eh.e_entry = TEST_ENTRY;
	img.eh.e_phoff = offsetof(typeof(img), ph);
	img.eh.e_ehsize = sizeof(Elf64_Ehdr);
	img.eh.e_phentsize = sizeof(Elf64_Phdr);
	img.eh.e_phnum = 2;
	img.ph[0].p_type = PT_LOAD;
	img.ph[0].p_flags = PF_R | PF_X;
	img.ph[0].p_offset = 0;
	img.ph[0].p_vaddr = TEST_ENTRY & ~0xfffUL;
	img.ph[0].p_filesz = sizeof(img);
	img.ph[0].p_memsz = sizeof(img) + 4096;	/* a .bss */
	img.ph[1].p_type = PT_GNU_STACK;
	img.ph[1].p_flags = PF_R | PF_W;
}

#define EXPECT_NOEXEC(t, size)						\
	KEXPECT_EQ(t, PTR_ERR(elf_check_image(&img, size)), -ENOEXEC)

static void test_valid_image(struct ktest *t)
{
	const Elf64_Phdr *ph;

	build_image();
	ph = elf_check_image(&img, sizeof(img));
	KASSERT_FALSE(t, IS_ERR(ph));
	KEXPECT_EQ(t, ph[0].p_type, PT_LOAD);
	img.eh.e_type = ET_DYN;		/* static-pie */
	img.ph[0].p_vaddr = 0;
	KEXPECT_FALSE(t, IS_ERR(elf_check_image(&img, sizeof(img))));
}

static void test_bad_headers(struct ktest *t)
{
	build_image();
	EXPECT_NOEXEC(t, sizeof(Elf64_Ehdr) - 1);	/* too short */
	img.eh.e_ident[1] = 'X';
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_ident[EI_CLASS] = 1;			/* 32-bit */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_machine = 3;				/* i386 */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_type = 1;				/* relocatable .o */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_phentsize = 32;
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_entry = 0xffff800000000000UL;		/* non-canonical entry */
	EXPECT_NOEXEC(t, sizeof(img));
}

static void test_bad_program_headers(struct ktest *t)
{
	build_image();
	img.eh.e_phoff = sizeof(img);			/* table past the end */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_phoff = ~0UL - 8;			/* offset that wraps */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.eh.e_phnum = 0xffff;			/* table too large */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.ph[0].p_filesz = img.ph[0].p_memsz + 1;
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.ph[0].p_offset = 8;				/* file part past end */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.ph[0].p_vaddr = 0xffffffff80000000UL;	/* kernel address */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.ph[0].p_memsz = ~0UL;			/* wraps the address space */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.ph[1].p_type = PT_INTERP;			/* needs ld.so */
	EXPECT_NOEXEC(t, sizeof(img));
	build_image();
	img.ph[0].p_type = PT_NULL;			/* nothing to load */
	EXPECT_NOEXEC(t, sizeof(img));
}

/* The real init program from the initramfs passes, when there is one. */
static void test_initramfs_init_is_loadable(struct ktest *t)
{
	struct cpio_entry e;

	if (initramfs_lookup("/bin/init", &e)) {
		ktest_skip(t, "no /bin/init in the initramfs");
		return;
	}
	KEXPECT_FALSE(t, IS_ERR(elf_check_image(e.data, e.size)));
}

static struct ktest_case elf_cases[] = {
	KTEST_CASE(test_valid_image),
	KTEST_CASE(test_bad_headers),
	KTEST_CASE(test_bad_program_headers),
	KTEST_CASE(test_initramfs_init_is_loadable),
	{}
};

static struct ktest_suite elf_suite = {
	.name = "elf",
	.cases = elf_cases,
};
KTEST_SUITE(elf_suite);

// kernel/fs/elf_check.c — deciding whether a file is a program we can load.
//
// Linux: fs/binfmt_elf.c (load_elf_binary's first checks, elf_check_arch,
// load_elf_phdrs). Every number comes from the file, which anyone can
// write: offsets and sizes are checked for overflow before they are used.
// A file that fails any check is "not an executable": -ENOEXEC, as execve(2)
// reports it.

#include <nook/elf.h>
#include <nook/errno.h>
#include <nook/kernel.h>
#include <nook/string.h>
#include <asm/page.h>

/* Linux's limit on the program header table's size (ELF_MIN_ALIGN * 16). */
#define ELF_PHDRS_MAX_BYTES	(PAGE_SIZE * 16)

static bool elf_header_ok(const Elf64_Ehdr *eh, size_t size)
{
	u64 phbytes;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return false;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return false;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return false;
	/* iretq to a non-canonical rip would fault in the kernel */
	if (eh->e_entry >= TASK_SIZE_MAX)
		return false;
	if (eh->e_machine != EM_X86_64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0)
		return false;
	phbytes = (u64)eh->e_phnum * sizeof(Elf64_Phdr);
	if (phbytes > ELF_PHDRS_MAX_BYTES)
		return false;
	return eh->e_phoff <= size && phbytes <= size - eh->e_phoff &&
	       IS_ALIGNED(eh->e_phoff, 8);
}

static bool elf_segment_ok(const Elf64_Phdr *ph, size_t size)
{
	if (ph->p_type == PT_INTERP)
		return false;		/* dynamic programs need ld.so: later */
	if (ph->p_type != PT_LOAD)
		return true;
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return false;
	if (ph->p_filesz > ph->p_memsz)
		return false;
	/* The segment must fit below the top of user space, without wrapping. */
	if (ph->p_vaddr >= TASK_SIZE_MAX ||
	    ph->p_memsz > TASK_SIZE_MAX - ph->p_vaddr)
		return false;
	/* File offset and address must agree modulo the page size (mmap). */
	return (ph->p_offset & ~PAGE_MASK) == (ph->p_vaddr & ~PAGE_MASK);
}

const Elf64_Phdr *elf_check_image(const void *image, size_t size)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *ph;
	int loads = 0;

	if (!elf_header_ok(eh, size))
		return ERR_PTR(-ENOEXEC);
	ph = (const Elf64_Phdr *)((const u8 *)image + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (!elf_segment_ok(&ph[i], size))
			return ERR_PTR(-ENOEXEC);
		loads += ph[i].p_type == PT_LOAD;
	}
	return loads ? ph : ERR_PTR(-ENOEXEC);
}

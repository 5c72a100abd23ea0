/*
 * nook/elf.h — the ELF64 file format, as far as loading programs needs.
 * Linux: include/uapi/linux/elf.h (the types and constants) and
 * fs/binfmt_elf.c (what a loader checks). The layouts are the System V
 * ABI's; the names are the ones every ELF tool uses.
 */
#ifndef NOOK_ELF_H
#define NOOK_ELF_H

#include <nook/types.h>

#define EI_NIDENT	16
#define ELFMAG		"\177ELF"
#define SELFMAG		4
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1

#define ET_EXEC		2	/* fixed addresses */
#define ET_DYN		3	/* position independent (static-pie) */
#define EM_X86_64	62

#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551

#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

/* Auxiliary vector keys a static program's C library reads. */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

/*
 * Checks that image (size bytes) is an x86-64 ELF executable Nook can
 * load: static (no PT_INTERP), ET_EXEC or ET_DYN, sane program headers
 * inside the file, each PT_LOAD's file part inside the file and no
 * larger than its memory part. Returns the program headers, or
 * ERR_PTR(-ENOEXEC).
 */
const Elf64_Phdr *elf_check_image(const void *image, size_t size);

#endif

// kernel/fs/binfmt_elf.c — putting an ELF program into memory, and its stack.
//
// Linux: fs/binfmt_elf.c (load_elf_binary, create_elf_tables). Linux
// maps the file's pages; Nook has no page cache yet, so each PT_LOAD
// becomes anonymous memory into which the file's bytes are copied —
// what a reader sees in /proc/PID/maps differs, what the program sees
// does not. Static programs only: no PT_INTERP (elf_check_image refuses
// it). ET_DYN (static-pie) programs are placed at ELF_ET_DYN_BASE.
//
// The stack, from its top down, as the System V ABI and Linux lay it:
//	AT_EXECFN string, envp strings, argv strings, "x86_64",
//	16 random bytes (AT_RANDOM), padding to 16 bytes,
//	auxv pairs ending with AT_NULL, envp pointers and NULL,
//	argv pointers and NULL, argc  <- rsp, 16-byte aligned

#include <nook/cred.h>
#include <nook/binfmts.h>
#include <nook/elf.h>
#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/mman.h>
#include <nook/random.h>
#include <nook/sched.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/uaccess.h>

/* Where Linux puts a static-pie program without randomization (2/3 of TASK_SIZE). */
#define ELF_ET_DYN_BASE		(TASK_SIZE / 3 * 2 & PAGE_MASK)
/* The stack mapped at exec: room for the arguments, then it grows. */
#define STACK_INITIAL_EXTRA	(128 * 1024)
#define ELF_PLATFORM		"x86_64"
#define AT_RANDOM_BYTES		16
#define USER_HZ			100	/* AT_CLKTCK: times(2)'s unit */
#define AUXV_PAIRS_MAX		20

static unsigned long elf_prot(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) |
	       (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

/*
 * Maps one PT_LOAD writable, copies its file bytes in (from the start
 * of its first page, as mmap of the file would show them), and leaves
 * the rest zero: the .bss. Its final protection comes afterwards.
 */
static int load_segment(struct mm_struct *mm, const struct linux_binprm *bprm,
			const Elf64_Phdr *ph, unsigned long bias,
			unsigned long *mapped_end)
{
	unsigned long start = ALIGN_DOWN(ph->p_vaddr + bias, PAGE_SIZE);
	unsigned long end = ALIGN(ph->p_vaddr + bias + ph->p_memsz, PAGE_SIZE);
	unsigned long lead = ph->p_vaddr + bias - start;
	unsigned long addr;

	/* Two segments may share a page: map only what is not mapped yet. */
	if (start < *mapped_end)
		start = *mapped_end;
	if (start < end) {
		addr = do_mmap(mm, start, end - start, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
		if (IS_ERR_VALUE(addr))
			return (long)addr;
		*mapped_end = end;
	}
	if (ph->p_filesz &&
	    copy_to_user((void __user *)(ph->p_vaddr + bias - lead),
			 (const u8 *)bprm->file.data + ph->p_offset - lead,
			 ph->p_filesz + lead))
		return -EFAULT;
	return 0;
}

/* Each segment's own protection; a shared boundary page gets both. */
static int protect_segments(struct mm_struct *mm, const Elf64_Phdr *ph,
			    int phnum, unsigned long bias)
{
	unsigned long prev_end = 0, prev_prot = 0;

	for (int i = 0; i < phnum; i++) {
		unsigned long start, end, prot;
		int err;

		if (ph[i].p_type != PT_LOAD)
			continue;
		start = ALIGN_DOWN(ph[i].p_vaddr + bias, PAGE_SIZE);
		end = ALIGN(ph[i].p_vaddr + bias + ph[i].p_memsz, PAGE_SIZE);
		prot = elf_prot(ph[i].p_flags);
		err = do_mprotect(mm, start, end - start, prot);
		if (!err && start < prev_end)
			err = do_mprotect(mm, start, PAGE_SIZE, prot | prev_prot);
		if (err)
			return err;
		prev_end = end;
		prev_prot = prot;
	}
	return 0;
}

/* AT_PHDR: where the program headers are once the file is in memory. */
static unsigned long phdr_address(const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
				  unsigned long bias)
{
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr + bias;
	}
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			return ph[i].p_vaddr + bias + eh->e_phoff - ph[i].p_offset;
	}
	return 0;
}

int load_elf_binary(struct linux_binprm *bprm)
{
	const Elf64_Ehdr *eh = bprm->file.data;
	const Elf64_Phdr *ph = elf_check_image(eh, bprm->file.size);
	struct mm_struct *mm = current->mm;
	unsigned long bias = eh->e_type == ET_DYN ? ELF_ET_DYN_BASE : 0;
	unsigned long mapped_end = 0, brk = 0;
	int err;

	if (IS_ERR(ph))
		return PTR_ERR(ph);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		err = load_segment(mm, bprm, &ph[i], bias, &mapped_end);
		if (err)
			return err;
		brk = max(brk, ph[i].p_vaddr + bias + ph[i].p_memsz);
	}
	err = protect_segments(mm, ph, eh->e_phnum, bias);
	if (err)
		return err;
	mm->start_brk = mm->brk = ALIGN(brk, PAGE_SIZE);
	bprm->entry = eh->e_entry + bias;
	if (bprm->entry >= TASK_SIZE_MAX)
		return -ENOEXEC;	/* an ET_DYN entry past the top, once placed */
	bprm->phdr_addr = phdr_address(eh, ph, bias);
	bprm->phnum = eh->e_phnum;
	return 0;
}

/* Copies a string below *p on the new stack; returns its address. */
static unsigned long push_string(unsigned long *p, const char *s, size_t len)
{
	*p -= len;
	return copy_to_user((void __user *)*p, s, len) ? 0 : *p;
}

/* Linux reports CPUID leaf 1's EDX as AT_HWCAP on x86. */
static unsigned long elf_hwcap(void)
{
	u32 eax = 1, ebx, ecx, edx;

	__asm__ __volatile__("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	return edx;
}

/* Where argv's and envp's strings lie, for /proc/PID/cmdline and environ. */
static void set_arg_env_range(struct mm_struct *mm,
			      const struct linux_binprm *bprm, unsigned long p)
{
	const char *s = bprm->args;

	for (int i = 0; i < bprm->argc; i++)
		s += strlen(s) + 1;
	mm->arg_start = p;
	mm->arg_end = mm->env_start = p + (s - bprm->args);
	mm->env_end = p + bprm->args_len;
}

int create_elf_tables(struct linux_binprm *bprm, unsigned long *sp)
{
	const struct cred *cred = current_cred();
	struct mm_struct *mm = current->mm;
	size_t stack_size = ALIGN(MAX_ARG_BYTES + STACK_INITIAL_EXTRA, PAGE_SIZE);
	unsigned long p = STACK_TOP, execfn, platform, random, addr;
	unsigned long auxv[AUXV_PAIRS_MAX * 2], *ptrs;
	u8 random_bytes[AT_RANDOM_BYTES];
	size_t nptrs, nr = 0, pos = 0;
	const char *s = bprm->args;
	int err = -EFAULT;

	addr = do_mmap(mm, STACK_TOP - stack_size, stack_size,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0);
	if (IS_ERR_VALUE(addr))
		return (long)addr;
	mm->start_stack = STACK_TOP;

	execfn = push_string(&p, bprm->filename, strlen(bprm->filename) + 1);
	/* argv and envp strings, in one block, in their order */
	p -= bprm->args_len;
	if (copy_to_user((void __user *)p, bprm->args, bprm->args_len))
		return -EFAULT;
	set_arg_env_range(mm, bprm, p);
	platform = push_string(&p, ELF_PLATFORM, sizeof(ELF_PLATFORM));
	get_random_bytes(random_bytes, sizeof(random_bytes));
	random = push_string(&p, (const char *)random_bytes, sizeof(random_bytes));
	if (!execfn || !platform || !random)
		return -EFAULT;

#define NEW_AUX_ENT(id, val) (auxv[nr++] = (id), auxv[nr++] = (val))
	NEW_AUX_ENT(AT_HWCAP, elf_hwcap());
	NEW_AUX_ENT(AT_PAGESZ, PAGE_SIZE);
	NEW_AUX_ENT(AT_CLKTCK, USER_HZ);
	NEW_AUX_ENT(AT_PHDR, bprm->phdr_addr);
	NEW_AUX_ENT(AT_PHENT, sizeof(Elf64_Phdr));
	NEW_AUX_ENT(AT_PHNUM, bprm->phnum);
	NEW_AUX_ENT(AT_BASE, 0);		/* no interpreter */
	NEW_AUX_ENT(AT_FLAGS, 0);
	NEW_AUX_ENT(AT_ENTRY, bprm->entry);
	/* The creds begin_new_exec committed, as the program's namespace sees them. */
	NEW_AUX_ENT(AT_UID, from_kuid_munged(cred->user_ns, cred->uid));
	NEW_AUX_ENT(AT_EUID, from_kuid_munged(cred->user_ns, cred->euid));
	NEW_AUX_ENT(AT_GID, from_kgid_munged(cred->user_ns, cred->gid));
	NEW_AUX_ENT(AT_EGID, from_kgid_munged(cred->user_ns, cred->egid));
	NEW_AUX_ENT(AT_SECURE, bprm->secureexec);
	NEW_AUX_ENT(AT_RANDOM, random);
	NEW_AUX_ENT(AT_HWCAP2, 0);
	NEW_AUX_ENT(AT_EXECFN, execfn);
	NEW_AUX_ENT(AT_PLATFORM, platform);
	NEW_AUX_ENT(AT_NULL, 0);
#undef NEW_AUX_ENT

	/* argc, argv[], NULL, envp[], NULL, then auxv: 16-byte aligned rsp */
	nptrs = 1 + bprm->argc + 1 + bprm->envc + 1 + nr;
	p = ALIGN_DOWN(p - nptrs * sizeof(unsigned long), 16);
	ptrs = kmalloc(nptrs * sizeof(unsigned long));
	if (!ptrs)
		return -ENOMEM;
	ptrs[pos++] = bprm->argc;
	addr = STACK_TOP - strlen(bprm->filename) - 1 - bprm->args_len;
	for (int i = 0; i < bprm->argc + bprm->envc; i++) {
		ptrs[pos++] = addr;
		addr += strlen(s) + 1;
		s += strlen(s) + 1;
		if (i == bprm->argc - 1)
			ptrs[pos++] = 0;	/* argv's end */
	}
	if (bprm->argc == 0)
		ptrs[pos++] = 0;		/* an empty argv still ends */
	ptrs[pos++] = 0;			/* envp's end */
	memcpy(&ptrs[pos], auxv, nr * sizeof(unsigned long));
	if (!copy_to_user((void __user *)p, ptrs, nptrs * sizeof(unsigned long)))
		err = 0;
	kfree(ptrs);
	*sp = p;
	return err;
}

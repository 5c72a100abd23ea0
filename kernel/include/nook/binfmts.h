/*
 * nook/binfmts.h — running a program: struct linux_binprm and execve.
 * Linux: include/linux/binfmts.h, fs/exec.c, fs/binfmt_elf.c.
 *
 * An exec happens in two halves. Before the point of no return, every
 * failure goes back to the caller as an error: the program is found and
 * checked, the arguments are copied out of the old address space. After
 * it (the old address space is gone), a failure can only kill the task.
 */
#ifndef NOOK_BINFMTS_H
#define NOOK_BINFMTS_H

#include <nook/fs.h>
#include <nook/initramfs.h>
#include <nook/kernel.h>
#include <nook/uidgid.h>

struct cred;

/*
 * Nook's limit on argv + envp, strings and pointers together. Linux's is
 * a quarter of the stack limit (2 MiB by default); both give E2BIG.
 */
#define MAX_ARG_BYTES		(256 * 1024)
#define MAX_ARG_STRINGS		0x7fffffff
#define PATH_MAX		4096	/* with its NUL, as Linux counts */

struct linux_binprm {
	const char *filename;	/* as given: becomes AT_EXECFN */
	struct cpio_entry file;	/* the program's bytes, kmalloc'd */
	struct path path;	/* where it was found, held: mm->exe_file */
	char *args;		/* argv strings then envp strings, NUL-ended */
	size_t args_len;	/* bytes used in args */
	int argc, envc;
	/* the program's owner, for its set-user-ID and set-group-ID bits */
	kuid_t file_uid;
	kgid_t file_gid;
	/*
	 * The creds the new program will run with: prepared before the
	 * point of no return (ENOMEM), committed by begin_new_exec.
	 */
	struct cred *cred;
	bool secureexec;	/* AT_SECURE: it was given privilege */
	unsigned int interp_flags;	/* BINPRM_FLAGS_* */
	/* filled in by the loader for the stack it builds */
	unsigned long entry;	/* where the program starts */
	unsigned long phdr_addr;/* the program headers in memory: AT_PHDR */
	unsigned int phnum;
};

/* The caller may not read the program: its image is not dumpable. */
#define BINPRM_FLAGS_ENFORCE_NONDUMP	0x1

/* One argv or envp vector: user pointers, or kernel ones (kernel_execve). */
struct user_arg_ptr {
	bool is_kernel;
	union {
		const char *const __user *user;
		const char *const *kernel;
	} ptr;
};

int do_execve(const char *filename, struct user_arg_ptr argv,
	      struct user_arg_ptr envp);
/* pid 1's exec of its first program, from kernel_init. */
int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp);

/* fs/binfmt_elf.c: maps the program into the (new, current) mm. */
int load_elf_binary(struct linux_binprm *bprm);
/* fs/exec.c: writes argc, argv, envp and auxv on the new stack. */
int create_elf_tables(struct linux_binprm *bprm, unsigned long *sp);

#endif

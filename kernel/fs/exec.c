// kernel/fs/exec.c — execve: replacing a process's program with another.
//
// Linux: fs/exec.c (do_execveat_common, copy_strings, exec_mmap,
// begin_new_exec, create_elf_tables' stack layout lives in
// fs/binfmt_elf.c). The program is found by the VFS's walk from the
// caller's root and cwd (open_exec) and read whole into a kernel buffer,
// so anything on tmpfs can run, the unpacked initramfs included.
//
// The order is Linux's: find and check the program, copy argv and envp
// out of the old address space, then the point of no return (a fresh mm
// replaces the old), then load the program and build its stack. Any
// error before the point of no return leaves the caller as it was.

#include <nook/binfmts.h>
#include <nook/cred.h>
#include <nook/elf.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/fs.h>
#include <nook/mount.h>
#include <nook/mm.h>
#include <nook/preempt.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/sched/coredump.h>
#include <nook/signal.h>
#include <nook/slab.h>
#include <nook/string.h>
#include <asm/irqflags.h>
#include <asm/mmu_context.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/*
 * What a privilege change leaves the dumpable flag at (Linux: fs/coredump.c,
 * the fs.suid_dumpable sysctl): SUID_DUMP_DISABLE, as Linux boots.
 */
int suid_dumpable = SUID_DUMP_DISABLE;

#define ARGS_ORDER	6	/* 2^6 pages = MAX_ARG_BYTES */
_Static_assert((PAGE_SIZE << ARGS_ORDER) == MAX_ARG_BYTES, "ARGS_ORDER");

/*
 * Finds the program through the VFS (the walk follows its symlinks),
 * checks it may be run, and reads it whole into a kernel buffer for the
 * ELF loader. Linux maps the file through the page cache instead; one
 * copy is simpler and lets programs written to tmpfs at run time be
 * run. Linux: do_open_execat (EACCES for anything but a regular file;
 * then inode_permission's MAY_EXEC, which even root passes only for a
 * file with some x bit).
 */
static int open_exec(const char *filename, struct linux_binprm *bprm)
{
	struct cpio_entry *file = &bprm->file;
	struct fs_struct snap;
	struct inode *inode;
	struct path path;
	loff_t size;
	void *data;
	ssize_t n;
	int err;

	get_current_fs(&snap);
	err = kern_path(&snap, filename, LOOKUP_FOLLOW, &path);
	put_current_fs(&snap);
	if (err)
		return err;
	inode = path.dentry->d_inode;
	err = -EACCES;
	if (S_ISDIR(inode->i_mode))
		goto out;
	err = inode_permission(inode, MAY_EXEC | MAY_OPEN);
	if (err)
		goto out;
	err = -EACCES;
	if (!S_ISREG(inode->i_mode))
		goto out;
	if (mnt_flags_of(path.mnt) & MNT_NOEXEC)	/* Linux: path_noexec */
		goto out;
	spin_lock(&inode->i_lock);
	size = inode->i_size;
	spin_unlock(&inode->i_lock);
	err = -ENOMEM;
	data = kmalloc(size);
	if (!data)
		goto out;
	n = tmpfs_read(inode, data, size, 0);
	if (n < 0) {
		kfree(data);
		err = n;
		goto out;
	}
	/*
	 * Linux: would_dump. A program the caller may run but not read
	 * must not be readable through its memory either.
	 */
	if (inode_permission(inode, MAY_READ))
		bprm->interp_flags |= BINPRM_FLAGS_ENFORCE_NONDUMP;
	file->data = data;
	file->size = n;
	file->mode = inode->i_mode;
	bprm->file_uid = inode->i_uid;
	bprm->file_gid = inode->i_gid;
	bprm->path = path;	/* the caller's reference now */
	return 0;
out:
	path_put(&path);
	return err;
}

/* The nr-th pointer of argv/envp; NULL at its end, ERR_PTR on a fault. */
static const char *get_arg_ptr(struct user_arg_ptr argv, int nr)
{
	const char __user *p;

	if (argv.is_kernel)
		return argv.ptr.kernel ? argv.ptr.kernel[nr] : NULL;
	if (!argv.ptr.user)
		return NULL;	/* Linux accepts a NULL argv or envp */
	if (get_user(p, argv.ptr.user + nr))
		return ERR_PTR(-EFAULT);
	return p;
}

/* Appends every string of argv to bprm->args; returns how many. */
static int copy_strings(struct linux_binprm *bprm, struct user_arg_ptr argv)
{
	int n = 0;

	for (;; n++) {
		const char *str = get_arg_ptr(argv, n);
		size_t room = MAX_ARG_BYTES - bprm->args_len;
		long len;

		if (!str)
			return n;
		if (IS_ERR(str))
			return PTR_ERR(str);
		/* Each string also costs its pointer on the new stack. */
		if (room <= sizeof(void *) * (n + 2))
			return -E2BIG;
		room -= sizeof(void *) * (n + 2);
		if (argv.is_kernel) {
			len = strnlen(str, room);
			memcpy(bprm->args + bprm->args_len, str, len);
		} else {
			len = strncpy_from_user(bprm->args + bprm->args_len,
						str, room);
			if (len < 0)
				return len;
		}
		if ((size_t)len >= room)
			return -E2BIG;
		bprm->args[bprm->args_len + len] = '\0';
		bprm->args_len += len + 1;
		if (n == MAX_ARG_STRINGS)
			return -E2BIG;
	}
}

/*
 * The point of no return: current gets a fresh, empty mm. Preemption is
 * off so that no context switch sees mm and the loaded page tables
 * disagree. The old mm (or a kernel thread's borrowed one) is let go.
 * Linux: exec_mmap(), with exec_mm_release() first.
 */
static void exec_mmap(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old_mm = tsk->mm, *active_mm;

	/*
	 * While the old mm is still loaded: its clear_child_tid word is
	 * zeroed, and a vfork parent, which shares it, may run again.
	 */
	if (old_mm)
		mm_release(tsk, old_mm);
	task_lock(tsk);		/* also keeps preemption off */
	active_mm = tsk->active_mm;
	tsk->mm = mm;
	tsk->active_mm = mm;
	switch_mm(active_mm, mm, tsk);
	task_unlock(tsk);
	if (old_mm)
		mmput(old_mm);
	else
		mmdrop(active_mm);	/* a kernel thread's lazy borrow */
}

/*
 * The set-user-ID and set-group-ID bits (execve(2)): the effective ids
 * become the file's owner's. A set-group-ID file without group execute
 * is System V's mandatory-locking mark, not a set-group-ID program.
 * Linux: bprm_fill_uid. A nosuid mount (MNT_NOSUID) ignores both.
 */
static void bprm_fill_uid(struct linux_binprm *bprm)
{
	umode_t mode = bprm->file.mode;

	if (mnt_flags_of(bprm->path.mnt) & MNT_NOSUID)
		return;
	if (mode & S_ISUID)
		bprm->cred->euid = bprm->file_uid;
	if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		bprm->cred->egid = bprm->file_gid;
}

/* What the new program must not inherit; Linux: begin_new_exec(). */
static void begin_new_exec(struct linux_binprm *bprm)
{
	const char *name = bprm->filename, *p;

	/* Linux: bprm_creds_from_file (bprm_fill_uid ran already), commit. */
	cap_bprm_creds_from_file(bprm->cred, current_cred(),
				 &bprm->secureexec);
	/*
	 * The new mm is dumpable unless the program is unreadable or the
	 * caller's own real and effective ids differ (Linux looks at the
	 * caller's ids here, not the program's); commit_creds then takes
	 * the flag away if the ids or capabilities change.
	 */
	if ((bprm->interp_flags & BINPRM_FLAGS_ENFORCE_NONDUMP) ||
	    !uid_eq(current_euid(), current_uid()) ||
	    !gid_eq(current_egid(), current_gid()))
		set_dumpable(current->mm, suid_dumpable);
	else
		set_dumpable(current->mm, SUID_DUMP_USER);
	commit_creds(bprm->cred);
	bprm->cred = NULL;

	for (p = bprm->filename; *p; p++)
		if (*p == '/')
			name = p + 1;
	set_task_comm(current, name);
	/* pid 1 stops being a kernel thread; a parent's setpgid now fails */
	current->flags &= ~(PF_KTHREAD | PF_FORKNOEXEC);
	/* Caught handlers pointed into the old program; ignored ones stay. */
	flush_signal_handlers(current, 0);
	do_close_on_exec(current->files);	/* FD_CLOEXEC descriptors */
	arch_setup_new_exec();
}

/* Registers the new program starts with: rip, rsp, and zeros. */
static void start_thread(struct pt_regs *regs, unsigned long ip,
			 unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->flags = X86_EFLAGS_IF;
}

static int exec_binprm(struct linux_binprm *bprm)
{
	struct mm_struct *mm;
	unsigned long sp;
	int err;

	/* Before the point of no return, so failing is a plain error. */
	err = unshare_sighand(current);
	if (err)
		return err;
	/* The close-on-exec closes must not reach a CLONE_FILES sharer. */
	err = unshare_files();
	if (err)
		return err;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	mm->exe_file = bprm->path;	/* the new mm holds it now */
	bprm->path = (struct path){ NULL, NULL };
	exec_mmap(mm);
	begin_new_exec(bprm);
	err = load_elf_binary(bprm);
	if (!err)
		err = create_elf_tables(bprm, &sp);
	if (err) {
		/*
		 * Past the point of no return there is nothing to go back
		 * to: the task dies on its way out of the kernel (Linux:
		 * force_fatal_sig), after the caller has freed its buffers.
		 */
		pr_err("exec: %s: cannot set up the new program (%d)\n",
		       bprm->filename, err);
		force_sig(SIGKILL);
		return err;
	}
	start_thread(current_pt_regs(), bprm->entry, sp);
	return 0;
}

int do_execve(const char *filename, struct user_arg_ptr argv,
	      struct user_arg_ptr envp)
{
	struct linux_binprm bprm = { .filename = filename };
	struct page *args;
	int err;

	err = open_exec(filename, &bprm);
	if (err)
		return err;
	bprm.cred = prepare_exec_creds();
	if (!bprm.cred) {
		kfree((void *)bprm.file.data);
		path_put(&bprm.path);
		return -ENOMEM;
	}
	/* Here, while bprm.path is still ours (the new mm takes it). */
	bprm_fill_uid(&bprm);
	args = alloc_pages(ARGS_ORDER);
	if (!args) {
		abort_creds(bprm.cred);
		kfree((void *)bprm.file.data);
		path_put(&bprm.path);
		return -ENOMEM;
	}
	bprm.args = page_address(args);
	err = bprm.argc = copy_strings(&bprm, argv);
	if (err >= 0)
		err = bprm.envc = copy_strings(&bprm, envp);
	/* Linux, too, copies the arguments before it reads the file's format. */
	if (err >= 0 && IS_ERR(elf_check_image(bprm.file.data, bprm.file.size)))
		err = -ENOEXEC;
	if (err >= 0)
		err = exec_binprm(&bprm);
	__free_pages(args, ARGS_ORDER);
	if (bprm.cred)			/* failed before begin_new_exec */
		abort_creds(bprm.cred);
	kfree((void *)bprm.file.data);	/* the loader has copied what it needs */
	if (bprm.path.dentry)		/* not handed to the new mm */
		path_put(&bprm.path);
	return err < 0 ? err : 0;
}

int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp)
{
	struct user_arg_ptr uargv = { .is_kernel = true, .ptr.kernel = argv };
	struct user_arg_ptr uenvp = { .is_kernel = true, .ptr.kernel = envp };

	return do_execve(filename, uargv, uenvp);
}

SYSCALL_DEFINE3(execve, const char __user *, filename,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct user_arg_ptr uargv = { .ptr.user = argv };
	struct user_arg_ptr uenvp = { .ptr.user = envp };
	char *name = kmalloc(PATH_MAX);
	long len, err;

	if (!name)
		return -ENOMEM;
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0)
		err = len;
	else if (len == PATH_MAX)
		err = -ENAMETOOLONG;
	else
		err = do_execve(name, uargv, uenvp);
	kfree(name);
	return err;
}

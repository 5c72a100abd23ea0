// kernel/mm/mm_struct.c — the life of an address space: create, count, copy for fork, free.
//
// Linux: kernel/fork.c (mm_alloc, mm_init, mmget/mmput, mmgrab/mmdrop,
// dup_mm, dup_mmap) and mm/init-mm.c (init_mm). Nook keeps them under
// mm/ so that the fork code in sched/ holds only process creation and
// calls dup_mm like any other user of this file.
//
// Two counts (see struct mm_struct): the last mmput empties the address
// space; the last mmdrop frees the pgd and the struct. A CPU may still
// have the pgd in CR3 between the two, which is why they are separate.
//
// Lock order in dup_mmap: the old mm's mmap_lock, then the new one's
// (nobody else can see the new mm yet, so that order never inverts).

#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/sched.h>
#include <nook/sched/coredump.h>
#include <nook/slab.h>
#include <asm/cpu.h>
#include <asm/mmu_context.h>
#include "internal.h"

/* The gap between the stack's top and mmap_base (Linux: mmap_base()). */
#define MIN_GAP		(128 * MiB)

struct kmem_cache *mm_cachep;
struct kmem_cache *vm_area_cachep;

/*
 * The kernel's address space: what every CPU runs on when no process's
 * is loaded. Its pgd is swapper_pg_dir (set in proc_caches_init, once
 * paging_init has built it); it has no VMAs, and its counts never reach 0.
 */
struct mm_struct init_mm = {
	.mm_users = 1,
	.mm_count = 1,
	.mmap_lock = __SPIN_LOCK_UNLOCKED(init_mm.mmap_lock),
	.mmap = LIST_HEAD_INIT(init_mm.mmap),
	.task_size = TASK_SIZE,
};

void proc_caches_init(void)
{
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct),
				      L1_CACHE_BYTES, SLAB_HWCACHE_ALIGN, NULL);
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct),
					   0, 0, NULL);
	if (!mm_cachep || !vm_area_cachep)
		panic("mm: cannot create the mm_struct and vm_area_struct caches");

	init_mm.pgd = swapper_pg_dir;
	/* Every CPU starts on swapper_pg_dir (the APs load it at bring-up). */
	for (int i = 0; i < NR_CPUS; i++)
		cpus[i].loaded_mm = &init_mm;
}

/*
 * Top-down mmap placement starts this far below the stack's top, as on
 * Linux without address-space randomisation: an 8 MiB stack limit plus
 * its guard gap is less than the 128 MiB minimum, so 128 MiB it is.
 */
static unsigned long mmap_base(void)
{
	unsigned long gap = max(_STK_LIM + STACK_GUARD_GAP, MIN_GAP);

	return PAGE_ALIGN(STACK_TOP - gap);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	mm->mm_users = 1;
	mm->mm_count = 1;
	spin_lock_init(&mm->mmap_lock, "mmap_lock");
	INIT_LIST_HEAD(&mm->mmap);
	mm->task_size = TASK_SIZE;
	mm->mmap_base = mmap_base();
	/* fork's copy keeps the flag; exec sets it again (begin_new_exec) */
	if (current->mm)
		mm->flags = READ_ONCE(current->mm->flags) & MMF_INIT_MASK;
	return mm;
}

void mmget(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED);
}

void mmgrab(struct mm_struct *mm)
{
	__atomic_add_fetch(&mm->mm_count, 1, __ATOMIC_RELAXED);
}

void mmdrop(struct mm_struct *mm)
{
	int left = __atomic_sub_fetch(&mm->mm_count, 1, __ATOMIC_ACQ_REL);

	BUG_ON(left < 0);
	if (left)
		return;
	/* Kernel threads borrow init_mm (lazy TLB), but its first
	 * reference (mm_count starts at 1) is never dropped. */
	BUG_ON(mm == &init_mm);
	/* Freeing a pgd that some CPU's CR3 still points at corrupts it. */
	WARN_ON(READ_ONCE(mm->cpu_bitmap));
	pgd_free(mm->pgd);
	kmem_cache_free(mm_cachep, mm);
}

void mmput(struct mm_struct *mm)
{
	int left = __atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL);

	BUG_ON(left < 0 || mm == &init_mm);
	if (left)
		return;
	exit_mmap(mm);
	if (mm->exe_file.dentry)
		path_put(&mm->exe_file);
	mmdrop(mm);
}

struct mm_struct *current_mm(void)
{
	struct mm_struct *mm = this_cpu()->loaded_mm;

	return mm == &init_mm ? NULL : mm;
}

/*
 * Copy every VMA of oldmm into mm (new and empty), and share the pages:
 * private writable ones become read-only on both sides (copy-on-write),
 * shared ones stay as they are. On failure mm holds part of the copy;
 * the caller frees it with mmput.
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma, *tmp;
	int err = 0;

	spin_lock(&oldmm->mmap_lock);
	spin_lock(&mm->mmap_lock);
	list_for_each_entry(vma, &oldmm->mmap, vm_list) {
		tmp = vm_area_dup(vma);
		if (!tmp) {
			err = -ENOMEM;
			break;
		}
		tmp->vm_mm = mm;
		list_add_tail(&tmp->vm_list, &mm->mmap);
		mm->map_count++;
		mm->total_vm += (tmp->vm_end - tmp->vm_start) >> PAGE_SHIFT;
		if (tmp->vm_flags & VM_GROWSDOWN)
			mm->stack_vm += (tmp->vm_end - tmp->vm_start) >> PAGE_SHIFT;
		err = copy_page_range(mm, oldmm, vma);
		if (err)
			break;
	}
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->exe_file = oldmm->exe_file;
	if (mm->exe_file.dentry)
		path_get(&mm->exe_file);
	mm->mmap_base = oldmm->mmap_base;
	spin_unlock(&mm->mmap_lock);
	spin_unlock(&oldmm->mmap_lock);
	return err;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/*
 * Linux: get_task_mm. task_lock keeps p's exit and exec from dropping
 * the mm between the read and the mmget.
 */
struct mm_struct *get_task_mm(struct task_struct *p)
{
	struct mm_struct *mm;

	task_lock(p);
	mm = p->mm;
	if (mm && !(p->flags & PF_KTHREAD))
		mmget(mm);
	else
		mm = NULL;
	task_unlock(p);
	return mm;
}

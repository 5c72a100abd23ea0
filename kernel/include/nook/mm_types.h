/*
 * nook/mm_types.h — an address space (struct mm_struct) and its regions
 * (struct vm_area_struct). Linux: include/linux/mm_types.h.
 *
 * A process's user half of memory is described twice: by its VMAs
 * (what the process may touch, and how: the rules) and by its page
 * tables (what is mapped right now: the cache of those rules, filled in
 * lazily by the page-fault handler). Anything may be missing from the
 * page tables; nothing may be in them that no VMA allows.
 */
#ifndef NOOK_MM_TYPES_H
#define NOOK_MM_TYPES_H

#include <nook/fs.h>		/* struct path */
#include <nook/list.h>
#include <nook/spinlock.h>
#include <asm/pgtable.h>

/* vm_flags: Linux's values (include/linux/mm.h). */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
/* What mprotect may turn on later; always all of them for anonymous memory. */
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL	/* a stack: faults just below extend it */

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_STACK_FLAGS	(VM_READ | VM_WRITE | VM_GROWSDOWN | VM_MAYREAD | \
			 VM_MAYWRITE | VM_MAYEXEC)
#define VM_DATA_DEFAULT_FLAGS (VM_READ | VM_WRITE | VM_MAYREAD | \
			       VM_MAYWRITE | VM_MAYEXEC)

struct mm_struct;

/*
 * One region: [vm_start, vm_end), page-aligned, never empty, never
 * overlapping another of the same mm. Every field is guarded by
 * vm_mm->mmap_lock.
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;		/* first byte after */
	struct list_head vm_list;	/* on vm_mm->mmap, sorted by address */
	unsigned long vm_flags;		/* VM_* */
	pteval_t vm_page_prot;		/* PTE bits for pages of this VMA */
	struct mm_struct *vm_mm;
};

struct mm_struct {
	/* set by mm_alloc, read-only afterwards */
	pteval_t *pgd;

	/*
	 * Two counts, as in Linux. mm_users counts users of the address
	 * space (tasks sharing it, fork copying it): the last mmput tears
	 * down VMAs, pages and page tables. mm_count counts references to
	 * the struct itself, and all mm_users together hold one of them: a
	 * CPU that still has the pgd loaded (lazy TLB) keeps the struct
	 * alive with mmgrab after its users are gone. Atomic, touched only
	 * through mmget/mmput and mmgrab/mmdrop.
	 */
	int mm_users;
	int mm_count;

	/*
	 * Guards the VMA list, every field below, and this mm's page
	 * tables below the pgd. Linux's mmap_lock is a sleeping rwsem;
	 * Nook's is a spinlock, because nothing done under it sleeps (the
	 * page allocator never does). Rules that follow from that: never
	 * touch user memory (copy_*_user) while holding it, since the
	 * fault handler takes it; it is never taken from an interrupt
	 * handler, so plain spin_lock() suffices. Order: mmap_lock of the
	 * old mm before the new one's (dup_mmap), then the page
	 * allocator's zone_lock and the kmem_cache locks.
	 */
	spinlock_t mmap_lock;
	struct list_head mmap;		/* the VMAs, lowest address first */
	int map_count;			/* how many VMAs */

	unsigned long mmap_base;	/* top-down mmap placement starts below */
	unsigned long task_size;	/* user addresses end here */
	unsigned long start_brk, brk;	/* the heap: [start_brk, brk) */
	unsigned long start_stack;	/* set by exec */
	/* argv and envp strings on the stack, [start, end): /proc/PID/cmdline */
	unsigned long arg_start, arg_end, env_start, env_end;
	/*
	 * The program exec loaded (Linux: mm->exe_file, a struct file):
	 * set once by exec, held, copied by fork, let go by the last
	 * mmput. /proc/PID/exe leads here. Empty ({NULL, NULL}) for an mm
	 * no exec made.
	 */
	struct path exe_file;
	/*
	 * MMF_* bits (nook/sched/coredump.h): the dumpable value. Changed
	 * atomically (set_dumpable), read with READ_ONCE, no lock.
	 */
	unsigned long flags;
	unsigned long total_vm;		/* pages in all VMAs */
	unsigned long stack_vm;		/* pages in VM_GROWSDOWN VMAs */

	/*
	 * CPUs that may hold TLB entries of this mm (Linux: mm_cpumask):
	 * set by switch_mm on the CPU that loads it. Bit n is CPU n.
	 */
	unsigned long cpu_bitmap;
};

#endif

/*
 * kernel/test/mm_test.h — what the "mm" and "uaccess" suites share: a
 * fresh address space loaded on this CPU for the length of one case,
 * and the baseline counts it must return to.
 */
#ifndef TEST_MM_TEST_H
#define TEST_MM_TEST_H

#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/slab.h>
#include <asm/cpu.h>
#include <asm/mmu_context.h>

struct mm_test_env {
	struct mm_struct *mm;		/* the case's address space, loaded */
	struct mm_struct *prev;		/* what was loaded before */
	unsigned long free_pages;	/* baselines, taken before mm_alloc */
	unsigned long mm_live;
	unsigned long vma_live;
};

/* Record the baselines, create an mm and switch this CPU to it. */
static inline bool mm_test_begin(struct ktest *t, struct mm_test_env *env)
{
	env->free_pages = nr_free_pages();
	env->mm_live = kmem_cache_live(mm_cachep);
	env->vma_live = kmem_cache_live(vm_area_cachep);
	env->prev = this_cpu()->loaded_mm;
	env->mm = mm_alloc();
	KEXPECT_NOT_NULL(t, env->mm);
	if (!env->mm)
		return false;
	switch_mm(env->prev, env->mm, NULL);
	return true;
}

/* Switch back, free the mm, and check that nothing leaked. */
static inline void mm_test_end(struct ktest *t, struct mm_test_env *env)
{
	switch_mm(env->mm, env->prev, NULL);
	KEXPECT_EQ(t, this_cpu()->loaded_mm, env->prev);
	KEXPECT_EQ(t, env->mm->cpu_bitmap, 0);
	mmput(env->mm);
	KEXPECT_EQ(t, kmem_cache_live(mm_cachep), env->mm_live);
	KEXPECT_EQ(t, kmem_cache_live(vm_area_cachep), env->vma_live);
	KEXPECT_EQ(t, nr_free_pages(), env->free_pages);
}

#endif

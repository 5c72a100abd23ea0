// arch/x86_64/mm/pgtable.c — allocating and freeing a process's top-level page table.
//
// Linux: arch/x86/mm/pgtable.c (pgd_alloc, pgd_ctor, pgd_free). A new
// pgd starts with an empty user half and a copy of swapper_pg_dir's
// kernel half. The copy never goes stale: paging_init created every
// kernel pgd entry at boot, and kernel mappings made since then live in
// the tables those entries point to, which all pgds share.

#include <nook/mm.h>
#include <nook/string.h>
#include <asm/pgtable.h>

/* Linux's pgd_ctor: the kernel half, copied entry for entry. */
static void pgd_ctor(pteval_t *pgd)
{
	memcpy(pgd + KERNEL_PGD_BOUNDARY, swapper_pg_dir + KERNEL_PGD_BOUNDARY,
	       KERNEL_PGD_PTRS * sizeof(pteval_t));
}

pteval_t *pgd_alloc(void)
{
	pteval_t *pgd = (pteval_t *)get_zeroed_page();

	if (pgd)
		pgd_ctor(pgd);
	return pgd;
}

void pgd_free(pteval_t *pgd)
{
	free_page((unsigned long)pgd);
}

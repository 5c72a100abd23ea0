/*
 * asm/pgtable.h — x86-64 four-level page tables. Linux:
 * arch/x86/include/asm/pgtable_types.h, pgtable_64_types.h, pgtable.h.
 *
 * A virtual address splits into four 9-bit table indexes and a 12-bit
 * offset: pgd (the PML4, bits 47..39), pud (the PDPT, 38..30), pmd (the
 * page directory, 29..21) and pte (the page table, 20..12). A pud or pmd
 * entry with _PAGE_PSE maps a whole 1 GiB or 2 MiB page itself.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <nook/types.h>
#include <asm/page.h>

/*
 * One entry at any level. Linux wraps each level in its own type (pgd_t,
 * pud_t...); Nook walks all four levels with one loop, so one type.
 */
typedef u64 pteval_t;

#define PTRS_PER_TABLE	512
#define PGDIR_SHIFT	39
#define PUD_SHIFT	30
#define PMD_SHIFT	21
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PMD_SIZE	(1UL << PMD_SHIFT)

#define pgd_index(va)	(((va) >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1))
#define pud_index(va)	(((va) >> PUD_SHIFT) & (PTRS_PER_TABLE - 1))
#define pmd_index(va)	(((va) >> PMD_SHIFT) & (PTRS_PER_TABLE - 1))
#define pte_index(va)	(((va) >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1))

#define _PAGE_PRESENT	(1UL << 0)
#define _PAGE_RW	(1UL << 1)
#define _PAGE_USER	(1UL << 2)
#define _PAGE_PWT	(1UL << 3)	/* write-through */
#define _PAGE_PCD	(1UL << 4)	/* cache disabled */
#define _PAGE_ACCESSED	(1UL << 5)
#define _PAGE_DIRTY	(1UL << 6)
#define _PAGE_PSE	(1UL << 7)	/* in a pud/pmd: a huge page */
#define _PAGE_GLOBAL	(1UL << 8)
#define _PAGE_NX	(1UL << 63)	/* needs EFER.NXE, set in entry.asm */

/* Bits 51..12 of an entry: the next table, or the page itself. */
#define PTE_PFN_MASK	0x000ffffffffff000UL

/* The protections Nook's kernel mappings use (Linux: PAGE_KERNEL...). */
#define PAGE_KERNEL_EXEC	(_PAGE_PRESENT | _PAGE_ACCESSED)
#define PAGE_KERNEL_RO		(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
				 _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_NOCACHE	(PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)
/* An entry that points at a lower table: the leaf decides the rights. */
#define _PAGE_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

/*
 * User mappings (Linux: protection_map[] in arch/x86/mm/pgprot.c). x86
 * cannot say "write-only" or "execute-only": anything mapped is
 * readable. A private writable mapping starts read-only (PAGE_COPY):
 * the first write faults, and the fault handler makes the page
 * writable once it knows the page is this mm's alone (copy-on-write).
 *
 * PROT_NONE keeps the page but must fault on every access, so the entry
 * is not present; _PAGE_PROTNONE (the global bit, meaningless in a
 * non-present entry and never used for user pages) marks that the frame
 * number is still there and still holds a reference.
 */
#define _PAGE_PROTNONE		_PAGE_GLOBAL
#define PAGE_NONE		(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define PAGE_READONLY		(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | \
				 _PAGE_NX)
#define PAGE_READONLY_EXEC	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_SHARED		(PAGE_READONLY | _PAGE_RW)
#define PAGE_SHARED_EXEC	(PAGE_READONLY_EXEC | _PAGE_RW)
#define PAGE_COPY		PAGE_READONLY
#define PAGE_COPY_EXEC		PAGE_READONLY_EXEC
/* A table on the way to user pages: every level must allow user access. */
#define _PAGE_USER_TABLE	(_PAGE_TABLE | _PAGE_USER)

/*
 * The pgd's lower half (entries 0..255) is each process's own; the
 * upper half maps the kernel and is the same in every pgd: pgd_alloc
 * copies swapper_pg_dir's entries, and paging_init creates all of them
 * at boot so that none is ever added later (which would have to be
 * copied into every existing pgd).
 */
#define USER_PTRS_PER_PGD	(PTRS_PER_TABLE / 2)
#define KERNEL_PGD_BOUNDARY	USER_PTRS_PER_PGD
#define KERNEL_PGD_PTRS		(PTRS_PER_TABLE - KERNEL_PGD_BOUNDARY)

/* Present for the mm code: mapped, or PROT_NONE with its page kept. */
static inline bool pte_present(pteval_t pte)
{
	return pte & (_PAGE_PRESENT | _PAGE_PROTNONE);
}

static inline unsigned long pte_pfn(pteval_t pte)
{
	return (pte & PTE_PFN_MASK) >> PAGE_SHIFT;
}

static inline bool pte_write(pteval_t pte)
{
	return pte & _PAGE_RW;
}

/* The frame stays; only the protection bits change. */
static inline pteval_t pte_modify(pteval_t pte, pteval_t prot)
{
	return (pte & PTE_PFN_MASK) | prot;
}

/* The direct map may cover 64 TiB (Linux's MAXMEM with 4-level tables). */
#define MAX_PHYSMEM_BITS	46
#define MAXMEM			(1UL << MAX_PHYSMEM_BITS)

/* The level of a table, named by how much one of its entries maps. */
enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,		/* a pte table */
	PG_LEVEL_2M,		/* a pmd table (page directory) */
	PG_LEVEL_1G,		/* a pud table (PDPT) */
	PG_LEVEL_512G,		/* the pgd (PML4) */
};

#define PG_LEVEL_TOP	PG_LEVEL_512G

/* Each level down splits an entry's span into PTRS_PER_TABLE parts. */
static inline unsigned int page_level_shift(enum pg_level level)
{
	return PAGE_SHIFT + (level - PG_LEVEL_4K) * (PGDIR_SHIFT - PUD_SHIFT);
}

static inline unsigned long page_level_size(enum pg_level level)
{
	return 1UL << page_level_shift(level);
}

/* The kernel's pgd: every CPU's CR3 once paging_init() has run. */
extern pteval_t *swapper_pg_dir;

/* Builds the kernel page tables and switches CR3 to them. */
void paging_init(void);

/* A process's pgd: a zeroed user half, the kernel half shared. */
pteval_t *pgd_alloc(void);
/* Frees the pgd page itself; the user tables must be gone already. */
void pgd_free(pteval_t *pgd);

/*
 * The entry that maps virt, and at which level (a pud or pmd entry for a
 * huge page); NULL if a table on the way is missing. The entry itself
 * may still be not present.
 */
pteval_t *lookup_address(unsigned long virt, enum pg_level *level);
pteval_t *lookup_address_in_pgd(pteval_t *pgd, unsigned long virt,
				enum pg_level *level);
/*
 * Is virt mapped in the page tables loaded now (boot tables included)?
 * For code that must not fault while reporting a fault: backtraces.
 */
bool kern_addr_valid(unsigned long virt);

static inline phys_addr_t read_cr3_pa(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return cr3 & PTE_PFN_MASK;
}

static inline void write_cr3(phys_addr_t pa)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(pa) : "memory");
}

/* Forget this CPU's cached translation of one page. */
static inline void __flush_tlb_one(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

#endif

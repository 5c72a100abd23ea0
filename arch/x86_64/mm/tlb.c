// arch/x86_64/mm/tlb.c — address-space switches and TLB flushes.
//
// Linux: arch/x86/mm/tlb.c (switch_mm_irqs_off, flush_tlb_mm_range,
// cpu_tlbstate.loaded_mm, tlb_single_page_flush_ceiling). Nook uses no
// PCIDs: loading CR3 empties the TLB of every non-global entry, so the
// only state kept per CPU is which mm is loaded, and per mm which CPUs
// have it loaded (cpu_bitmap), which is where a flush must happen.

#include <nook/mm.h>
#include <nook/panic.h>
#include <nook/sched.h>
#include <nook/smp.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/mmu_context.h>
#include <asm/pgtable.h>
#include <asm/special_insns.h>

/*
 * Above this many pages, one CR3 reload is cheaper than one invlpg per
 * page (Linux's tlb_single_page_flush_ceiling).
 */
#define TLB_SINGLE_PAGE_FLUSH_CEILING	33

void switch_mm(struct mm_struct *prev, struct mm_struct *next,
	       struct task_struct *tsk)
{
	unsigned long flags = local_irq_save();
	struct cpu *c = this_cpu();
	struct mm_struct *loaded = c->loaded_mm;
	unsigned long bit = 1UL << c->id;

	/* Set before the load: from it on, our TLB holds next's entries. */
	__atomic_or_fetch(&next->cpu_bitmap, bit, __ATOMIC_SEQ_CST);
	/*
	 * Load CR3 even when next is already loaded: that happens when a
	 * task comes back to a CPU that kept its mm lazily (a kernel thread
	 * ran in between), and flush_tlb_mm_range does not interrupt lazy
	 * CPUs, so their TLB may be stale. The load empties it. (Linux
	 * compares per-mm TLB generations instead; Nook pays a flush.)
	 */
	write_cr3(__pa(next->pgd));
	if (loaded != next) {
		/* The load flushed loaded's entries: no flush needs us now. */
		__atomic_and_fetch(&loaded->cpu_bitmap, ~bit, __ATOMIC_SEQ_CST);
		c->loaded_mm = next;
	}
	local_irq_restore(flags);
}

static void flush_tlb_local(void)
{
	write_cr3(read_cr3_pa());
}

/*
 * CPUs other than this one that run a task of mm right now, as opposed
 * to keeping it loaded lazily under a kernel thread.
 */
static unsigned long cpus_running_mm(struct mm_struct *mm)
{
	unsigned long others = READ_ONCE(mm->cpu_bitmap) &
			       ~(1UL << smp_processor_id());
	unsigned long running = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct task_struct *t = READ_ONCE(cpus[cpu].current_task);

		if ((others & (1UL << cpu)) && t && READ_ONCE(t->mm) == mm)
			running |= 1UL << cpu;
	}
	return running;
}

struct flush_tlb_info {
	struct mm_struct *mm;
	unsigned long start, end;
};

static void flush_tlb_range_local(unsigned long start, unsigned long end)
{
	if ((end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_local();
	} else {
		for (unsigned long a = start; a < end; a += PAGE_SIZE)
			__flush_tlb_one(a);
	}
}

/* On the CPU asked, in its IPI handler: flush if the mm is still here. */
static void flush_tlb_func(void *arg)
{
	struct flush_tlb_info *info = arg;

	if (this_cpu()->loaded_mm == info->mm)
		flush_tlb_range_local(info->start, info->end);
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	unsigned long flags = local_irq_save();
	unsigned long others = cpus_running_mm(mm);

	if (this_cpu()->loaded_mm == mm)
		flush_tlb_range_local(start, end);
	local_irq_restore(flags);
	/*
	 * Lazy CPUs are skipped: switch_mm flushes before user code runs
	 * there again. A CPU running a task of this mm now (processes that
	 * share it through clone(CLONE_VM)) is asked by IPI to flush, and
	 * we wait for its answer (Linux: flush_tlb_multi): until it has,
	 * it may still write through a mapping we just took away.
	 */
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct flush_tlb_info info = { .mm = mm, .start = start,
					       .end = end };

		if (others & (1UL << cpu))
			smp_call_function_single(cpu, flush_tlb_func, &info, 1);
	}
}

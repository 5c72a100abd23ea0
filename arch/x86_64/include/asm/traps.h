/*
 * asm/traps.h — exceptions and interrupts: the IDT and its handlers.
 * Linux: arch/x86/include/asm/traps.h, idtentry.h.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/ptrace.h>

/* GDT, TSS and IDT for the boot CPU: from here on faults are reported. */
void trap_init(void);
/* Fill the shared IDT: every vector gets a gate to its entry stub. */
void idt_setup(void);
/* Load the shared IDT on this CPU (each CPU's IDTR is its own). */
void idt_load(void);
/* Where vector's gate points (0 if absent), and where its stub is. */
unsigned long idt_gate_addr(unsigned int vector);
unsigned long idt_entry_addr(unsigned int vector);

/* Exceptions (vectors 0-31), from idt_dispatch(). */
void do_exception(struct pt_regs *regs, unsigned long vector);
/* Called from entry.asm for every vector, interrupts off. */
void idt_dispatch(struct pt_regs *regs, unsigned long vector);

/* Page faults: arch/x86_64/mm/fault.c. */
void exc_page_fault(struct pt_regs *regs);
/* " in prog[start+size]" for the executable mapping ip is in (pr_cont). */
void print_vma_addr(const char *prefix, unsigned long ip);
/* Every register of regs, and CR0/2/3/4, at KERN_EMERG. */
void show_regs(struct pt_regs *regs);

/*
 * Turn on SMEP and SMAP on this CPU when it has them (each CPU, at its
 * setup: trap_init does the boot CPU's). arch/x86_64/lib/usercopy.c.
 */
void setup_smep_smap(void);

/* Prints an oops report for regs and panics. */
void die(const char *str, struct pt_regs *regs, long err) __attribute__((noreturn));

/* An interrupt handler installed for a vector >= 32. */
typedef void (*irq_handler_t)(struct pt_regs *regs);
void set_irq_handler(unsigned int vector, irq_handler_t handler);

/* int3 in kernel mode is a counted, logged trap that returns. */
unsigned long int3_count(void);
/* NMIs handled that were not a panic's stop request. */
unsigned long nmi_count(void);
unsigned long int3_last_ip(void);

#endif

// kernel/panic.c — panic() and WARN_ON(): the kernel's last words.
//
// Linux: kernel/panic.c. A panic must work in the worst state: another
// CPU may hold the console lock, interrupts may be half set up. So it
// turns interrupts off, takes the console lock by force, says what
// happened, stops the other CPUs, and never returns.

#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/qemu.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/smp.h>

static int panic_cpu = -1;	/* the first CPU to panic; others just stop */

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int me, old;

	local_irq_disable();
	me = smp_processor_id();
	old = __atomic_exchange_n(&panic_cpu, me, __ATOMIC_SEQ_CST);
	if (old == me)		/* panicked while panicking: just get out */
		qemu_exit(QEMU_EXIT_PANIC);
	if (old != -1)
		for (;;)
			halt();		/* another CPU is already panicking */

	smp_send_stop();
	console_force_unlock();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	printk(KERN_EMERG "CPU: %d\n", me);
	dump_stack();
	printk(KERN_EMERG "---[ end Kernel panic ]---\n");
	qemu_exit(QEMU_EXIT_PANIC);
	for (;;)
		halt();
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	printk(KERN_WARNING "WARNING: CPU: %d at %s:%d: %s\n",
	       smp_processor_id(), file, line, cond);
	dump_stack();
}

// arch/x86_64/lib/usercopy.c — copy_from_user and friends, and switching SMEP/SMAP on.
//
// Linux: arch/x86/lib/copy_user_64.S (rep_movs_alternative),
// clear_page_64.S (rep_stos_alternative), lib/strncpy_from_user.c,
// lib/usercopy.c and arch/x86/kernel/cpu/common.c (setup_smep,
// setup_smap). Each copy is one `rep movsb` (or `rep stosb`) with an
// exception-table entry. A rep string instruction that faults leaves
// rcx holding the bytes still to go, and the fault handler resumes at
// the fixup label just after it: so after the asm, rcx is exactly
// "bytes not copied", whether it finished or not. A fault the handler
// can resolve (a page not yet there) never reaches the fixup: the CPU
// restarts the instruction where it stopped.
//
// SMEP and SMAP are on whenever the CPU has them (QEMU's -cpu max does):
// the kernel then faults on executing user pages (SMEP) and on touching
// user pages outside stac/clac (SMAP), as Linux does. The interrupt
// entry clears EFLAGS.AC (entry.asm), so a handler that interrupts a
// copy does not inherit the open window.

#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/string.h>
#include <asm/cpu.h>
#include <asm/extable.h>
#include <asm/smap.h>
#include <asm/special_insns.h>
#include <asm/uaccess.h>

#define CPUID_LEAF_EXT_FEATURES	7
#define CPUID_7_EBX_SMEP	(1U << 7)
#define CPUID_7_EBX_SMAP	(1U << 20)
#define X86_CR4_SMEP		(1UL << 20)
#define X86_CR4_SMAP		(1UL << 21)

/* Set by the boot CPU before any copy; every CPU QEMU gives is alike. */
bool smap_enabled;

void setup_smep_smap(void)
{
	u32 eax = CPUID_LEAF_EXT_FEATURES, ebx, ecx = 0, edx;
	unsigned long cr4 = read_cr4();

	__asm__ __volatile__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	if (ebx & CPUID_7_EBX_SMEP)
		cr4 |= X86_CR4_SMEP;
	if (ebx & CPUID_7_EBX_SMAP)
		cr4 |= X86_CR4_SMAP;
	write_cr4(cr4);
	if (smp_processor_id() == 0) {
		smap_enabled = ebx & CPUID_7_EBX_SMAP;
		pr_info("x86: SMEP %s, SMAP %s\n",
			cr4 & X86_CR4_SMEP ? "on" : "not supported",
			cr4 & X86_CR4_SMAP ? "on" : "not supported");
	}
}

/* Both sides already checked; returns the bytes not copied. */
static unsigned long copy_user_generic(void *to, const void *from,
				       unsigned long len)
{
	stac();
	__asm__ __volatile__("1:	rep movsb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(len), "+D"(to), "+S"(from)
			     : : "memory");
	clac();
	return len;
}

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = copy_user_generic(to, (const void *)from, n);
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_user_generic((void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	void *dst = (void *)to;

	if (!access_ok(to, n))
		return n;
	stac();
	__asm__ __volatile__("1:	rep stosb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(dst)
			     : "a"(0)
			     : "memory");
	clac();
	return n;
}

/*
 * A byte at a time: simple, and it never reads past the NUL (the next
 * byte could be on an unmapped page). The limit is count, or the end
 * of user space, whichever comes first; hitting the end is a fault.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	unsigned long addr = (unsigned long)src;

	if (count <= 0)
		return 0;
	for (long i = 0; i < count; i++) {
		if (!access_ok((const char __user *)(addr + i), 1) ||
		    copy_user_generic(&dst[i], (const char *)(addr + i), 1))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return count;
}

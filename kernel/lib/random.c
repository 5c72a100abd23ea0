// kernel/lib/random.c — a random-number generator, honest about its limits.
//
// Linux: drivers/char/random.c, which gathers entropy from interrupts
// and stretches it with ChaCha20. Nook is smaller: a SplitMix64
// generator whose state is stirred with the CPU's RDRAND when it has
// one and with the time-stamp counter on every call. Good for AT_RANDOM
// (the stack-protector canary of a C library) and for getrandom(2) in a
// teaching kernel; not a cryptographic generator, and the README says so.
//
// getrandom(2) (Linux: drivers/char/random.c, SYSCALL getrandom) lives
// here too. Nook's generator is "ready" from the first instruction, so
// GRND_NONBLOCK never sees EAGAIN and GRND_RANDOM (Linux has had no
// separate blocking pool since 5.6) changes nothing.

#include <nook/errno.h>
#include <nook/random.h>
#include <nook/sched.h>
#include <nook/spinlock.h>
#include <nook/string.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

#define SPLITMIX_GAMMA		0x9e3779b97f4a7c15UL
#define CPUID_1_ECX_RDRAND	(1U << 30)
#define RDRAND_RETRIES		10

static DEFINE_SPINLOCK(random_lock);
static u64 random_state;	/* under random_lock */

static bool rdrand64(u64 *v)
{
	static int has_rdrand = -1;	/* -1: not asked yet */
	u32 eax = 1, ebx, ecx, edx;
	unsigned char ok;

	if (has_rdrand < 0) {
		__asm__ __volatile__("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx),
				     "=d"(edx));
		has_rdrand = !!(ecx & CPUID_1_ECX_RDRAND);
	}
	for (int i = 0; has_rdrand && i < RDRAND_RETRIES; i++) {
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static u64 splitmix64(u64 *state)
{
	u64 z = (*state += SPLITMIX_GAMMA);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

u64 get_random_u64(void)
{
	unsigned long flags;
	u64 hw = 0, v;

	rdrand64(&hw);
	spin_lock_irqsave(&random_lock, flags);
	random_state ^= hw ^ rdtsc();
	v = splitmix64(&random_state);
	spin_unlock_irqrestore(&random_lock, flags);
	return v;
}

void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		u64 v = get_random_u64();
		size_t n = len < sizeof(v) ? len : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

#define GRND_NONBLOCK	0x0001
#define GRND_RANDOM	0x0002
#define GRND_INSECURE	0x0004
/* One read-like call moves at most this much (Linux: include/linux/fs.h). */
#define MAX_RW_COUNT	(0x7ffff000UL)

/*
 * Fill the user's buffer a block at a time. A long request stops early,
 * with what it has copied, when a signal is pending (checked once a
 * page, as Linux does); a fault stops it too: -EFAULT only if nothing
 * was copied.
 */
long get_random_bytes_user(u8 __user *ubuf, size_t len)
{
	u8 block[64];
	size_t done = 0;

	while (done < len) {
		size_t n = min(len - done, sizeof(block));
		size_t left;

		get_random_bytes(block, n);
		left = copy_to_user(ubuf + done, block, n);
		done += n - left;
		if (left)
			break;
		if (done % PAGE_SIZE == 0 && done < len) {
			if (signal_pending(current))
				break;
			cond_resched();
		}
	}
	memset(block, 0, sizeof(block));	/* leave no random bytes on the stack */
	return done ? (long)done : -EFAULT;
}

SYSCALL_DEFINE3(getrandom, char __user *, ubuf, size_t, len,
		unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	/* Asking for both the "best" and the "any" pool is contradictory. */
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) ==
	    (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	len = min(len, MAX_RW_COUNT);
	if (!access_ok(ubuf, len))
		return -EFAULT;
	if (!len)
		return 0;
	return get_random_bytes_user((u8 __user *)ubuf, len);
}

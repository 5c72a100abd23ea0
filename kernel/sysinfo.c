// kernel/sysinfo.c — sysinfo(2): uptime, memory and process counts in
// one call (busybox free and uptime use it).
//
// Linux: kernel/sys.c (do_sysinfo, sysinfo) and mm/page_alloc.c
// (si_meminfo). Sizes are in bytes (mem_unit 1), as Linux's are on a
// 64-bit kernel. Nook computes no load average (loads 0), has no swap,
// no high memory, no page cache (bufferram 0) and no shared memory
// accounting (sharedram 0).
#include <nook/errno.h>
#include <nook/mm.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <nook/timekeeping.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>

/* Linux's uapi layout (include/uapi/linux/sysinfo.h): 112 bytes. */
struct sysinfo {
	long uptime;			/* seconds since boot */
	unsigned long loads[3];		/* 1, 5, 15 minutes, << 16 */
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	u16 procs;			/* tasks, threads included */
	u16 pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	u32 mem_unit;			/* bytes per unit of the sizes */
	char _f[20 - 2 * sizeof(unsigned long) - sizeof(u32)];
};
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo");

static void do_sysinfo(struct sysinfo *info)
{
	u64 ns = ktime_get_boottime_ns();

	memset(info, 0, sizeof(*info));
	/* a started second counts whole, as Linux rounds up */
	info->uptime = ns / 1000000000 + (ns % 1000000000 ? 1 : 0);
	info->totalram = totalram_pages() << PAGE_SHIFT;
	info->freeram = nr_free_pages() << PAGE_SHIFT;
	info->procs = min(nr_processes(), 0xffffUL);
	info->mem_unit = 1;
}

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo val;

	do_sysinfo(&val);
	return copy_to_user(info, &val, sizeof(val)) ? -EFAULT : 0;
}

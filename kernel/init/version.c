// kernel/init/version.c — the kernel's names: init_uts_ns.
//
// Linux: init/version.c (init_uts_ns, linux_banner). Nook is not Linux,
// so sysname says "Nook"; programs that check the release against a
// minimum (glibc refuses anything older than 3.2.0) read a Linux-shaped
// version number, and Nook reports the Linux release whose system-call
// ABI it follows. nodename and domainname start as Linux's "(none)".

#include <nook/utsname.h>

#define UTS_SYSNAME	"Nook"
/* >= 3.2.0 for glibc; 6.1 is the Linux Nook's behaviour is checked against. */
#define UTS_RELEASE	"6.1.0-nook"
/* Linux: "#1 SMP <date>" from the generated compile.h; here, this file's build. */
#define UTS_VERSION	"#1 SMP " __DATE__ " " __TIME__
#define UTS_MACHINE	"x86_64"
#define UTS_NODENAME	"(none)"
#define UTS_DOMAINNAME	"(none)"

struct uts_namespace init_uts_ns = {
	.name = {
		.sysname	= UTS_SYSNAME,
		.nodename	= UTS_NODENAME,
		.release	= UTS_RELEASE,
		.version	= UTS_VERSION,
		.machine	= UTS_MACHINE,
		.domainname	= UTS_DOMAINNAME,
	},
};

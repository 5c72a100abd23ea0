/*
 * exec-helper.c — the program utest's exec suite execve(2)s: it checks
 * one thing about how it was started and says so through its exit status
 * (0: as Linux does it; 1: not; 2: bad usage), printing what it found.
 *
 *	exec-helper exit N        exit with status N
 *	exec-helper argv          argv is exactly: exec-helper argv one
 *	                          "two words" "" (execve(2))
 *	exec-helper envp          environ is exactly NOOK_A=1 NOOK_B=x=y
 *	exec-helper pid N         getpid() is N: execve keeps the pid
 *	exec-helper auxv WHAT     the auxiliary vector (getauxval(3), the
 *	                          System V x86-64 ABI §3.4.3): pagesz, random,
 *	                          phdr, entry, ids, secure, execfn PATH, hwcap
 *	exec-helper sigdfl        SIGUSR1 is SIG_DFL: caught signals reset
 *	exec-helper sigign        SIGUSR2 is SIG_IGN: ignored ones stay
 *	exec-helper sigmask       SIGUSR1 is blocked: the mask is kept
 *	                          (signal(7), "Signal disposition" / execve(2))
 *	exec-helper fds OPEN SHUT fd OPEN is open and fd SHUT is not: what
 *	                          FD_CLOEXEC closed and what it kept
 *	                          (execve(2), "File descriptors open ...")
 *	exec-helper pause         sleep until a signal ends it (the jobctl
 *	                          suite's child that has exec'd)
 *	exec-helper creds R E S CAPS SECURE
 *	                          getresuid() is R E S, the effective
 *	                          capability set is CAPS ("0", "full": the
 *	                          permitted set, "nonzero") and AT_SECURE is
 *	                          SECURE: what execve(2) and capabilities(7)
 *	                          give a program (the cred and perm suites)
 *	exec-helper gids R E S    getresgid() is R E S (set-group-ID programs)
 *	exec-helper dumpable N    prctl(PR_GET_DUMPABLE) is N: what execve
 *	                          made of the flag (prctl(2), the perm suite)
 */
#include <elf.h>
#include <fcntl.h>
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;
extern const Elf64_Ehdr __ehdr_start;	/* the linker's: our ELF header */
extern char _start[];			/* musl's entry point (crt1) */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	char buf[300];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	(void)!write(1, "    # exec-helper: ", 19);
	(void)!write(1, buf, n);
	return 1;
}

/* getauxval that fails if the entry is absent (musl sets ENOENT). */
static int aux(unsigned long type, unsigned long *val)
{
	errno = 0;
	*val = getauxval(type);
	if (*val == 0 && errno == ENOENT)
		return fail("AT_%lu is missing from the auxiliary vector", type);
	return 0;
}

static int check_auxv(const char *what, const char *arg)
{
	unsigned long v, v2;

	if (strcmp(what, "pagesz") == 0) {
		if (aux(AT_PAGESZ, &v))
			return 1;
		return v == 4096 ? 0 : fail("AT_PAGESZ is %lu", v);
	}
	if (strcmp(what, "random") == 0) {
		const unsigned char *r;
		int nonzero = 0;

		if (aux(AT_RANDOM, &v))
			return 1;
		r = (const unsigned char *)v;
		for (int i = 0; i < 16; i++)	/* 16 random bytes */
			nonzero |= r[i];
		return nonzero ? 0 : fail("AT_RANDOM's 16 bytes are all 0");
	}
	if (strcmp(what, "phdr") == 0) {
		unsigned long want = (unsigned long)&__ehdr_start +
				     __ehdr_start.e_phoff;

		if (aux(AT_PHDR, &v) || aux(AT_PHENT, &v2))
			return 1;
		if (v != want)
			return fail("AT_PHDR %#lx, program headers at %#lx", v,
				    want);
		if (v2 != sizeof(Elf64_Phdr))
			return fail("AT_PHENT %lu", v2);
		if (aux(AT_PHNUM, &v))
			return 1;
		return v == __ehdr_start.e_phnum ? 0 :
			fail("AT_PHNUM %lu, e_phnum %u", v,
			     __ehdr_start.e_phnum);
	}
	if (strcmp(what, "entry") == 0) {
		if (aux(AT_ENTRY, &v))
			return 1;
		return v == (unsigned long)_start ? 0 :
			fail("AT_ENTRY %#lx, _start at %p", v, (void *)_start);
	}
	if (strcmp(what, "ids") == 0) {
		unsigned long u, eu, g, eg;

		if (aux(AT_UID, &u) || aux(AT_EUID, &eu) || aux(AT_GID, &g) ||
		    aux(AT_EGID, &eg))
			return 1;
		if (u != getuid() || eu != geteuid() || g != getgid() ||
		    eg != getegid())
			return fail("AT_UID/EUID/GID/EGID %lu %lu %lu %lu",
				    u, eu, g, eg);
		return 0;
	}
	if (strcmp(what, "secure") == 0) {
		if (aux(AT_SECURE, &v))
			return 1;
		return v == 0 ? 0 : fail("AT_SECURE %lu", v);
	}
	if (strcmp(what, "execfn") == 0 && arg) {
		if (aux(AT_EXECFN, &v))
			return 1;
		return strcmp((char *)v, arg) == 0 ? 0 :
			fail("AT_EXECFN '%s', expected '%s'", (char *)v, arg);
	}
	if (strcmp(what, "hwcap") == 0) {
		if (aux(AT_HWCAP, &v))
			return 1;
		return v != 0 ? 0 : fail("AT_HWCAP is 0");
	}
	return 2;
}

/* capget(2) v3: the effective and permitted sets as 64-bit masks. */
static int get_caps(unsigned long long *eff, unsigned long long *prm)
{
	struct { unsigned int version; int pid; } hdr = { 0x20080522, 0 };
	struct { unsigned int e, p, i; } d[2];

	if (syscall(SYS_capget, &hdr, d))
		return fail("capget: %s", strerror(errno));
	*eff = d[0].e | (unsigned long long)d[1].e << 32;
	*prm = d[0].p | (unsigned long long)d[1].p << 32;
	return 0;
}

static int check_creds(char **argv)
{
	unsigned int r, e, s;
	unsigned long long eff = 0, prm = 0;
	unsigned long secure = 0;
	const char *caps = argv[5];

	if (getresuid(&r, &e, &s) || get_caps(&eff, &prm) ||
	    aux(AT_SECURE, &secure))
		return 1;
	if (r != strtoul(argv[2], NULL, 0) || e != strtoul(argv[3], NULL, 0) ||
	    s != strtoul(argv[4], NULL, 0))
		return fail("getresuid %u %u %u, expected %s %s %s", r, e, s,
			    argv[2], argv[3], argv[4]);
	if ((strcmp(caps, "0") == 0 && eff != 0) ||
	    (strcmp(caps, "full") == 0 && (eff == 0 || eff != prm)) ||
	    (strcmp(caps, "nonzero") == 0 && eff == 0))
		return fail("effective caps %#llx (permitted %#llx), expected %s",
			    eff, prm, caps);
	if (secure != strtoul(argv[6], NULL, 0))
		return fail("AT_SECURE %lu, expected %s", secure, argv[6]);
	return 0;
}

static int check_argv(int argc, char **argv)
{
	static const char *want[] = { "exec-helper", "argv", "one",
				      "two words", "" };

	if (argc != 5)
		return fail("argc %d, expected 5", argc);
	for (int i = 0; i < 5; i++)
		if (strcmp(argv[i], want[i]) != 0)
			return fail("argv[%d] '%s', expected '%s'", i, argv[i],
				    want[i]);
	return argv[5] == NULL ? 0 : fail("argv[5] is not NULL");
}

static int check_envp(void)
{
	static const char *want[] = { "NOOK_A=1", "NOOK_B=x=y" };

	for (int i = 0; i < 2; i++)
		if (!environ[i] || strcmp(environ[i], want[i]) != 0)
			return fail("environ[%d] '%s', expected '%s'", i,
				    environ[i] ? environ[i] : "(null)",
				    want[i]);
	if (environ[2] != NULL)
		return fail("environ[2] '%s', expected NULL", environ[2]);
	return strcmp(getenv("NOOK_B"), "x=y") == 0 ? 0 :
		fail("getenv(NOOK_B) is wrong");
}

static int disposition(int sig, void (*want)(int))
{
	struct sigaction sa;

	sigaction(sig, NULL, &sa);
	return sa.sa_handler == want ? 0 :
		fail("signal %d's handler is %p", sig, (void *)sa.sa_handler);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	if (strcmp(mode, "creds") == 0 && argc == 7)
		return check_creds(argv);
	if (strcmp(mode, "gids") == 0 && argc == 5) {
		unsigned int r, e, s;

		if (getresgid(&r, &e, &s))
			return fail("getresgid: %s", strerror(errno));
		if (r != strtoul(argv[2], NULL, 0) ||
		    e != strtoul(argv[3], NULL, 0) ||
		    s != strtoul(argv[4], NULL, 0))
			return fail("getresgid %u %u %u, expected %s %s %s",
				    r, e, s, argv[2], argv[3], argv[4]);
		return 0;
	}
	if (strcmp(mode, "dumpable") == 0 && argc == 3) {
		int d = prctl(PR_GET_DUMPABLE);

		return d == atoi(argv[2]) ? 0 :
			fail("dumpable is %d, expected %s", d, argv[2]);
	}
	if (strcmp(mode, "pause") == 0)
		for (;;)
			pause();
	if (strcmp(mode, "argv") == 0)
		return check_argv(argc, argv);
	if (strcmp(mode, "envp") == 0)
		return check_envp();
	if (strcmp(mode, "pid") == 0 && argc == 3)
		return getpid() == atoi(argv[2]) ? 0 :
			fail("pid %d, expected %s", getpid(), argv[2]);
	if (strcmp(mode, "auxv") == 0 && argc >= 3)
		return check_auxv(argv[2], argc > 3 ? argv[3] : NULL);
	if (strcmp(mode, "sigdfl") == 0)
		return disposition(SIGUSR1, SIG_DFL);
	if (strcmp(mode, "sigign") == 0)
		return disposition(SIGUSR2, SIG_IGN);
	if (strcmp(mode, "sigmask") == 0) {
		sigset_t set;

		sigprocmask(SIG_BLOCK, NULL, &set);
		return sigismember(&set, SIGUSR1) ? 0 :
			fail("SIGUSR1 is not blocked after execve");
	}
	if (strcmp(mode, "fds") == 0 && argc == 4) {
		int open_fd = atoi(argv[2]), shut_fd = atoi(argv[3]);

		if (fcntl(open_fd, F_GETFD) < 0)
			return fail("fd %d is not open after execve", open_fd);
		if (fcntl(shut_fd, F_GETFD) != -1 || errno != EBADF)
			return fail("fd %d is still open after execve", shut_fd);
		return 0;
	}
	fprintf(stderr, "usage: exec-helper exit N | argv ... | envp | pid N | "
		"auxv WHAT | sigdfl | sigign | sigmask | fds OPEN SHUT | "
		"dumpable N\n");
	return 2;
}

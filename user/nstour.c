/*
 * nstour.c — the UTS namespace in three steps, for the gdb tour
 * (docs/namespaces.md) and its scripted check (make check's gdb-ns).
 *
 *	1. clone(CLONE_NEWUTS): a child in a copy of our UTS namespace
 *	   renames its copy and exits;
 *	2. unshare(CLONE_NEWUTS): we move into a new one ourselves;
 *	3. sethostname there, and uname shows it.
 *
 * Follows clone(2), unshare(2), sethostname(2), uts_namespaces(7).
 * Run it as root; on Linux, inside `unshare --uts` to be safe.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *hostname(void)
{
	static struct utsname u;

	uname(&u);
	return u.nodename;
}

int main(void)
{
	int status;
	long pid;

	setvbuf(stdout, NULL, _IONBF, 0);	/* the child's lines too */
	printf("nstour: hostname '%s'\n", hostname());
	/* Raw clone, as fork with a flag: the child returns 0 here too. */
	pid = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) {
		perror("nstour: clone(CLONE_NEWUTS)");
		return 1;
	}
	if (pid == 0) {
		sethostname("child", 5);
		printf("nstour: child renamed its copy: '%s'\n", hostname());
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("nstour: after the child, still '%s'\n", hostname());
	if (unshare(CLONE_NEWUTS)) {
		perror("nstour: unshare(CLONE_NEWUTS)");
		return 1;
	}
	sethostname("tour", 4);
	printf("nstour: after unshare and sethostname: '%s'\n", hostname());
	printf("nstour: done\n");
	return 0;
}

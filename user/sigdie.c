/*
 * user/sigdie.c — a program that dies of a signal it does not handle,
 * to see the kernel's report: boot it as pid 1 and Nook, like Linux,
 * panics with "Attempted to kill init!" after the one-line report
 * ("sigdie[1]: segfault at 0 ip ..." or "traps: sigdie[1] trap ...").
 *	make run CMDLINE='rdinit=/bin/sigdie -- segv'	(or ill, fpe, trap)
 * As pid 1, kill(getpid(), SIGTERM) is ignored first (init is protected
 * from signals it has no handler for), which the output also shows.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "segv";

	setvbuf(stdout, NULL, _IONBF, 0);
	kill(getpid(), SIGTERM);
	kill(getpid(), SIGKILL);
	printf("sigdie: pid %d still here after SIGTERM and SIGKILL\n",
	       getpid());
	printf("sigdie: dying of %s\n", how);
	if (!strcmp(how, "ill"))
		__asm__ volatile("ud2");
	else if (!strcmp(how, "fpe"))
		__asm__ volatile("xor %%ecx, %%ecx\n\tmov $1, %%eax\n\t"
				 "cltd\n\tidivl %%ecx" ::: "eax", "ecx", "edx");
	else if (!strcmp(how, "trap"))
		__asm__ volatile("int3");
	else
		(void)*(volatile int *)0;
	printf("sigdie: survived %s?\n", how);
	return 1;
}

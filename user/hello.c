/*
 * user/hello.c — the smallest program worth running: it says hello and
 * where it came from (its argv), then exits with status 0.
 * Boot it as init with: make run CMDLINE='rdinit=/bin/hello'
 */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from %s, a static Linux program running on Nook\n",
	       argc > 0 ? argv[0] : "(no argv[0])");
	for (int i = 1; i < argc; i++)
		printf("  argv[%d] = %s\n", i, argv[i]);
	return 0;
}

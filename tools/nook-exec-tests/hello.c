/*
 * hello.c — nook-exec's first check: a program from the host prints its
 * arguments and exits with the status its first argument names. Built
 * twice by tools/check.py: with musl-gcc -static and with gcc -static
 * (glibc), since both C libraries start programs differently.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	printf("hello:");
	for (int i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	return argc > 1 ? atoi(argv[1]) : 0;
}

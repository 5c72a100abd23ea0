/*
 * user/readline.c — reads the console a line at a time (read(2) and
 * readv(2) on fd 0, canonical mode: termios(3)) and says what each
 * read returned; a line "quit" ends it. First the cases that must not
 * wait for input: a kernel buffer is EFAULT at once, a count of 0 is 0.
 * In Nook: make run CMDLINE='rdinit=/bin/readline', then type lines.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static long sc3(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return ret;
}

int main(void)
{
	char buf[64], a[4], b[64];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	long n;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("readline: read(0, kernel address) = %ld\n",
	       sc3(SYS_read, 0, 0xffff888000000000L, 8));
	printf("readline: read(0, buf, 0) = %ld\n", sc3(SYS_read, 0, (long)buf, 0));
	printf("readline: readv(0, 2 iovecs of 4 and 64): ");
	n = sc3(SYS_readv, 0, (long)iov, 2);
	printf("%ld: '%.4s' + '%.*s'\n", n, a, n > 4 ? (int)n - 4 : 0, b);
	for (;;) {
		printf("readline> ");
		n = sc3(SYS_read, 0, (long)buf, sizeof(buf) - 1);
		if (n <= 0) {
			printf("readline: read returned %ld\n", n);
			break;
		}
		buf[n] = 0;
		printf("readline: %ld bytes: %s", n, buf);
		if (!strcmp(buf, "quit\n"))
			break;
	}
	printf("readline: done\n");
	return 0;
}

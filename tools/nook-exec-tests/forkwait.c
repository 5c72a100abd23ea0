/*
 * forkwait.c — nook-exec's second check: fork, let the child exit with a
 * known status, wait for it, and exit with that status plus one. Exit 0
 * from here would hide a broken wait; 8 means fork, exit and wait agree.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_STATUS 7

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(CHILD_STATUS);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		perror("waitpid");
		return 2;
	}
	printf("forkwait: child %d exited with %d\n", pid, WEXITSTATUS(status));
	return WEXITSTATUS(status) + 1;
}

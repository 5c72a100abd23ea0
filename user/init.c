/*
 * init.c — PID 1: runs the program the kernel command line names, reaps
 * every child (orphans included, as Linux's init must: wait(2), "reaper"),
 * reports each exit status, and powers the machine off when the program
 * is done (reboot(2), LINUX_REBOOT_CMD_POWER_OFF).
 *
 * What runs. Linux hands the kernel parameters it does not know to init
 * (init/main.c, unknown_bootoption): a word without '=' becomes one of
 * init's arguments, a NAME=VALUE word whose NAME has no '.' becomes an
 * environment variable, and every word after "--" is an argument as is.
 * So, on the kernel command line,
 *
 *	NOOK_RUN=/bin/utest -- fork signal
 *
 * gives init the environment NOOK_RUN=/bin/utest and the arguments
 * "fork" "signal", and init runs `/bin/utest fork signal` with its own
 * environment. Without NOOK_RUN, init runs /bin/sh. (user/README.md.)
 *
 * When the program ends, init prints
 *
 *	init: /bin/utest exited with status N
 *
 * (N is the exit status, or 128 + the signal that killed it, as shells
 * report it), reaps what has already exited, and powers off. The test
 * harness reads that line; the kernel learns nothing from reboot(2).
 *
 * Shutdown. As busybox's init does, PID 1 takes SIGUSR2 as "power off",
 * SIGUSR1 as "halt" and SIGTERM as "reboot": busybox's poweroff, halt and
 * reboot (without -f) send these to pid 1. init then asks every other
 * process to end (SIGTERM), gives them a moment, kills the rest
 * (SIGKILL), syncs and calls reboot(2).
 *
 * Not PID 1 (a plain program on the host): init runs the program the
 * same way, and exits with N instead of powering off.
 *
 * First, as PID 1 of a system nobody has set up yet (no /dev/null), init
 * mounts what a Linux system expects, as an initramfs's init or systemd
 * would: devtmpfs on /dev, proc on /proc and a tmpfs on /tmp, making
 * the directories where the image lacks them. A mount that fails is
 * reported and skipped (proc, for one, may not exist in this kernel);
 * on the host (tools/host_user.py) /dev is already there and nothing is
 * mounted.
 *
 * Without NOOK_RUN, when /bin/sh is not there (busybox arrives in
 * Step 3), init says so, how to run something else, and stays up:
 * a PID 1 that powered off would end a plain `make run` at once.
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/reboot.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_PROGRAM "/bin/sh"

#define SHUTDOWN_GRACE_MS 1000	/* from SIGTERM to SIGKILL */

/* Written by the vfork child, which shares our memory until it execs. */
static volatile int exec_errno;

extern char **environ;

/* Formats wait status st as a shell would: exit code or 128 + signal. */
static int status_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 255;
}

static void report(const char *what, int st)
{
	if (WIFSIGNALED(st))
		printf("init: %s exited with status %d (killed by signal %d, %s)\n",
		       what, status_code(st), WTERMSIG(st),
		       strsignal(WTERMSIG(st)));
	else
		printf("init: %s exited with status %d\n", what,
		       status_code(st));
	fflush(stdout);
}

/*
 * vfork + execve(program, [program, args...], environ). vfork, as
 * posix_spawn does it: the child shares our memory until execve, so
 * a failed execve can leave its errno in exec_errno for us to read.
 */
static pid_t start(const char *program, int argc, char **argv, bool login)
{
	char **child_argv = calloc(argc + 1, sizeof(char *));
	pid_t pid;

	if (!child_argv)
		return -1;
	/* "-sh": a login shell reads /etc/profile (the motd, PATH, PS1) */
	child_argv[0] = login ? "-sh" : (char *)program;
	for (int i = 1; i < argc; i++)
		child_argv[i] = argv[i];
	exec_errno = 0;
	pid = vfork();
	if (pid == 0) {
		/*
		 * An interactive shell wants job control: a session of its
		 * own with the console as its controlling terminal (what
		 * busybox's cttyhack does), so ^C and ^Z reach its jobs.
		 */
		if (login) {
			setsid();
			ioctl(0, TIOCSCTTY, 0);
		}
		execve(program, child_argv, environ);
		exec_errno = errno;
		_exit(127);
	}
	if (pid > 0 && exec_errno)
		fprintf(stderr, "init: cannot run %s: %s\n", program,
			strerror(exec_errno));
	free(child_argv);
	return pid;
}

/* The shutdown signal that arrived (0: none); set by on_shutdown. */
static volatile sig_atomic_t shutdown_signal;

static void on_shutdown(int sig)
{
	shutdown_signal = sig;
}

/*
 * PID 1 only: the signals busybox's halt, poweroff and reboot send.
 * No SA_RESTART, so a wait4 in progress returns EINTR and the loops
 * below see the request at once.
 */
static void catch_shutdown_signals(void)
{
	struct sigaction sa = { .sa_handler = on_shutdown };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Reaps until no child is left or ms milliseconds have passed. */
static void reap_for(long ms)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	int st;

	for (long waited = 0; waited < ms; waited += 10) {
		pid_t pid;

		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			;
		if (pid < 0 && errno == ECHILD)
			return;
		nanosleep(&nap, NULL);
	}
}

/* Ends every other process, then the machine, as the signal asks. */
static void __attribute__((noreturn)) shut_down(int sig)
{
	int cmd = sig == SIGUSR1 ? RB_HALT_SYSTEM :
		  sig == SIGUSR2 ? RB_POWER_OFF : RB_AUTOBOOT;

	printf("init: %s (%s): stopping every process\n",
	       sig == SIGUSR1 ? "halt" : sig == SIGUSR2 ? "power off" :
	       "reboot", strsignal(sig));
	fflush(stdout);
	kill(-1, SIGTERM);
	kill(-1, SIGCONT);
	reap_for(SHUTDOWN_GRACE_MS);
	kill(-1, SIGKILL);
	reap_for(SHUTDOWN_GRACE_MS);
	sync();
	reboot(cmd);
	fprintf(stderr, "init: reboot: %s\n", strerror(errno));
	_exit(1);
}

/* Reaps children until `main` exits; returns its wait status. */
static int reap_until(pid_t main_pid, const char *program)
{
	for (;;) {
		char what[64];
		int st;
		pid_t pid;

		/*
		 * A signal that lands between this check and wait4 is seen
		 * at the next child's exit; the shell that asked is one.
		 */
		if (shutdown_signal)
			shut_down(shutdown_signal);
		pid = wait4(-1, &st, 0, NULL);

		if (pid < 0) {
			if (errno == EINTR && shutdown_signal)
				shut_down(shutdown_signal);
			if (errno == EINTR)
				continue;
			fprintf(stderr, "init: wait4: %s\n", strerror(errno));
			return 255 << 8;
		}
		if (pid == main_pid) {
			report(program, st);
			return st;
		}
		snprintf(what, sizeof(what), "orphan pid %d", pid);
		report(what, st);
	}
}

/* Reaps whatever has already exited, without waiting for the rest. */
static void reap_exited(void)
{
	char what[64];
	int st;
	pid_t pid;

	while ((pid = wait4(-1, &st, WNOHANG, NULL)) > 0) {
		snprintf(what, sizeof(what), "orphan pid %d", pid);
		report(what, st);
	}
}

/*
 * PID 1 with nothing to run: stay up and reap whatever may still end.
 * With no child left, nothing can be orphaned to us; nap a second at a
 * time rather than spin.
 */
static void __attribute__((noreturn)) reap_forever(void)
{
	char what[64];
	int st;

	for (;;) {
		pid_t pid = wait4(-1, &st, 0, NULL);

		if (pid > 0) {
			snprintf(what, sizeof(what), "orphan pid %d", pid);
			report(what, st);
		} else if (shutdown_signal) {
			shut_down(shutdown_signal);
		} else if (errno == ECHILD) {
			sleep(1);
		}
	}
}

static void mount_one(const char *source, const char *target,
		      const char *type, unsigned long flags, const char *data)
{
	if (mkdir(target, 0755) < 0 && errno != EEXIST)
		fprintf(stderr, "init: warning: mkdir %s: %s\n", target,
			strerror(errno));
	if (mount(source, target, type, flags, data) < 0)
		fprintf(stderr, "init: warning: cannot mount %s on %s: %s\n",
			type, target, strerror(errno));
}

/* The file systems every Linux userland expects (see the top). */
static void mount_early_filesystems(void)
{
	if (access("/dev/null", F_OK) == 0)
		return;		/* someone set the system up already */
	mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
	mount_one("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL);
	/* not nosuid: Debian 12's /tmp lets a student try a set-user-ID program */
	mount_one("tmpfs", "/tmp", "tmpfs", MS_NODEV, "mode=1777");
}

int main(int argc, char **argv)
{
	const char *program = getenv("NOOK_RUN");
	bool asked = program && *program;
	pid_t pid;
	int st;

	if (!asked)
		program = DEFAULT_PROGRAM;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() == 1) {
		catch_shutdown_signals();
		mount_early_filesystems();
	}

	pid = start(program, argc, argv, !asked && getpid() == 1);
	if (pid > 0 && !asked && exec_errno == ENOENT && getpid() == 1) {
		waitpid(pid, &st, 0);
		printf("init: no %s in this image; try:\n"
		       "init:   make run CMDLINE='NOOK_RUN=/bin/hello'\n"
		       "init: staying up; Ctrl-A X quits QEMU\n",
		       DEFAULT_PROGRAM);
		reap_forever();
	}
	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		st = 255 << 8;
	} else {
		st = reap_until(pid, program);
	}
	reap_exited();

	if (getpid() != 1)
		return status_code(st);
	printf("init: powering off\n");
	fflush(stdout);
	reboot(RB_POWER_OFF);
	/* Still here: reboot is not implemented (yet) or not allowed. */
	fprintf(stderr, "init: reboot: %s; exiting\n", strerror(errno));
	return status_code(st);
}

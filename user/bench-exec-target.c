/*
 * bench-exec-target.c — the program bench's "exec" figure runs with
 * execve(2): it does nothing and exits 0, like true(1), so the figure
 * measures the kernel's work (loading a static ELF, building the new
 * stack, tearing the old address space down) and not the program's.
 *
 * It is a separate file, not /bin/true from busybox, so that the very
 * same small musl-static binary is executed on Nook and on Linux.
 */
int main(void)
{
	return 0;
}

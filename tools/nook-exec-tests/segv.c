/*
 * segv.c — nook-exec's third check: a program killed by a signal. The
 * write to address 0 must kill it with SIGSEGV, which nook-exec reports
 * as 128 + 11, as a shell would.
 */
int main(void)
{
	*(volatile int *)0 = 1;
	return 0;
}

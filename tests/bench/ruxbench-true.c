/*
 * tests/bench/ruxbench-true.c - the tiny static program ruxbench's exec
 * items run: it starts (musl's start-up code) and exits 0.
 */
int main(void)
{
	return 0;
}

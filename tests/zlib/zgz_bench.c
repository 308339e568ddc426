/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zgz_bench CORPUS OUT LEVEL [READ_FROM]: gzwrite CORPUS to OUT at LEVEL in
 * 64 KiB calls, then gzread READ_FROM (default OUT) back in 64 KiB calls;
 * prints the CPU time of each (the process's, all threads) and the sizes.
 * Not a test (no timing is asserted anywhere): run it with the system zlib
 * and with LD_PRELOAD=libwd_zlib.so in the same session and compare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

static double zb_cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	char mode[8];
	FILE *in;
	gzFile f;
	size_t n, total = 0, back = 0;
	double t0, tw, tr;
	int r;

	if (argc < 4)
		return 2;
	in = fopen(argv[1], "rb");
	snprintf(mode, sizeof(mode), "wb%d", atoi(argv[3]));
	f = gzopen(argv[2], mode);
	if (!in || !f)
		return 1;
	t0 = zb_cpu();
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (gzwrite(f, buf, (unsigned)n) != (int)n)
			return 1;
		total += n;
	}
	if (gzclose(f) != Z_OK)
		return 1;
	tw = zb_cpu() - t0;
	fclose(in);
	f = gzopen(argc > 4 ? argv[4] : argv[2], "rb");
	if (!f)
		return 1;
	t0 = zb_cpu();
	while ((r = gzread(f, buf, sizeof(buf))) > 0)
		back += (size_t)r;
	tr = zb_cpu() - t0;
	gzclose(f);
	if (back != total)
		return 1;
	in = fopen(argv[2], "rb");
	fseek(in, 0, SEEK_END);
	printf("level %s: %zu -> %ld bytes, gzwrite %.3f s cpu, gzread %.3f s cpu\n", argv[3], total,
	       ftell(in), tw, tr);
	fclose(in);
	return 0;
}

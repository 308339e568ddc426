/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The program defines its own inflateReset and deflateReset (which zlib's gz
 * code calls between members): libwd_zlib's gz code must still call the
 * library's own (wdz_gz.c binds them inside the library), so gzwrite/gzread
 * of a two-member file work and the program's are never called. (Debian's
 * libz.so.1 itself calls them through its PLT: run plainly, this program's
 * gz calls fail; zlib_gz.sh runs it preloaded only.)
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static int zi_hits;

int inflateReset(z_streamp strm)
{
	(void)strm;
	zi_hits++;
	return Z_STREAM_ERROR;
}

int deflateReset(z_streamp strm)
{
	(void)strm;
	zi_hits++;
	return Z_STREAM_ERROR;
}

int main(int argc, char **argv)
{
	static char data[100000], got[300000];
	gzFile f;
	int i, n, ok;

	if (argc != 2) {
		fprintf(stderr, "usage: zgz_interpose FILE\n");
		return 2;
	}
	for (i = 0; i < (int)sizeof(data); i++)
		data[i] = (char)("gz code\n"[i % 8] + i / 5000);
	f = gzopen(argv[1], "wb1");
	if (!f)
		return 2;
	/* Z_FINISH ends the member (deflateReset), the next write starts another */
	n = gzwrite(f, data, sizeof(data)) + gzflush(f, Z_FINISH) + gzwrite(f, data, sizeof(data));
	n += gzclose(f);
	f = gzopen(argv[1], "rb");
	if (!f)
		return 2;
	i = gzread(f, got, sizeof(got));	/* the second member: inflateReset */
	ok = n == 2 * (int)sizeof(data) && i == 2 * (int)sizeof(data) &&
	     !memcmp(got, data, sizeof(data)) && !memcmp(got + sizeof(data), data, sizeof(data));
	printf("zgz_interpose: wrote %d read %d data %s, the program's resets called %d times\n", n, i,
	       ok ? "ok" : "WRONG", zi_hits);
	gzclose(f);
	return ok && zi_hits == 0 ? 0 : 1;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The decoders alone: one zlib stream decoded whole into warm memory by
 * zlib's uncompress, libdeflate and ISA-L's stateless inflate, CPU time,
 * best of ROUNDS, every result checked against the expected output. With
 * Python's floor (bench/zlib_floor_stub.c) this says how fast
 * zlib.decompress can be with each decoder (bench/zlib_floor.sh).
 *
 *   zlib_floor_dec ZLIB_STREAM EXPECTED_OUTPUT [ROUNDS]
 *
 * Prints one line: "zlib S libdeflate S isal S" (seconds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <libdeflate.h>
#include <isa-l/igzip_lib.h>

static unsigned char *packed, *plain, *out;
static size_t packed_len, plain_len;

static unsigned char *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(p = malloc((size_t)n + 1)) || fread(p, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "zlib_floor_dec: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

static double cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Each returns the bytes made, or 0 on an error. */
static size_t by_zlib(void)
{
	uLongf n = plain_len;

	return uncompress(out, &n, packed, packed_len) == Z_OK ? n : 0;
}

static size_t by_libdeflate(void)
{
	static struct libdeflate_decompressor *d;
	size_t n;

	if (!d && !(d = libdeflate_alloc_decompressor()))
		return 0;
	return libdeflate_zlib_decompress(d, packed, packed_len, out, plain_len, &n) ==
	       LIBDEFLATE_SUCCESS ? n : 0;
}

static size_t by_isal(void)
{
	static struct inflate_state st;

	isal_inflate_init(&st);
	st.next_in = packed;
	st.avail_in = (uint32_t)packed_len;
	st.next_out = out;
	st.avail_out = (uint32_t)plain_len;
	st.crc_flag = ISAL_ZLIB;
	return isal_inflate_stateless(&st) == ISAL_DECOMP_OK ? st.total_out : 0;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; size_t (*run)(void); } dec[] = {
		{ "zlib", by_zlib }, { "libdeflate", by_libdeflate }, { "isal", by_isal },
	};
	int rounds = argc > 3 ? atoi(argv[3]) : 3;
	double best[3] = { 1e9, 1e9, 1e9 };

	if (argc < 3 || rounds < 1) {
		fprintf(stderr, "usage: zlib_floor_dec ZLIB_STREAM EXPECTED_OUTPUT [ROUNDS]\n");
		return 2;
	}
	packed = load(argv[1], &packed_len);
	plain = load(argv[2], &plain_len);
	if (!(out = malloc(plain_len + 1)))
		return 1;
	memset(out, 0, plain_len + 1);	/* warm: no page fault is timed */
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < 3; i++) {
			double t = cpu_now();
			size_t n = dec[i].run();

			t = cpu_now() - t;
			if (n != plain_len || memcmp(out, plain, plain_len)) {
				fprintf(stderr, "zlib_floor_dec: %s gave a wrong result\n", dec[i].name);
				return 1;
			}
			memset(out, 0, plain_len);
			if (t < best[i])
				best[i] = t;
		}
	printf("zlib %.4f libdeflate %.4f isal %.4f\n", best[0], best[1], best[2]);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pg_deflate: the page deflater (src/drivers/cpu_comp/cpu_pg*.c) against
 * ISA-L's isal_deflate_stateless called per page the way cpu_deflate.c calls
 * it (a reused level_buf of ISAL_DEF_LVLn_DEFAULT bytes), on the same pages
 * in the same run, rounds interleaved, best of the rounds reported.
 *
 *   pg_deflate FILE [MiB] [PAGE] [LEVEL] [ROUNDS]
 *
 * Every output is checked once (libdeflate inflates it alone to the page).
 * Prints MB/s of input for both, the speed ratio, both total sizes and
 * their ratio, and the session's choice counts.
 *
 * PG_CLASS=incompressible keeps only the pages ISA-L cannot make smaller
 * (its output >= the page: already-compressed data); PG_CLASS=compressible
 * only the others. The class is decided by one ISA-L pass before timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include "cpu_pglearn.h"

static double now(void)
{
	struct timespec ts;

	/* CPU time of this thread: on a shared machine, time spent descheduled
	 * would otherwise land on whichever side was running */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static size_t isal_run(const unsigned char *buf, size_t n, unsigned pg, int level,
		       unsigned char *lbuf, unsigned lbsz, unsigned char *out, unsigned cap,
		       unsigned *sizes)
{
	struct isal_zstream zs;
	size_t total = 0, off;

	for (off = 0; off + pg <= n; off += pg) {
		isal_deflate_stateless_init(&zs);
		zs.next_in = (unsigned char *)buf + off;
		zs.avail_in = pg;
		zs.next_out = out;
		zs.avail_out = cap;
		zs.level = (unsigned)level;
		zs.level_buf = lbuf;
		zs.level_buf_size = lbsz;
		zs.gzip_flag = IGZIP_DEFLATE;
		zs.end_of_stream = 1;
		zs.flush = NO_FLUSH;
		if (isal_deflate_stateless(&zs) != COMP_OK || zs.avail_in) {
			fprintf(stderr, "isal failed at %zu\n", off);
			exit(1);
		}
		if (sizes)
			sizes[off / pg] = zs.total_out;
		total += zs.total_out;
	}
	return total;
}

static size_t pg_run(struct cpu_pglearn *L, const unsigned char *buf, size_t n, unsigned pg,
		     int level, unsigned char *out, unsigned cap, struct libdeflate_decompressor *d,
		     unsigned char *back)
{
	size_t total = 0, off, got;

	for (off = 0; off + pg <= n; off += pg) {
		__u32 r = cpu_pg_deflate(L, buf + off, pg, out, cap, level, 15);

		if (!r) {
			fprintf(stderr, "pg failed at %zu\n", off);
			exit(1);
		}
		if (d && (libdeflate_deflate_decompress(d, out, r, back, pg, &got) != LIBDEFLATE_SUCCESS ||
			  got != pg || memcmp(back, buf + off, pg))) {
			fprintf(stderr, "pg output wrong at %zu\n", off);
			exit(1);
		}
		total += r;
	}
	return total;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 2 ? strtoul(argv[2], NULL, 0) : 32, n;
	unsigned pg = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 4096;
	int level = argc > 4 ? atoi(argv[4]) : 1, rounds = argc > 5 ? atoi(argv[5]) : 3, r;
	unsigned lbsz = level == 1 ? ISAL_DEF_LVL1_DEFAULT : level == 2 ? ISAL_DEF_LVL2_DEFAULT :
			ISAL_DEF_LVL3_DEFAULT;
	unsigned cap = pg + pg / 8 + 1024;
	unsigned char *buf, *lbuf = malloc(lbsz), *out = malloc(cap), *back = malloc(pg);
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	double best_i = 1e9, best_p = 1e9, t;
	size_t zi = 0, zp = 0;
	struct cpu_pglearn_stats st;
	struct cpu_pglearn *L;
	FILE *f;

	if (argc < 2 || pg > CPU_PG_MAX || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: %s FILE [MiB] [PAGE<=65536] [LEVEL] [ROUNDS]\n", argv[0]);
		return 2;
	}
	buf = malloc(mib << 20);
	n = fread(buf, 1, mib << 20, f);
	fclose(f);
	n -= n % pg;
	if (getenv("PG_CLASS")) {
		int want_inc = !strcmp(getenv("PG_CLASS"), "incompressible");
		unsigned *sz = malloc((n / pg + 1) * sizeof(*sz));
		size_t k, m = 0;

		isal_run(buf, n, pg, level, lbuf, lbsz, out, cap, sz);
		for (k = 0; k < n / pg; k++)
			if ((sz[k] >= pg) == want_inc)
				memmove(buf + m++ * pg, buf + k * pg, pg);
		n = m * pg;
		free(sz);
		if (!n) {
			fprintf(stderr, "no page of that class\n");
			return 1;
		}
	}
	/* a check round first: every page decodes alone */
	L = cpu_pglearn_new();
	pg_run(L, buf, n, pg, level, out, cap, d, back);
	cpu_pglearn_free(L);
	for (r = 0; r < rounds; r++) {
		t = now();
		zi = isal_run(buf, n, pg, level, lbuf, lbsz, out, cap, NULL);
		t = now() - t;
		best_i = t < best_i ? t : best_i;
		L = cpu_pglearn_new();	/* each round a new session, as a migration */
		t = now();
		zp = pg_run(L, buf, n, pg, level, out, cap, NULL, NULL);
		t = now() - t;
		best_p = t < best_p ? t : best_p;
		cpu_pglearn_stats(L, &st);
		cpu_pglearn_free(L);
	}
	printf("%s%spage %u level %d %zu MiB: isal %.0f MB/s  pg %.0f MB/s  speed x%.2f  "
	       "size isal %zu pg %zu (x%.4f)  learned %llu tailored %llu fixed %llu stored %llu\n",
	       getenv("PG_CLASS") ? getenv("PG_CLASS") : "", getenv("PG_CLASS") ? " " : "", pg, level, n >> 20, n / best_i / 1e6, n / best_p / 1e6, best_i / best_p, zi, zp,
	       (double)zp / zi, st.learned, st.tailored, st.fixed, st.stored);
	libdeflate_free_decompressor(d);
	free(buf);
	free(lbuf);
	free(out);
	free(back);
	return 0;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * pg_inflate: the page inflater (src/drivers/cpu_comp/cpu_pginflate.c)
 * against libdeflate_deflate_decompress_ex (one reused decompressor) on the
 * same pages, in one process, rounds interleaved, best round of each.
 *
 *   pg_inflate FILE MIB PAGE MODE [K]
 *
 * FILE's first MIB MiB cut in PAGE-byte pages, each compressed alone as a
 * raw deflate stream by MODE:
 *   l1     ISA-L level 1 stateless (every page its own header)
 *   l0     ISA-L level 0 stateless with custom Huffman tables: K tables
 *          (default 1), table i from a histogram of 1 MiB of FILE's
 *          stretch i of K; page j uses table j % K (repeating headers)
 *   pg     the page deflater (cpu_pgdeflate.c) at level K (default 1) with
 *          one learning session over all pages: the pages WarpDrive's page
 *          path sends (learned headers repeat, new ones do not)
 * Every decoded page is checked against the original. Prints MB/s of
 * output for both decoders, their ratio and the page cache's hits.
 * Rounds: PG_ROUNDS (default 3). Times are the thread's CPU time, so that
 * another process on the same core does not count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include "../src/drivers/cpu_comp/cpu_pgcache.h"
#include "../src/drivers/cpu_comp/cpu_pglearn.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);	/* CPU time: the machine is shared */
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *m)
{
	fprintf(stderr, "pg_inflate: %s\n", m);
	exit(1);
}

int main(int argc, char **argv)
{
	const char *mode;
	size_t mib, page, total, np, i, k = 1, out_cap;
	unsigned char *data, *cbuf, *dbuf;
	size_t *coff, *clen;
	struct isal_hufftables *ht = NULL;
	struct cpu_pglearn *pl = NULL;
	unsigned char *lvl_buf = NULL;
	struct libdeflate_decompressor *ld;
	struct cpu_pgcache *pc;
	struct cpu_pgcache_stats st;
	double best_ld = 1e9, best_pg = 1e9;
	int rounds = getenv("PG_ROUNDS") ? atoi(getenv("PG_ROUNDS")) : 3, r;
	FILE *f;

	if (argc < 5)
		die("usage: pg_inflate FILE MIB PAGE l0|l1 [K]");
	mib = strtoul(argv[2], NULL, 0);
	page = strtoul(argv[3], NULL, 0);
	mode = argv[4];
	if (argc > 5)
		k = strtoul(argv[5], NULL, 0);
	if (!page || !k)
		die("bad PAGE or K");
	data = malloc(mib << 20);
	f = fopen(argv[1], "rb");
	if (!data || !f)
		die("cannot read FILE");
	total = fread(data, 1, mib << 20, f);
	fclose(f);
	np = total / page;
	total = np * page;
	out_cap = page + page / 2 + 1024;
	cbuf = malloc(np * out_cap);
	dbuf = malloc(total);
	coff = calloc(np, sizeof(*coff));
	clen = calloc(np, sizeof(*clen));
	if (!cbuf || !dbuf || !coff || !clen || !np)
		die("no memory or no pages");

	if (!strcmp(mode, "l0")) {
		ht = calloc(k, sizeof(*ht));
		for (i = 0; i < k; i++) {
			struct isal_huff_histogram h;
			size_t at = total / k * i, n = total / k < (1u << 20) ? total / k : 1u << 20;

			memset(&h, 0, sizeof(h));
			isal_update_histogram(data + at, (int)n, &h);
			if (isal_create_hufftables(&ht[i], &h))
				die("isal_create_hufftables");
		}
	} else if (!strcmp(mode, "l1")) {
		lvl_buf = malloc(ISAL_DEF_LVL1_DEFAULT);
	} else if (!strcmp(mode, "pg")) {
		pl = cpu_pglearn_new();
		if (!pl)
			die("no memory");
	} else {
		die("MODE: l0, l1 or pg");
	}
	size_t csum = 0;
	for (i = 0; i < np; i++) {
		struct isal_zstream zs;

		if (pl) {
			clen[i] = cpu_pg_deflate(pl, data + i * page, (__u32)page, cbuf + i * out_cap,
						 (__u32)out_cap, (int)(argc > 5 ? k : 1), 15);
			if (!clen[i])
				die("cpu_pg_deflate");
			coff[i] = i * out_cap;
			csum += clen[i];
			continue;
		}
		isal_deflate_stateless_init(&zs);
		zs.next_in = data + i * page;
		zs.avail_in = (uint32_t)page;
		zs.next_out = cbuf + i * out_cap;
		zs.avail_out = (uint32_t)out_cap;
		zs.end_of_stream = 1;
		zs.gzip_flag = IGZIP_DEFLATE;
		if (ht) {
			zs.level = 0;
			zs.hufftables = &ht[i % k];
		} else {
			zs.level = 1;
			zs.level_buf = lvl_buf;
			zs.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
		}
		if (isal_deflate_stateless(&zs) != COMP_OK)
			die("isal_deflate_stateless");
		coff[i] = i * out_cap;
		clen[i] = zs.total_out;
		csum += zs.total_out;
	}

	ld = libdeflate_alloc_decompressor();
	pc = cpu_pgcache_new(0);
	if (!ld || !pc)
		die("no decoder");
	for (r = 0; r < rounds; r++) {
		double t0, t;

		memset(dbuf, 0, total);
		t0 = now();
		for (i = 0; i < np; i++) {
			size_t in_used, made;

			if (libdeflate_deflate_decompress_ex(ld, cbuf + coff[i], clen[i],
							     dbuf + i * page, page, &in_used,
							     &made) != LIBDEFLATE_SUCCESS)
				die("libdeflate failed");
		}
		t = now() - t0;
		if (memcmp(dbuf, data, total))
			die("libdeflate: wrong output");
		if (t < best_ld)
			best_ld = t;

		memset(dbuf, 0, total);
		t0 = now();
		for (i = 0; i < np; i++) {
			__u32 used, made;

			if (cpu_pg_inflate(pc, cbuf + coff[i], (__u32)clen[i], dbuf + i * page,
					   (__u32)page, &used, &made) != CPU_PGI_OK ||
			    made != page || used != clen[i])
				die("cpu_pg_inflate failed");
		}
		t = now() - t0;
		if (memcmp(dbuf, data, total))
			die("cpu_pg_inflate: wrong output");
		if (t < best_pg)
			best_pg = t;
	}
	cpu_pgcache_stats(pc, &st);
	printf("%-28s %5zu-B pages %-2s K=%-2zu ratio %.3f  libdeflate %7.1f MB/s  pg %7.1f MB/s  pg/ld %.3f  hits %llu misses %llu\n",
	       strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1], page, mode,
	       ht || pl ? k : 0, (double)csum / total, total / best_ld / 1e6, total / best_pg / 1e6,
	       best_ld / best_pg, (unsigned long long)st.hits, (unsigned long long)st.misses);
	cpu_pgcache_free(pc);
	cpu_pglearn_free(pl);
	libdeflate_free_decompressor(ld);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page inflater (src/drivers/cpu_comp/cpu_pginflate.c, cpu_pgtables.c,
 * cpu_pgbuild.c) against zlib's raw inflate, built into this test directly (the functions
 * are the driver's own, not exported):
 *   - zlib streams, levels 0-9, every strategy, windows 2^9..2^15, small
 *     and 64 KiB inputs, many blocks (flushes, parameter changes), trailing
 *     bytes: CPU_PGI_OK with zlib's output and used length;
 *   - truncated at every length, every bit flipped: CPU_PGI_NO or zlib's
 *     exact result;
 *   - dst too small at every length: CPU_PGI_NO, nothing written past it;
 *   - the same header page after page (zlib, and ISA-L level 0 with one
 *     custom table over different pages): hits;
 *   - hash_bits 1: many headers in turn through colliding sets;
 *   - hand-made headers that differ only in their last bits, and zlib's
 *     rules on incomplete and over-subscribed codes (pginflate_blocks.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include <isa-l/igzip_lib.h>
#include "cpu_pgcache.h"
#include "pginflate_test.h"

#define GUARD	64
#define BIG	(256u << 10)

static uint32_t rs = 2024;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 17;
	rs ^= rs << 5;
	return rs;
}

/* Text-like, random and repetitive stretches, so every block kind appears. */
static void make_data(uint8_t *d, size_t n, uint32_t seed)
{
	static const char *words[] = { "page ", "migrate ", "qemu ", "dirty ", "\n", "0x7f3a ",
				       "bitmap ", "ram ", "{\"id\": ", "}, " };
	size_t i = 0;

	rs = seed * 2654435761u + 1;
	while (i < n) {
		uint32_t kind = rnd() % 4, run = 16 + rnd() % 600;

		for (; run && i < n; run--) {
			if (kind == 0) {
				const char *w = words[rnd() % 10];

				while (*w && i < n)
					d[i++] = (uint8_t)*w++;
			} else if (kind == 1) {
				d[i++] = (uint8_t)rnd();
			} else if (kind == 2) {
				d[i] = (uint8_t)(i % 7 == 0 ? rnd() : 0);
				i++;
			} else {
				d[i] = i >= 300 ? d[i - 300 + rnd() % 3] : 'x';
				i++;
			}
		}
	}
}

/* zlib raw stream; flush 0 none, 1 sync flushes, 2 full flushes, 3 level changes. */
static size_t zraw(const uint8_t *d, size_t n, int level, int strategy, int wbits, int flush,
		   uint8_t *out, size_t cap)
{
	z_stream z;
	size_t at = 0;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, -wbits, flush == 3 ? 1 : 8, strategy),
			 Z_OK);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	while (at < n && flush) {
		size_t piece = 1 + rnd() % 3000;

		if (piece > n - at)
			piece = n - at;
		z.next_in = (uint8_t *)d + at;
		z.avail_in = (uInt)piece;
		at += piece;
		if (flush == 3) {
			assert_true(deflate(&z, Z_NO_FLUSH) == Z_OK);
			assert_true(deflateParams(&z, (int)(rnd() % 10), strategy) != Z_STREAM_ERROR);
		} else {
			assert_int_equal(deflate(&z, flush == 1 ? Z_SYNC_FLUSH : Z_FULL_FLUSH), Z_OK);
		}
	}
	z.next_in = (uint8_t *)d + at;
	z.avail_in = (uInt)(n - at);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return z.total_out;
}

/* zlib raw inflate of src[0..len): 1 on a complete stream. */
static int zinf(const uint8_t *src, size_t len, uint8_t *out, size_t cap, uint32_t *used,
		uint32_t *made)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -15), Z_OK);
	z.next_in = (uint8_t *)src;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	r = inflate(&z, Z_FINISH);
	*used = (uint32_t)(len - z.avail_in);
	*made = (uint32_t)z.total_out;
	inflateEnd(&z);
	return r == Z_STREAM_END;
}

static uint8_t *zbuf;	/* zlib's output */

/*
 * Decode src[0..len) into an exact dst_len buffer with a guard after it;
 * CPU_PGI_OK must match zlib exactly. must_ok: the stream is valid and
 * fits, so it must be decoded here. Returns the result.
 */
int check_same(struct cpu_pgcache *C, const uint8_t *src, uint32_t len, uint32_t dst_len,
		      int must_ok)
{
	uint8_t *dst = malloc(dst_len + GUARD), *copy = malloc(len ? len : 1);
	uint32_t used = 0, made = 0, zused, zmade;
	int r, zok, g;

	assert_non_null(dst);
	assert_non_null(copy);
	memcpy(copy, src, len);	/* an exact allocation: ASan sees any over-read */
	memset(dst + dst_len, 0xA5, GUARD);
	r = cpu_pg_inflate(C, copy, len, dst, dst_len, &used, &made);
	for (g = 0; g < GUARD; g++)
		assert_int_equal(dst[dst_len + g], 0xA5);
	zok = zinf(src, len, zbuf, BIG, &zused, &zmade);
	if (must_ok) {
		assert_true(zok);
		assert_int_equal(r, CPU_PGI_OK);
	}
	if (r == CPU_PGI_OK) {
		assert_true(zok);
		assert_int_equal(made, zmade);
		assert_int_equal(used, zused);
		assert_memory_equal(dst, zbuf, made);
	} else {
		assert_int_equal(r, CPU_PGI_NO);
	}
	free(copy);
	free(dst);
	return r;
}

static int setup(void **state)
{
	(void)state;
	zbuf = malloc(BIG);
	return zbuf ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(zbuf);
	return 0;
}

static void test_zlib_streams(void **state)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE,
					  Z_FIXED };
	static const size_t sizes[] = { 0, 1, 37, 1000, 4096, 65536 };
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	uint8_t *d = malloc(65536), *c = malloc(80000);
	int level, s, w, k, flush;

	(void)state;
	assert_non_null(C);
	for (level = 0; level <= 9; level++)
		for (s = 0; s < 5; s++)
			for (w = 9; w <= 15; w += (level == 6 && s == 0) ? 1 : 3)
				for (k = 0; k < 6; k++) {
					size_t n = sizes[k], clen;

					flush = n == 65536 ? (level + s + w) % 4 : 0;
					make_data(d, n, (uint32_t)(level * 100 + s * 10 + k));
					clen = zraw(d, n, level, strategies[s], w, flush, c, 80000 - 16);
					for (int t = 0; t < 16; t++)
						c[clen + t] = (uint8_t)rnd();
					check_same(C, c, (uint32_t)clen + 16, (uint32_t)n, 1);
					check_same(C, c, (uint32_t)clen + 16, (uint32_t)n + 1000, 1);
					/* no trailing bytes: the end of input is the end of the stream */
					check_same(C, c, (uint32_t)clen, (uint32_t)n, 1);
				}
	cpu_pgcache_free(C);
	free(d);
	free(c);
}

/*
 * Headers seen once get tables as wide as their longest code (cpu_pgbuild.c,
 * pg_build_fit): bytes drawn with skews from flat to extreme give longest
 * litlen codes of every length from 1 to 15 (and codes longer than the
 * 11-bit table, built with subtables), from zlib (Huffman only, default)
 * and ISA-L level 1 (this inflater's main customer). Each stream is decoded
 * three times: first sight (one-page tables), second (cached), third (hit).
 */
static void test_table_widths(void **state)
{
	static const size_t sizes[] = { 3, 64, 700, 4096 };
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	uint8_t *d = malloc(4096), *c = malloc(8192), *lvl = malloc(ISAL_DEF_LVL1_DEFAULT);
	int skew, k, enc, rep;

	(void)state;
	assert_non_null(C);
	assert_non_null(d);
	assert_non_null(c);
	assert_non_null(lvl);
	for (skew = 0; skew <= 16; skew++)
		for (k = 0; k < 4; k++)
			for (enc = 0; enc < 3; enc++) {
				size_t n = sizes[k], clen, i;

				rs = (uint32_t)(skew * 31 + k * 7 + enc + 1);
				for (i = 0; i < n; i++) {
					/* geometric-ish: each step of skew halves the odds of the next byte */
					uint32_t v = 0;

					while (v < 255 && (rnd() & 0xffff) < 65536u - (65536u >> (skew / 2 + 1)))
						v++;
					d[i] = (uint8_t)(skew ? v : rnd());
				}
				if (enc < 2) {
					clen = zraw(d, n, 6, enc ? Z_DEFAULT_STRATEGY : Z_HUFFMAN_ONLY, 15, 0,
						    c, 8192);
				} else {
					struct isal_zstream zs;

					isal_deflate_stateless_init(&zs);
					zs.level = 1;
					zs.level_buf = lvl;
					zs.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
					zs.next_in = d;
					zs.avail_in = (uint32_t)n;
					zs.next_out = c;
					zs.avail_out = 8192;
					zs.end_of_stream = 1;
					zs.gzip_flag = IGZIP_DEFLATE;
					assert_int_equal(isal_deflate_stateless(&zs), COMP_OK);
					clen = zs.total_out;
				}
				for (rep = 0; rep < 3; rep++)
					check_same(C, c, (uint32_t)clen, (uint32_t)n, 1);
			}
	cpu_pgcache_free(C);
	free(d);
	free(c);
	free(lvl);
}

/* A few streams of each block kind for the damage tests. */
static size_t damage_stream(int which, uint8_t *c, size_t cap, uint32_t *n)
{
	uint8_t d[4096];

	*n = which == 2 ? 300 : which == 3 ? 2500 : 4096;
	make_data(d, *n, 77 + (uint32_t)which);
	switch (which) {
	case 0:
		return zraw(d, *n, 6, Z_DEFAULT_STRATEGY, 15, 0, c, cap);	/* dynamic */
	case 1:
		return zraw(d, *n, 6, Z_FIXED, 15, 0, c, cap);		/* fixed */
	case 2:
		return zraw(d, *n, 0, Z_DEFAULT_STRATEGY, 15, 0, c, cap);	/* stored */
	default:
		return zraw(d, *n, 1, Z_DEFAULT_STRATEGY, 15, 1, c, cap);	/* many blocks */
	}
}

static void test_truncated(void **state)
{
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	uint8_t c[8192];
	int which;

	(void)state;
	for (which = 0; which < 4; which++) {
		uint32_t n, l;
		size_t clen = damage_stream(which, c, sizeof(c), &n);

		check_same(C, c, (uint32_t)clen, n, 1);
		for (l = 0; l < clen; l++)
			assert_int_equal(check_same(C, c, l, n, 0), CPU_PGI_NO);
	}
	cpu_pgcache_free(C);
}

static void test_bitflips(void **state)
{
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	uint8_t c[8192];
	int which;

	(void)state;
	for (which = 0; which < 4; which++) {
		uint32_t n, bit;
		size_t clen = damage_stream(which, c, sizeof(c) - 16, &n);

		memset(c + clen, 0x5A, 16);
		/* the original first, so that its header is in the cache */
		check_same(C, c, (uint32_t)clen + 16, n, 1);
		for (bit = 0; bit < clen * 8; bit += which == 0 ? 1 : 3) {
			c[bit >> 3] ^= (uint8_t)(1u << (bit & 7));
			check_same(C, c, (uint32_t)clen + 16, n + 64, 0);
			c[bit >> 3] ^= (uint8_t)(1u << (bit & 7));
		}
	}
	cpu_pgcache_free(C);
}

static void test_dst_small(void **state)
{
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	uint8_t c[8192];
	int which;

	(void)state;
	for (which = 0; which < 4; which++) {
		uint32_t n, l;
		size_t clen = damage_stream(which, c, sizeof(c), &n);

		for (l = 0; l < n; l++)
			assert_int_equal(check_same(C, c, (uint32_t)clen, l, 0), CPU_PGI_NO);
		check_same(C, c, (uint32_t)clen, n, 1);
	}
	cpu_pgcache_free(C);
}

static void test_hits(void **state)
{
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	struct cpu_pgcache_stats st;
	struct isal_huff_histogram h;
	struct isal_hufftables ht;
	uint8_t *d = malloc(64 * 4096), c[8192];
	int i;

	(void)state;
	/* the same page and so the same header, 20 times */
	make_data(d, 4096, 5);
	size_t clen = zraw(d, 4096, 6, Z_DEFAULT_STRATEGY, 15, 0, c, sizeof(c));
	for (i = 0; i < 20; i++)
		check_same(C, c, (uint32_t)clen, 4096, 1);
	cpu_pgcache_stats(C, &st);
	assert_int_equal(st.calls, 20);
	assert_int_equal(st.misses, 2);		/* seen, then cached */
	assert_int_equal(st.hits, 18);
	assert_int_equal(st.no, 0);

	/* ISA-L level 0 with one table: different pages, one header */
	make_data(d, 64 * 4096, 6);
	memset(&h, 0, sizeof(h));
	isal_update_histogram(d, 64 * 4096, &h);
	assert_int_equal(isal_create_hufftables(&ht, &h), 0);
	for (i = 0; i < 64; i++) {
		struct isal_zstream zs;

		isal_deflate_stateless_init(&zs);
		zs.next_in = d + i * 4096;
		zs.avail_in = 4096;
		zs.next_out = c;
		zs.avail_out = sizeof(c);
		zs.end_of_stream = 1;
		zs.level = 0;
		zs.hufftables = &ht;
		zs.gzip_flag = IGZIP_DEFLATE;
		assert_int_equal(isal_deflate_stateless(&zs), COMP_OK);
		check_same(C, c, zs.total_out, 4096, 1);
	}
	cpu_pgcache_stats(C, &st);
	assert_int_equal(st.calls, 84);
	assert_int_equal(st.misses, 4);		/* two per header; stored pages have none */
	assert_true(st.hits >= 18 + 32);
	cpu_pgcache_free(C);
	free(d);
}

/* An encoder rotating through 12 tables: after two sights each, all hits. */
static void test_rotation(void **state)
{
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	struct cpu_pgcache_stats st;
	static struct isal_hufftables ht[12];
	uint8_t *d = malloc(12 * 4096), c[8192];
	int i, round;

	(void)state;
	assert_non_null(C);
	assert_non_null(d);
	for (i = 0; i < 12; i++) {
		struct isal_huff_histogram h;

		make_data(d + i * 4096, 4096, 300 + (uint32_t)i);
		memset(&h, 0, sizeof(h));
		isal_update_histogram(d + i * 4096, 4096, &h);
		assert_int_equal(isal_create_hufftables(&ht[i], &h), 0);
	}
	for (round = 0; round < 4; round++)
		for (i = 0; i < 12; i++) {
			struct isal_zstream zs;

			isal_deflate_stateless_init(&zs);
			zs.next_in = d + ((i * 5 + round) % 12) * 4096;	/* other pages */
			zs.avail_in = 4096;
			zs.next_out = c;
			zs.avail_out = sizeof(c);
			zs.end_of_stream = 1;
			zs.level = 0;
			zs.hufftables = &ht[i];
			zs.gzip_flag = IGZIP_DEFLATE;
			assert_int_equal(isal_deflate_stateless(&zs), COMP_OK);
			check_same(C, c, zs.total_out, 4096, 1);
		}
	cpu_pgcache_stats(C, &st);
	assert_int_equal(st.no, 0);
	assert_true(st.misses <= 24);
	assert_int_equal(st.hits + st.misses, 48);	/* every page a dynamic block */
	cpu_pgcache_free(C);
	free(d);
}

static void test_collisions(void **state)
{
	struct cpu_pgcache *C = cpu_pgcache_new(1);
	struct cpu_pgcache_stats st;
	static uint8_t c[40][6000];
	size_t clen[40];
	uint8_t d[4096];
	int i, round;

	(void)state;
	assert_non_null(C);
	for (i = 0; i < 40; i++) {
		make_data(d, 4096, 1000 + (uint32_t)i);
		clen[i] = zraw(d, 4096, 1 + i % 9, Z_DEFAULT_STRATEGY, 15, 0, c[i], sizeof(c[i]));
	}
	for (round = 0; round < 3; round++)
		for (i = 0; i < 40; i++) {
			check_same(C, c[i], (uint32_t)clen[i], 4096, 1);
			if (round == 2) {	/* seen twice now, so cached: a hit */
				check_same(C, c[i], (uint32_t)clen[i], 4096, 1);
				check_same(C, c[i], (uint32_t)clen[i], 4096, 1);
			}
		}
	cpu_pgcache_stats(C, &st);
	assert_int_equal(st.no, 0);
	assert_true(st.misses >= 40);
	assert_true(st.hits >= 40);
	cpu_pgcache_free(C);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zlib_streams),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bitflips),
		cmocka_unit_test(test_dst_small),
		cmocka_unit_test(test_hits),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_last_bits),
		cmocka_unit_test(test_code_rules),
		cmocka_unit_test(test_table_widths),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

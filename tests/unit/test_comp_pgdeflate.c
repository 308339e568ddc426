/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater (src/drivers/cpu_comp/cpu_pglearn.h), built into this
 * test from its sources: every output is one complete raw deflate stream
 * that zlib inflates alone to the input; a session's pages decode in any
 * order, with some dropped; a learned output stays within the header's
 * bound of the no-learning output, and under deflateBound; a dst too small
 * gives 0 and is never written past; len 0 and CPU_PG_MAX; windows 12..15
 * (a 2^12 stream inflates with windowBits -12); levels 1..3; code lengths
 * within the page inflater's table widths.
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
#include "cpu_pglearn.h"
#include "cpu_rfc1951.h"

#define PG 4096u
#define GUARD 64u
#define CAP (CPU_PG_MAX + CPU_PG_MAX / 8 + 1024)

enum kind { K_TEXT, K_RANDOM, K_ZEROS, K_BINARY, K_REPEAT, K_CORPUS, K_KINDS };

static uint8_t *corpus;
static size_t corpus_len;
static uint8_t *src, *dst, *back;

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* len bytes of one kind; the seed picks where (corpus) or which */
static void fill(uint8_t *p, size_t len, enum kind k, uint32_t seed)
{
	static const char *const words[] = { "the ",   "page ",  "deflate ", "of ",  "and ",
					     "guest ", "memory ", "stream ",  "to ",  "Huffman ",
					     "a ",     "block ",  "\n",       "code ", "window ",
					     "QEMU ",  "0x1f ",   "is ",      "; ",   "migration " };
	uint32_t s = seed * 2654435761u + 1;
	size_t i = 0;

	switch (k) {
	case K_TEXT:
		while (i < len) {
			const char *w = words[rnd(&s) % 20];
			size_t n = strlen(w);

			n = n < len - i ? n : len - i;
			memcpy(p + i, w, n);
			i += n;
		}
		break;
	case K_RANDOM:
		for (; i < len; i++)
			p[i] = (uint8_t)rnd(&s);
		break;
	case K_ZEROS:
		memset(p, 0, len);
		break;
	case K_BINARY:
		/* records: small counters, pointers with a common top, padding */
		for (; i < len; i++) {
			unsigned f = i % 16;

			p[i] = f < 4 ? (uint8_t)(i / 16 + f) : f < 10 ? (uint8_t)(f == 9 ? 0x7f : rnd(&s) % 8)
					 : f < 14 ? 0 : (uint8_t)(rnd(&s) % 3 ? 0 : rnd(&s));
		}
		break;
	case K_REPEAT:
		for (; i < len; i++)
			p[i] = (uint8_t)("abcabcabd"[i % 9] + (i / 1000) % 3);
		break;
	default:
		if (corpus_len >= len) {
			size_t off = (size_t)(rnd(&s) * 7919ull % (corpus_len - len + 1));

			memcpy(p, corpus + off, len);
		} else {
			fill(p, len, (enum kind)(seed % K_CORPUS), seed + 1);
		}
		break;
	}
}

/* zlib inflates c[0..clen) raw with 2^wbits alone: all of it, to exactly want */
static void check_inflate(const uint8_t *c, size_t clen, const uint8_t *want, size_t len,
			  int wbits)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -wbits), Z_OK);
	z.next_in = (Bytef *)c;
	z.avail_in = (uInt)clen;
	z.next_out = back;
	z.avail_out = CPU_PG_MAX + 1;
	ret = inflate(&z, Z_FINISH);
	if (ret != Z_STREAM_END)
		fail_msg("inflate: %d (%s), clen %zu len %zu", ret, z.msg ? z.msg : "", clen, len);
	assert_int_equal(z.avail_in, 0);
	assert_int_equal(z.total_out, len);
	assert_memory_equal(back, want, len);
	inflateEnd(&z);
}

/* Bits of a raw deflate stream, LSB first; zeros past the end. */
struct bits {
	const uint8_t *p;
	size_t n, at;	/* bytes, bit position */
};

static unsigned getbits(struct bits *b, unsigned k)
{
	unsigned v = 0;

	for (unsigned i = 0; i < k; i++, b->at++)
		if (b->at / 8 < b->n)
			v |= (unsigned)(b->p[b->at / 8] >> (b->at % 8) & 1) << i;
	return v;
}

/*
 * The longest litlen and distance code lengths of c's first block if it is
 * dynamic (else 0 and 0): its header read the slow, obvious way (canonical
 * code-length code decoded a bit at a time, RFC 1951 3.2.7).
 */
static void max_code_lens(const uint8_t *c, size_t clen, unsigned *ll, unsigned *dl)
{
	struct bits b = { c, clen, 0 };
	uint8_t pre[19] = { 0 }, lens[320];
	unsigned nlen, ndist, ncl, i = 0, count[8] = { 0 };

	*ll = *dl = 0;
	getbits(&b, 1);
	if (getbits(&b, 2) != 2)
		return;
	nlen = getbits(&b, 5) + 257;
	ndist = getbits(&b, 5) + 1;
	ncl = getbits(&b, 4) + 4;
	for (unsigned k = 0; k < ncl; k++)
		pre[cpu_clen_order[k]] = (uint8_t)getbits(&b, 3);
	for (unsigned k = 0; k < 19; k++)
		count[pre[k]]++;
	while (i < nlen + ndist) {
		unsigned code = 0, first = 0, sym = 19, rep = 0;
		uint8_t v = 0;

		for (unsigned len = 1; len <= 7 && sym == 19; len++) {
			code |= getbits(&b, 1);
			if (code - first < count[len]) {
				/* the (code - first)-th symbol of this length, in symbol order */
				unsigned want = code - first;

				for (unsigned s = 0; s < 19; s++)
					if (pre[s] == len && !want--) {
						sym = s;
						break;
					}
			}
			first = (first + count[len]) << 1;
			code <<= 1;
		}
		assert_true(sym < 19);
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			assert_true(i > 0);
			v = lens[i - 1];
			rep = 3 + getbits(&b, 2);
		} else {
			rep = sym == 17 ? 3 + getbits(&b, 3) : 11 + getbits(&b, 7);
		}
		assert_true(i + rep <= nlen + ndist);
		while (rep--)
			lens[i++] = v;
	}
	for (i = 0; i < nlen; i++)
		*ll = lens[i] > *ll ? lens[i] : *ll;
	for (; i < nlen + ndist; i++)
		*dl = lens[i] > *dl ? lens[i] : *dl;
}

static size_t raw_bound(size_t len)
{
	z_stream z;
	size_t b;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	b = deflateBound(&z, (uLong)len);
	deflateEnd(&z);
	return b;
}

static int setup(void **state)
{
	const char *path = getenv("WD_PG_CORPUS");	/* another copy of the corpus */
	FILE *f = fopen(path ? path : WD_TEST_CORPUS, "rb");

	(void)state;
	src = malloc(CPU_PG_MAX * 2);
	dst = malloc(CAP + GUARD);
	back = malloc(CPU_PG_MAX + 1);
	if (f) {
		corpus = malloc(8u << 20);
		corpus_len = corpus ? fread(corpus, 1, 8u << 20, f) : 0;
		fclose(f);
	}
	return src && dst && back ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(corpus);
	free(src);
	free(dst);
	free(back);
	return 0;
}

/* Every kind at every level, with and without a session: decodes alone. */
static void test_kinds_decode(void **state)
{
	struct cpu_pglearn *L = cpu_pglearn_new();
	struct cpu_pglearn_stats st;
	unsigned n = 0;

	(void)state;
	assert_non_null(L);
	for (int level = 1; level <= 3; level++)
		for (int k = 0; k < K_KINDS; k++)
			for (uint32_t seed = 0; seed < 12; seed++) {
				__u32 len = seed == 11 ? 1 + seed * 37 : PG, r;

				fill(src, len, (enum kind)k, seed + 100 * (uint32_t)k);
				r = cpu_pg_deflate(L, src, len, dst, CAP, level, 15);
				assert_true(r > 0);
				check_inflate(dst, r, src, len, 15);
				r = cpu_pg_deflate(NULL, src, len, dst, CAP, level, 15);
				assert_true(r > 0);
				check_inflate(dst, r, src, len, 15);
				n++;
			}
	cpu_pglearn_stats(L, &st);
	assert_int_equal(st.calls, n);
	assert_int_equal(st.learned + st.tailored + st.fixed + st.stored, n);
	cpu_pglearn_free(L);
	cpu_pglearn_free(NULL);
}

/* Short inputs of every length up to 300, odd lengths up to CPU_PG_MAX. */
static void test_lengths(void **state)
{
	struct cpu_pglearn *L = cpu_pglearn_new();
	uint32_t s = 7;

	(void)state;
	for (__u32 len = 0; len <= 300; len++) {
		__u32 r;

		fill(src, len, (enum kind)(len % K_KINDS), len);
		r = cpu_pg_deflate(L, src, len, dst, CAP, 1 + len % 3, 15);
		assert_true(r > 0);
		check_inflate(dst, r, src, len, 15);
	}
	for (int i = 0; i < 40; i++) {
		__u32 len = rnd(&s) % (CPU_PG_MAX + 1), r;

		fill(src, len, (enum kind)(i % K_KINDS), (uint32_t)i);
		r = cpu_pg_deflate(L, src, len, dst, CAP, 1 + i % 3, 15);
		assert_true(r > 0);
		check_inflate(dst, r, src, len, 15);
	}
	cpu_pglearn_free(L);
}

/* len 0 and len CPU_PG_MAX (random: stored in two blocks; zeros; text). */
static void test_edges(void **state)
{
	__u32 r;

	(void)state;
	r = cpu_pg_deflate(NULL, NULL, 0, dst, CAP, 1, 15);
	assert_true(r > 0 && r <= 5);
	check_inflate(dst, r, src, 0, 15);
	r = cpu_pg_deflate(NULL, src, 0, dst, 0, 1, 15);
	assert_int_equal(r, 0);
	for (int k = 0; k < K_KINDS; k++) {
		fill(src, CPU_PG_MAX, (enum kind)k, 3);
		for (int level = 1; level <= 3; level++) {
			r = cpu_pg_deflate(NULL, src, CPU_PG_MAX, dst, CAP, level, 15);
			assert_true(r > 0);
			assert_true(r <= CPU_PG_MAX + 10);	/* stored: 2 blocks of 5 bytes */
			assert_true(r <= raw_bound(CPU_PG_MAX));
			check_inflate(dst, r, src, CPU_PG_MAX, 15);
		}
	}
	/* more than CPU_PG_MAX is refused */
	assert_int_equal(cpu_pg_deflate(NULL, src, CPU_PG_MAX + 1, dst, CAP, 1, 15), 0);
}

/* A session's pages decode one by one in a shuffled order, a third dropped. */
static void test_session_shuffled(void **state)
{
	enum { N = 96 };
	struct cpu_pglearn *L = cpu_pglearn_new();
	uint8_t *pages = malloc((size_t)N * PG), *outs = malloc((size_t)N * (PG + 64));
	__u32 sizes[N], order[N];
	uint32_t s = 99;

	(void)state;
	assert_non_null(pages);
	assert_non_null(outs);
	for (unsigned i = 0; i < N; i++) {
		/* runs of alike pages, so codes get learned and reused */
		fill(pages + (size_t)i * PG, PG, (enum kind)((i / 8) % K_KINDS), i);
		sizes[i] = cpu_pg_deflate(L, pages + (size_t)i * PG, PG, outs + (size_t)i * (PG + 64),
					  PG + 64, 1 + (int)(i / 32), 15);
		assert_true(sizes[i] > 0);
		order[i] = i;
	}
	for (unsigned i = N - 1; i > 0; i--) {
		unsigned j = rnd(&s) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (unsigned i = 0; i < N; i++) {
		unsigned p = order[i];

		if (rnd(&s) % 3 == 0)
			continue;
		check_inflate(outs + (size_t)p * (PG + 64), sizes[p], pages + (size_t)p * PG, PG, 15);
	}
	free(pages);
	free(outs);
	cpu_pglearn_free(L);
}

/*
 * Statistics switching abruptly: each learned output is within the bound
 * of cpu_pglearn.h of the no-learning output, and under deflateBound.
 */
/*
 * A session of pages alike (text from one vocabulary) turns warm and takes
 * learned codes for most pages, each within the bound; then pages whose
 * bytes change every page: learned picks become rare (the session cools).
 */
static void test_learning_warms(void **state)
{
	struct cpu_pglearn *L = cpu_pglearn_new();
	struct cpu_pglearn_stats st, st2;
	enum { N = 4096 };

	(void)state;
	assert_non_null(L);
	for (unsigned i = 0; i < N; i++) {
		__u32 with, without;

		fill(src, PG, K_TEXT, i);
		with = cpu_pg_deflate(L, src, PG, dst, CAP, 1, 15);
		assert_true(with > 0);
		/* (into src's second half: only its size is wanted) */
		without = cpu_pg_deflate(NULL, src, PG, src + CPU_PG_MAX, CPU_PG_MAX, 1, 15);
		assert_true(without > 0);
		if (with > cpu_pg_bound(without))
			fail_msg("page %u: learned %u > bound %u of no-learning %u", i, with,
				 cpu_pg_bound(without), without);
		if (i % 64 == 0)
			check_inflate(dst, with, src, PG, 15);
	}
	cpu_pglearn_stats(L, &st);
	print_message("alike: learned %llu tailored %llu\n", (unsigned long long)st.learned,
		      (unsigned long long)st.tailored);
	assert_true(st.learned > N / 4);
	for (unsigned i = 0; i < N; i++) {
		/* words over an alphabet of 24 bytes drawn anew for every page:
		 * no learned code has codes for the next page's bytes */
		uint8_t abc[24], word[16][8];
		uint32_t s = i * 2654435761u + 1;

		for (unsigned k = 0; k < 24; k++)
			abc[k] = (uint8_t)rnd(&s);
		for (unsigned w = 0; w < 16; w++)
			for (unsigned k = 0; k < 8; k++)
				word[w][k] = abc[rnd(&s) % 24];
		for (unsigned j = 0; j < PG; j += 4)
			memcpy(src + j, word[rnd(&s) % 16] + rnd(&s) % 5, 4);
		assert_true(cpu_pg_deflate(L, src, PG, dst, CAP, 1, 15) > 0);
	}
	cpu_pglearn_stats(L, &st2);
	print_message("mixed: learned %llu tailored %llu\n",
		      (unsigned long long)(st2.learned - st.learned),
		      (unsigned long long)(st2.tailored - st.tailored));
	assert_true(st2.learned - st.learned < N / 16);
	cpu_pglearn_free(L);
}

static void test_learned_bound(void **state)
{
	static const uint8_t seq[] = { K_TEXT,   K_RANDOM, K_TEXT,  K_ZEROS,  K_BINARY, K_TEXT,
				       K_REPEAT, K_CORPUS, K_TEXT,  K_BINARY, K_RANDOM, K_CORPUS,
				       K_ZEROS,  K_TEXT,   K_CORPUS, K_CORPUS, K_BINARY, K_REPEAT };
	struct cpu_pglearn *L = cpu_pglearn_new();
	struct cpu_pglearn_stats st;
	size_t bound = raw_bound(PG);
	uint32_t s = 5;
	uint64_t sum_with = 0, sum_without = 0;

	(void)state;
	for (int level = 1; level <= 3; level++)
		for (unsigned i = 0; i < 600; i++) {
			/* mostly runs of a kind, now and then a jump */
			enum kind k = (enum kind)seq[(i / (1 + rnd(&s) % 4)) % sizeof(seq)];
			__u32 with, without;

			fill(src, PG, k, i % 40);
			with = cpu_pg_deflate(L, src, PG, dst, CAP, level, 15);
			assert_true(with > 0);
			check_inflate(dst, with, src, PG, 15);
			without = cpu_pg_deflate(NULL, src, PG, dst, CAP, level, 15);
			assert_true(without > 0);
			if (with > cpu_pg_bound(without))
				fail_msg("page %u kind %d level %d: learned %u > bound %u of no-learning %u",
					 i, (int)k, level, with, cpu_pg_bound(without), without);
			assert_true(with <= bound);
			assert_true(with <= PG + 5);
			sum_with += with;
			sum_without += without;
		}
	/* the session's size budget (1/30 by an estimate; it measures 1.5%): under 1/32 */
	print_message("session: %llu bytes, without learning %llu\n",
		      (unsigned long long)sum_with, (unsigned long long)sum_without);
	assert_true(sum_with <= sum_without + sum_without / 32);
	cpu_pglearn_stats(L, &st);
	print_message("learned %llu tailored %llu fixed %llu stored %llu\n",
		      (unsigned long long)st.learned, (unsigned long long)st.tailored,
		      (unsigned long long)st.fixed, (unsigned long long)st.stored);
	assert_true(st.learned > 0);
	cpu_pglearn_free(L);
}

/*
 * Code lengths (cpu_pglearn.h): at most 11 litlen and 8 distance bits on a
 * page (10 litlen for a page's own code), so that the page inflater never
 * needs a subtable; larger inputs may use deflate's 15. Bytes drawn with
 * skews from flat to extreme, where zlib's own codes reach 12 and more.
 */
static void test_code_limits(void **state)
{
	struct cpu_pglearn *L = cpu_pglearn_new();
	unsigned zlib_long = 0, pages = 0;
	uint32_t s = 99;

	(void)state;
	assert_non_null(L);
	for (unsigned rep = 0; rep < 8; rep++)
		for (unsigned skew = 0; skew <= 16; skew++) {
			unsigned ll, dl;
			__u32 r;
			z_stream z;

			for (unsigned i = 0; i < PG; i++) {
				uint32_t v = 0;

				while (v < 255 && (rnd(&s) & 0xffff) < 65536u - (65536u >> (skew / 2 + 1)))
					v++;
				src[i] = (uint8_t)(skew ? v : rnd(&s));
			}
			if (rep & 1)	/* and matches: a copy of the first half */
				memcpy(src + PG / 2, src, PG / 4);
			r = cpu_pg_deflate(NULL, src, PG, dst, CAP, 1 + rep % 3, 15);
			assert_true(r > 0);
			max_code_lens(dst, r, &ll, &dl);
			if (ll > CPU_PG_LL_PAGE || dl > CPU_PG_D_MAX)
				fail_msg("own code: skew %u litlen %u dist %u", skew, ll, dl);
			r = cpu_pg_deflate(L, src, PG, dst, CAP, 1 + rep % 3, 15);
			assert_true(r > 0);
			check_inflate(dst, r, src, PG, 15);
			max_code_lens(dst, r, &ll, &dl);
			if (ll > CPU_PG_LL_LEARNED || dl > CPU_PG_D_MAX)
				fail_msg("session: skew %u litlen %u dist %u", skew, ll, dl);
			/* the same page from zlib: does it want longer codes? */
			memset(&z, 0, sizeof(z));
			assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_HUFFMAN_ONLY), Z_OK);
			z.next_in = src;
			z.avail_in = PG;
			z.next_out = back;
			z.avail_out = CPU_PG_MAX;
			assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
			max_code_lens(back, z.total_out, &ll, &dl);
			zlib_long += ll > CPU_PG_LL_LEARNED;
			deflateEnd(&z);
			pages++;
		}
	print_message("%u of %u pages: zlib's litlen code longer than %u bits\n", zlib_long, pages,
		      CPU_PG_LL_LEARNED);
	assert_true(zlib_long > 0);
	cpu_pglearn_free(L);
}

/* dst_len from 0 upward: 0 until it fits, never a byte written past dst_len. */
static void test_small_dst(void **state)
{
	struct cpu_pglearn *L = cpu_pglearn_new();

	(void)state;
	for (int k = 0; k < K_KINDS; k++) {
		__u32 len = k == K_ZEROS ? 1000 : PG, need, r;

		fill(src, len, (enum kind)k, 17);
		need = cpu_pg_deflate(NULL, src, len, dst, CAP, 1, 15);
		assert_true(need > 0);
		for (__u32 cap = 0; cap <= need + 8; cap++) {
			memset(dst, 0xa5, cap + GUARD);
			r = cpu_pg_deflate(NULL, src, len, dst, cap, 1, 15);
			for (unsigned g = 0; g < GUARD; g++)
				assert_int_equal(dst[cap + g], 0xa5);
			if (cap < need) {
				assert_int_equal(r, 0);
			} else {
				assert_int_equal(r, need);
				check_inflate(dst, r, src, len, 15);
			}
			/* a session: the same never-past rule, a valid stream or 0 */
			memset(dst, 0xa5, cap + GUARD);
			r = cpu_pg_deflate(L, src, len, dst, cap, 1 + (int)(cap % 3), 15);
			for (unsigned g = 0; g < GUARD; g++)
				assert_int_equal(dst[cap + g], 0xa5);
			assert_true(r <= cap);
			if (r)
				check_inflate(dst, r, src, len, 15);
		}
	}
	cpu_pglearn_free(L);
}

/* Matches reach no further back than 2^win_bits: zlib with that window reads it. */
static void test_windows(void **state)
{
	struct cpu_pglearn *L = cpu_pglearn_new();

	(void)state;
	/* a random block repeated at 5000, 20000 and 40000 bytes */
	fill(src, CPU_PG_MAX, K_RANDOM, 1);
	memcpy(src + 5000, src, 3000);
	memcpy(src + 20000, src, 3000);
	memcpy(src + 40000, src + 100, 3000);
	memcpy(src + 60000, src + 41000, 1000);
	for (int wb = 12; wb <= 15; wb++)
		for (int level = 1; level <= 3; level++) {
			__u32 r = cpu_pg_deflate(L, src, CPU_PG_MAX, dst, CAP, level, wb);

			assert_true(r > 0);
			check_inflate(dst, r, src, CPU_PG_MAX, wb);
			r = cpu_pg_deflate(NULL, src, CPU_PG_MAX, dst, CAP, level, wb);
			check_inflate(dst, r, src, CPU_PG_MAX, wb);
			fill(back, PG, K_TEXT, (uint32_t)wb);
			memcpy(src + CPU_PG_MAX - PG, back, PG);
		}
	cpu_pglearn_free(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_decode),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_session_shuffled),
		cmocka_unit_test(test_learned_bound),
		cmocka_unit_test(test_code_limits),
		cmocka_unit_test(test_learning_warms),
		cmocka_unit_test(test_small_dst),
		cmocka_unit_test(test_windows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page inflater's decode table builders (see cpu_pgcache.h): canonical
 * Huffman codes from code lengths into one-lookup tables with zlib's
 * acceptance rules, and two-literal entries for tables used again.
 *
 * Two builds of the same entries: pg_build counts and sorts the symbols
 * and handles everything (subtables, incomplete codes); pg_build_fit_avx2,
 * for tables used by one page only (x86 with AVX2), makes the table just
 * as wide as the longest code and finds each length's symbols from bitmaps.
 */
#include <string.h>
#include "cpu_pgcache.h"
#include "cpu_pgx86.h"
#include "cpu_rfc1951.h"

/*
 * A symbol's entry from its template and code length: literals keep the
 * byte in bits 8-15, other symbols get the length there too.
 */
static inline __u32 pg_entry(__u32 tmpl, unsigned l)
{
	return tmpl + l + (tmpl & PG_E_LIT ? 0 : l << 8);
}

/*
 * t[n..2n) = t[0..n): 16 bytes a step. Not memcpy, which gcc inlines as
 * rep movsq here, slow to start for the many small copies of a build.
 */
static inline void pg_double(__u32 *t, unsigned n)
{
	__u32 *d = t + n, *end = t + n;
	unsigned k;

	if (n < 4) {
		for (k = 0; k < n; k++)
			d[k] = t[k];
		return;
	}
	if (n == 4) {
		memcpy(d, t, 16);
		return;
	}
	/* 32 bytes a step: the last doublings copy most of a table */
	for (; t < end; t += 8, d += 8) {
		__u64 a, b, c, e;

		memcpy(&a, t, 8);
		memcpy(&b, t + 2, 8);
		memcpy(&c, t + 4, 8);
		memcpy(&e, t + 6, 8);
		memcpy(d, &a, 8);
		memcpy(d + 2, &b, 8);
		memcpy(d + 4, &c, 8);
		memcpy(d + 6, &e, 8);
	}
}

/*
 * Decode table for n code lengths, main table 2^*tbp entries, at most
 * `enough` entries in all. zlib's rules (inftrees.c): over-subscribed is an
 * error; incomplete is an error except a single code of length 1 (its other
 * half decodes as invalid) or, not strict, no code at all (every lookup is
 * invalid). strict: the code-length code, which must be complete. fit: the
 * main table as wide as the longest code when that is shorter than *tbp
 * (*tbp says the width chosen): a table used for one page only costs its
 * entries, and a narrower one has fewer to fill.
 */
static int pg_build(__u32 *t, unsigned *tbp, unsigned enough, const __u8 *lens, unsigned n,
		    const __u32 *tmpl, const __u16 *rev, int strict, int fit)
{
	unsigned tb = *tbp;
	unsigned count[16], cnt_b[16] = { 0 }, offs[16], offs_b[16], rem[16];
	__u16 sorted[288];
	unsigned s, l, i, code, cw, max = 0, next, prefix, sub_start = 0, subbits = 0, j, c;
	unsigned h = n / 2;
	int left = 1;

	/*
	 * Two halves counted and sorted side by side: each half's counter
	 * chain is half as long (same-length symbols follow one another).
	 */
	memset(count, 0, sizeof(count));
	for (s = 0; s < h; s++) {
		count[lens[s]]++;
		cnt_b[lens[s + h]]++;
	}
	if (n & 1)
		cnt_b[lens[n - 1]]++;
	for (l = 0; l < 16; l++) {
		unsigned a = count[l];

		count[l] = a + cnt_b[l];
		cnt_b[l] = a;	/* the first half's count, for its offsets */
	}
	for (l = 1; l <= 15; l++) {
		left <<= 1;
		left -= (int)count[l];
		if (left < 0)
			return -1;
		if (count[l])
			max = l;
	}
	if (fit && max < tb)
		*tbp = tb = max ? max : 1;
	if (left > 0) {
		if (strict || max > 1)
			return -1;
		/* nothing, or one codeword "0" of length 1: the rest is invalid */
		for (j = 0; j < (1u << tb); j++)
			t[j] = PG_E_EXC;
		for (s = 0; max && s < n; s++)
			if (lens[s] == 1)
				for (j = 0; j < (1u << tb); j += 2)
					t[j] = pg_entry(tmpl[s], 1);
		return 0;
	}
	/* by length, then symbol; unused symbols (length 0) last */
	offs[1] = 0;
	for (l = 1; l < 15; l++)
		offs[l + 1] = offs[l] + count[l];
	offs[0] = offs[15] + count[15];
	for (l = 0; l < 16; l++)
		offs_b[l] = offs[l] + cnt_b[l];
	for (s = 0; s < h; s++) {
		sorted[offs[lens[s]]++] = (__u16)s;
		sorted[offs_b[lens[s + h]]++] = (__u16)(s + h);
	}
	if (n & 1)
		sorted[offs_b[lens[n - 1]]] = (__u16)(n - 1);

	/*
	 * Codes up to tb bits, shortest first: the table's first 2^l entries
	 * are right for l-bit indexes, so doubling them makes room for the
	 * (l+1)-bit codes, which go where no shorter code sits.
	 */
	i = 0;
	code = 0;
	for (l = 1; l <= tb; l++) {
		if (l > 1)
			pg_double(t, 1u << (l - 1));
		for (c = count[l]; c; c--)
			t[rev[code++ << (11 - l)]] = pg_entry(tmpl[sorted[i++]], l);
		code <<= 1;
	}
	/* Longer codes: a subtable per tb-bit prefix, sized as zlib does. */
	memcpy(rem, count, sizeof(rem));
	next = 1u << tb;
	prefix = ~0u;
	for (l = tb + 1; l <= max; l++, code <<= 1) {
		for (c = count[l]; c; c--, code++) {
			cw = cpu_rev_bits(code, l);	/* longer than rev's 11 bits */
			if ((cw & ((1u << tb) - 1)) != prefix) {
				int room;

				prefix = cw & ((1u << tb) - 1);
				subbits = l - tb;
				room = 1 << subbits;
				while (subbits + tb < max) {
					room -= (int)rem[subbits + tb];
					if (room <= 0)
						break;
					subbits++;
					room <<= 1;
				}
				if (next + (1u << subbits) > enough)
					return -1;
				t[prefix] = PG_E_EXC | PG_E_SUB | next << 16 | subbits << 8 | tb;
				sub_start = next;
				next += 1u << subbits;
			}
			for (j = cw >> tb; j < (1u << subbits); j += 1u << (l - tb))
				t[sub_start + j] = pg_entry(tmpl[sorted[i]], l - tb);
			i++;
			rem[l]--;
		}
	}
	return 0;
}

#if CPU_PG_X86
/*
 * A fit table's entries from per-length bitmaps of the symbols (complete
 * code, every length <= max <= 11). A literal's entry is made, not looked
 * up: the first 4 words of a litlen code are its literals.
 */
static inline __attribute__((always_inline)) void
pg_fit_fill(__u32 *t, unsigned max, __u64 (*bm)[5], unsigned nw, const __u32 *tmpl,
	    const __u16 *rev)
{
	unsigned lw = tmpl[0] & PG_E_LIT ? 4 : 0, code = 0, l, w;

	for (l = 1; l <= max; l++, code <<= 1) {
		if (l > 1)
			pg_double(t, 1u << (l - 1));
		for (w = 0; w < lw; w++) {
			__u64 b = bm[l][w];
			__u32 k = PG_E_LIT | l | w << 14;

			while (b) {
				__u32 s = (__u32)__builtin_ctzll(b);

				b &= b - 1;
				t[rev[code++ << (11 - l)]] = k + (s << 8);
			}
		}
		for (; w < nw; w++) {
			__u64 b = bm[l][w];

			while (b) {
				unsigned s = 64 * w + (unsigned)__builtin_ctzll(b);

				b &= b - 1;
				t[rev[code++ << (11 - l)]] = pg_entry(tmpl[s], l);
			}
		}
	}
}

/*
 * A one-page table (fit): the same entries as pg_build, but the symbols of
 * each length come from per-length bitmaps (a length's bitmap word from two
 * 32-byte compares, its count by popcnt), not from a counting sort, whose
 * counters (one per length, in memory) form a store-to-load chain per
 * symbol and whose pass also walks the ~half of the symbols a 4 KiB page
 * leaves unused. lens is readable and zero from n up to the next multiple
 * of 64 (n <= 320). Codes longer than the table's limit (subtables),
 * incomplete and empty codes go to pg_build; over-subscribed ones fail
 * here. Without AVX2, and on other machines, pg_build makes these tables
 * (counting sort: slower, same entries).
 */
__attribute__((target("avx2,popcnt"))) static int
pg_build_fit_avx2(__u32 *t, unsigned *tbp, unsigned enough, const __u8 *lens, unsigned n,
		  const __u32 *tmpl, const __u16 *rev, int strict)
{
	__u64 bm[16][5];
	__m256i v[10], vmax = _mm256_setzero_si256();
	__m128i m;
	unsigned nw = (n + 63) / 64, l, w, max;
	int left = 1;

	for (w = 0; w < 2 * nw; w++) {
		v[w] = _mm256_loadu_si256((const __m256i *)(lens + 32 * w));
		vmax = _mm256_max_epu8(vmax, v[w]);
	}
	m = _mm_max_epu8(_mm256_castsi256_si128(vmax), _mm256_extracti128_si256(vmax, 1));
	m = _mm_max_epu8(m, _mm_srli_si128(m, 8));
	m = _mm_max_epu8(m, _mm_srli_si128(m, 4));
	m = _mm_max_epu8(m, _mm_srli_si128(m, 2));
	m = _mm_max_epu8(m, _mm_srli_si128(m, 1));
	max = (unsigned)_mm_cvtsi128_si32(m) & 0xff;
	if (max > *tbp || max > 15 || !max)
		return pg_build(t, tbp, enough, lens, n, tmpl, rev, strict, 1);
	for (l = 1; l <= max; l++) {
		__m256i want = _mm256_set1_epi8((char)l);
		int c = 0;

		for (w = 0; w < nw; w++) {
			__u64 b = (__u32)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v[2 * w], want)) |
				  (__u64)(__u32)_mm256_movemask_epi8(
					  _mm256_cmpeq_epi8(v[2 * w + 1], want)) << 32;

			bm[l][w] = b;
			c += __builtin_popcountll(b);
		}
		left = 2 * left - c;
		if (left < 0)
			return -1;
	}
	if (left > 0)	/* incomplete: zlib's special cases */
		return pg_build(t, tbp, enough, lens, n, tmpl, rev, strict, 1);
	*tbp = max;
	pg_fit_fill(t, max, bm, nw, tmpl, rev);
	return 0;
}
#endif

int cpu_pg_build(__u32 *t, unsigned *tbp, unsigned enough, const __u8 *lens, unsigned n,
		 const __u32 *tmpl, const __u16 *rev, int strict, int fit)
{
#if CPU_PG_X86
	if (fit && CPU_PG_HAVE_AVX2())
		return pg_build_fit_avx2(t, tbp, enough, lens, n, tmpl, rev, strict);
#endif
	return pg_build(t, tbp, enough, lens, n, tmpl, rev, strict, fit);
}

/*
 * Two-literal entries in a main litlen table: where an index's first code
 * is a literal and the code after it, within the same 11 bits, is one too,
 * the entry gives both (bits 8-15, 16-23) and their summed length. Worth
 * its 2^11 steps only for tables used again, so done on a table's first
 * hit: for a table used by one page it cost about what the pairs saved
 * (few pairs of codes fit in a table as wide as the page's longest code).
 * Downwards, so that i >> l1 (< i) is still a plain entry when read.
 * Branch-free: whether an entry pairs is data, and a branch per entry was
 * mispredicted often enough to make the pass 2% of decoding 4 KiB pages
 * whose tables are cached; with AVX2, 8 entries a step, their second codes
 * by one gather.
 */
static inline __u32 pg_pair1(const __u32 *t, unsigned i)
{
	__u32 e = t[i], e2 = t[i >> (e & 0xff)];
	__u32 sum = (e & 0xff) + (e2 & 0xff);
	__u32 ok = (e & e2) >> 31 & (sum <= PG_LIT_BITS);

	return ok ? PG_E_LIT | PG_E_LIT2 | (e2 & 0xff00) << 8 | (e & 0xff00) | sum : e;
}

#if CPU_PG_X86
__attribute__((target("avx2"))) static void pg_pair_avx2(__u32 *t)
{
	const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
	const __m256i lo8 = _mm256_set1_epi32(0xff), hi8 = _mm256_set1_epi32(0xff00);
	const __m256i lim = _mm256_set1_epi32(PG_LIT_BITS + 1);
	const __m256i flags = _mm256_set1_epi32((int)(PG_E_LIT | PG_E_LIT2));
	int base;

	for (base = (1 << PG_LIT_BITS) - 8; base >= 0; base -= 8) {
		__m256i e = _mm256_loadu_si256((const __m256i *)(t + base));
		__m256i l1 = _mm256_and_si256(e, lo8);
		__m256i idx = _mm256_srlv_epi32(_mm256_add_epi32(_mm256_set1_epi32(base), lane), l1);
		/* before this step's store: the gather reads only plain entries */
		__m256i e2 = _mm256_i32gather_epi32((const int *)t, idx, 4);
		__m256i sum = _mm256_add_epi32(l1, _mm256_and_si256(e2, lo8));
		__m256i ok = _mm256_and_si256(_mm256_srai_epi32(_mm256_and_si256(e, e2), 31),
					      _mm256_cmpgt_epi32(lim, sum));
		__m256i pair = _mm256_or_si256(
			_mm256_or_si256(flags, _mm256_slli_epi32(_mm256_and_si256(e2, hi8), 8)),
			_mm256_or_si256(_mm256_and_si256(e, hi8), sum));

		_mm256_storeu_si256((__m256i *)(t + base), _mm256_blendv_epi8(e, pair, ok));
	}
}
#endif

void cpu_pg_pair(__u32 *t)
{
	unsigned i = 1u << PG_LIT_BITS;

#if CPU_PG_X86
	if (CPU_PG_HAVE_AVX2()) {
		pg_pair_avx2(t);
		return;
	}
#endif
	while (i--)
		t[i] = pg_pair1(t, i);
}

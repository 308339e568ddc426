/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater (cpu_pglearn.h): matcher, sequences and symbol counts,
 * the choice among learned / tailored / fixed / stored by exact bit cost,
 * and the block writer.
 *
 * Matcher: a hash of 4 bytes into a table of positions, one candidate
 * (levels 2 and 3: two, and level 3 looks one byte ahead before taking a
 * match), extension 8 bytes at a time. The table (u16 positions, 2^12
 * entries up to 8 KiB of input) is cleared per input: output depends on
 * the input alone, and the table stays in L1 cache next to the page.
 *
 * Tokens (one u32 per match or pair of literals, up to the last match) and the
 * literal/length and distance counts are made as the matcher goes: the
 * costs of every candidate code are then one dot product each, and the
 * writer's loop is the same for every token (no branch on its kind).
 *
 * Measured and not kept (4 KiB level 1, corpus/mixed.bin and a process
 * core dump, thread CPU time, same run; each within noise (+-2%) or
 * slower, none changing the output's size beyond what is noted): the level
 * 1 matcher is bound by the chain from one match to the next (table read,
 * candidate read, length, next position) and its data-dependent branches,
 * not by its instruction count: removing the window tests, a larger or
 * smaller table (2^13: 0.06% smaller, 2^11: 0.15% larger), the end-of-match
 * inserts, quicker skipping (SKIP_SHIFT 4: +1% speed, +0.2% size) changed
 * nothing measurable. Made branch-free, each was slower or equal: the two
 * candidate tests as one branch (-5%: the next position then waits on the
 * candidate's load, where a predicted branch runs ahead), literals four a
 * round with masked counts (-2%), the backward extension by one 8-byte
 * XOR and clz (-3%), the odd literal of a run, the first 16 bytes of a
 * length at once, the first 8 from the candidate test's own XOR. Four
 * positions a round from one 8-byte load: 0.14% smaller but 4% slower
 * (4 hashes thrown away at most matches); only in literal stretches: equal.
 * A second literal histogram for pair tokens: equal. Outside the matcher:
 * the writer's tokens in two interleaved halves (bits merged after): equal
 * (it is not bound by its bit buffer's chain); canonical codes in four
 * interleaved quarters: slower.
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_pglearn.h"

#define CPU_PG_NTAB 8		/* learned codes per session */
#define HASH_MAX_BITS 14	/* the table for 64 KiB; 4 KiB pages use 2^12 entries */
#define MIN_MATCH 4
#define FLOG_N 4096u		/* f * log2(f) tabulated below this count */
#define SKIP_SHIFT 5		/* level 1: after 32 misses in a row, step 2, ... */
/*
 * Stored is kept without planning a tailored code when the entropy bound
 * leaves that code less than 1/STORED_NEAR to gain: already-compressed
 * pages then cost the matcher and the counts only (4 KiB L1 on the corpus's
 * incompressible pages: 8.4 -> 4.1 us a page; no output on the 96 MiB
 * corpus nor on a core dump changed size, also with 1/64).
 */
#define STORED_NEAR 128u

/*
 * Symbol tables (RFC 1951, 3.2.5; generated once from the code ranges):
 * lx[length - 3] = length symbol - 257 | extra bits << 5;
 * dsym[0][dist - 1] for dist <= 256, dsym[1][(dist - 1) >> 7] beyond.
 */
static const __u8 lx[256] = {
	0, 1, 2, 3, 4, 5, 6, 7, 40, 40, 41, 41, 42, 42, 43, 43,
	76, 76, 76, 76, 77, 77, 77, 77, 78, 78, 78, 78, 79, 79, 79, 79,
	112, 112, 112, 112, 112, 112, 112, 112, 113, 113, 113, 113, 113, 113, 113, 113,
	114, 114, 114, 114, 114, 114, 114, 114, 115, 115, 115, 115, 115, 115, 115, 115,
	148, 148, 148, 148, 148, 148, 148, 148, 148, 148, 148, 148, 148, 148, 148, 148,
	149, 149, 149, 149, 149, 149, 149, 149, 149, 149, 149, 149, 149, 149, 149, 149,
	150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150,
	151, 151, 151, 151, 151, 151, 151, 151, 151, 151, 151, 151, 151, 151, 151, 151,
	184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184,
	184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184,
	185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185,
	185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185, 185,
	186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186,
	186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186, 186,
	187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187,
	187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 187, 28,
};
static const __u8 dsym[2][256] = { {
	0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7,
	8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9,
	10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
	11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13,
	13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13,
	14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14,
	14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14,
	14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14,
	14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
	15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
}, {
	0, 0, 16, 17, 18, 18, 19, 19, 20, 20, 20, 20, 21, 21, 21, 21,
	22, 22, 22, 22, 22, 22, 22, 22, 23, 23, 23, 23, 23, 23, 23, 23,
	24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24,
	25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25,
	26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
	26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
	27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27,
	27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27,
	28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
	28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
	28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
	28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
	29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
	29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
	29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
	29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
} };

struct cpu_pglearn {
	bool learn;
	__u16 ht[1u << HASH_MAX_BITS];
	__u16 ht2[1u << HASH_MAX_BITS];	/* levels 2-3: the older candidate */
	__u32 freq[CPU_PG_NSYM];
	/* a token is a | b << 9 | extra << 18, written as wl[a] then wb[b] then
	 * the extra bits: one literal (a byte, b 0), two literals (a byte, b 32 +
	 * byte) or a match (a 256 + length - 3, b 1 + distance symbol, extra the
	 * distance's extra bits); matches and pairs of literals take one path */
	__u32 tok[CPU_PG_MAX / 2 + 2];
	__u64 clock;
	unsigned ntab;
	struct cpu_pgcode *tab[CPU_PG_NTAB];
	struct cpu_pgcode *scratch;	/* the tailored code of this page */
	struct cpu_pgplan plan;
	struct cpu_pgcode fixed;
	struct cpu_pglearn_stats st;
	/* learning pays only where pages resemble each other: over each 64
	 * pages that needed a code, count the learned picks; while they are
	 * rare, try and learn codes on one page in 8 only (cold) */
	unsigned win_pages, win_hits, cold_tick;
	bool cold;
	double flog[FLOG_N];	/* f * log2(f) */
	struct cpu_pgcode store[CPU_PG_NTAB + 1];
	/* the block is written here when dst lacks the writer's 8 spare bytes */
	__u8 bounce[CPU_PG_MAX + 64];
};

static struct cpu_pglearn *ws_new(bool learn)
{
	struct cpu_pglearn *L = calloc(1, sizeof(*L));
	unsigned i;

	if (!L)
		return NULL;
	L->learn = learn;
	for (i = 0; i < CPU_PG_NTAB; i++)
		L->tab[i] = &L->store[i];
	L->scratch = &L->store[CPU_PG_NTAB];
	cpu_pgh_fixed(&L->fixed);
	for (i = 2; i < FLOG_N; i++)
		L->flog[i] = i * log2((double)i);
	return L;
}

struct cpu_pglearn *cpu_pglearn_new(void)
{
	return ws_new(true);
}

void cpu_pglearn_free(struct cpu_pglearn *L)
{
	free(L);
}

void cpu_pglearn_stats(const struct cpu_pglearn *L, struct cpu_pglearn_stats *st)
{
	if (L)
		*st = L->st;
	else
		memset(st, 0, sizeof(*st));
}

static inline __u32 ld32(const __u8 *p)
{
	__u32 v;

	memcpy(&v, p, 4);
	return v;
}

static inline __u64 ld64(const __u8 *p)
{
	__u64 v;

	memcpy(&v, p, 8);
	return v;
}

static inline __u32 hash4(__u32 v, unsigned shift)
{
	return (v * 2654435761u) >> shift;
}

/* Bytes equal at a and b, a > b, not reading at or past end. */
static inline __u32 match_len(const __u8 *a, const __u8 *b, const __u8 *end)
{
	const __u8 *s = a;

	while (end - a >= 8) {
		__u64 x = ld64(a) ^ ld64(b);

		if (x)
			return (__u32)(a - s) + ((unsigned)__builtin_ctzll(x) >> 3);
		a += 8;
		b += 8;
	}
	while (a < end && *a == *b) {
		a++;
		b++;
	}
	return (__u32)(a - s);
}

/* Token building, with counts and the sum of extra bits (kept local to
 * the matcher so the counters' stores cannot make it reload them). */
struct seqs {
	__u32 *restrict freq, *restrict tok;
	const __u8 *src;
	__u32 n, nt, extra;	/* matches, tokens, extra bits */
};

/*
 * The counts of the literals src[from..to) after the last match: the whole
 * input on a page without matches. A long run is counted in four
 * histograms, so a byte that repeats does not wait on its own count's store
 * (the corpus's incompressible 4 KiB pages: ~4.0 -> ~3.6 us a page).
 */
static void lits(__u32 *restrict freq, const __u8 *src, __u32 from, __u32 to)
{
	if (to - from >= 1024) {
		__u32 h[3][256], k;

		memset(h, 0, sizeof(h));
		for (; to - from >= 4; from += 4) {
			__u32 w = ld32(src + from);

			freq[w & 255]++;
			h[0][w >> 8 & 255]++;
			h[1][w >> 16 & 255]++;
			h[2][w >> 24]++;
		}
		for (k = 0; k < 256; k++)
			freq[k] += h[0][k] + h[1][k] + h[2][k];
	}
	for (; from < to; from++)
		freq[src[from]]++;
}

/* A match of mlen bytes at distance dist after the literals [anchor, at). */
static inline __attribute__((always_inline)) void emit(struct seqs *q, __u32 anchor, __u32 at, __u32 mlen, __u32 dist)
{
	/* near and far distances mix on a page: the table half by arithmetic */
	__u32 x = dist - 1, far = x >= 256, ds = dsym[far][x >> (7 * far)];
	__u32 de = cpu_pg_dextra_of_sym(ds), run = at - anchor;

	__u32 *t = q->tok + q->nt, j;

	for (j = 0; j + 1 < run; j += 2) {
		__u8 b0 = q->src[anchor + j], b1 = q->src[anchor + j + 1];

		q->freq[b0]++;
		q->freq[b1]++;
		*t++ = b0 | (32u + b1) << 9;
	}
	if (run & 1) {
		__u8 b = q->src[at - 1];

		q->freq[b]++;
		*t++ = b;
	}
	q->nt = (__u32)(t - q->tok);
	while (mlen) {
		/* deflate lengths stop at 258; never leave a tail under 3 */
		__u32 take = mlen <= 258 ? mlen : mlen - 258 >= 3 ? 258 : mlen - 3;

		q->tok[q->nt++] = (256 + take - 3) | (ds + 1) << 9 | (x & ((1u << de) - 1)) << 18;
		q->n++;
		q->freq[257 + (lx[take - 3] & 31)]++;
		q->freq[CPU_PG_NLL + ds]++;
		q->extra += (lx[take - 3] >> 5) + de;
		mlen -= take;
	}
}

/*
 * The sequences of src[0..len). The last sequence's trailing literals are
 * returned in *tail. level 1: one candidate, misses speed the step up;
 * 2: two candidates, no skipping; 3: as 2, plus a one-byte look-ahead.
 */
static inline __attribute__((always_inline)) __u32
find(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u32 wmax, int level, bool small,
     struct seqs *qo)
{
	__u16 *ht = L->ht, *ht2 = L->ht2;
	__u32 i = 0, anchor = 0, miss = 0;
	/* a table sized to the input (an 8 KiB clear per 4 KiB page, and it
	 * stays in L1 with the page); entries are positions in this input, 0
	 * doubling as "empty": the byte comparison rejects a false one */
	unsigned bits = small || len <= 8192 ? 12 : len <= 16384 ? 13 : HASH_MAX_BITS;
	unsigned shift = 32 - bits;
	const __u8 *end = src + len;
	__u32 limit = len - MIN_MATCH;	/* last position a 4-byte load may start */
	struct seqs qq = *qo, *q = &qq;

	if (len < MIN_MATCH + 1)
		return 0;
	if (small) {
		/* the whole input is in the window: "before i, within the window"
		 * is "before i", i.e. i - c - 1 < len <= 8192; constants free two
		 * registers in the hot loop (it spilled them) */
		wmax = 8192;
		shift = 20;
	}
	memset(ht, 0, sizeof(*ht) << bits);
	if (level >= 2)
		memset(ht2, 0, sizeof(*ht2) << bits);
	while (i <= limit) {
		__u32 v, h, c, mlen = 0, dist = 0;

		if (level == 1 && i + 1 <= limit) {
			/* two positions a round: their loads and hashes overlap */
			__u32 v0 = ld32(src + i), v1 = ld32(src + i + 1);
			__u32 h0 = hash4(v0, shift), h1 = hash4(v1, shift), c0, c1;

			c0 = ht[h0];
			ht[h0] = (__u16)i;
			c1 = ht[h1];
			ht[h1] = (__u16)(i + 1);
			if (i - c0 - 1 < wmax && ld32(src + c0) == v0) {
				c = c0;
			} else if (i - c1 < wmax && ld32(src + c1) == v1) {
				c = c1;
				i++;
			} else {
				i += 2 + (miss++ >> (SKIP_SHIFT - 1));
				continue;
			}
			mlen = MIN_MATCH + match_len(src + i + MIN_MATCH, src + c + MIN_MATCH, end);
			dist = i - c;
			goto found;
		}
		v = ld32(src + i);
		h = hash4(v, shift);
		c = ht[h];
		if (level >= 2)
			ht2[h] = ht[h];
		ht[h] = (__u16)i;
		/* one test for "in this page, before i, within the window" */
		if (i - c - 1 < wmax && ld32(src + c) == v) {
			mlen = MIN_MATCH + match_len(src + i + MIN_MATCH, src + c + MIN_MATCH, end);
			dist = i - c;
		}
		if (level >= 2) {
			__u32 c2 = ht2[h];

			if (i - c2 - 1 < wmax && ld32(src + c2) == v) {
				__u32 m2 = MIN_MATCH +
					   match_len(src + i + MIN_MATCH, src + c2 + MIN_MATCH, end);

				if (m2 > mlen) {
					mlen = m2;
					dist = i - c2;
				}
			}
		}
		if (!mlen) {
			i += level == 1 ? 1 + (miss++ >> SKIP_SHIFT) : 1;
			continue;
		}
found:
		if (level == 3 && i + 1 <= limit && mlen < 32) {
			/* lazy: a longer match one byte on wins over this one */
			__u32 v1 = ld32(src + i + 1), h1 = hash4(v1, shift), b;
			__u32 c1 = ht[h1], c1b = ht2[h1];

			ht2[h1] = ht[h1];
			ht[h1] = (__u16)(i + 1);
			for (b = 0; b < 2; b++) {
				__u32 cc = b ? c1b : c1, m1;

				if (i - cc >= wmax || ld32(src + cc) != v1)
					continue;
				m1 = MIN_MATCH + match_len(src + i + 1 + MIN_MATCH,
							   src + cc + MIN_MATCH, end);
				if (m1 > mlen + 1) {
					mlen = m1;
					dist = i + 1 - cc;
					i++;
					break;
				}
			}
		}
		/* grow backwards into the literals (skipped positions hide matches) */
		while (i > anchor && i > dist && src[i - 1] == src[i - 1 - dist]) {
			i--;
			mlen++;
		}
		emit(q, anchor, i, mlen, dist);
		if (level != 3 && i + 1 <= limit) {
			/* the match's second position: a later repeat of this text
			 * shifted by one finds it (measured: 0.3% smaller output;
			 * level 3's look-ahead has hashed it already); also for a
			 * 4-byte match (a test that is nearly always true, where
			 * mlen > 4 mispredicted): 0.03% smaller again */
			__u32 hs = hash4(ld32(src + i + 1), shift);

			if (level >= 2)
				ht2[hs] = ht[hs];
			ht[hs] = (__u16)(i + 1);
		}
		i += mlen;
		anchor = i;
		miss = 0;
		/* the two positions before the match's end start the next ones */
		if (i <= limit + 1) {
			__u32 h2 = hash4(ld32(src + i - 2), shift);

			if (level >= 2)
				ht2[h2] = ht[h2];
			ht[h2] = (__u16)(i - 2);
			if (i <= limit) {
				__u32 h1 = hash4(ld32(src + i - 1), shift);

				if (level >= 2)
					ht2[h1] = ht[h1];
				ht[h1] = (__u16)(i - 1);
			}
		}
	}
	*qo = qq;
	return anchor;
}

static __attribute__((noinline)) __u32 find1(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					     __u32 wmax, struct seqs *q)
{
	return find(L, src, len, wmax, 1, false, q);
}

/* level 1 on an input of at most 8 KiB that the window covers: QEMU's pages */
static __attribute__((noinline)) __u32 find1s(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					      struct seqs *q)
{
	return find(L, src, len, 0, 1, true, q);
}

static __attribute__((noinline)) __u32 find2(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					     __u32 wmax, struct seqs *q)
{
	return find(L, src, len, wmax, 2, false, q);
}

static __attribute__((noinline)) __u32 find3(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					     __u32 wmax, struct seqs *q)
{
	return find(L, src, len, wmax, 3, false, q);
}

/* ---- costs ---- */

/* sum of freq x code length over all symbols; a dense loop that vectorizes */
static inline __u32 dot(const __u32 *freq, const __u32 *w)
{
	__u32 s = 0;
	unsigned i;

	for (i = 0; i < CPU_PG_NSYM; i++)
		s += freq[i] * w[i];
	return s;
}

static inline bool covers(const struct cpu_pgcode *c, const __u64 *used)
{
	unsigned i;
	__u64 miss = 0;

	for (i = 0; i < (CPU_PG_NSYM + 63) / 64; i++)
		miss |= used[i] & ~c->have[i];
	return !miss;
}

static inline double flog(const struct cpu_pglearn *L, __u32 f)
{
	return f < FLOG_N ? L->flog[f] : f * log2((double)f);
}

/*
 * A lower bound of any dynamic block's bits for these counts (extra bits
 * not included): Shannon's bound on each code's data, and the smallest
 * header (3 + 5 + 5 + 4 bits, four 3-bit code-length code lengths). The
 * result is lowered by a bit and a relative 1e-9 to cover double rounding.
 * No branch per symbol (f log f is 0 for counts 0 and 1).
 */
static __u64 tailored_lb(const struct cpu_pglearn *L)
{
	const __u32 *freq = L->freq;
	double h = 0;
	int part;

	for (part = 0; part < 2; part++) {
		unsigned from = part ? CPU_PG_NLL : 0, to = part ? CPU_PG_NSYM : CPU_PG_NLL, s;
		double sum[2] = { 0, 0 };
		__u32 n = 0;

		for (s = from; s < to; s++) {
			n += freq[s];
			sum[s & 1] += flog(L, freq[s]);
		}
		h += flog(L, n) - sum[0] - sum[1];
	}
	h = h * (1 - 1e-9) - 1 + 29;
	return h > 0 ? (__u64)h : 0;
}

/* The symbols with a non-zero count, as a bit set. */
static void used_set(const __u32 *freq, __u64 *used)
{
	unsigned s;

	memset(used, 0, (CPU_PG_NSYM + 63) / 64 * sizeof(*used));
	for (s = 0; s < CPU_PG_NSYM; s++)
		used[s / 64] |= (__u64)(freq[s] != 0) << (s % 64);
}

/* ---- writing ---- */

/*
 * The block writer. Its output size is known before it starts (the exact
 * cost that chose the code), so it writes into a buffer with 8 bytes of room
 * past that size and checks nothing per token: whole bytes leave the 64-bit
 * bit buffer by one unaligned 8-byte store after each group of codes. After
 * a store at most 7 bits remain, so a group may add up to 56 bits: four
 * literals of <= 14 bits (three when the code has 15-bit literals), or one
 * match (length code and extra bits <= 20, distance code and extra <= 28).
 * Codes of a group are merged before they meet the buffer, so the chain
 * through the bit count is one add per group, not one per code.
 */
struct bw {
	__u64 acc;
	unsigned n;
	__u8 *p;
};

static inline __attribute__((always_inline)) void bw_put(struct bw *w, __u64 v, unsigned n)
{
	w->acc |= v << w->n;
	w->n += n;
}

static inline __attribute__((always_inline)) void bw_flush(struct bw *w)
{
	__u64 a = w->acc;	/* a copy: &w->acc would keep it out of registers */

	memcpy(w->p, &a, 8);
	w->p += w->n >> 3;
	w->acc >>= w->n & 56;
	w->n &= 7;
}

/* literal/length entries are code | length << 24 (length and extra bits for
 * a match length: up to 20) */
#define E_CODE(e) ((e) & 0xffffffu)
#define E_LEN(e) ((e) >> 24 & 31)

/* Literals q[0..r) (r <= group) as one group: the unused places get entry 0
 * (no bits) and read q[0], so nothing past the literals is read. */
static inline __attribute__((always_inline)) void
lit_group(struct bw *w, const __u32 *ll, const __u8 *q, unsigned r, unsigned group)
{
	__u32 e[4];
	__u64 v = 0;
	unsigned i, n = 0;

	for (i = 0; i < group; i++) {
		e[i] = ll[q[i < r ? i : 0]] & -(__u32)(i < r);
		v |= (__u64)E_CODE(e[i]) << n;
		n += E_LEN(e[i]);
	}
	bw_put(w, v, n);
	bw_flush(w);
}

/*
 * The tokens, one store each (a match is at most 20 + 28 bits, a pair of
 * literals 30): the same path for every kind, so no branch on data. Then
 * the literals after the last match, in groups.
 */
static inline __attribute__((always_inline)) void
write_toks(const struct cpu_pgcode *c, const struct cpu_pglearn *L, __u32 ntok,
	   const __u8 *q, const __u8 *end, struct bw *wo, unsigned group)
{
	const __u32 *wl = c->wl, *wb = c->wb, *tok = L->tok;
	struct bw w = *wo;
	__u32 k;

	for (k = 0; k < ntok; k++) {
		__u32 t = tok[k], a = wl[t & 511], b = wb[t >> 9 & 511];
		/* b's code, then the extra bits after its code length */
		__u64 bv = (b & 0xffff) | (__u64)(t >> 18) << (b >> 16 & 63);

		bw_put(&w, (a & 0xffffff) | bv << (a >> 24), (a >> 24) + (b >> 24));
		bw_flush(&w);
	}
	for (; end - q >= (long)group; q += group)
		lit_group(&w, wl, q, group, group);
	if (q < end)
		lit_group(&w, wl, q, (unsigned)(end - q), group);
	*wo = w;
}

static __attribute__((noinline)) void write_toks4(const struct cpu_pgcode *c,
						  const struct cpu_pglearn *L, __u32 ntok,
						  const __u8 *q, const __u8 *end, struct bw *w)
{
	write_toks(c, L, ntok, q, end, w, 4);
}

static __attribute__((noinline)) void write_toks3(const struct cpu_pgcode *c,
						  const struct cpu_pglearn *L, __u32 ntok,
						  const __u8 *q, const __u8 *end, struct bw *w)
{
	write_toks(c, L, ntok, q, end, w, 3);
}

/*
 * One final block with code c (its header first) into dst, which has room
 * for the block's exact size plus 8 bytes; returns the bytes written.
 */
static __u32 write_block(const struct cpu_pgcode *c, const struct cpu_pglearn *L, __u32 ntok,
			 const __u8 *src, __u32 tail, __u32 len, __u8 *dst)
{
	struct bw w = { 0, c->hdr_bits & 7, dst + (c->hdr_bits >> 3) };

	memcpy(dst, c->hdr, c->hdr_bits >> 3);
	if (w.n)
		w.acc = c->hdr[c->hdr_bits >> 3] & ((1u << w.n) - 1);
	if (c->lit_max <= 14)
		write_toks4(c, L, ntok, src + tail, src + len, &w);
	else
		write_toks3(c, L, ntok, src + tail, src + len, &w);
	bw_put(&w, E_CODE(c->ll[256]), E_LEN(c->ll[256]));
	bw_flush(&w);
	return (__u32)(w.p - dst) + (w.n != 0);
}

static __u32 stored_bytes(__u32 len)
{
	return len + 5 * (len ? (len + 65534) / 65535 : 1);
}

static __u32 write_stored(const __u8 *src, __u32 len, __u8 *dst)
{
	__u8 *p = dst;

	do {
		__u32 n = len < 65535 ? len : 65535;

		*p++ = n == len;	/* BFINAL on the last, BTYPE 00 */
		p[0] = (__u8)n;
		p[1] = (__u8)(n >> 8);
		p[2] = (__u8)~n;
		p[3] = (__u8)(~n >> 8);
		memcpy(p + 4, src, n);
		p += 4 + n;
		src += n;
		len -= n;
	} while (len);
	return (__u32)(p - dst);
}

/* ---- the choice ---- */

enum { PICK_LEARNED, PICK_TAILORED, PICK_FIXED, PICK_STORED };

/*
 * The tailored code just written becomes a learned one, in place of the
 * least recently chosen: first every symbol gets a code (a later page may
 * use any), so it is not quite the code this page was written with.
 */
static void learn(struct cpu_pglearn *L)
{
	unsigned v = 0, i;

	if (L->ntab < CPU_PG_NTAB) {
		v = L->ntab++;
	} else {
		for (i = 1; i < CPU_PG_NTAB; i++)
			if (L->tab[i]->stamp < L->tab[v]->stamp)
				v = i;
	}
	cpu_pgh_fill(&L->plan, L->freq);
	cpu_pgh_make(L->tab[v], &L->plan, true);
	L->tab[v]->stamp = ++L->clock;
}

static __u32 pg_deflate(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u8 *dst,
			__u32 dst_len, int level, int win_bits)
{
	struct seqs q = { L->freq, L->tok, src, 0, 0, 0 };
	const struct cpu_pgcode *code = NULL;
	__u64 used[(CPU_PG_NSYM + 63) / 64], lb, cost, c, bl = ~0ull, t = ~0ull;
	__u32 tail, wmax = 1u << win_bits, sb = stored_bytes(len), out, i, best_i = 0;
	int pick;
	bool try_learned;

	/* ask for the whole input at once: the matcher walks it in order, but
	 * one line at a time it would wait for memory on every line */
	for (i = 0; i < len; i += 64)
		__builtin_prefetch(src + i);
	memset(L->freq, 0, sizeof(L->freq));
	if (level <= 1 && len <= 8192 && len <= wmax)
		tail = find1s(L, src, len, &q);
	else if (level <= 1)
		tail = find1(L, src, len, wmax, &q);
	else if (level == 2)
		tail = find2(L, src, len, wmax, &q);
	else
		tail = find3(L, src, len, wmax, &q);
	lits(L->freq, src, tail, len);
	L->freq[256] = 1;
	L->st.calls++;

	/*
	 * Exact costs, in bits, of the codes at hand; extra bits are common.
	 * The entropy bound only pays where few matches were found (stored or
	 * fixed may then win without the tailored code being planned); 0 means
	 * not known, and no choice is made on it.
	 */
	lb = q.n * 16 < len ? tailored_lb(L) + q.extra : 0;
	cost = (__u64)sb * 8;
	pick = PICK_STORED;
	c = L->fixed.hdr_bits + dot(L->freq, L->fixed.w) + (__u64)q.extra;
	if (c < cost) {
		cost = c;
		pick = PICK_FIXED;
	}
	try_learned = L->learn && (!L->cold || (L->cold_tick & 7) == 0);
	if (try_learned && L->ntab)
		used_set(L->freq, used);
	for (i = 0; try_learned && i < L->ntab; i++) {
		const struct cpu_pgcode *tc = L->tab[i];

		if (!covers(tc, used))
			continue;
		c = tc->hdr_bits + dot(L->freq, tc->w) + (__u64)q.extra;
		if (c < bl) {
			bl = c;
			best_i = i;
		}
	}
	if (bl < cost && bl * CPU_PG_SLACK <= lb * (CPU_PG_SLACK + 1)) {
		/* within the slack of what any tailored code could do */
		cost = bl;
		pick = PICK_LEARNED;
	} else if (cost > lb && !(pick == PICK_STORED && lb * STORED_NEAR >= cost * (STORED_NEAR - 1))) {
		/* the tailored code's exact cost (no code made yet) */
		t = cpu_pgh_plan(&L->plan, L->freq) + (__u64)q.extra;
		if (bl < cost && bl * CPU_PG_SLACK <= t * (CPU_PG_SLACK + 1)) {
			cost = bl;
			pick = PICK_LEARNED;
		} else if (t < cost) {
			cost = t;
			pick = PICK_TAILORED;
		}
	}
	out = (__u32)((cost + 7) / 8);
	if (out > dst_len && pick == PICK_LEARNED && t < cost && (t + 7) / 8 <= dst_len) {
		/* the slack would not fit where the tailored code does */
		cost = t;
		pick = PICK_TAILORED;
		out = (__u32)((cost + 7) / 8);
	}
	if (out > dst_len)
		return 0;
	switch (pick) {
	case PICK_STORED:
		L->st.stored++;
		return write_stored(src, len, dst);
	case PICK_FIXED:
		L->st.fixed++;
		code = &L->fixed;
		break;
	case PICK_LEARNED:
		L->st.learned++;
		code = L->tab[best_i];
		L->tab[best_i]->stamp = ++L->clock;
		break;
	default:
		L->st.tailored++;
		cpu_pgh_make(L->scratch, &L->plan, false);
		code = L->scratch;
		break;
	}
	/* the writer's size is the cost's by construction (the 8 spare bytes
	 * rest on it): a difference is a bug, caught here in every build */
	if (dst_len - out >= 8) {
		__u32 n = write_block(code, L, q.nt, src, tail, len, dst);

		assert(n == out);
		(void)n;
	} else {
		/* out <= stored size <= CPU_PG_MAX + 5: the bounce buffer holds it */
		__u32 n = write_block(code, L, q.nt, src, tail, len, L->bounce);

		assert(n == out);
		(void)n;
		memcpy(dst, L->bounce, out);
	}
	if (L->learn && (pick == PICK_TAILORED || pick == PICK_LEARNED)) {
		L->win_hits += pick == PICK_LEARNED;
		if (++L->win_pages == 64) {
			L->cold = L->win_hits < 4;
			L->win_pages = 0;
			L->win_hits = 0;
		}
		if (pick == PICK_TAILORED && try_learned)
			learn(L);
		L->cold_tick++;
	}
	return out;
}

__u32 cpu_pg_deflate(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u8 *dst,
		     __u32 dst_len, int level, int win_bits)
{
	struct cpu_pglearn *ws = L;
	__u32 out;

	if (len > CPU_PG_MAX || (len && !src) || (dst_len && !dst))
		return 0;
	win_bits = win_bits < 12 ? 12 : win_bits > 15 ? 15 : win_bits;
	level = level < 1 ? 1 : level > 3 ? 3 : level;
	if (!ws) {
		ws = ws_new(false);
		if (!ws) {
			/* no memory for the matcher: stored blocks need none */
			return stored_bytes(len) <= dst_len ? write_stored(src, len, dst) : 0;
		}
	}
	out = pg_deflate(ws, src, len, dst, dst_len, level, win_bits);
	if (!L)
		free(ws);
	return out;
}

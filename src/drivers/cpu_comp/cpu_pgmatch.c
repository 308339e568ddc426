/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's matcher (cpu_pgint.h): the tokens of an input and
 * their literal/length and distance counts, in one pass.
 *
 * Matcher: a hash of 4 bytes into a table of positions, one candidate
 * (levels 2 and 3: two, and level 3 looks one byte ahead before taking a
 * match), extension 8 bytes at a time. The table (u16 positions, 2^12
 * entries up to 8 KiB of input) is cleared per input: output depends on
 * the input alone, and the table stays in L1 cache next to the page.
 *
 * Level 1 hashes two positions a round; where the first one's match is
 * short (4..11 bytes) and the second one's candidate reaches further, it
 * takes a literal and that one. Greedy parsing of repeated records (a
 * JSON-like process heap) otherwise chains short far matches where ISA-L
 * takes one long near one: a core dump's pages were 3.2% larger than
 * ISA-L's level 1 (more matches, 4-byte ones at far distances: more
 * distance and extra bits than the literals saved), now 1.5% smaller.
 *
 * Tokens (one u32 per match or pair of literals, up to the last match) and the
 * literal/length and distance counts are made as the matcher goes: the
 * costs of every candidate code are then one dot product each, and the
 * writer's loop is the same for every token (no branch on its kind).
 *
 * Level 1's matcher is bound by the chain from one match to the next
 * (table read, candidate read, length, next position), its data-dependent
 * branches, and the instructions of the match path (a round without a
 * match is cheap: removing its window tests changed nothing, where ~25
 * instructions less a match in emit() gave 4-9%). find1x() is written
 * apart from find() so that the miss rounds keep every live value in a
 * register (find()'s level 1 stored the second candidate and the address
 * one byte on, and reloaded the table's address, every round).
 *
 * What was measured around it and not kept: docs/page-deflater-notes.md.
 * (Outside the matcher: cpu_pgdeflate.c.)
 */
#include <pthread.h>
#include <string.h>
#include "cpu_pgint.h"
#include "cpu_rfc1951.h"
#include "cpu_pgsyms.h"

#define MIN_MATCH 4
#define SKIP_SHIFT 5		/* level 1: after 32 misses in a row, step 2, ... */


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

/*
 * A match of mlen bytes at distance dist after the literals [anchor, at):
 * tokens at *tp, counts into L->freq (addressed from L: a pointer to them,
 * hoisted, was one more value the hot loop spilled).
 */
static inline __attribute__((always_inline)) void
emit(struct cpu_pglearn *L, const __u8 *src, __u32 *restrict *tp, __u32 anchor, __u32 at,
     __u32 mlen, __u32 dist)
{
	/* near and far distances mix on a page: the table's half by a select */
	__u32 x = dist - 1, ds = dsym[x < 256 ? x : 256 + (x >> 7)], dt = dtok[ds];
	__u32 run = at - anchor, *t = *tp;
	const __u8 *p = src + anchor, *pe = p + (run & ~1u);

	if (run <= 1) {
		/* no literal or one (57% of matches on the corpus): no loop
		 * and no test of the odd one; with none, the token written is
		 * the match's place, rewritten below */
		__u8 b = src[at - 1];

		L->freq[b] += run;
		*t = b;
		t += run;
	} else {
		for (; p < pe; p += 2) {
			__u8 b0 = p[0], b1 = p[1];

			L->freq[b0]++;
			L->freq[b1]++;
			*t++ = b0 | (32u + b1) << 9;
		}
		if (run & 1) {
			__u8 b = src[at - 1];

			L->freq[b]++;
			*t++ = b;
		}
	}
	L->freq[CPU_PG_NLL + ds]++;
	/* deflate lengths stop at 258; never leave a tail under 3 */
	while (__builtin_expect(mlen > 258, 0)) {
		__u32 take = mlen - 258 >= 3 ? 258 : mlen - 3;

		*t++ = (253 + take) | (dt & (x << 18 | 0x3ffff));
		L->freq[257 + (lx[take - 3] & 31)]++;
		L->freq[CPU_PG_NLL + ds]++;
		mlen -= take;
	}
	/* the distance's extra bits: dist - 1 under the symbol's mask */
	*t++ = (253 + mlen) | (dt & (x << 18 | 0x3ffff));
	L->freq[257 + (lx[mlen - 3] & 31)]++;
	*tp = t;
}

/*
 * Levels 2 and 3: the tokens of src[0..len); returns where the literals
 * after the last match start. 2: two candidates, no skipping; 3: as 2,
 * plus a one-byte look-ahead. (Level 1: find1x below.)
 */
static inline __attribute__((always_inline)) __u32
find(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u32 wmax, int level,
     struct cpu_pgseqs *qo)
{
	__u16 *ht = L->ht, *ht2 = L->ht2;
	__u32 i = 0, anchor = 0;
	/* a table sized to the input (an 8 KiB clear per 4 KiB page, and it
	 * stays in L1 with the page); entries are positions in this input, 0
	 * doubling as "empty": the byte comparison rejects a false one */
	unsigned bits = len <= 8192 ? 12 : len <= 16384 ? 13 : HASH_MAX_BITS;
	unsigned shift = 32 - bits;
	const __u8 *end = src + len;
	__u32 limit = len - MIN_MATCH;	/* last position a 4-byte load may start */
	/* tokens through a pointer; emit() addresses the counts from L (a
	 * pointer to them, hoisted, was one more value spilled) */
	__u32 *restrict t = L->tok;

	if (len < MIN_MATCH + 1)
		return 0;
	memset(ht, 0, sizeof(*ht) << bits);
	memset(ht2, 0, sizeof(*ht2) << bits);
	while (i <= limit) {
		__u32 v, h, c, c2 = 0, mlen = 0, dist = 0;

		v = ld32(src + i);
		h = hash4(v, shift);
		c = ht[h];
		/* the older candidate, read before this position moves the newer
		 * one into its place */
		c2 = ht2[h];
		ht2[h] = (__u16)c;
		ht[h] = (__u16)i;
		/* one test for "in this page, before i, within the window" */
		if (i - c - 1 < wmax && ld32(src + c) == v) {
			mlen = MIN_MATCH + match_len(src + i + MIN_MATCH, src + c + MIN_MATCH, end);
			dist = i - c;
		}
		if (i - c2 - 1 < wmax && ld32(src + c2) == v) {
			__u32 m2 = MIN_MATCH + match_len(src + i + MIN_MATCH, src + c2 + MIN_MATCH, end);

			if (m2 > mlen) {
				mlen = m2;
				dist = i - c2;
			}
		}
		if (!mlen) {
			i++;
			continue;
		}
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
		emit(L, src, &t, anchor, i, mlen, dist);
		if (level == 2 && i + 1 <= limit) {
			/* the match's second position: a later repeat of this text
			 * shifted by one finds it (measured: 0.3% smaller output;
			 * level 3's look-ahead has hashed it already); also for a
			 * 4-byte match (a test that is nearly always true, where
			 * mlen > 4 mispredicted): 0.03% smaller again */
			__u32 hs = hash4(ld32(src + i + 1), shift);

			ht2[hs] = ht[hs];
			ht[hs] = (__u16)(i + 1);
		}
		i += mlen;
		anchor = i;
		/* the two positions before the match's end start the next ones */
		if (i <= limit + 1) {
			__u32 h2 = hash4(ld32(src + i - 2), shift);

			ht2[h2] = ht[h2];
			ht[h2] = (__u16)(i - 2);
			if (i <= limit) {
				__u32 h1 = hash4(ld32(src + i - 1), shift);

				ht2[h1] = ht[h1];
				ht[h1] = (__u16)(i - 1);
			}
		}
	}
	qo->nt = (__u32)(t - L->tok);
	return anchor;
}

/*
 * Level 1: the tokens of src[0..len); returns where the literals after the
 * last match start. One candidate a position, two positions a round, misses
 * speed the step up. Where the round's first position's match is short
 * (4..11 bytes) and the second's candidate reaches further, a literal and
 * that one. small: an input of at most 8 KiB that the window covers
 * (QEMU's pages), every earlier position in the window: constants instead
 * of wmax and the table's size.
 *
 * Apart from find(), with few values live in the hot loop (the compiler
 * kept the rest on the stack): the table and counts addressed from L, the
 * tokens through one pointer, the last position (a round needs two) after
 * the rounds rather than a test in each.
 */
static inline __attribute__((always_inline)) __u32
find1x(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u32 wmax, bool small,
       struct cpu_pgseqs *qo)
{
	/* a table sized to the input (an 8 KiB clear per 4 KiB page, and it
	 * stays in L1 with the page); entries are positions in this input, 0
	 * doubling as "empty": the byte comparison rejects a false one */
	unsigned bits = small || len <= 8192 ? 12 : len <= 16384 ? 13 : HASH_MAX_BITS;
	unsigned shift = small ? 20 : 32 - bits;
	__u32 *restrict t = L->tok;
	__u32 i = 0, anchor = 0, miss = 0;

	if (small)
		wmax = 8192;	/* "before i, within the window" is "before i" */
	if (len < MIN_MATCH + 1)
		return 0;
	memset(L->ht, 0, sizeof(L->ht[0]) << bits);
	for (;;) {
		__u32 c, mlen, dist, ins;

		if (__builtin_expect(i + 1 + MIN_MATCH <= len, 1)) {
			/* two positions a round: their loads and hashes overlap */
			__u32 v0 = ld32(src + i), v1 = ld32(src + i + 1);
			__u32 h0 = hash4(v0, shift), h1 = hash4(v1, shift), c0, c1;

			c0 = L->ht[h0];
			L->ht[h0] = (__u16)i;
			c1 = L->ht[h1];
			L->ht[h1] = (__u16)(i + 1);
			/* one test for "in this input, before i, in the window" */
			if (i - c0 - 1 < wmax && ld32(src + c0) == v0) {
				c = c0;
				ins = i + 2;
				if (i + 12 <= len) {
					/* match_len's first step, here, so that where
					 * it ends (4..11 bytes) a match one byte on that
					 * reaches further wins (ISA-L's level 1 also
					 * prefers it: its test is 8 bytes at i + 1
					 * against fewer at i) */
					__u64 x = ld64(src + i + 4) ^ ld64(src + c + 4);

					if (x) {
						__u64 x1 = ld64(src + i + 1) ^ ld64(src + c1);
						__u32 n1 = x1 ? (unsigned)__builtin_ctzll(x1) >> 3 : 8;

						mlen = 4 + ((unsigned)__builtin_ctzll(x) >> 3);
						if ((n1 > mlen) & (small || i - c1 < wmax)) {
							c = c1;
							i++;
							mlen = n1 < 8 ? n1 :
							       8 + match_len(src + i + 8, src + c + 8,
									     src + len);
						}
					} else {
						mlen = 12 + match_len(src + i + 12, src + c + 12, src + len);
					}
				} else {
					mlen = MIN_MATCH + match_len(src + i + MIN_MATCH, src + c + MIN_MATCH,
								     src + len);
				}
			} else if (i - c1 < wmax && ld32(src + c1) == v1) {
				c = c1;
				i++;
				ins = i + 1;
				mlen = MIN_MATCH + match_len(src + i + MIN_MATCH, src + c + MIN_MATCH, src + len);
			} else {
				i += 2 + (miss++ >> (SKIP_SHIFT - 1));
				continue;
			}
		} else if (i + MIN_MATCH <= len) {
			/* the last position a 4-byte load may start at */
			__u32 v = ld32(src + i), h = hash4(v, shift);

			c = L->ht[h];
			if (i - c - 1 >= wmax || ld32(src + c) != v)
				break;
			ins = len;
			mlen = MIN_MATCH;
		} else {
			break;
		}
		dist = i - c;
		/* grow backwards into the literals (skipped positions hide matches) */
		while (i > anchor && i > dist && src[i - 1] == src[i - 1 - dist]) {
			i--;
			mlen++;
		}
		emit(L, src, &t, anchor, i, mlen, dist);
		/* the round hashed the match's first two positions (or the
		 * literal before it and its first): the next two, and none at
		 * its end. Against the second and the last two (4 KiB, same
		 * run): a process core dump 0.7% smaller, the corpus 0.15% and
		 * shared libraries 0.03% larger, the matcher 4-6% faster (a hash
		 * less a match) */
		if (ins + MIN_MATCH <= len) {
			L->ht[hash4(ld32(src + ins), shift)] = (__u16)ins;
			if (ins + 1 + MIN_MATCH <= len)
				L->ht[hash4(ld32(src + ins + 1), shift)] = (__u16)(ins + 1);
		}
		i += mlen;
		anchor = i;
		miss = 0;
	}
	qo->nt = (__u32)(t - L->tok);
	return anchor;
}

static __attribute__((noinline)) __u32 find1(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					     __u32 wmax, struct cpu_pgseqs *q)
{
	return find1x(L, src, len, wmax, false, q);
}

/* level 1 on an input of at most 8 KiB that the window covers: QEMU's pages */
static __attribute__((noinline)) __u32 find1s(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					      struct cpu_pgseqs *q)
{
	return find1x(L, src, len, 0, true, q);
}

static __attribute__((noinline)) __u32 find2(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					     __u32 wmax, struct cpu_pgseqs *q)
{
	return find(L, src, len, wmax, 2, q);
}

static __attribute__((noinline)) __u32 find3(struct cpu_pglearn *L, const __u8 *src, __u32 len,
					     __u32 wmax, struct cpu_pgseqs *q)
{
	return find(L, src, len, wmax, 3, q);
}

void cpu_pg_match_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, pg_syms_fill);
}

__u32 cpu_pg_match(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u32 wmax, int level,
		   struct cpu_pgseqs *qo)
{
	/* set up here, next to the calls, so the compiler specialises the
	 * matchers for the zero counters (it cannot through *qo) */
	struct cpu_pgseqs q = { L->freq, L->tok, src, 0, 0, 0 };
	__u32 tail, i;

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
	/* the match count and extra bits from the counts, once, rather than
	 * two counters kept per match (the hot loop spilled them); a match
	 * ends after position 0, so none was found where the tail is all */
	for (i = 0; tail && i < 29; i++) {
		q.n += L->freq[257 + i];
		q.extra += L->freq[257 + i] * cpu_len_extra[i];
	}
	for (i = 0; tail && i < CPU_PG_NDIST; i++)
		q.extra += L->freq[CPU_PG_NLL + i] * cpu_dist_extra[i];
	*qo = q;
	return tail;
}

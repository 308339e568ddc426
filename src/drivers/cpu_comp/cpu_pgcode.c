/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's codes as the writer and the choice use them
 * (cpu_pglearn.h: struct cpu_pgcode): from code lengths, the canonical
 * literal/length and distance codes, the writer's tables (a literal's code,
 * a match length's code with its extra bits, a distance's field layout),
 * the cost weights and the header's bytes; and the fixed code. The lengths
 * themselves are planned in cpu_pghuff.c, the header in cpu_pghdr.c.
 */
#include <stdbool.h>
#include <string.h>
#include "cpu_pghdr.h"
#include "cpu_rfc1951.h"

/* The writer's entry (cpu_pglearn.h) of a literal or distance code e
 * (code | length << 24) with x extra bits. */
static inline struct cpu_pgwb wb_entry(__u32 e, unsigned x)
{
	__u32 n = e >> 24;

	return (struct cpu_pgwb){ e & 0xffff, (__u8)(18 - n), (__u8)(n + x), 0 };
}

/* Literal s's writer entries from its code e (code | length << 24). */
static inline void set_lit(struct cpu_pgcode *c, unsigned s, __u32 e)
{
	c->wl[s] = e & 0xffffff;
	c->wlen[s] = (__u8)(e >> 24);
	c->wb[2 * (32 + s)] = wb_entry(e, 0);
}

/*
 * A match length's symbol code and extra bits in one word: wl[256 + length
 * - 3]. A symbol's 2^x entries are its code with each extra value above it,
 * so they step by 2^(code length): made by adding, not each from its parts.
 */
static void fill_mlen(struct cpu_pgcode *c)
{
	unsigned sym, i = 256;

	for (sym = 257; sym < 265; sym++, i++) {	/* no extra bits */
		c->wl[i] = c->ll[sym] & 0xffffff;
		c->wlen[i] = (__u8)(c->ll[sym] >> 24);
	}
	for (; sym < 269; sym++, i += 2) {	/* 1 extra bit */
		__u32 e = c->ll[sym], n = e >> 24;

		c->wl[i] = e & 0xffffff;
		c->wl[i + 1] = (e & 0xffffff) | 1u << n;
		c->wlen[i] = c->wlen[i + 1] = (__u8)(n + 1);
	}
	/* 2..5 extra bits; lengths 8 at a time (a symbol of 4 writes 4 of the
	 * next one's, which come after) */
	for (; sym < 285; sym++) {
		__u32 e = c->ll[sym], n = e >> 24, x = (sym - 261) / 4, k;
		__u64 v = e & 0xffffff, step = 1ull << n, lens = (n + x) * 0x0101010101010101ull;
		__u64 *o = c->wl + i;

		for (k = 0; k < 1u << x; k += 4, o += 4, v += 4 * step) {
			o[0] = v;
			o[1] = v + step;
			o[2] = v + 2 * step;
			o[3] = v + 3 * step;
		}
		for (k = 0; k < 1u << x; k += 8)
			memcpy(c->wlen + i + k, &lens, 8);
		i += 1u << x;
	}
	/* 258 (symbol 285, no extra bits) in place of 284's last extra value */
	c->wl[511] = c->ll[285] & 0xffffff;
	c->wlen[511] = (__u8)(c->ll[285] >> 24);
}

/* The distances' writer entries and wb[0] (a lone literal: no bits); the
 * literals' are made by make_ll, or by fill_writer. */
static void fill_wdist(struct cpu_pgcode *c)
{
	unsigned s;

	memset(&c->wb[0], 0, sizeof(c->wb[0]));
	for (s = 0; s < CPU_PG_NDIST; s++)
		c->wb[2 * (1 + s) + 1] = wb_entry(c->dist[s], cpu_pg_dextra_of_sym(s));
}

/* The writer's tables (besides the match lengths of fill_mlen): literals,
 * distances with their extra-bit counts (one look-up gives a distance's
 * whole field layout), and the longest literal code. For the fixed code;
 * tailored and learned codes get them from make_ll and fill_wdist. */
static void fill_writer(struct cpu_pgcode *c)
{
	unsigned s, m = 0;

	memset(c->wb, 0, sizeof(c->wb));
	fill_wdist(c);
	for (s = 0; s < 256; s++) {
		__u32 n = c->ll[s] >> 24;

		set_lit(c, s, c->ll[s]);
		m = m > n ? m : n;
	}
	c->lit_max = m;
}

/* The set of lens[0..n) != 0 as bits, 8 lengths a step (cpu_pg_nonzero8),
 * each word gathered in a register (or-ing each step into memory chained
 * the steps through store-to-load forwarding), the last < 8 one by one. */
static void used_bits(const __u8 *lens, unsigned n, __u64 *used)
{
	unsigned i = 0, w;

	for (w = 0; w < (n + 63) / 64; w++) {
		unsigned end = n < 64 * w + 64 ? n : 64 * w + 64;
		__u64 acc = 0;

		for (; i + 8 <= end; i += 8) {
			__u64 x;

			memcpy(&x, lens + i, 8);
			acc |= cpu_pg_nonzero8(x) << (i % 64);
		}
		for (; i < end; i++)
			acc |= (__u64)(lens[i] != 0) << (i % 64);
		used[w] = acc;
	}
}

/* The cost weights (code lengths) and the set of symbols with a code. */
static void fill_weights(struct cpu_pgcode *c, const __u8 *lens)
{
	unsigned s;

	for (s = 0; s < CPU_PG_NSYM; s++)
		c->w[s] = lens[s];
	used_bits(lens, CPU_PG_NSYM, c->have);
}

/*
 * The literal/length codes (as canon) and, in the same pass, the writer's
 * literal entries and the longest literal code: only the used symbols are
 * visited (in symbol order, from a bit set); ll's others are zeroed by
 * wide stores, the writer's are not touched. canon visits every symbol; with fill_writer copying after it,
 * the unused half of a page's symbols cost as much as the used one.
 */
static void make_ll(struct cpu_pgcode *c, const __u8 *lens)
{
	unsigned count[16] = { 0 }, c4[4][16] = { { 0 } }, nextc[16], s, l, w, code = 0, m = 0;
	__u64 used[(CPU_PG_NLL + 63) / 64];

	for (s = 0; s + 4 <= CPU_PG_NLL; s += 4) {
		c4[0][lens[s]]++;
		c4[1][lens[s + 1]]++;
		c4[2][lens[s + 2]]++;
		c4[3][lens[s + 3]]++;
	}
	for (; s < CPU_PG_NLL; s++)
		c4[0][lens[s]]++;
	for (l = 1; l < 16; l++)
		count[l] = c4[0][l] + c4[1][l] + c4[2][l] + c4[3][l];
	for (l = 1; l < 16; l++) {
		code = (code + count[l - 1]) << 1;
		nextc[l] = code;
	}
	used_bits(lens, CPU_PG_NLL, used);
	/* the writer's entries of literals without a code are left as they
	 * were: no token reads them (clearing them cost more than the rest) */
	memset(c->ll, 0, sizeof(c->ll));
	for (w = 0; w < 256 / 64; w++) {
		__u64 b = used[w];

		while (b) {
			__u32 e;

			s = 64 * w + (unsigned)__builtin_ctzll(b);
			b &= b - 1;
			l = lens[s];
			e = cpu_rev_bits(nextc[l]++, l) | l << 24;
			c->ll[s] = e;
			set_lit(c, s, e);
			m = m > l ? m : l;
		}
	}
	for (__u64 b = used[256 / 64]; b; b &= b - 1) {
		s = 256 + (unsigned)__builtin_ctzll(b);
		l = lens[s];
		c->ll[s] = cpu_rev_bits(nextc[l]++, l) | l << 24;
	}
	c->lit_max = m;
}

void cpu_pgh_codes(struct cpu_pgcode *c, const __u8 *lens)
{
	make_ll(c, lens);
	cpu_pgh_canon(lens + CPU_PG_NLL, CPU_PG_NDIST, c->dist);
	fill_wdist(c);
	fill_weights(c, lens);
	fill_mlen(c);
}

void cpu_pgh_make(struct cpu_pgcode *c, const struct cpu_pgplan *p, bool weights)
{
	make_ll(c, p->lens);
	cpu_pgh_canon(p->lens + CPU_PG_NLL, CPU_PG_NDIST, c->dist);
	fill_wdist(c);
	fill_mlen(c);
	if (weights)
		fill_weights(c, p->lens);
	cpu_pgh_header_write(c, p);
}

void cpu_pgh_fixed(struct cpu_pgcode *c)
{
	__u8 lens[288 + CPU_PG_NDIST];
	__u32 ll[288];

	cpu_fixed_lens(lens, lens + CPU_PG_NLL, CPU_PG_NDIST);
	cpu_pgh_codes(c, lens);
	/* symbols 286 and 287 (never sent) hold places in the fixed code:
	 * the 9-bit codes come after all 152 8-bit ones */
	cpu_fixed_lens(lens, lens + 288, CPU_PG_NDIST);
	cpu_pgh_canon(lens, 288, ll);
	memcpy(c->ll, ll, sizeof(c->ll));
	fill_mlen(c);
	fill_writer(c);
	c->hdr[0] = 1 | 1 << 1;	/* BFINAL, BTYPE 01 */
	c->hdr_bits = 3;
}

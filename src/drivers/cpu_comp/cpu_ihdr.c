/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A deflate block header checked with zlib's rules before ISA-L decodes
 * the block (cpu_istream.c). ISA-L builds incomplete Huffman codes that
 * zlib refuses ("invalid code lengths set", "invalid literal/lengths set",
 * "invalid distances set"); this reads the header's code lengths (without
 * consuming anything) and refuses what zlib's inflate_table refuses:
 * over-subscribed codes, and incomplete ones except a single code of one
 * bit (lit/len or distance) and no distance codes at all.
 */
#include <string.h>
#include "cpu_comp.h"
#include "cpu_rfc1951.h"

#define MAXBITS 15

/* The source's bits, in order, never consumed. */
struct peek {
	__u64 acc;		/* bits not yet used, low first */
	int have;		/* how many */
	const struct cpu_bitsrc *src;
	int seg;
	__u32 off;
};

/* Make at least n (<= 32) bits available; false if the source ends first. */
static bool need(struct peek *p, int n)
{
	const struct cpu_bitsrc *s = p->src;

	while (p->have < n) {
		while (p->seg < 1 && p->off >= s->len[p->seg]) {
			p->seg++;
			p->off = 0;
		}
		if (p->off >= s->len[p->seg])
			return false;
		p->acc |= (__u64)s->buf[p->seg][p->off++] << p->have;
		p->have += 8;
	}
	return true;
}

static __u32 take(struct peek *p, int n)
{
	__u32 v = (__u32)(p->acc & ((1ull << n) - 1));

	p->acc >>= n;
	p->have -= n;
	return v;
}

/* zlib's inflate_table verdict on a set of code lengths: 0 good, -1 bad. */
static int lens_ok(const __u8 *lens, int n, bool codes)
{
	int count[MAXBITS + 1] = { 0 }, left = 1, max = 0, i;

	for (i = 0; i < n; i++)
		count[lens[i]]++;
	for (i = MAXBITS; i >= 1 && !max; i--)
		if (count[i])
			max = i;
	if (!max)	/* no codes: zlib accepts (and fails on any use) */
		return codes ? -1 : 0;
	for (i = 1; i <= MAXBITS; i++) {
		left = (left << 1) - count[i];
		if (left < 0)
			return -1;	/* over-subscribed */
	}
	return left > 0 && (codes || max != 1) ? -1 : 0;	/* incomplete */
}

/* Decode one symbol of a canonical code (puff.c's way: a bit at a time). */
static int decode(struct peek *p, const int *count, const int *symbol)
{
	int code = 0, first = 0, index = 0, len;

	for (len = 1; len <= 7; len++) {
		if (!need(p, 1))
			return -2;
		code |= (int)take(p, 1);
		if (code - count[len] < first)
			return symbol[index + (code - first)];
		index += count[len];
		first = (first + count[len]) << 1;
		code <<= 1;
	}
	return -1;	/* no such code (cannot happen with a complete code) */
}

int cpu_ihdr_check(const struct cpu_bitsrc *src, bool *bfinal)
{
	struct peek p = { .acc = src->bits, .have = src->nbits, .src = src };
	__u8 lens[286 + 30], cl[19] = { 0 };
	int count[8] = { 0 }, offs[8], symbol[19], nlen, ndist, ncode, i, n, sym, rep;

	if (!need(&p, 3))
		return CPU_IH_MORE;
	*bfinal = take(&p, 1);
	if (take(&p, 2) != 2)
		return CPU_IH_OK;	/* stored and fixed blocks have no code to check */
	if (!need(&p, 14))
		return CPU_IH_MORE;
	nlen = (int)take(&p, 5) + 257;
	ndist = (int)take(&p, 5) + 1;
	ncode = (int)take(&p, 4) + 4;
	if (nlen > 286 || ndist > 30)
		return CPU_IH_BAD;
	for (i = 0; i < ncode; i++) {
		if (!need(&p, 3))
			return CPU_IH_MORE;
		cl[cpu_clen_order[i]] = (__u8)take(&p, 3);
	}
	if (lens_ok(cl, 19, true))
		return CPU_IH_BAD;
	for (i = 0; i < 19; i++)
		count[cl[i]]++;
	offs[1] = 0;
	for (i = 1; i < 7; i++)
		offs[i + 1] = offs[i] + count[i];
	for (i = 0; i < 19; i++)
		if (cl[i])
			symbol[offs[cl[i]]++] = i;
	count[0] = 0;
	for (n = 0; n < nlen + ndist;) {
		sym = decode(&p, count, symbol);
		if (sym == -2)
			return CPU_IH_MORE;
		if (sym < 0)
			return CPU_IH_BAD;
		if (sym < 16) {
			lens[n++] = (__u8)sym;
			continue;
		}
		if (sym == 16 && !n)
			return CPU_IH_BAD;	/* a repeat with nothing before it */
		i = sym == 16 ? 2 : sym == 17 ? 3 : 7;
		if (!need(&p, i))
			return CPU_IH_MORE;
		rep = (sym == 18 ? 11 : 3) + (int)take(&p, i);
		if (n + rep > nlen + ndist)
			return CPU_IH_BAD;
		memset(lens + n, sym == 16 ? lens[n - 1] : 0, (size_t)rep);
		n += rep;
	}
	if (!lens[256] || lens_ok(lens, nlen, false) || lens_ok(lens + nlen, ndist, false))
		return CPU_IH_BAD;
	return CPU_IH_OK;
}

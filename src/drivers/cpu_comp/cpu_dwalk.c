/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the final block of a complete raw deflate stream starts and ends
 * (cpu_comp.h: cpu_deflate_last_block). libdeflate cannot stream: it always
 * ends with a final block. The stream path turns its output into a segment
 * that does not end the stream by clearing that block's BFINAL bit and
 * appending an empty stored block at the block's end; finding them means
 * walking every block's symbols (decoding without producing output).
 * Bounds are checked everywhere: a malformed input is an error, never a
 * read past the buffer.
 */
#include <string.h>
#include "cpu_comp.h"
#include "cpu_rfc1951.h"

struct bits {
	const __u8 *p;
	size_t len;	/* bytes */
	size_t pos;	/* bits */
};

/* The next k <= 25 bits, LSB first; bytes past the end read as 0 (the
 * caller checks pos against the length). */
static inline __u32 peek(const struct bits *b, unsigned k)
{
	size_t i = b->pos >> 3;
	__u64 v = 0;

	if (i + 8 <= b->len) {
		memcpy(&v, b->p + i, 8);
	} else {
		for (size_t j = 0; i + j < b->len && j < 8; j++)
			v |= (__u64)b->p[i + j] << (8 * j);
	}
	return (__u32)(v >> (b->pos & 7)) & ((1u << k) - 1);
}

static inline __u32 get(struct bits *b, unsigned k)
{
	__u32 v = peek(b, k);

	b->pos += k;
	return v;
}

static int build(struct cpu_dhuff *h, const __u8 *lens, unsigned n)
{
	unsigned count[16] = { 0 }, next[16], code = 0, max = 0;

	for (unsigned i = 0; i < n; i++) {
		count[lens[i]]++;
		if (lens[i] > max)
			max = lens[i];
	}
	h->max = max ? max : 1;
	memset(h->tab, 0xff, sizeof(h->tab[0]) << h->max);
	count[0] = 0;
	for (unsigned l = 1; l < 16; l++) {
		code = (code + count[l - 1]) << 1;
		next[l] = code;
	}
	for (unsigned s = 0; s < n; s++) {
		unsigned l = lens[s], c, r = 0;

		if (!l)
			continue;
		c = next[l]++;
		if (c >= (1u << l))
			return -1;	/* over-subscribed */
		for (unsigned i = 0; i < l; i++)
			r |= ((c >> i) & 1) << (l - 1 - i);
		for (unsigned k = r; k < (1u << h->max); k += 1u << l)
			h->tab[k] = (__u16)(l << 9 | s);
	}
	return 0;
}

static inline int decode(struct bits *b, const struct cpu_dhuff *h)
{
	__u16 e = h->tab[peek(b, h->max)];

	if (e == 0xffff)
		return -1;
	b->pos += e >> 9;
	return e & 511;
}

static int fixed_tables(struct cpu_dwalk *w)
{
	__u8 lens[288 + 30];

	cpu_fixed_lens(lens, lens + 288, 30);
	return build(&w->lit, lens, 288) || build(&w->dist, lens + 288, 30);
}

static int dynamic_tables(struct cpu_dwalk *w, struct bits *b)
{
	unsigned nlit = get(b, 5) + 257, ndist = get(b, 5) + 1, ncl = get(b, 4) + 4, i = 0;
	__u8 cl[19] = { 0 }, lens[286 + 30];

	if (nlit > 286 || ndist > 30)
		return -1;
	for (unsigned k = 0; k < ncl; k++)
		cl[cpu_clen_order[k]] = (__u8)get(b, 3);
	if (build(&w->dist, cl, 19))	/* the code-length code, in dist's table for now */
		return -1;
	while (i < nlit + ndist) {
		int s = decode(b, &w->dist);
		unsigned rep;
		__u8 v = 0;

		if (s < 0 || b->pos > b->len * 8)
			return -1;
		if (s < 16) {
			lens[i++] = (__u8)s;
			continue;
		}
		if (s == 16) {
			if (i == 0)
				return -1;
			v = lens[i - 1];
			rep = 3 + get(b, 2);
		} else {
			rep = s == 17 ? 3 + get(b, 3) : 11 + get(b, 7);
		}
		if (i + rep > nlit + ndist)
			return -1;
		while (rep--)
			lens[i++] = v;
	}
	if (lens[256] == 0)
		return -1;	/* no end-of-block code */
	return build(&w->lit, lens, nlit) || build(&w->dist, lens + nlit, ndist);
}

/* Walk one Huffman-coded block's symbols up to its end-of-block. */
static int walk_codes(struct cpu_dwalk *w, struct bits *b)
{
	size_t end = b->len * 8;

	for (;;) {
		int s = decode(b, &w->lit), d;

		if (s < 256) {
			if (s < 0 || b->pos > end)
				return -1;
			continue;
		}
		if (s == 256)
			return b->pos > end ? -1 : 0;
		if (s > 285)
			return -1;
		b->pos += cpu_len_extra[s - 257];
		d = decode(b, &w->dist);
		if (d < 0 || d >= 30)
			return -1;
		b->pos += cpu_dist_extra[d];
		if (b->pos > end)
			return -1;
	}
}

int cpu_deflate_last_block(struct cpu_dwalk *w, const __u8 *p, size_t len, size_t *hdr_bit,
			   size_t *end_bit)
{
	struct bits b = { p, len, 0 };

	for (;;) {
		size_t hdr = b.pos;
		unsigned final, type, n;

		if (b.pos + 3 > len * 8)
			return -1;
		final = get(&b, 1);
		type = get(&b, 2);
		if (type == 0) {
			b.pos = (b.pos + 7) & ~(size_t)7;
			if (b.pos + 32 > len * 8)
				return -1;
			n = get(&b, 16);
			if ((get(&b, 16) ^ 0xffff) != n)
				return -1;
			b.pos += (size_t)n * 8;
			if (b.pos > len * 8)
				return -1;
		} else if (type == 3 || (type == 1 ? fixed_tables(w) : dynamic_tables(w, &b)) ||
			   walk_codes(w, &b)) {
			return -1;
		}
		if (final) {
			*hdr_bit = hdr;
			*end_bit = b.pos;
			return 0;
		}
	}
}

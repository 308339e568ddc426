/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's dynamic block header (cpu_pghdr.h): the run-length
 * coding of a code's lengths (RFC 1951 3.2.7), the code-length code made
 * for it, the header's exact bits (planned before anything is written) and
 * its bytes. Per page this runs over ~300 lengths in ~150-250 runs: the
 * runs and items are taken without a branch on their kind.
 *
 * What was measured and not kept: docs/page-deflater-notes.md.
 */
#include <string.h>
#include "cpu_pghdr.h"
#include "cpu_rfc1951.h"

/* A run of run copies of length v as items at it[ni..], any run length
 * (RFC 1951 3.2.7: 16 repeats the previous length 3-6 times, 17 and 18
 * give 3-10 and 11-138 zeros). Returns the new item count. */
static unsigned run_items(__u16 *it, unsigned ni, unsigned v, unsigned run)
{
	unsigned r;

	if (!v) {
		for (; run >= 11; run -= r) {
			r = run < 138 ? run : 138;
			it[ni++] = (__u16)(18 | (r - 11) << 5);
		}
		if (run >= 3) {
			it[ni++] = (__u16)(17 | (run - 3) << 5);
			run = 0;
		}
	} else {
		it[ni++] = (__u16)v;
		for (run--; run >= 3; run -= r) {
			r = run < 6 ? run : 6;
			it[ni++] = (__u16)(16 | (r - 3) << 5);
		}
	}
	while (run--)
		it[ni++] = (__u16)v;
	return ni;
}

/*
 * A run's items by its length: entry [run] for a run of zeros (1..138),
 * [140 + run] for a nonzero length (1..7). run_tab holds the items that do
 * not depend on the length's value (u16 lanes: up to three items, then the
 * item count in the fourth) and run_val where the value goes (1 in its
 * lanes: the first and third always, the second for runs of 2 and 3), so
 * the three items are run_tab + value x run_val, one 8-byte store.
 * [139] and [148], the longer runs, have count 0: run_items writes them.
 */
#define RT_N(n) ((__u64)(n) << 48)
#define RT_Z17(r) ((17u | ((r) - 3u) << 5) | RT_N(1))
#define RT_Z18(r) ((18u | ((r) - 11u) << 5) | RT_N(1))
#define RT_Z18x2(r) RT_Z18(r), RT_Z18((r) + 1)
#define RT_Z18x4(r) RT_Z18x2(r), RT_Z18x2((r) + 2)
#define RT_Z18x8(r) RT_Z18x4(r), RT_Z18x4((r) + 4)
#define RT_Z18x16(r) RT_Z18x8(r), RT_Z18x8((r) + 8)
#define RT_Z18x32(r) RT_Z18x16(r), RT_Z18x16((r) + 16)
#define RT_Z18x64(r) RT_Z18x32(r), RT_Z18x32((r) + 32)
#define RT_Z18x128(r) RT_Z18x64(r), RT_Z18x64((r) + 64)
#define RT_R16(r) ((__u64)(16u | ((r) - 4u) << 5) << 16 | RT_N(2))
#define RT_V13 0x0000000100000001ull	/* value in items 1 and 3 */
#define RT_V123 0x0000000100010001ull
static const __u64 run_tab[149] = {
	0, RT_N(1), RT_N(2),
	RT_Z17(3), RT_Z17(4), RT_Z17(5), RT_Z17(6), RT_Z17(7), RT_Z17(8), RT_Z17(9), RT_Z17(10),
	RT_Z18x128(11),
	0,
	0, RT_N(1), RT_N(2), RT_N(3),
	RT_R16(4), RT_R16(5), RT_R16(6), RT_R16(7),
	0,
};
static const __u64 run_val[149] = {
	[140] = RT_V13, RT_V13, RT_V123, RT_V123, RT_V13, RT_V13, RT_V13, RT_V13, RT_V13,
};

/*
 * The run-length items of p->lens, the code-length code and the header's
 * bits.
 *
 * A page's lengths are ~150-250 runs, most of one or two lengths, and a
 * loop per run that branches on its value and length mispredicted most of
 * them. So the runs' ends are found first, 8 lengths a step, as a bit set
 * (a length that differs from the next one), and walked by their bits;
 * the runs that fit in at most three items (nonzero up to 7, zero up to
 * 138: nearly all) are written as three items from a table (run_tab), the
 * count of those used added on; only the others take run_items' loops.
 */
void cpu_pgh_header_plan(struct cpu_pgplan *p)
{
	__u8 seq[CPU_PG_NSYM + 16];
	__u64 ends[(CPU_PG_NSYM + 63) / 64];
	__u16 *it = p->items;	/* it has room for a run's 8-byte store */
	__u32 ca[19] = { 0 }, cb[19] = { 0 }, bits;
	unsigned nl = CPU_PG_NLL, nd = CPU_PG_NDIST, total, i, w, ni = 0, ncl = 19, start = 0;
	const __u8 *lens = p->lens;

	while (nl > 257 && !lens[nl - 1])
		nl--;
	while (nd > 1 && !lens[CPU_PG_NLL + nd - 1])
		nd--;
	/*
	 * The lengths as one sequence (a run may cross into the distances).
	 * Copies of fixed sizes (the distances' past nd are overwritten by
	 * the pad): one of nl bytes was a rep movs, slow to start.
	 */
	memcpy(seq, lens, 256);
	memcpy(seq + 256, lens + 256, CPU_PG_NLL - 256);
	memcpy(seq + nl, lens + CPU_PG_NLL, CPU_PG_NDIST);
	total = nl + nd;
	memset(seq + total, 0xff, 16);	/* no code length is 0xff: the last run ends */
	for (w = 0; w < (total + 63) / 64; w++)
		ends[w] = 0;
	for (i = 0; i < total; i += 8) {
		__u64 a, b;

		memcpy(&a, seq + i, 8);
		memcpy(&b, seq + i + 1, 8);
		ends[i / 64] |= cpu_pg_nonzero8(a ^ b) << (i % 64);
	}
	if (total % 64)	/* the pad's own "ends" */
		ends[total / 64] &= (1ull << (total % 64)) - 1;
	for (w = 0; w < (total + 63) / 64; w++) {
		for (__u64 b = ends[w]; b; b &= b - 1) {
			unsigned end = 64 * w + (unsigned)__builtin_ctzll(b) + 1;
			__u32 v = seq[start], run = end - start, nz = -(__u32)(v != 0);
			/* zero: [min(run, 139)], nonzero: [140 + min(run, 8)] */
			__u32 lim = 139 ^ ((139 ^ 8) & nz), k = (run < lim ? run : lim) + (140 & nz);
			__u64 items = run_tab[k] + v * run_val[k];
			__u32 n = (__u32)(items >> 48);

			start = end;
			if (!n) {	/* nonzero > 7, zero > 138: rare */
				ni = run_items(it, ni, v, run);
				continue;
			}
			memcpy(it + ni, &items, 8);
			ni += n;
		}
	}
	/* two sets of counters: neighbours of one symbol do not wait on each other */
	for (i = 0; i + 2 <= ni; i += 2) {
		ca[it[i] & 31]++;
		cb[it[i + 1] & 31]++;
	}
	if (i < ni)
		ca[it[i] & 31]++;
	for (i = 0; i < 19; i++)
		ca[i] += cb[i];
	bits = cpu_pgh_lengths(ca, 19, 7, p->clens);
	while (ncl > 4 && !p->clens[cpu_clen_order[ncl - 1]])
		ncl--;
	bits += 3 + 5 + 5 + 4 + 3 * ncl;
	bits += 2 * ca[16] + 3 * ca[17] + 7 * ca[18];
	p->ni = ni;
	p->nl = nl;
	p->nd = nd;
	p->ncl = ncl;
	p->hdr_bits = bits;
}

/* Header bits, LSB first: whole bytes leave by one 8-byte store per flush. */
struct hbw {
	__u8 *p;
	__u64 acc;
	unsigned n;	/* < 8 after a flush; at most 63 before one */
};

static inline void hput(struct hbw *w, __u64 v, unsigned n)
{
	w->acc |= v << w->n;
	w->n += n;
}

static inline void hflush(struct hbw *w)
{
	memcpy(w->p, &w->acc, 8);
	w->p += w->n >> 3;
	w->acc >>= w->n & 56;
	w->n &= 7;
}

/* A header item: its code, then its extra bits (ent: cpu_pgh_header_write's). */
static inline void hitem(struct hbw *w, const __u32 *ent, __u16 item)
{
	__u32 e = ent[item & 31];

	hput(w, (e & 0xffff) | (__u64)(item >> 5) << (e >> 16 & 15), e >> 24);
}

/*
 * The dynamic block header of plan p into c->hdr. Each item is one field
 * (its code, then its extra bits above it, laid out by a per-symbol entry)
 * and four items (<= 14 bits each) go between flushes: no branch on the
 * item kind or on the buffer, which on ~150-250 items a page mispredicted.
 * Stores stay inside hdr: a header is < 2300 bits (CPU_PG_HDR_MAX), so the
 * last 8-byte store ends before byte 296.
 */
void cpu_pgh_header_write(struct cpu_pgcode *c, const struct cpu_pgplan *p)
{
	static const __u8 xbits[19] = { [16] = 2, [17] = 3, [18] = 7 };
	__u32 ccode[19], ent[19];
	struct hbw w = { c->hdr, 0, 0 };
	unsigned i;

	cpu_pgh_canon(p->clens, 19, ccode);
	/* code | code length << 16 | (code length + extra bits) << 24 */
	for (i = 0; i < 19; i++)
		ent[i] = (ccode[i] & 0xffff) | (ccode[i] >> 24) << 16 | ((ccode[i] >> 24) + xbits[i]) << 24;
	/* BFINAL, BTYPE 10 (dynamic), HLIT, HDIST, HCLEN */
	hput(&w, 1 | 2 << 1 | (p->nl - 257) << 3 | (p->nd - 1) << 8 | (p->ncl - 4) << 13, 17);
	hflush(&w);
	for (i = 0; i < p->ncl; i++) {
		hput(&w, p->clens[cpu_clen_order[i]], 3);
		if (i % 8 == 7)
			hflush(&w);
	}
	hflush(&w);
	for (i = 0; i + 4 <= p->ni; i += 4) {
		hitem(&w, ent, p->items[i]);
		hitem(&w, ent, p->items[i + 1]);
		hitem(&w, ent, p->items[i + 2]);
		hitem(&w, ent, p->items[i + 3]);
		hflush(&w);
	}
	for (; i < p->ni; i++)
		hitem(&w, ent, p->items[i]);
	hflush(&w);
	c->hdr_bits = (__u32)(w.p - c->hdr) * 8 + w.n;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's Huffman codes (cpu_pglearn.h): length-limited code
 * lengths from symbol counts (a page's own code, and codes for more symbols
 * for a code to learn) and canonical codes (bit-reversed for deflate's
 * LSB-first stream); the dynamic block header (the run-length coding of the
 * code lengths) is cpu_pghdr.c's, the codes' tables cpu_pgcode.c's.
 *
 * Built for speed at page size: one counting-sort pass, the in-place
 * minimum-redundancy algorithm of Moffat and Katajainen (no heap, no tree
 * nodes), then the Kraft-sum repair when a length exceeds the limit. The
 * canonical code assignment and the header need nothing else. At page size
 * each step runs over a few hundred symbols once per page, so what costs is
 * what a loop does besides its work: a mispredicted branch per symbol or
 * run (picks, run kinds, header items: done by selects and tables), a
 * counter bumped by neighbours (a store-to-load chain: split or kept in
 * registers), a loop's end per length, a rep stos/movs for a small memset
 * or memcpy (slow to start), a pass over the unused symbols.
 *
 * What was measured and not kept: docs/page-deflater-notes.md.
 */
#include <stdbool.h>
#include <string.h>
#include "cpu_pghdr.h"
#include "cpu_rfc1951.h"

#define SORT_BUCKETS 128u	/* counts >= 127 share the last bucket, sorted after */
#define SORT_RANK 32u		/* up to this many symbols: rank sort */

static inline unsigned bucket(__s32 key)
{
	unsigned f = (unsigned)key >> 9;

	return f < SORT_BUCKETS - 1 ? f : SORT_BUCKETS - 1;
}

/*
 * The symbols of freq[0..n) with a non-zero count, by ascending count, ties
 * by symbol (the order the length assignment needs), into key[] as
 * count << 9 | symbol: that order is the keys' own, so any sort of the keys
 * gives it, and one load gives both fields. Counts are < 2^22 (a page's
 * symbols: <= CPU_PG_MAX + 1). Returns how many; key[] has CPU_PG_NLL + 1.
 * Its pass over the symbols also clears lens[0..n) (a memset of a size
 * known only at run time is a rep stos, slow to start, here).
 */
static unsigned sort_syms(const __u32 *freq, unsigned n, __s32 *key, __u8 *lens)
{
	__s32 nz[CPU_PG_NLL + SORT_RANK];
	unsigned m = 0, s, b, sum = 0, top, i, j;

	/* the used symbols first, without a branch per symbol (half of them
	 * are unused on a page, in no predictable pattern) */
	for (s = 0; s + 2 <= n; s += 2) {	/* two a step: less loop per symbol */
		__u32 f0 = freq[s], f1 = freq[s + 1];

		nz[m] = (__s32)(f0 << 9 | s);
		m += f0 != 0;
		nz[m] = (__s32)(f1 << 9 | (s + 1));
		m += f1 != 0;
		lens[s] = lens[s + 1] = 0;
	}
	if (s < n) {
		nz[m] = (__s32)(freq[s] << 9 | s);
		m += freq[s] != 0;
		lens[s] = 0;
	}
	if (m <= SORT_RANK) {
		/*
		 * Few symbols (distances, the code-length code): each key's
		 * place is the number of smaller keys (all distinct), counted
		 * over a fixed 32 (the rest padded with the largest key) so
		 * that the count vectorizes; an insertion sort mispredicted
		 * about once per symbol.
		 */
		for (i = m; i < SORT_RANK; i++)
			nz[i] = 0x7fffffff;
		for (i = 0; i < m; i++) {
			unsigned r = 0;

			for (j = 0; j < SORT_RANK; j++)
				r += nz[j] < nz[i];
			key[r] = nz[i];
		}
		return m;
	}
	/* a counting sort by count (stable: ties stay in symbol order) */
	{
		__u16 cnt[SORT_BUCKETS];	/* (u16: half the clearing) */

		memset(cnt, 0, sizeof(cnt));
		/* two a step; for an odd m the pad is counted in the last
		 * bucket, which moves no other bucket's places */
		nz[m] = 0x7fffffff;
		for (i = 0; i < m; i += 2) {
			cnt[bucket(nz[i])]++;
			cnt[bucket(nz[i + 1])]++;
		}
		for (b = 0; b < SORT_BUCKETS; b++) {
			unsigned c = cnt[b];

			cnt[b] = (__u16)sum;
			sum += c;
		}
		top = cnt[SORT_BUCKETS - 1];
		for (i = 0; i + 2 <= m; i += 2) {
			key[cnt[bucket(nz[i])]++] = nz[i];
			key[cnt[bucket(nz[i + 1])]++] = nz[i + 1];
		}
		if (i < m)
			key[cnt[bucket(nz[i])]++] = nz[i];
	}
	/* the large counts (few on a page) by insertion sort */
	for (i = top + 1; i < m; i++) {
		__s32 v = key[i];

		for (j = i; j > top && key[j - 1] > v; j--)
			key[j] = key[j - 1];
		key[j] = v;
	}
	return m;
}

/*
 * Code lengths (<= maxlen) for freq[0..n), n <= CPU_PG_NLL, into lens[];
 * returns the coded size, the sum of count x length (summed as lengths are
 * given out: a pass over all n symbols after, which gcc -O2 leaves scalar,
 * cost as much). Fewer than two used symbols still get a complete two-code
 * code (as zlib does): some decoders refuse a code with a single one-bit
 * code.
 *
 * The tree is built as in Moffat and Katajainen's in-place algorithm (the
 * sorted leaves and the internal nodes, made in order of weight, are two
 * queues) but without a branch on weights: the two queues end in sentinels
 * so each pick is a compare and conditional moves (on a page's counts the
 * picks are unpredictable and branches cost more than the rest). A node's
 * two picks are made at once, from each queue's first two entries: fewer
 * steps per node than two picks, and the loop is bound by its steps (four
 * entries of each queue held in registers, to take the loads off the
 * compares' path, measured 2% slower).
 *
 * Node depths then give the leaves per depth without walking the tree: at
 * depth d there are 2 x (internal nodes at d - 1) - (internal nodes at d).
 * Internal nodes' depths never increase from one node to the next made, so
 * from the root down they are runs of equal depth, each one deeper than the
 * last (what Moffat and Katajainen's phase 3 rests on): a node is one
 * deeper than the one made after it exactly when its parent is in that
 * one's run. So the runs' first nodes are found with registers only, not
 * by a parent's depth loaded back from memory per node (a store-to-load
 * chain through all nodes). Nor are parents stored: nodes are taken in the
 * order they are made, so how many were taken once node t was made (R[t],
 * one store per node) tells which nodes have their parent at or before t
 * (two parent stores per node cost 6% of the plan more).
 */
static __u32 huff_lengths(const __u32 *freq, unsigned n, unsigned maxlen, __u8 *lens)
{
	__s32 key[CPU_PG_NLL + 1];
	__u32 W[CPU_PG_NLL + 2], I[CPU_PG_NLL + 1];	/* leaf, internal weights */
	__u16 R[CPU_PG_NLL];	/* nodes taken once node t is made */
	int top[CPU_PG_NLL + 2];	/* the highest (first made) node per depth */
	unsigned count[16] = { 0 }, m, i, l, excess, kraft = 0, leaf = 0, rt = 0, t, d, dmax, rf;
	__u32 x0, x1, y0, y1, bits = 0;
	int f;

	m = sort_syms(freq, n, key, lens);
	if (m < 2) {
		unsigned a = m ? key[0] & 511 : 0;

		lens[a] = 1;
		lens[a ? 0 : 1] = 1;
		return m ? (__u32)key[0] >> 9 : 0;
	}
	for (i = 0; i < m; i++)
		W[i] = (__u32)key[i] >> 9;
	/* counts sum to < 2^31: a sentinel is never picked while a node waits */
	W[m] = W[m + 1] = ~0u;
	/* nodes not made yet read as sentinels: kept two places ahead in the
	 * loop (a store more per node cost less than a memset, a rep stos) */
	I[0] = I[1] = ~0u;
	x0 = W[0];
	x1 = W[1];
	y0 = y1 = ~0u;
	for (t = 0; t < m - 1; t++) {
		/* the two picks at once, from both queues' first two entries
		 * (each queue is in order, ties go to the leaf): two leaves
		 * when the second leaf is <= the first node, two nodes when
		 * the second node is < the first leaf, else one of each */
		bool two_leaves = x1 <= y0, two_nodes = y1 < x0;

		I[t] = (two_leaves ? x1 : y0) + (two_nodes ? y1 : x0);
		I[t + 2] = ~0u;
		leaf += two_leaves + !two_nodes;
		rt += !two_leaves + two_nodes;
		R[t] = (__u16)rt;
		x0 = W[leaf];
		x1 = W[leaf + 1];
		y0 = I[rt];
		y1 = I[rt + 1];
	}
	/*
	 * The runs of equal depth: top[d] is the first node of depth d. Node
	 * t's parent is in the run that starts at f exactly when some node
	 * up to f took it: when t < R[f] (nodes are taken in order).
	 */
	d = 0;
	f = (int)m - 2;
	rf = R[m - 2];
	top[0] = f;
	for (t = m - 2; t-- > 0;) {
		bool deeper = t < rf;

		d += deeper;
		rf = deeper ? R[t] : rf;
		f = deeper ? (int)t : f;
		top[d] = f;
	}
	dmax = d;
	top[dmax + 1] = -1;
	top[dmax + 2] = -1;
	/* leaves per depth (nodes at d: top[d] - top[d + 1]), depths beyond
	 * maxlen clipped to it */
	for (d = 1; d <= dmax + 1; d++)
		count[d < maxlen ? d : maxlen] += 2 * (top[d - 1] - top[d]) - (top[d] - top[d + 1]);
	/* clipping made the Kraft sum (in units of 2^-maxlen) exceed 1: each
	 * step moves a leaf from the deepest level < maxlen one down, with a
	 * maxlen leaf as its new sibling: one unit less, same leaf count */
	for (l = 1; l <= maxlen; l++)
		kraft += count[l] << (maxlen - l);
	for (excess = kraft > (1u << maxlen) ? kraft - (1u << maxlen) : 0; excess; excess--) {
		l = maxlen - 1;
		while (!count[l])
			l--;
		count[l]--;
		count[l + 1] += 2;
		count[maxlen]--;
	}
	/* longest codes to the smallest counts */
	i = 0;
	for (l = maxlen; l >= 1; l--) {
		for (unsigned k = count[l]; k; k--, i++) {
			lens[key[i] & 511] = (__u8)l;
			bits += W[i] * l;
		}
	}
	return bits;
}

/*
 * Canonical codes for lens[0..n) into out[] as code | len << 24 (0: no code):
 * the distances, the code-length code and the fixed code (make_ll makes
 * the literal/length codes).
 *
 * A code is its length's next code, counted up: kept in memory per length,
 * that counter is a store-to-load chain wherever neighbours share a length.
 * The unused symbols (in runs) would all chain on the counter of length 0:
 * they count on eight counters of their own in turn instead (what they
 * count is never used: length 0 makes no code).
 */
static void canon(const __u8 *lens, unsigned n, __u32 *out)
{
	unsigned count[16] = { 0 }, nextc[24], s, l, code = 0;

	for (l = 16; l < 24; l++)
		nextc[l] = 0;
	for (s = 0; s < n; s++)
		count[lens[s]]++;
	for (l = 1; l < 16; l++) {
		code = (code + (l > 1 ? count[l - 1] : 0)) << 1;
		nextc[l] = code;
	}
	for (s = 0; s < n; s++) {
		unsigned j;

		l = lens[s];
		j = l ? l : 16 + (s & 7);
		/* len 0: cpu_rev_bits(x, 0) = 0 for any x < 2^16 */
		out[s] = cpu_rev_bits(nextc[j], l) | l << 24;
		nextc[j]++;
	}
}

__u32 cpu_pgh_lengths(const __u32 *freq, unsigned n, unsigned maxlen, __u8 *lens)
{
	return huff_lengths(freq, n, maxlen, lens);
}

void cpu_pgh_canon(const __u8 *lens, unsigned n, __u32 *out)
{
	canon(lens, n, out);
}

__u32 cpu_pgh_plan(struct cpu_pgplan *p, const __u32 *freq, unsigned ll_max, unsigned d_max)
{
	__u32 data = huff_lengths(freq, CPU_PG_NLL, ll_max, p->lens);

	data += huff_lengths(freq + CPU_PG_NLL, CPU_PG_NDIST, d_max, p->lens + CPU_PG_NLL);
	cpu_pgh_header_plan(p);
	return p->hdr_bits + data;
}


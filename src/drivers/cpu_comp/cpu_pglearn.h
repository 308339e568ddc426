/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater: a small-input raw deflate compressor (inputs up to
 * 64 KiB, levels 1-3) for stateless requests such as QEMU's 4 KiB pages.
 *
 * Where its speed comes from: a single-pass hash matcher whose table stays
 * in L1 cache with the page (cpu_pgmatch.c), a tailored code whose exact
 * cost is planned (lengths, header size) before anything is made
 * (cpu_pghuff.c, cpu_pghdr.c, cpu_pgcode.c), a writer whose output size is
 * known before it starts (cpu_pgwrite.c)
 * (so it checks no bound per token) and that writes every match or pair of
 * literals by the same branch-free path, no tailored plan for pages the
 * entropy bound shows incompressible, and not making codes where
 * earlier ones do. A session
 * (struct cpu_pglearn) keeps CPU_PG_NTAB codes learned from its recent
 * pages' symbol counts, each with its dynamic block header already written
 * out. Per page the exact bit cost of every candidate is computed from the
 * page's symbol counts, and ONE final block is written with:
 *   - a learned code (its header bytes are copied as they are, so a decoder
 *     that keys its tables by header bytes can skip its table build too),
 *     where it costs little more than the page's own code (below);
 *   - else the cheapest of a code tailored to this page, the fixed code
 *     and stored blocks.
 * Output depends only on the page and the session's own earlier pages.
 *
 * Size bound, by construction. Let T, F, S be the exact bit costs of the
 * tailored, fixed and stored blocks (T is what the no-learning path, L NULL,
 * compares) and B the cheapest learned code's. A learned code is taken only
 * when it is cheaper than F and S and B <= (T + 8 * CPU_PG_MARGIN) *
 * (1 + 1/CPU_PG_SLACK), checked against a lower bound of T (the Shannon
 * entropy of the page's symbols plus the smallest header) without planning
 * T, or against T itself once planned. So, for a page the no-learning path
 * writes in n bytes,
 *     bytes(L) <= cpu_pg_bound(n) = n + M + (n + M) / CPU_PG_SLACK + 1
 * (M = CPU_PG_MARGIN; the +1 is the rounding of bits up to a byte), and
 * never more than the stored size: len + 5 per 65535 bytes (5 bytes for len
 * 0), which is below zlib's deflateBound for a raw stream. The margin is
 * what lets a learned pick skip planning: a tailored code's header alone is
 * 60-95 bytes of a 4 KiB page (median 66 on the corpus), which the entropy
 * bound does not see.
 *
 * Within that bound a session also keeps a size budget: learned picks may
 * make its output about 1/30 larger than its own codes would
 * (cpu_pgdeflate.c). Measured (bench/pg_deflate.sh, 4 KiB L1, 96 MiB each):
 * learned codes are made from the session's recent symbol counts; 56-71% of
 * the pages of the corpus, shared libraries and a core dump take one, for
 * output 1.8-2.2% larger than without learning (0.7-1.8% over ISA-L's level
 * 1) and decoding 1.15-1.3x faster (cached tables). A session tries learned codes on every
 * page only while they are being taken (cpu_pgdeflate.c: cold and warm).
 *
 * Built with CPU_PG_PLAIN defined, the x86 paths (AVX2 cost sums, SSE2
 * symbol sets, the BMI2 writer) are left out, as on other machines: the
 * unit test is built both ways (cpu_pgx86.h).
 */
#ifndef CPU_PGLEARN_H
#define CPU_PGLEARN_H

#include <stdbool.h>
#include <linux/types.h>

#define CPU_PG_MAX (64u * 1024)	/* largest input cpu_pg_deflate takes */
#define CPU_PG_SLACK 24u	/* learned code taken when <= (tailored + margin) * (1 + 1/24) */
#define CPU_PG_MARGIN 100u	/* bytes */

struct cpu_pglearn;		/* one session's learned tables: one thread at a time */
struct cpu_pglearn *cpu_pglearn_new(void);	/* NULL on ENOMEM */
void cpu_pglearn_free(struct cpu_pglearn *L);	/* NULL ok */
/*
 * src[0..len) (len <= CPU_PG_MAX, len 0 allowed) as ONE complete raw deflate stream
 * (BFINAL set on its last block) into dst[0..dst_len). Returns the bytes written, or 0
 * when the stream does not fit (never writes past dst_len). level 1..3; win_bits 12..15
 * bounds the match distance to 2^win_bits. L NULL: no learning (a table tailored to this
 * input, the "no-learning path" every bound is stated against).
 */
__u32 cpu_pg_deflate(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u8 *dst,
		     __u32 dst_len, int level, int win_bits);
struct cpu_pglearn_stats { __u64 calls, learned, tailored, fixed, stored; };
/* The most bytes a learning session writes for a page the no-learning path writes in n. */
static inline __u32 cpu_pg_bound(__u32 n)
{
	return n + CPU_PG_MARGIN + (n + CPU_PG_MARGIN) / CPU_PG_SLACK + 1;
}
void cpu_pglearn_stats(const struct cpu_pglearn *L, struct cpu_pglearn_stats *st);

/* ---- between the page deflater's files (cpu_pg*.c) only ---- */

#define CPU_PG_NLL 286		/* literal/length symbols 0..285 */
#define CPU_PG_NDIST 30		/* distance symbols 0..29 */
#define CPU_PG_NSYM (CPU_PG_NLL + CPU_PG_NDIST)
/*
 * Code length limits (deflate allows 15), so that the page inflater
 * (cpu_pgcache.h) never needs a subtable for our pages: a learned code's
 * litlen lengths <= 11 and distance lengths <= 8, its cached tables' widths;
 * a page's own code (inputs up to CPU_PG_SMALL) litlen <= 10, so that its
 * one-page table (as wide as its longest code) has at most 1024 entries to
 * fill. Measured (4 KiB L1, 96 MiB each of the corpus, shared libraries and
 * a core dump, against 15): output 0.03-0.06% smaller (fewer distinct
 * lengths make a shorter header), header parse and table build 24% faster.
 */
#define CPU_PG_LL_LEARNED 11
#define CPU_PG_LL_PAGE 10
#define CPU_PG_D_MAX 8
#define CPU_PG_SMALL 8192u
#define CPU_PG_HDR_MAX 320	/* dynamic header bytes: 17 + 19*3 + 316*7 bits < 2300 */

/*
 * One Huffman code pair ready to write with. Codes are bit-reversed (deflate
 * sends them most significant bit first into an LSB-first stream).
 */
struct cpu_pgcode {
	__u32 ll[CPU_PG_NLL];	/* code | length << 24 */
	__u32 dist[CPU_PG_NDIST];	/* code | length << 24 */
	/*
	 * The writer's tables (cpu_pgdeflate.c), laid out so that a token's
	 * fields need few operations: wl[a] is the code of a token's first
	 * field, zero-extended (wl[0..255] literals; wl[256 + length - 3] a
	 * length code with its extra bits above it), wlen[a] its bit count.
	 * wb is indexed by bits 8..17 of a token, b << 1 | (a >= 256), so a
	 * 16-bit load and a mask find it: wb[0] nothing (0 bits), wb[2 * (32
	 * + byte)] a literal's code, wb[2 * (1 + dsym) + 1] a distance code;
	 * the other places are never read.
	 */
	__u64 wl[512];
	struct cpu_pgwb {
		__u32 code;
		__u8 s;		/* 18 - code length: the token's extra bits, its
				 * bits 18.. with the rest cleared, shifted right
				 * by s land just above the code */
		__u8 len;	/* code length + extra-bit count */
		__u16 unused;
	} wb[2 * (32 + 256)];
	__u8 wlen[512];
	__u32 w[CPU_PG_NSYM];	/* code lengths (ll then dist): the cost weights */
	__u64 have[(CPU_PG_NSYM + 63) / 64];	/* symbols with a code */
	__u32 lit_max;		/* longest literal code (the writer groups by it) */
	__u32 hdr_bits;		/* block header incl. BFINAL/BTYPE, from stream bit 0 */
	__u8 hdr[CPU_PG_HDR_MAX];
	__u64 stamp;		/* when last chosen (least recently chosen is replaced) */
};

/*
 * A code for the symbol counts freq[0..CPU_PG_NSYM) (literal/length then
 * distance; freq[256], end of block, must not be 0): a page's own, or a
 * session's recent counts for a learned code. Planned in two steps so that
 * its exact cost is known before any code or header is made:
 *   cpu_pgh_plan: code lengths (litlen <= ll_max, distance <= d_max, the
 *                 code-length code's <= 7) and the
 *                 header's run-length items; returns the exact block bits
 *                 (header + sum of count x length; extra bits not included);
 *   cpu_pgh_make: the canonical codes and the header bytes (a final block);
 *                 weights: also w[] and have[] (a code whose cost will be
 *                 asked again: a learned one).
 */
struct cpu_pgplan {
	__u8 lens[CPU_PG_NSYM];
	__u16 items[CPU_PG_NSYM + 4];	/* code-length symbol | extra value << 5
					 * (+ room for cpu_pghdr.c's 8-byte stores) */
	__u8 clens[19];
	unsigned ni, nl, nd, ncl;
	__u32 hdr_bits;
};
__u32 cpu_pgh_plan(struct cpu_pgplan *p, const __u32 *freq, unsigned ll_max, unsigned d_max);
void cpu_pgh_make(struct cpu_pgcode *c, const struct cpu_pgplan *p, bool weights);
/* The fixed code (BTYPE 01) in the same form; its header is 3 bits. */
void cpu_pgh_fixed(struct cpu_pgcode *c);
/* Fill ll/dist/the writer's tables/w/have from code lengths
 * lens[0..CPU_PG_NSYM) (cpu_pgcode.c, as cpu_pgh_make and cpu_pgh_fixed). */
void cpu_pgh_codes(struct cpu_pgcode *c, const __u8 *lens);

/* Extra bits of a distance symbol (RFC 1951, 3.2.5). */
static inline unsigned cpu_pg_dextra_of_sym(unsigned dsym)
{
	return dsym < 4 ? 0 : (dsym >> 1) - 1;
}

#endif /* CPU_PGLEARN_H */

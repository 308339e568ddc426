/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's block writer (cpu_pgint.h): a page's tokens with a
 * chosen code as one final dynamic or fixed block, or the page as stored
 * blocks. The choice of code is cpu_pgdeflate.c's.
 *
 * It is bound by how many instructions a token takes (about 25: its tables
 * are laid out for loads, and two tokens share a flush), not by its bit
 * buffer's chain; a BMI2 build of the token loop is 6% faster. What was
 * measured and not kept: docs/page-deflater-notes.md.
 */
#include <string.h>
#include "cpu_pgint.h"
#include "cpu_pgx86.h"

/*
 * The block writer. Its output size is known before it starts (the exact
 * cost that chose the code), so it writes into a buffer with 8 bytes of room
 * past that size and checks nothing per token: whole bytes leave the 64-bit
 * bit buffer by one unaligned 8-byte store after each group of codes. After
 * a store at most 7 bits remain, so a group may add up to 56 bits: two
 * tokens when they fit (a match is at most 20 + 28 bits, a pair of literals
 * 30; on the corpus and a core dump two tokens all but always fit), four literals
 * of <= 14 bits (three when the code has 15-bit literals). Codes of a group
 * are merged before they meet the buffer, so the chain through the bit
 * count is one add per group, not one per code.
 */
struct bw {
	__u64 acc;
	unsigned long n;
	__u8 *p;
};

static inline __attribute__((always_inline)) void bw_put(struct bw *w, __u64 v, unsigned long n)
{
	w->acc |= v << w->n;
	w->n += n;
}

static inline __attribute__((always_inline)) void bw_flush(struct bw *w)
{
	__u64 a = w->acc;	/* a copy: &w->acc would keep it out of registers */
	unsigned long m = w->n & ~7ul;	/* the whole bytes' bits */

	memcpy(w->p, &a, 8);
	w->acc >>= m;
	w->n -= m;
	w->p += m >> 3;
}

/* ll[] entries are code | length << 24 */
#define E_CODE(e) ((e) & 0xffffffu)
#define E_LEN(e) ((e) >> 24 & 31)

/* Literals q[0..r) (r <= group) as one group: the unused places add no
 * bits and read q[0], so nothing past the literals is read. */
static inline __attribute__((always_inline)) void
lit_group(struct bw *w, const struct cpu_pgcode *c, const __u8 *q, unsigned r, unsigned group)
{
	__u64 v = 0;
	unsigned long n = 0;
	unsigned i;

	for (i = 0; i < group; i++) {
		unsigned s = q[i < r ? i : 0];
		__u64 on = -(__u64)(i < r);

		v |= (c->wl[s] & on) << n;
		n += c->wlen[s] & on;
	}
	bw_put(w, v, n);
	bw_flush(w);
}

/*
 * One token's bits (its first field's code, the second's, the extra bits:
 * cpu_pgint.h) and their count, by the same path for every kind (no branch
 * on data). The second field's entry is found by the token's bits 8..17
 * (one 16-bit load and a mask, no shift); the extra bits, bits 18.. with
 * the rest cleared, land above its code by one shift (cpu_pglearn.h).
 */
static inline __attribute__((always_inline)) __u64
tok_bits(const struct cpu_pgcode *c, const __u32 *tp, unsigned long *len)
{
	__u32 t = *tp, y;
	unsigned long a = t & 511, alen = c->wlen[a], bi;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__u16 h;

	memcpy(&h, (const __u8 *)tp + 1, 2);
	bi = h & 1023u;
#else
	bi = t >> 8 & 1023;
#endif
	y = (t & ~0x3ffffu) >> c->wb[bi].s | c->wb[bi].code;
	*len = c->wb[bi].len + alen;
	return (__u64)y << alen | c->wl[a];
}

/*
 * The tokens, two a store when their bits fit (the else branch is all but
 * never taken), then the literals after the last match, in groups.
 */
static inline __attribute__((always_inline)) void
write_toks(const struct cpu_pgcode *c, const struct cpu_pglearn *L, __u32 ntok,
	   const __u8 *q, const __u8 *end, struct bw *wo, unsigned group)
{
	const __u32 *tp = L->tok, *te = tp + (ntok & ~1u);
	struct bw w = *wo;

	for (; tp < te; tp += 2) {
		unsigned long l0, l1;
		__u64 v0 = tok_bits(c, tp, &l0), v1 = tok_bits(c, tp + 1, &l1);

		if (__builtin_expect(l0 + l1 <= 56, 1)) {
			bw_put(&w, v0 | v1 << l0, l0 + l1);
		} else {
			bw_put(&w, v0, l0);
			bw_flush(&w);
			bw_put(&w, v1, l1);
		}
		bw_flush(&w);
	}
	if (ntok & 1) {
		unsigned long l0;
		__u64 v0 = tok_bits(c, tp, &l0);

		bw_put(&w, v0, l0);
		bw_flush(&w);
	}
	for (; end - q >= (long)group; q += group)
		lit_group(&w, c, q, group, group);
	if (q < end)
		lit_group(&w, c, q, (unsigned)(end - q), group);
	*wo = w;
}

#define WRITE_TOKS(name, group, attr)                                                      \
	static __attribute__((noinline)) attr void name(const struct cpu_pgcode *c,         \
							 const struct cpu_pglearn *L, __u32 ntok, \
							 const __u8 *q, const __u8 *end,          \
							 struct bw *w)                            \
	{                                                                                  \
		write_toks(c, L, ntok, q, end, w, group);                                  \
	}
WRITE_TOKS(write_toks4, 4, )
WRITE_TOKS(write_toks3, 3, )
#if CPU_PG_X86
/* the same built for BMI2 (shifts by a count in any register) */
WRITE_TOKS(write_toks4_bmi2, 4, __attribute__((target("bmi2"))))
WRITE_TOKS(write_toks3_bmi2, 3, __attribute__((target("bmi2"))))
#else
#define write_toks4_bmi2 write_toks4
#define write_toks3_bmi2 write_toks3
#endif

/*
 * One final block with code c (its header first) into dst, which has room
 * for the block's exact size plus 8 bytes; returns the bytes written.
 */
__u32 cpu_pg_write_block(const struct cpu_pgcode *c, const struct cpu_pglearn *L, __u32 ntok,
			  const __u8 *src, __u32 tail, __u32 len, __u8 *dst)
{
	struct bw w = { 0, c->hdr_bits & 7, dst + (c->hdr_bits >> 3) };

	memcpy(dst, c->hdr, c->hdr_bits >> 3);
	if (w.n)
		w.acc = c->hdr[c->hdr_bits >> 3] & ((1u << w.n) - 1);
	if (CPU_PG_HAVE_BMI2()) {
		if (c->lit_max <= 14)
			write_toks4_bmi2(c, L, ntok, src + tail, src + len, &w);
		else
			write_toks3_bmi2(c, L, ntok, src + tail, src + len, &w);
	} else if (c->lit_max <= 14) {
		write_toks4(c, L, ntok, src + tail, src + len, &w);
	} else {
		write_toks3(c, L, ntok, src + tail, src + len, &w);
	}
	bw_put(&w, E_CODE(c->ll[256]), E_LEN(c->ll[256]));
	bw_flush(&w);
	return (__u32)(w.p - dst) + (w.n != 0);
}

__u32 cpu_pg_stored_bytes(__u32 len)
{
	return len + 5 * (len ? (len + 65534) / 65535 : 1);
}

__u32 cpu_pg_write_stored(const __u8 *src, __u32 len, __u8 *dst)
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

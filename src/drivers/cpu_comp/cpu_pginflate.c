/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page inflater's decoder (see cpu_pgcache.h): one complete raw
 * deflate stream, stored, fixed and dynamic blocks, dynamic tables from the
 * session's cache (cpu_pgtables.c).
 *
 * Bits: a 64-bit buffer refilled by unaligned 8-byte loads while 8 bytes of
 * input remain, byte by byte after that with zeros past the end ("over"
 * counts them); bits taken from those zeros mean a truncated stream, which
 * is checked when the stream ends (and as soon as more than 8 such bytes were
 * supplied, so garbage does not run on).
 *
 * The fast loop runs while 16 bytes of input and PG_FAST_ROOM bytes of
 * output remain, so that it checks neither: one refill gives >= 56 bits,
 * enough for up to three literal entries (a main table's, <= 11 bits each)
 * and the next lookup, or two and a length (<= 11 + 9) and the distance
 * entry's lookup; a match is copied 8 bytes at a time and may write 7
 * bytes past its end. The careful loop checks everything.
 */
#include <stddef.h>
#include <string.h>
#include "cpu_pgcache.h"
#include "cpu_pgx86.h"

#define PG_FAST_IN	16
#define PG_FAST_ROOM	(4 + 258 + 8 + 10)	/* literals, a match, its overshoot; spare */

static inline __u64 ld64(const __u8 *p)
{
	__u64 v;

	memcpy(&v, p, 8);
	return v;
}

#define MASK(k) ((1ull << (k)) - 1)

/* >= 56 bits in bb; needs 8 bytes at in. */
#define REFILL_FAST()						\
	do {							\
		bb |= ld64(in) << n;				\
		in += (63 - n) >> 3;				\
		n |= 56;					\
	} while (0)

/* >= 56 bits in bb, zeros past the input; too many zeros: not ours. */
#define REFILL()						\
	do {							\
		if (in_end - in >= 8) {				\
			REFILL_FAST();				\
		} else {					\
			while (n <= 56) {			\
				if (in < in_end)		\
					bb |= (__u64)*in++ << n; \
				else if (++over > 8)		\
					goto no;		\
				n += 8;				\
			}					\
		}						\
	} while (0)

/*
 * In the fast loop: n's low byte is the count, the rest garbage, so that
 * consuming an entry's bits is one subtraction of the whole entry.
 */
#define REFILL_FAST8()						\
	do {							\
		bb |= ld64(in) << (__u8)n;			\
		in += 7 - ((n >> 3) & 7);			\
		n |= 56;					\
	} while (0)

#define TAKE_E(e)						\
	do {							\
		bb >>= (__u8)(e);				\
		n -= (e);					\
	} while (0)

#define TAKE(k)							\
	do {							\
		bb >>= (k);					\
		n -= (k);					\
	} while (0)

/* Bits of the stream consumed so far. */
#define CONSUMED() (((__u64)(in - src) + over) * 8 - n)

/* The reader at bit p of src (p <= len * 8). */
#define SEEK(p)							\
	do {							\
		__u64 p_ = (p);					\
		in = src + (p_ >> 3);				\
		bb = 0;						\
		n = 0;						\
		over = 0;					\
		REFILL();					\
		TAKE((unsigned)(p_ & 7));			\
	} while (0)

/*
 * A match of length (3..258) at dist (1..out - dst) with room for
 * max(length, 40) + 7 bytes: whole 8-byte words, some of them past the end.
 * dist < 8: each word repeats the period's first dist bytes, so the
 * pointers step by dist.
 */
static inline __attribute__((always_inline)) void copy_fast(__u8 *out, __u32 dist, __u32 length)
{
	const __u8 *from = out - dist;
	__u8 *stop = out + length;

	if (dist >= 8) {
		/* most matches are short: 40 bytes without a branch */
		memcpy(out, from, 8);
		memcpy(out + 8, from + 8, 8);
		memcpy(out + 16, from + 16, 8);
		memcpy(out + 24, from + 24, 8);
		memcpy(out + 32, from + 32, 8);
		out += 40;
		from += 40;
		while (out < stop) {
			memcpy(out, from, 8);
			out += 8;
			from += 8;
		}
	} else if (dist == 1) {
		__u64 v = 0x0101010101010101ull * out[-1];

		memcpy(out, &v, 8);
		memcpy(out + 8, &v, 8);
		memcpy(out + 16, &v, 8);
		memcpy(out + 24, &v, 8);
		out += 32;
		while (out < stop) {
			memcpy(out, &v, 8);
			out += 8;
		}
	} else {
		__u64 w;

		/* the word overlaps its source: through a register, so memcpy's
		 * arguments never overlap (a real memcpy call, as at -O0, may
		 * copy in another order) */
		do {
			memcpy(&w, from, 8);
			memcpy(out, &w, 8);
			out += dist;
			from += dist;
		} while (out < stop);
	}
}

static inline __attribute__((always_inline)) int
pg_run(struct cpu_pgcache *C, const __u8 *src, __u32 len, __u8 *dst, __u32 dst_len,
       __u32 *used, __u32 *made)
{
	const __u8 *in = src, *in_end = src + len;
	__u8 *out = dst, *out_end = dst + dst_len;
	/* the fast loop runs while in < in_fast and out < out_fast */
	const __u8 *in_fast = len >= PG_FAST_IN ? in_end - PG_FAST_IN + 1 : src;
	__u8 *out_fast = dst_len >= PG_FAST_ROOM ? out_end - PG_FAST_ROOM + 1 : dst;
	__u64 bb = 0, pos;
	unsigned n = 0, final;
	__u32 over = 0;

	do {
		const struct pg_tables *t;
		const __u32 *lt, *dt;
		unsigned lbits, dbits;
		__u32 e = 0, length, dist;	/* 0: -O1 cannot see every path sets it */
		int hit;

		REFILL();
		final = bb & 1;
		switch ((bb >> 1) & 3) {
		case 0: {	/* stored: LEN, NLEN on the next byte boundary */
			__u32 at, blen;

			TAKE(3 + ((n - 3) & 7));
			pos = CONSUMED();
			if (pos > (__u64)len * 8)
				goto no;
			at = (__u32)(pos >> 3);
			if (len - at < 4)
				goto no;
			blen = src[at] | (__u32)src[at + 1] << 8;
			if ((blen ^ (src[at + 2] | (__u32)src[at + 3] << 8)) != 0xffff)
				goto no;
			at += 4;
			if (blen > len - at || blen > (__u32)(out_end - out))
				goto no;
			memcpy(out, src + at, blen);
			out += blen;
			SEEK((__u64)(at + blen) * 8);
			continue;
		}
		case 1:
			TAKE(3);
			t = cpu_pg_fixed(C);
			break;
		case 2:
			TAKE(3);
			pos = CONSUMED();
			t = cpu_pg_dynamic(C, src, len, &pos, &hit);
			if (!t)
				goto no;
			SEEK(pos);
			break;
		default:
			goto no;
		}
		lt = t->lit;
		dt = t->dist;
		lbits = t->lbits;	/* index bits: one bzhi with BMI2 */
		dbits = t->dbits;

		/*
		 * Fast loop: no bound checks but the distance's. At the top e
		 * is the next litlen entry, looked up but not consumed, and
		 * bb holds >= 56 bits. The next entry is looked up before a
		 * literal is stored or a match copied, so that the table load
		 * overlaps them; extra bits come from the saved buffer (sb) so
		 * that consuming does not wait for them.
		 */
		if (in < in_fast && out < out_fast) {
			REFILL_FAST8();
			e = lt[bb & MASK(lbits)];
		}
		while (in < in_fast && out < out_fast) {
			__u64 sb;

			if (e & PG_E_LIT) {
				/*
				 * three entries of one or two literals take at
				 * most 33 bits; two bytes are stored, one or two
				 * kept
				 */
				__u16 v = (__u16)(e >> 8);
				unsigned adv = 1 + ((e >> 30) & 1);

				TAKE_E(e);
				e = lt[bb & MASK(lbits)];
				memcpy(out, &v, 2);
				out += adv;
				if (e & PG_E_LIT) {
					v = (__u16)(e >> 8);
					adv = 1 + ((e >> 30) & 1);
					TAKE_E(e);
					e = lt[bb & MASK(lbits)];
					memcpy(out, &v, 2);
					out += adv;
					if (e & PG_E_LIT) {
						v = (__u16)(e >> 8);
						adv = 1 + ((e >> 30) & 1);
						TAKE_E(e);
						e = lt[bb & MASK(lbits)];
						REFILL_FAST8();
						memcpy(out, &v, 2);
						out += adv;
						continue;
					}
				}
			}
			/*
			 * A length: <= 20 bits, after at most two literal
			 * entries of <= 11 bits from >= 56: the distance
			 * entry's 8 index bits are there. The refills come
			 * after the lookups they could delay (the distance's,
			 * the next litlen entry's), as libdeflate does: a match
			 * went 12-18% faster than with each refill before its
			 * lookup.
			 */
			sb = bb;
			TAKE_E(e);
			if (e & PG_E_EXC) {
				if (e & PG_E_SUB) {
					e = lt[(e >> 16) + (__u32)(bb & MASK((e >> 8) & 0xf))];
					sb = bb;
					TAKE_E(e);
					if (e & PG_E_LIT) {
						REFILL_FAST8();
						*out++ = (__u8)(e >> 8);
						e = lt[bb & MASK(lbits)];
						continue;
					}
				}
				if (e & PG_E_EXC) {
					if ((e & (PG_E_EOB | PG_E_SUB)) != PG_E_EOB)
						goto no;
					n &= 0xff;
					goto block_done;
				}
			}
			length = (e >> 16) + (__u32)((sb & MASK(e & 0xff)) >> ((e >> 8) & 0xf));
			e = dt[bb & MASK(dbits)];
			REFILL_FAST8();
			if (e & PG_E_EXC) {
				if (!(e & PG_E_SUB))
					goto no;
				TAKE_E(e);	/* the main table's bits */
				e = dt[(e >> 16) + (__u32)(bb & MASK((e >> 8) & 0xf))];
				if (e & PG_E_EXC)
					goto no;
			}
			sb = bb;
			TAKE_E(e);
			dist = (e >> 16) + (__u32)((sb & MASK(e & 0xff)) >> ((e >> 8) & 0xf));
			if (dist > (__u32)(out - dst))
				goto no;
			e = lt[bb & MASK(lbits)];
			REFILL_FAST8();
			copy_fast(out, dist, length);
			out += length;
		}
		n &= 0xff;

		/* Careful loop: near the end of the input or of dst. */
		for (;;) {
			REFILL();
			e = lt[bb & MASK(lbits)];
			if (!(e & PG_E_LIT) && (e & PG_E_SUB)) {
				__u32 idx = (e >> 16) + (__u32)((bb >> (e & 0xff)) &
								MASK((e >> 8) & 0xf));
				TAKE(e & 0xff);	/* the main table's bits */
				e = lt[idx];
			}
			if (e & PG_E_LIT) {
				/* two literals need room for both: both are the stream's */
				if (out_end - out < 1 + (ptrdiff_t)((e >> 30) & 1))
					goto no;
				TAKE(e & 0xff);
				*out++ = (__u8)(e >> 8);
				if (e & PG_E_LIT2)
					*out++ = (__u8)(e >> 16);
				continue;
			}
			if (e & PG_E_EXC) {
				if ((e & (PG_E_EOB | PG_E_SUB)) != PG_E_EOB)
					goto no;
				TAKE(e & 0xff);
				break;
			}
			length = (e >> 16) + (__u32)((bb & MASK(e & 0xff)) >> ((e >> 8) & 0xf));
			TAKE(e & 0xff);
			e = dt[bb & MASK(dbits)];
			if (e & PG_E_EXC) {
				__u32 idx;

				if (!(e & PG_E_SUB))
					goto no;
				idx = (e >> 16) + (__u32)((bb >> (e & 0xff)) & MASK((e >> 8) & 0xf));
				TAKE(e & 0xff);	/* the main table's bits */
				e = dt[idx];
				if (e & PG_E_EXC)
					goto no;
			}
			dist = (e >> 16) + (__u32)((bb & MASK(e & 0xff)) >> ((e >> 8) & 0xf));
			TAKE(e & 0xff);
			if (dist > (__u32)(out - dst) || length > (__u32)(out_end - out))
				goto no;
			if (out_end - out >= (ptrdiff_t)length + 48) {
				copy_fast(out, dist, length);
				out += length;
			} else {
				const __u8 *from = out - dist;
				__u8 *stop = out + length;

				while (out < stop)
					*out++ = *from++;
			}
		}
block_done:;
	} while (!final);

	pos = CONSUMED();
	if (pos > (__u64)len * 8)
		goto no;
	*used = (__u32)((pos + 7) >> 3);
	*made = (__u32)(out - dst);
	return CPU_PGI_OK;
no:
	return CPU_PGI_NO;
}

#if CPU_PG_X86
/* The same loop built for BMI2 (shifts and masks by a variable count). */
__attribute__((target("bmi2"))) static int
pg_run_bmi2(struct cpu_pgcache *C, const __u8 *src, __u32 len, __u8 *dst, __u32 dst_len,
	    __u32 *used, __u32 *made)
{
	return pg_run(C, src, len, dst, dst_len, used, made);
}
#else
#define pg_run_bmi2 pg_run_plain
#endif

static int pg_run_plain(struct cpu_pgcache *C, const __u8 *src, __u32 len, __u8 *dst,
			__u32 dst_len, __u32 *used, __u32 *made)
{
	return pg_run(C, src, len, dst, dst_len, used, made);
}

int cpu_pg_inflate(struct cpu_pgcache *C, const __u8 *src, __u32 len, __u8 *dst,
		   __u32 dst_len, __u32 *used, __u32 *made)
{
	int r;

	if (CPU_PG_HAVE_BMI2())
		r = pg_run_bmi2(C, src, len, dst, dst_len, used, made);
	else
		r = pg_run_plain(C, src, len, dst, dst_len, used, made);
	cpu_pg_count(C, r == CPU_PGI_OK);
	return r;
}

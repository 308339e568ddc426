/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page inflater's tables (see cpu_pgcache.h): dynamic header parsing
 * with zlib's acceptance rules, canonical Huffman decode tables, and the
 * per-session cache keyed by the header's exact bit string.
 *
 * Why the key is the bit string: the header is a prefix code read from a
 * fixed start, so equal bits give the same code lengths and end at the same
 * place. A hit compares those bits (never just a hash) and skips both the
 * parse and the build.
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_pgcache.h"

/*
 * 16 entries (the memory bound in cpu_pgcache.h) in 2^sets_log sets of
 * 16 >> sets_log ways. The default is one set: an encoder rotating through
 * up to 16 tables keeps them all, where 4 sets of 4 lost most of 8 tables
 * whenever 5 of them shared a set. The tags sit apart from the entries, so
 * a lookup reads one or two cache lines, not 16 entries.
 */
#define PG_ENTRIES	16
#define PG_SETS_LOG_DEF	0
#define PG_SETS_LOG_MAX	2	/* at least 4 ways */
#define PG_NLEN_MAX	286	/* zlib: more litlen or distance codes is an error */
#define PG_NDIST_MAX	30
/*
 * Tags of the last 32 headers seen once, in a ring searched in full (on
 * misses only): a hashed array let two tables of a rotation evict each
 * other's tag for ever, so neither was ever cached.
 */
#define PG_SEEN		32

struct pg_entry {
	__u64 tag;	/* the header's first 64 bits (may include data bits) */
	__u32 nbits;	/* header length in bits; 0: the entry is empty */
	__u32 paired;	/* the litlen table has its two-literal entries */
	__u64 key[PG_KEY_WORDS];	/* the header's bits from bit 0, zero past nbits */
	struct pg_tables t;
};

struct cpu_pgcache {
	unsigned sets_log, ways;
	struct cpu_pgcache_stats st;
	__u32 tmpl_lit[288], tmpl_dist[32], tmpl_pre[19];	/* entries less length */
	__u16 rev[2048];	/* 11-bit reversal */
	struct pg_tables fixed;
	/*
	 * A header seen for the first time is built here, not cached: most
	 * headers of a foreign encoder never come back, and a table built
	 * over and over in one place stays in L1 where the decoder reads it,
	 * instead of cycling through every way. Its tag goes into seen[];
	 * the second time, the header is cached.
	 */
	struct pg_tables scratch;
	__u64 seen[PG_SEEN];
	unsigned seen_next;
	struct pg_entry *ent;		/* PG_ENTRIES */
	struct pg_slot {
		__u64 tag;		/* e->tag, or 0: empty */
		struct pg_entry *e;
	} slot[PG_ENTRIES];		/* per set, most recently used first */
};

static const __u16 len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const __u8 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const __u16 dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const __u8 dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
static const __u8 pre_order[19] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

static inline __u64 load_le64(const __u8 *p)
{
	__u64 v;

	memcpy(&v, p, 8);	/* x86 and arm64 Linux: little endian */
	return v;
}

/* 64 bits of src[0..len) from bit p on, zeros past the end. */
static inline __u64 bits_at(const __u8 *src, __u32 len, __u64 p)
{
	__u64 i = p >> 3, v = 0;
	unsigned s = p & 7, k;

	if (i + 9 <= len) {
		v = load_le64(src + i) >> s;
		return s ? v | (__u64)src[i + 8] << (64 - s) : v;
	}
	for (k = 0; k < 8 && i + k < len; k++)
		v |= (__u64)src[i + k] << (8 * k);
	v >>= s;
	if (s && i + 8 < len)
		v |= (__u64)src[i + 8] << (64 - s);
	return v;
}

/*
 * A symbol's entry from its template and code length: literals keep the
 * byte in bits 8-15, other symbols get the length there too.
 */
static inline __u32 pg_entry(__u32 tmpl, unsigned l)
{
	return tmpl + l + (tmpl & PG_E_LIT ? 0 : l << 8);
}

/*
 * Codeword code of length l (1..15) bit-reversed, as the decoder indexes
 * tables (deflate sends Huffman codes most significant bit first): rev
 * reverses 11 bits.
 */
static inline unsigned rev_bits(const __u16 *rev, unsigned code, unsigned l)
{
	if (l <= 11)
		return rev[code << (11 - l)];
	return rev[code >> (l - 11)] | (unsigned)rev[(code & ((1u << (l - 11)) - 1)) << (22 - l)] << 11;
}

/*
 * t[n..2n) = t[0..n): 16 bytes a step. Not memcpy, which gcc inlines as
 * rep movsq here, slow to start for the many small copies of a build.
 */
static inline void pg_double(__u32 *t, unsigned n)
{
	__u32 *d = t + n, *end = t + n;
	unsigned k;

	if (n < 4) {
		for (k = 0; k < n; k++)
			d[k] = t[k];
		return;
	}
	if (n == 4) {
		memcpy(d, t, 16);
		return;
	}
	/* 32 bytes a step: the last doublings copy most of a table */
	for (; t < end; t += 8, d += 8) {
		__u64 a, b, c, e;

		memcpy(&a, t, 8);
		memcpy(&b, t + 2, 8);
		memcpy(&c, t + 4, 8);
		memcpy(&e, t + 6, 8);
		memcpy(d, &a, 8);
		memcpy(d + 2, &b, 8);
		memcpy(d + 4, &c, 8);
		memcpy(d + 6, &e, 8);
	}
}

/*
 * Decode table for n code lengths, main table 2^*tbp entries, at most
 * `enough` entries in all. zlib's rules (inftrees.c): over-subscribed is an
 * error; incomplete is an error except a single code of length 1 (its other
 * half decodes as invalid) or, not strict, no code at all (every lookup is
 * invalid). strict: the code-length code, which must be complete. fit: the
 * main table as wide as the longest code when that is shorter than *tbp
 * (*tbp says the width chosen): a table used for one page only costs its
 * entries, and a narrower one has fewer to fill.
 */
static int pg_build(__u32 *t, unsigned *tbp, unsigned enough, const __u8 *lens, unsigned n,
		    const __u32 *tmpl, const __u16 *rev, int strict, int fit)
{
	unsigned tb = *tbp;
	unsigned count[16], cnt_b[16] = { 0 }, offs[16], offs_b[16], rem[16];
	__u16 sorted[288];
	unsigned s, l, i, code, cw, max = 0, next, prefix, sub_start = 0, subbits = 0, j, c;
	unsigned h = n / 2;
	int left = 1;

	/*
	 * Two halves counted and sorted side by side: each half's counter
	 * chain is half as long (same-length symbols follow one another).
	 */
	memset(count, 0, sizeof(count));
	for (s = 0; s < h; s++) {
		count[lens[s]]++;
		cnt_b[lens[s + h]]++;
	}
	if (n & 1)
		cnt_b[lens[n - 1]]++;
	for (l = 0; l < 16; l++) {
		unsigned a = count[l];

		count[l] = a + cnt_b[l];
		cnt_b[l] = a;	/* the first half's count, for its offsets */
	}
	for (l = 1; l <= 15; l++) {
		left <<= 1;
		left -= (int)count[l];
		if (left < 0)
			return -1;
		if (count[l])
			max = l;
	}
	if (fit && max < tb)
		*tbp = tb = max ? max : 1;
	if (left > 0) {
		if (strict || max > 1)
			return -1;
		/* nothing, or one codeword "0" of length 1: the rest is invalid */
		for (j = 0; j < (1u << tb); j++)
			t[j] = PG_E_EXC;
		for (s = 0; max && s < n; s++)
			if (lens[s] == 1)
				for (j = 0; j < (1u << tb); j += 2)
					t[j] = pg_entry(tmpl[s], 1);
		return 0;
	}
	/* by length, then symbol; unused symbols (length 0) last */
	offs[1] = 0;
	for (l = 1; l < 15; l++)
		offs[l + 1] = offs[l] + count[l];
	offs[0] = offs[15] + count[15];
	for (l = 0; l < 16; l++)
		offs_b[l] = offs[l] + cnt_b[l];
	for (s = 0; s < h; s++) {
		sorted[offs[lens[s]]++] = (__u16)s;
		sorted[offs_b[lens[s + h]]++] = (__u16)(s + h);
	}
	if (n & 1)
		sorted[offs_b[lens[n - 1]]] = (__u16)(n - 1);

	/*
	 * Codes up to tb bits, shortest first: the table's first 2^l entries
	 * are right for l-bit indexes, so doubling them makes room for the
	 * (l+1)-bit codes, which go where no shorter code sits.
	 */
	i = 0;
	code = 0;
	for (l = 1; l <= tb; l++) {
		if (l > 1)
			pg_double(t, 1u << (l - 1));
		for (c = count[l]; c; c--)
			t[rev[code++ << (11 - l)]] = pg_entry(tmpl[sorted[i++]], l);
		code <<= 1;
	}
	/* Longer codes: a subtable per tb-bit prefix, sized as zlib does. */
	memcpy(rem, count, sizeof(rem));
	next = 1u << tb;
	prefix = ~0u;
	for (l = tb + 1; l <= max; l++, code <<= 1) {
		for (c = count[l]; c; c--, code++) {
			cw = rev_bits(rev, code, l);
			if ((cw & ((1u << tb) - 1)) != prefix) {
				int room;

				prefix = cw & ((1u << tb) - 1);
				subbits = l - tb;
				room = 1 << subbits;
				while (subbits + tb < max) {
					room -= (int)rem[subbits + tb];
					if (room <= 0)
						break;
					subbits++;
					room <<= 1;
				}
				if (next + (1u << subbits) > enough)
					return -1;
				t[prefix] = PG_E_EXC | PG_E_SUB | next << 16 | subbits << 8 | tb;
				sub_start = next;
				next += 1u << subbits;
			}
			for (j = cw >> tb; j < (1u << subbits); j += 1u << (l - tb))
				t[sub_start + j] = pg_entry(tmpl[sorted[i]], l - tb);
			i++;
			rem[l]--;
		}
	}
	return 0;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#define PG_FIT_SIMD 1
/*
 * A one-page table (fit): the same entries as pg_build, but the symbols of
 * each length come from per-length bitmaps made by 16-byte compares, not
 * from a counting sort, whose counters (one per length, in memory) form a
 * store-to-load chain per symbol and whose pass also walks the ~half of the
 * symbols a 4 KiB page leaves unused. lens is readable and zero from n up
 * to the next multiple of 64 (n <= 320). Codes longer
 * than the table's limit (subtables), incomplete and empty codes go to
 * pg_build; over-subscribed ones fail here.
 */
static int pg_build_fit(__u32 *t, unsigned *tbp, unsigned enough, const __u8 *lens,
			unsigned n, const __u32 *tmpl, const __u16 *rev, int strict)
{
	__u64 bm[16][5];
	unsigned nw = (n + 63) / 64, i, l, w, max, code;
	int left = 1;
	__m128i vmax = _mm_setzero_si128(), zero = _mm_setzero_si128();

	/*
	 * Straight from lens, no copy into vectors (gcc made that a rep movsq
	 * and a memset call, both slow to start); lens is zero past n.
	 */
#define PG_LV(k) _mm_loadu_si128((const __m128i *)(lens + 16 * (k)))
	for (i = 0; i < 4 * nw; i++)
		vmax = _mm_max_epu8(vmax, PG_LV(i));
	vmax = _mm_max_epu8(vmax, _mm_srli_si128(vmax, 8));
	vmax = _mm_max_epu8(vmax, _mm_srli_si128(vmax, 4));
	vmax = _mm_max_epu8(vmax, _mm_srli_si128(vmax, 2));
	vmax = _mm_max_epu8(vmax, _mm_srli_si128(vmax, 1));
	max = (unsigned)_mm_cvtsi128_si32(vmax) & 0xff;
	if (max > *tbp || max > 15 || !max)
		return pg_build(t, tbp, enough, lens, n, tmpl, rev, strict, 1);
	/*
	 * Per length, its bitmap and count: the count from the compares
	 * summed bytewise (<= 20 a lane) and added by psadbw, not from
	 * popcounts, which the x86-64 baseline only has as a libgcc call.
	 */
	for (l = 1; l <= max; l++) {
		__m128i want = _mm_set1_epi8((char)l), acc = zero;
		unsigned c;

		for (w = 0; w < nw; w++) {
			__m128i c0 = _mm_cmpeq_epi8(PG_LV(4 * w), want);
			__m128i c1 = _mm_cmpeq_epi8(PG_LV(4 * w + 1), want);
			__m128i c2 = _mm_cmpeq_epi8(PG_LV(4 * w + 2), want);
			__m128i c3 = _mm_cmpeq_epi8(PG_LV(4 * w + 3), want);

			bm[l][w] = (__u64)(__u16)_mm_movemask_epi8(c0) |
				   (__u64)(__u16)_mm_movemask_epi8(c1) << 16 |
				   (__u64)(__u16)_mm_movemask_epi8(c2) << 32 |
				   (__u64)(__u16)_mm_movemask_epi8(c3) << 48;
			acc = _mm_sub_epi8(acc, _mm_add_epi8(_mm_add_epi8(c0, c1),
							     _mm_add_epi8(c2, c3)));
		}
		acc = _mm_sad_epu8(acc, zero);
		c = (unsigned)_mm_cvtsi128_si32(acc) +
		    (unsigned)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
		left = 2 * left - (int)c;
		if (left < 0)
			return -1;
	}
#undef PG_LV
	if (left > 0)	/* incomplete: zlib's special cases */
		return pg_build(t, tbp, enough, lens, n, tmpl, rev, strict, 1);
	*tbp = max;
	code = 0;
	for (l = 1; l <= max; l++, code <<= 1) {
		if (l > 1)
			pg_double(t, 1u << (l - 1));
		for (w = 0; w < nw; w++) {
			__u64 b = bm[l][w];

			while (b) {
				unsigned s = 64 * w + (unsigned)__builtin_ctzll(b);

				b &= b - 1;
				t[rev[code++ << (11 - l)]] = pg_entry(tmpl[s], l);
			}
		}
	}
	return 0;
}
/* fit tables by bitmaps */
#define PG_BUILD(t, tbp, enough, lens, n, tmpl, rev, strict, fit) \
	pg_build_fit(t, tbp, enough, lens, n, tmpl, rev, strict)
#else
#define PG_BUILD pg_build
#endif

/*
 * Two-literal entries in a main litlen table: where an index's first code
 * is a literal and the code after it, within the same 11 bits, is one too,
 * the entry gives both (bits 8-15, 16-23) and their summed length. Worth
 * its ~2k steps only for tables used again, so done on a table's first hit.
 * Downwards, so that i >> l1 (< i) is still a plain entry when read.
 */
static void pg_pair(__u32 *t)
{
	unsigned i = 1u << PG_LIT_BITS;

	while (i--) {
		__u32 e = t[i], e2;
		unsigned l1 = e & 0xff;

		if (!(e & PG_E_LIT) || l1 >= PG_LIT_BITS)
			continue;
		e2 = t[i >> l1];
		if (!(e2 & PG_E_LIT) || l1 + (e2 & 0xff) > PG_LIT_BITS)
			continue;
		t[i] = PG_E_LIT | PG_E_LIT2 | (e2 & 0xff00) << 8 | (e & 0xff00) | (l1 + (e2 & 0xff));
	}
}

/* The header's own bit reader: a 64-bit buffer, zeros past the input. */
struct hb {
	const __u8 *p, *end;
	__u64 buf;
	unsigned n;
	__u32 over;	/* zero bytes supplied past the end */
};

static inline void hb_refill(struct hb *r)
{
	if (r->end - r->p >= 8) {
		r->buf |= load_le64(r->p) << r->n;
		r->p += (63 - r->n) >> 3;
		r->n |= 56;
		return;
	}
	while (r->n <= 56) {
		if (r->p < r->end)
			r->buf |= (__u64)*r->p++ << r->n;
		else
			r->over++;
		r->n += 8;
	}
}

static inline unsigned hb_take(struct hb *r, unsigned k)
{
	unsigned v = (unsigned)(r->buf & ((1u << k) - 1));

	r->buf >>= k;
	r->n -= k;
	return v;
}

/*
 * n copies of v at p, in 16-byte steps that may write up to 15 bytes past
 * p + n: not memset, which gcc makes a rep stos here, slow to start on AMD
 * for the twenty-odd runs of a header and the zeros after the lengths.
 */
static inline void pg_fill(__u8 *p, __u8 v, unsigned n)
{
	__u64 w = v * 0x0101010101010101ull;
	unsigned k;

	for (k = 0; k < n; k += 16) {
		memcpy(p + k, &w, 8);
		memcpy(p + k + 8, &w, 8);
	}
}

/*
 * Parse a dynamic header from bit pos into t; 0 and *end (the bit after
 * the header), or -1 where zlib would fail or the header is truncated.
 */
static int pg_parse(const struct cpu_pgcache *C, const __u8 *src, __u32 len, __u64 pos,
		    struct pg_tables *t, __u64 *end, int fit)
{
	struct hb r = { src + (pos >> 3), src + len, 0, 0, 0 };
	/*
	 * lens: pg_fill's overshoot (< 16) and pg_build_fit's loads (320 bytes)
	 * past the lengths; dl, pl: 64 bytes for pg_build_fit and the overshoot
	 */
	__u8 lens[PG_NLEN_MAX + PG_NDIST_MAX + 32], dl[64 + 16], pl[64];
	__u32 pre[128];
	unsigned nlen, ndist, ncl, i, total, pb = 7, pmask;
	__u64 used;

	pg_fill(pl, 0, 64);
	hb_refill(&r);
	hb_take(&r, pos & 7);
	nlen = hb_take(&r, 5) + 257;
	ndist = hb_take(&r, 5) + 1;
	ncl = hb_take(&r, 4) + 4;
	if (nlen > PG_NLEN_MAX || ndist > PG_NDIST_MAX)
		return -1;
	for (i = 0; i < ncl; i++) {
		if (r.n < 3)
			hb_refill(&r);
		pl[pre_order[i]] = (__u8)hb_take(&r, 3);
	}
	if (PG_BUILD(pre, &pb, 128, pl, 19, C->tmpl_pre, C->rev, 1, 1))
		return -1;
	pmask = (1u << pb) - 1;
	total = nlen + ndist;
	for (i = 0; i < total;) {
		unsigned e, sym, rep;
		__u8 v = 0;

		if (r.n < 14)	/* a 7-bit code and 7 extra bits */
			hb_refill(&r);
		e = pre[r.buf & pmask];
		hb_take(&r, e & 0xff);
		sym = e >> 16;
		if (sym < 16) {
			lens[i++] = (__u8)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return -1;
			v = lens[i - 1];
			rep = 3 + hb_take(&r, 2);
		} else if (sym == 17) {
			rep = 3 + hb_take(&r, 3);
		} else {
			rep = 11 + hb_take(&r, 7);
		}
		if (rep > total - i)
			return -1;
		pg_fill(lens + i, v, rep);
		i += rep;
	}
	/*
	 * pg_build_fit reads whole 64-byte words, zero past the code: the
	 * distance lengths move to their own buffer, zeros follow both.
	 */
	memcpy(dl, lens + nlen, 32);
	pg_fill(dl + ndist, 0, 64 - ndist);
	pg_fill(lens + nlen, 0, 320 - nlen);
	used = ((__u64)(r.p - src) + r.over) * 8 - r.n;
	if (used > (__u64)len * 8 || !lens[256])
		return -1;
	t->lbits = PG_LIT_BITS;
	t->dbits = PG_DIST_BITS;
	if (fit ? PG_BUILD(t->lit, &t->lbits, PG_LIT_ENOUGH, lens, nlen, C->tmpl_lit, C->rev, 0, 1) ||
		  PG_BUILD(t->dist, &t->dbits, PG_DIST_ENOUGH, dl, ndist, C->tmpl_dist,
			   C->rev, 0, 1)
		: pg_build(t->lit, &t->lbits, PG_LIT_ENOUGH, lens, nlen, C->tmpl_lit, C->rev, 0, 0) ||
		  pg_build(t->dist, &t->dbits, PG_DIST_ENOUGH, dl, ndist, C->tmpl_dist,
			   C->rev, 0, 0))
		return -1;
	*end = used;
	return 0;
}

/* The header's bits [pos, pos + nbits) into key words, zero past nbits. */
static void pg_key(const __u8 *src, __u32 len, __u64 pos, __u32 nbits, __u64 *key)
{
	unsigned w, nw = (nbits + 63) / 64;

	for (w = 0; w < nw; w++)
		key[w] = bits_at(src, len, pos + 64 * w);
	if (nbits & 63)
		key[nw - 1] &= (1ull << (nbits & 63)) - 1;
}

static int pg_key_equal(const struct pg_entry *e, const __u8 *src, __u32 len, __u64 pos)
{
	__u64 key[PG_KEY_WORDS];
	unsigned nw = (e->nbits + 63) / 64;

	if (pos + e->nbits > (__u64)len * 8)
		return 0;
	pg_key(src, len, pos, e->nbits, key);
	return !memcmp(key, e->key, nw * sizeof(key[0]));
}

static void pg_to_front(struct pg_slot *set, unsigned w)
{
	struct pg_slot sl = set[w];

	memmove(set + 1, set, w * sizeof(*set));
	set[0] = sl;
}

const struct pg_tables *cpu_pg_dynamic(struct cpu_pgcache *C, const __u8 *src, __u32 len,
				       __u64 *pos, int *hit)
{
	struct pg_slot *set;
	struct pg_entry *e;
	__u64 tag, end;
	unsigned w;

	*hit = 0;
	if (*pos >= (__u64)len * 8)
		return NULL;	/* the header is past the input */
	/*
	 * The tag is the first 64 bits; a header with fewer bits of input
	 * after its start (a tiny last block) is parsed into the scratch
	 * tables, not kept (rare, and cheap to parse).
	 */
	tag = bits_at(src, len, *pos);
	if (!tag)
		return NULL;	/* no code-length code at all: zlib fails too */
	set = C->slot;
	if (C->sets_log)
		set += ((tag * 0x9E3779B97F4A7C15ull) >> (64 - C->sets_log)) * C->ways;
	if (*pos + 64 > (__u64)len * 8) {
		if (pg_parse(C, src, len, *pos, &C->scratch, &end, 1))
			return NULL;
		*pos = end;
		C->st.misses++;
		return &C->scratch;
	}
	for (w = 0; w < C->ways; w++) {
		if (set[w].tag != tag)
			continue;
		e = set[w].e;
		if (e->nbits && pg_key_equal(e, src, len, *pos)) {
			if (!e->paired) {
				pg_pair(e->t.lit);
				e->paired = 1;
			}
			pg_to_front(set, w);
			*pos += e->nbits;
			*hit = 1;
			C->st.hits++;
			return &e->t;
		}
	}
	/* First sight: the scratch tables; the tag is remembered. */
	for (w = 0; w < PG_SEEN && C->seen[w] != tag; w++)
		;
	if (w == PG_SEEN) {
		if (pg_parse(C, src, len, *pos, &C->scratch, &end, 1))
			return NULL;
		C->seen[C->seen_next++ % PG_SEEN] = tag;
		*pos = end;
		C->st.misses++;
		return &C->scratch;
	}
	/* Seen before: rebuild the least recently used way in place. */
	e = set[C->ways - 1].e;
	set[C->ways - 1].tag = 0;
	e->nbits = 0;
	if (pg_parse(C, src, len, *pos, &e->t, &end, 0))
		return NULL;
	e->tag = tag;
	e->paired = 0;
	e->nbits = (__u32)(end - *pos);
	pg_key(src, len, *pos, e->nbits, e->key);
	set[C->ways - 1].tag = tag;
	pg_to_front(set, C->ways - 1);
	*pos = end;
	C->st.misses++;
	return &e->t;
}

const struct pg_tables *cpu_pg_fixed(const struct cpu_pgcache *C)
{
	return &C->fixed;
}

void cpu_pg_count(struct cpu_pgcache *C, int ok)
{
	C->st.calls++;
	if (!ok)
		C->st.no++;
}

void cpu_pgcache_stats(const struct cpu_pgcache *C, struct cpu_pgcache_stats *st)
{
	*st = C->st;
}

struct cpu_pgcache *cpu_pgcache_new(unsigned hash_bits)
{
	unsigned sets_log = hash_bits ? hash_bits : PG_SETS_LOG_DEF, s;
	struct cpu_pgcache *C;
	__u8 fl[288 + 32];

	if (sets_log > PG_SETS_LOG_MAX)
		sets_log = PG_SETS_LOG_MAX;
	C = malloc(sizeof(*C));
	if (!C)
		return NULL;
	/* malloc, not calloc: untouched entries cost no memory until used */
	C->ent = malloc(PG_ENTRIES * sizeof(*C->ent));
	if (!C->ent) {
		free(C);
		return NULL;
	}
	memset(&C->st, 0, sizeof(C->st));
	memset(C->seen, 0, sizeof(C->seen));	/* tag 0 is refused before the search */
	C->seen_next = 0;
	C->sets_log = sets_log;
	C->ways = PG_ENTRIES >> sets_log;
	for (s = 0; s < PG_ENTRIES; s++) {
		C->slot[s].tag = 0;
		C->slot[s].e = &C->ent[s];
		C->ent[s].nbits = 0;
	}
	for (s = 0; s < 256; s++)
		C->tmpl_lit[s] = PG_E_LIT | s << 8;
	C->tmpl_lit[256] = PG_E_EXC | PG_E_EOB;
	for (s = 0; s < 29; s++)
		C->tmpl_lit[257 + s] = (__u32)len_base[s] << 16 | len_extra[s];
	C->tmpl_lit[286] = C->tmpl_lit[287] = PG_E_EXC;	/* invalid, as in zlib */
	for (s = 0; s < 30; s++)
		C->tmpl_dist[s] = (__u32)dist_base[s] << 16 | dist_extra[s];
	C->tmpl_dist[30] = C->tmpl_dist[31] = PG_E_EXC;
	for (s = 0; s < 19; s++)
		C->tmpl_pre[s] = s << 16;
	memset(fl, 8, 144);
	memset(fl + 144, 9, 112);
	memset(fl + 256, 7, 24);
	memset(fl + 280, 8, 8);
	memset(fl + 288, 5, 32);
	for (s = 0; s < 2048; s++) {
		unsigned r = 0, b;

		for (b = 0; b < 11; b++)
			r |= ((s >> b) & 1) << (10 - b);
		C->rev[s] = (__u16)r;
	}
	C->fixed.lbits = PG_LIT_BITS;
	C->fixed.dbits = PG_DIST_BITS;
	if (pg_build(C->fixed.lit, &C->fixed.lbits, PG_LIT_ENOUGH, fl, 288, C->tmpl_lit, C->rev,
		     0, 0) ||
	    pg_build(C->fixed.dist, &C->fixed.dbits, PG_DIST_ENOUGH, fl + 288, 32, C->tmpl_dist,
		     C->rev, 0, 0)) {
		cpu_pgcache_free(C);	/* cannot happen: the fixed code is complete */
		return NULL;
	}
	pg_pair(C->fixed.lit);
	return C;
}

void cpu_pgcache_free(struct cpu_pgcache *C)
{
	if (!C)
		return;
	free(C->ent);
	free(C);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page inflater's tables (see cpu_pgcache.h): dynamic header parsing
 * with zlib's acceptance rules and the per-session cache of decode tables
 * (built by cpu_pgbuild.c) keyed by the header's exact bit string.
 *
 * Why the key is the bit string: the header is a prefix code read from a
 * fixed start, so equal bits give the same code lengths and end at the same
 * place. A hit compares those bits (never just a hash) and skips both the
 * parse and the build.
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_pgcache.h"
#include "cpu_rfc1951.h"

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
	__u64 tag;	/* header_tag() */
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
 * The cache's tag of the dynamic header at bit pos, whose first 64 bits are
 * w0: those and the next 128 bits when the input has them, else w0 alone.
 * The first 64 bits are mostly the code-length code, which pages of one
 * kind share; a tag that different headers share makes each one rebuild the
 * other's entry (a process core dump's 4 KiB pages: 1100 cache builds per
 * 4096 pages for 260 hits). A tag may include data bits after a short
 * header: the cost is a miss, never a wrong hit (a hit compares the bits).
 */
static __u64 header_tag(const __u8 *src, __u32 len, __u64 pos, __u64 w0)
{
	__u64 t;

	if (pos + 192 > (__u64)len * 8)
		return w0;
	t = w0 ^ bits_at(src, len, pos + 64) * 0x9E3779B97F4A7C15ull ^
	    bits_at(src, len, pos + 128) * 0xC2B2AE3D27D4EB4Full;
	return t ? t : 1;	/* 0 marks an empty slot */
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
	 * lens: pg_fill's overshoot (< 16) and the fit builder's loads (320 bytes)
	 * past the lengths; dl, pl: 64 bytes for the fit builder and the overshoot
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
		pl[cpu_clen_order[i]] = (__u8)hb_take(&r, 3);
	}
	if (cpu_pg_build(pre, &pb, 128, pl, 19, C->tmpl_pre, C->rev, 1, 1))
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
	 * the fit builder reads whole 64-byte words, zero past the code: the
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
	if (cpu_pg_build(t->lit, &t->lbits, PG_LIT_ENOUGH, lens, nlen, C->tmpl_lit, C->rev, 0,
			 fit) ||
	    cpu_pg_build(t->dist, &t->dbits, PG_DIST_ENOUGH, dl, ndist, C->tmpl_dist, C->rev, 0,
			 fit))
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
	 * The tag starts from the first 64 bits; a header with fewer bits of input
	 * after its start (a tiny last block) is parsed into the scratch
	 * tables, not kept (rare, and cheap to parse).
	 */
	tag = bits_at(src, len, *pos);
	if (!tag)
		return NULL;	/* no code-length code at all: zlib fails too */
	tag = header_tag(src, len, *pos, tag);
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
				cpu_pg_pair(e->t.lit);
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
		C->tmpl_lit[257 + s] = (__u32)cpu_len_base[s] << 16 | cpu_len_extra[s];
	C->tmpl_lit[286] = C->tmpl_lit[287] = PG_E_EXC;	/* invalid, as in zlib */
	for (s = 0; s < 30; s++)
		C->tmpl_dist[s] = (__u32)cpu_dist_base[s] << 16 | cpu_dist_extra[s];
	C->tmpl_dist[30] = C->tmpl_dist[31] = PG_E_EXC;
	for (s = 0; s < 19; s++)
		C->tmpl_pre[s] = s << 16;
	cpu_fixed_lens(fl, fl + 288, 32);
	for (s = 0; s < 2048; s++)
		C->rev[s] = (__u16)cpu_rev_bits(s, 11);
	C->fixed.lbits = PG_LIT_BITS;
	C->fixed.dbits = PG_DIST_BITS;
	if (cpu_pg_build(C->fixed.lit, &C->fixed.lbits, PG_LIT_ENOUGH, fl, 288, C->tmpl_lit,
			 C->rev, 0, 0) ||
	    cpu_pg_build(C->fixed.dist, &C->fixed.dbits, PG_DIST_ENOUGH, fl + 288, 32,
			 C->tmpl_dist, C->rev, 0, 0)) {
		cpu_pgcache_free(C);	/* cannot happen: the fixed code is complete */
		return NULL;
	}
	cpu_pg_pair(C->fixed.lit);
	return C;
}

void cpu_pgcache_free(struct cpu_pgcache *C)
{
	if (!C)
		return;
	free(C->ent);
	free(C);
}

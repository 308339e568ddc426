/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page inflater (cpu_pginflate.c, cpu_pgtables.c, cpu_pgbuild.c): a
 * one-shot raw deflate decoder for small stateless requests, with a
 * per-session cache of decode tables keyed by the exact bits of a dynamic block's header
 * (HLIT .. the last code length). An encoder that reuses a few learned
 * Huffman tables emits byte-identical headers page after page; a page whose
 * header is in the cache skips header parsing and table building.
 *
 * It accepts exactly what zlib's raw inflate accepts or says CPU_PGI_NO:
 * anything it is unsure of (corrupt, truncated, dst too small) goes back to
 * the caller's normal decoder, which gives the verdict.
 *
 * Memory of one cache (x86-64): 16 entries of 11,288 bytes (key, litlen
 * and distance tables) + 27,992 bytes (fixed-code and scratch tables, 32
 * tags seen, slots) = 208,600 bytes (204 KiB), allocated at
 * cpu_pgcache_new (entry pages are touched as entries fill), never more.
 * The 16 entries form 2^hash_bits sets of
 * 16 >> hash_bits ways, LRU within a set: by default one set (an encoder
 * rotating through up to 16 tables keeps them all), hash_bits 1: 2 sets,
 * 2 or more: 4 sets.
 *
 * Policy: a header seen for the first time is built into the scratch tables
 * (as wide as its longest code, up to 11 / 8 bits: an encoder that tailors
 * a table to every page, ISA-L level 1 for one, sends nothing but such
 * headers, and a narrower table has fewer entries to fill)
 * and only its 64-bit tag is remembered (the last 32 such tags); seen
 * again, it is built into its set's least recently used way and cached; a
 * hit moves the entry to the front of its set. So headers that never repeat
 * (a foreign encoder's) cost no more than a plain decoder's build and do not
 * push out the ones that do. On a table's first hit its litlen table gets
 * two-literal entries.
 *
 * On CPU_PGI_OK, dst past *made (up to dst_len) may have been written too:
 * the fast loop copies in whole words.
 *
 * Built with CPU_PG_PLAIN defined, the x86 paths (BMI2 loop, AVX2 table
 * builder, AVX2 pairing) are left out, as on other machines: the unit test
 * is built both ways (cpu_pgx86.h).
 */
#ifndef CPU_PGCACHE_H
#define CPU_PGCACHE_H

#include <linux/types.h>

struct cpu_pgcache;	/* one session's decode tables: one thread at a time */

/* hash_bits 0: the default size; tests pass 1 so that unrelated headers collide */
struct cpu_pgcache *cpu_pgcache_new(unsigned hash_bits);	/* NULL on ENOMEM */
void cpu_pgcache_free(struct cpu_pgcache *C);			/* NULL ok */

enum { CPU_PGI_OK, CPU_PGI_NO };
/*
 * One complete raw deflate stream from src[0..len) into dst[0..dst_len). CPU_PGI_OK: the
 * stream ended (final block), *used = bytes of src up to and including the final block's
 * last byte, *made = bytes written. CPU_PGI_NO: not decoded here (corrupt or truncated
 * data, dst too small, anything unusual): the caller runs its normal decoder, which
 * gives the verdict; dst may hold garbage but nothing was written past dst_len and src
 * was never read past len.
 */
int cpu_pg_inflate(struct cpu_pgcache *C, const __u8 *src, __u32 len, __u8 *dst,
		   __u32 dst_len, __u32 *used, __u32 *made);

/*
 * calls: cpu_pg_inflate calls; hits/misses: dynamic blocks whose tables came
 * from the cache / were built (and cached); no: calls that said CPU_PGI_NO.
 */
struct cpu_pgcache_stats { __u64 calls, hits, misses, no; };
void cpu_pgcache_stats(const struct cpu_pgcache *C, struct cpu_pgcache_stats *st);

/* ---- between cpu_pginflate.c, cpu_pgtables.c and cpu_pgbuild.c only ---- */

/*
 * Decode table entries (32 bits), one lookup per symbol:
 *   bits 0-7   bits to consume: codeword length + extra bits (a subtable
 *              pointer: the main table's index bits)
 *   bits 8-11  codeword length (the extra bits follow it); a subtable
 *              pointer: the subtable's index bits
 *   bit 13     end of block      (with bit 15)
 *   bit 14     subtable pointer  (with bit 15)
 *   bit 15     exceptional: end of block, subtable, or an invalid code
 *   bits 16-31 length or distance base; a subtable pointer: the
 *              subtable's first index
 * A literal: bit 31, the byte in bits 8-15 (bits 13-15 are not flags
 * then: test bit 31 first); with bit 30, a second literal in bits 16-23
 * (main litlen table only, tables used more than once: cpu_pgbuild.c).
 * A length entry has none of bits 13-15 and 31.
 */
#define PG_E_EOB	(1u << 13)
#define PG_E_SUB	(1u << 14)
#define PG_E_EXC	(1u << 15)
#define PG_E_LIT2	(1u << 30)
#define PG_E_LIT	(1u << 31)

#define PG_LIT_BITS	11	/* main litlen table: 2^11 entries */
#define PG_DIST_BITS	8	/* main distance table: 2^8 entries */
/*
 * Main table plus every subtable the worst complete code can need, by
 * zlib's examples/enough.c counting (288 symbols / 11 bits / 15 max, 32 / 8
 * / 15). The builder still checks each subtable against the bound.
 */
#define PG_LIT_ENOUGH	2342
#define PG_DIST_ENOUGH	402

/*
 * A dynamic header after the 3 block-header bits: 14 bits of counts, at
 * most 19 * 3 bits of code-length code lengths and at most 286 + 30 code
 * lengths of at most 7 bits each (a repeat spends less per length) = 2283.
 */
#define PG_KEY_WORDS	36

/*
 * lbits, dbits: the main tables' index bits. A cached table has the full
 * PG_LIT_BITS / PG_DIST_BITS; a table built for one page only is as wide
 * as its longest code, up to those (ISA-L level 1 on 4 KiB pages: 10 or
 * 11 litlen bits, rarely 12), so that a build fills no entry twice over.
 */
struct pg_tables {
	__u32 lbits, dbits;
	__u32 lit[PG_LIT_ENOUGH];
	__u32 dist[PG_DIST_ENOUGH];
};

struct pg_bits;		/* the decoder's bit reader (cpu_pginflate.c) */

/*
 * The litlen and distance tables of the dynamic header starting at bit
 * *pos of src[0..len) (just after BTYPE); *pos advances past the header.
 * NULL: a header zlib would reject, or one that runs past the input.
 * *hit tells whether the tables came from the cache.
 */
const struct pg_tables *cpu_pg_dynamic(struct cpu_pgcache *C, const __u8 *src, __u32 len,
				       __u64 *pos, int *hit);
/*
 * cpu_pgbuild.c: the decode table for n code lengths (entries: tmpl[symbol]
 * plus the code length; rev reverses 11 bits), main table 2^*tbp entries,
 * at most `enough` in all; zlib's rules (inftrees.c): over-subscribed is an
 * error, incomplete too except one code of length 1 or, not strict, none.
 * fit: for one page only: the main table as wide as the longest code when
 * that is shorter (*tbp says the width chosen), and lens[n..] must be
 * readable and zero up to the next multiple of 64 bytes. 0 or -1.
 */
int cpu_pg_build(__u32 *t, unsigned *tbp, unsigned enough, const __u8 *lens, unsigned n,
		 const __u32 *tmpl, const __u16 *rev, int strict, int fit);
/* Two-literal entries in a PG_LIT_BITS-wide main litlen table (tables used again). */
void cpu_pg_pair(__u32 *t);
/* The fixed-code tables (BTYPE 01), built at cpu_pgcache_new. */
const struct pg_tables *cpu_pg_fixed(const struct cpu_pgcache *C);
/* Counters the decoder bumps (cpu_pgtables.c owns the struct). */
void cpu_pg_count(struct cpu_pgcache *C, int ok);

#endif /* CPU_PGCACHE_H */

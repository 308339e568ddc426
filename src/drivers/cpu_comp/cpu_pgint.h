/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's own shared parts (cpu_pglearn.h has its interface):
 * the session state and the matcher's output, between the matcher
 * (cpu_pgmatch.c) and the choice of code and block writer (cpu_pgdeflate.c).
 */
#ifndef CPU_PGINT_H
#define CPU_PGINT_H

#include <stdbool.h>
#include "cpu_pglearn.h"

#define CPU_PG_NTAB 8		/* learned codes per session */
#define HASH_MAX_BITS 14	/* the table for 64 KiB; 4 KiB pages use 2^12 entries */
#define FLOG_N 4096u		/* f * log2(f) tabulated below this count */
#define CPU_PG_NWORDS ((CPU_PG_NSYM + 63) / 64)	/* a set of symbols */

struct cpu_pglearn {
	bool learn;
	__u16 ht[1u << HASH_MAX_BITS];
	__u16 ht2[1u << HASH_MAX_BITS];	/* levels 2-3: the older candidate */
	__u32 freq[CPU_PG_NSYM];
	/* the session's recent symbol counts, each decayed by about an eighth
	 * per coded page (cpu_pgdeflate.c): what learned codes are made from */
	__u32 agg[CPU_PG_NSYM];
	/* a token is a | b << 9 | extra << 18, written as wl[a] then wb[b] then
	 * the extra bits: one literal (a byte, b 0), two literals (a byte, b 32 +
	 * byte) or a match (a 256 + length - 3, b 1 + distance symbol, extra the
	 * distance's extra bits); matches and pairs of literals take one path */
	__u32 tok[CPU_PG_MAX / 2 + 2];
	__u64 clock;
	unsigned ntab;
	struct cpu_pgcode *tab[CPU_PG_NTAB];
	struct cpu_pgcode *scratch;	/* the tailored code of this page */
	struct cpu_pgplan plan;
	struct cpu_pgcode fixed;
	struct cpu_pglearn_stats st;
	/* when learned codes are tried (cpu_pgdeflate.c: cold or warm) */
	bool warm;
	unsigned tick;			/* pages that needed a code */
	unsigned learn_tick;		/* warm: tried pages that took the tailored code */
	unsigned win_tried, win_hits;	/* this window's tried pages and learned picks */
	/*
	 * The size budget of learned picks, in bits (cpu_pgdeflate.c): every
	 * page adds a share of its output, a learned pick spends what it costs
	 * more than the page's own code would (known, or estimated as the
	 * entropy bound plus gap, the session's recent own codes' distance
	 * from that bound).
	 */
	__s64 budget;
	__u32 gap;
	double flog[FLOG_N];	/* f * log2(f) */
	struct cpu_pgcode store[CPU_PG_NTAB + 1];
	/* the block is written here when dst lacks the writer's 8 spare bytes */
	__u8 bounce[CPU_PG_MAX + 64];
};

/* Token building, with counts and the sum of extra bits (the matcher keeps
 * a local copy so the counters' stores cannot make it reload them). */
struct cpu_pgseqs {
	__u32 *restrict freq, *restrict tok;
	const __u8 *src;
	__u32 n, nt, extra;	/* matches, tokens, extra bits */
};

/*
 * The matcher (cpu_pgmatch.c): the tokens of src[0..len) into L->tok and
 * their symbol counts, with the literals after the last match, into
 * L->freq (cleared first; the end-of-block symbol not counted); uses L's
 * hash tables; *q gets the token count, match count and extra bits.
 * level 1-3, wmax the window (1 << window bits). Returns where the
 * literals after the last match start (the writer writes them from src).
 */
__u32 cpu_pg_match(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u32 wmax, int level,
		   struct cpu_pgseqs *q);
/* The matcher's symbol tables, made once per process: before any cpu_pg_match. */
void cpu_pg_match_init(void);

/*
 * The block writer (cpu_pgwrite.c). cpu_pg_write_block: one final block of
 * code c (its header first) for the ntok tokens of L->tok and the literals
 * src[tail..len) after them, into dst, which has room for the block's exact
 * size (known from its cost) plus 8 bytes; returns the bytes written.
 * cpu_pg_write_stored: src[0..len) as stored blocks, the last final, into
 * dst of cpu_pg_stored_bytes(len) bytes; returns that size.
 */
__u32 cpu_pg_write_block(const struct cpu_pgcode *c, const struct cpu_pglearn *L, __u32 ntok,
			 const __u8 *src, __u32 tail, __u32 len, __u8 *dst);
__u32 cpu_pg_stored_bytes(__u32 len);
__u32 cpu_pg_write_stored(const __u8 *src, __u32 len, __u8 *dst);

#endif /* CPU_PGINT_H */

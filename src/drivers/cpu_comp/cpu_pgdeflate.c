/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater (cpu_pglearn.h): the session, the choice among learned /
 * tailored / fixed / stored by exact bit cost, and the block writer. The
 * matcher that makes the tokens and counts is cpu_pgmatch.c; the codes are
 * planned and made in cpu_pghuff.c.
 *
 * Measured and not kept (4 KiB level 1, as listed in cpu_pgmatch.c for
 * the matcher): the writer's tokens in two interleaved halves (bits merged
 * after): equal (it is not bound by its bit buffer's chain); canonical
 * codes in four interleaved quarters: slower. The writer is bound by how
 * many instructions a token takes (about 25 now, 38 before its tables were
 * laid out for loads and two tokens shared a flush); not kept: second-field
 * codes that cancel the token bits a shift brings along instead of a mask
 * (possible when every distance code is <= 10 bits, 99.6-99.97% of pages):
 * two instructions a token fewer, no faster; four tokens a loop step: 1.5%
 * of the writer's time; BMI1 bzhi/bextr/andn by intrinsics: gcc turns them
 * back into masks and copies. Kept: a BMI2 build of the token loop, 6%.
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_pgint.h"

/*
 * Stored is kept without planning a tailored code when the entropy bound
 * leaves that code less than 1/STORED_NEAR to gain: already-compressed
 * pages then cost the matcher and the counts only (4 KiB L1 on the corpus's
 * incompressible pages: 8.4 -> 4.1 us a page; no output on the 96 MiB
 * corpus nor on a core dump changed size, also with 1/64).
 */
#define STORED_NEAR 128u

/*
 * When learned codes are tried. Learning a code (codes for the recent
 * symbols, its header, its tables) costs about what planning and making the
 * page's own code costs, and a learned pick saves only the making (about a
 * tenth of a 4 KiB page's time; the plan is needed for the size bound).
 * Measured at 4 KiB L1, 16 MiB each of the corpus, shared libraries and a
 * core dump, thread CPU time, against no learning: trying on every page and
 * learning from every tailored one 0.93x, 0.91x and 0.91x (the core dump's
 * 721 learned picks in 4096 pages did not pay for themselves); learning from
 * one tailored page in 4 0.99x, 0.98x, 0.95x. So a session starts cold: it
 * tries and learns on one page in PROBE_COLD that needs a code. Over each
 * WINDOW tried pages, if at least half took a learned code it turns warm:
 * it tries on every page and learns from one tailored page in LEARN_WARM;
 * fewer than half, and it turns cold again.
 */
#define PROBE_COLD 64u
#define LEARN_WARM 4u
#define WINDOW 16u

static struct cpu_pglearn *ws_new(bool learn)
{
	struct cpu_pglearn *L = calloc(1, sizeof(*L));
	unsigned i;

	if (!L)
		return NULL;
	L->learn = learn;
	for (i = 0; i < CPU_PG_NTAB; i++)
		L->tab[i] = &L->store[i];
	L->scratch = &L->store[CPU_PG_NTAB];
	cpu_pgh_fixed(&L->fixed);
	for (i = 2; i < FLOG_N; i++)
		L->flog[i] = i * log2((double)i);
	return L;
}

struct cpu_pglearn *cpu_pglearn_new(void)
{
	return ws_new(true);
}

void cpu_pglearn_free(struct cpu_pglearn *L)
{
	free(L);
}

void cpu_pglearn_stats(const struct cpu_pglearn *L, struct cpu_pglearn_stats *st)
{
	if (L)
		*st = L->st;
	else
		memset(st, 0, sizeof(*st));
}

/* ---- costs ---- */

/* sum of freq x code length over all symbols; a dense loop that vectorizes */
static inline __u32 dot(const __u32 *freq, const __u32 *w)
{
	__u32 s = 0;
	unsigned i;

	for (i = 0; i < CPU_PG_NSYM; i++)
		s += freq[i] * w[i];
	return s;
}

static inline bool covers(const struct cpu_pgcode *c, const __u64 *used)
{
	unsigned i;
	__u64 miss = 0;

	for (i = 0; i < CPU_PG_NWORDS; i++)
		miss |= used[i] & ~c->have[i];
	return !miss;
}

static inline double flog(const struct cpu_pglearn *L, __u32 f)
{
	return f < FLOG_N ? L->flog[f] : f * log2((double)f);
}

/*
 * A lower bound of any dynamic block's bits for these counts (extra bits
 * not included): Shannon's bound on each code's data, and the smallest
 * header (3 + 5 + 5 + 4 bits, four 3-bit code-length code lengths). The
 * result is lowered by a bit and a relative 1e-9 to cover double rounding.
 * No branch per symbol (f log f is 0 for counts 0 and 1).
 */
static __u64 tailored_lb(const struct cpu_pglearn *L)
{
	const __u32 *freq = L->freq;
	double h = 0;
	int part;

	for (part = 0; part < 2; part++) {
		unsigned from = part ? CPU_PG_NLL : 0, to = part ? CPU_PG_NSYM : CPU_PG_NLL, s;
		double sum[2] = { 0, 0 };
		__u32 n = 0;

		for (s = from; s < to; s++) {
			n += freq[s];
			sum[s & 1] += flog(L, freq[s]);
		}
		h += flog(L, n) - sum[0] - sum[1];
	}
	h = h * (1 - 1e-9) - 1 + 29;
	return h > 0 ? (__u64)h : 0;
}

/* The symbols with a non-zero count, as a bit set. */
static void used_set(const __u32 *freq, __u64 *used)
{
	unsigned s;

	memset(used, 0, CPU_PG_NWORDS * sizeof(*used));
	for (s = 0; s < CPU_PG_NSYM; s++)
		used[s / 64] |= (__u64)(freq[s] != 0) << (s % 64);
}

/* ---- writing ---- */

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
#if defined(__x86_64__) || defined(__i386__)
/* the same built for BMI2 (shifts by a count in any register) */
WRITE_TOKS(write_toks4_bmi2, 4, __attribute__((target("bmi2"))))
WRITE_TOKS(write_toks3_bmi2, 3, __attribute__((target("bmi2"))))
#define HAVE_BMI2() __builtin_cpu_supports("bmi2")
#else
#define HAVE_BMI2() 0
#define write_toks4_bmi2 write_toks4
#define write_toks3_bmi2 write_toks3
#endif

/*
 * One final block with code c (its header first) into dst, which has room
 * for the block's exact size plus 8 bytes; returns the bytes written.
 */
static __u32 write_block(const struct cpu_pgcode *c, const struct cpu_pglearn *L, __u32 ntok,
			 const __u8 *src, __u32 tail, __u32 len, __u8 *dst)
{
	struct bw w = { 0, c->hdr_bits & 7, dst + (c->hdr_bits >> 3) };

	memcpy(dst, c->hdr, c->hdr_bits >> 3);
	if (w.n)
		w.acc = c->hdr[c->hdr_bits >> 3] & ((1u << w.n) - 1);
	if (HAVE_BMI2()) {
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

static __u32 stored_bytes(__u32 len)
{
	return len + 5 * (len ? (len + 65534) / 65535 : 1);
}

static __u32 write_stored(const __u8 *src, __u32 len, __u8 *dst)
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

/* ---- the choice ---- */

enum { PICK_LEARNED, PICK_TAILORED, PICK_FIXED, PICK_STORED };

/*
 * The tailored code just written becomes a learned one, in place of the
 * least recently chosen: first the symbols the last CPU_PG_RECENT pages used
 * get codes (later pages are likely to use them), so it is not quite the
 * code this page was written with. Measured at 4 KiB L1 (16 MiB, learned
 * picks within the 1/64 slack): codes for every symbol 0 on the corpus and
 * on a core dump; for the last 8 pages' symbols 43 of 4096 on the corpus,
 * 1729 of 4096 on the core dump (its pages repeat a layout); last 16: equal.
 */
static void learn(struct cpu_pglearn *L)
{
	__u64 want[CPU_PG_NWORDS] = { 0 };
	unsigned v = 0, i, k;

	if (L->ntab < CPU_PG_NTAB) {
		v = L->ntab++;
	} else {
		for (i = 1; i < CPU_PG_NTAB; i++)
			if (L->tab[i]->stamp < L->tab[v]->stamp)
				v = i;
	}
	for (k = 0; k < CPU_PG_RECENT; k++)
		for (i = 0; i < CPU_PG_NWORDS; i++)
			want[i] |= L->recent[k][i];
	cpu_pgh_fill(&L->plan, L->freq, want);
	cpu_pgh_make(L->tab[v], &L->plan, true);
	L->tab[v]->stamp = ++L->clock;
}

/* A tried page that needed a code: its symbols, the window's count, and
 * (cold: every time; warm: one time in LEARN_WARM) its code learned. */
static void track(struct cpu_pglearn *L, const __u64 *used, bool hit)
{
	memcpy(L->recent[L->recent_at++ % CPU_PG_RECENT], used, CPU_PG_NWORDS * sizeof(*used));
	L->win_hits += hit;
	if (++L->win_tried == WINDOW) {
		L->warm = L->win_hits * 2 >= WINDOW;
		L->win_tried = 0;
		L->win_hits = 0;
	}
	if (!hit && (!L->warm || L->learn_tick++ % LEARN_WARM == 0))
		learn(L);
}

static __u32 pg_deflate(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u8 *dst,
			__u32 dst_len, int level, int win_bits)
{
	struct cpu_pgseqs q;
	const struct cpu_pgcode *code = NULL;
	__u64 used[CPU_PG_NWORDS], lb, cost, c, bl = ~0ull, t = ~0ull;
	__u32 tail, wmax = 1u << win_bits, sb = stored_bytes(len), out, i, best_i = 0;
	int pick;
	bool try_learned;

	tail = cpu_pg_match(L, src, len, wmax, level, &q);
	L->freq[256] = 1;
	L->st.calls++;

	/*
	 * Exact costs, in bits, of the codes at hand; extra bits are common.
	 * The entropy bound only pays where few matches were found (stored or
	 * fixed may then win without the tailored code being planned); 0 means
	 * not known, and no choice is made on it.
	 */
	lb = q.n * 16 < len ? tailored_lb(L) + q.extra : 0;
	cost = (__u64)sb * 8;
	pick = PICK_STORED;
	c = L->fixed.hdr_bits + dot(L->freq, L->fixed.w) + (__u64)q.extra;
	if (c < cost) {
		cost = c;
		pick = PICK_FIXED;
	}
	try_learned = L->learn && (L->warm || L->tick % PROBE_COLD == 0);
	if (try_learned)
		used_set(L->freq, used);
	for (i = 0; try_learned && i < L->ntab; i++) {
		const struct cpu_pgcode *tc = L->tab[i];

		if (!covers(tc, used))
			continue;
		c = tc->hdr_bits + dot(L->freq, tc->w) + (__u64)q.extra;
		if (c < bl) {
			bl = c;
			best_i = i;
		}
	}
	if (bl < cost && bl * CPU_PG_SLACK <= lb * (CPU_PG_SLACK + 1)) {
		/* within the slack of what any tailored code could do */
		cost = bl;
		pick = PICK_LEARNED;
	} else if (cost > lb && !(pick == PICK_STORED && lb * STORED_NEAR >= cost * (STORED_NEAR - 1))) {
		/* the tailored code's exact cost (no code made yet) */
		t = cpu_pgh_plan(&L->plan, L->freq) + (__u64)q.extra;
		if (bl < cost && bl * CPU_PG_SLACK <= t * (CPU_PG_SLACK + 1)) {
			cost = bl;
			pick = PICK_LEARNED;
		} else if (t < cost) {
			cost = t;
			pick = PICK_TAILORED;
		}
	}
	out = (__u32)((cost + 7) / 8);
	if (out > dst_len && pick == PICK_LEARNED && t < cost && (t + 7) / 8 <= dst_len) {
		/* the slack would not fit where the tailored code does */
		cost = t;
		pick = PICK_TAILORED;
		out = (__u32)((cost + 7) / 8);
	}
	if (out > dst_len)
		return 0;
	switch (pick) {
	case PICK_STORED:
		L->st.stored++;
		return write_stored(src, len, dst);
	case PICK_FIXED:
		L->st.fixed++;
		code = &L->fixed;
		break;
	case PICK_LEARNED:
		L->st.learned++;
		code = L->tab[best_i];
		L->tab[best_i]->stamp = ++L->clock;
		break;
	default:
		L->st.tailored++;
		cpu_pgh_make(L->scratch, &L->plan, false);
		code = L->scratch;
		break;
	}
	/* the writer's size is the cost's by construction (the 8 spare bytes
	 * rest on it): a difference is a bug, caught here in every build */
	if (dst_len - out >= 8) {
		__u32 n = write_block(code, L, q.nt, src, tail, len, dst);

		assert(n == out);
		(void)n;
	} else {
		/* out <= stored size <= CPU_PG_MAX + 5: the bounce buffer holds it */
		__u32 n = write_block(code, L, q.nt, src, tail, len, L->bounce);

		assert(n == out);
		(void)n;
		memcpy(dst, L->bounce, out);
	}
	if (L->learn && (pick == PICK_TAILORED || pick == PICK_LEARNED)) {
		L->tick++;
		if (try_learned)
			track(L, used, pick == PICK_LEARNED);
	}
	return out;
}

__u32 cpu_pg_deflate(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u8 *dst,
		     __u32 dst_len, int level, int win_bits)
{
	struct cpu_pglearn *ws = L;
	__u32 out;

	if (len > CPU_PG_MAX || (len && !src) || (dst_len && !dst))
		return 0;
	win_bits = win_bits < 12 ? 12 : win_bits > 15 ? 15 : win_bits;
	level = level < 1 ? 1 : level > 3 ? 3 : level;
	if (!ws) {
		ws = ws_new(false);
		if (!ws) {
			/* no memory for the matcher: stored blocks need none */
			return stored_bytes(len) <= dst_len ? write_stored(src, len, dst) : 0;
		}
	}
	out = pg_deflate(ws, src, len, dst, dst_len, level, win_bits);
	if (!L)
		free(ws);
	return out;
}

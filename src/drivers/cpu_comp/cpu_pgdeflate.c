/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater (cpu_pglearn.h): the session, the choice among learned /
 * tailored / fixed / stored by exact bit cost, and when learned codes are
 * tried. The matcher that makes the tokens and counts is cpu_pgmatch.c; the
 * codes are planned in cpu_pghuff.c and cpu_pghdr.c and made in
 * cpu_pgcode.c; the block writer is cpu_pgwrite.c. What was measured and
 * not kept: docs/page-deflater-notes.md.
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_pgint.h"
#include "cpu_pgx86.h"

/*
 * Stored is kept without planning a tailored code when the entropy bound
 * leaves that code less than 1/STORED_NEAR to gain: already-compressed
 * pages then cost the matcher and the counts only (4 KiB L1 on the corpus's
 * incompressible pages: 8.4 -> 4.1 us a page; no output on the 96 MiB
 * corpus nor on a core dump changed size, also with 1/64).
 */
#define STORED_NEAR 128u

/*
 * When learned codes are tried. A learned pick saves planning and making the
 * page's own code (about 40% of a 4 KiB page's time, when checked against
 * the entropy bound plus CPU_PG_MARGIN) and lets the decoder reuse its
 * tables (cpu_pgcache.h); trying costs a cost sum per learned code and
 * learning one costs about a page's own code. A session starts cold: on one
 * page in PROBE_COLD that needs a code it learns a code from the pages just
 * before and tries it with the others. One learned pick in COLD_WINDOW such
 * tries turns it warm: it tries on every page and learns from one tailored
 * page in LEARN_WARM. Fewer than WARM_HITS learned picks in WARM_WINDOW
 * tried pages turn it cold again. Measured (bench/pg_deflate.sh and
 * pg_inflate.sh, 4 KiB L1, 32 MiB each): with the half-of-16 rule and a
 * probe every 64 pages the corpus stayed cold (its kinds of data come in
 * stretches shorter than a cold window); probes every 8 pages and learning
 * every 8th tailored page took the most learned picks per byte of output.
 */
#define PROBE_COLD 8u
#define COLD_WINDOW 4u
#define LEARN_WARM 8u
#define WARM_WINDOW 16u
#define WARM_HITS 3u

/*
 * Learned picks may make a session's output at most about 1/BUDGET_SHARE
 * larger than its own codes would (by the estimate; the budget cannot save
 * more than BUDGET_MAX bits): the data learned codes fit worst then take
 * fewer of them. Measured (4 KiB L1, 32 MiB each; output against no
 * learning, share of pages learned): without a budget the core dump's
 * output grew 3.1% (66% learned) and the corpus's 1.4% (46%); with 1/40,
 * 2.1% (54%), 1.5% (47%), shared libraries 2.0% (69%). Since the code
 * length limits (cpu_pglearn.h), 96 MiB each: 1/40 took 49%, 71% and 60%
 * of the pages; 1/30 takes 56%, 71% and 62% for output 1.8%, 2.2% and
 * 1.8% over no learning (1.5%, 1.8% and 0.7% over ISA-L's level 1), and
 * the corpus and the core dump decode 2.4-2.7% faster (more cached
 * tables); 1/27 took few more.
 */
#define BUDGET_SHARE 30
#define BUDGET_MAX (64 * 1024)

/*
 * agg[] decays by (a + 2) >> 3 per coded page: about an eighth, and counts
 * below 6 not at all, so that every symbol the session has seen keeps a
 * code in what it learns (a learned code can serve only pages whose symbols
 * all have one). Measured: learning from the last page's own code instead,
 * half as many learned picks within the slack; also refreshing each learned
 * code from the pages that picked it (per-code counts), a little smaller
 * output but fewer decoder cache hits (each refresh is a new header).
 */
static void agg_add(struct cpu_pglearn *L)
{
	unsigned i;

	for (i = 0; i < CPU_PG_NSYM; i++)
		L->agg[i] = L->agg[i] - ((L->agg[i] + 2) >> 3) + L->freq[i];
}

static struct cpu_pglearn *ws_new(bool learn)
{
	struct cpu_pglearn *L = calloc(1, sizeof(*L));
	unsigned i;

	cpu_pg_match_init();
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

/*
 * Sum of freq x code length over all symbols: per page for the fixed code and
 * every learned code. A dense loop that vectorizes; with AVX2, 8 products an
 * instruction (SSE2 has no 32-bit multiply: two pmuludq and shuffles for 4).
 */
static inline __u32 dot_plain(const __u32 *freq, const __u32 *w)
{
	__u32 s = 0;
	unsigned i;

	for (i = 0; i < CPU_PG_NSYM; i++)
		s += freq[i] * w[i];
	return s;
}

#if CPU_PG_X86
__attribute__((target("avx2"))) static __u32 dot_avx2(const __u32 *freq, const __u32 *w)
{
	__m256i a = _mm256_setzero_si256(), b = a;
	__m128i r;
	unsigned i;
	__u32 s;

	for (i = 0; i + 16 <= CPU_PG_NSYM; i += 16) {
		a = _mm256_add_epi32(a, _mm256_mullo_epi32(
			_mm256_loadu_si256((const __m256i *)(freq + i)),
			_mm256_loadu_si256((const __m256i *)(w + i))));
		b = _mm256_add_epi32(b, _mm256_mullo_epi32(
			_mm256_loadu_si256((const __m256i *)(freq + i + 8)),
			_mm256_loadu_si256((const __m256i *)(w + i + 8))));
	}
	a = _mm256_add_epi32(a, b);
	r = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
	r = _mm_add_epi32(r, _mm_shuffle_epi32(r, 0x4e));
	r = _mm_add_epi32(r, _mm_shuffle_epi32(r, 0xb1));
	s = (__u32)_mm_cvtsi128_si32(r);
	for (; i < CPU_PG_NSYM; i++)
		s += freq[i] * w[i];
	return s;
}
#else
#define dot_avx2 dot_plain
#endif

static inline __u32 dot(const __u32 *freq, const __u32 *w)
{
	return CPU_PG_HAVE_AVX2() ? dot_avx2(freq, w) : dot_plain(freq, w);
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

	_Static_assert(CPU_PG_NLL % 2 == 0 && CPU_PG_NDIST % 2 == 0, "two sums");
	for (part = 0; part < 2; part++) {
		unsigned from = part ? CPU_PG_NLL : 0, to = part ? CPU_PG_NSYM : CPU_PG_NLL, s;
		double sum0 = 0, sum1 = 0;	/* two chains of adds (not sum[s & 1]: a
						 * store-to-load chain through memory) */
		__u32 n = 0;

		for (s = from; s < to; s += 2) {
			n += freq[s] + freq[s + 1];
			sum0 += flog(L, freq[s]);
			sum1 += flog(L, freq[s + 1]);
		}
		h += flog(L, n) - sum0 - sum1;
	}
	h = h * (1 - 1e-9) - 1 + 29;
	return h > 0 ? (__u64)h : 0;
}

/*
 * The symbols with a non-zero count, as a bit set: with SSE2, four counts
 * a compare (a bit per symbol in a loop was 1.7% of a session's time).
 */
static void used_set(const __u32 *freq, __u64 *used)
{
	unsigned s;

	memset(used, 0, CPU_PG_NWORDS * sizeof(*used));
#if CPU_PG_X86
	_Static_assert(CPU_PG_NSYM % 4 == 0, "four counts a compare");
	for (s = 0; s < CPU_PG_NSYM; s += 4) {
		__m128i z = _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(freq + s)),
					    _mm_setzero_si128());
		unsigned m = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(z)) ^ 0xf;

		used[s / 64] |= (__u64)m << (s % 64);
	}
#else
	for (s = 0; s < CPU_PG_NSYM; s++)
		used[s / 64] |= (__u64)(freq[s] != 0) << (s % 64);
#endif
}

/* ---- the choice ---- */

enum { PICK_LEARNED, PICK_TAILORED, PICK_FIXED, PICK_STORED };

/*
 * A code for the session's recent counts (agg) becomes a learned one, in
 * place of the least recently chosen. Every symbol the session has seen
 * has a count there (agg_add), so every one gets a code.
 */
static void learn(struct cpu_pglearn *L)
{
	unsigned v = 0, i;

	if (L->ntab < CPU_PG_NTAB) {
		v = L->ntab++;
	} else {
		for (i = 1; i < CPU_PG_NTAB; i++)
			if (L->tab[i]->stamp < L->tab[v]->stamp)
				v = i;
	}
	cpu_pgh_plan(&L->plan, L->agg, CPU_PG_LL_LEARNED, CPU_PG_D_MAX);
	cpu_pgh_make(L->tab[v], &L->plan, true);
	L->tab[v]->stamp = ++L->clock;
}

/* A tried page that needed a code: the window's count, and (warm, the
 * tailored code taken: one time in LEARN_WARM) a code learned. */
static void track(struct cpu_pglearn *L, bool hit)
{
	L->win_hits += hit;
	if (++L->win_tried == (L->warm ? WARM_WINDOW : COLD_WINDOW)) {
		L->warm = L->win_hits >= (L->warm ? WARM_HITS : 1);
		L->win_tried = 0;
		L->win_hits = 0;
	}
	if (!hit && L->warm && L->learn_tick++ % LEARN_WARM == 0)
		learn(L);
}

/*
 * The exact bits of the page's own (tailored) code, planned into L->plan:
 * its length limits are cpu_pglearn.h's for inputs up to CPU_PG_SMALL,
 * deflate's 15 above.
 */
static __u64 own_plan(struct cpu_pglearn *L, __u32 len, __u32 extra)
{
	bool small = len <= CPU_PG_SMALL;

	return cpu_pgh_plan(&L->plan, L->freq, small ? CPU_PG_LL_PAGE : 15,
			    small ? CPU_PG_D_MAX : 15) + (__u64)extra;
}

static __u32 pg_deflate(struct cpu_pglearn *L, const __u8 *src, __u32 len, __u8 *dst,
			__u32 dst_len, int level, int win_bits)
{
	struct cpu_pgseqs q;
	const struct cpu_pgcode *code = NULL;
	__u64 used[CPU_PG_NWORDS], lb, cost, c, bl = ~0ull, t = ~0ull;
	__s64 spent = 0;
	__u32 tail, wmax = 1u << win_bits, sb = cpu_pg_stored_bytes(len), out, i, best_i = 0;
	int pick;
	bool try_learned;

	tail = cpu_pg_match(L, src, len, wmax, level, &q);
	L->freq[256] = 1;
	L->st.calls++;

	/*
	 * Exact costs, in bits, of the codes at hand; extra bits are common.
	 * The entropy bound pays where few matches were found (stored or fixed
	 * may then win without the tailored code being planned) and where
	 * learned codes are tried (one may win without it); 0 means not known,
	 * and no choice is made on it.
	 */
	try_learned = L->learn && (L->warm || L->tick % PROBE_COLD == 0);
	lb = q.n * 16 < len || try_learned ? tailored_lb(L) + q.extra : 0;
	cost = (__u64)sb * 8;
	pick = PICK_STORED;
	c = L->fixed.hdr_bits + dot(L->freq, L->fixed.w) + (__u64)q.extra;
	if (c < cost) {
		cost = c;
		pick = PICK_FIXED;
	}
	if (try_learned && !L->warm && L->agg[256])
		learn(L);	/* from the pages just before */
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
	if (bl < cost && lb && L->gap &&
	    bl * CPU_PG_SLACK <= (lb + CPU_PG_MARGIN * 8) * (CPU_PG_SLACK + 1) &&
	    (__s64)(bl - lb) - L->gap <= L->budget) {
		/* within the margin and slack of what any tailored code could do,
		 * and within the budget by the estimate */
		cost = bl;
		pick = PICK_LEARNED;
		spent = (__s64)(bl - lb) - L->gap;
	} else if (cost > lb && !(pick == PICK_STORED && lb * STORED_NEAR >= cost * (STORED_NEAR - 1))) {
		/* the tailored code's exact cost (no code made yet) */
		t = own_plan(L, len, q.extra);
		if (lb && t >= lb)	/* lb is a bound: always, but for rounding */
			L->gap = L->gap ? L->gap + (__u32)(((__s64)(t - lb) - L->gap) / 8) :
					  (__u32)(t - lb) + 1;
		if (bl < cost && bl * CPU_PG_SLACK <= t * (CPU_PG_SLACK + 1) &&
		    (__s64)(bl - t) <= L->budget) {
			cost = bl;
			pick = PICK_LEARNED;
			spent = (__s64)(bl - t);
		} else if (t < cost) {
			cost = t;
			pick = PICK_TAILORED;
		}
	}
	out = (__u32)((cost + 7) / 8);
	if (out > dst_len && pick == PICK_LEARNED) {
		/* the margin would not fit: the tailored code may */
		if (t == ~0ull)
			t = own_plan(L, len, q.extra);
		if (t < cost && (t + 7) / 8 <= dst_len) {
			cost = t;
			pick = PICK_TAILORED;
			out = (__u32)((cost + 7) / 8);
			spent = 0;
		}
	}
	if (out > dst_len)
		return 0;
	switch (pick) {
	case PICK_STORED:
		L->st.stored++;
		return cpu_pg_write_stored(src, len, dst);
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
		__u32 n = cpu_pg_write_block(code, L, q.nt, src, tail, len, dst);

		assert(n == out);
		(void)n;
	} else {
		/* out <= stored size <= CPU_PG_MAX + 5: the bounce buffer holds it */
		__u32 n = cpu_pg_write_block(code, L, q.nt, src, tail, len, L->bounce);

		assert(n == out);
		(void)n;
		memcpy(dst, L->bounce, out);
	}
	if (L->learn) {
		L->budget += (__s64)out * 8 / BUDGET_SHARE - spent;
		if (L->budget > BUDGET_MAX)
			L->budget = BUDGET_MAX;
	}
	if (L->learn && (pick == PICK_TAILORED || pick == PICK_LEARNED)) {
		L->tick++;
		agg_add(L);
		if (try_learned)
			track(L, pick == PICK_LEARNED);
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
			return cpu_pg_stored_bytes(len) <= dst_len ? cpu_pg_write_stored(src, len, dst) : 0;
		}
	}
	out = pg_deflate(ws, src, len, dst, dst_len, level, win_bits);
	if (!L)
		free(ws);
	return out;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hand-made dynamic blocks for test_comp_pginflate: headers that differ
 * only in their last bits (each gets its own tables, cached or not), and
 * zlib's rules on incomplete and over-subscribed codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "cpu_pgcache.h"
#include "deflate_writer.h"
#include "pginflate_test.h"

/*
 * One final dynamic block: every code length sent as a code-length code
 * literal with the precode lengths pre[19]; then syms[]: a litlen symbol,
 * after a length symbol (257..264, no extra bits) a distance code (0..3).
 */
static uint32_t dyn_block(struct dw *w, const uint8_t *pre, const uint8_t *lit, int nlit,
			  const uint8_t *dist, int ndist, const int *syms, int nsyms)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13,
					   2, 14, 1, 15 };
	uint32_t pc[19], lc[288], dc[32];
	int i, ncl = 19;

	while (ncl > 4 && !pre[order[ncl - 1]])
		ncl--;
	dw_canon(pre, 19, pc);
	dw_canon(lit, nlit, lc);
	dw_canon(dist, ndist, dc);
	w->bp = 0;
	dw_bits(w, 1, 1);
	dw_bits(w, 2, 2);
	dw_bits(w, (uint32_t)(nlit - 257), 5);
	dw_bits(w, (uint32_t)(ndist - 1), 5);
	dw_bits(w, (uint32_t)(ncl - 4), 4);
	for (i = 0; i < ncl; i++)
		dw_bits(w, pre[order[i]], 3);
	for (i = 0; i < nlit + ndist; i++) {
		uint8_t l = i < nlit ? lit[i] : dist[i - nlit];

		dw_code(w, pc[l], pre[l]);
	}
	for (i = 0; i < nsyms; i++) {
		dw_code(w, lc[syms[i]], lit[syms[i]]);
		if (syms[i] > 256) {
			i++;
			dw_code(w, dc[syms[i]], dist[syms[i]]);
		}
	}
	return (w->bp + 7) / 8;
}

/*
 * Headers A and B differ only in the last code length (distance code 1:
 * 0 in A, 1 in B), sent with codes of one length: only the header's last
 * bits differ. Each must get its own tables; same header, other data: a
 * hit, judged by A's tables.
 */
void test_last_bits(void **state)
{
	static const uint8_t pre[19] = { 2, 2, 2, 2 };	/* lengths 0..3, 2 bits each */
	static const int data_a[] = { 'a', 'b', 257, 0, 256 };	/* dist 1: "abbbb" */
	static const int data_b[] = { 'a', 'b', 257, 1, 256 };	/* dist 2: "ababa" */
	struct cpu_pgcache *C = cpu_pgcache_new(0);
	struct cpu_pgcache_stats st;
	uint8_t lit[258] = { 0 }, da[2] = { 1, 0 }, db[2] = { 1, 1 };
	uint8_t ab[1024], bb[1024], a2b[1024], cb[1024];
	struct dw a = { ab, 0 }, b = { bb, 0 }, a2 = { a2b, 0 }, c = { cb, 0 };
	uint32_t la, lb, la2, lc, i;

	(void)state;
	lit['a'] = lit['b'] = lit[256] = lit[257] = 2;
	la = dyn_block(&a, pre, lit, 258, da, 2, data_a, 5);
	lb = dyn_block(&b, pre, lit, 258, db, 2, data_b, 5);
	la2 = dyn_block(&a2, pre, lit, 258, da, 2, (const int[]){ 'b', 'a', 257, 0, 'a', 256 }, 6);
	lc = dyn_block(&c, pre, lit, 258, da, 2, data_b, 5);	/* distance code 1: invalid in A */
	/*
	 * 3 + 14 + 18 * 3 + 260 * 2 = 591 header bits; the last code is 00
	 * in A, 01 in B: the first difference is bit 590, in byte 73.
	 */
	assert_int_equal(la, lb);
	for (i = 0; i < la; i++)
		if (a.b[i] != b.b[i])
			break;
	assert_int_equal(i, 73);
	assert_int_equal((a.b[73] ^ b.b[73]) & 0x7f, 0x40);	/* bit 590 only */
	for (i = 0; i < 3; i++) {
		assert_int_equal(check_same(C, a.b, la, 64, 1), CPU_PGI_OK);
		assert_int_equal(check_same(C, b.b, lb, 64, 1), CPU_PGI_OK);
	}
	cpu_pgcache_stats(C, &st);
	/*
	 * A: seen (scratch); B: same tag, so taken as seen and cached; A:
	 * cached; then hits: 3 misses, 3 hits
	 */
	assert_int_equal(st.misses, 3);
	assert_int_equal(st.hits, 3);
	assert_int_equal(check_same(C, a2.b, la2, 64, 1), CPU_PGI_OK);
	assert_int_equal(check_same(C, c.b, lc, 64, 0), CPU_PGI_NO);
	assert_int_equal(check_same(C, b.b, lb, 64, 1), CPU_PGI_OK);
	cpu_pgcache_stats(C, &st);
	assert_int_equal(st.misses, 3);
	assert_int_equal(st.hits, 6);
	cpu_pgcache_free(C);
}

/* zlib's rules on incomplete and over-subscribed codes; each case twice (cached). */
void test_code_rules(void **state)
{
	static const uint8_t pre[19] = { 2, 2, 2, 2 };
	static const uint8_t pre_short[19] = { 2, 2, 2 };	/* incomplete precode */
	static const uint8_t pre_over[19] = { 1, 1, 1 };	/* over-subscribed precode */
	static const int s_a_eob[] = { 'a', 256 }, s_eob[] = { 256 }, s_a[] = { 'a' };
	static const int s_match[] = { 'a', 257, 0, 256 };
	struct cpu_pgcache *C = cpu_pgcache_new(1);
	uint8_t lit[258], dist[4];
	uint8_t wb[1024];
	struct dw w = { wb, 0 };
	int k, rep;

	(void)state;
	for (rep = 0; rep < 2; rep++)
		for (k = 0; k < 10; k++) {
			const uint8_t *p = pre;
			int ndist = 2, must = 0;
			const int *syms = s_a_eob;
			int nsyms = 2;
			uint32_t len;

			memset(lit, 0, sizeof(lit));
			memset(dist, 0, sizeof(dist));
			lit['a'] = lit[256] = 1;
			switch (k) {
			case 0:	/* only end-of-block, one bit; no distances: zlib takes it */
				lit['a'] = 0;
				syms = s_eob;
				nsyms = 1;
				must = 1;
				break;
			case 1:	/* a single one-bit distance code: taken */
				lit['a'] = 2;
				lit[256] = lit[257] = 2;
				lit['b'] = 2;
				dist[0] = 1;
				syms = s_match;
				nsyms = 4;
				must = 1;
				break;
			case 2:	/* incomplete lit/len code */
				lit[256] = 2;
				break;
			case 3:	/* incomplete distance code (two 2-bit codes) */
				dist[0] = dist[1] = 2;
				break;
			case 4:
				p = pre_short;
				break;
			case 5:
				p = pre_over;
				break;
			case 6:	/* over-subscribed lit/len */
				lit['b'] = 1;
				break;
			case 7:	/* no end-of-block code */
				lit[256] = 0;
				lit['b'] = 1;
				syms = s_a;
				nsyms = 1;
				break;
			case 8:	/* no distance codes at all, literals only: zlib takes it */
				must = 1;
				break;
			default:	/* ... but a match with no distance code fails */
				lit['a'] = lit[256] = lit[257] = lit['b'] = 2;
				syms = s_match;
				nsyms = 4;
				break;
			}
			len = dyn_block(&w, p, lit, 258, dist, ndist, syms, nsyms);
			memset(w.b + len, 0, 16);	/* room for the tag */
			check_same(C, w.b, len + 16, 64, must);
			check_same(C, w.b, len, 64, must);
		}
	cpu_pgcache_free(C);
}

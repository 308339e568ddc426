/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hand-made deflate blocks for test_comp_istream: the fixed code's reserved
 * symbols, and dynamic blocks with incomplete or over-subscribed Huffman
 * codes (which ISA-L alone would decode). Each must get zlib's verdict from
 * the stream path in any chunking (same_verdict).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <uadk/wd_comp.h>
#include "deflate_writer.h"
#include "istream_test.h"

/* Fixed blocks using the reserved symbols 286, 287 and distances 30, 31. */
void test_reserved_symbols(void **state)
{
	(void)state;
	for (int sym = 286; sym <= 287; sym++) {
		struct dw w = { in, 0 };

		dw_bits(&w, 1, 1);	/* BFINAL */
		dw_bits(&w, 1, 2);	/* fixed */
		dw_code(&w, 0x30 + 'a', 8);		/* literal 'a' */
		dw_code(&w, 0xc0 + (uint32_t)(sym - 280), 8);
		dw_code(&w, 0, 7);	/* end of block */
		same_verdict(WD_DEFLATE, dw_bytes(&w), "fixed lit/len 286/287");
	}
	for (uint32_t d = 30; d <= 31; d++) {
		struct dw w = { in, 0 };

		dw_bits(&w, 1, 1);
		dw_bits(&w, 1, 2);
		dw_code(&w, 0x30 + 'a', 8);
		dw_code(&w, 1, 7);	/* length 3 */
		dw_code(&w, d, 5);	/* distance code */
		dw_bits(&w, 0, 13);
		dw_code(&w, 0, 7);
		same_verdict(WD_DEFLATE, dw_bytes(&w), "fixed distance 30/31");
	}
}

/*
 * One final dynamic block: code-length code of sixteen 4-bit codes (15
 * left out if cl_short: then it is incomplete), the given lit/len and
 * distance lengths, then the symbols syms[] (literals and 256).
 */
static uint32_t dyn_block(const uint8_t *lit, int nlit, const uint8_t *dist, int ndist,
			  bool cl_short, const int *syms, int nsyms)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13,
					   2, 14, 1, 15 };
	struct dw w = { in, 0 };
	uint32_t code[288];
	int i;

	dw_bits(&w, 1, 1);
	dw_bits(&w, 2, 2);
	dw_bits(&w, (uint32_t)(nlit - 257), 5);
	dw_bits(&w, (uint32_t)(ndist - 1), 5);
	dw_bits(&w, 15, 4);
	for (i = 0; i < 19; i++)
		dw_bits(&w, order[i] < 16 && !(cl_short && order[i] == 15) ? 4 : 0, 3);
	for (i = 0; i < nlit + ndist; i++)
		dw_code(&w, i < nlit ? lit[i] : dist[i - nlit], 4);
	dw_canon(lit, nlit, code);
	for (i = 0; i < nsyms; i++)
		dw_code(&w, code[syms[i]], lit[syms[i]]);
	return dw_bytes(&w);
}

/*
 * Incomplete and over-subscribed Huffman codes: refused as zlib refuses
 * them (ISA-L alone would decode the incomplete ones), and the two kinds
 * of incomplete code zlib allows are allowed; in every chunking.
 */
void test_incomplete_codes(void **state)
{
	static const int eob[] = { 256 }, a_eob[] = { 'a', 256 };
	uint8_t lit[257], dist[2];
	int round, k;

	(void)state;
	for (round = 0; round < 40; round++) {
		for (k = 0; k < 7; k++) {
			uint32_t len;

			memset(lit, 0, sizeof(lit));
			memset(dist, 0, sizeof(dist));
			switch (k) {
			case 0:	/* only end-of-block, one bit; no distances: zlib takes it */
				lit[256] = 1;
				len = dyn_block(lit, 257, dist, 1, false, eob, 1);
				break;
			case 1:	/* complete lit/len, a single one-bit distance code: taken */
				lit['a'] = lit[256] = 1;
				dist[0] = 1;
				len = dyn_block(lit, 257, dist, 1, false, a_eob, 2);
				break;
			case 2:	/* incomplete lit/len code (lengths 1 and 2) */
				lit['a'] = 1;
				lit[256] = 2;
				len = dyn_block(lit, 257, dist, 1, false, a_eob, 2);
				break;
			case 3:	/* incomplete distance code (two 2-bit codes) */
				lit['a'] = lit[256] = 1;
				dist[0] = dist[1] = 2;
				len = dyn_block(lit, 257, dist, 2, false, a_eob, 2);
				break;
			case 4:	/* incomplete code-length code */
				lit['a'] = lit[256] = 1;
				len = dyn_block(lit, 257, dist, 1, true, a_eob, 2);
				break;
			case 5:	/* over-subscribed lit/len code */
				lit['a'] = lit['b'] = lit[256] = 1;
				len = dyn_block(lit, 257, dist, 1, false, a_eob, 2);
				break;
			default:	/* no end-of-block code */
				lit['a'] = lit['b'] = 1;
				len = dyn_block(lit, 257, dist, 1, false, (const int[]){ 'a' }, 1);
				break;
			}
			same_verdict(WD_DEFLATE, len, "hand-made dynamic block");
		}
	}
}

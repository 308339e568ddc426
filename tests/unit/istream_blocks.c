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
#include "istream_test.h"

/* Put n bits of v at bit *bp of in[] (deflate order: LSB first). */
static void put_bits(uint32_t *bp, uint32_t v, int n)
{
	for (int k = 0; k < n; k++, (*bp)++) {
		if (!(*bp & 7))
			in[*bp >> 3] = 0;
		in[*bp >> 3] |= (uint8_t)(((v >> k) & 1) << (*bp & 7));
	}
}

/* Put a Huffman code of n bits (sent most significant bit first). */
static void put_code(uint32_t *bp, uint32_t code, int n)
{
	while (n--)
		put_bits(bp, code >> n, 1);
}

/* Fixed blocks using the reserved symbols 286, 287 and distances 30, 31. */
void test_reserved_symbols(void **state)
{
	(void)state;
	for (int sym = 286; sym <= 287; sym++) {
		uint32_t bp = 0;

		put_bits(&bp, 1, 1);	/* BFINAL */
		put_bits(&bp, 1, 2);	/* fixed */
		put_code(&bp, 0x30 + 'a', 8);		/* literal 'a' */
		put_code(&bp, 0xc0 + (uint32_t)(sym - 280), 8);
		put_code(&bp, 0, 7);	/* end of block */
		same_verdict(WD_DEFLATE, (bp + 7) / 8, "fixed lit/len 286/287");
	}
	for (uint32_t d = 30; d <= 31; d++) {
		uint32_t bp = 0;

		put_bits(&bp, 1, 1);
		put_bits(&bp, 1, 2);
		put_code(&bp, 0x30 + 'a', 8);
		put_code(&bp, 1, 7);	/* length 3 */
		put_code(&bp, d, 5);	/* distance code */
		put_bits(&bp, 0, 13);
		put_code(&bp, 0, 7);
		same_verdict(WD_DEFLATE, (bp + 7) / 8, "fixed distance 30/31");
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
	uint32_t bp = 0, next[16] = { 0 }, code[288];
	int count[16] = { 0 }, i;

	put_bits(&bp, 1, 1);
	put_bits(&bp, 2, 2);
	put_bits(&bp, (uint32_t)(nlit - 257), 5);
	put_bits(&bp, (uint32_t)(ndist - 1), 5);
	put_bits(&bp, 15, 4);
	for (i = 0; i < 19; i++)
		put_bits(&bp, order[i] < 16 && !(cl_short && order[i] == 15) ? 4 : 0, 3);
	for (i = 0; i < nlit + ndist; i++)
		put_code(&bp, i < nlit ? lit[i] : dist[i - nlit], 4);
	/* the lit/len code's canonical codes (RFC 1951 3.2.2) */
	for (i = 0; i < nlit; i++)
		count[lit[i]]++;
	count[0] = 0;
	for (i = 1; i < 16; i++)
		next[i] = (next[i - 1] + (uint32_t)count[i - 1]) << 1;
	for (i = 0; i < nlit; i++)
		if (lit[i])
			code[i] = next[lit[i]]++;
	for (i = 0; i < nsyms; i++)
		put_code(&bp, code[syms[i]], lit[syms[i]]);
	return (bp + 7) / 8;
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

// SPDX-License-Identifier: Apache-2.0
#include "deflate_writer.h"

void dw_bits(struct dw *w, uint32_t v, int n)
{
	for (int k = 0; k < n; k++, w->bp++) {
		if (!(w->bp & 7))
			w->b[w->bp >> 3] = 0;
		w->b[w->bp >> 3] |= (uint8_t)(((v >> k) & 1) << (w->bp & 7));
	}
}

void dw_code(struct dw *w, uint32_t code, int n)
{
	while (n--)
		dw_bits(w, code >> n, 1);
}

void dw_canon(const uint8_t *lens, int n, uint32_t *code)
{
	uint32_t next[16] = { 0 };
	int count[16] = { 0 }, i;

	for (i = 0; i < n; i++)
		count[lens[i]]++;
	count[0] = 0;
	for (i = 1; i < 16; i++)
		next[i] = (next[i - 1] + (uint32_t)count[i - 1]) << 1;
	for (i = 0; i < n; i++)
		code[i] = lens[i] ? next[lens[i]]++ : 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hand-made deflate blocks for the decoder tests (test_comp_istream's
 * istream_blocks.c, test_comp_pginflate): a bit writer and canonical codes
 * (RFC 1951 3.2.2), so a test can send headers and codes no encoder makes.
 */
#ifndef DEFLATE_WRITER_H
#define DEFLATE_WRITER_H

#include <stdint.h>

struct dw {
	uint8_t *b;		/* the caller's buffer, big enough */
	uint32_t bp;		/* bits written */
};

/* n bits of v, least significant first (header fields, extra bits). */
void dw_bits(struct dw *w, uint32_t v, int n);
/* A Huffman code of n bits, most significant bit first. */
void dw_code(struct dw *w, uint32_t code, int n);
/* Canonical codes of lens[0..n); 0 for a symbol without a code. */
void dw_canon(const uint8_t *lens, int n, uint32_t *code);
/* Bytes written so far (the last one partly). */
static inline uint32_t dw_bytes(const struct dw *w)
{
	return (w->bp + 7) / 8;
}

#endif

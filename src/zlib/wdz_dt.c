/* SPDX-License-Identifier: Apache-2.0 */
/* zlib's data_type for a one-shot deflate (wdz_dt.h). */
#include <stdint.h>
#include <string.h>
#include "wdz_dt.h"
#include "wdz_zlib.h"

#define DT_BLACK 1
#define DT_WHITE 2

/* byte classes as zlib's detect_data_type reads them */
static unsigned char dt_class(unsigned char c)
{
	if (c >= 32 || c == 9 || c == 10 || c == 13)
		return DT_WHITE;
	if ((0xf3ffc07fu >> c) & 1)
		return DT_BLACK;
	return 0;	/* 7, 8, 11, 12, 26, 27: neither */
}

/* Classes seen in p[0..n); stops early once a black byte is seen. Eight
 * bytes at a time: a word with no byte below 32 is all white. */
static unsigned scan(const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	unsigned seen = 0;
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		/* bytes < 0x20: (w - 0x20..) & ~w & 0x80.. (exact for n <= 128) */
		if (((w - 32 * ones) & ~w & highs) == 0) {
			seen |= DT_WHITE;
			continue;
		}
		for (size_t j = 0; j < 8; j++)
			seen |= dt_class(p[i + j]);
		if (seen & DT_BLACK)
			return seen;
	}
	for (; i < n; i++)
		seen |= dt_class(p[i]);
	return seen;
}

int wdz_dt_first_block(const unsigned char *p, size_t len, int mem_level)
{
	size_t syms = ((size_t)1 << (mem_level + 6)) - 1;	/* zlib: lit_bufsize - 1 */
	size_t lo = syms < len ? syms : len;
	size_t hi = syms * 258 + 258 < len ? syms * 258 + 258 : len;
	unsigned a = scan(p, lo), b;

	if (a & DT_BLACK)
		return Z_BINARY;
	b = lo < hi ? scan(p + lo, hi - lo) : 0;
	if (b & DT_BLACK)
		return -1;
	if (a & DT_WHITE)
		return Z_TEXT;
	return (b & DT_WHITE) ? -1 : Z_BINARY;
}

int wdz_dt_guess(const unsigned char *p, size_t len, int mem_level)
{
	size_t syms = ((size_t)1 << (mem_level + 6)) - 1;
	size_t lo = syms < len ? syms : len;
	size_t hi = syms * 258 + 258 < len ? syms * 258 + 258 : len;
	unsigned a = scan(p, lo);

	if (a & DT_BLACK)
		return Z_BINARY;
	if (a & DT_WHITE)
		return Z_TEXT;	/* exact unless a black byte follows within zlib's first block */
	return (lo < hi && scan(p + lo, hi - lo) == DT_WHITE) ? Z_TEXT : Z_BINARY;
}

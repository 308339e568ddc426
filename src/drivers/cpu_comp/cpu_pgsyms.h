/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page deflater's matcher's symbol tables (cpu_pgmatch.c, their one
 * user): a match's length and distance as deflate symbols and token parts,
 * made once per process from cpu_rfc1951.h's code ranges
 * (cpu_pg_syms_init), so that the ranges are written down in one place.
 */
#ifndef CPU_PGSYMS_H
#define CPU_PGSYMS_H

#include <linux/types.h>
#include "cpu_rfc1951.h"

/*
 * lx[length - 3] = length symbol - 257 | extra bits << 5;
 * dsym[dist - 1] for dist <= 256, dsym[256 + ((dist - 1) >> 7)] beyond
 * (distance symbols from 16 on start at multiples of 128, plus 1);
 * dtok[symbol]: a distance symbol's part of a match token, (symbol + 1) << 9,
 * and the mask of its extra bits << 18 (the token takes dist - 1 under it).
 * Each starts a cache line (half a line off measured ~1-2% slower at 4 KiB
 * L1, near noise).
 */
static __u8 lx[256] __attribute__((aligned(64)));
static __u8 dsym[512] __attribute__((aligned(64)));
static __u32 dtok[30];

static void pg_syms_fill(void)
{
	unsigned s, v;

	/* in symbol order: length 258 is symbol 285's, not the end of 284's range */
	for (s = 0; s < 29; s++)
		for (v = cpu_len_base[s]; v < cpu_len_base[s] + (1u << cpu_len_extra[s]) && v <= 258;
		     v++)
			lx[v - 3] = (__u8)(s | cpu_len_extra[s] << 5);
	for (s = 0; s < 30; s++) {
		for (v = cpu_dist_base[s] - 1u; v < cpu_dist_base[s] - 1u + (1u << cpu_dist_extra[s]);
		     v++)
			dsym[v < 256 ? v : 256 + (v >> 7)] = (__u8)s;
		dtok[s] = (s + 1u) << 9 | ((1u << cpu_dist_extra[s]) - 1) << 18;
	}
}

#endif /* CPU_PGSYMS_H */

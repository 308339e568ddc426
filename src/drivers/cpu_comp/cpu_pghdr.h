/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Between the page deflater's Huffman parts: code lengths and canonical
 * codes (cpu_pghuff.c), the dynamic block header (cpu_pghdr.c: the
 * run-length items of the code lengths, their code, the header's bits and
 * bytes) and the codes' tables (cpu_pgcode.c). Driver-internal;
 * cpu_pglearn.h has the plan and code structures.
 */
#ifndef CPU_PGHDR_H
#define CPU_PGHDR_H

#include <linux/types.h>
#include "cpu_pglearn.h"

/*
 * Code lengths (<= maxlen) for freq[0..n), n <= CPU_PG_NLL, counts < 2^22,
 * into lens[]; returns the sum of count x length (cpu_pghuff.c).
 */
__u32 cpu_pgh_lengths(const __u32 *freq, unsigned n, unsigned maxlen, __u8 *lens);
/* Canonical codes of lens[0..n) into out[] as bit-reversed code | length
 * << 24, 0 for length 0 (cpu_pghuff.c). */
void cpu_pgh_canon(const __u8 *lens, unsigned n, __u32 *out);
/* From p->lens: the header's run-length items, the code-length code's
 * lengths, nl, nd, ncl and the header's bits (cpu_pghdr.c). */
void cpu_pgh_header_plan(struct cpu_pgplan *p);
/* The header of plan p (a final dynamic block) into c->hdr, c->hdr_bits
 * (cpu_pghdr.c). */
void cpu_pgh_header_write(struct cpu_pgcode *c, const struct cpu_pgplan *p);

/* 8 bytes' "not zero" as 8 bits: each byte folded to its low bit, then the
 * low bits gathered by one multiply (byte i's lands on bit 56 + i, and
 * nothing else reaches those bits). */
static inline __u64 cpu_pg_nonzero8(__u64 x)
{
	x |= x >> 4;
	x |= x >> 2;
	x |= x >> 1;
	return (x & 0x0101010101010101ull) * 0x0102040810204080ull >> 56;
}

#endif /* CPU_PGHDR_H */

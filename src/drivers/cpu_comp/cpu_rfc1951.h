/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The deflate format's fixed tables (RFC 1951, 3.2.5 and 3.2.7) and the bit
 * order of its Huffman codes, one copy for every coder of the CPU driver: the block walker (cpu_dwalk.c), the
 * stream inflate's header check (cpu_ihdr.c), the page inflater
 * (cpu_pgtables.c), the page deflater's matcher, header and fixed code
 * (cpu_pgmatch.c, cpu_pghdr.c, cpu_pgcode.c).
 */
#ifndef CPU_RFC1951_H
#define CPU_RFC1951_H

#include <string.h>
#include <linux/types.h>

/* Order of the code-length code's lengths in a dynamic block header. */
static const __u8 cpu_clen_order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
					 11, 4, 12, 3, 13, 2, 14, 1, 15 };

/* Length symbols 257..285: base length and extra bits. */
static const __u16 cpu_len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
					31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
					258 };
static const __u8 cpu_len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
					2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };

/* Distance symbols 0..29: base distance and extra bits. */
static const __u16 cpu_dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97,
					 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
					 4097, 6145, 8193, 12289, 16385, 24577 };
static const __u8 cpu_dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
					 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* The fixed code (3.2.6): 288 lit/len lengths into lit[], then ndist
 * distance lengths (5 bits) into dist[] (written after lit[]: they may
 * overlap its last entries). */
static inline void cpu_fixed_lens(__u8 *lit, __u8 *dist, unsigned ndist)
{
	memset(lit, 8, 144);
	memset(lit + 144, 9, 112);
	memset(lit + 256, 7, 24);
	memset(lit + 280, 8, 8);
	memset(dist, 5, ndist);
}

/* Bytes bit-reversed (built by doubling; a copy per file that uses it,
 * 256 bytes). */
#define CPU_R2(n) n, n + 2 * 64, n + 1 * 64, n + 3 * 64
#define CPU_R4(n) CPU_R2(n), CPU_R2(n + 2 * 16), CPU_R2(n + 1 * 16), CPU_R2(n + 3 * 16)
#define CPU_R6(n) CPU_R4(n), CPU_R4(n + 2 * 4), CPU_R4(n + 1 * 4), CPU_R4(n + 3 * 4)
static const __u8 cpu_rev8[256] = { CPU_R6(0), CPU_R6(2), CPU_R6(1), CPU_R6(3) };
#undef CPU_R2
#undef CPU_R4
#undef CPU_R6

/* The low len (<= 16) bits of code, reversed: Huffman codes are sent most
 * significant bit first into a stream read least significant bit first
 * (3.1.1), so coders write and index them reversed. */
static inline __u32 cpu_rev_bits(__u32 code, unsigned len)
{
	return ((__u32)cpu_rev8[code & 0xff] << 8 | cpu_rev8[code >> 8 & 0xff]) >> (16 - len);
}

#endif /* CPU_RFC1951_H */

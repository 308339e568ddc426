/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SM3 compression function, written from GB/T 32905-2016 §5. Four rounds
 * per loop turn with the registers renamed instead of moved; the message
 * expansion W[0..67] is computed up front per block.
 */
#include <string.h>
#include "sm3.h"

#define ROTL(x, n)	(((x) << ((n) & 31)) | ((x) >> ((32 - ((n) & 31)) & 31)))
#define P0(x)		((x) ^ ROTL((x), 9) ^ ROTL((x), 17))
#define P1(x)		((x) ^ ROTL((x), 15) ^ ROTL((x), 23))
#define FF0(x, y, z)	((x) ^ (y) ^ (z))
#define FF1(x, y, z)	(((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define GG0(x, y, z)	((x) ^ (y) ^ (z))
#define GG1(x, y, z)	((((y) ^ (z)) & (x)) ^ (z))

/* T_j <<< (j mod 32), folded at compile time */
#define TJ(j)		((__u32)ROTL((j) < 16 ? 0x79cc4519u : 0x7a879d8au, (j)))
#define T4(j)		TJ(j), TJ((j) + 1), TJ((j) + 2), TJ((j) + 3)
#define T16(j)		T4(j), T4((j) + 4), T4((j) + 8), T4((j) + 12)
static const __u32 tj[64] = { T16(0), T16(16), T16(32), T16(48) };

void sm3_start(__u32 h[8])
{
	h[0] = 0x7380166f;
	h[1] = 0x4914b2b9;
	h[2] = 0x172442d7;
	h[3] = 0xda8a0600;
	h[4] = 0xa96f30bc;
	h[5] = 0x163138aa;
	h[6] = 0xe38dee4d;
	h[7] = 0xb0fb0e4e;
}

/*
 * One round. The new A lands in D and the new E in H; B and F are rotated
 * in place, so the next round takes the registers as (D, A, B, C, H, E, F, G).
 */
#define ROUND(a, b, c, d, e, f, g, h, j, FF, GG)				\
	do {									\
		__u32 a12 = ROTL(a, 12);					\
		__u32 ss1 = ROTL(a12 + (e) + tj[j], 7);				\
		__u32 ss2 = ss1 ^ a12;						\
		d = FF(a, b, c) + (d) + ss2 + (w[j] ^ w[(j) + 4]);		\
		h = GG(e, f, g) + (h) + ss1 + w[j];				\
		b = ROTL(b, 9);							\
		f = ROTL(f, 19);						\
		h = P0(h);							\
	} while (0)

#define ROUND4(j, FF, GG)							\
	do {									\
		ROUND(A, B, C, D, E, F, G, H, (j), FF, GG);			\
		ROUND(D, A, B, C, H, E, F, G, (j) + 1, FF, GG);			\
		ROUND(C, D, A, B, G, H, E, F, (j) + 2, FF, GG);			\
		ROUND(B, C, D, A, F, G, H, E, (j) + 3, FF, GG);			\
	} while (0)

static inline __u32 load_be32(const __u8 *p)
{
	__u32 v;

	memcpy(&v, p, 4);
	return __builtin_bswap32(v);
}

void sm3_blocks(__u32 st[8], const __u8 *in, size_t n)
{
	__u32 w[68];
	int j;

	for (; n; n--, in += SM3_BLOCK) {
		__u32 A = st[0], B = st[1], C = st[2], D = st[3];
		__u32 E = st[4], F = st[5], G = st[6], H = st[7];

		for (j = 0; j < 16; j++)
			w[j] = load_be32(in + 4 * j);
		for (j = 16; j < 68; j++) {
			__u32 x = w[j - 16] ^ w[j - 9] ^ ROTL(w[j - 3], 15);

			w[j] = P1(x) ^ ROTL(w[j - 13], 7) ^ w[j - 6];
		}
		for (j = 0; j < 16; j += 4)
			ROUND4(j, FF0, GG0);
		for (; j < 64; j += 4)
			ROUND4(j, FF1, GG1);
		st[0] ^= A;
		st[1] ^= B;
		st[2] ^= C;
		st[3] ^= D;
		st[4] ^= E;
		st[5] ^= F;
		st[6] ^= G;
		st[7] ^= H;
	}
}

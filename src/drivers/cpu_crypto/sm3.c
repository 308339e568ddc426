/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SM3 compression function, written from GB/T 32905-2016 §5. Four rounds
 * at a time with the registers renamed instead of moved, all 64 unrolled;
 * the message expansion runs a few words ahead of the rounds in a
 * 16-word window.
 */
#include <string.h>
#include "sm3.h"
#include "wd_bytes.h"

#define ROTL(x, n)	(((x) << ((n) & 31)) | ((x) >> ((32 - ((n) & 31)) & 31)))
#define P0(x)		((x) ^ ROTL((x), 9) ^ ROTL((x), 17))
#define P1(x)		((x) ^ ROTL((x), 15) ^ ROTL((x), 23))
#define FF0(x, y, z)	((x) ^ (y) ^ (z))
#define FF1(x, y, z)	(((x) & (y)) | (((x) | (y)) & (z)))	/* majority */
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
		d = FF(a, b, c) + (d) + ss2 + (W(j) ^ W((j) + 4));		\
		h = GG(e, f, g) + (h) + ss1 + W(j);				\
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

/* W_j lives in a 16-word window: slot j mod 16 is free once W_(j-16) was last used */
#define W(j)		w[(j) & 15]
#define EXPAND(j)								\
	W(j) = P1(W((j) - 16) ^ W((j) - 9) ^ ROTL(W((j) - 3), 15)) ^				\
	       ROTL(W((j) - 13), 7) ^ W((j) - 6)
#define EXPAND4(j)								\
	do {									\
		EXPAND(j);							\
		EXPAND((j) + 1);						\
		EXPAND((j) + 2);						\
		EXPAND((j) + 3);						\
	} while (0)

void sm3_blocks(__u32 st[8], const __u8 *in, size_t n)
{
	__u32 w[16];
	int j;

	for (; n; n--, in += SM3_BLOCK) {
		__u32 A = st[0], B = st[1], C = st[2], D = st[3];
		__u32 E = st[4], F = st[5], G = st[6], H = st[7];

		for (j = 0; j < 16; j++)
			w[j] = wd_get_be32(in + 4 * j);
		/* expansion interleaved with the rounds: both chains overlap */
		ROUND4(0, FF0, GG0);
		ROUND4(4, FF0, GG0);
		ROUND4(8, FF0, GG0);
		EXPAND4(16);
		ROUND4(12, FF0, GG0);
		EXPAND4(20);
		ROUND4(16, FF1, GG1);
		EXPAND4(24);
		ROUND4(20, FF1, GG1);
		EXPAND4(28);
		ROUND4(24, FF1, GG1);
		EXPAND4(32);
		ROUND4(28, FF1, GG1);
		EXPAND4(36);
		ROUND4(32, FF1, GG1);
		EXPAND4(40);
		ROUND4(36, FF1, GG1);
		EXPAND4(44);
		ROUND4(40, FF1, GG1);
		EXPAND4(48);
		ROUND4(44, FF1, GG1);
		EXPAND4(52);
		ROUND4(48, FF1, GG1);
		EXPAND4(56);
		ROUND4(52, FF1, GG1);
		EXPAND4(60);
		ROUND4(56, FF1, GG1);
		EXPAND4(64);
		ROUND4(60, FF1, GG1);
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

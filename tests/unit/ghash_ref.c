/* SPDX-License-Identifier: Apache-2.0 */
/* GHASH as a reference (ghash_ref.h): slow on purpose, nothing shared with the drivers. */
#include <string.h>
#include "ghash_ref.h"

/* x = x * h in GF(2^128), GCM's bit order. */
static void gf_mul(uint8_t *x, const uint8_t *h)
{
	uint8_t z[16] = { 0 }, v[16];
	int i, j, lsb;

	memcpy(v, h, 16);
	for (i = 0; i < 128; i++) {
		if (x[i / 8] & (0x80 >> (i % 8)))
			for (j = 0; j < 16; j++)
				z[j] ^= v[j];
		lsb = v[15] & 1;
		for (j = 15; j > 0; j--)
			v[j] = (uint8_t)(v[j] >> 1 | v[j - 1] << 7);
		v[0] >>= 1;
		if (lsb)
			v[0] ^= 0xe1;
	}
	memcpy(x, z, 16);
}

void ref_ghash(uint8_t y[16], const uint8_t h[16], const uint8_t *p, size_t len)
{
	size_t off, i;

	for (off = 0; off < len; off += 16) {
		for (i = 0; i < 16 && off + i < len; i++)
			y[i] ^= p[off + i];
		gf_mul(y, h);
	}
}

void ref_gcm_tag(uint8_t tag[16], uint8_t y[16], const uint8_t h[16], const uint8_t ej0[16],
		 size_t alen, size_t len)
{
	uint8_t lens[16];
	int i;

	for (i = 0; i < 8; i++) {
		lens[7 - i] = (uint8_t)((uint64_t)alen * 8 >> (8 * i));
		lens[15 - i] = (uint8_t)((uint64_t)len * 8 >> (8 * i));
	}
	ref_ghash(y, h, lens, 16);
	for (i = 0; i < 16; i++)
		tag[i] = y[i] ^ ej0[i];
}

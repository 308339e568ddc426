/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GCM (SP 800-38D) and CCM (SP 800-38C) written out over any 128-bit block
 * cipher's ECB from OpenSSL. OpenSSL 3.0 has no SM4-GCM / SM4-CCM; this
 * gives test_crypto_cross a reference for them. The same code on AES is
 * checked against OpenSSL's own AES-GCM / AES-CCM first (cross_aead.c),
 * so a mistake here cannot pass for the library's.
 */
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_cipher.h>
#include "cross.h"
#include "ghash_ref.h"

static int ecb(int alg, const uint8_t *key, uint32_t klen, const uint8_t *in, uint8_t *out,
	       size_t len)
{
	return evp_crypt(alg, WD_CIPHER_ECB, key, klen, NULL, 1, in, out, (uint32_t)len);
}

/* out = in XOR the keystream of counter blocks ctr, ctr+1 ... (low `width` bytes count). */
static int ctr_xor(int alg, const uint8_t *key, uint32_t klen, const uint8_t *ctr0, int width,
		   const uint8_t *in, uint8_t *out, size_t len)
{
	size_t nb = (len + 15) / 16, b, i;
	uint8_t *ks = malloc(nb * 16 + 16);
	int ret, k;

	if (!ks)
		return -1;
	for (b = 0; b < nb; b++) {
		uint8_t *c = ks + 16 * b;
		uint64_t carry = b;

		memcpy(c, ctr0, 16);
		for (k = 15; k >= 16 - width && carry; k--) {
			carry += c[k];
			c[k] = (uint8_t)carry;
			carry >>= 8;
		}
	}
	ret = nb ? ecb(alg, key, klen, ks, ks, nb * 16) : 0;
	for (i = 0; !ret && i < len; i++)
		out[i] = in[i] ^ ks[i];
	free(ks);
	return ret;
}

int ref_gcm(int alg, int enc, const uint8_t *key, uint32_t klen, const uint8_t *iv12,
	    const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	    uint8_t *tag)
{
	uint8_t h[16] = { 0 }, j0[16], ctr[16], s[16] = { 0 }, ej0[16];

	memcpy(j0, iv12, 12);
	memcpy(j0 + 12, "\0\0\0\1", 4);
	memcpy(ctr, j0, 16);
	ctr[15]++;	/* inc32(J0): the low byte is 1, no carry */
	if (ecb(alg, key, klen, h, h, 16) || ecb(alg, key, klen, j0, ej0, 16))
		return -1;
	/* S = GHASH(A, C, lengths): C is the input when decrypting (out may be in) */
	ref_ghash(s, h, aad, alen);
	if (!enc)
		ref_ghash(s, h, in, len);
	if (ctr_xor(alg, key, klen, ctr, 4, in, out, len))
		return -1;
	if (enc)
		ref_ghash(s, h, out, len);
	ref_gcm_tag(tag, s, h, ej0, alen, len);
	return 0;
}

/* CBC-MAC step: x = E(x ^ p), p zero-padded to a block. */
static int mac_blocks(int alg, const uint8_t *key, uint32_t klen, uint8_t *x, const uint8_t *p,
		      size_t len)
{
	size_t off, i;

	for (off = 0; off < len; off += 16) {
		for (i = 0; i < 16 && off + i < len; i++)
			x[i] ^= p[off + i];
		if (ecb(alg, key, klen, x, x, 16))
			return -1;
	}
	return 0;
}

int ref_ccm(int alg, int enc, const uint8_t *key, uint32_t klen, const uint8_t *nonce,
	    size_t nlen, const uint8_t *aad, size_t alen, const uint8_t *in, size_t len,
	    uint8_t *out, uint8_t *tag, size_t tlen)
{
	uint8_t x[16] = { 0 }, a0[16] = { 0 }, s0[16], hdr[2];
	size_t l = 15 - nlen, i;
	const uint8_t *pt = enc ? in : out;

	/* B0: flags (Adata, (t - 2) / 2, L - 1), nonce, payload length in L bytes */
	x[0] = (uint8_t)((alen ? 0x40 : 0) | ((tlen - 2) / 2) << 3 | (l - 1));
	memcpy(x + 1, nonce, nlen);
	for (i = 0; i < l; i++)
		x[15 - i] = (uint8_t)((uint64_t)len >> (8 * i));
	a0[0] = (uint8_t)(l - 1);
	memcpy(a0 + 1, nonce, nlen);
	if (ecb(alg, key, klen, x, x, 16) || ecb(alg, key, klen, a0, s0, 16))
		return -1;
	a0[15] = 1;	/* A1: the payload's first counter block */
	if (!enc && ctr_xor(alg, key, klen, a0, (int)l, in, out, len))
		return -1;	/* decrypt first: the MAC is over the plaintext */
	if (alen) {
		/* the AAD with its 2-byte length (alen < 65280), padded as one string */
		uint8_t *b = malloc(alen + 2);

		if (!b)
			return -1;
		hdr[0] = (uint8_t)(alen >> 8);
		hdr[1] = (uint8_t)alen;
		memcpy(b, hdr, 2);
		memcpy(b + 2, aad, alen);
		i = (size_t)mac_blocks(alg, key, klen, x, b, alen + 2);
		free(b);
		if (i)
			return -1;
	}
	if (mac_blocks(alg, key, klen, x, pt, len))
		return -1;
	if (enc && ctr_xor(alg, key, klen, a0, (int)l, in, out, len))
		return -1;
	for (i = 0; i < tlen; i++)
		tag[i] = x[i] ^ s0[i];
	return 0;
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Reference GCM (SP 800-38D) and CCM (SP 800-38C) over a block cipher in
 * ECB mode from the default provider: slow, plain, written from the
 * specifications. pa_ref_selftest() checks them against the default
 * provider's AES-GCM / AES-CCM first; then they judge SM4-GCM / SM4-CCM
 * and GCM IV lengths other than 12.
 */
#include <stdlib.h>
#include <string.h>
#include "pa_test.h"
#include "ghash_ref.h"

struct blk {
	EVP_CIPHER_CTX *c;
};

static int blk_init(struct blk *b, const char *ecb, const unsigned char *key, size_t klen)
{
	EVP_CIPHER *e = pa_fetch_ref(ecb);

	b->c = EVP_CIPHER_CTX_new();
	if (!e || !b->c || !EVP_EncryptInit_ex2(b->c, e, NULL, NULL, NULL) ||
	    EVP_CIPHER_CTX_get_key_length(b->c) != (int)klen ||
	    !EVP_EncryptInit_ex2(b->c, NULL, key, NULL, NULL)) {
		EVP_CIPHER_free(e);
		EVP_CIPHER_CTX_free(b->c);
		return 0;
	}
	EVP_CIPHER_CTX_set_padding(b->c, 0);
	EVP_CIPHER_free(e);
	return 1;
}

static void blk_enc(struct blk *b, const unsigned char in[16], unsigned char out[16])
{
	int n;

	EVP_EncryptUpdate(b->c, out, &n, in, 16);
}

/* ---- GCM ---- */

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

int pa_ref_gcm(const char *ecb, const unsigned char *key, size_t klen, const unsigned char *iv,
	       size_t ivlen, const unsigned char *aad, size_t alen, const unsigned char *in,
	       size_t len, unsigned char *out, unsigned char tag[16], int enc)
{
	struct blk b;
	unsigned char h[16] = { 0 }, j0[16] = { 0 }, ctr[16], ks[16], s[16] = { 0 }, lb[16];
	unsigned char *c;
	size_t i;
	uint32_t n;

	if (!blk_init(&b, ecb, key, klen))
		return 0;
	blk_enc(&b, h, h);
	if (ivlen == 12) {
		memcpy(j0, iv, 12);
		j0[15] = 1;
	} else {
		ref_ghash(j0, h, iv, ivlen);
		memset(lb, 0, 8);
		put64(lb + 8, (uint64_t)ivlen * 8);
		ref_ghash(j0, h, lb, 16);
	}
	/* the ciphertext: out when encrypting, in when decrypting */
	c = malloc(len ? len : 1);
	memcpy(ctr, j0, 16);
	for (i = 0; i < len; i++) {
		if (i % 16 == 0) {
			n = (uint32_t)ctr[12] << 24 | (uint32_t)ctr[13] << 16 |
			    (uint32_t)ctr[14] << 8 | ctr[15];
			n++;	/* inc32 */
			ctr[12] = (unsigned char)(n >> 24);
			ctr[13] = (unsigned char)(n >> 16);
			ctr[14] = (unsigned char)(n >> 8);
			ctr[15] = (unsigned char)n;
			blk_enc(&b, ctr, ks);
		}
		c[i] = enc ? in[i] ^ ks[i % 16] : in[i];
		out[i] = in[i] ^ ks[i % 16];
	}
	ref_ghash(s, h, aad, alen);
	ref_ghash(s, h, c, len);
	blk_enc(&b, j0, ks);
	ref_gcm_tag(tag, s, h, ks, alen, len);
	free(c);
	EVP_CIPHER_CTX_free(b.c);
	return 1;
}

/* ---- CCM ---- */

int pa_ref_ccm(const char *ecb, const unsigned char *key, size_t klen, const unsigned char *nonce,
	       size_t nlen, size_t m, const unsigned char *aad, size_t alen,
	       const unsigned char *in, size_t len, unsigned char *out, unsigned char *tag, int enc)
{
	struct blk b;
	size_t L = 15 - nlen, i, k, hl;
	unsigned char x[16], blkb[16], a[16], s[16], hdr[10];
	const unsigned char *p;

	if (L < 2 || L > 8 || !blk_init(&b, ecb, key, klen))
		return 0;
	/* B0 */
	memset(blkb, 0, 16);
	blkb[0] = (unsigned char)((alen ? 0x40 : 0) | ((m - 2) / 2) << 3 | (L - 1));
	memcpy(blkb + 1, nonce, nlen);
	for (i = 0; i < L; i++)
		blkb[15 - i] = (unsigned char)((uint64_t)len >> (8 * i));
	blk_enc(&b, blkb, x);
	/* AAD, its length encoded first */
	if (alen) {
		if (alen < 0xff00) {
			hdr[0] = (unsigned char)(alen >> 8);
			hdr[1] = (unsigned char)alen;
			hl = 2;
		} else if ((uint64_t)alen < (1ULL << 32)) {
			hdr[0] = 0xff;
			hdr[1] = 0xfe;
			for (i = 0; i < 4; i++)
				hdr[2 + i] = (unsigned char)((uint64_t)alen >> (24 - 8 * i));
			hl = 6;
		} else {
			hdr[0] = 0xff;
			hdr[1] = 0xff;
			for (i = 0; i < 8; i++)
				hdr[2 + i] = (unsigned char)((uint64_t)alen >> (56 - 8 * i));
			hl = 10;
		}
		k = 0;
		for (i = 0; i < hl + alen; i++) {
			x[k++] ^= i < hl ? hdr[i] : aad[i - hl];
			if (k == 16) {
				blk_enc(&b, x, x);
				k = 0;
			}
		}
		if (k)
			blk_enc(&b, x, x);
	}
	/* CTR from counter 1; CBC-MAC over the plaintext */
	memset(a, 0, 16);
	a[0] = (unsigned char)(L - 1);
	memcpy(a + 1, nonce, nlen);
	for (i = 0; i < len; i += 16) {
		uint64_t ctr = i / 16 + 1;

		for (k = 0; k < L; k++)
			a[15 - k] = (unsigned char)(ctr >> (8 * k));
		blk_enc(&b, a, s);
		k = len - i < 16 ? len - i : 16;
		for (size_t j = 0; j < k; j++)
			out[i + j] = in[i + j] ^ s[j];
		p = enc ? in + i : out + i;
		for (size_t j = 0; j < k; j++)
			x[j] ^= p[j];
		blk_enc(&b, x, x);
	}
	for (k = 0; k < L; k++)
		a[15 - k] = 0;
	blk_enc(&b, a, s);
	for (i = 0; i < m; i++)
		tag[i] = x[i] ^ s[i];
	EVP_CIPHER_CTX_free(b.c);
	return 1;
}

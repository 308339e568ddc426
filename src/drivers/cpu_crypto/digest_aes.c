/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AES MACs of cpu_digest: AES-XCBC-MAC-96 (RFC 3566), AES-XCBC-PRF-128
 * (RFC 4434), AES-CMAC (SP 800-38B) and AES-GMAC (SP 800-38D).
 *
 * CMAC and XCBC are one CBC-MAC with a last-block subkey: CMAC's K1/K2 are
 * doublings of E_K(0), XCBC's cipher key and K2/K3 are E_K(1..1), E_K(2..2),
 * E_K(3..3). A CBC-MAC is serial, so a single-block AES-NI loop on keys
 * expanded at set_key is as fast as any library, and has no per-request
 * set-up at all (ipsec-mb's job API and OpenSSL's EVP_MAC have).
 *
 * GMAC: the request's 16-byte iv is the GCM pre-counter block J0 (for a
 * 12-byte nonce: nonce || 00000001). tag = GHASH_H(message as AAD, no
 * ciphertext, length block len(A) || 0) XOR E_K(J0), H = E_K(0^128).
 * GHASH is ipsec-mb's (PCLMULQDQ, tables precomputed at set_key).
 */
#include <pthread.h>
#include <string.h>
#include <immintrin.h>
#include "digest_internal.h"

#define AES_TARGET	__attribute__((target("aes,sse2")))

bool dg_aes_usable(void)
{
	if (!__builtin_cpu_supports("aes") || !__builtin_cpu_supports("pclmul"))
		return false;
	return cc_imb_direct() != NULL;
}

static struct gcm_key_data *gcm_key(const struct dg_state *s)
{
	uintptr_t p = (uintptr_t)(s + 1);
	uintptr_t a = __alignof__(struct gcm_key_data);

	return (struct gcm_key_data *)((p + a - 1) & ~(a - 1));
}

static AES_TARGET inline __m128i aes_enc(const struct dg_aes *k, __m128i b)
{
	const __m128i *rk = (const __m128i *)k->rk;
	int i;

	b = _mm_xor_si128(b, _mm_loadu_si128(rk));
	for (i = 1; i < k->rounds; i++)
		b = _mm_aesenc_si128(b, _mm_loadu_si128(rk + i));
	return _mm_aesenclast_si128(b, _mm_loadu_si128(rk + k->rounds));
}

static AES_TARGET void aes_block(const struct dg_aes *k, const __u8 in[16], __u8 out[16])
{
	_mm_storeu_si128((__m128i *)out, aes_enc(k, _mm_loadu_si128((const __m128i *)in)));
}

static int aes_expand(struct dg_aes *k, const __u8 *key, __u32 len)
{
	__u8 dec[15 * 16];

	switch (len) {
	case 16:
		IMB_AES_KEYEXP_128(cc_imb_direct(), key, k->rk, dec);
		k->rounds = 10;
		break;
	case 24:
		IMB_AES_KEYEXP_192(cc_imb_direct(), key, k->rk, dec);
		k->rounds = 12;
		break;
	case 32:
		IMB_AES_KEYEXP_256(cc_imb_direct(), key, k->rk, dec);
		k->rounds = 14;
		break;
	default:
		return -WD_EINVAL;
	}
	cc_wipe(dec, sizeof(dec));
	return 0;
}

/* Multiply by x in GF(2^128), big-endian bit order (SP 800-38B §6.1). */
static void dbl(const __u8 in[16], __u8 out[16])
{
	__u8 carry = in[0] >> 7;
	int i;

	for (i = 0; i < 15; i++)
		out[i] = (__u8)(in[i] << 1 | in[i + 1] >> 7);
	out[15] = (__u8)(in[15] << 1) ^ (carry ? 0x87 : 0);
}

int dg_aes_set_key(struct dg_state *s, const __u8 *key, __u32 len)
{
	struct dg_aes *k = &s->aes;
	__u8 blk[16], l[16];
	int ret;

	cc_wipe(k, sizeof(*k));
	if (s->alg == WD_DIGEST_AES_GMAC)
		cc_wipe(gcm_key(s), sizeof(struct gcm_key_data));
	if (!len)
		return 0;
	if (!dg_aes_usable())
		return -WD_EINVAL;
	switch (s->alg) {
	case WD_DIGEST_AES_XCBC_MAC_96:
	case WD_DIGEST_AES_XCBC_PRF_128:
		/* RFC 3566 §4: K1 = E_K(0x01..), K2 = E_K(0x02..), K3 = E_K(0x03..) */
		if (len != 16 || aes_expand(k, key, len))
			return -WD_EINVAL;
		memset(blk, 2, 16);
		aes_block(k, blk, k->k1);
		memset(blk, 3, 16);
		aes_block(k, blk, k->k2);
		memset(blk, 1, 16);
		aes_block(k, blk, l);
		ret = aes_expand(k, l, 16);
		break;
	case WD_DIGEST_AES_CMAC:
		ret = aes_expand(k, key, len);
		if (ret)
			break;
		memset(blk, 0, 16);
		aes_block(k, blk, l);
		dbl(l, k->k1);
		dbl(k->k1, k->k2);
		break;
	case WD_DIGEST_AES_GMAC:
		ret = aes_expand(k, key, len);
		if (ret)
			break;
		memset(blk, 0, 16);
		aes_block(k, blk, l);
		IMB_GHASH_PRE(cc_imb_direct(), l, gcm_key(s));
		break;
	default:
		ret = -WD_EINVAL;
	}
	cc_wipe(l, sizeof(l));
	if (ret) {
		cc_wipe(k, sizeof(*k));
		if (s->alg == WD_DIGEST_AES_GMAC)
			cc_wipe(gcm_key(s), sizeof(struct gcm_key_data));
	}
	return ret;
}

/* CBC-MAC whose last block is XORed with k1 (complete) or padded 10* and XORed with k2. */
static AES_TARGET void cbc_mac(const struct dg_aes *k, const __u8 *in, size_t len, __u8 mac[16])
{
	size_t full = len ? (len - 1) / 16 : 0;	/* blocks before the last */
	size_t rest = len - full * 16;
	__m128i x = _mm_setzero_si128();
	__m128i last;
	__u8 pad[16];
	size_t i;

	for (i = 0; i < full; i++)
		x = aes_enc(k, _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)(in + 16 * i))));
	if (rest == 16) {
		last = _mm_loadu_si128((const __m128i *)(in + 16 * full));
		last = _mm_xor_si128(last, _mm_loadu_si128((const __m128i *)k->k1));
	} else {
		memset(pad, 0, sizeof(pad));
		if (rest)
			memcpy(pad, in + 16 * full, rest);
		pad[rest] = 0x80;
		last = _mm_loadu_si128((const __m128i *)pad);
		last = _mm_xor_si128(last, _mm_loadu_si128((const __m128i *)k->k2));
	}
	x = aes_enc(k, _mm_xor_si128(x, last));
	_mm_storeu_si128((__m128i *)mac, x);
}

static void gmac(const struct dg_state *s, const __u8 *in, size_t len, const __u8 *j0,
		 __u8 mac[16])
{
	const struct gcm_key_data *gk = gcm_key(s);
	size_t whole = len & ~(size_t)15;
	__u8 blk[16], ek[16];
	__u64 bits;
	int i;

	memset(mac, 0, 16);
	if (whole)
		IMB_GHASH(cc_imb_direct(), gk, in, whole, mac, 16);
	if (len - whole) {
		memset(blk, 0, sizeof(blk));
		memcpy(blk, in + whole, len - whole);
		IMB_GHASH(cc_imb_direct(), gk, blk, 16, mac, 16);
	}
	/* len(A) || len(C) in bits, big-endian; no ciphertext */
	bits = __builtin_bswap64((__u64)len << 3);
	memcpy(blk, &bits, 8);
	memset(blk + 8, 0, 8);
	IMB_GHASH(cc_imb_direct(), gk, blk, 16, mac, 16);
	aes_block(&s->aes, j0, ek);
	for (i = 0; i < 16; i++)
		mac[i] ^= ek[i];
}

void dg_aes_run(const struct dg_state *s, struct wd_digest_msg *m)
{
	/* an empty message may come without a buffer */
	const __u8 *in = m->in_len ? m->in : (const __u8 *)"";
	__u8 mac[16];
	__u32 n;

	/* no long hash for the AES MACs; LAST without a state is a whole message */
	if (!s->aes.rounds || m->stage == WD_DIGEST_PART ||
	    (m->stage == WD_DIGEST_LAST && m->resume)) {
		m->hdr.result = -WD_EINVAL;
		return;
	}
	if (s->alg == WD_DIGEST_AES_GMAC) {
		if (!m->iv || m->iv_len != 16) {
			m->hdr.result = -WD_EINVAL;
			return;
		}
		gmac(s, in, m->in_len, m->iv, mac);
	} else {
		cbc_mac(&s->aes, in, m->in_len, mac);
	}
	n = s->alg == WD_DIGEST_AES_XCBC_MAC_96 ? 12 : 16;
	memcpy(m->out, mac, m->out_len < n ? m->out_len : n);
	m->hdr.result = 0;
}

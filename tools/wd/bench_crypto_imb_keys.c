/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's ipsec-mb baselines, set-up: which algorithms ipsec-mb
 * 1.3 has, and their keys expanded once per thread (AES schedules, HMAC
 * ipad/opad states, CMAC/XCBC subkeys, GCM hash keys).
 */
#include <string.h>
#include "bench_crypto_imb.h"

static int hmac_keys(struct imb_st *st, int dalg, const uint8_t *key, unsigned len)
{
	uint8_t blk[128];
	unsigned bs = dalg == WD_DIGEST_SHA384 || dalg == WD_DIGEST_SHA512 ? 128 : 64;

	for (int pass = 0; pass < 2; pass++) {
		uint8_t *out = pass ? st->opad : st->ipad;

		memset(blk, 0, sizeof(blk));
		memcpy(blk, key, len);
		for (unsigned i = 0; i < bs; i++)
			blk[i] ^= pass ? 0x5c : 0x36;
		switch (dalg) {
		case WD_DIGEST_MD5:
			IMB_MD5_ONE_BLOCK(st->mgr, blk, out);
			break;
		case WD_DIGEST_SHA1:
			IMB_SHA1_ONE_BLOCK(st->mgr, blk, out);
			break;
		case WD_DIGEST_SHA224:
			IMB_SHA224_ONE_BLOCK(st->mgr, blk, out);
			break;
		case WD_DIGEST_SHA256:
			IMB_SHA256_ONE_BLOCK(st->mgr, blk, out);
			break;
		case WD_DIGEST_SHA384:
			IMB_SHA384_ONE_BLOCK(st->mgr, blk, out);
			break;
		case WD_DIGEST_SHA512:
			IMB_SHA512_ONE_BLOCK(st->mgr, blk, out);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static IMB_HASH_ALG hmac_alg(int dalg)
{
	switch (dalg) {
	case WD_DIGEST_MD5: return IMB_AUTH_MD5;
	case WD_DIGEST_SHA1: return IMB_AUTH_HMAC_SHA_1;
	case WD_DIGEST_SHA224: return IMB_AUTH_HMAC_SHA_224;
	case WD_DIGEST_SHA256: return IMB_AUTH_HMAC_SHA_256;
	case WD_DIGEST_SHA384: return IMB_AUTH_HMAC_SHA_384;
	case WD_DIGEST_SHA512: return IMB_AUTH_HMAC_SHA_512;
	}
	return IMB_AUTH_NULL;
}

static IMB_HASH_ALG sha_alg(int dalg)
{
	switch (dalg) {
	case WD_DIGEST_SHA1: return IMB_AUTH_SHA_1;
	case WD_DIGEST_SHA224: return IMB_AUTH_SHA_224;
	case WD_DIGEST_SHA256: return IMB_AUTH_SHA_256;
	case WD_DIGEST_SHA384: return IMB_AUTH_SHA_384;
	case WD_DIGEST_SHA512: return IMB_AUTH_SHA_512;
	}
	return IMB_AUTH_NULL;
}

static unsigned hmac_len(int dalg)
{
	static const unsigned len[] = { [WD_DIGEST_MD5] = 16, [WD_DIGEST_SHA1] = 20,
		[WD_DIGEST_SHA224] = 28, [WD_DIGEST_SHA256] = 32, [WD_DIGEST_SHA384] = 48,
		[WD_DIGEST_SHA512] = 64 };

	return dalg >= 0 && dalg <= WD_DIGEST_SHA512 ? len[dalg] : 0;
}

static void aes_keys(struct imb_st *st, const uint8_t *key)
{
	if (st->key_bytes == 16)
		IMB_AES_KEYEXP_128(st->mgr, key, st->enc_keys, st->dec_keys);
	else if (st->key_bytes == 24)
		IMB_AES_KEYEXP_192(st->mgr, key, st->enc_keys, st->dec_keys);
	else
		IMB_AES_KEYEXP_256(st->mgr, key, st->enc_keys, st->dec_keys);
}

static void gcm_keys(struct imb_st *st, const uint8_t *key)
{
	if (st->key_bytes == 16)
		IMB_AES128_GCM_PRE(st->mgr, key, &st->gkd);
	else if (st->key_bytes == 24)
		IMB_AES192_GCM_PRE(st->mgr, key, &st->gkd);
	else
		IMB_AES256_GCM_PRE(st->mgr, key, &st->gkd);
}

/* What ipsec-mb 1.3 has of this algorithm; the keys. NULL reason: usable. */
const char *bci_set_up(struct imb_st *st)
{
	const struct bc_alg *a = st->a;
	const struct bc_cfg *c = st->cfg;

	st->key_bytes = a->key_len;
	st->tag_len = a->mac_len;
	if (a->cls == BC_CIPHER) {
		st->kind = K_CIPHER;
		st->halg = IMB_AUTH_NULL;
		if (a->calg == WD_CIPHER_AES && a->cmode <= WD_CIPHER_CTR) {
			st->cmode = a->cmode == WD_CIPHER_ECB ? IMB_CIPHER_ECB :
				    a->cmode == WD_CIPHER_CBC ? IMB_CIPHER_CBC : IMB_CIPHER_CNTR;
			aes_keys(st, c->key);
		} else if (a->calg == WD_CIPHER_DES && a->cmode == WD_CIPHER_CBC) {
			st->cmode = IMB_CIPHER_DES;
			IMB_DES_KEYSCHED(st->mgr, st->des_ks[0], c->key);
		} else if (a->calg == WD_CIPHER_3DES && a->cmode == WD_CIPHER_CBC) {
			st->cmode = IMB_CIPHER_DES3;
			for (int i = 0; i < 3; i++) {
				IMB_DES_KEYSCHED(st->mgr, st->des_ks[i], c->key + 8 * i);
				st->des3[i] = st->des_ks[i];
			}
		} else {
			return "ipsec-mb 1.3 has no such cipher";
		}
		return NULL;
	}
	st->cmode = IMB_CIPHER_NULL;
	if (a->cls == BC_DIGEST) {
		switch (a->dalg) {
		case WD_DIGEST_AES_CMAC:
			st->kind = K_CMAC;
			st->halg = IMB_AUTH_AES_CMAC;
			IMB_AES_KEYEXP_128(st->mgr, c->key, st->enc_keys, st->dec_keys);
			IMB_AES_CMAC_SUBKEY_GEN_128(st->mgr, st->enc_keys, st->sk1, st->sk2);
			return NULL;
		case WD_DIGEST_AES_XCBC_PRF_128:
			return "ipsec-mb 1.3's AES-XCBC tag is 12 bytes (no PRF-128)";
		case WD_DIGEST_AES_XCBC_MAC_96:
			st->kind = K_XCBC;
			st->halg = IMB_AUTH_AES_XCBC;
			IMB_AES_XCBC_KEYEXP(st->mgr, c->key, st->enc_keys, st->sk2, st->sk3);
			return NULL;
		case WD_DIGEST_AES_GMAC:
			st->kind = K_GMAC;
			st->halg = st->key_bytes == 16 ? IMB_AUTH_AES_GMAC_128 :
				   st->key_bytes == 24 ? IMB_AUTH_AES_GMAC_192 : IMB_AUTH_AES_GMAC_256;
			gcm_keys(st, c->key);
			return NULL;
		}
		if (a->dmode == WD_DIGEST_HMAC) {
			st->kind = K_HMAC;
			st->halg = hmac_alg(a->dalg);
			return hmac_keys(st, a->dalg, c->key, a->key_len) ?
			       "ipsec-mb 1.3 has no such HMAC" : NULL;
		}
		st->kind = K_SHA;
		st->halg = sha_alg(a->dalg);
		return st->halg == IMB_AUTH_NULL ? "ipsec-mb 1.3 has no such hash" : NULL;
	}
	if (a->calg != WD_CIPHER_AES)
		return "ipsec-mb 1.3 has no SM4";
	if (a->cmode == WD_CIPHER_GCM) {
		st->kind = K_GCM;
		st->cmode = IMB_CIPHER_GCM;
		st->halg = IMB_AUTH_AES_GMAC;
		gcm_keys(st, c->key);
		return NULL;
	}
	if (a->cmode == WD_CIPHER_CCM) {
		if (st->key_bytes == 24 || c->aad > 46)
			return "ipsec-mb 1.3 CCM: 128/256-bit keys, AAD up to 46 bytes";
		st->kind = K_CCM;
		st->cmode = IMB_CIPHER_CCM;
		st->halg = IMB_AUTH_AES_CCM;
		aes_keys(st, c->key);
		return NULL;
	}
	st->kind = K_AUTHENC;
	st->cmode = IMB_CIPHER_CBC;
	st->halg = hmac_alg(a->dalg);
	st->tag_len = hmac_len(a->dalg);	/* the whole HMAC: always a valid length */
	aes_keys(st, c->key);
	return hmac_keys(st, a->dalg, c->akey, a->akey_len) ? "ipsec-mb 1.3 has no such HMAC" :
								NULL;
}

/*
 * ipsec-mb 1.3 uses SHA-NI only in its SSE manager; the AVX2/AVX512 ones
 * hash in 8/16 lanes, at a tenth of the speed for one job at a time.
 */
bool bci_wants_shani(const struct bc_alg *a)
{
	int d = a->dalg;

	if (a->cls == BC_CIPHER || (a->cls == BC_AEAD && a->cmode != WD_CIPHER_CBC) ||
	    (a->cls == BC_DIGEST && d >= WD_DIGEST_AES_XCBC_MAC_96))
		return false;
	return d == WD_DIGEST_SHA1 || d == WD_DIGEST_SHA224 || d == WD_DIGEST_SHA256;
}

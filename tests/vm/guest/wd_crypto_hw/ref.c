/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The independent references: OpenSSL's EVP for every result, plus the
 * two constructions OpenSSL 3.0 does not offer, written out over its
 * block ciphers: CBC-CS3 (NIST SP 800-38A addendum) and AES-XCBC-MAC
 * (RFC 3566). Encryption only: decryption is checked by getting the
 * plaintext back.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include "crypto_hw.h"

static const struct {
	int alg;
	unsigned int mac, full, block;
	const char *md;
} dg_info[] = {
	{ WD_DIGEST_SM3, 32, 32, 64, "SM3" },
	{ WD_DIGEST_MD5, 16, 16, 64, "MD5" },
	{ WD_DIGEST_SHA1, 20, 20, 64, "SHA1" },
	{ WD_DIGEST_SHA256, 32, 32, 64, "SHA256" },
	{ WD_DIGEST_SHA224, 28, 32, 64, "SHA224" },
	{ WD_DIGEST_SHA384, 48, 64, 128, "SHA384" },
	{ WD_DIGEST_SHA512, 64, 64, 128, "SHA512" },
	{ WD_DIGEST_AES_XCBC_MAC_96, 12, 0, 16, NULL },
	{ WD_DIGEST_AES_CMAC, 16, 0, 16, NULL },
	{ WD_DIGEST_AES_GMAC, 16, 0, 16, NULL },
};

static int dg_idx(int alg)
{
	unsigned int i;

	for (i = 0; i < sizeof(dg_info) / sizeof(dg_info[0]); i++)
		if (dg_info[i].alg == alg)
			return (int)i;
	return 0;
}

unsigned int dg_mac_len(int alg)
{
	return dg_info[dg_idx(alg)].mac;
}

unsigned int dg_full_len(int alg)
{
	return dg_info[dg_idx(alg)].full;
}

unsigned int dg_block(int alg)
{
	return dg_info[dg_idx(alg)].block;
}

/* The EVP name: templates take the AES key size in bits (XTS: of one key). */
static void evp_name(const struct calg *a, unsigned int klen, char *buf, size_t n)
{
	unsigned int bits = a->cls == CLS_CIPHER && a->mode == WD_CIPHER_XTS ? klen * 4 : klen * 8;

	snprintf(buf, n, a->ref, bits);
}

/* Says once per name that OpenSSL lacks it (the busy loop asks again and again). */
static void no_ref(const char *name)
{
	static char said[16][32];
	int i;

	for (i = 0; i < 16 && said[i][0]; i++)
		if (!strcmp(said[i], name))
			return;
	if (i < 16)
		snprintf(said[i], sizeof(said[i]), "%s", name);
	printf("# OpenSSL has no %s: no reference\n", name);
}

static EVP_CIPHER *fetch(const char *name)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);

	if (!c)
		no_ref(name);
	return c;
}

/* One EVP encryption without padding; 0 or -1. */
static int evp_encrypt(const char *name, const u8 *key, const u8 *iv, const u8 *in, u8 *out,
		       size_t len)
{
	EVP_CIPHER *c = fetch(name);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0, fin = 0, ok;

	ok = c && ctx && EVP_EncryptInit_ex2(ctx, c, key, iv, NULL) &&
	     EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	     (!len || EVP_EncryptUpdate(ctx, out, &outl, in, (int)len)) &&
	     EVP_EncryptFinal_ex(ctx, out + outl, &fin) && (size_t)(outl + fin) == len;
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

/*
 * CBC-CS3: CBC over the zero-padded input; with a partial tail of d bytes
 * the full last block C' goes before the first d bytes of C_m, and with
 * none the last two blocks are swapped (at least two blocks).
 */
static int ref_cs3(const char *cbc, const u8 *key, const u8 *iv, const u8 *in, u8 *out,
		   size_t len)
{
	size_t full = len / 16, d = len % 16, padded = (full + !!d) * 16;
	u8 *tmp = calloc(1, padded), t[16];
	int ret = -1;

	if (!tmp || len < 16)
		goto out;
	memcpy(tmp, in, len);
	if (evp_encrypt(cbc, key, iv, tmp, tmp, padded))
		goto out;
	if (!d) {
		if (full >= 2) {
			memcpy(t, tmp + padded - 32, 16);
			memcpy(tmp + padded - 32, tmp + padded - 16, 16);
			memcpy(tmp + padded - 16, t, 16);
		}
		memcpy(out, tmp, len);
	} else {
		memcpy(out, tmp, (full - 1) * 16);
		memcpy(out + (full - 1) * 16, tmp + full * 16, 16);
		memcpy(out + full * 16, tmp + (full - 1) * 16, d);
	}
	ret = 0;
out:
	free(tmp);
	return ret;
}

int ref_cipher(const struct calg *a, int enc, const u8 *key, unsigned int klen, const u8 *iv,
	       const u8 *in, u8 *out, size_t len)
{
	u8 k3[24];
	char name[64];

	if (!enc)
		return -1;	/* decryption is checked by the round trip */
	evp_name(a, klen, name, sizeof(name));
	if (a->alg == WD_CIPHER_DES || a->alg == WD_CIPHER_3DES) {
		/* K K K, K1 K2 K1, or K1 K2 K3 */
		memcpy(k3, key, 8);
		memcpy(k3 + 8, klen == 8 ? key : key + 8, 8);
		memcpy(k3 + 16, klen == 24 ? key + 16 : key, 8);
		key = k3;
	}
	if (a->mode == WD_CIPHER_CBC_CS3)
		return ref_cs3(name, key, iv, in, out, len);
	return evp_encrypt(name, key, iv, in, out, len);
}

/* RFC 3566: K1..K3 from the key, then a CBC-MAC whose last block takes K2 or K3. */
static int ref_xcbc(const u8 *key, const u8 *in, size_t len, u8 mac[16])
{
	u8 konst[48], k[48], e[16] = { 0 }, blk[16];
	size_t off = 0, i, last;

	memset(konst, 1, 16);
	memset(konst + 16, 2, 16);
	memset(konst + 32, 3, 16);
	if (evp_encrypt("AES-128-ECB", key, NULL, konst, k, 48))
		return -1;
	last = len ? (len - 1) / 16 * 16 : 0;	/* where the last block starts */
	for (; off < last; off += 16) {
		for (i = 0; i < 16; i++)
			blk[i] = in[off + i] ^ e[i];
		if (evp_encrypt("AES-128-ECB", k, NULL, blk, e, 16))
			return -1;
	}
	memset(blk, 0, 16);
	memcpy(blk, in + last, len - last);
	if (len - last < 16)
		blk[len - last] = 0x80;
	for (i = 0; i < 16; i++)
		blk[i] ^= e[i] ^ (len && len - last == 16 ? k[16 + i] : k[32 + i]);
	return evp_encrypt("AES-128-ECB", k, NULL, blk, mac, 16);
}

static int ref_cmac(const u8 *key, unsigned int klen, const u8 *in, size_t len, u8 *mac)
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = m ? EVP_MAC_CTX_new(m) : NULL;
	OSSL_PARAM p[] = { OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_CIPHER, "AES-128-CBC", 0),
			   OSSL_PARAM_END };
	size_t outl = 0;
	int ok;

	ok = ctx && EVP_MAC_init(ctx, key, klen, p) && EVP_MAC_update(ctx, in, len) &&
	     EVP_MAC_final(ctx, mac, &outl, 16) && outl == 16;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
	return ok ? 0 : -1;
}

/* GCM with a 12-byte nonce: tag (and ciphertext when len). */
static int ref_gcm(const char *name, const u8 *key, const u8 *nonce, const u8 *aad,
		   size_t alen, const u8 *in, u8 *out, size_t len, u8 *tag, unsigned int taglen)
{
	EVP_CIPHER *c = fetch(name);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	u8 none[16];
	int outl, ok;

	ok = c && ctx && EVP_EncryptInit_ex2(ctx, c, key, nonce, NULL) &&
	     (!alen || EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)alen)) &&
	     (!len || EVP_EncryptUpdate(ctx, out, &outl, in, (int)len)) &&
	     EVP_EncryptFinal_ex(ctx, len ? out : none, &outl) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)taglen, tag);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

int ref_digest(const struct calg *a, const u8 *key, unsigned int klen, const u8 *iv,
	       const u8 *in, size_t len, u8 *mac, unsigned int *maclen)
{
	char name[64];
	EVP_MD *md;
	int ok;

	*maclen = dg_mac_len(a->alg);
	switch (a->alg) {
	case WD_DIGEST_AES_XCBC_MAC_96:
		{
			u8 full[16];

			if (ref_xcbc(key, in, len, full))
				return -1;
			memcpy(mac, full, 12);
			return 0;
		}
	case WD_DIGEST_AES_CMAC:
		return ref_cmac(key, klen, in, len, mac);
	case WD_DIGEST_AES_GMAC:
		/* iv = J0 = nonce || 00000001: GCM of the nonce, message as AAD */
		evp_name(a, klen, name, sizeof(name));
		return ref_gcm(name, key, iv, in, len, NULL, NULL, 0, mac, 16);
	}
	md = EVP_MD_fetch(NULL, a->ref, NULL);
	if (!md) {
		no_ref(a->ref);
		return -1;
	}
	if (a->mode == WD_DIGEST_HMAC)
		ok = HMAC(md, klen ? key : (const u8 *)"", (int)klen, in, len, mac, maclen) != NULL;
	else
		ok = EVP_Digest(in, len, mac, maclen, md, NULL);
	EVP_MD_free(md);
	return ok ? 0 : -1;
}

/* CCM: the API's IV is the counter block, byte 0 = L - 1, then the 15 - L byte nonce. */
static int ref_ccm(const char *name, const u8 *key, const u8 *iv, const u8 *aad, size_t alen,
		   const u8 *in, u8 *out, size_t len, u8 *tag, unsigned int taglen)
{
	EVP_CIPHER *c = fetch(name);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int nlen = 15 - (iv[0] + 1), outl, ok;
	u8 none[16];

	ok = c && ctx && EVP_EncryptInit_ex2(ctx, c, NULL, NULL, NULL) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, nlen, NULL) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)taglen, NULL) &&
	     EVP_EncryptInit_ex2(ctx, NULL, key, iv + 1, NULL) &&
	     EVP_EncryptUpdate(ctx, NULL, &outl, NULL, (int)len) &&
	     (!alen || EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)alen)) &&
	     EVP_EncryptUpdate(ctx, len ? out : none, &outl, len ? in : none, (int)len) &&
	     EVP_EncryptFinal_ex(ctx, len ? out : none, &outl) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)taglen, tag);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return ok ? 0 : -1;
}

/* authenc: CBC, then HMAC over AAD || ciphertext, truncated. */
static int ref_authenc(const char *cbc, int dalg, const u8 *ckey, const u8 *akey,
		       unsigned int aklen, const u8 *iv, const u8 *aad, size_t alen, const u8 *in,
		       u8 *out, size_t len, u8 *tag, unsigned int taglen)
{
	EVP_MD *md = EVP_MD_fetch(NULL, dg_info[dg_idx(dalg)].md, NULL);
	u8 *cat = malloc(alen + len + 1), full[64];
	unsigned int n;
	int ok;

	ok = md && cat && !evp_encrypt(cbc, ckey, iv, in, out, len);
	if (ok) {
		memcpy(cat, aad, alen);
		memcpy(cat + alen, out, len);
		ok = HMAC(md, aklen ? akey : (const u8 *)"", (int)aklen, cat, alen + len, full,
			  &n) != NULL && n >= taglen;
		memcpy(tag, full, taglen);
	}
	free(cat);
	EVP_MD_free(md);
	return ok ? 0 : -1;
}

int ref_aead(const struct calg *a, const u8 *ckey, unsigned int cklen, const u8 *akey,
	     unsigned int aklen, const u8 *iv, const u8 *aad, size_t alen, const u8 *in,
	     u8 *out, size_t len, u8 *tag, unsigned int taglen)
{
	char name[64];

	evp_name(a, cklen, name, sizeof(name));
	if (a->mode == WD_CIPHER_GCM)
		return ref_gcm(name, ckey, iv, aad, alen, in, out, len, tag, taglen);
	if (a->mode == WD_CIPHER_CCM)
		return ref_ccm(name, ckey, iv, aad, alen, in, out, len, tag, taglen);
	return ref_authenc(name, a->dalg, ckey, akey, aklen, iv, aad, alen, in, out, len, tag,
			   taglen);
}

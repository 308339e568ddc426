/* SPDX-License-Identifier: Apache-2.0 */
/*
 * HMAC (RFC 2104) for authenc. The key's two padded blocks are hashed once
 * at set_key into low-level hash contexts; a request copies them (plain
 * structs), so it costs the message's compressions plus two, with no
 * allocation. OpenSSL exports no low-level SM3, SHA-512/224 or SHA-512/256,
 * so those go through an EVP_MAC_CTX re-initialised with its key (OpenSSL
 * copies its own prepared pads then).
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "aead_internal.h"
#include "uadk/wd_digest.h"

static const struct {
	enum aead_hash_kind kind;
	__u32 dlen, blen;
	const char *md_name;
} hash_info[] = {
	[WD_DIGEST_SM3] = { AH_EVP, 32, 64, "SM3" },
	[WD_DIGEST_MD5] = { AH_MD5, 16, 64, NULL },
	[WD_DIGEST_SHA1] = { AH_SHA1, 20, 64, NULL },
	[WD_DIGEST_SHA256] = { AH_SHA256, 32, 64, NULL },
	[WD_DIGEST_SHA224] = { AH_SHA224, 28, 64, NULL },
	[WD_DIGEST_SHA384] = { AH_SHA384, 48, 128, NULL },
	[WD_DIGEST_SHA512] = { AH_SHA512, 64, 128, NULL },
	[WD_DIGEST_SHA512_224] = { AH_EVP, 28, 128, "SHA512-224" },
	[WD_DIGEST_SHA512_256] = { AH_EVP, 32, 128, "SHA512-256" },
};

static void h_init(enum aead_hash_kind k, union aead_hash_ctx *c)
{
	switch (k) {
	case AH_MD5: MD5_Init(&c->md5); break;
	case AH_SHA1: SHA1_Init(&c->sha1); break;
	case AH_SHA224: SHA224_Init(&c->sha256); break;
	case AH_SHA256: SHA256_Init(&c->sha256); break;
	case AH_SHA384: SHA384_Init(&c->sha512); break;
	case AH_SHA512: SHA512_Init(&c->sha512); break;
	case AH_EVP: break;
	}
}

static void h_update(enum aead_hash_kind k, union aead_hash_ctx *c, const void *p, size_t n)
{
	switch (k) {
	case AH_MD5: MD5_Update(&c->md5, p, n); break;
	case AH_SHA1: SHA1_Update(&c->sha1, p, n); break;
	case AH_SHA224:
	case AH_SHA256: SHA256_Update(&c->sha256, p, n); break;
	case AH_SHA384:
	case AH_SHA512: SHA512_Update(&c->sha512, p, n); break;
	case AH_EVP: break;
	}
}

/* The context's md_len (set by the *_Init) picks the digest size. */
static void h_final(enum aead_hash_kind k, union aead_hash_ctx *c, __u8 *md)
{
	switch (k) {
	case AH_MD5: MD5_Final(md, &c->md5); break;
	case AH_SHA1: SHA1_Final(md, &c->sha1); break;
	case AH_SHA224:
	case AH_SHA256: SHA256_Final(md, &c->sha256); break;
	case AH_SHA384:
	case AH_SHA512: SHA512_Final(md, &c->sha512); break;
	case AH_EVP: break;
	}
}

int aead_hmac_init(struct aead_hmac *h, __u8 dalg)
{
	if (dalg >= sizeof(hash_info) / sizeof(hash_info[0]) || !hash_info[dalg].dlen)
		return -WD_EINVAL;
	h->kind = hash_info[dalg].kind;
	h->dlen = hash_info[dalg].dlen;
	h->blen = hash_info[dalg].blen;
	h->md_name = hash_info[dalg].md_name;
	if (h->kind == AH_EVP) {
		EVP_MAC *mac = cc_ossl_mac("HMAC");

		h->mac = mac ? EVP_MAC_CTX_new(mac) : NULL;
		if (!h->mac)
			return -WD_ENOMEM;
	}
	/* a session without an auth key MACs with the empty key */
	return aead_hmac_set_key(h, NULL, 0);
}

int aead_hmac_set_key(struct aead_hmac *h, const __u8 *key, __u32 len)
{
	__u8 k[AEAD_HBLOCK_MAX] = { 0 }, pad[AEAD_HBLOCK_MAX];
	__u32 i;

	if (len > AEAD_HBLOCK_MAX)
		return -WD_EINVAL;
	if (h->kind == AH_EVP) {
		OSSL_PARAM p[2];

		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
							(char *)h->md_name, 0);
		p[1] = OSSL_PARAM_construct_end();
		/* a NULL key would mean "keep the old one" */
		return EVP_MAC_init(h->mac, len ? key : k, len, p) ? 0 : -WD_EINVAL;
	}
	if (len > h->blen) {
		h_init(h->kind, &h->work);
		h_update(h->kind, &h->work, key, len);
		h_final(h->kind, &h->work, k);
	} else if (len) {
		memcpy(k, key, len);
	}
	for (i = 0; i < h->blen; i++)
		pad[i] = k[i] ^ 0x36;
	h_init(h->kind, &h->ictx);
	h_update(h->kind, &h->ictx, pad, h->blen);
	for (i = 0; i < h->blen; i++)
		pad[i] = k[i] ^ 0x5c;
	h_init(h->kind, &h->octx);
	h_update(h->kind, &h->octx, pad, h->blen);
	cc_wipe(k, sizeof(k));
	cc_wipe(pad, sizeof(pad));
	cc_wipe(&h->work, sizeof(h->work));
	return 0;
}

int aead_hmac2(struct aead_hmac *h, const __u8 *a, size_t alen, const __u8 *b, size_t blen,
	       __u8 *md)
{
	__u8 inner[AEAD_HMAC_MAX];

	if (h->kind == AH_EVP) {
		size_t outl;

		return EVP_MAC_init(h->mac, NULL, 0, NULL) &&
		       (!alen || EVP_MAC_update(h->mac, a, alen)) &&
		       (!blen || EVP_MAC_update(h->mac, b, blen)) &&
		       EVP_MAC_final(h->mac, md, &outl, AEAD_HMAC_MAX) ? 0 : -WD_EINVAL;
	}
	h->work = h->ictx;
	if (alen)
		h_update(h->kind, &h->work, a, alen);
	if (blen)
		h_update(h->kind, &h->work, b, blen);
	h_final(h->kind, &h->work, inner);
	h->work = h->octx;
	h_update(h->kind, &h->work, inner, h->dlen);
	h_final(h->kind, &h->work, md);
	return 0;
}

void aead_hmac_fini(struct aead_hmac *h)
{
	EVP_MAC_CTX_free(h->mac);
	h->mac = NULL;
	cc_wipe(&h->ictx, sizeof(h->ictx));
	cc_wipe(&h->octx, sizeof(h->octx));
	cc_wipe(&h->work, sizeof(h->work));
}

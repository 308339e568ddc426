/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SM4-GCM (SP 800-38D with SM4 as the block cipher): OpenSSL has SM4-CTR
 * but no SM4-GCM. The keystream is OpenSSL's SM4-CTR started at J0 (a
 * 12-byte IV never carries into the nonce before 2^32 blocks, so its
 * 128-bit counter equals GCM's inc32); GHASH is ipsec-mb's, given our H =
 * E(K, 0^128) (it zero-pads a partial last block, as GCM pads AAD and C).
 */
#include <pthread.h>
#include <string.h>
#include <openssl/evp.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"

static const __u8 zero_block[AEAD_BLOCK];

static void ghash(struct aead_state *s, struct aead_gcm_stream *g, const __u8 *p, __u64 n)
{
	if (n)
		cc_imb_direct()->ghash(s->gcm_kd, p, n, g->ghash, AEAD_BLOCK);
}

int aead_gcm_sm4_set_key(struct aead_state *s, const __u8 *key, __u32 len)
{
	const EVP_CIPHER *ctr = cc_ossl_cipher("SM4-CTR");
	__u8 h[AEAD_BLOCK];
	int outl, ok;

	(void)len;
	if (!ctr)
		return -WD_EINVAL;
	/* H = E(K, 0): the keystream of counter block 0 */
	ok = EVP_CipherInit_ex(s->cx_enc, ctr, NULL, key, zero_block, 1) &&
	     EVP_CipherUpdate(s->cx_enc, h, &outl, zero_block, AEAD_BLOCK);
	if (ok)
		cc_imb_direct()->ghash_pre(h, s->gcm_kd);
	cc_wipe(h, sizeof(h));
	return ok ? 0 : -WD_EINVAL;
}

/* Keystream from counter block ctr over n bytes (in may equal out). */
static int sm4_ctr(struct aead_state *s, const __u8 *ctr, const __u8 *in, __u8 *out, __u32 n)
{
	int outl;

	return EVP_CipherInit_ex(s->cx_enc, NULL, NULL, NULL, ctr, 1) &&
	       (!n || EVP_CipherUpdate(s->cx_enc, out, &outl, in, (int)n));
}

static void ctr_add(__u8 *ctr, __u32 blocks)
{
	__u32 c = (__u32)ctr[12] << 24 | (__u32)ctr[13] << 16 | (__u32)ctr[14] << 8 | ctr[15];

	c += blocks;
	ctr[12] = c >> 24;
	ctr[13] = c >> 16;
	ctr[14] = c >> 8;
	ctr[15] = c;
}

static int gcm_start(struct aead_state *s, struct aead_gcm_stream *g, const __u8 *iv,
		     const __u8 *aad, __u32 aad_len)
{
	memcpy(g->ctr, iv, AEAD_GCM_IV);
	memset(g->ctr + AEAD_GCM_IV, 0, 3);
	g->ctr[15] = 1;
	if (!sm4_ctr(s, g->ctr, zero_block, g->ek_j0, AEAD_BLOCK))
		return 0;
	ctr_add(g->ctr, 1);
	memset(g->ghash, 0, AEAD_BLOCK);
	ghash(s, g, aad, aad_len);
	g->aad_len = aad_len;
	g->len = 0;
	g->open = true;
	return 1;
}

/* Encrypt or decrypt n bytes; n is a block multiple except in the last call. */
static int gcm_crypt(struct aead_state *s, struct aead_gcm_stream *g, bool enc,
		     const __u8 *in, __u8 *out, __u32 n)
{
	if (!n)
		return 1;
	if (!enc)
		ghash(s, g, in, n);	/* before out overwrites an in-place in */
	if (!sm4_ctr(s, g->ctr, in, out, n))
		return 0;
	if (enc)
		ghash(s, g, out, n);
	ctr_add(g->ctr, n / AEAD_BLOCK);
	g->len += n;
	return 1;
}

static void gcm_tag(struct aead_state *s, struct aead_gcm_stream *g, __u8 *tag)
{
	__u8 lens[AEAD_BLOCK];
	__u64 abits = g->aad_len * 8, cbits = g->len * 8;
	int i;

	for (i = 0; i < 8; i++) {
		lens[7 - i] = abits >> (8 * i);
		lens[15 - i] = cbits >> (8 * i);
	}
	ghash(s, g, lens, AEAD_BLOCK);
	for (i = 0; i < AEAD_BLOCK; i++)
		tag[i] = g->ghash[i] ^ g->ek_j0[i];
	g->open = false;
}

static void gcm_finish(struct aead_state *s, struct aead_gcm_stream *g, struct wd_aead_msg *m,
		       __u32 tag_bytes)
{
	__u8 tag[AEAD_BLOCK];

	gcm_tag(s, g, tag);
	if (m->encrypt) {
		memcpy(m->mac, tag, tag_bytes);
	} else if (cc_memcmp_ct(tag, m->mac, m->authsize)) {
		m->status = WD_IN_EPARA;
		if (m->len)
			memset(m->out, 0, m->len);
	}
}

static void gcm_block(struct aead_state *s, struct wd_aead_msg *m)
{
	struct aead_gcm_stream g;

	/* decrypt: the whole GHASH precedes any plaintext */
	if (!gcm_start(s, &g, m->iv, m->aad, m->aad_len) ||
	    !gcm_crypt(s, &g, m->encrypt, m->in, m->out, m->len)) {
		m->hdr.result = -WD_EINVAL;
		return;
	}
	gcm_finish(s, &g, m, m->authsize);
}

static void gcm_stream(struct aead_state *s, struct wd_aead_msg *m)
{
	struct aead_gcm_stream *g = &s->st;

	if (m->stage == AEAD_MSG_FIRST) {
		if (!gcm_start(s, g, m->iv, m->aad, m->aad_len))
			m->hdr.result = -WD_EINVAL;
		return;
	}
	if (m->stage == AEAD_MSG_MIDDLE && (!m->len || m->len % AEAD_BLOCK)) {
		m->hdr.result = -WD_EINVAL;
		return;
	}
	/* clients skip FIRST when there is no AAD: the stream starts here */
	if ((!g->open && !gcm_start(s, g, m->iv, NULL, 0)) ||
	    !gcm_crypt(s, g, m->encrypt, m->in, m->out, m->len)) {
		g->open = false;
		m->hdr.result = -WD_EINVAL;
		return;
	}
	if (m->stage == AEAD_MSG_END)
		/* as UADK: the whole tag at stream end (mac holds 16 bytes) */
		gcm_finish(s, g, m, m->authsize);
}

void aead_gcm_sm4_run(struct aead_state *s, struct wd_aead_msg *m)
{
	if (m->stage == AEAD_MSG_BLOCK)
		gcm_block(s, m);
	else
		gcm_stream(s, m);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_aead: sessions of cc_aead_class, requests, and the buffers the tests share. */
#include <stdlib.h>
#include <string.h>
#include "cc_aead_test.h"

unsigned long nist_vectors;
__u8 *buf_in, *buf_out, *buf_ref, *buf_io, *buf_aad;

void *sess_open(__u8 calg, __u8 cmode, __u8 dalg, const __u8 *key, __u32 klen, int own)
{
	void *st = calloc(1, cc_aead_class.state_size);
	struct wd_alg_spec spec = {
		.alg = calg, .mode = cmode, .param = WD_AEAD_SPEC_PARAM(dalg, WD_DIGEST_HMAC),
	};

	assert_non_null(st);
	assert_int_equal(cc_aead_class.init(st, &spec), 0);
	if (own)
		aead_ccm_force_own(st);
	assert_int_equal(cc_aead_class.set_key(st, WD_KEY_CIPHER, key, klen), 0);
	return st;
}

void sess_close(void *st)
{
	cc_aead_class.fini(st);
	free(st);
}

int run(void *st, const struct req *r)
{
	struct aead_state *s = st;
	struct wd_aead_msg m = {
		.calg = s->calg, .cmode = s->cmode, .dalg = s->dalg, .encrypt = r->enc,
		.stage = r->stage, .authsize = r->authsize, .aad_len = r->aad_len, .len = r->len,
		.aad = r->aad, .in = r->in, .out = r->out, .mac = r->mac, .iv = r->iv,
		.iv_len = s->cmode == WD_CIPHER_GCM ? 12 : 16,
	};

	cc_aead_class.run(st, &m.hdr);
	CHECK_INT(m.hdr.result, 0);
	return m.status;
}

void ccm_iv(__u8 *iv, const __u8 *nonce, int nlen)
{
	iv[0] = 15 - nlen - 1;
	memcpy(iv + 1, nonce, nlen);
	cc_fill(iv + 1 + nlen, 15 - nlen);	/* the counter: must be ignored */
}

int bufs_setup(void **unused)
{
	(void)unused;
	buf_in = malloc(MAXLEN), buf_out = malloc(MAXLEN), buf_ref = malloc(MAXLEN);
	buf_io = malloc(MAXLEN), buf_aad = malloc(2 * MAXLEN);
	return !(buf_in && buf_out && buf_ref && buf_io && buf_aad);
}

int bufs_teardown(void **unused)
{
	(void)unused;
	free(buf_in), free(buf_out), free(buf_ref), free(buf_io), free(buf_aad);
	return 0;
}

__u32 rnd_aad(void)
{
	switch (cc_rnd() % 8) {
	case 0: return 0;
	case 1: return 1 + cc_rnd() % 1500;
	default: return 1 + cc_rnd() % 48;
	}
}

/*
 * Encrypt out of place and in place and compare with ct/tag; decrypt both
 * ways back to pt.
 */
void both_ways(void *s, const __u8 *iv, const __u8 *aad, __u32 alen, const __u8 *pt,
	       const __u8 *ct, const __u8 *tag, __u32 len, __u16 authsize)
{
	__u8 mac[64];

	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, buf_out, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_out, ct, len);
	CHECK_MEM(mac, tag, authsize);
	memcpy(buf_io, pt, len);
	memset(mac, 0, sizeof(mac));
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, buf_io, buf_io, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_io, ct, len);
	CHECK_MEM(mac, tag, authsize);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, buf_out, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_out, pt, len);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, buf_io, buf_io, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_io, pt, len);
}

const struct aead_hash hashes[NHASHES] = {
	{ WD_DIGEST_SM3, "SM3", 32, 64 },	{ WD_DIGEST_MD5, "MD5", 16, 64 },
	{ WD_DIGEST_SHA1, "SHA1", 20, 64 },	{ WD_DIGEST_SHA256, "SHA256", 32, 64 },
	{ WD_DIGEST_SHA224, "SHA224", 28, 128 },	{ WD_DIGEST_SHA384, "SHA384", 48, 128 },
	{ WD_DIGEST_SHA512, "SHA512", 64, 128 },
	{ WD_DIGEST_SHA512_224, "SHA512-224", 28, 128 },
	{ WD_DIGEST_SHA512_256, "SHA512-256", 32, 128 },
};

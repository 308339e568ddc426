// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer target for libwd_crypto: AEAD decrypt/verify, encrypt ->
 * decrypt round trips and GCM streams here; digest streaming in
 * fuzz_crypto_digest.c. Layout of an input: fuzz_crypto.h.
 *
 * AEAD selector (hdr[0], bit 7 clear):
 *   bits 0-2  algorithm (table below)
 *   bits 3-4  0 decrypt the input's payload + tag as they are
 *             1 round trip; 2 round trip, then one bit flipped must fail
 *             3 raw: the input's op type, msg_state, iv_bytes, mac_bytes
 *   bit 5     GCM: the round trip again as a stream (FIRST/MIDDLE/END)
 * hdr[1] authsize (bit 7: taken raw, must then follow UADK's rules),
 * hdr[2] AAD bytes, hdr[3..4] stream splits / flipped bit, hdr[5] CCM L,
 * hdr[6] authenc HMAC key bytes / raw op + state, hdr[7] raw iv_bytes.
 *
 * Invariants: the library never crashes or writes past dst; a request is
 * refused (-WD_EINVAL) exactly when UADK's rules say so; a tag that does
 * not verify gives state WD_IN_EPARA and a zeroed payload in dst (the CPU
 * driver's rule: no plaintext is released); results equal OpenSSL's
 * (AES-GCM, AES-CCM, authenc) or their own round trip (SM4).
 */
#include <string.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include "crypto_ref.h"
#include "fuzz_crypto.h"

#define MAX_PAYLOAD	4096
#define CANARY		0xEE

enum oracle { OR_NONE, OR_GCM, OR_CCM, OR_AUTHENC };

static const struct {
	int calg, cmode;
	uint32_t klen;
	enum oracle oracle;
} algs[8] = {
	{ WD_CIPHER_AES, WD_CIPHER_GCM, 16, OR_GCM }, { WD_CIPHER_AES, WD_CIPHER_GCM, 24, OR_GCM },
	{ WD_CIPHER_AES, WD_CIPHER_GCM, 32, OR_GCM }, { WD_CIPHER_SM4, WD_CIPHER_GCM, 16, OR_NONE },
	{ WD_CIPHER_AES, WD_CIPHER_CCM, 16, OR_CCM }, { WD_CIPHER_AES, WD_CIPHER_CCM, 32, OR_CCM },
	{ WD_CIPHER_SM4, WD_CIPHER_CCM, 16, OR_NONE },
	/* authenc(hmac(sha256),cbc(aes)) */
	{ WD_CIPHER_AES, WD_CIPHER_CBC, 16, OR_AUTHENC },
};

struct run {
	int a;			/* index into algs */
	handle_t h;
	uint16_t authsize;
	const uint8_t *key;
	uint8_t iv[16];
	uint16_t ivlen;
	uint8_t akey[64];
	uint32_t aklen;
	const uint8_t *aad;
	uint32_t alen;
};

static int authsize_ok(int cmode, unsigned int n)
{
	if (cmode == WD_CIPHER_GCM)
		return n >= 8 && n <= 16;
	if (cmode == WD_CIPHER_CCM)
		return n >= 4 && n <= 16 && !(n & 1);
	return n >= 1 && n <= 32;	/* HMAC-SHA256 */
}

/*
 * One block-mode request: src = aad || in. out gets the payload result,
 * mac the tag (in: tag_in). Checks that dst is written nowhere but its
 * payload (the AAD part may also get the AAD). Returns the call's value.
 */
static int block(const struct run *r, int enc, const uint8_t *aad, const uint8_t *in,
		 uint32_t len, const uint8_t *tag_in, uint8_t *out, uint8_t *mac, uint16_t *state)
{
	uint8_t *src = malloc((size_t)r->alen + len + 1), *dst = malloc((size_t)r->alen + len + 16);
	uint8_t iv[16];
	struct wd_aead_req q = { 0 };
	uint32_t i;
	int ret;

	FC_CHECK(src && dst, "out of memory");
	memcpy(src, aad, r->alen);
	memcpy(src + r->alen, in, len);
	memset(dst, CANARY, (size_t)r->alen + len + 16);
	memcpy(iv, r->iv, sizeof(iv));
	memset(mac, 0, FC_TAG);
	if (!enc)
		memcpy(mac, tag_in, r->authsize);
	q.op_type = enc ? WD_CIPHER_ENCRYPTION_DIGEST : WD_CIPHER_DECRYPTION_DIGEST;
	q.src = src;
	q.dst = dst;
	q.mac = mac;
	q.iv = iv;
	q.in_bytes = len;
	q.out_bytes = r->alen + len;
	q.iv_bytes = r->ivlen;
	q.mac_bytes = FC_TAG;
	q.assoc_bytes = (uint16_t)r->alen;
	q.msg_state = AEAD_MSG_BLOCK;
	ret = wd_do_aead_sync(r->h, &q);
	*state = q.state;
	for (i = 0; i < 16; i++)
		FC_CHECK(dst[r->alen + len + i] == CANARY, "wrote past dst (%u + %u bytes)", r->alen,
			 len);
	FC_CHECK(!memcmp(dst, aad, r->alen) ||
		 (r->alen && dst[0] == CANARY && !memcmp(dst, dst + 1, r->alen - 1)),
		 "the AAD part of dst got something other than the AAD");
	memcpy(out, dst + r->alen, len);
	free(src);
	free(dst);
	return ret;
}

static int block_valid(const struct run *r, uint32_t len)
{
	if (!len && !r->alen)
		return 0;
	return algs[r->a].oracle != OR_AUTHENC || (len && !(len % 16));
}

/* OpenSSL's answer: 0, 1 (tag does not verify), -1 (no reference for this algorithm). */
static int oracle(const struct run *r, int enc, const uint8_t *aad, const uint8_t *in,
		  uint32_t len, uint8_t *out, uint8_t *tag)
{
	uint8_t md[32], *cat;
	const uint8_t *ct = enc ? out : in;
	int ret;

	switch (algs[r->a].oracle) {
	case OR_GCM:
		return cr_gcm(enc, r->key, algs[r->a].klen, r->iv, 12, aad, r->alen, in, len, out,
			      tag, r->authsize);
	case OR_CCM:
		return cr_ccm(enc, r->key, algs[r->a].klen, r->iv + 1, 14u - r->iv[0], aad, r->alen,
			      in, len, out, tag, r->authsize);
	case OR_AUTHENC:
		if (enc && cr_cipher("AES-128-CBC", 1, r->key, r->iv, in, len, out))
			return -1;
		cat = malloc((size_t)r->alen + len + 1);
		FC_CHECK(cat, "out of memory");
		memcpy(cat, aad, r->alen);
		memcpy(cat + r->alen, ct, len);
		ret = cr_mac("SHA256", r->akey, r->aklen, cat, r->alen + len, md) == 32 ? 0 : -1;
		free(cat);
		if (ret)
			return -1;
		if (enc) {
			memcpy(tag, md, r->authsize);
			return 0;
		}
		if (memcmp(md, tag, r->authsize))
			return 1;
		return cr_cipher("AES-128-CBC", 0, r->key, r->iv, in, len, out);
	default:
		return -1;
	}
}

static void all_zero(const uint8_t *p, uint32_t n, const char *what)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		FC_CHECK(!p[i], "%s: a tag that does not verify released payload bytes", what);
}

/* hdr[0] bits 3-4 == 0: the payload and tag as the input has them. */
static void decrypt_as_given(const struct run *r, const struct fc_in *in, const uint8_t *p,
			     uint32_t len)
{
	uint8_t *out = malloc(len + 1), *ref = malloc(len + 1), *back = malloc(len + 1);
	uint8_t mac[FC_TAG], tag[FC_TAG], mac2[FC_TAG];
	uint16_t state;
	int ret, o;

	FC_CHECK(out && ref && back, "out of memory");
	ret = block(r, 0, r->aad, p, len, in->tag, out, mac, &state);
	FC_CHECK(ret == (block_valid(r, len) ? 0 : -WD_EINVAL), "decrypt of %u+%u bytes: %d",
		 r->alen, len, ret);
	if (ret)
		goto out;
	FC_CHECK(state == 0 || state == WD_IN_EPARA, "decrypt: state %u", state);
	if (state)
		all_zero(out, len, "block decrypt");
	memcpy(tag, in->tag, FC_TAG);
	o = oracle(r, 0, r->aad, p, len, ref, tag);
	if (o >= 0) {
		FC_CHECK((o == 0) == (state == 0), "tag check: OpenSSL %d, library state %u", o,
			 state);
		FC_CHECK(state || !memcmp(out, ref, len), "plaintext differs from OpenSSL's");
	} else if (!state) {
		/* no reference (SM4): what verified must encrypt back to the input */
		ret = block(r, 1, r->aad, out, len, NULL, back, mac2, &state);
		FC_CHECK(!ret && !state && !memcmp(back, p, len) &&
			 !memcmp(mac2, in->tag, r->authsize),
			 "a verified decryption does not encrypt back to its input");
	}
out:
	free(out);
	free(ref);
	free(back);
}

/* GCM FIRST / MIDDLE / END with the splits; returns END's value. */
static int stream(const struct run *r, int enc, const uint8_t *in, uint32_t len, uint8_t *mac,
		  uint8_t *out, uint32_t m1, uint32_t m2, uint16_t *state)
{
	struct wd_aead_req q = { 0 };
	uint8_t iv[16];
	uint32_t tail = len - m1 - m2;
	int ret;

	memcpy(iv, r->iv, sizeof(iv));
	q.op_type = enc ? WD_CIPHER_ENCRYPTION_DIGEST : WD_CIPHER_DECRYPTION_DIGEST;
	q.mac = mac;
	q.mac_bytes = 16;
	q.iv = iv;
	q.iv_bytes = 12;
	q.assoc_bytes = (uint16_t)r->alen;
	if (r->alen) {
		/* no AAD: no FIRST, as uadk_provider does (the stream starts at MIDDLE) */
		q.msg_state = AEAD_MSG_FIRST;
		q.src = (void *)r->aad;
		q.in_bytes = r->alen;
		ret = wd_do_aead_sync(r->h, &q);
		FC_CHECK(!ret && !q.state, "GCM FIRST (%u bytes AAD): %d state %u", r->alen, ret,
			 q.state);
	}
	q.msg_state = AEAD_MSG_MIDDLE;
	if (m1) {
		q.src = (void *)in;
		q.dst = out;
		q.in_bytes = m1;
		ret = wd_do_aead_sync(r->h, &q);
		FC_CHECK(!ret && !q.state, "GCM MIDDLE of %u: %d state %u", m1, ret, q.state);
	}
	if (m2) {
		q.src = (void *)(in + m1);
		q.dst = out + m1;
		q.in_bytes = m2;
		ret = wd_do_aead_sync(r->h, &q);
		FC_CHECK(!ret && !q.state, "GCM MIDDLE of %u: %d state %u", m2, ret, q.state);
	}
	q.msg_state = AEAD_MSG_END;
	q.src = tail ? (void *)(in + m1 + m2) : NULL;
	q.dst = tail ? out + m1 + m2 : NULL;
	q.in_bytes = tail;
	ret = wd_do_aead_sync(r->h, &q);
	*state = q.state;
	return ret;
}

static void gcm_stream(const struct run *r, const struct fc_in *in, const uint8_t *p,
		       uint32_t len, const uint8_t *ct, const uint8_t *tag, int corrupt)
{
	uint32_t m1 = (in->hdr[3] % 8u) * 16, m2 = (in->hdr[4] % 8u) * 16, bit;
	uint8_t *out = malloc(len + 1), *back = malloc(len + 1), mac[FC_TAG], mac2[FC_TAG];
	uint16_t state;
	int ret;

	FC_CHECK(out && back, "out of memory");
	m1 = m1 > len / 16 * 16 ? len / 16 * 16 : m1;
	m2 = m2 > (len - m1) / 16 * 16 ? (len - m1) / 16 * 16 : m2;
	memset(mac, 0, sizeof(mac));
	ret = stream(r, 1, p, len, mac, out, m1, m2, &state);
	FC_CHECK(!ret && !state, "GCM stream encrypt END: %d state %u", ret, state);
	FC_CHECK(!memcmp(out, ct, len) && !memcmp(mac, tag, r->authsize),
		 "GCM stream (%u|%u|%u|%u) differs from block mode", r->alen, m1, m2,
		 len - m1 - m2);
	memcpy(mac2, tag, r->authsize);
	if (corrupt) {
		bit = in->hdr[3] % (r->authsize * 8u);
		mac2[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	memset(back, 0xA5, len);
	ret = stream(r, 0, ct, len, mac2, back, m1, m2, &state);
	if (!corrupt) {
		FC_CHECK(!ret && !state && !memcmp(back, p, len), "GCM stream decrypt: %d state %u",
			 ret, state);
	} else {
		/* UADK: a stream's tag mismatch fails the END call too */
		FC_CHECK(ret == -WD_EINVAL && state == WD_IN_EPARA,
			 "GCM stream with a bad tag: END %d state %u", ret, state);
		all_zero(back + m1 + m2, len - m1 - m2, "GCM stream END");
		/* the failed stream is over: the session starts afresh */
		ret = block(r, 1, r->aad, p, len, NULL, back, mac, &state);
		FC_CHECK(!ret && !state && !memcmp(back, ct, len) &&
			 !memcmp(mac, tag, r->authsize), "block mode after a failed stream differs");
	}
	free(out);
	free(back);
}

/* hdr[0] bits 3-4 == 1 or 2: encrypt, decrypt back; 2 also flips one bit. */
static void round_trip(const struct run *r, const struct fc_in *in, const uint8_t *p,
		       uint32_t len, int corrupt)
{
	uint8_t *ct = malloc(len + 1), *ref = malloc(len + 1), *back = malloc(len + 1);
	uint8_t *aad2 = malloc(r->alen + 1), *ct2 = malloc(len + 1);
	uint8_t tag[FC_TAG], rtag[FC_TAG], tag2[FC_TAG], mac[FC_TAG];
	uint32_t nbits, bit;
	uint16_t state;
	int ret, o;

	FC_CHECK(ct && ref && back && aad2 && ct2, "out of memory");
	ret = block(r, 1, r->aad, p, len, NULL, ct, tag, &state);
	FC_CHECK(ret == (block_valid(r, len) ? 0 : -WD_EINVAL), "encrypt of %u+%u bytes: %d",
		 r->alen, len, ret);
	if (ret)
		goto out;
	FC_CHECK(!state, "encrypt: state %u", state);
	o = oracle(r, 1, r->aad, p, len, ref, rtag);
	FC_CHECK(o < 0 || (!o && !memcmp(ct, ref, len) && !memcmp(tag, rtag, r->authsize)),
		 "encryption of %u+%u bytes differs from OpenSSL's (oracle %d)", r->alen, len, o);
	ret = block(r, 0, r->aad, ct, len, tag, back, mac, &state);
	FC_CHECK(!ret && !state && !memcmp(back, p, len), "decrypt of own encryption: %d state %u",
		 ret, state);
	if (corrupt) {
		/* one bit of AAD, ciphertext or tag */
		nbits = (r->alen + len + r->authsize) * 8;
		bit = (in->hdr[3] | (uint32_t)in->hdr[4] << 8 | (uint32_t)in->hdr[7] << 16) % nbits;
		memcpy(aad2, r->aad, r->alen);
		memcpy(ct2, ct, len);
		memcpy(tag2, tag, r->authsize);
		if (bit < r->alen * 8)
			aad2[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		else if (bit < (r->alen + len) * 8)
			ct2[bit / 8 - r->alen] ^= (uint8_t)(1u << (bit % 8));
		else
			tag2[bit / 8 - r->alen - len] ^= (uint8_t)(1u << (bit % 8));
		memset(back, 0xA5, len);
		ret = block(r, 0, aad2, ct2, len, tag2, back, mac, &state);
		FC_CHECK(!ret && (state == 0 || state == WD_IN_EPARA), "decrypt: %d state %u", ret,
			 state);
		if (state)
			all_zero(back, len, "block decrypt of a flipped bit");
		/*
		 * A flipped tag bit always fails. Elsewhere a short tag may match
		 * by chance (2^-8 for a 1-byte authenc tag): then OpenSSL decides.
		 */
		if (bit >= (r->alen + len) * 8 || r->authsize >= 8)
			FC_CHECK(state == WD_IN_EPARA, "a flipped bit %u of %u verified", bit, nbits);
		else if (!state && (o = oracle(r, 0, aad2, ct2, len, ref, tag2)) >= 0)
			FC_CHECK(!o && !memcmp(back, ref, len), "chance match differs from OpenSSL");
	}
	if (algs[r->a].cmode == WD_CIPHER_GCM && (in->hdr[0] & 0x20))
		gcm_stream(r, in, p, len, ct, tag, corrupt);
out:
	free(ct);
	free(ref);
	free(back);
	free(aad2);
	free(ct2);
}

/* hdr[0] bits 3-4 == 3: request fields as the input says; only UADK's rules decide. */
static void raw(const struct run *r, const struct fc_in *in, const uint8_t *p, uint32_t len)
{
	uint8_t *src = malloc((size_t)r->alen + len + 1), *dst = malloc((size_t)r->alen + len + 16);
	uint8_t iv[16], mac[FC_TAG];
	struct wd_aead_req q = { 0 };
	int ret, refused;
	uint32_t i;

	FC_CHECK(src && dst, "out of memory");
	memcpy(src, r->aad, r->alen);
	memcpy(src + r->alen, p, len);
	memset(dst, CANARY, (size_t)r->alen + len + 16);
	memcpy(iv, r->iv, 16);
	memcpy(mac, in->tag, FC_TAG);
	q.op_type = in->hdr[6] & 3;
	q.msg_state = (in->hdr[6] >> 2) & 7;
	q.iv_bytes = in->hdr[7];
	q.mac_bytes = in->hdr[1];
	q.src = src;
	q.dst = dst;
	q.mac = mac;
	q.iv = iv;
	q.in_bytes = len;
	q.out_bytes = r->alen + len;
	q.assoc_bytes = (uint16_t)r->alen;
	ret = wd_do_aead_sync(r->h, &q);
	/* what UADK refuses whatever the data */
	refused = q.op_type > WD_CIPHER_DECRYPTION_DIGEST || q.msg_state >= AEAD_MSG_INVALID ||
		  q.iv_bytes != r->ivlen || q.mac_bytes < r->authsize ||
		  (q.msg_state != AEAD_MSG_BLOCK && algs[r->a].cmode != WD_CIPHER_GCM);
	FC_CHECK(ret == 0 || ret == -WD_EINVAL, "raw request: %d", ret);
	FC_CHECK(!refused || ret == -WD_EINVAL, "raw request accepted: op %u state %u iv %u mac %u",
		 q.op_type, q.msg_state, q.iv_bytes, q.mac_bytes);
	FC_CHECK(ret || q.state == 0 || q.state == WD_IN_EPARA, "raw request: state %u", q.state);
	if (!ret && q.state && q.msg_state == AEAD_MSG_BLOCK)
		all_zero(dst + r->alen, len, "raw block decrypt");
	for (i = 0; i < 16; i++)
		FC_CHECK(dst[r->alen + len + i] == CANARY, "raw request wrote past dst");
	free(src);
	free(dst);
}

void fc_aead(const struct fc_in *in)
{
	struct sched_params sp = { .numa_id = -1 };
	struct wd_aead_sess_setup su = { 0 };
	struct run r = { .a = in->hdr[0] & 7, .key = in->key };
	uint32_t len, i;
	unsigned int b = in->hdr[1];
	int ret, ok;

	su.calg = algs[r.a].calg;
	su.cmode = algs[r.a].cmode;
	su.dalg = WD_DIGEST_SHA256;
	su.dmode = WD_DIGEST_HMAC;
	su.sched_param = &sp;
	r.h = wd_aead_alloc_sess(&su);
	FC_CHECK(r.h, "wd_aead_alloc_sess(calg %d, cmode %d) failed", su.calg, su.cmode);
	if (b & 0x80) {
		b &= 0x3f;
		ok = authsize_ok(su.cmode, b);
	} else {
		ok = 1;
		b = su.cmode == WD_CIPHER_GCM ? 8 + b % 9 :
		    su.cmode == WD_CIPHER_CCM ? 4 + 2 * (b % 7) : 1 + b % 32;
	}
	ret = wd_aead_set_authsize(r.h, (uint16_t)b);
	FC_CHECK(ret == (ok ? 0 : -WD_EINVAL), "set_authsize(%u): %d", b, ret);
	if (!ok)
		goto out;
	r.authsize = (uint16_t)b;
	FC_CHECK(wd_aead_get_authsize(r.h) == (int)b, "get_authsize");
	FC_CHECK(!wd_aead_set_ckey(r.h, in->key, (uint16_t)algs[r.a].klen), "set_ckey");
	if (su.cmode == WD_CIPHER_CBC) {
		r.aklen = in->hdr[6] % 65u;
		for (i = 0; i < r.aklen; i++)
			r.akey[i] = (uint8_t)(in->key[(i * 7) % 32] ^ i);
		FC_CHECK(!wd_aead_set_akey(r.h, r.akey, (uint16_t)r.aklen), "set_akey(%u)", r.aklen);
	}
	memcpy(r.iv, in->iv, 16);
	r.ivlen = su.cmode == WD_CIPHER_GCM ? 12 : 16;
	if (su.cmode == WD_CIPHER_CCM)
		r.iv[0] = (uint8_t)(1 + in->hdr[5] % 7);	/* L - 1: nonce of 7..13 bytes */
	r.alen = in->hdr[2] < in->body_len ? in->hdr[2] : (uint32_t)in->body_len;
	r.aad = in->body;
	len = (uint32_t)in->body_len - r.alen;
	len = len > MAX_PAYLOAD ? MAX_PAYLOAD : len;
	switch ((in->hdr[0] >> 3) & 3) {
	case 0:
		decrypt_as_given(&r, in, in->body + r.alen, len);
		break;
	case 1:
	case 2:
		round_trip(&r, in, in->body + r.alen, len, ((in->hdr[0] >> 3) & 3) == 2);
		break;
	default:
		raw(&r, in, in->body + r.alen, len);
	}
out:
	wd_aead_free_sess(r.h);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int ret;

	(void)argc;
	(void)argv;
	ret = wd_aead_init2_("gcm(aes)", SCHED_POLICY_RR, TASK_MIX, NULL);
	FC_CHECK(!ret, "wd_aead_init2_: %d (is the CPU AEAD driver built in?)", ret);
	ret = wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_MIX, NULL);
	FC_CHECK(!ret, "wd_digest_init2_: %d (is the CPU digest driver built in?)", ret);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t fixed[FC_FIXED] = { 0 };
	struct fc_in in;

	memcpy(fixed, data, size < FC_FIXED ? size : FC_FIXED);
	memcpy(in.hdr, fixed, FC_HDR);
	memcpy(in.key, fixed + FC_HDR, 32);
	memcpy(in.iv, fixed + FC_HDR + 32, 16);
	memcpy(in.tag, fixed + FC_HDR + 48, FC_TAG);
	in.body = size > FC_FIXED ? data + FC_FIXED : data;
	in.body_len = size > FC_FIXED ? size - FC_FIXED : 0;
	if (in.hdr[0] & 0x80)
		fc_digest(&in);
	else
		fc_aead(&in);
	return 0;
}

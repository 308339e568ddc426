// SPDX-License-Identifier: Apache-2.0
/*
 * A client written the way uadk_provider (Linaro uadk_engine v1.7, the
 * OpenSSL 3 provider) uses libwd_crypto:
 *
 *  - init: wd_<class>_init2_(alg, TASK_MIX, SCHED_POLICY_RR, &cparams) with
 *    arguments 2 and 3 swapped as the provider has them (both are 0),
 *    cparams = { 1 op type, {2 sync, 2 async} ({1, 1} for digest), bmp =
 *    numa_allocate_nodemask() with every bit set }. The cipher class is
 *    brought up with "cbc(des)" (the provider's 3DES path) and must then
 *    serve 3DES, AES and SM4 sessions. Digest and HMAC both call
 *    wd_digest_init2_: the second gets -WD_EEXIST, taken as success.
 *  - cipher: the IV chains through req->iv between updates; the last
 *    decryption block runs in place.
 *  - digest: 16 KiB updates with WD_DIGEST_DOING (out_bytes = FULL_LEN),
 *    a final WD_DIGEST_END; a dup mid-stream goes on in a NEW session with
 *    WD_DIGEST_STREAM_DOING / STREAM_END, long_data_len and the copied out
 *    buffer. HMAC keys zero-padded to a multiple of 4.
 *  - AES-GCM: sync streams FIRST (AAD) / MIDDLE / END, an update without
 *    AAD (MIDDLE with no FIRST), the tag in req.mac before a decrypting
 *    END; async block mode ([AAD || payload], result at dst + assoc_bytes)
 *    with one poll thread, callbacks only from that thread.
 *
 * This file: init, ciphers, digests; ossl_provider_aead.c: GCM and the
 * async jobs. Every result is checked against OpenSSL EVP. Built against
 * the installed headers with pkg-config only, plus -lcrypto; numa_* come
 * through libwd's NEEDED libnuma, as in the provider (no -lnuma).
 */
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto_client_util.h"
#include "ossl_provider.h"

#define DIGEST_BLOCK_SIZE	(16 * 1024)	/* the provider's update unit */

int prov_init(int cls, const char *alg, __u32 sync_n, __u32 async_n)
{
	struct wd_ctx_nums nums = { .sync_ctx_num = sync_n, .async_ctx_num = async_n };
	struct wd_ctx_params cparams = { .op_type_num = 1, .ctx_set_num = &nums };
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "%s", alg);
	cparams.bmp = numa_allocate_nodemask();
	if (!cparams.bmp)
		return -WD_ENOMEM;
	numa_bitmask_setall(cparams.bmp);
	if (cls == CLS_CIPHER)
		ret = wd_cipher_init2_(name, TASK_MIX, SCHED_POLICY_RR, &cparams);
	else if (cls == CLS_DIGEST)
		ret = wd_digest_init2_(name, TASK_MIX, SCHED_POLICY_RR, &cparams);
	else
		ret = wd_aead_init2_(name, TASK_MIX, SCHED_POLICY_RR, &cparams);
	numa_free_nodemask(cparams.bmp);
	return ret;
}

struct sched_params sched_any = { .numa_id = -1, .type = 0 };

/* --- ciphers --------------------------------------------------------------- */

struct cipher_case {
	int alg, mode;
	uint32_t klen, ivlen;
	const char *ossl;
	uint32_t parts[4];	/* update sizes; the last is the final block(s) */
};

static const struct cipher_case cipher_cases[] = {
	{ WD_CIPHER_3DES, WD_CIPHER_CBC, 24, 8, "DES-EDE3-CBC", { 64, 1024, 40, 8 } },
	{ WD_CIPHER_3DES, WD_CIPHER_ECB, 24, 0, "DES-EDE3-ECB", { 8, 512, 16, 8 } },
	{ WD_CIPHER_AES, WD_CIPHER_CBC, 16, 16, "AES-128-CBC", { 16, 4096, 48, 16 } },
	{ WD_CIPHER_AES, WD_CIPHER_CTR, 32, 16, "AES-256-CTR", { 48, 1024, 32, 5 } },
	{ WD_CIPHER_AES, WD_CIPHER_OFB, 16, 16, "AES-128-OFB", { 16, 32, 64, 7 } },
	{ WD_CIPHER_SM4, WD_CIPHER_CBC, 16, 16, "SM4-CBC", { 32, 256, 16, 16 } },
};

/* One EVP context's worth: updates chained through the ctx IV buffer. */
static void cipher_ctx(handle_t h, const struct cipher_case *c, int enc, const uint8_t *in,
		       uint8_t *out, uint32_t total)
{
	uint8_t iv[16], ref[16];
	uint32_t off = 0, k, n;
	int ret;

	cc_fill(iv, sizeof(iv), 77);
	for (k = 0; k < 4; k++) {
		struct wd_cipher_req req = {
			.op_type = enc ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION,
			.src = (void *)(in + off), .dst = out + off, .iv = c->ivlen ? iv : NULL,
			.iv_bytes = c->ivlen, .data_fmt = WD_FLAT_BUF,
		};

		n = c->parts[k];
		req.in_bytes = req.out_bytes = req.out_buf_bytes = n;
		if (k == 3 && !enc) {
			/* the provider's decrypt final: in place */
			memcpy(out + off, in + off, n);
			req.src = out + off;
		}
		ret = wd_do_cipher_sync(h, &req);
		check(!ret, "%s %s update %u (%u bytes): %d", c->ossl, enc ? "enc" : "dec", k, n, ret);
		off += n;
	}
	check(off == total, "cipher case sizes");
	/* OSSL_CIPHER_PARAM_UPDATED_IV: CBC's IV is now the last ciphertext block */
	if (c->mode == WD_CIPHER_CBC) {
		memcpy(ref, (enc ? out : in) + total - c->ivlen, c->ivlen);
		check(!memcmp(iv, ref, c->ivlen), "%s: IV after the updates", c->ossl);
	}
}

static void ciphers(void)
{
	uint8_t key[32], iv[16], pt[8192], ct[8192], ref[8192], back[8192];
	struct wd_cipher_sess_setup setup = { .sched_param = &sched_any };
	uint32_t total;
	size_t i;
	handle_t h;
	int ret;

	/* the provider's 3DES contexts bring the class up with "cbc(des)" */
	ret = prov_init(CLS_CIPHER, "cbc(des)", 2, 2);
	check(!ret, "wd_cipher_init2_(\"cbc(des)\", TASK_MIX, RR, all nodes): %d", ret);
	if (ret)
		return;
	for (i = 0; i < sizeof(cipher_cases) / sizeof(cipher_cases[0]); i++) {
		const struct cipher_case *c = &cipher_cases[i];

		total = c->parts[0] + c->parts[1] + c->parts[2] + c->parts[3];
		setup.alg = c->alg;
		setup.mode = c->mode;
		h = wd_cipher_alloc_sess(&setup);
		check(h != 0, "%s: alloc_sess after a cbc(des) init", c->ossl);
		if (!h)
			continue;
		cc_fill(key, c->klen, (uint32_t)i + 1);
		cc_fill(pt, total, (uint32_t)i + 100);
		check(!wd_cipher_set_key(h, key, c->klen), "%s: set_key", c->ossl);
		cc_fill(iv, sizeof(iv), 77);
		check(!cc_cipher(c->ossl, 1, key, iv, pt, total, ref), "OpenSSL %s", c->ossl);
		cipher_ctx(h, c, 1, pt, ct, total);
		check(!memcmp(ct, ref, total), "%s: %u bytes in 4 updates differ from OpenSSL",
		      c->ossl, total);
		cipher_ctx(h, c, 0, ct, back, total);
		check(!memcmp(back, pt, total), "%s: decryption in updates differs", c->ossl);
		wd_cipher_free_sess(h);
	}
	/* uninit happens with the async part (main) */
}

/* --- digests and HMAC ------------------------------------------------------ */

struct md_case {
	int alg;
	uint32_t mac, full;
	const char *ossl;
};

static const struct md_case md_cases[] = {
	{ WD_DIGEST_SHA256, WD_DIGEST_SHA256_LEN, WD_DIGEST_SHA256_FULL_LEN, "SHA256" },
	{ WD_DIGEST_SHA384, WD_DIGEST_SHA384_LEN, WD_DIGEST_SHA384_FULL_LEN, "SHA384" },
	{ WD_DIGEST_SHA224, WD_DIGEST_SHA224_LEN, WD_DIGEST_SHA224_FULL_LEN, "SHA224" },
	{ WD_DIGEST_SM3, WD_DIGEST_SM3_LEN, WD_DIGEST_SM3_FULL_LEN, "SM3" },
	{ WD_DIGEST_MD5, WD_DIGEST_MD5_LEN, WD_DIGEST_MD5_FULL_LEN, "MD5" },
	{ WD_DIGEST_SHA512_224, WD_DIGEST_SHA512_224_LEN, WD_DIGEST_SHA512_224_FULL_LEN,
	  "SHA512-224" },
};

/* A provider digest context: its session and the 64-byte out buffer. */
struct md_ctx {
	const struct md_case *c;
	handle_t sess;
	uint8_t out[64];
	uint64_t hashed;	/* bytes sent with DOING */
	int resumed;		/* a dup: the next request says STREAM_* */
	uint64_t long_len;
};

static void md_new(struct md_ctx *x, const struct md_case *c, const uint8_t *key, uint32_t klen)
{
	struct wd_digest_sess_setup s = { .alg = c->alg, .mode = key ? WD_DIGEST_HMAC :
					  WD_DIGEST_NORMAL, .sched_param = &sched_any };

	memset(x, 0, sizeof(*x));
	x->c = c;
	x->sess = wd_digest_alloc_sess(&s);
	check(x->sess != 0, "%s: alloc_sess", c->ossl);
	if (x->sess && key)
		check(!wd_digest_set_key(x->sess, key, klen), "HMAC-%s: set_key(%u)", c->ossl, klen);
}

/* update(16 KiB) or final (any size); what the provider puts in the request */
static void md_req(struct md_ctx *x, const uint8_t *in, uint32_t len, int final, uint8_t *md)
{
	struct wd_digest_req req = { .in = (void *)in, .in_bytes = len, .out = x->out,
				     .out_buf_bytes = 64 };
	int ret;

	req.has_next = final ? WD_DIGEST_END : WD_DIGEST_DOING;
	req.out_bytes = final ? x->c->mac : x->c->full;
	if (x->resumed) {
		req.has_next = final ? WD_DIGEST_STREAM_END : WD_DIGEST_STREAM_DOING;
		req.long_data_len = x->long_len;
		x->resumed = 0;
	}
	ret = wd_do_digest_sync(x->sess, &req);
	check(!ret && !req.state, "%s %s of %u bytes after %llu: %d state %u", x->c->ossl,
	      final ? "final" : "update", len, (unsigned long long)x->hashed, ret, req.state);
	x->hashed += len;
	if (final)
		memcpy(md, x->out, x->c->mac);
}

/* dupctx: the copy gets a new session (made lazily: here at once) and the state. */
static void md_dup(struct md_ctx *dst, const struct md_ctx *src, const uint8_t *key,
		   uint32_t klen)
{
	md_new(dst, src->c, key, klen);
	memcpy(dst->out, src->out, sizeof(dst->out));
	dst->hashed = src->hashed;
	dst->long_len = src->hashed;
	dst->resumed = 1;
}

static void md_expect(const struct md_case *c, const uint8_t *key, uint32_t klen,
		      const uint8_t *msg, size_t len, const uint8_t *md, const char *what)
{
	uint8_t ref[64];

	check(cc_mac(c->ossl, key, klen, msg, len, ref) == (int)c->mac, "OpenSSL %s", c->ossl);
	check(!memcmp(md, ref, c->mac), "%s%s %s (%zu bytes) differs from OpenSSL",
	      key ? "HMAC-" : "", c->ossl, what, len);
}

static uint8_t msg_a[5 * DIGEST_BLOCK_SIZE], msg_b[5 * DIGEST_BLOCK_SIZE];

/* 3 updates and a final; a dup after 2 updates that goes on differently. */
static void digest_case(const struct md_case *c, const uint8_t *key, uint32_t klen)
{
	const uint32_t B = DIGEST_BLOCK_SIZE, tail = 2171;
	struct md_ctx a, b, d;
	uint8_t md[64];

	md_new(&a, c, key, klen);
	if (!a.sess)
		return;
	md_req(&a, msg_a, B, 0, NULL);
	md_req(&a, msg_a + B, B, 0, NULL);
	md_dup(&b, &a, key, klen);	/* goes on with STREAM_DOING, then DOING */
	md_dup(&d, &a, key, klen);	/* finishes at once: STREAM_END */
	md_req(&a, msg_a + 2 * B, B, 0, NULL);
	md_req(&a, msg_a + 3 * B, tail, 1, md);
	md_expect(c, key, klen, msg_a, 3 * B + tail, md, "in 16 KiB updates");
	/* b's message: the first 32 KiB of a, then its own */
	memcpy(msg_b, msg_a, 2 * B);
	md_req(&b, msg_b + 2 * B, B, 0, NULL);
	md_req(&b, msg_b + 3 * B, B, 0, NULL);
	md_req(&b, msg_b + 4 * B, tail, 1, md);
	md_expect(c, key, klen, msg_b, 4 * B + tail, md, "dup resumed with STREAM_DOING");
	md_req(&d, msg_b + 2 * B, 100, 1, md);
	md_expect(c, key, klen, msg_b, 2 * B + 100, md, "dup finished with STREAM_END");
	/* the provider's small one-shot (final without updates) */
	md_req(&a, msg_a, 3, 1, md);
	md_expect(c, key, klen, msg_a, 3, md, "one-shot after a stream");
	wd_digest_free_sess(a.sess);
	wd_digest_free_sess(b.sess);
	wd_digest_free_sess(d.sess);
}

static void digests(void)
{
	uint8_t key[128], padded[128];
	size_t i;
	int ret;

	cc_fill(msg_a, sizeof(msg_a), 1);
	cc_fill(msg_b, sizeof(msg_b), 2);
	ret = prov_init(CLS_DIGEST, "sha256", 1, 1);
	check(!ret, "wd_digest_init2_ (digest): %d", ret);
	if (ret)
		return;
	/* uadk_prov_hmac.c inits the same class: -WD_EEXIST is success there */
	ret = prov_init(CLS_DIGEST, "sha256", 1, 1);
	check(ret == -WD_EEXIST, "wd_digest_init2_ (hmac) again: %d, want -WD_EEXIST", ret);
	for (i = 0; i < sizeof(md_cases) / sizeof(md_cases[0]); i++)
		digest_case(&md_cases[i], NULL, 0);
	/* HMAC: the provider rounds the key length up to a multiple of 4, zero-padded */
	cc_fill(key, sizeof(key), 3);
	memset(padded, 0, sizeof(padded));
	memcpy(padded, key, 37);
	for (i = 0; i < sizeof(md_cases) / sizeof(md_cases[0]); i++) {
		struct md_ctx x;
		uint8_t md[64];

		/* same MAC with the 37-byte key (zero padding under the block size) */
		md_new(&x, &md_cases[i], padded, 40);
		if (!x.sess)
			continue;
		md_req(&x, msg_a, DIGEST_BLOCK_SIZE, 0, NULL);
		md_req(&x, msg_a + DIGEST_BLOCK_SIZE, 999, 1, md);
		md_expect(&md_cases[i], key, 37, msg_a, DIGEST_BLOCK_SIZE + 999, md,
			  "with a zero-padded key");
		wd_digest_free_sess(x.sess);
	}
	digest_case(&md_cases[1], padded, 40);
}

int main(void)
{
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };

	cc_prog = "ossl_provider_client";
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* the provider's poll thread runs from provider init on */
	if (prov_poll_start()) {
		check(false, "pthread_create");
		return cc_summary();
	}
	ciphers();
	digests();
	aead();
	cipher_digest_async();
	prov_poll_stop();
	/* teardown: uadk_prov_destroy_{digest,hmac,cipher,aead} */
	wd_digest_uninit2();
	wd_digest_uninit2();	/* the -WD_EEXIST init counts too */
	wd_cipher_uninit2();
	wd_aead_uninit2();
	check(wd_cipher_alloc_sess(&cs) == 0, "the cipher class is still up after its uninit");
	return cc_summary();
}

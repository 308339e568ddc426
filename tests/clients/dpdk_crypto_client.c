// SPDX-License-Identifier: Apache-2.0
/*
 * A client written the way DPDK's crypto PMD (drivers/crypto/uadk) uses
 * UADK, in its two generations:
 *
 * 22.11 .. 25.03: dev_configure sets WD_CIPHER_CTX_NUM / WD_DIGEST_CTX_NUM
 *   to "sync:<qpairs>@0" and calls wd_cipher_env_init(NULL) and
 *   wd_digest_env_init(NULL); AES-CBC/CTR/ECB/XTS sessions; requests carry
 *   out_bytes = a per-session constant unrelated to the data (16, 64, 32,
 *   512) while in_bytes is the real length: the library must take the length
 *   from in_bytes and never write past it. HMAC keys of any length (odd
 *   ones too). Every sync call is retried while it returns -WD_EBUSY.
 * 25.07+: wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, {1 op type,
 *   {2 sync, 2 async}, bmp NULL}), wd_digest_init2_(..., TASK_HW, ...);
 *   a burst of 16 async ops through ONE request struct per session, reused
 *   while the earlier ops are in flight; dequeue polls wd_*_poll(1, &recv)
 *   while it returns -WD_EAGAIN, once per op; the digest callback casts its
 *   one argument to struct wd_digest_req * and reads cb_param.
 *
 * TASK_HW needs a device, or WD_CPU_AS_HW=1 (README): without it the digest
 * init must say -WD_ENODEV, and the client goes on with TASK_MIX.
 * Every output is checked against OpenSSL. Built against the *installed*
 * headers with pkg-config only (run_client_tests.sh), plus -lcrypto.
 */
#define _GNU_SOURCE	/* setenv under -std=c11 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include "crypto_client_util.h"

#define QPAIRS	2
#define BURST	16
#define CANARY	0xCC

/* One rte_crypto_op, reduced to what the PMD touches. */
struct op {
	uint8_t *src, *dst;
	uint32_t len;
	uint8_t iv[16], iv0[16];
	uint8_t digest[64];
	int done;
	uint16_t status;
};

static unsigned int callbacks;

/* --- 22.11: env_init and sync requests ------------------------------------ */

struct cipher_case {
	int mode;
	uint32_t klen, out_bytes;	/* out_bytes: the PMD's per-session constant */
	const char *ossl;
};

static const struct cipher_case cipher_cases[] = {
	{ WD_CIPHER_CBC, 16, 16, "AES-128-CBC" }, { WD_CIPHER_CBC, 32, 64, "AES-256-CBC" },
	{ WD_CIPHER_CTR, 16, 64, "AES-128-CTR" }, { WD_CIPHER_ECB, 24, 16, "AES-192-ECB" },
	{ WD_CIPHER_XTS, 32, 32, "AES-128-XTS" }, { WD_CIPHER_XTS, 64, 512, "AES-256-XTS" },
};

static int do_cipher(handle_t h, struct wd_cipher_req *req)
{
	int ret;

	do	/* as the PMD: a full queue is retried */
		ret = wd_do_cipher_sync(h, req);
	while (ret == -WD_EBUSY);
	return ret;
}

static void sync_cipher(const struct cipher_case *c)
{
	static const uint32_t lens[] = { 16, 17, 48, 100, 256, 1000, 4096 };
	struct sched_params params = { .numa_id = -1 };	/* the PMD: "nearby" node */
	struct wd_cipher_sess_setup setup = { .alg = WD_CIPHER_AES, .mode = c->mode,
					      .sched_param = &params };
	uint8_t key[64], iv[16], *src, *dst, *ref;
	struct wd_cipher_req req;
	uint32_t i, k, len;
	handle_t h;
	int ret;

	cc_fill(key, c->klen, c->klen + (uint32_t)c->mode);
	h = wd_cipher_alloc_sess(&setup);
	check(h != 0, "%s: wd_cipher_alloc_sess failed", c->ossl);
	if (!h)
		return;
	check(!wd_cipher_set_key(h, key, c->klen), "%s: wd_cipher_set_key(%u)", c->ossl, c->klen);
	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		len = lens[k];
		if (c->mode == WD_CIPHER_CBC || c->mode == WD_CIPHER_ECB)
			len &= ~15u;
		src = malloc(len);
		dst = malloc(len + 600);
		ref = malloc(len);
		if (!src || !dst || !ref)
			break;
		cc_fill(src, len, len);
		cc_fill(iv, 16, len + 1);
		memset(dst, CANARY, len + 600);
		check(!cc_cipher(c->ossl, 1, key, iv, src, len, ref), "OpenSSL %s", c->ossl);
		req = (struct wd_cipher_req){
			.op_type = WD_CIPHER_ENCRYPTION, .src = src, .dst = dst, .iv = iv,
			.in_bytes = len, .iv_bytes = c->mode == WD_CIPHER_ECB ? 0 : 16,
			.out_buf_bytes = len, .out_bytes = c->out_bytes,
		};
		ret = do_cipher(h, &req);
		check(!ret && !req.state && !memcmp(dst, ref, len),
		      "%s: encrypt %u bytes (out_bytes %u): ret %d state %u or data differs", c->ossl,
		      len, c->out_bytes, ret, req.state);
		for (i = len; i < len + 600 && dst[i] == CANARY; i++)
			;
		check(i == len + 600, "%s: %u bytes in, out_bytes %u: byte %u past in_bytes written",
		      c->ossl, len, c->out_bytes, i);
		/* in place (no m_dst), decrypting back */
		cc_fill(iv, 16, len + 1);
		req = (struct wd_cipher_req){
			.op_type = WD_CIPHER_DECRYPTION, .src = dst, .dst = dst, .iv = iv,
			.in_bytes = len, .iv_bytes = c->mode == WD_CIPHER_ECB ? 0 : 16,
			.out_buf_bytes = len, .out_bytes = c->out_bytes,
		};
		ret = do_cipher(h, &req);
		check(!ret && !req.state && !memcmp(dst, src, len),
		      "%s: in-place decrypt of %u bytes: ret %d state %u or data differs", c->ossl,
		      len, ret, req.state);
		free(src);
		free(dst);
		free(ref);
	}
	wd_cipher_free_sess(h);
}

struct digest_case {
	int alg, mode;
	uint32_t klen, mac, verify;	/* verify: the op's digest_length (may be short) */
	const char *ossl;
};

static const struct digest_case digest_cases[] = {
	{ WD_DIGEST_SHA256, WD_DIGEST_HMAC, 37, 32, 16, "SHA256" },
	{ WD_DIGEST_SHA1, WD_DIGEST_HMAC, 13, 20, 12, "SHA1" },
	{ WD_DIGEST_SHA512, WD_DIGEST_HMAC, 127, 64, 64, "SHA512" },
	{ WD_DIGEST_MD5, WD_DIGEST_HMAC, 3, 16, 16, "MD5" },
	{ WD_DIGEST_SHA224, WD_DIGEST_NORMAL, 0, 28, 28, "SHA224" },
	{ WD_DIGEST_SHA384, WD_DIGEST_NORMAL, 0, 48, 48, "SHA384" },
};

static void sync_digest(const struct digest_case *c)
{
	static const uint32_t lens[] = { 1, 64, 1500, 9000 };
	struct sched_params params = { .numa_id = -1 };
	struct wd_digest_sess_setup setup = { .alg = c->alg, .mode = c->mode,
					      .sched_param = &params };
	uint8_t key[130], in[9000], out[64], ref[64];
	struct wd_digest_req req;
	handle_t h;
	uint32_t k;
	int ret;

	cc_fill(key, sizeof(key), c->klen);
	cc_fill(in, sizeof(in), 99);
	h = wd_digest_alloc_sess(&setup);
	check(h != 0, "%s: wd_digest_alloc_sess failed", c->ossl);
	if (!h)
		return;
	if (c->klen) {
		check(!wd_digest_set_key(h, key, c->klen), "HMAC-%s: set_key(%u)", c->ossl, c->klen);
		/* longer than UADK takes: refused, as in UADK (DPDK then fails the session) */
		check(wd_digest_set_key(h, key, 129) == -WD_EINVAL, "HMAC-%s: 129-byte key accepted",
		      c->ossl);
		check(!wd_digest_set_key(h, key, c->klen), "HMAC-%s: set_key again", c->ossl);
	}
	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		memset(out, 0, sizeof(out));
		req = (struct wd_digest_req){ .in = in, .out = out, .in_bytes = lens[k],
					      .out_bytes = c->mac, .out_buf_bytes = c->mac,
					      .has_next = 0 };
		do
			ret = wd_do_digest_sync(h, &req);
		while (ret == -WD_EBUSY);
		check(cc_mac(c->ossl, c->klen ? key : NULL, c->klen, in, lens[k], ref) == (int)c->mac,
		      "OpenSSL %s", c->ossl);
		check(!ret && !req.state && !memcmp(out, ref, c->verify),
		      "%s%s of %u bytes: ret %d state %u or digest differs", c->klen ? "HMAC-" : "",
		      c->ossl, lens[k], ret, req.state);
	}
	wd_digest_free_sess(h);
}

static void dpdk_22_11(void)
{
	size_t i;
	int ret;

	setenv("WD_CIPHER_CTX_NUM", "sync:" "2" "@0", 1);	/* "sync:%u@0", nb_queue_pairs */
	setenv("WD_DIGEST_CTX_NUM", "sync:" "2" "@0", 1);
	ret = wd_cipher_env_init(NULL);
	check(!ret, "wd_cipher_env_init(NULL) with WD_CIPHER_CTX_NUM=sync:2@0: %d", ret);
	if (ret)
		return;
	ret = wd_digest_env_init(NULL);
	check(!ret, "wd_digest_env_init(NULL) with WD_DIGEST_CTX_NUM=sync:2@0: %d", ret);
	if (!ret) {
		for (i = 0; i < sizeof(cipher_cases) / sizeof(cipher_cases[0]); i++)
			sync_cipher(&cipher_cases[i]);
		for (i = 0; i < sizeof(digest_cases) / sizeof(digest_cases[0]); i++)
			sync_digest(&digest_cases[i]);
		wd_digest_env_uninit();
	}
	wd_cipher_env_uninit();
	unsetenv("WD_CIPHER_CTX_NUM");
	unsetenv("WD_DIGEST_CTX_NUM");
}

/* --- 25.07+: init2_, async bursts through one reused request -------------- */

static void *cipher_cb(struct wd_cipher_req *req, void *data)
{
	struct op *op = data;

	op->status = req->state;
	op->done++;
	callbacks++;
	return NULL;
}

static void *digest_cb(void *param)
{
	/* the PMD's cast: UADK passes the request, cb_param is inside */
	struct wd_digest_req *req = param;
	struct op *op = req->cb_param;

	op->status = req->state;
	op->done++;
	callbacks++;
	return NULL;
}

/* The PMD's dequeue: per op, poll one while the library says -WD_EAGAIN. */
static void dequeue(int digest, unsigned int n, const char *what)
{
	unsigned int i, before, spins;
	__u32 recv;
	int ret;

	for (i = 0; i < n; i++) {
		before = callbacks;
		spins = 0;
		do {
			recv = 0;
			ret = digest ? wd_digest_poll(1, &recv) : wd_cipher_poll(1, &recv);
		} while (ret == -WD_EAGAIN && ++spins < 10000000);
		/* the loop ends on 0: one op must then have completed */
		check(!ret && recv == 1 && callbacks == before + 1,
		      "%s: dequeue %u: poll %d, recv %u, %u callbacks (want one more than %u)", what,
		      i, ret, recv, callbacks, before);
	}
}

static void async_cipher(handle_t h, const uint8_t *key)
{
	struct op ops[BURST];
	struct wd_cipher_req req;	/* the session's one request struct */
	uint8_t *ref;
	unsigned int i;
	int ret;

	memset(&req, 0, sizeof(req));
	for (i = 0; i < BURST; i++) {
		ops[i] = (struct op){ .len = 16u * (1 + (i * 37) % 256) };
		ops[i].src = malloc(ops[i].len);
		ops[i].dst = malloc(ops[i].len + 64);
		if (!ops[i].src || !ops[i].dst)
			return;
		cc_fill(ops[i].src, ops[i].len, 1000 + i);
		memset(ops[i].dst, CANARY, ops[i].len + 64);
		cc_fill(ops[i].iv, 16, 2000 + i);
		memcpy(ops[i].iv0, ops[i].iv, 16);
	}
	callbacks = 0;
	for (i = 0; i < BURST; i++) {
		/* enqueue: the same struct, rewritten while earlier ops are in flight */
		req.op_type = WD_CIPHER_ENCRYPTION;
		req.src = ops[i].src;
		req.dst = ops[i].dst;
		req.in_bytes = ops[i].len;
		req.out_buf_bytes = ops[i].len;
		req.out_bytes = 16;	/* the session constant, not the length */
		req.iv = ops[i].iv;
		req.iv_bytes = 16;
		req.cb = cipher_cb;
		req.cb_param = &ops[i];
		do
			ret = wd_do_cipher_async(h, &req);
		while (ret == -WD_EBUSY);
		check(!ret, "async cipher op %u: %d", i, ret);
	}
	check(callbacks == 0, "%u cipher callbacks ran inside wd_do_cipher_async", callbacks);
	dequeue(0, BURST, "AES-128-CBC burst");
	for (i = 0; i < BURST; i++) {
		ref = malloc(ops[i].len);
		check(ref && !cc_cipher("AES-128-CBC", 1, key, ops[i].iv0, ops[i].src, ops[i].len, ref),
		      "OpenSSL AES-128-CBC");
		check(ops[i].done == 1 && !ops[i].status && ref && !memcmp(ops[i].dst, ref, ops[i].len),
		      "async op %u (%u bytes): %d callbacks, status %u, or data differs", i,
		      ops[i].len, ops[i].done, ops[i].status);
		check(ops[i].dst[ops[i].len] == CANARY && ops[i].dst[ops[i].len + 63] == CANARY,
		      "async op %u: written past in_bytes", i);
		free(ref);
		free(ops[i].src);
		free(ops[i].dst);
	}
}

static void async_digest(handle_t hc, const uint8_t *ckey, handle_t hd, const uint8_t *hkey,
			 uint32_t hklen)
{
	struct op ops[BURST];
	struct wd_digest_req req;
	struct wd_cipher_req creq;
	uint8_t ref[32], ct[4096];
	unsigned int i;
	int ret;

	memset(&req, 0, sizeof(req));
	for (i = 0; i < BURST; i++) {
		ops[i] = (struct op){ .len = 1 + (i * 577) % 4000 };
		if (i % 4 == 0)
			ops[i].len = (ops[i].len & ~15u) + 16;	/* whole blocks for the cipher */
		ops[i].src = malloc(ops[i].len);
		if (!ops[i].src)
			return;
		cc_fill(ops[i].src, ops[i].len, 3000 + i);
		if (i % 4 == 0) {
			/* chained: cipher first, sync; then auth over the result, async */
			cc_fill(ops[i].iv, 16, 4000 + i);
			creq = (struct wd_cipher_req){ .op_type = WD_CIPHER_ENCRYPTION,
				.src = ops[i].src, .dst = ops[i].src, .iv = ops[i].iv,
				.in_bytes = ops[i].len, .iv_bytes = 16, .out_buf_bytes = ops[i].len,
				.out_bytes = 64 };
			memcpy(ops[i].iv0, ops[i].iv, 16);
			check(!cc_cipher("AES-128-CBC", 1, ckey, ops[i].iv0, ops[i].src, ops[i].len, ct),
			      "OpenSSL AES-128-CBC");
			check(!do_cipher(hc, &creq) && !creq.state && !memcmp(ops[i].src, ct, ops[i].len),
			      "chained cipher step of op %u differs", i);
		}
	}
	callbacks = 0;
	for (i = 0; i < BURST; i++) {
		req.in = ops[i].src;
		req.out = ops[i].digest;
		req.in_bytes = ops[i].len;
		req.out_bytes = 32;
		req.out_buf_bytes = 32;
		req.has_next = 0;
		req.cb = digest_cb;
		req.cb_param = &ops[i];
		do
			ret = wd_do_digest_async(hd, &req);
		while (ret == -WD_EBUSY);
		check(!ret, "async digest op %u: %d", i, ret);
	}
	check(callbacks == 0, "%u digest callbacks ran inside wd_do_digest_async", callbacks);
	dequeue(1, BURST, "HMAC-SHA256 burst");
	for (i = 0; i < BURST; i++) {
		check(cc_mac("SHA256", hkey, hklen, ops[i].src, ops[i].len, ref) == 32, "OpenSSL");
		check(ops[i].done == 1 && !ops[i].status && !memcmp(ops[i].digest, ref, 32),
		      "async HMAC op %u (%u bytes): %d callbacks, status %u, or digest differs", i,
		      ops[i].len, ops[i].done, ops[i].status);
		free(ops[i].src);
	}
}

static void dpdk_25_07(void)
{
	struct wd_ctx_nums nums = { .sync_ctx_num = QPAIRS, .async_ctx_num = QPAIRS };
	struct wd_ctx_params cparams = { .op_type_num = 1, .ctx_set_num = &nums, .bmp = NULL };
	struct sched_params params = { .numa_id = -1 };
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC,
					   .sched_param = &params };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256, .mode = WD_DIGEST_HMAC,
					   .sched_param = &params };
	const char *as_hw = getenv("WD_CPU_AS_HW");
	bool hw_ok = as_hw && !strcmp(as_hw, "1");
	uint8_t ckey[16], hkey[37];
	handle_t hc = 0, hd = 0;
	int ret;

	cc_fill(ckey, sizeof(ckey), 5);
	cc_fill(hkey, sizeof(hkey), 6);
	ret = wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &cparams);
	check(!ret, "wd_cipher_init2_(\"cbc(aes)\", RR, TASK_MIX, 2+2 ctxs): %d", ret);
	if (ret)
		return;
	/* the PMD asks the digest class for hardware */
	ret = wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_HW, &cparams);
	check(ret == (hw_ok ? 0 : -WD_ENODEV), "wd_digest_init2_(TASK_HW) with WD_CPU_AS_HW=%s: %d",
	      as_hw ? as_hw : "(unset)", ret);
	if (ret == -WD_ENODEV)
		ret = wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_MIX, &cparams);
	check(!ret, "wd_digest_init2_: %d", ret);
	if (ret)
		goto out_cipher;
	hc = wd_cipher_alloc_sess(&cs);
	hd = wd_digest_alloc_sess(&ds);
	check(hc && hd, "alloc_sess: cipher %lx digest %lx", (unsigned long)hc, (unsigned long)hd);
	if (hc && hd) {
		check(!wd_cipher_set_key(hc, ckey, sizeof(ckey)), "cipher set_key");
		check(!wd_digest_set_key(hd, hkey, sizeof(hkey)), "HMAC set_key (37 bytes)");
		async_cipher(hc, ckey);
		async_digest(hc, ckey, hd, hkey, sizeof(hkey));
	}
	wd_cipher_free_sess(hc);
	wd_digest_free_sess(hd);
	wd_digest_uninit2();
out_cipher:
	wd_cipher_uninit2();
}

int main(void)
{
	struct uacce_dev *udev;

	cc_prog = "dpdk_crypto_client";
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* probe: the PMD refuses to load without a device; we go on on the CPU */
	udev = wd_get_accel_dev("cipher");
	printf("%s: wd_get_accel_dev(\"cipher\") = %s\n", cc_prog, udev ? udev->dev_root :
	       "NULL (no device): continuing on the CPU driver");
	free(udev);
	dpdk_22_11();
	dpdk_25_07();
	printf("%s: %u async callbacks in the last burst\n", cc_prog, callbacks);
	return cc_summary();
}

// SPDX-License-Identifier: Apache-2.0
/*
 * uadk_provider's AES-GCM (uadk_prov_aead.c) and its async jobs
 * (uadk_async.c): see ossl_provider_client.c.
 */
#define _GNU_SOURCE	/* sched_yield under -std=c11 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include "crypto_client_util.h"
#include "ossl_provider.h"

/* --- AES-GCM ---------------------------------------------------------------- */

/* One EVP GCM context, sync: FIRST (if AAD) / MIDDLE (16-byte multiples) / END. */
static int gcm_stream(handle_t h, int enc, const uint8_t *iv, const uint8_t *aad, uint32_t alen,
		      const uint8_t *in, uint32_t len, uint8_t *out, uint8_t *tag)
{
	uint8_t buf[16] = { 0 };	/* ctx->buf: the mac buffer of every request */
	uint8_t ivb[12];
	struct wd_aead_req req = { .op_type = enc ? WD_CIPHER_ENCRYPTION_DIGEST :
				   WD_CIPHER_DECRYPTION_DIGEST, .iv = ivb, .iv_bytes = 12,
				   .mac = buf, .mac_bytes = 16, .out_bytes = 0 };
	uint32_t off = 0, n;
	int ret;

	memcpy(ivb, iv, 12);
	if (alen) {
		req.msg_state = AEAD_MSG_FIRST;
		req.src = (void *)aad;
		req.dst = NULL;
		req.in_bytes = req.assoc_bytes = (__u16)alen;
		ret = wd_do_aead_sync(h, &req);
		if (ret < 0 || req.state)
			return -1;
	}
	/* no AAD: the provider's first request is a MIDDLE, with no FIRST before it */
	while (len - off >= 16) {
		n = (len - off) / 16 * 16;
		n = n > 4096 ? 4096 : n;
		req.msg_state = AEAD_MSG_MIDDLE;
		req.src = (void *)(in + off);
		req.dst = out + off;
		req.in_bytes = n;
		ret = wd_do_aead_sync(h, &req);
		if (ret < 0 || req.state)
			return -1;
		off += n;
	}
	if (!enc)
		memcpy(buf, tag, 16);	/* the tag goes in before the final */
	req.msg_state = AEAD_MSG_END;
	req.src = len > off ? (void *)(in + off) : NULL;
	req.dst = len > off ? out + off : NULL;
	req.in_bytes = len - off;
	ret = wd_do_aead_sync(h, &req);
	if (ret < 0 || req.state)
		return -1;
	if (enc)
		memcpy(tag, buf, 16);
	return 0;
}

static void gcm_sync(handle_t h, const uint8_t *key, uint32_t klen)
{
	static const uint32_t lens[][2] = { { 20, 4096 + 48 + 7 }, { 0, 64 + 10 }, { 13, 32 },
					    { 0, 5 }, { 16, 0 }, { 255, 16384 } };
	uint8_t iv[12], aad[255], pt[16500], ct[16500], ref[16500], back[16500], tag[16], rtag[16];
	size_t i;
	int ret;

	cc_fill(aad, sizeof(aad), 8);
	cc_fill(pt, sizeof(pt), 9);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t alen = lens[i][0], len = lens[i][1];

		cc_fill(iv, sizeof(iv), (uint32_t)i + 10);
		check(!cc_gcm(1, key, klen, iv, aad, alen, pt, len, ref, rtag), "OpenSSL GCM");
		ret = gcm_stream(h, 1, iv, aad, alen, pt, len, ct, tag);
		check(!ret && !memcmp(ct, ref, len) && !memcmp(tag, rtag, 16),
		      "GCM-%u stream encrypt (AAD %u, %u bytes) differs from OpenSSL (%d)", klen * 8,
		      alen, len, ret);
		ret = gcm_stream(h, 0, iv, aad, alen, ct, len, back, rtag);
		check(!ret && !memcmp(back, pt, len), "GCM stream decrypt (AAD %u, %u bytes): %d",
		      alen, len, ret);
		rtag[15] ^= 1;
		ret = gcm_stream(h, 0, iv, aad, alen, ct, len, back, rtag);
		check(ret < 0, "GCM stream decrypt with a bad tag succeeded (AAD %u, %u bytes)", alen,
		      len);
	}
}

/* --- async, one poll thread (uadk_async.c) -------------------------------- */

static atomic_int poll_stop, pending;
static pthread_t poller;

/* Polls only while a job waits, as the provider polls only registered tasks. */
static void *poll_main(void *arg)
{
	__u32 n;

	(void)arg;
	while (!atomic_load(&poll_stop)) {
		n = 0;
		if (!atomic_load(&pending)) {
			sched_yield();
			continue;
		}
		wd_aead_poll(1, &n);
		wd_cipher_poll(1, &n);
		wd_digest_poll(1, &n);
		if (!n)
			sched_yield();
	}
	return NULL;
}

struct job {
	atomic_int done;
	uint16_t state;
	int on_poller;
};

static void job_done(struct job *j, uint16_t state)
{
	j->state = state;
	j->on_poller = pthread_equal(pthread_self(), poller);
	atomic_store(&j->done, 1);
}

static void *aead_cb(struct wd_aead_req *req, void *data)
{
	job_done(data, req->state);
	return NULL;
}

static void *cipher_cb(struct wd_cipher_req *req, void *data)
{
	job_done(data, req->state);
	return NULL;
}

static void *digest_cb(void *arg)
{
	struct wd_digest_req *req = arg;

	job_done(req->cb_param, req->state);
	return NULL;
}

/* After a successful submission: the job is the poll thread's until its callback. */
static int job_wait(struct job *j, const char *what)
{
	long spins;

	atomic_fetch_add(&pending, 1);
	for (spins = 0; !atomic_load(&j->done) && spins < 200000000L; spins++)
		sched_yield();
	atomic_fetch_sub(&pending, 1);
	check(atomic_load(&j->done) && j->on_poller && !j->state,
	      "%s: done %d, from the poll thread %d, state %u", what, atomic_load(&j->done),
	      j->on_poller, j->state);
	return atomic_load(&j->done) ? 0 : -1;
}

/* v1.7 async GCM: block mode, src = [AAD || payload], result at dst + assoc_bytes. */
static void gcm_async(handle_t h, const uint8_t *key, uint32_t klen)
{
	static uint8_t src[2][20000], dst[20000];
	uint8_t iv[12], buf[16], ref[20000], rtag[16];
	uint32_t k, alen, len;
	int ret;

	for (k = 0; k < 4; k++) {
		struct job j = { 0 };
		struct wd_aead_req req = { 0 };

		alen = 16 + k * 7;
		len = 1 + k * 5000;
		cc_fill(src[0], alen + len, k + 40);
		cc_fill(iv, sizeof(iv), k + 50);
		check(!cc_gcm(1, key, klen, iv, src[0], alen, src[0] + alen, len, ref, rtag),
		      "OpenSSL GCM");
		req = (struct wd_aead_req){ .op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = src[0],
			.dst = dst, .mac = buf, .iv = iv, .in_bytes = len, .out_bytes = 0,
			.iv_bytes = 12, .mac_bytes = 16, .assoc_bytes = (__u16)alen,
			.msg_state = AEAD_MSG_BLOCK, .cb = aead_cb, .cb_param = &j,
			.state = 0xFFFF /* POLL_ERROR until the callback says otherwise */ };
		while ((ret = wd_do_aead_async(h, &req)) == -WD_EBUSY)
			sched_yield();
		check(!ret, "async GCM encrypt: %d", ret);
		if (ret || job_wait(&j, "async GCM encrypt"))
			continue;
		check(!memcmp(dst + alen, ref, len) && !memcmp(buf, rtag, 16),
		      "async GCM-%u (AAD %u, %u bytes) differs from OpenSSL", klen * 8, alen, len);
		/* decrypt: [AAD || ciphertext], the tag in req.mac */
		memcpy(src[1], src[0], alen);
		memcpy(src[1] + alen, ref, len);
		memcpy(buf, rtag, 16);
		atomic_store(&j.done, 0);
		req.op_type = WD_CIPHER_DECRYPTION_DIGEST;
		req.src = src[1];
		req.state = 0xFFFF;
		while ((ret = wd_do_aead_async(h, &req)) == -WD_EBUSY)
			sched_yield();
		check(!ret, "async GCM decrypt: %d", ret);
		if (!ret && !job_wait(&j, "async GCM decrypt"))
			check(!memcmp(dst + alen, src[0] + alen, len), "async GCM decrypt differs");
	}
}

void aead(void)
{
	struct wd_aead_sess_setup setup = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_GCM,
					    .sched_param = &sched_any };
	static const uint32_t klens[] = { 16, 32 };
	uint8_t key[32];
	size_t i;
	handle_t h;
	int ret;

	ret = prov_init(CLS_AEAD, "gcm(aes)", 2, 2);
	check(!ret, "wd_aead_init2_(\"gcm(aes)\", TASK_MIX, RR, all nodes): %d", ret);
	if (ret)
		return;
	for (i = 0; i < 2; i++) {
		h = wd_aead_alloc_sess(&setup);
		check(h != 0, "GCM alloc_sess");
		if (!h)
			continue;
		cc_fill(key, klens[i], (uint32_t)i + 30);
		check(!wd_aead_set_authsize(h, 16), "set_authsize(16)");
		check(!wd_aead_set_ckey(h, key, (__u16)klens[i]), "set_ckey(%u)", klens[i]);
		gcm_sync(h, key, klens[i]);
		gcm_async(h, key, klens[i]);
		wd_aead_free_sess(h);
	}
}

/* Async cipher updates and an async one-shot digest, as the provider's async jobs. */
void cipher_digest_async(void)
{
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC,
					   .sched_param = &sched_any };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256, .sched_param = &sched_any };
	uint8_t key[16], iv[16], iv0[16], pt[8192], ct[8192], ref[8192], md[32], rmd[32];
	handle_t hc = wd_cipher_alloc_sess(&cs), hd = wd_digest_alloc_sess(&ds);
	struct job j = { 0 };
	int ret;

	check(hc && hd, "async: alloc_sess");
	if (!hc || !hd)
		goto out;
	cc_fill(key, sizeof(key), 60);
	cc_fill(iv, sizeof(iv), 61);
	cc_fill(pt, sizeof(pt), 62);
	memcpy(iv0, iv, 16);
	check(!wd_cipher_set_key(hc, key, 16), "async: set_key");
	{
		struct wd_cipher_req req = { .op_type = WD_CIPHER_ENCRYPTION, .src = pt, .dst = ct,
			.iv = iv, .in_bytes = 8192, .iv_bytes = 16, .out_buf_bytes = 8192,
			.out_bytes = 8192, .cb = cipher_cb, .cb_param = &j };

		while ((ret = wd_do_cipher_async(hc, &req)) == -WD_EBUSY)
			sched_yield();
		check(!ret, "async AES-CBC: %d", ret);
		if (!ret && !job_wait(&j, "async AES-CBC"))
			check(!cc_cipher("AES-128-CBC", 1, key, iv0, pt, 8192, ref) &&
			      !memcmp(ct, ref, 8192) && !memcmp(iv, ct + 8192 - 16, 16),
			      "async AES-CBC differs from OpenSSL (data or IV)");
	}
	{
		struct wd_digest_req req = { .in = pt, .out = md, .in_bytes = 5000, .out_bytes = 32,
			.out_buf_bytes = 32, .has_next = WD_DIGEST_END, .cb = digest_cb,
			.cb_param = &j };

		atomic_store(&j.done, 0);
		while ((ret = wd_do_digest_async(hd, &req)) == -WD_EBUSY)
			sched_yield();
		check(!ret, "async SHA256: %d", ret);
		if (!ret && !job_wait(&j, "async SHA256"))
			check(cc_mac("SHA256", NULL, 0, pt, 5000, rmd) == 32 && !memcmp(md, rmd, 32),
			      "async SHA256 differs from OpenSSL");
	}
out:
	wd_cipher_free_sess(hc);
	wd_digest_free_sess(hd);
}

int prov_poll_start(void)
{
	return pthread_create(&poller, NULL, poll_main, NULL);
}

void prov_poll_stop(void)
{
	atomic_store(&poll_stop, 1);
	pthread_join(poller, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vacc_crypto --callgrind N MODE: N sync requests per phase on the
 * fake vacc device, for callgrind_vacc_crypto.sh. Each phase ends with a
 * callgrind dump named after it (collection zeroed after 16 warm-ups).
 *
 *   api     wd_do_{cipher,digest,aead}_sync (class, engine, driver, ring),
 *           collection toggled on around each call; the fake device runs
 *           inside the doorbell, which toggles itself out (inline mode).
 *   driver  the vacc driver's own send() and recv() (valgrind's
 *           --toggle-collect on vacc_send / vacc_recv), called directly
 *           with the device stepped between them: no doorbell, as a busy
 *           queue's polling kernel worker needs none.
 *
 * Phases: AES-128-CBC 16 B and 4 KiB, SHA-256 4 KiB, HMAC-SHA256 4 KiB,
 * AES-128-GCM 4 KiB + 16 B AAD (the fake's work is not counted, so the
 * sizes only show the framework does not touch the data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wd_crypto_drv.h"
#include "vacc_crypto_test.h"
#include "../../bench/callgrind_client.h"
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#endif

#define WARM 16
#define LEN 4096

static __u8 in[LEN + 16], out[LEN + 16], mac[16], key[32], iv[16];

enum phase { CBC16, CBC4K, SHA256, HMAC, GCM, NPHASE };
static const char *const names[NPHASE] = { "cbc-enc-16", "cbc-enc-4k", "sha256-4k",
					   "hmac-sha256-4k", "gcm-enc-4k" };
static const enum vt_class cls_of[NPHASE] = { VT_CIPHER, VT_CIPHER, VT_DIGEST, VT_DIGEST,
					      VT_AEAD };
static const char *const alg_of[NPHASE] = { "cbc(aes)", "cbc(aes)", "sha256", "sha256",
					    "gcm(aes)" };

static handle_t api_sess(enum phase p)
{
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256,
					   .mode = p == HMAC ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL };
	handle_t h;

	if (cls_of[p] == VT_CIPHER)
		return vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, key, 16);
	if (cls_of[p] == VT_AEAD)
		return vt_aead_sess(WD_CIPHER_GCM, key, 16, 16);
	h = wd_digest_alloc_sess(&ds);
	if (h && p == HMAC && wd_digest_set_key(h, key, 32))
		return 0;
	return h;
}

static int api_req(enum phase p, handle_t h)
{
	struct wd_digest_req dr;
	struct vt_ae a = { .enc = true, .st = AEAD_MSG_BLOCK, .src = in, .aad = 16, .len = LEN,
			   .dst = out, .mac = mac, .iv = iv };

	switch (cls_of[p]) {
	case VT_CIPHER:
		return vt_cipher(h, true, in, out, p == CBC16 ? 16 : LEN, iv);
	case VT_DIGEST:
		memset(&dr, 0, sizeof(dr));
		dr.in = in;
		dr.in_bytes = LEN;
		dr.out = out;
		dr.out_bytes = dr.out_buf_bytes = 32;
		return wd_do_digest_sync(h, &dr);
	default:
		return vt_aead(h, &a);
	}
}

static int api_phase(enum phase p, long n)
{
	struct fu_cfg cfg = { .algs = vt_algs, .max_sessions = VACC_MAX_SESSIONS,
			      .inline_mode = true };
	handle_t h;
	long i;
	int bad = 0;

	if (vt_up_cfg(cls_of[p], alg_of[p], &cfg, TASK_HW, 1, 0))
		return -1;
	h = api_sess(p);
	for (i = 0; h && i < WARM; i++)
		bad |= api_req(p, h);
	CALLGRIND_ZERO_STATS;
	for (i = 0; h && i < n; i++) {
		CALLGRIND_TOGGLE_COLLECT;
		bad |= api_req(p, h);
		CALLGRIND_TOGGLE_COLLECT;
	}
	CALLGRIND_DUMP_STATS_AT(names[p]);
	if (cls_of[p] == VT_CIPHER)
		wd_cipher_free_sess(h);
	else if (cls_of[p] == VT_DIGEST)
		wd_digest_free_sess(h);
	else
		wd_aead_free_sess(h);
	vt_down();
	return h && !bad ? 0 : -1;
}

/* The driver's messages, as the classes fill them. */
union drv_msg {
	struct wd_msg_hdr hdr;
	struct wd_cipher_msg c;
	struct wd_digest_msg d;
	struct wd_aead_msg a;
};

static void drv_msg(enum phase p, union drv_msg *m, struct wd_drv_sess *ds)
{
	memset(m, 0, sizeof(*m));
	m->hdr.sess = ds;
	if (cls_of[p] == VT_CIPHER) {
		m->c.alg = WD_CIPHER_AES;
		m->c.mode = WD_CIPHER_CBC;
		m->c.encrypt = 1;
		m->c.iv_len = 16;
		m->c.len = p == CBC16 ? 16 : LEN;
		m->c.in = in;
		m->c.out = out;
		m->c.iv = iv;
	} else if (cls_of[p] == VT_DIGEST) {
		m->d.alg = WD_DIGEST_SHA256;
		m->d.mode = p == HMAC ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL;
		m->d.in_len = LEN;
		m->d.out_len = 32;
		m->d.in = in;
		m->d.out = out;
	} else {
		m->a.calg = WD_CIPHER_AES;
		m->a.cmode = WD_CIPHER_GCM;
		m->a.encrypt = 1;
		m->a.iv_len = 12;
		m->a.authsize = 16;
		m->a.aad_len = 16;
		m->a.len = LEN;
		m->a.aad = in;
		m->a.in = in + 16;
		m->a.out = out + 16;
		m->a.mac = mac;
		m->a.iv = iv;
	}
}

static int drv_phase(enum phase p, long n)
{
	static const enum wd_alg_class wc[] = { WD_CLASS_CIPHER, WD_CLASS_DIGEST, WD_CLASS_AEAD };
	struct fu_cfg cfg = { .algs = vt_algs, .max_sessions = VACC_MAX_SESSIONS, .manual = true };
	struct wd_alg_spec spec = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	struct wd_drv_sess ds = { 0 };
	const struct wd_driver *d = NULL;
	struct wd_msg_hdr *got;
	union drv_msg m;
	void *ctx = NULL;
	long i;
	int bad = 0;

	if (fu_setup(&cfg) || wdi_driver_find(wc[cls_of[p]], alg_of[p], &d, 1) != 1 ||
	    d->kind != WD_DRV_HW)
		return -1;
	if (cls_of[p] == VT_DIGEST)
		spec = (struct wd_alg_spec){ .alg = WD_DIGEST_SHA256,
					     .mode = p == HMAC ? WD_DIGEST_HMAC : 0 };
	else if (cls_of[p] == VT_AEAD)
		spec.mode = WD_CIPHER_GCM;
	if (d->ctx_open(d, alg_of[p], -1, 0, CTX_MODE_SYNC, 1, &ctx) ||
	    d->sess_init(d, &ds, &spec) ||
	    (p != SHA256 && d->set_key(&ds, cls_of[p] == VT_DIGEST ? WD_KEY_AUTH : WD_KEY_CIPHER,
				       key, 16)))
		return -1;
	for (i = 0; i < WARM + n; i++) {
		if (i == WARM)
			CALLGRIND_ZERO_STATS;
		drv_msg(p, &m, &ds);
		bad |= d->send(ctx, &m.hdr);
		while (fdev_step(fu_dev(0)))
			;
		bad |= d->recv(ctx, &got) || got != &m.hdr || m.hdr.result;
	}
	CALLGRIND_DUMP_STATS_AT(names[p]);
	d->sess_free(NULL, &ds);
	d->ctx_close(ctx);
	fu_teardown();
	return bad ? -1 : 0;
}

int vt_callgrind(long n, const char *what)
{
	bool api = !strcmp(what, "api");
	int p;

	if (n <= 0 || (!api && strcmp(what, "driver"))) {
		fprintf(stderr, "usage: --callgrind N [api|driver]\n");
		return 2;
	}
	memset(in, 0x11, sizeof(in));
	memset(key, 0x22, sizeof(key));
	for (p = 0; p < NPHASE; p++) {
		if ((api ? api_phase : drv_phase)((enum phase)p, n)) {
			fprintf(stderr, "callgrind phase %s failed\n", names[p]);
			return 1;
		}
	}
	printf("done: %ld requests per phase (%s)\n", n, what);
	return 0;
}

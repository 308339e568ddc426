// SPDX-License-Identifier: Apache-2.0
/*
 * The digest half of the crypto fuzzer: long hashes in parts, resumed in
 * another session the way uadk_provider's dupctx does, against the one-shot
 * digest and OpenSSL. Selector (hdr[0], bit 7 set):
 *   bits 0-3  hash (% 9: SM3 MD5 SHA1 SHA256 SHA224 SHA384 SHA512 SHA512-224 SHA512-256)
 *   bit 4     HMAC (key: hdr[2] bytes)
 *   bit 5     also finish with STREAM_END in a third session
 *   bit 6     the one-shot reference goes async (callback from the poll)
 * hdr[1] MAC bytes wanted at the end (truncation), hdr[3..6] whole blocks
 * of the parts (A: two DOING; dup; B: STREAM_DOING, DOING; all: END with
 * the rest), hdr[7] bit 0: first a DOING of a partial block (refused).
 */
#include <string.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include "crypto_ref.h"
#include "fuzz_crypto.h"

#define MAX_DATA	8192

static const struct {
	int alg;
	uint32_t mac, full, blk, kmax;
	const char *name;
} hashes[9] = {
	{ WD_DIGEST_SM3, 32, 32, 64, 64, "SM3" },
	{ WD_DIGEST_MD5, 16, 16, 64, 64, "MD5" },
	{ WD_DIGEST_SHA1, 20, 20, 64, 64, "SHA1" },
	{ WD_DIGEST_SHA256, 32, 32, 64, 64, "SHA256" },
	{ WD_DIGEST_SHA224, 28, 32, 64, 64, "SHA224" },
	{ WD_DIGEST_SHA384, 48, 64, 128, 128, "SHA384" },
	{ WD_DIGEST_SHA512, 64, 64, 128, 128, "SHA512" },
	{ WD_DIGEST_SHA512_224, 28, 64, 128, 128, "SHA512-224" },
	{ WD_DIGEST_SHA512_256, 32, 64, 128, 128, "SHA512-256" },
};

struct dg {
	int h;			/* index into hashes */
	int hmac;
	uint8_t key[128];
	uint32_t klen;
	const uint8_t *data;
	uint32_t len;
	uint32_t trunc;		/* MAC bytes at the end */
};

static handle_t sess(const struct dg *d)
{
	struct sched_params sp = { .numa_id = -1 };
	struct wd_digest_sess_setup su = { .alg = hashes[d->h].alg,
					   .mode = d->hmac ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL,
					   .sched_param = &sp };
	handle_t h = wd_digest_alloc_sess(&su);

	FC_CHECK(h, "wd_digest_alloc_sess(%s) failed", hashes[d->h].name);
	if (d->hmac)
		FC_CHECK(!wd_digest_set_key(h, d->key, d->klen), "set_key(%u bytes)", d->klen);
	return h;
}

/* One request; out must hold 64 bytes. Returns the call's value. */
static int step(handle_t h, const struct dg *d, int has_next, const uint8_t *in, uint32_t len,
		uint8_t *out, uint64_t long_len)
{
	int part = has_next == WD_DIGEST_DOING || has_next == WD_DIGEST_STREAM_DOING;
	struct wd_digest_req q = { .in = (void *)in, .out = out, .in_bytes = len,
				   .out_bytes = part ? hashes[d->h].full : d->trunc,
				   .out_buf_bytes = 64, .has_next = (uint16_t)has_next,
				   .long_data_len = long_len };
	int ret = wd_do_digest_sync(h, &q);

	FC_CHECK(ret || !q.state, "digest step: state %u", q.state);
	return ret;
}

static int cb_calls;

static void *oneshot_cb(void *arg)
{
	struct wd_digest_req *q = arg;	/* UADK hands the request copy, not cb_param */

	FC_CHECK(q->cb_param == &cb_calls && q->cb == oneshot_cb, "callback's request is not ours");
	FC_CHECK(!q->state, "async one-shot: state %u", q->state);
	cb_calls++;
	return NULL;
}

/* The whole message at once, with a canary after the MAC bytes asked for. */
static void oneshot(const struct dg *d, int async, uint8_t *res)
{
	handle_t h = sess(d);
	uint8_t out[80];
	struct wd_digest_req q = { .in = (void *)d->data, .out = out, .in_bytes = d->len,
				   .out_bytes = d->trunc, .out_buf_bytes = d->trunc,
				   .has_next = WD_DIGEST_END };
	uint32_t i, cnt;
	int ret, spins;

	memset(out, 0xEE, sizeof(out));
	if (!async) {
		ret = wd_do_digest_sync(h, &q);
		FC_CHECK(!ret && !q.state, "one-shot %s: %d state %u", hashes[d->h].name, ret, q.state);
	} else {
		q.cb = oneshot_cb;
		q.cb_param = &cb_calls;
		cb_calls = 0;
		ret = wd_do_digest_async(h, &q);
		FC_CHECK(!ret, "async one-shot %s: %d", hashes[d->h].name, ret);
		FC_CHECK(!cb_calls, "callback ran inside wd_do_digest_async");
		for (spins = 0; !cb_calls && spins < 1000000; spins++) {
			cnt = 0;
			ret = wd_digest_poll(1, &cnt);
			FC_CHECK(!ret || ret == -WD_EAGAIN, "wd_digest_poll: %d", ret);
		}
		FC_CHECK(cb_calls == 1, "async one-shot: %d callbacks", cb_calls);
	}
	for (i = d->trunc; i < sizeof(out); i++)
		FC_CHECK(out[i] == 0xEE, "%s one-shot wrote past out_buf_bytes %u", hashes[d->h].name,
			 d->trunc);
	memcpy(res, out, d->trunc);
	wd_digest_free_sess(h);
}

/* Whole blocks of a part, within what is left. */
static uint32_t part(const struct dg *d, uint8_t sel, uint32_t off)
{
	uint32_t blk = hashes[d->h].blk, n = (sel % 4u) * blk;

	return n <= (d->len - off) / blk * blk ? n : (d->len - off) / blk * blk;
}

void fc_digest(const struct fc_in *in)
{
	struct dg d = { .h = (in->hdr[0] & 0x0f) % 9, .hmac = !!(in->hdr[0] & 0x10) };
	uint8_t st[64], copy[64], copy2[64], ref[64], res[64];
	uint32_t i, blk, off, prefix, p3, p4;
	handle_t a, b, c;
	int ret;

	blk = hashes[d.h].blk;
	d.len = in->body_len > MAX_DATA ? MAX_DATA : (uint32_t)in->body_len;
	d.data = in->body;
	d.trunc = 1 + in->hdr[1] % hashes[d.h].mac;
	if (d.hmac) {
		d.klen = in->hdr[2] % (hashes[d.h].kmax + 1);
		for (i = 0; i < d.klen; i++)
			d.key[i] = (uint8_t)(in->key[i % 32] ^ (i / 32));
	}
	FC_CHECK(cr_mac(hashes[d.h].name, d.hmac ? d.key : NULL, d.klen, d.data, d.len, ref) ==
		 (int)hashes[d.h].mac, "OpenSSL %s failed", hashes[d.h].name);
	oneshot(&d, !!(in->hdr[0] & 0x40), res);
	FC_CHECK(!memcmp(res, ref, d.trunc), "%s%s one-shot of %u bytes differs from OpenSSL",
		 d.hmac ? "HMAC-" : "", hashes[d.h].name, d.len);

	/* session A: parts, then the dup of its state */
	a = sess(&d);
	memset(st, 0, sizeof(st));
	if ((in->hdr[7] & 1) && d.len >= 2 * blk) {
		/* not a whole block: refused, and nothing of it is kept */
		ret = step(a, &d, WD_DIGEST_DOING, d.data, blk + 1 + (in->hdr[7] >> 1) % (blk - 1),
			   st, 0);
		FC_CHECK(ret == -WD_EINVAL, "DOING of a partial block: %d", ret);
	}
	off = part(&d, in->hdr[3], 0);
	if (off)
		FC_CHECK(!step(a, &d, WD_DIGEST_DOING, d.data, off, st, 0), "DOING %u", off);
	i = part(&d, in->hdr[4], off);
	if (i)
		FC_CHECK(!step(a, &d, WD_DIGEST_DOING, d.data + off, i, st, 0), "DOING %u", i);
	prefix = off + i;
	memcpy(copy, st, sizeof(st));
	memcpy(copy2, st, sizeof(st));

	/* session B: resume from the copy, go on, finish */
	b = sess(&d);
	p3 = part(&d, in->hdr[5], prefix);
	if (p3) {
		FC_CHECK(!step(b, &d, WD_DIGEST_STREAM_DOING, d.data + prefix, p3, copy, prefix),
			 "STREAM_DOING %u after %u", p3, prefix);
		p4 = part(&d, in->hdr[6], prefix + p3);
		if (p4)
			FC_CHECK(!step(b, &d, WD_DIGEST_DOING, d.data + prefix + p3, p4, copy, 0),
				 "DOING %u", p4);
		off = prefix + p3 + p4;
		ret = step(b, &d, WD_DIGEST_END, d.data + off, d.len - off, copy, 0);
	} else {
		ret = step(b, &d, WD_DIGEST_STREAM_END, d.data + prefix, d.len - prefix, copy, prefix);
	}
	FC_CHECK(!ret && !memcmp(copy, ref, d.trunc),
		 "%s resumed in a new session after %u bytes (%d) differs from the one-shot",
		 hashes[d.h].name, prefix, ret);

	/* A goes on from where it was */
	ret = step(a, &d, WD_DIGEST_END, d.data + prefix, d.len - prefix, st, 0);
	FC_CHECK(!ret && !memcmp(st, ref, d.trunc), "%s in parts (%u then %u) differs: %d",
		 hashes[d.h].name, prefix, d.len - prefix, ret);

	/* C: straight to STREAM_END from the same copy */
	if (in->hdr[0] & 0x20) {
		c = sess(&d);
		ret = step(c, &d, WD_DIGEST_STREAM_END, d.data + prefix, d.len - prefix, copy2,
			   prefix);
		FC_CHECK(!ret && !memcmp(copy2, ref, d.trunc), "%s STREAM_END after %u differs: %d",
			 hashes[d.h].name, prefix, ret);
		wd_digest_free_sess(c);
	}
	/* A and B are done with their streams: a one-shot on A again */
	memset(st, 0, sizeof(st));
	ret = step(a, &d, WD_DIGEST_END, d.data, d.len, st, 0);
	FC_CHECK(!ret && !memcmp(st, ref, d.trunc), "one-shot after a stream differs: %d", ret);
	wd_digest_free_sess(a);
	wd_digest_free_sess(b);
}

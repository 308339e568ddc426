/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Digests against OpenSSL: every hash plain and as HMAC (keys 0..128
 * bytes; those over UADK's limit refused, then hashed first as callers do),
 * random messages up to 64 KiB; long hashes in DOING parts at random
 * block-aligned points + END, and resumed in a new session with
 * STREAM_DOING / STREAM_END + long_data_len; AES-CMAC, AES-GMAC and
 * AES-XCBC; async + poll and scatter-gather requests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cross.h"

#define NHASH	(WD_DIGEST_SHA512_256 + 1)

static const char *const names[NHASH] = {
	"SM3", "MD5", "SHA1", "SHA256", "SHA224", "SHA384", "SHA512", "SHA512-224", "SHA512-256",
};
static uint8_t msg[CROSS_MAX + 64];

struct dsess {
	int alg, mode;
	uint8_t key[256];
	uint32_t klen;		/* the key as the caller has it (may exceed UADK's limit) */
	uint8_t ukey[128];	/* what UADK gets: the key, or its hash when too long */
	uint32_t uklen;
};

/* A random key 0..128 bytes; over UADK's limit it must be refused and hashed first. */
static void pick_key(struct dsess *d)
{
	handle_t h;

	d->klen = d->mode == WD_DIGEST_HMAC ? ct_below(129) : 0;
	ct_fill(d->key, d->klen);
	memcpy(d->ukey, d->key, d->klen);
	d->uklen = d->klen;
	if (d->klen <= ct_hmac_key_max(d->alg))
		return;
	h = ct_digest_sess(d->alg, WD_DIGEST_HMAC, NULL, 0);
	assert_int_equal(wd_digest_set_key(h, d->key, d->klen), -WD_EINVAL);
	wd_digest_free_sess(h);
	assert_int_equal(evp_hash(d->alg, d->key, d->klen, d->ukey), 0);
	d->uklen = ct_mac_len(d->alg);
}

static handle_t open_sess(const struct dsess *d)
{
	handle_t h = ct_digest_sess(d->alg, d->mode, d->ukey, d->uklen);

	assert_true(h);
	return h;
}

static void reference(const struct dsess *d, const uint8_t *m, uint32_t len, uint8_t *want)
{
	int ret = d->mode == WD_DIGEST_HMAC ? evp_hmac(d->alg, d->key, d->klen, m, len, want) :
		  evp_hash(d->alg, m, len, want);

	assert_int_equal(ret, 0);
}

void cross_digest_evp(void **state)
{
	uint8_t want[64], out[80];
	struct dsess d;
	long runs = 0;
	int n;

	(void)state;
	for (d.alg = 0; d.alg < NHASH; d.alg++) {
		for (d.mode = 0; d.mode < 2; d.mode++) {
			for (n = 0; n < 24; n++) {
				uint32_t len = cross_len(0, CROSS_MAX, 1);
				uint32_t olen = n & 1 ? ct_mac_len(d.alg) : 4 + ct_below(ct_mac_len(d.alg) - 3);
				handle_t h;

				pick_key(&d);
				h = open_sess(&d);
				ct_fill(msg, len);
				reference(&d, msg, len, want);
				memset(out, 0xa5, sizeof(out));
				assert_int_equal(ct_digest(h, msg, len, out, olen, WD_DIGEST_END, 0), 0);
				cross_same(names[d.alg], out, want, olen);
				assert_int_equal(out[olen], 0xa5);	/* a truncated MAC is just that */
				wd_digest_free_sess(h);
				runs++;
			}
		}
	}
	printf("digest: %ld random messages (9 hashes, plain and HMAC) equal OpenSSL\n", runs);
}

/* Block-aligned DOING parts of msg[from, to) on h, state in out. */
static void doing_parts(handle_t h, int alg, uint32_t from, uint32_t to, uint8_t *out)
{
	uint32_t b = ct_block_len(alg);

	while (from < to) {
		uint32_t n = b * (1 + ct_below((to - from) / b));

		assert_int_equal(ct_digest(h, msg + from, n, out, ct_full_len(alg), WD_DIGEST_DOING,
					   0), 0);
		from += n;
	}
}

void cross_digest_parts(void **state)
{
	uint8_t want[64], out[64], saved[64];
	long split = 0, resumed = 0;
	struct dsess d;
	int n;

	(void)state;
	for (d.alg = 0; d.alg < NHASH; d.alg++) {
		uint32_t b = ct_block_len(d.alg), full = ct_full_len(d.alg), mac = ct_mac_len(d.alg);

		for (d.mode = 0; d.mode < 2; d.mode++) {
			for (n = 0; n < 16; n++) {
				uint32_t len = cross_len(2 * b, CROSS_MAX, 1), cut, cut2, cut3;
				struct wd_digest_req r;
				handle_t h;

				pick_key(&d);
				ct_fill(msg, len);
				reference(&d, msg, len, want);
				/* one session: DOING parts over [0, cut), END the rest (maybe 0 bytes) */
				cut = (len / b - (n & 1 ? 0 : ct_below(len / b))) * b;
				h = open_sess(&d);
				doing_parts(h, d.alg, 0, cut, out);
				assert_int_equal(ct_digest(h, msg + cut, len - cut, out, mac,
							   WD_DIGEST_END, 0), 0);
				cross_same("DOING parts + END", out, want, mac);
				split++;
				/*
				 * Resume: the session (reset by its END) hashes [0, cut) and
				 * stops; a new session takes the state and goes on with
				 * STREAM_DOING [cut, cut2), DOING [cut2, cut3), END the rest,
				 * or, when cut2 == cut, one STREAM_END.
				 */
				cut = b * (1 + ct_below(len / b - 1));
				cut2 = cut + b * ct_below((len - cut) / b + 1);
				cut3 = cut2 + b * ct_below((len - cut2) / b + 1);
				doing_parts(h, d.alg, 0, cut, out);
				memcpy(saved, out, full);
				wd_digest_free_sess(h);
				h = open_sess(&d);
				r = (struct wd_digest_req){ .in = msg + cut, .out = saved,
							    .out_buf_bytes = 64, .long_data_len = cut };
				if (cut2 > cut) {
					r.in_bytes = cut2 - cut;
					r.out_bytes = full;
					r.has_next = WD_DIGEST_STREAM_DOING;
					assert_int_equal(wd_do_digest_sync(h, &r), 0);
					/* UADK turns the caller's STREAM_DOING into DOING */
					assert_int_equal(r.has_next, WD_DIGEST_DOING);
					doing_parts(h, d.alg, cut2, cut3, saved);
					assert_int_equal(ct_digest(h, msg + cut3, len - cut3, saved, mac,
								   WD_DIGEST_END, 0), 0);
				} else {
					r.in_bytes = len - cut;
					r.out_bytes = mac;
					r.has_next = WD_DIGEST_STREAM_END;
					assert_int_equal(wd_do_digest_sync(h, &r), 0);
					assert_int_equal(r.has_next, WD_DIGEST_END);
				}
				cross_same("resumed in a new session", saved, want, mac);
				wd_digest_free_sess(h);
				resumed++;
			}
		}
	}
	printf("digest: %ld long hashes in DOING parts, %ld resumed in a new session (STREAM_*)\n",
	       split, resumed);
}

void cross_digest_macs(void **state)
{
	uint8_t key[32], iv[16], want[16], out[16];
	long runs = 0;
	int n;

	(void)state;
	for (n = 0; n < 160; n++) {
		int kind = n % 4, alg;
		uint32_t len = cross_len(kind == 3 ? 0 : 1, CROSS_MAX, 1), klen = 16, olen = 16;
		struct wd_digest_req r = { .in = msg, .out = out, .in_bytes = len,
					   .out_buf_bytes = 16 };
		handle_t h;

		if (kind == 3)
			klen = 16 + 8 * ct_below(3);
		ct_fill(key, klen);
		ct_fill(msg, len);
		switch (kind) {
		case 0:
			alg = WD_DIGEST_AES_CMAC;
			assert_int_equal(evp_cmac(key, msg, len, want), 0);
			break;
		case 1:
			alg = WD_DIGEST_AES_XCBC_MAC_96;
			olen = 12;
			assert_int_equal(evp_xcbc(key, msg, len, want), 0);
			break;
		case 2:
			alg = WD_DIGEST_AES_XCBC_PRF_128;
			assert_int_equal(evp_xcbc(key, msg, len, want), 0);
			break;
		default:
			alg = WD_DIGEST_AES_GMAC;
			ct_fill(iv, 12);
			assert_int_equal(evp_gmac(key, klen, iv, msg, len, want), 0);
			memcpy(iv + 12, "\0\0\0\1", 4);	/* UADK's GMAC iv: J0 */
			r.iv = iv;
			r.iv_bytes = 16;
		}
		r.out_bytes = olen;
		h = ct_digest_sess(alg, WD_DIGEST_HMAC, key, klen);
		assert_true(h);
		assert_int_equal(wd_do_digest_sync(h, &r), 0);
		cross_same(kind == 0 ? "CMAC" : kind == 3 ? "GMAC" : "XCBC", out, want, olen);
		wd_digest_free_sess(h);
		runs++;
	}
	printf("digest: %ld AES-CMAC / XCBC-MAC-96 / XCBC-PRF-128 / GMAC requests equal OpenSSL\n",
	       runs);
}

static void *digest_cb(void *p)
{
	struct wd_digest_req *req = p;	/* UADK passes the request copy, not cb_param */
	int *done = req->cb_param;

	if (req->state)
		done[1]++;
	__atomic_fetch_add(&done[0], 1, __ATOMIC_RELEASE);
	return NULL;
}

#define BATCH	5

void cross_digest_async_sgl(void **state)
{
	uint8_t *m[BATCH], out[BATCH][64], want[BATCH][64];
	struct wd_digest_req r[BATCH];
	int done[2], j, ret;
	struct dsess d;
	struct ct_sgl l;
	uint32_t len[BATCH];
	long runs = 0;

	(void)state;
	for (d.alg = 0; d.alg < NHASH; d.alg++) {
		for (d.mode = 0; d.mode < 2; d.mode++) {
			handle_t h;

			pick_key(&d);
			h = open_sess(&d);
			done[0] = done[1] = 0;
			for (j = 0; j < BATCH; j++) {
				len[j] = cross_len(0, 16384, 1);
				m[j] = malloc(len[j] + 1);
				ct_fill(m[j], len[j]);
				reference(&d, m[j], len[j], want[j]);
				r[j] = (struct wd_digest_req){ .in = m[j], .out = out[j],
							       .in_bytes = len[j],
							       .out_bytes = ct_mac_len(d.alg),
							       .out_buf_bytes = 64, .cb = digest_cb,
							       .cb_param = done };
				do
					ret = wd_do_digest_async(h, &r[j]);
				while (ret == -WD_EBUSY);
				assert_int_equal(ret, 0);
			}
			cross_poll(WD_DIGEST, &done[0], BATCH);
			assert_int_equal(done[1], 0);
			for (j = 0; j < BATCH; j++) {
				cross_same("async digest", out[j], want[j], ct_mac_len(d.alg));
				ct_sgl_make(&l, m[j], len[j], 1 + (int)ct_below(5));
				memset(out[j], 0, 64);
				r[j].data_fmt = WD_SGL_BUF;
				r[j].list_in = l.node;
				assert_int_equal(wd_do_digest_sync(h, &r[j]), 0);
				cross_same("SGL digest", out[j], want[j], ct_mac_len(d.alg));
				ct_sgl_free(&l);
				free(m[j]);
			}
			wd_digest_free_sess(h);
			runs += BATCH;
		}
	}
	printf("digest: %ld async and %ld SGL requests equal OpenSSL\n", runs, runs);
}

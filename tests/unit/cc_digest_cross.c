/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_digest against OpenSSL at many lengths: every hash and its HMAC
 * (one-shot and as long hashes), CMAC, GMAC and XCBC.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include "cc_digest_test.h"

#define MAXLEN	(64 * 1024)

static size_t pick_len(int i)
{
	static const size_t fixed[] = { 1024, 4096, 16384, MAXLEN - 1, MAXLEN };
	size_t cap;

	if (i < 300)
		return (size_t)i;
	if (i < 305)
		return fixed[i - 300];
	cap = cc_rnd() % 2 ? 2048 : MAXLEN + 1;	/* two calls: keep their order fixed */

	return cc_rnd() % cap;
}

#define NLEN	340

void test_hash_random(void **unused)
{
	__u8 *msg = malloc(MAXLEN), out[64], want[64];
	__u32 alg;
	int i;

	(void)unused;
	assert_non_null(msg);
	for (alg = 0; alg < NHASH; alg++) {
		void *st = sess_new(alg, WD_DIGEST_NORMAL, NULL, 0);
		__u32 ml = algs[alg].mac;

		for (i = 0; i < NLEN; i++) {
			size_t len = pick_len(i);

			cc_fill(msg, len);
			ref_hash(alg, msg, len, want);
			oneshot(st, alg, WD_DIGEST_NORMAL, msg, (__u32)len, out, ml, NULL);
			check_eq(out, want, ml, algs[alg].evp, len);
			if (i % 4 == 0 || len >= 4096) {
				stream_mac(alg, WD_DIGEST_NORMAL, NULL, 0, msg, len, out, ml);
				check_eq(out, want, ml, "hash stream", len);
			}
		}
		/* truncated MAC: only out_len bytes written */
		memset(out, 0xa5, sizeof(out));
		oneshot(st, alg, WD_DIGEST_NORMAL, msg, 100, out, 4, NULL);
		ref_hash(alg, msg, 100, want);
		check_eq(out, want, 4, "truncated", 100);
		assert_int_equal(out[4], 0xa5);
		/* out over the start of in */
		cc_fill(msg, 200);
		ref_hash(alg, msg, 200, want);
		oneshot(st, alg, WD_DIGEST_NORMAL, msg, 200, msg, ml, NULL);
		check_eq(msg, want, ml, "in-place", 200);
		sess_free(st);
	}
	free(msg);
}

void test_hmac_random(void **unused)
{
	__u8 *msg = malloc(MAXLEN), key[300], out[64], want[64];
	__u32 alg;
	int i;

	(void)unused;
	assert_non_null(msg);
	for (alg = 0; alg < NHASH; alg++) {
		__u32 ml = algs[alg].mac, bs = algs[alg].block;

		for (i = 0; i < NLEN; i++) {
			size_t len = pick_len(i);
			/* any length up to the block, odd ones included; now and then longer */
			__u32 klen = i % 17 == 0 ? 0 : i % 23 == 0 ? bs + 1 + cc_rnd() % 150 :
				     cc_rnd() % (bs + 1);
			__u32 kind = i % 2 ? WD_KEY_CIPHER : WD_KEY_AUTH;
			struct wd_alg_spec spec = { .alg = alg, .mode = WD_DIGEST_HMAC };
			void *st = calloc(1, cls->state_size);

			assert_non_null(st);
			assert_int_equal(cls->init(st, &spec), 0);
			cc_fill(key, klen);
			cc_fill(msg, len);
			/* a first key, then the real one: re-keying replaces both pads */
			assert_int_equal(cls->set_key(st, kind, msg, 7), 0);
			assert_int_equal(cls->set_key(st, kind, key, klen), 0);
			ref_hmac(alg, key, klen, msg, len, want);
			oneshot(st, alg, WD_DIGEST_HMAC, msg, (__u32)len, out, ml, NULL);
			check_eq(out, want, ml, "HMAC", len);
			if (i % 4 == 0 || len >= 4096) {
				stream_mac(alg, WD_DIGEST_HMAC, key, klen, msg, len, out, ml);
				check_eq(out, want, ml, "HMAC stream", len);
			}
			sess_free(st);
		}
		/* no set_key at all: the empty key */
		{
			void *st = sess_new(alg, WD_DIGEST_HMAC, NULL, 0);

			ref_hmac(alg, NULL, 0, msg, 77, want);
			oneshot(st, alg, WD_DIGEST_HMAC, msg, 77, out, ml, NULL);
			check_eq(out, want, ml, "HMAC without key", 77);
			sess_free(st);
		}
	}
	free(msg);
}

void test_aes_random(void **unused)
{
	__u8 *msg = malloc(MAXLEN), key[32], j0[16], out[16], want[16];
	int i, k;

	(void)unused;
	assert_non_null(msg);
	for (k = 0; k < 3; k++) {
		__u32 klen = 16 + 8 * k;

		for (i = 0; i < NLEN; i++) {
			size_t len = pick_len(i);
			__u32 mode = i % 2 ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL;
			void *st;

			cc_fill(key, klen);
			cc_fill(msg, len);
			st = sess_new(WD_DIGEST_AES_CMAC, mode, key, klen);
			ref_mac("CMAC", OSSL_MAC_PARAM_CIPHER, aes_name(klen, "CBC"), key, klen, msg,
				len, want);
			oneshot(st, WD_DIGEST_AES_CMAC, mode, msg, (__u32)len, out, 16, NULL);
			check_eq(out, want, 16, "CMAC", len);
			sess_free(st);

			/* GMAC with a nonce J0, then with an arbitrary J0 */
			st = sess_new(WD_DIGEST_AES_GMAC, mode, key, klen);
			cc_fill(j0, 16);
			if (i % 2) {
				j0[12] = j0[13] = j0[14] = 0;
				j0[15] = 1;
			}
			ref_gmac(key, klen, j0, msg, len, want);
			oneshot(st, WD_DIGEST_AES_GMAC, mode, msg, (__u32)len, out, 16, j0);
			check_eq(out, want, 16, "GMAC", len);
			sess_free(st);

			if (klen == 16) {
				st = sess_new(WD_DIGEST_AES_XCBC_PRF_128, mode, key, klen);
				ref_xcbc(key, msg, len, want);
				oneshot(st, WD_DIGEST_AES_XCBC_PRF_128, mode, msg, (__u32)len, out, 16,
					NULL);
				check_eq(out, want, 16, "XCBC", len);
				sess_free(st);
			}
		}
	}
	free(msg);
}

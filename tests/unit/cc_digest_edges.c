/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_digest: requests cpu_digest must refuse, and empty messages it must take. */
#include <stdlib.h>
#include <string.h>
#include "cc_digest_test.h"

void test_errors(void **unused)
{
	__u8 msg[256] = { 0 }, out[64], key[16] = { 0 }, iv[16] = { 0 };
	struct wd_alg_spec spec = { .alg = WD_DIGEST_AES_CMAC, .mode = WD_DIGEST_HMAC };
	void *st;

	(void)unused;
	/* PART not block-aligned */
	st = sess_new(WD_DIGEST_SHA256, WD_DIGEST_NORMAL, NULL, 0);
	assert_int_equal(run(st, WD_DIGEST_SHA256, 0, WD_DIGEST_PART, 0, msg, 65, out, 32, 0,
			     NULL, 0), -WD_EINVAL);
	sess_free(st);
	st = sess_new(WD_DIGEST_SHA512, WD_DIGEST_NORMAL, NULL, 0);
	assert_int_equal(run(st, WD_DIGEST_SHA512, 0, WD_DIGEST_PART, 0, msg, 64, out, 64, 0,
			     NULL, 0), -WD_EINVAL);
	sess_free(st);
	/* AES MACs: no long hash, no request without a key, GMAC needs a 16-byte iv */
	st = calloc(1, cls->state_size);
	assert_int_equal(cls->init(st, &spec), 0);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 0), -WD_EINVAL);
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, key, 16), 0);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_PART, 0, msg, 16, out, 16, 0,
			     NULL, 0), -WD_EINVAL);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_LAST, 1, msg, 16, out, 16, 16,
			     NULL, 0), -WD_EINVAL);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 0), 0);
	/* a cleared key refuses again */
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, NULL, 0), 0);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 0), -WD_EINVAL);
	sess_free(st);
	st = sess_new(WD_DIGEST_AES_GMAC, WD_DIGEST_HMAC, key, 16);
	assert_int_equal(run(st, WD_DIGEST_AES_GMAC, 1, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     iv, 12), -WD_EINVAL);
	assert_int_equal(run(st, WD_DIGEST_AES_GMAC, 1, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 16), -WD_EINVAL);
	sess_free(st);
	/* key lengths the AES MACs do not take */
	st = calloc(1, cls->state_size);
	spec.alg = WD_DIGEST_AES_XCBC_MAC_96;
	assert_int_equal(cls->init(st, &spec), 0);
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, key, 15), -WD_EINVAL);
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, msg, 24), -WD_EINVAL);
	sess_free(st);
	cc_checks += 13;
}

/* UADK lets an empty message come with in == NULL. */
void test_empty_null(void **unused)
{
	static const __u8 j0[16] = { 1 };
	__u8 key[32] = { 7 }, out[64], want[64], state[64];
	__u32 alg;
	void *st;

	(void)unused;
	for (alg = 0; alg <= WD_DIGEST_AES_GMAC; alg++) {
		int hmac;

		for (hmac = 0; hmac < 2; hmac++) {
			__u32 mode = hmac ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL;
			__u32 klen = alg >= NHASH || hmac ? 16 : 0;
			const __u8 *iv = alg == WD_DIGEST_AES_GMAC ? j0 : NULL;
			__u32 n = alg < NHASH ? algs[alg].mac : 12;

			st = sess_new(alg, mode, klen ? key : NULL, klen);
			oneshot(st, alg, mode, (const __u8 *)"", 0, want, n, iv);
			oneshot(st, alg, mode, NULL, 0, out, n, iv);
			check_eq(out, want, n, "empty message, in NULL", 0);
			if (alg < NHASH) {
				/* LAST of a stream with no tail */
				assert_int_equal(run(st, alg, mode, WD_DIGEST_PART, 0, key, 0, state,
						     algs[alg].full, 0, NULL, 0), 0);
				memcpy(out, state, algs[alg].full);
				assert_int_equal(run(st, alg, mode, WD_DIGEST_LAST, 1, NULL, 0, out, n,
						     0, NULL, 0), 0);
				check_eq(out, want, n, "LAST without data", 0);
			}
			sess_free(st);
		}
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_digest: cpu_digest's class reached through its registration, and requests to it. */
#include <stdlib.h>
#include <string.h>
#include "cc_digest_test.h"

const struct cc_class *cls;

const struct alg_info algs[] = {
	[WD_DIGEST_SM3] = { "SM3", 64, 32, 32 },
	[WD_DIGEST_MD5] = { "MD5", 64, 16, 16 },
	[WD_DIGEST_SHA1] = { "SHA1", 64, 20, 20 },
	[WD_DIGEST_SHA256] = { "SHA256", 64, 32, 32 },
	[WD_DIGEST_SHA224] = { "SHA224", 64, 28, 32 },
	[WD_DIGEST_SHA384] = { "SHA384", 128, 48, 64 },
	[WD_DIGEST_SHA512] = { "SHA512", 128, 64, 64 },
	[WD_DIGEST_SHA512_224] = { "SHA512-224", 128, 28, 64 },
	[WD_DIGEST_SHA512_256] = { "SHA512-256", 128, 32, 64 },
};

void *sess_new(__u32 alg, __u32 mode, const __u8 *key, __u32 klen)
{
	struct wd_alg_spec spec = { .alg = alg, .mode = mode, .key_len = klen };
	void *st = calloc(1, cls->state_size);

	assert_non_null(st);
	assert_int_equal(cls->init(st, &spec), 0);
	if (key || klen)
		assert_int_equal(cls->set_key(st, WD_KEY_AUTH, key, klen), 0);
	return st;
}

void sess_free(void *st)
{
	cls->fini(st);
	free(st);
}

int run(void *st, __u32 alg, __u32 mode, int stage, int resume, const __u8 *in, __u32 in_len,
	__u8 *out, __u32 out_len, __u64 done, const __u8 *iv, __u32 iv_len)
{
	struct wd_digest_msg m;

	memset(&m, 0, sizeof(m));
	m.alg = (__u8)alg;
	m.mode = (__u8)mode;
	m.stage = (__u8)stage;
	m.resume = (__u8)resume;
	m.in = in;
	m.in_len = in_len;
	m.out = out;
	m.out_len = out_len;
	m.done_len = done;
	m.iv = iv;
	m.iv_len = iv_len;
	m.status = -1;
	cls->run(st, &m.hdr);
	if (!m.hdr.result)
		assert_int_equal(m.status, 0);
	return m.hdr.result;
}

void oneshot(void *st, __u32 alg, __u32 mode, const __u8 *in, __u32 len, __u8 *out,
	     __u32 out_len, const __u8 *iv)
{
	assert_int_equal(run(st, alg, mode, WD_DIGEST_ONESHOT, 0, in, len, out, out_len, 0, iv,
			     iv ? 16 : 0), 0);
}

void check_eq(const __u8 *got, const __u8 *want, size_t n, const char *what, size_t len)
{
	cc_checks++;
	if (memcmp(got, want, n))
		fail_msg("%s: mismatch at message length %zu", what, len);
}

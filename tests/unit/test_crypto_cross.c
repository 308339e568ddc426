/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Random cross-checks of libwd_crypto against OpenSSL (cross_cipher.c,
 * cross_digest.c, cross_aead.c). The random seed is printed first; set
 * WD_TEST_SEED to it to repeat a run. Each class is set up as clients do
 * it: init2_ naming one algorithm (and uadk_provider's ctx counts), then
 * sessions of every other algorithm of the class. The last test runs the
 * classes once more under env_init.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cross.h"

static uint64_t seed;

uint32_t cross_len(uint32_t min, uint32_t max, uint32_t unit)
{
	uint32_t r = ct_below(100), top, n;

	if (r < 5)
		return (min + unit - 1) / unit * unit;
	if (r < 10)
		return max / unit * unit;
	top = r < 55 ? 300 : r < 80 ? 4096 : max;
	top = top < min ? min : top > max ? max : top;
	n = min + ct_below(top - min + 1);
	n = n / unit * unit;
	return n < min ? n + unit : n;
}

void cross_same(const char *what, const void *got, const void *want, size_t n)
{
	const uint8_t *g = got, *w = want;
	size_t i;

	for (i = 0; i < n && g[i] == w[i]; i++)
		;
	if (i < n)
		fail_msg("%s: %zu bytes differ from byte %zu (seed %llu):\n  got  %s\n  want %s",
			 what, n, i, (unsigned long long)seed, ct_hex(g + i, n - i),
			 ct_hex(w + i, n - i));
}

void cross_poll(int cls, const volatile int *done, int target)
{
	long i;

	for (i = 0; i < 1000000 && __atomic_load_n(done, __ATOMIC_ACQUIRE) < target; i++) {
		__u32 n = 0;
		int ret = cls == WD_CIPHER ? wd_cipher_poll(1, &n) :
			  cls == WD_DIGEST ? wd_digest_poll(1, &n) : wd_aead_poll(1, &n);

		if (ret && ret != -WD_EAGAIN)
			fail_msg("poll: %d", ret);
	}
	if (*done < target)
		fail_msg("poll: %d of %d callbacks came", *done, target);
}

/* As uadk_provider: op_type_num 1, two sync and two async ctxs. */
static int init_like_clients(void)
{
	struct wd_ctx_nums nums = { .sync_ctx_num = 2, .async_ctx_num = 2 };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = &nums };

	return wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p) ||
	       wd_digest_init2_("sm3", SCHED_POLICY_RR, TASK_MIX, &p) ||
	       wd_aead_init2_("ccm(aes)", SCHED_POLICY_RR, TASK_MIX, &p);
}

static int up(void **state)
{
	(void)state;
	if (init_like_clients()) {
		fprintf(stderr, "libwd_crypto: init2 failed: no CPU crypto driver?\n");
		return -1;
	}
	return 0;
}

static int down(void **state)
{
	(void)state;
	ct_uninit_all();
	return 0;
}

static void *env_cb(struct wd_cipher_req *req, void *param)
{
	(void)req;
	__atomic_fetch_add((int *)param, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* The env_init style serves all three (WD_<CLASS>_CTX_NUM given, empty, unset). */
void cross_env_init(void **state)
{
	uint8_t key[32], iv[16], ivc[16], in[1000], out[1000], want[1000], tag[16], mac[16];
	struct wd_cipher_req cr = { .op_type = WD_CIPHER_ENCRYPTION, .src = in, .dst = out,
				    .iv = ivc, .in_bytes = 1000, .iv_bytes = 16,
				    .out_buf_bytes = 1000, .cb = env_cb };
	struct wd_aead_req ar = { .src = in, .dst = out, .mac = mac, .iv = ivc, .in_bytes = 900,
				  .out_bytes = 1000, .iv_bytes = 12, .mac_bytes = 16,
				  .assoc_bytes = 100 };
	int done = 0;
	handle_t h;

	(void)state;
	/* UADK's own format; set but empty means the defaults; unset too */
	setenv("WD_CIPHER_CTX_NUM", "sync:1@0,async:1@0", 1);
	setenv("WD_DIGEST_CTX_NUM", "", 1);
	unsetenv("WD_AEAD_CTX_NUM");
	assert_int_equal(wd_cipher_env_init(NULL), 0);
	assert_int_equal(wd_cipher_env_init(NULL), -WD_EEXIST);
	assert_int_equal(wd_digest_env_init(NULL), 0);
	assert_int_equal(wd_aead_env_init(NULL), 0);
	unsetenv("WD_CIPHER_CTX_NUM");
	unsetenv("WD_DIGEST_CTX_NUM");
	ct_fill(key, 32);
	ct_fill(iv, 16);
	ct_fill(in, 1000);

	h = ct_cipher_sess(WD_CIPHER_SM4, WD_CIPHER_CTR, key, 16);
	assert_true(h);
	assert_int_equal(evp_crypt(WD_CIPHER_SM4, WD_CIPHER_CTR, key, 16, iv, 1, in, want, 1000), 0);
	memcpy(ivc, iv, 16);
	cr.cb_param = &done;
	assert_int_equal(wd_do_cipher_async(h, &cr), 0);
	cross_poll(WD_CIPHER, &done, 1);
	cross_same("env_init: SM4-CTR async", out, want, 1000);
	wd_cipher_free_sess(h);

	h = ct_digest_sess(WD_DIGEST_SHA384, WD_DIGEST_HMAC, key, 32);
	assert_true(h);
	assert_int_equal(evp_hmac(WD_DIGEST_SHA384, key, 32, in, 1000, want), 0);
	assert_int_equal(ct_digest(h, in, 1000, out, 48, WD_DIGEST_END, 0), 0);
	cross_same("env_init: HMAC-SHA384", out, want, 48);
	wd_digest_free_sess(h);

	h = ct_aead_sess(WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key, 16, NULL, 0, 16);
	assert_true(h);
	assert_int_equal(ref_gcm(WD_CIPHER_SM4, 1, key, 16, iv, in, 100, in + 100, 900, want, tag),
			 0);
	memcpy(ivc, iv, 12);
	assert_int_equal(wd_do_aead_sync(h, &ar), 0);
	assert_int_equal(ar.state, 0);
	cross_same("env_init: SM4-GCM", out + 100, want, 900);
	cross_same("env_init: SM4-GCM tag", mac, tag, 16);
	wd_aead_free_sess(h);

	wd_cipher_env_uninit();	/* the -WD_EEXIST one counts too */
	wd_cipher_env_uninit();
	wd_digest_env_uninit();
	wd_aead_env_uninit();
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cross_cipher_evp),	cmocka_unit_test(cross_cipher_chain),
		cmocka_unit_test(cross_cipher_async_sgl), cmocka_unit_test(cross_cipher_sm4_modes),
		cmocka_unit_test(cross_digest_evp),
		cmocka_unit_test(cross_digest_parts),	cmocka_unit_test(cross_digest_macs),
		cmocka_unit_test(cross_digest_async_sgl), cmocka_unit_test(cross_aead_evp),
		cmocka_unit_test(cross_aead_authenc),	cmocka_unit_test(cross_aead_stream),
		cmocka_unit_test(cross_aead_async_sgl),
	};
	const struct CMUnitTest env[] = { cmocka_unit_test(cross_env_init) };
	int ret;

	if (argc > 1)	/* one test by name, e.g. cross_aead_stream */
		cmocka_set_test_filter(argv[1]);
	seed = ct_seed();
	if (!evp_setup())
		return 1;
	ret = cmocka_run_group_tests_name("cross-checks", tests, up, down);
	return ret | cmocka_run_group_tests_name("env_init", env, NULL, NULL);
}

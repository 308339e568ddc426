/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_sess_get_driver_counts() (<uadk/warpdrive.h>) on this host's CPU
 * drivers: sync, async and direct (caller's thread) requests are counted
 * under the driver that ran them, refused requests are not, and bad
 * handles are refused. Which queue device a session uses is the guest
 * suite's part (tests/vm/guest).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "uadk/wd_cipher.h"
#include "uadk/wd_comp.h"
#include "uadk/wd_digest.h"
#include "uadk/wd_sched.h"
#include "uadk/warpdrive.h"

static void check_one(handle_t h, const char *driver, __u64 requests)
{
	struct wd_sess_driver_count c[4];
	int n = wd_sess_get_driver_counts(h, c, 4);

	assert_int_equal(n, 1);
	assert_string_equal(c[0].driver, driver);
	assert_int_equal(c[0].kind, WD_DRIVER_CPU);
	assert_int_equal(c[0].requests, requests);
}

static void test_cipher_sync_async(void **state)
{
	struct wd_ctx_nums nums = { .sync_ctx_num = 1, .async_ctx_num = 1 };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = &nums };
	struct wd_cipher_sess_setup setup = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	__u8 key[16] = { 1 }, iv[16] = { 0 }, buf[64] = { 0 };
	struct wd_cipher_req req = {
		.op_type = WD_CIPHER_ENCRYPTION, .src = buf, .dst = buf, .in_bytes = sizeof(buf),
		.out_bytes = sizeof(buf), .out_buf_bytes = sizeof(buf), .iv = iv, .iv_bytes = 16,
	};
	handle_t h;
	int i;

	(void)state;
	assert_int_equal(wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p), 0);
	h = wd_cipher_alloc_sess(&setup);
	assert_true(h);
	assert_int_equal(wd_sess_get_driver_counts(h, NULL, 0), 0);	/* nothing ran yet */
	assert_int_equal(wd_cipher_set_key(h, key, sizeof(key)), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(wd_do_cipher_sync(h, &req), 0);
	check_one(h, "cpu_cipher", 5);

	/* refused by the class: not handed to any driver, not counted */
	req.in_bytes = 15;
	assert_int_not_equal(wd_do_cipher_sync(h, &req), 0);
	check_one(h, "cpu_cipher", 5);
	wd_cipher_free_sess(h);
	/* a freed handle */
	assert_int_equal(wd_sess_get_driver_counts(h, NULL, 0), -WD_EINVAL);
	wd_cipher_uninit2();
}

static void test_digest_and_comp(void **state)
{
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256, .mode = WD_DIGEST_NORMAL };
	struct wd_comp_sess_setup cs = { .alg_type = WD_ZLIB, .op_type = WD_DIR_COMPRESS,
					 .comp_lv = WD_COMP_L1, .win_sz = WD_COMP_WS_32K };
	__u8 in[100] = { 7 }, out[256];
	struct wd_digest_req dr = { .in = in, .in_bytes = sizeof(in), .out = out, .out_bytes = 32,
				    .out_buf_bytes = sizeof(out), .has_next = WD_DIGEST_END };
	struct wd_comp_req cr = { .src = in, .src_len = sizeof(in), .dst = out,
				  .dst_len = sizeof(out) };
	struct wd_sess_driver_count c;
	handle_t hd, hc;

	(void)state;
	assert_int_equal(wd_digest_init2("sha256", SCHED_POLICY_RR, TASK_MIX), 0);
	hd = wd_digest_alloc_sess(&ds);
	assert_true(hd);
	assert_int_equal(wd_do_digest_sync(hd, &dr), 0);
	assert_int_equal(wd_do_digest_sync(hd, &dr), 0);
	check_one(hd, "cpu_digest", 2);
	/* max 0 still says how many drivers ran requests */
	assert_int_equal(wd_sess_get_driver_counts(hd, NULL, 0), 1);
	assert_int_equal(wd_sess_get_driver_counts(hd, NULL, 1), -WD_EINVAL);
	assert_int_equal(wd_sess_get_driver_counts(0, &c, 1), -WD_EINVAL);
	assert_int_equal(wd_sess_get_driver_counts(hd, &c, -1), -WD_EINVAL);

	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	hc = wd_comp_alloc_sess(&cs);
	assert_true(hc);
	assert_int_equal(wd_do_comp_sync(hc, &cr), 0);
	assert_int_equal(wd_sess_get_driver_counts(hc, &c, 1), 1);
	assert_int_equal(c.requests, 1);
	assert_int_equal(c.kind, WD_DRIVER_CPU);
	wd_comp_free_sess(hc);
	wd_comp_uninit2();
	wd_digest_free_sess(hd);
	wd_digest_uninit2();
}

static int done;

static void cb_count(struct wd_cipher_req *req, void *cb_param)
{
	(void)req;
	(void)cb_param;
	__atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
}

static void test_async(void **state)
{
	struct wd_ctx_nums nums = { .sync_ctx_num = 1, .async_ctx_num = 1 };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = &nums };
	struct wd_cipher_sess_setup setup = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CTR };
	__u8 key[16] = { 2 }, iv[8][16], buf[8][32];
	struct wd_cipher_req req[8];
	handle_t h;
	int i, tries;

	(void)state;
	assert_int_equal(wd_cipher_init2_("ctr(aes)", SCHED_POLICY_RR, TASK_MIX, &p), 0);
	h = wd_cipher_alloc_sess(&setup);
	assert_true(h);
	assert_int_equal(wd_cipher_set_key(h, key, sizeof(key)), 0);
	memset(req, 0, sizeof(req));
	for (i = 0; i < 8; i++) {
		memset(iv[i], i, 16);
		req[i] = (struct wd_cipher_req){
			.op_type = WD_CIPHER_ENCRYPTION, .src = buf[i], .dst = buf[i],
			.in_bytes = 32, .out_bytes = 32, .out_buf_bytes = 32, .iv = iv[i],
			.iv_bytes = 16, .cb = (void *)cb_count,
		};
		assert_int_equal(wd_do_cipher_async(h, &req[i]), 0);
	}
	for (tries = 0; tries < 100000 && __atomic_load_n(&done, __ATOMIC_ACQUIRE) < 8; tries++) {
		__u32 n = 0;

		wd_cipher_poll(8, &n);
	}
	assert_int_equal(done, 8);
	check_one(h, "cpu_cipher", 8);
	wd_cipher_free_sess(h);
	wd_cipher_uninit2();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cipher_sync_async),
		cmocka_unit_test(test_digest_and_comp),
		cmocka_unit_test(test_async),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

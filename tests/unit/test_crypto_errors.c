/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad input to libwd_crypto through the public API: calls before init
 * (refused, never a crash: UADK 2.10 crashes in wd_<alg>_poll here),
 * init arguments, double init, then one table per class
 * (errors_{cipher,digest,aead}.c), and at the end proof that valid
 * requests still give the right answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "errors.h"

#define EINV	(-WD_EINVAL)

static uint8_t buf[64], iv[16], mac[16];

static void test_before_init(void **state)
{
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256 };
	struct wd_aead_sess_setup as = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_GCM };
	struct wd_cipher_req cr = { .src = buf, .dst = buf, .iv = iv, .in_bytes = 16,
				    .iv_bytes = 16, .out_buf_bytes = 16 };
	struct wd_digest_req dr = { .in = buf, .out = buf, .in_bytes = 16, .out_bytes = 32,
				    .out_buf_bytes = 32 };
	struct wd_aead_req ar = { .src = buf, .dst = buf, .mac = mac, .iv = iv, .in_bytes = 16,
				  .iv_bytes = 12, .mac_bytes = 16 };
	__u32 cnt = 7;

	(void)state;
	assert_int_equal(wd_cipher_alloc_sess(&cs), 0);
	assert_int_equal(wd_cipher_set_key(0, buf, 16), EINV);
	assert_int_equal(wd_do_cipher_sync(0, &cr), EINV);
	assert_int_equal(wd_do_cipher_async(0, &cr), EINV);
	assert_int_equal(wd_do_cipher_sync(1, &cr), EINV);
	assert_int_equal(wd_cipher_poll(1, &cnt), EINV);
	assert_int_equal(cnt, 0);
	assert_int_equal(wd_cipher_poll_ctx(0, 1, &cnt), EINV);
	assert_int_equal(wd_cipher_poll(1, NULL), EINV);

	assert_int_equal(wd_digest_alloc_sess(&ds), 0);
	assert_int_equal(wd_digest_set_key(0, buf, 16), EINV);
	assert_int_equal(wd_do_digest_sync(0, &dr), EINV);
	assert_int_equal(wd_do_digest_async(0, &dr), EINV);
	assert_int_equal(wd_digest_poll(1, &cnt), EINV);
	assert_int_equal(wd_digest_poll_ctx(0, 1, &cnt), EINV);

	assert_int_equal(wd_aead_alloc_sess(&as), 0);
	assert_int_equal(wd_aead_set_ckey(0, buf, 16), EINV);
	assert_int_equal(wd_aead_set_akey(0, buf, 16), EINV);
	assert_int_equal(wd_aead_set_authsize(0, 16), EINV);
	assert_int_equal(wd_aead_get_authsize(0), EINV);
	assert_int_equal(wd_aead_get_maxauthsize(0), EINV);
	assert_int_equal(wd_do_aead_sync(0, &ar), EINV);
	assert_int_equal(wd_do_aead_async(0, &ar), EINV);
	assert_int_equal(wd_aead_poll(1, &cnt), EINV);
	assert_int_equal(wd_aead_poll_ctx(0, 1, &cnt), EINV);

	/* frees and uninits of nothing: nothing happens */
	wd_cipher_free_sess(0);
	wd_digest_free_sess(12345);
	wd_aead_free_sess((handle_t)buf);
	wd_cipher_uninit2();
	wd_cipher_uninit();
	wd_digest_env_uninit();
	wd_aead_uninit2();
}

/* init2_ arguments each class refuses, with nothing left half set up. */
static void test_init_args(void **state)
{
	struct wd_ctx_nums nums[5] = { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 } };
	struct wd_cap_config cap = { .ctx_msg_num = 1025 };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = nums };
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_ECB };

	(void)state;
	assert_int_equal(wd_cipher_init2_(NULL, SCHED_POLICY_RR, TASK_MIX, NULL), EINV);
	assert_int_equal(wd_cipher_init2("cbc(foo)", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_cipher_init2("", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_cipher_init2("sha256", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_cipher_init2("gcm(aes)", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_cipher_init2("cbc(aes)", SCHED_POLICY_BUTT, TASK_MIX), EINV);
	assert_int_equal(wd_cipher_init2("cbc(aes)", 99, TASK_MIX), EINV);
	assert_int_equal(wd_cipher_init2("cbc(aes)", SCHED_POLICY_RR, TASK_MAX_TYPE), EINV);
	assert_int_equal(wd_cipher_init2("cbc(aes)", SCHED_POLICY_RR, -1), EINV);
	p.op_type_num = 0;
	assert_int_equal(wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p), EINV);
	p.op_type_num = 3;	/* cipher has 2 op types */
	assert_int_equal(wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p), EINV);
	p.op_type_num = 1;
	p.ctx_set_num = NULL;
	assert_int_equal(wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p), EINV);
	p.ctx_set_num = nums;
	p.cap = &cap;	/* more than 1024 messages per ctx */
	assert_int_equal(wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p), EINV);
	p.cap = NULL;

	assert_int_equal(wd_digest_init2_(NULL, SCHED_POLICY_RR, TASK_MIX, NULL), EINV);
	assert_int_equal(wd_digest_init2("sha3-256", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_digest_init2("cbc(aes)", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_digest_init2("sha256", SCHED_POLICY_BUTT, TASK_MIX), EINV);
	assert_int_equal(wd_digest_init2("sha256", SCHED_POLICY_RR, 3), EINV);
	p.op_type_num = 2;	/* digest has 1 */
	assert_int_equal(wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_MIX, &p), EINV);

	assert_int_equal(wd_aead_init2_(NULL, SCHED_POLICY_RR, TASK_MIX, NULL), EINV);
	assert_int_equal(wd_aead_init2("gcm(des)", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_aead_init2("cbc(aes)", SCHED_POLICY_RR, TASK_MIX), EINV);
	assert_int_equal(wd_aead_init2("gcm(aes)", 4, TASK_MIX), EINV);
	assert_int_equal(wd_aead_init2("gcm(aes)", SCHED_POLICY_RR, 5), EINV);
	p.op_type_num = 5;	/* aead has 4 */
	assert_int_equal(wd_aead_init2_("gcm(aes)", SCHED_POLICY_RR, TASK_MIX, &p), EINV);

	/* none of that left a class up */
	assert_int_equal(wd_cipher_alloc_sess(&cs), 0);
}

/* A second init is -WD_EEXIST and counts: as many uninits end it. */
static void test_double_init(void **state)
{
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_SM4, .mode = WD_CIPHER_CTR };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_MD5 };
	struct wd_aead_sess_setup as = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_CCM };
	handle_t h;

	(void)state;
	assert_int_equal(ct_init_cipher(), 0);
	assert_int_equal(ct_init_cipher(), -WD_EEXIST);
	assert_int_equal(wd_cipher_init2("ecb(sm4)", SCHED_POLICY_RR, TASK_MIX), -WD_EEXIST);
	assert_int_equal(ct_init_digest(), 0);
	assert_int_equal(wd_digest_init2("md5", SCHED_POLICY_RR, TASK_MIX), -WD_EEXIST);
	assert_int_equal(ct_init_aead(), 0);
	assert_int_equal(ct_init_aead(), -WD_EEXIST);
	ct_uninit_all();	/* one of two (cipher: of three) */
	wd_cipher_uninit2();
	h = wd_cipher_alloc_sess(&cs);
	assert_true(h);
	wd_cipher_free_sess(h);
	h = wd_digest_alloc_sess(&ds);
	assert_true(h);
	wd_digest_free_sess(h);
	h = wd_aead_alloc_sess(&as);
	assert_true(h);
	wd_aead_free_sess(h);
	ct_uninit_all();	/* the last */
	assert_int_equal(wd_cipher_alloc_sess(&cs), 0);
	assert_int_equal(wd_digest_alloc_sess(&ds), 0);
	assert_int_equal(wd_aead_alloc_sess(&as), 0);
}

handle_t err_bad_handle(int cls, int which)
{
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256 };
	struct wd_aead_sess_setup as = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_GCM };
	/* the other two classes, in order */
	int other = which == BAD_OTHER1 ? (cls == WD_CIPHER ? WD_DIGEST : WD_CIPHER) :
		    (cls == WD_AEAD ? WD_DIGEST : WD_AEAD);
	handle_t h;

	switch (which) {
	case BAD_ZERO:
		return 0;
	case BAD_ONE:
		return 1;
	case BAD_ALLONES:
		return ~(handle_t)0;
	case BAD_GARBAGE:
		return (handle_t)0xdeadbeefUL;
	case BAD_POINTER:
		return (handle_t)buf;
	case BAD_FREED:
		other = cls;
		break;
	}
	h = other == WD_CIPHER ? wd_cipher_alloc_sess(&cs) :
	    other == WD_DIGEST ? wd_digest_alloc_sess(&ds) : wd_aead_alloc_sess(&as);
	assert_true(h);
	if (which == BAD_FREED) {
		if (cls == WD_CIPHER)
			wd_cipher_free_sess(h);
		else if (cls == WD_DIGEST)
			wd_digest_free_sess(h);
		else
			wd_aead_free_sess(h);
	}
	return h;
}

void err_bad_handle_done(int which, handle_t h)
{
	if (which != BAD_OTHER1 && which != BAD_OTHER2)
		return;
	/* each class frees only its own: two of these are no-ops */
	wd_cipher_free_sess(h);
	wd_digest_free_sess(h);
	wd_aead_free_sess(h);
}

int err_poll_until(int cls, const int *count, int target)
{
	int i;

	for (i = 0; i < 100000 && *count < target; i++) {
		__u32 n = 0;

		if (cls == WD_CIPHER)
			wd_cipher_poll(1, &n);
		else if (cls == WD_DIGEST)
			wd_digest_poll(1, &n);
		else
			wd_aead_poll(1, &n);
	}
	return *count;
}

bool err_refused(const char *cls_name, const char *what, int ret, int want, const __u8 *out,
		 size_t n)
{
	size_t i;

	if (ret != want)
		fail_msg("%s '%s': got %d, want %d", cls_name, what, ret, want);
	if (!want)
		return false;
	for (i = 0; i < n; i++)
		if (out[i] != 0xa5)
			fail_msg("%s '%s': refused, yet byte %zu of its output was written",
				 cls_name, what, i);
	return true;
}

void err_accepted(int cls, bool async, __u16 state, const int *count, int before)
{
	assert_int_equal(state, 0);
	if (async) {
		err_poll_until(cls, count, before + 1);
		assert_int_equal(*count, before + 1);
	}
}

/*
 * After every table: answers still right. Examples printed in the
 * standards: FIPS-197 appendix C.1 (AES-128), FIPS 180-2 appendix B.1
 * (SHA-256 "abc"), McGrew & Viega, "The Galois/Counter Mode of Operation",
 * test case 2 (AES-128-GCM).
 */
static void test_still_works(void **state)
{
	static const uint8_t aes_ct[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
					    0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
	static const uint8_t sha_abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
		0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
		0xf2, 0x00, 0x15, 0xad };
	static const uint8_t gcm_ct[16] = { 0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
					    0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78 };
	static const uint8_t gcm_tag[16] = { 0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
					     0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf };
	uint8_t key[16], pt[16], out[32], zero[16] = { 0 }, giv[12] = { 0 }, tag[16];
	struct wd_aead_req ar = { .src = zero, .dst = out, .mac = tag, .iv = giv, .in_bytes = 16,
				  .out_bytes = 16, .iv_bytes = 12, .mac_bytes = 16 };
	handle_t h;
	int i;

	(void)state;
	for (i = 0; i < 16; i++) {
		key[i] = (uint8_t)i;
		pt[i] = (uint8_t)(i * 0x11);
	}
	h = ct_cipher_sess(WD_CIPHER_AES, WD_CIPHER_ECB, key, 16);
	assert_true(h);
	assert_int_equal(ct_cipher(h, WD_CIPHER_ENCRYPTION, pt, out, 16, NULL, 0), 0);
	assert_memory_equal(out, aes_ct, 16);
	wd_cipher_free_sess(h);

	h = ct_digest_sess(WD_DIGEST_SHA256, WD_DIGEST_NORMAL, NULL, 0);
	assert_true(h);
	assert_int_equal(ct_digest(h, "abc", 3, out, 32, WD_DIGEST_END, 0), 0);
	assert_memory_equal(out, sha_abc, 32);
	wd_digest_free_sess(h);

	h = ct_aead_sess(WD_CIPHER_AES, WD_CIPHER_GCM, 0, zero, 16, NULL, 0, 16);
	assert_true(h);
	assert_int_equal(wd_do_aead_sync(h, &ar), 0);
	assert_int_equal(ar.state, 0);
	assert_memory_equal(out, gcm_ct, 16);
	assert_memory_equal(tag, gcm_tag, 16);
	wd_aead_free_sess(h);
}

static int up(void **state)
{
	(void)state;
	if (ct_init_cipher() || ct_init_digest() || ct_init_aead()) {
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

int main(void)
{
	const struct CMUnitTest first[] = {
		cmocka_unit_test(test_before_init),
		cmocka_unit_test(test_init_args),
		cmocka_unit_test(test_double_init),
	};
	const struct CMUnitTest tables[] = {
		cmocka_unit_test(errors_cipher_table),
		cmocka_unit_test(errors_digest_table),
		cmocka_unit_test(errors_aead_table),
		cmocka_unit_test(test_still_works),
	};
	int ret = cmocka_run_group_tests_name("before init", first, NULL, NULL);

	return ret | cmocka_run_group_tests_name("bad input", tables, up, down);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vacc_crypto: every completion status -> what the call returns (as
 * the CPU drivers report the same case), a completion that does not
 * account for its bytes, a set-up that fails (the request behind it says
 * why, the next one sets up again), and requests longer than the
 * device's max_len (refused before anything is posted).
 */
#include <string.h>
#include "vacc_crypto_test.h"

static int down(void **state)
{
	(void)state;
	vt_down();
	return 0;
}

static const struct {
	__u32 status;
	int ret;
} map[] = {
	{ VACC_ST_OK, 0 },
	{ VACC_ST_FAULT, -WD_ADDR_ERR },
	{ VACC_ST_NOMEM, -WD_ENOMEM },
	{ VACC_ST_STOPPED, -WD_HW_EACCESS },
	/* what the two sides never disagree on */
	{ VACC_ST_BAD_DESC, -WD_EIO },
	{ VACC_ST_BAD_LEN, -WD_EIO },
	{ VACC_ST_OVERFLOW, -WD_EIO },
	{ VACC_ST_DATA_ERR, -WD_EIO },
	{ VACC_ST_TRUNCATED, -WD_EIO },
	{ VACC_ST_BAD_STREAM, -WD_EIO },
	{ VACC_ST_BAD_SESS, -WD_EIO },	/* no set-up failed before it */
	{ VACC_ST_BAD_KEY, -WD_EIO },
	{ VACC_ST_NO_ALG, -WD_EIO },
	{ VACC_ST_AUTH_FAIL, -WD_EIO },	/* not an AEAD decrypt */
	{ 99, -WD_EIO },
};

static void test_status_map(void **state)
{
	__u8 key[16] = { 3 }, in[32] = { 1 }, out[32], iv[16] = { 0 }, dout[32];
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256 };
	struct wd_digest_req dr;
	handle_t h, d;
	size_t i;

	(void)state;
	vt_up(VT_CIPHER, "cbc(aes)", 8, true, 1, 0);
	h = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, key, sizeof(key));
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);	/* set up */
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		vt_force(VT_ANY_REQ, map[i].status, VT_COUNTS_ASKED, 1);
		assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), map[i].ret);
	}
	/* OK, but the device did not account for every byte */
	vt_force(VT_ANY_REQ, VACC_ST_OK, 16, 1);
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), -WD_EIO);
	vt_force_off();
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);
	wd_cipher_free_sess(h);
	vt_down();

	/* the same table for a digest */
	vt_up(VT_DIGEST, "sha256", 8, true, 1, 0);
	d = wd_digest_alloc_sess(&ds);
	assert_true(d);
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		memset(&dr, 0, sizeof(dr));
		dr.in = in;
		dr.in_bytes = sizeof(in);
		dr.out = dout;
		dr.out_bytes = dr.out_buf_bytes = 32;
		vt_force(VT_ANY_REQ, map[i].status, VT_COUNTS_ASKED, 1);
		assert_int_equal(wd_do_digest_sync(d, &dr), map[i].ret);
	}
	wd_digest_free_sess(d);
}

/* AUTH_FAIL: an AEAD decrypt's tag (status EPARA, result 0); anything else EIO. */
static void test_auth_fail(void **state)
{
	__u8 key[16] = { 4 }, buf[48] = { 2 }, out[48], mac[16], iv[12] = { 0 };
	struct vt_ae a = { .enc = true, .st = AEAD_MSG_BLOCK, .src = buf, .aad = 16, .len = 32,
			   .dst = out, .mac = mac, .iv = iv };
	handle_t h;
	int i;

	(void)state;
	vt_up(VT_AEAD, "gcm(aes)", 8, true, 1, 0);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	assert_int_equal(vt_aead(h, &a), 0);
	vt_force(VT_ANY_REQ, VACC_ST_AUTH_FAIL, 0, 1);
	assert_int_equal(vt_aead(h, &a), -WD_EIO);
	a.enc = false;
	memset(out, 0x5a, sizeof(out));
	vt_force(VT_ANY_REQ, VACC_ST_AUTH_FAIL, 0, 1);
	assert_int_equal(vt_aead(h, &a), 0);
	assert_int_equal(a.state, WD_IN_EPARA);
	for (i = 16; i < 48; i++)
		assert_int_equal(out[i], 0);	/* as cpu_aead: no plaintext */
	wd_aead_free_sess(h);
}

/* A set-up the device refuses: the request behind it says why, the next sets up again. */
static void test_failed_setup(void **state)
{
	static const struct {
		__u32 status;
		int ret;
	} fails[] = {
		{ VACC_ST_NOMEM, -WD_ENOMEM },
		{ VACC_ST_BAD_KEY, -WD_EINVAL },
		{ VACC_ST_NO_ALG, -WD_EINVAL },
		{ VACC_ST_STOPPED, -WD_HW_EACCESS },
		{ VACC_ST_FAULT, -WD_ADDR_ERR },	/* as for every descriptor */
		{ VACC_ST_BAD_DESC, -WD_EIO },
	};
	__u8 key[16] = { 5 }, in[32] = { 6 }, out[32], iv[16] = { 0 };
	const struct vacc_sqe *log;
	handle_t h;
	size_t i;
	__u32 n;

	(void)state;
	vt_up(VT_CIPHER, "cbc(aes)", 8, true, 1, 0);
	for (i = 0; i < sizeof(fails) / sizeof(fails[0]); i++) {
		h = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, key, sizeof(key));
		vt_log_reset();
		vt_force(VACC_OP_CRYPTO_SETUP, fails[i].status, 0, 1);
		assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), fails[i].ret);
		assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);
		assert_true(vt_xored(in, out, sizeof(in), key, sizeof(key)));
		log = vt_log(0, &n);
		assert_int_equal(n, 4);	/* SETUP (failed), CIPHER (BAD_SESS), SETUP, CIPHER */
		assert_int_equal(log[2].opcode, VACC_OP_CRYPTO_SETUP);
		assert_int_equal(log[2].sess, log[0].sess);
		wd_cipher_free_sess(h);
	}
}

/* Longer than the device takes: refused as the CPU driver refuses a bad request. */
static void test_max_len(void **state)
{
	struct fu_cfg cfg = { .algs = vt_algs, .max_sessions = 8, .max_len = 4096,
			      .inline_mode = true };
	static __u8 in[8192], out[8192], mac[16];
	__u8 key[16] = { 7 }, iv[16] = { 0 };
	struct vt_ae a = { .enc = true, .st = AEAD_MSG_BLOCK, .src = in, .aad = 96, .len = 4016,
			   .dst = out, .mac = mac, .iv = iv };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256 };
	struct wd_digest_req dr;
	handle_t h;
	__u32 n;

	(void)state;
	assert_int_equal(vt_up_cfg(VT_CIPHER, "cbc(aes)", &cfg, TASK_HW, 1, 0), 0);
	h = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, key, sizeof(key));
	assert_int_equal(vt_cipher(h, true, in, out, 4096, iv), 0);
	vt_log_reset();
	assert_int_equal(vt_cipher(h, true, in, out, 4112, iv), -WD_EINVAL);
	vt_log(0, &n);
	assert_int_equal(n, 0);
	wd_cipher_free_sess(h);
	vt_down();

	assert_int_equal(vt_up_cfg(VT_DIGEST, "sha256", &cfg, TASK_HW, 1, 0), 0);
	h = wd_digest_alloc_sess(&ds);
	memset(&dr, 0, sizeof(dr));
	dr.in = in;
	dr.in_bytes = 4097;
	dr.out = out;
	dr.out_bytes = dr.out_buf_bytes = 32;
	assert_int_equal(wd_do_digest_sync(h, &dr), -WD_EINVAL);
	dr.in_bytes = 4096;
	assert_int_equal(wd_do_digest_sync(h, &dr), 0);
	wd_digest_free_sess(h);
	vt_down();

	assert_int_equal(vt_up_cfg(VT_AEAD, "gcm(aes)", &cfg, TASK_HW, 1, 0), 0);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	assert_int_equal(vt_aead(h, &a), -WD_EINVAL);	/* AAD + payload: 4112 */
	a.len = 4000;
	assert_int_equal(vt_aead(h, &a), 0);
	wd_aead_free_sess(h);
}

#define T(f) cmocka_unit_test_teardown(f, down)

const struct CMUnitTest vt_status_tests[] = {
	T(test_status_map),
	T(test_auth_fail),
	T(test_failed_setup),
	T(test_max_len),
};
const size_t vt_status_ntests = sizeof(vt_status_tests) / sizeof(vt_status_tests[0]);

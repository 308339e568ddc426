/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc crypto drivers through the public API, without a kernel: the
 * fake uacce device (vacc_fake_uacce.c) serves queues whose worker plays
 * the kernel's crypto class (vacc_fake_crypto.c) and logs every sqe. This
 * file: sessions and their slots (SETUP once per queue, again after
 * set_key, eviction), what TASK_HW/TASK_MIX do with algorithms the device
 * lacks, a dead queue, and async requests with eviction. AEAD streams and
 * digests: vacc_crypto_aead.c; statuses: vacc_crypto_status.c.
 * `--callgrind N [api|driver]`: vacc_crypto_cg.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vacc_crypto_test.h"

static int down(void **state)
{
	(void)state;
	vt_down();
	return 0;
}

static void fill(__u8 *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (__u8)(seed * 131 + i * 7 + 1);
}

/* The one SETUP before a session's first request, and the requests' fields. */
static void test_setup_once(void **state)
{
	__u8 k1[16], k2[16], in[64], out[64], iv[16] = { 0 };
	const struct vacc_sqe *log;
	struct fdev *d;
	handle_t h;
	__u32 n, i, slot;

	(void)state;
	fill(k1, sizeof(k1), 1);
	fill(k2, sizeof(k2), 2);
	fill(in, sizeof(in), 3);
	vt_up(VT_CIPHER, "cbc(aes)", VACC_MAX_SESSIONS, true, 1, 0);
	d = fu_dev(0);
	h = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, k1, sizeof(k1));
	assert_true(h);
	vt_log_reset();
	for (i = 0; i < 3; i++) {
		assert_int_equal(vt_cipher(h, i != 1, in, out, sizeof(in), iv), 0);
		assert_true(vt_xored(in, out, sizeof(in), k1, sizeof(k1)));
	}
	assert_int_equal(iv[0], 3);	/* the chaining IV came back each time */
	log = vt_log(0, &n);
	assert_int_equal(n, 4);
	assert_int_equal(log[0].opcode, VACC_OP_CRYPTO_SETUP);
	assert_int_equal(log[0].alg, VACC_CALG_AES_CBC);
	assert_int_equal(log[0].src_len, 16);
	assert_true(!log[0].dst && !log[0].dst_len && !log[0].iv && !log[0].iv_len &&
		    !log[0].flags && !log[0].aux && !log[0].mac && !log[0].stage);
	slot = log[0].sess;
	assert_memory_equal(d->cslots[slot].key, k1, sizeof(k1));
	for (i = 1; i < 4; i++) {
		assert_int_equal(log[i].opcode, VACC_OP_CIPHER);
		assert_int_equal(log[i].alg, VACC_CALG_AES_CBC);
		assert_int_equal(log[i].sess, slot);
		assert_int_equal(log[i].src_len, sizeof(in));
		assert_int_equal(log[i].dst_len, sizeof(in));
		assert_true(log[i].src == (uintptr_t)in && log[i].dst == (uintptr_t)out);
		assert_true(log[i].iv == (uintptr_t)iv && log[i].iv_len == 16);
		assert_int_equal(log[i].flags, i == 2 ? VACC_CSQE_DECRYPT : 0);
	}

	/* a new key: SETUP again before the next request, and it is used */
	assert_int_equal(wd_cipher_set_key(h, k2, sizeof(k2)), 0);
	vt_log_reset();
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);
	assert_true(vt_xored(in, out, sizeof(in), k2, sizeof(k2)));
	assert_int_equal(vt_count(0, VACC_OP_CRYPTO_SETUP, 0), 1);
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);
	assert_int_equal(vt_count(0, VACC_OP_CRYPTO_SETUP, 0), 1);
	wd_cipher_free_sess(h);
}

/* More sessions than slots: every request still runs with its own key. */
static void test_eviction(void **state)
{
	enum { NS = 6, SLOTS = 4 };
	__u8 key[NS][16], in[48], out[48], iv[16] = { 0 };
	const struct vacc_sqe *log;
	handle_t h[NS];
	__u32 n, i, r, s;

	(void)state;
	fill(in, sizeof(in), 9);
	vt_up(VT_CIPHER, "cbc(aes)", SLOTS, true, 1, 0);
	for (s = 0; s < NS; s++) {
		fill(key[s], 16, 20 + s);
		h[s] = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, key[s], 16);
		assert_true(h[s]);
	}
	vt_log_reset();
	for (r = 0; r < 3; r++)
		for (s = 0; s < NS; s++) {
			assert_int_equal(vt_cipher(h[s], true, in, out, sizeof(in), iv), 0);
			assert_true(vt_xored(in, out, sizeof(in), key[s], 16));
		}
	log = vt_log(0, &n);
	for (i = 0; i < n; i++)
		assert_true(log[i].sess < SLOTS);
	assert_true(vt_count(0, VACC_OP_CRYPTO_SETUP, 0) >= NS);
	/* as many sessions as slots: once each is in, no SETUP any more */
	for (s = 0; s < SLOTS; s++)
		assert_int_equal(vt_cipher(h[s], true, in, out, sizeof(in), iv), 0);
	vt_log_reset();
	for (r = 0; r < 3; r++)
		for (s = 0; s < SLOTS; s++) {
			assert_int_equal(vt_cipher(h[s], false, in, out, sizeof(in), iv), 0);
			assert_true(vt_xored(in, out, sizeof(in), key[s], 16));
		}
	assert_int_equal(vt_count(0, VACC_OP_CRYPTO_SETUP, 0), 0);
	for (s = 0; s < NS; s++)
		wd_cipher_free_sess(h[s]);
}

/* Two-key 3DES reaches the device as the equivalent three-key K1 K2 K1. */
static void test_3des_two_keys(void **state)
{
	__u8 key[16], want[24], in[32], out[32], iv[8] = { 0 };
	struct wd_cipher_req req;
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n;

	(void)state;
	fill(key, sizeof(key), 5);
	fill(in, sizeof(in), 6);
	memcpy(want, key, 16);
	memcpy(want + 16, key, 8);
	vt_up(VT_CIPHER, "cbc(des3_ede)", VACC_MAX_SESSIONS, true, 1, 0);
	h = vt_cipher_sess(WD_CIPHER_3DES, WD_CIPHER_CBC, key, sizeof(key));
	assert_true(h);
	vt_log_reset();
	memset(&req, 0, sizeof(req));
	req.op_type = WD_CIPHER_ENCRYPTION;
	req.src = in;
	req.dst = out;
	req.in_bytes = req.out_buf_bytes = sizeof(in);
	req.iv = iv;
	req.iv_bytes = sizeof(iv);
	assert_int_equal(wd_do_cipher_sync(h, &req), 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(log[0].src_len, 24);
	assert_memory_equal(fu_dev(0)->cslots[log[0].sess].key, want, 24);
	assert_int_equal(log[1].iv_len, 8);
	assert_true(vt_xored(in, out, sizeof(in), want, 24));
	wd_cipher_free_sess(h);
}

/*
 * What the device does not list has no vacc session: TASK_HW refuses it
 * (at alloc, or at init when it is the init's algorithm); TASK_MIX leaves
 * such an init to the CPU driver.
 */
static void test_unsupported(void **state)
{
	struct fu_cfg cfg = { .algs = vt_algs, .max_sessions = 16, .inline_mode = true };
	__u8 key[16], in[32], out[32], iv[16] = { 0 }, iv2[16] = { 0 };
	handle_t h;

	(void)state;
	fill(key, sizeof(key), 7);
	fill(in, sizeof(in), 8);
	vt_up(VT_CIPHER, "cbc(aes)", 16, true, 1, 0);
	assert_false(vt_cipher_sess(WD_CIPHER_SM4, WD_CIPHER_CBC, NULL, 0));	/* not listed */
	assert_false(vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC_CS1, NULL, 0));	/* no id */
	h = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC_CS3, NULL, 0);
	assert_true(h);
	wd_cipher_free_sess(h);
	vt_down();

	assert_int_not_equal(vt_up_cfg(VT_CIPHER, "cbc(sm4)", &cfg, TASK_HW, 1, 0), 0);
	assert_int_equal(vt_up_cfg(VT_CIPHER, "cbc(sm4)", &cfg, TASK_MIX, 1, 0), 0);
	assert_int_equal(fu_ndev(), 0);		/* no queue was opened for it */
	h = vt_cipher_sess(WD_CIPHER_SM4, WD_CIPHER_CBC, key, sizeof(key));
	assert_true(h);
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);
	assert_int_equal(vt_cipher(h, false, out, out, sizeof(in), iv2), 0);
	assert_memory_equal(out, in, sizeof(in));	/* real SM4 on the CPU */
	wd_cipher_free_sess(h);
}

/* A queue the kernel stopped: requests fail as the CPU driver never does, with EACCESS. */
static void test_dead_queue(void **state)
{
	__u8 key[16] = { 1 }, in[16] = { 0 }, out[16], iv[16] = { 0 };
	handle_t h;

	(void)state;
	vt_up(VT_CIPHER, "cbc(aes)", 16, true, 1, 0);
	h = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, key, sizeof(key));
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), 0);
	fu_kill(0);
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), -WD_HW_EACCESS);
	assert_int_equal(vt_cipher(h, true, in, out, sizeof(in), iv), -WD_HW_EACCESS);
	wd_cipher_free_sess(h);
}

/* Async, a worker thread, more sessions than slots, hundreds in flight. */
enum { AS_SESS = 8, AS_REQS = 600, AS_LEN = 32 };
static struct {
	__u8 key[AS_SESS][16];
	__u8 in[AS_REQS][AS_LEN], out[AS_REQS][AS_LEN], iv[AS_REQS][16];
	struct wd_cipher_req req[AS_REQS];
	int done, bad;
} as;

static void *as_cb(struct wd_cipher_req *req, void *param)
{
	long i = (long)(intptr_t)param;

	if (req->state || !vt_xored(as.in[i], as.out[i], AS_LEN, as.key[i % AS_SESS], 16))
		as.bad++;
	as.done++;
	return NULL;
}

static void test_async_eviction(void **state)
{
	handle_t h[AS_SESS];
	__u32 cnt;
	long i, spins;
	int ret;

	(void)state;
	vt_up(VT_CIPHER, "cbc(aes)", 3, false, 0, 1);
	memset(&as, 0, sizeof(as));
	for (i = 0; i < AS_SESS; i++) {
		fill(as.key[i], 16, 40 + i);
		h[i] = vt_cipher_sess(WD_CIPHER_AES, WD_CIPHER_CBC, as.key[i], 16);
		assert_true(h[i]);
	}
	for (i = 0; i < AS_REQS; i++) {
		struct wd_cipher_req *r = &as.req[i];

		fill(as.in[i], AS_LEN, (unsigned int)i);
		r->op_type = WD_CIPHER_ENCRYPTION;
		r->src = as.in[i];
		r->dst = as.out[i];
		r->in_bytes = r->out_buf_bytes = AS_LEN;
		r->iv = as.iv[i];
		r->iv_bytes = 16;
		r->cb = as_cb;
		r->cb_param = (void *)(intptr_t)i;
		for (spins = 0; (ret = wd_do_cipher_async(h[i % AS_SESS], r)) == -WD_EBUSY &&
		     spins < 10000000; spins++)
			wd_cipher_poll(0, &cnt);
		assert_int_equal(ret, 0);
	}
	for (spins = 0; as.done < AS_REQS && spins < 100000000; spins++)
		wd_cipher_poll(0, &cnt);
	assert_int_equal(as.done, AS_REQS);
	assert_int_equal(as.bad, 0);
	assert_true(vt_count(0, VACC_OP_CRYPTO_SETUP, 0) >= AS_SESS);
	for (i = 0; i < AS_SESS; i++)
		wd_cipher_free_sess(h[i]);
}

#define T(f) cmocka_unit_test_teardown(f, down)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(test_setup_once),
		T(test_eviction),
		T(test_3des_two_keys),
		T(test_unsupported),
		T(test_dead_queue),
		T(test_async_eviction),
	};
	int fails;

	if (argc >= 3 && !strcmp(argv[1], "--callgrind"))
		return vt_callgrind(atol(argv[2]), argc > 3 ? argv[3] : "api");
	fails = cmocka_run_group_tests_name("vacc crypto: sessions", tests, NULL, NULL);
	fails += _cmocka_run_group_tests("vacc crypto: aead, digest", vt_aead_tests,
					 vt_aead_ntests, NULL, NULL);
	fails += _cmocka_run_group_tests("vacc crypto: statuses", vt_status_tests,
					 vt_status_ntests, NULL, NULL);
	return fails;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libwd_crypto under threads, fork and re-init, public API only; every
 * output is checked against OpenSSL (crypto_threads_util.c). Run as one
 * ctest entry per test (tests/unit/crypto_threads.cmake, label "threads":
 * the TSan stage of scripts/test.sh runs them).
 *
 *   sync_own      N threads x M sessions of their own, every algorithm,
 *                 on fewer sync ctxs than threads
 *   sync_shared   threads sharing ONE cipher and ONE HMAC session (UADK
 *                 allows it); results equal a single-thread reference
 *   fork          the child re-inits and works; the parent's sessions give
 *                 -WD_EINVAL there; the parent goes on meanwhile
 *   uninit_open   uninit with sessions open; re-init works, the old
 *                 handles are refused
 *   (crypto_threads_async.c: async_poll, async_lib_poller, async_ebusy,
 *    async_cbc_lanes)
 *
 * Usage: test_crypto_threads [test name]   (no name: all of them)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "crypto_threads.h"
#include "threads_util.h"

#define OWN_THREADS	4
#define OWN_ROUNDS	12

static const uint32_t sizes[] = { 1, 15, 16, 17, 64, 100, 1000, 4096, 5000, 16384, 65536 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

struct own {
	int id;
	int jobs;	/* checked requests */
};

static void *own_run(void *arg)
{
	struct own *o = arg;
	struct ct_sess s[32];
	struct ct_job j;
	int a, r, opened = 0;

	for (a = 0; a < ct_nalgs; a++, opened++)
		if (ct_sess_open(&s[a], &ct_algs[a], (uint32_t)(o->id * 100 + a)))
			goto out;
	for (r = 0; r < OWN_ROUNDS; r++) {
		for (a = 0; a < ct_nalgs; a++) {
			uint32_t seed = (uint32_t)(o->id << 16 | r << 8 | a);

			if (ct_job_make(&j, &s[a], (r + a) & 1, sizes[(o->id + r * 3 + a) % NSIZES],
					seed) ||
			    ct_job_sync(&j) || ct_job_check(&j, "sync_own")) {
				ct_job_free(&j);
				goto out;
			}
			ct_job_free(&j);
			o->jobs++;
		}
	}
out:
	while (opened--)
		ct_sess_close(&s[opened]);
	return NULL;
}

static void test_sync_own(void **state)
{
	struct own o[OWN_THREADS];
	int i;

	(void)state;
	tt_reset();
	/* two sync ctxs for four threads: they meet on the ctxs */
	assert_int_equal(ct_init(2, 0, 0), 0);
	for (i = 0; i < OWN_THREADS; i++)
		o[i] = (struct own){ .id = i };
	assert_int_equal(tt_run(OWN_THREADS, own_run, o, sizeof(o[0])), 0);
	assert_int_equal(tt_failures(), 0);
	for (i = 0; i < OWN_THREADS; i++)
		assert_int_equal(o[i].jobs, OWN_ROUNDS * ct_nalgs);
	ct_uninit();
}

/* ---- sync_shared --------------------------------------------------------- */

#define SH_THREADS	4
#define SH_JOBS		24
#define SH_REPEAT	3

static struct ct_sess sh_cipher, sh_hmac;
/* the single-thread run's outputs: [0] cipher (dst, iv), [1] HMAC (mac) */
static uint8_t sh_ref_out[2][SH_JOBS][65536 + 64];
static uint8_t sh_ref_iv[SH_JOBS][16];

static int sh_job(struct ct_job *j, int kind, int k)
{
	const struct ct_sess *s = kind ? &sh_hmac : &sh_cipher;

	return ct_job_make(j, s, k & 1, sizes[k % NSIZES] + (uint32_t)k, (uint32_t)(1000 + k));
}

static void *sh_run(void *arg)
{
	int id = *(int *)arg, n, k, kind;
	struct ct_job j;

	for (n = 0; n < SH_REPEAT * SH_JOBS; n++) {
		/* each thread starts elsewhere, so different requests overlap */
		k = (n + id * SH_JOBS / SH_THREADS) % SH_JOBS;
		kind = (n + id) & 1;
		if (sh_job(&j, kind, k) || ct_job_sync(&j) || ct_job_check(&j, "sync_shared")) {
			ct_job_free(&j);
			return NULL;
		}
		if (!kind)
			TT_CHECK(!memcmp(j.dst, sh_ref_out[0][k], j.len) &&
				 !memcmp(j.iv, sh_ref_iv[k], 16),
				 "shared cipher session: job %d differs from the single-thread run", k);
		else
			TT_CHECK(!memcmp(j.mac, sh_ref_out[1][k], 32),
				 "shared HMAC session: job %d differs from the single-thread run", k);
		ct_job_free(&j);
	}
	return NULL;
}

static void test_sync_shared(void **state)
{
	int ids[SH_THREADS], i, k, kind;
	struct ct_job j;

	(void)state;
	tt_reset();
	assert_int_equal(ct_init(2, 0, 0), 0);
	assert_int_equal(ct_sess_open(&sh_cipher, &ct_aes256_cbc, 7), 0);
	assert_int_equal(ct_sess_open(&sh_hmac, &ct_hmac_sha256, 8), 0);
	/* the single-thread reference, on the same two sessions */
	for (kind = 0; kind < 2; kind++) {
		for (k = 0; k < SH_JOBS; k++) {
			assert_int_equal(sh_job(&j, kind, k), 0);
			assert_true(kind || j.len <= sizeof(sh_ref_out[0][0]));
			assert_int_equal(ct_job_sync(&j), 0);
			assert_int_equal(ct_job_check(&j, "single-thread reference"), 0);
			memcpy(sh_ref_out[kind][k], kind ? j.mac : j.dst, kind ? 32 : j.len);
			if (!kind)
				memcpy(sh_ref_iv[k], j.iv, 16);
			ct_job_free(&j);
		}
	}
	for (i = 0; i < SH_THREADS; i++)
		ids[i] = i;
	assert_int_equal(tt_run(SH_THREADS, sh_run, ids, sizeof(ids[0])), 0);
	assert_int_equal(tt_failures(), 0);
	ct_sess_close(&sh_cipher);
	ct_sess_close(&sh_hmac);
	ct_uninit();
}

/* ---- fork ---------------------------------------------------------------- */

/* One job of each kind on s[0..2], sync and, when poll, async too. */
static int three_jobs(struct ct_sess *s, int async, uint32_t seed)
{
	union ct_req r;
	struct ct_job j;
	int i, bad = 0, spins;

	for (i = 0; i < 3; i++) {
		if (ct_job_make(&j, &s[i], i & 1, 3000 + (uint32_t)i, seed + (uint32_t)i))
			return -1;
		if (!async) {
			bad |= ct_job_sync(&j) || ct_job_check(&j, "fork");
		} else if (TT_CHECK(!ct_job_async(&j, &r), "fork: async submit failed")) {
			for (spins = 0; !__atomic_load_n(&j.calls, __ATOMIC_ACQUIRE) && spins < 1000000;
			     spins++)
				ct_poll_all();
			bad |= !TT_CHECK(j.calls == 1 && !j.state && j.req_ok && !j.in_submit,
					 "fork: async job: %d callbacks, state %u", j.calls, j.state);
			bad |= ct_job_check(&j, "fork async");
		} else {
			bad = 1;
		}
		ct_job_free(&j);
	}
	return bad ? -1 : 0;
}

static int fork_child(struct ct_sess *parent)
{
	struct wd_cipher_req cr = { .op_type = WD_CIPHER_ENCRYPTION, .in_bytes = 16,
				    .out_buf_bytes = 16, .iv_bytes = 16 };
	struct wd_digest_req dr = { .in_bytes = 1, .out_bytes = 32, .out_buf_bytes = 32 };
	uint8_t buf[64] = { 0 }, iv[16] = { 0 }, out[64];
	struct ct_sess s[3];
	int bad = 0;

	tt_reset();
	cr.src = buf;
	cr.dst = out;
	cr.iv = iv;
	dr.in = buf;
	dr.out = out;
	/* the parent's sessions belong to an engine this process does not have */
	bad |= wd_do_cipher_sync(parent[0].h, &cr) != -WD_EINVAL;
	bad |= wd_do_digest_sync(parent[1].h, &dr) != -WD_EINVAL;
	bad |= wd_cipher_set_key(parent[0].h, parent[0].key, 16) != -WD_EINVAL;
	if (bad)
		return 2;
	if (ct_init(1, 1, 0))
		return 3;
	if (ct_sess_open(&s[0], &ct_aes128_cbc, 21) || ct_sess_open(&s[1], &ct_hmac_sha256, 22) ||
	    ct_sess_open(&s[2], &ct_gcm128, 23))
		return 4;
	bad |= three_jobs(s, 0, 50) || three_jobs(s, 1, 60);
	/* still refused after the child's own init */
	bad |= wd_do_cipher_sync(parent[0].h, &cr) != -WD_EINVAL;
	ct_sess_close(&s[0]);
	ct_sess_close(&s[1]);
	ct_sess_close(&s[2]);
	/* freeing the parent's handles here must be harmless */
	ct_sess_close(&parent[0]);
	ct_sess_close(&parent[1]);
	ct_sess_close(&parent[2]);
	ct_uninit();
	return bad || tt_failures() ? 5 : 0;
}

static void test_fork(void **state)
{
	struct ct_sess s[3];
	int status;
	pid_t pid;

	(void)state;
	tt_reset();
	assert_int_equal(ct_init(1, 1, 0), 0);
	assert_int_equal(ct_sess_open(&s[0], &ct_aes128_cbc, 11), 0);
	assert_int_equal(ct_sess_open(&s[1], &ct_hmac_sha256, 12), 0);
	assert_int_equal(ct_sess_open(&s[2], &ct_gcm128, 13), 0);
	assert_int_equal(three_jobs(s, 0, 1) | three_jobs(s, 1, 5), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fork_child(s));
	/* the parent keeps working while and after the child runs */
	assert_int_equal(three_jobs(s, 0, 30) | three_jobs(s, 1, 35), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	/* 2: parent session usable in the child; 3: re-init; 4: sessions; 5: requests */
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(three_jobs(s, 0, 40) | three_jobs(s, 1, 45), 0);
	assert_int_equal(tt_failures(), 0);
	ct_sess_close(&s[0]);
	ct_sess_close(&s[1]);
	ct_sess_close(&s[2]);
	ct_uninit();
}

/* ---- uninit_open --------------------------------------------------------- */

static void test_uninit_open(void **state)
{
	struct ct_sess old[3], s[3];
	uint8_t buf[32] = { 0 }, iv[16] = { 0 }, out[32];
	struct wd_cipher_req cr = { .op_type = WD_CIPHER_ENCRYPTION, .src = buf, .dst = out,
				    .iv = iv, .in_bytes = 32, .out_buf_bytes = 32, .iv_bytes = 16 };
	struct wd_digest_req dr = { .in = buf, .out = out, .in_bytes = 32, .out_bytes = 32,
				    .out_buf_bytes = 32 };
	struct wd_aead_req ar = { .op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = buf, .dst = out,
				  .mac = iv, .iv = iv, .in_bytes = 16, .out_bytes = 16,
				  .iv_bytes = 12, .mac_bytes = 16 };
	int round;

	(void)state;
	tt_reset();
	for (round = 0; round < 3; round++) {
		assert_int_equal(ct_init(1, 1, 0), 0);
		assert_int_equal(ct_sess_open(&s[0], &ct_aes128_cbc, 71), 0);
		assert_int_equal(ct_sess_open(&s[1], &ct_hmac_sha256, 72), 0);
		assert_int_equal(ct_sess_open(&s[2], &ct_gcm128, 73), 0);
		assert_int_equal(three_jobs(s, round & 1, (uint32_t)(80 + round)), 0);
		if (round) {
			/* the previous round's sessions were never freed: refused, not used */
			assert_int_equal(wd_do_cipher_sync(old[0].h, &cr), -WD_EINVAL);
			assert_int_equal(wd_do_digest_sync(old[1].h, &dr), -WD_EINVAL);
			assert_int_equal(wd_do_aead_sync(old[2].h, &ar), -WD_EINVAL);
			ct_sess_close(&old[0]);
			ct_sess_close(&old[1]);
			ct_sess_close(&old[2]);
		}
		/* down with the sessions open */
		ct_uninit();
		assert_int_equal(wd_do_cipher_sync(s[0].h, &cr), -WD_EINVAL);
		assert_int_equal(wd_do_digest_sync(s[1].h, &dr), -WD_EINVAL);
		assert_int_equal(wd_do_aead_sync(s[2].h, &ar), -WD_EINVAL);
		assert_int_equal(wd_cipher_set_key(s[0].h, s[0].key, 16), -WD_EINVAL);
		memcpy(old, s, sizeof(old));
	}
	ct_sess_close(&old[0]);	/* stale handles: ignored */
	ct_sess_close(&old[1]);
	ct_sess_close(&old[2]);
	assert_int_equal(tt_failures(), 0);
}

/* crypto_threads_async.c */
void test_async_poll(void **state);
void test_async_lib_poller(void **state);
void test_async_ebusy(void **state);
void test_async_cbc_lanes(void **state);

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_own),
		cmocka_unit_test(test_sync_shared),
		cmocka_unit_test(test_fork),
		cmocka_unit_test(test_uninit_open),
		cmocka_unit_test(test_async_poll),
		cmocka_unit_test(test_async_lib_poller),
		cmocka_unit_test(test_async_ebusy),
		cmocka_unit_test(test_async_cbc_lanes),
	};

	if (argc > 1) {
		/* one test per ctest entry; a misspelt name must not pass as "0 run" */
		if (!tt_known_test(argv[1], tests, sizeof(tests) / sizeof(tests[0])))
			return 2;
		cmocka_set_test_filter(argv[1]);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

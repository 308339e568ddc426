/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The asynchronous half of test_crypto_threads (see there for how they run):
 *
 *   async_poll        submitters + one thread calling wd_*_poll(); every
 *                     callback must run on that thread, never inside
 *                     wd_do_*_async; each submitter reuses one request
 *                     struct and scribbles over it right after submitting
 *   async_lib_poller  env_init with WD_*_ASYNC_POLL_EN=1: the library's
 *                     thread reaps (neither a submitter nor main)
 *   async_ebusy       an in-flight window of 8 (wd_cap_config): the 9th
 *                     request gets -WD_EBUSY, and works once polled
 *   async_cbc_lanes   AES-128-CBC encryption, 32 in flight (the CPU driver
 *                     runs them in ipsec-mb lanes): equal to sync results,
 *                     IV write-back included, 16 B .. 64 KiB
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "crypto_threads.h"
#include "threads_util.h"

void test_async_poll(void **state);
void test_async_lib_poller(void **state);
void test_async_ebusy(void **state);
void test_async_cbc_lanes(void **state);

#define AS_MAX_SUBS	3
#define AS_PER_ALG	10
#define AS_SHARED	3
#define AS_MAX_JOBS	((32 + AS_SHARED) * AS_PER_ALG)

/* Sessions every submitter uses at once (async on shared sessions). */
static struct ct_sess as_shared[AS_SHARED];
static pthread_t as_subs[AS_MAX_SUBS], as_main;
static int as_nsubs;
static pthread_barrier_t as_start;
/* atomic: requests accepted; submitters still running */
static int as_submitted, as_left;

struct as_sub {
	int id;
	int checked;
	struct ct_sess own[32];
	struct ct_job jobs[AS_MAX_JOBS];
};

/* Where may a callback run? On the poller, or (library poller) on no thread of ours. */
static int cb_thread_ok(pthread_t t)
{
	int i;

	if (ct_poller_set)
		return pthread_equal(t, ct_poller);
	for (i = 0; i < as_nsubs; i++)
		if (pthread_equal(t, as_subs[i]))
			return 0;
	return !pthread_equal(t, as_main);
}

static void *as_submit(void *arg)
{
	struct as_sub *s = arg;
	union ct_req req;
	int a, k, n = 0, opened = 0, ret, i;

	as_subs[s->id] = pthread_self();
	pthread_barrier_wait(&as_start);
	for (a = 0; a < ct_nalgs; a++, opened++)
		if (ct_sess_open(&s->own[a], &ct_algs[a], (uint32_t)(s->id * 100 + a + 1)))
			goto out;
	for (a = 0; a < ct_nalgs + AS_SHARED; a++)
		for (k = 0; k < AS_PER_ALG; k++, n++)
			if (ct_job_make(&s->jobs[n], a < ct_nalgs ? &s->own[a] : &as_shared[a - ct_nalgs],
					k & 1, 1 + (uint32_t)(a * 997 + k * 4099 + s->id * 31) % 20000,
					(uint32_t)(s->id << 20 | a << 8 | k)))
				goto out;
	for (i = 0; i < n; i++) {
		while ((ret = ct_job_async(&s->jobs[i], &req)) == -WD_EBUSY)
			sched_yield();
		/* the library copied the request: the struct is ours again at once */
		memset(&req, 0xA5, sizeof(req));
		if (!TT_CHECK(!ret, "submitter %d: job %d: wd_do_*_async %d", s->id, i, ret))
			break;
		__atomic_fetch_add(&as_submitted, 1, __ATOMIC_RELEASE);
	}
	n = i;
	/* sessions and buffers stay until their requests are done */
	for (i = 0; i < n; i++)
		while (!__atomic_load_n(&s->jobs[i].calls, __ATOMIC_ACQUIRE))
			sched_yield();
	for (i = 0; i < n; i++) {
		const struct ct_job *j = &s->jobs[i];

		if (TT_CHECK(j->calls == 1, "job %d: %d callbacks", i, j->calls) &&
		    TT_CHECK(!j->in_submit, "%s: callback ran inside wd_do_*_async", j->s->a->ossl) &&
		    TT_CHECK(cb_thread_ok(j->cb_thread), "%s: callback on the wrong thread",
			     j->s->a->ossl) &&
		    TT_CHECK(j->req_ok, "%s: the callback's request is not the one submitted",
			     j->s->a->ossl) &&
		    TT_CHECK(!j->state, "%s: state %u", j->s->a->ossl, j->state) &&
		    !ct_job_check(j, "async"))
			s->checked++;
	}
out:
	for (i = 0; i < AS_MAX_JOBS; i++)
		ct_job_free(&s->jobs[i]);
	while (opened--)
		ct_sess_close(&s->own[opened]);
	__atomic_fetch_sub(&as_left, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *as_poll(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&as_left, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&ct_done, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&as_submitted, __ATOMIC_ACQUIRE))
		if (!ct_poll_all())
			sched_yield();
	return NULL;
}

/* Run nsubs submitters (and our poller when poller is set); returns the jobs checked. */
static int as_run(int nsubs, int poller)
{
	struct as_sub *subs = calloc((size_t)nsubs, sizeof(*subs));
	pthread_t pt;
	int i, checked = 0;

	assert_non_null(subs);
	assert_int_equal(ct_sess_open(&as_shared[0], &ct_aes128_cbc, 901), 0);
	assert_int_equal(ct_sess_open(&as_shared[1], &ct_hmac_sha256, 902), 0);
	assert_int_equal(ct_sess_open(&as_shared[2], &ct_gcm128, 903), 0);
	__atomic_store_n(&ct_done, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&as_submitted, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&as_left, nsubs, __ATOMIC_RELAXED);
	as_nsubs = nsubs;
	as_main = pthread_self();
	ct_poller_set = 0;
	if (poller) {
		assert_int_equal(pthread_create(&pt, NULL, as_poll, NULL), 0);
		ct_poller = pt;
		ct_poller_set = 1;
	}
	assert_int_equal(pthread_barrier_init(&as_start, NULL, (unsigned int)nsubs), 0);
	for (i = 0; i < nsubs; i++)
		subs[i].id = i;
	assert_int_equal(tt_run(nsubs, as_submit, subs, sizeof(subs[0])), 0);
	if (poller)
		pthread_join(pt, NULL);
	pthread_barrier_destroy(&as_start);
	for (i = 0; i < nsubs; i++)
		checked += subs[i].checked;
	free(subs);
	for (i = 0; i < AS_SHARED; i++)
		ct_sess_close(&as_shared[i]);
	assert_int_equal(tt_failures(), 0);
	assert_int_equal(__atomic_load_n(&ct_done, __ATOMIC_ACQUIRE), checked);
	return checked;
}

void test_async_poll(void **state)
{
	(void)state;
	tt_reset();
	assert_int_equal(ct_init(1, 2, 0), 0);
	assert_int_equal(as_run(AS_MAX_SUBS, 1), AS_MAX_SUBS * (ct_nalgs + AS_SHARED) * AS_PER_ALG);
	/* nothing is left to reap */
	assert_int_equal(ct_poll_all(), 0);
	ct_uninit();
}

static const char *const poll_env[][2] = {
	{ "WD_CIPHER_ASYNC_POLL_EN", "1" }, { "WD_DIGEST_ASYNC_POLL_EN", "1" },
	{ "WD_AEAD_ASYNC_POLL_EN", "1" }, { "WD_CIPHER_CTX_NUM", "sync:1@0,async:2@0" },
	{ "WD_DIGEST_CTX_NUM", "sync:1@0,async:2@0" }, { "WD_AEAD_CTX_NUM", "sync:1@0,async:2@0" },
};

void test_async_lib_poller(void **state)
{
	struct wd_cipher_sess_setup su = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	size_t i;
	__u32 num = 0;
	__u8 en = 0;

	(void)state;
	tt_reset();
	for (i = 0; i < sizeof(poll_env) / sizeof(poll_env[0]); i++)
		setenv(poll_env[i][0], poll_env[i][1], 1);
	assert_int_equal(wd_cipher_env_init(NULL), 0);
	assert_int_equal(wd_digest_env_init(NULL), 0);
	assert_int_equal(wd_aead_env_init(NULL), 0);
	assert_int_equal(wd_cipher_get_env_param(0, 0, CTX_MODE_ASYNC, &num, &en), 0);
	assert_int_equal(num, 2);
	assert_int_equal(en, 1);
	/* our threads never poll: only the library's can complete anything */
	assert_int_equal(as_run(2, 0), 2 * (ct_nalgs + AS_SHARED) * AS_PER_ALG);
	wd_aead_env_uninit();
	wd_digest_env_uninit();
	wd_cipher_env_uninit();
	for (i = 0; i < sizeof(poll_env) / sizeof(poll_env[0]); i++)
		unsetenv(poll_env[i][0]);
	/* the last reference is gone (and the poll threads with it) */
	assert_int_equal(wd_cipher_alloc_sess(&su), 0);
}

/* ---- async_ebusy --------------------------------------------------------- */

#define EB_DEPTH 8

void test_async_ebusy(void **state)
{
	const struct ct_alg *algs[] = { &ct_aes128_ctr, &ct_aes128_cbc, &ct_hmac_sha256, &ct_gcm128 };
	struct ct_job jobs[EB_DEPTH + 1];
	union ct_req req;
	struct ct_sess s;
	int a, k, before, spins;

	(void)state;
	tt_reset();
	ct_poller_set = 0;
	/* one async ctx with room for 8 requests */
	assert_int_equal(ct_init(1, 1, EB_DEPTH), 0);
	for (a = 0; a < 4; a++) {
		assert_int_equal(ct_sess_open(&s, algs[a], (uint32_t)(500 + a)), 0);
		for (k = 0; k <= EB_DEPTH; k++)
			assert_int_equal(ct_job_make(&jobs[k], &s, 1, 64 + (uint32_t)k * 512,
						     (uint32_t)(600 + a * 16 + k)), 0);
		before = __atomic_load_n(&ct_done, __ATOMIC_ACQUIRE);
		for (k = 0; k < EB_DEPTH; k++)
			assert_int_equal(ct_job_async(&jobs[k], &req), 0);
		/* the window is full until a poll reaps */
		assert_int_equal(ct_job_async(&jobs[EB_DEPTH], &req), -WD_EBUSY);
		assert_int_equal(ct_job_async(&jobs[EB_DEPTH], &req), -WD_EBUSY);
		assert_int_equal(__atomic_load_n(&ct_done, __ATOMIC_ACQUIRE), before);
		for (spins = 0; ct_done < before + EB_DEPTH && spins < 100000; spins++)
			ct_poll_all();
		assert_int_equal(ct_done, before + EB_DEPTH);
		assert_int_equal(jobs[EB_DEPTH].calls, 0);
		/* room again */
		assert_int_equal(ct_job_async(&jobs[EB_DEPTH], &req), 0);
		for (spins = 0; ct_done < before + EB_DEPTH + 1 && spins < 100000; spins++)
			ct_poll_all();
		for (k = 0; k <= EB_DEPTH; k++) {
			assert_int_equal(jobs[k].calls, 1);
			assert_int_equal(jobs[k].state, 0);
			assert_false(jobs[k].in_submit);
			assert_true(jobs[k].req_ok);
			assert_int_equal(ct_job_check(&jobs[k], algs[a]->ossl), 0);
			ct_job_free(&jobs[k]);
		}
		ct_sess_close(&s);
	}
	assert_int_equal(tt_failures(), 0);
	ct_uninit();
}

/* ---- async_cbc_lanes ----------------------------------------------------- */

#define LN_FLIGHT	32
#define LN_SESS		4

static uint32_t ln_sizes[64];

static int ln_make_sizes(void)
{
	static const uint32_t big[] = { 528, 1008, 1024, 2032, 2048, 4080, 4096, 8192, 12288,
					16384, 32768, 65520, 65536 };
	int n = 0, i;

	for (i = 1; i <= 32; i++)
		ln_sizes[n++] = (uint32_t)i * 16;
	for (i = 0; i < (int)(sizeof(big) / sizeof(big[0])); i++)
		ln_sizes[n++] = big[i];
	return n;
}

void test_async_cbc_lanes(void **state)
{
	struct ct_job *as = calloc(LN_FLIGHT, sizeof(*as)), *sy = calloc(LN_FLIGHT, sizeof(*sy));
	struct ct_sess s[LN_SESS];
	int nsizes = ln_make_sizes(), b, i, before, spins, checked = 0;
	union ct_req req;

	(void)state;
	tt_reset();
	ct_poller_set = 0;
	assert_non_null(as);
	assert_non_null(sy);
	assert_int_equal(ct_init(1, 1, 0), 0);
	for (i = 0; i < LN_SESS; i++)
		assert_int_equal(ct_sess_open(&s[i], &ct_aes128_cbc, (uint32_t)(700 + i)), 0);
	for (b = 0; b < nsizes; b++) {
		for (i = 0; i < LN_FLIGHT; i++) {
			/* sizes mixed within a batch; some batches mix in decryptions */
			uint32_t len = ln_sizes[(b * 5 + i * 3) % nsizes], seed = (uint32_t)(b << 8 | i);
			int enc = b % 4 != 3 || (i & 1);

			assert_int_equal(ct_job_make(&as[i], &s[i % LN_SESS], enc, len, seed), 0);
			assert_int_equal(ct_job_make(&sy[i], &s[i % LN_SESS], enc, len, seed), 0);
			assert_int_equal(ct_job_sync(&sy[i]), 0);
		}
		before = __atomic_load_n(&ct_done, __ATOMIC_ACQUIRE);
		for (i = 0; i < LN_FLIGHT; i++)
			assert_int_equal(ct_job_async(&as[i], &req), 0);
		for (spins = 0; ct_done < before + LN_FLIGHT && spins < 100000; spins++)
			ct_poll_all();
		assert_int_equal(ct_done, before + LN_FLIGHT);
		for (i = 0; i < LN_FLIGHT; i++) {
			assert_int_equal(as[i].calls, 1);
			assert_int_equal(as[i].state, 0);
			assert_true(as[i].req_ok);
			assert_false(as[i].in_submit);
			if (memcmp(as[i].dst, sy[i].dst, as[i].len) || memcmp(as[i].iv, sy[i].iv, 16))
				fail_msg("batch %d: async %s of %u bytes differs from sync (data or IV)",
					 b, as[i].enc ? "encryption" : "decryption", as[i].len);
			assert_int_equal(ct_job_check(&as[i], "async CBC"), 0);
			assert_int_equal(ct_job_check(&sy[i], "sync CBC"), 0);
			ct_job_free(&as[i]);
			ct_job_free(&sy[i]);
			checked++;
		}
	}
	assert_int_equal(checked, nsizes * LN_FLIGHT);
	for (i = 0; i < LN_SESS; i++)
		ct_sess_close(&s[i]);
	assert_int_equal(tt_failures(), 0);
	ct_uninit();
	free(as);
	free(sy);
}

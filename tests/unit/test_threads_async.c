/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Threads against the asynchronous API, public calls only (see
 * test_threads_sync.c for how they are run). Every request's callback must
 * come exactly once, from a poll, with the request the caller made; every
 * output is checked against zlib or the original data.
 *
 *   async_poll        submitters + one thread reaping with wd_comp_poll()
 *   async_poll_ctx    submitters + two threads reaping with wd_comp_poll_ctx()
 *                     on every async ctx (they meet on the same ctxs)
 *   async_lib_poller  wd_comp_env_init() with WD_COMP_ASYNC_POLL_EN=1: the
 *                     library's thread reaps; callbacks chain compress ->
 *                     decompress -> next compress from inside the callback
 *   ctx_info_monitor  wd_comp_get_ctx_info() (warpdrive.h) read while
 *                     async traffic runs, as a monitoring thread would
 *
 * Usage: test_threads_async [test name]   (no name: all of them)
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "test_util.h"
#include "threads_util.h"

/* ---- one async request and what its callback saw ------------------------- */

struct job {
	/* set by the submitter before submitting */
	int alg, op;
	const uint8_t *orig;	/* the data this job must give back (decompress) or encode */
	__u32 orig_len;
	const uint8_t *src;
	__u32 src_len;
	uint8_t *dst;
	__u32 cap;
	/* set by the callback */
	int calls;		/* atomic */
	int req_ok;		/* the callback's request carries our src, dst and op */
	__u32 status, consumed, produced;
	pthread_t cb_thread;
};

/* all atomic: callbacks run, requests accepted, submitters still going */
static int jobs_done, jobs_submitted, submitters_left;

/* Pollers stop when every submitter is through and every accepted request
 * has had its callback (a failed submit must not leave them waiting). */
static int all_reaped(void)
{
	return __atomic_load_n(&submitters_left, __ATOMIC_ACQUIRE) == 0 &&
	       __atomic_load_n(&jobs_done, __ATOMIC_ACQUIRE) ==
	       __atomic_load_n(&jobs_submitted, __ATOMIC_ACQUIRE);
}

static void jobs_reset(int submitters)
{
	__atomic_store_n(&jobs_done, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&jobs_submitted, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&submitters_left, submitters, __ATOMIC_RELAXED);
}

static void *job_cb(struct wd_comp_req *req, void *param)
{
	struct job *j = param;

	j->req_ok = req->src == j->src && req->dst == j->dst && (int)req->op_type == j->op &&
		    req->cb == job_cb && req->cb_param == j;
	j->status = req->status;
	j->consumed = req->src_len;
	j->produced = req->dst_len;
	j->cb_thread = pthread_self();
	__atomic_fetch_add(&j->calls, 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&jobs_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

#define JOBS_PER_OP 160
#define JOB_MAXLEN 8192

/* A submitter's jobs: JOBS_PER_OP compressions and as many decompressions. */
struct submitter {
	int id;
	struct job jobs[2 * JOBS_PER_OP];
	uint8_t *mem;		/* inputs, zlib streams and outputs of all jobs */
	int submitted;
};

static __u32 job_len(int id, int k)
{
	static const __u32 lens[] = { 1, 100, 2000, 4096, JOB_MAXLEN };

	return lens[(id + k) % 5];
}

/* Lay out the jobs' data; decompression inputs are zlib's streams. */
static int submitter_prepare(struct submitter *s)
{
	size_t per = JOB_MAXLEN * 2 + tt_bound(JOB_MAXLEN) * 2, off = 0;
	int k;

	s->mem = malloc(per * JOBS_PER_OP);
	if (!s->mem)
		return -1;
	for (k = 0; k < JOBS_PER_OP; k++) {
		struct job *c = &s->jobs[2 * k], *d = &s->jobs[2 * k + 1];
		uint8_t *in = s->mem + off, *cout = in + JOB_MAXLEN, *zin = cout + tt_bound(JOB_MAXLEN);
		uint8_t *dout = zin + tt_bound(JOB_MAXLEN);
		__u32 len = job_len(s->id, k);
		long zl;

		off += per;
		td_fill(in, len, (enum tdata)(k % 4), (uint32_t)(s->id * 1000 + k + 1));
		*c = (struct job){ .alg = (s->id + k) % 3, .op = WD_DIR_COMPRESS, .orig = in,
				   .orig_len = len, .src = in, .src_len = len, .dst = cout,
				   .cap = tt_bound(len) };
		zl = td_zlib_deflate((s->id + k + 1) % 3, 1 + k % 9, 15, Z_DEFAULT_STRATEGY, in, len,
				     zin, tt_bound(JOB_MAXLEN));
		if (zl <= 0)
			return -1;
		*d = (struct job){ .alg = (s->id + k + 1) % 3, .op = WD_DIR_DECOMPRESS, .orig = in,
				   .orig_len = len, .src = zin, .src_len = (__u32)zl, .dst = dout,
				   .cap = len + 1 };
	}
	return 0;
}

/*
 * Submit every job on async sessions of ours. -WD_EBUSY means the ctx's
 * queue is full: another thread polls, so yield and try again.
 */
static void submitter_run(struct submitter *s)
{
	handle_t c[3] = { 0 }, d[3] = { 0 };
	int a, k, ret;

	for (a = 0; a < 3; a++) {
		c[a] = tt_sess(a, WD_DIR_COMPRESS, 1 + (s->id + a) % 9, WD_COMP_WS_32K, CTX_MODE_ASYNC);
		d[a] = tt_sess(a, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
		if (!TT_CHECK(c[a] && d[a], "submitter %d: alloc_sess failed", s->id))
			goto out;
	}
	for (k = 0; k < 2 * JOBS_PER_OP; k++) {
		struct job *j = &s->jobs[k];
		struct wd_comp_req req = { .src = (void *)j->src, .src_len = j->src_len, .dst = j->dst,
					   .dst_len = j->cap, .op_type = j->op, .cb = job_cb,
					   .cb_param = j };

		while ((ret = wd_do_comp_async(j->op == WD_DIR_COMPRESS ? c[j->alg] : d[j->alg],
					       &req)) == -WD_EBUSY)
			sched_yield();
		if (!TT_CHECK(ret == 0, "submitter %d: job %d: wd_do_comp_async returned %d", s->id,
			      k, ret))
			break;
		s->submitted++;
		__atomic_fetch_add(&jobs_submitted, 1, __ATOMIC_RELEASE);
	}
	/* sessions stay until their requests are done (the API does not say
	 * that a session may go with requests in flight) */
	for (k = 0; k < s->submitted; k++)
		while (!__atomic_load_n(&s->jobs[k].calls, __ATOMIC_ACQUIRE))
			sched_yield();
out:
	__atomic_fetch_sub(&submitters_left, 1, __ATOMIC_RELEASE);
	for (a = 0; a < 3; a++) {
		wd_comp_free_sess(c[a]);
		wd_comp_free_sess(d[a]);
	}
}

/* After all callbacks: each came once, from a poller, with the right result. */
static int job_verify(const struct job *j, const pthread_t *pollers, int npollers)
{
	uint8_t *ref = malloc((size_t)j->orig_len + 1);
	int i, from_poller = 0, ok;

	for (i = 0; i < npollers; i++)
		from_poller |= pthread_equal(j->cb_thread, pollers[i]);
	ok = TT_CHECK(j->calls == 1, "job called back %d times", j->calls) &&
	     TT_CHECK(!npollers || from_poller, "callback ran outside the polling threads") &&
	     TT_CHECK(j->req_ok, "callback's request is not the submitted one") &&
	     TT_CHECK(j->status == WD_SUCCESS && j->consumed == j->src_len,
		      "%s job: status %u consumed %u of %u",
		      j->op == WD_DIR_COMPRESS ? "compress" : "decompress", j->status, j->consumed,
		      j->src_len) &&
	     TT_CHECK(ref != NULL, "out of memory");
	if (ok && j->op == WD_DIR_COMPRESS)
		ok = TT_CHECK(td_zlib_inflate(j->alg, WD_COMP_WS_32K, j->dst, j->produced, ref,
					      (size_t)j->orig_len + 1) == (long)j->orig_len &&
			      !memcmp(ref, j->orig, j->orig_len),
			      "zlib rejects an async compression (alg %d, %u -> %u)", j->alg,
			      j->orig_len, j->produced);
	else if (ok)
		ok = TT_CHECK(j->produced == j->orig_len && !memcmp(j->dst, j->orig, j->orig_len),
			      "async decompression gives %u of %u bytes, or others", j->produced,
			      j->orig_len);
	free(ref);
	return ok;
}

/* ---- async_poll / async_poll_ctx ----------------------------------------- */

#define AP_SUBMITTERS 4
#define AP_MAX_POLLERS 2
#define AP_MAX_CTX 64

struct ap_thread {
	int id;
	int poller;		/* 0: submitter; 1: wd_comp_poll; 2: wd_comp_poll_ctx */
	__u32 reaped;		/* pollers: sum of the counts poll returned */
	pthread_t self;
	struct submitter *sub;
};

static __u32 ap_async_idx[AP_MAX_CTX];
static int ap_nasync;

static void *ap_run(void *arg)
{
	struct ap_thread *t = arg;
	__u32 cnt, expt, sweep = 0;
	int ret, i;

	t->self = pthread_self();
	if (!t->poller) {
		submitter_run(t->sub);
		return NULL;
	}
	/* callbacks bump jobs_done, from this thread or the other poller */
	while (!all_reaped()) {
		__u32 got = 0;

		/* expt: 0 means all that is ready; a small one leaves some behind */
		expt = (t->id + sweep) % 2 ? 1 + sweep % 4 : 0;
		sweep++;
		if (t->poller == 1) {
			ret = wd_comp_poll(expt, &cnt);
			got = cnt;
			TT_CHECK(ret == 0 || ret == -WD_EAGAIN, "wd_comp_poll returned %d", ret);
		} else {
			for (i = 0; i < ap_nasync; i++) {
				ret = wd_comp_poll_ctx(ap_async_idx[i], expt, &cnt);
				TT_CHECK(ret == 0 || ret == -WD_EAGAIN,
					 "wd_comp_poll_ctx(%u) returned %d", ap_async_idx[i], ret);
				TT_CHECK(!expt || cnt <= expt, "poll_ctx reaped %u, asked %u", cnt,
					 expt);
				got += cnt;
			}
		}
		t->reaped += got;
		if (!got)
			sched_yield();
	}
	return NULL;
}

static void ap_test(const char *alg, int poller_kind, int npollers)
{
	struct ap_thread t[AP_SUBMITTERS + AP_MAX_POLLERS];
	struct submitter *subs = calloc(AP_SUBMITTERS, sizeof(*subs));
	struct wd_ctx_info info[AP_MAX_CTX];
	pthread_t pollers[AP_MAX_POLLERS];
	int i, k, n, expect = AP_SUBMITTERS * 2 * JOBS_PER_OP, verified = 0;
	__u32 reaped = 0, cnt;
	int ret;

	tt_reset();
	assert_non_null(subs);
	/* 2 async ctxs per op: 4 submitters share them */
	assert_int_equal(tt_init2(alg, SCHED_POLICY_RR, 1, 2), 0);
	/* warpdrive.h lists the ctxs in the order of wd_comp_poll_ctx()'s idx */
	n = wd_comp_get_ctx_info(info, AP_MAX_CTX);
	assert_int_equal(n, 6);
	for (ap_nasync = 0, i = 0; i < n; i++)
		if (info[i].mode == CTX_MODE_ASYNC)
			ap_async_idx[ap_nasync++] = (__u32)i;
	assert_int_equal(ap_nasync, 4);
	/* a ctx index past the end is refused */
	assert_true(wd_comp_poll_ctx((__u32)n, 0, &cnt) < 0);
	jobs_reset(AP_SUBMITTERS);
	for (i = 0; i < AP_SUBMITTERS; i++) {
		subs[i].id = i;
		assert_int_equal(submitter_prepare(&subs[i]), 0);
		t[i] = (struct ap_thread){ .id = i, .sub = &subs[i] };
	}
	for (i = 0; i < npollers; i++)
		t[AP_SUBMITTERS + i] = (struct ap_thread){ .id = i, .poller = poller_kind };
	assert_int_equal(tt_run(AP_SUBMITTERS + npollers, ap_run, t, sizeof(t[0])), 0);
	assert_int_equal(tt_failures(), 0);
	for (i = 0; i < npollers; i++) {
		pollers[i] = t[AP_SUBMITTERS + i].self;
		reaped += t[AP_SUBMITTERS + i].reaped;
	}
	/* nothing is left to reap, and the counts add up */
	ret = wd_comp_poll(0, &cnt);
	assert_true(ret == 0 || ret == -WD_EAGAIN);
	assert_int_equal(cnt, 0);
	assert_int_equal(reaped, (__u32)expect);
	assert_int_equal(__atomic_load_n(&jobs_done, __ATOMIC_ACQUIRE), expect);
	for (i = 0; i < AP_SUBMITTERS; i++) {
		assert_int_equal(subs[i].submitted, 2 * JOBS_PER_OP);
		for (k = 0; k < 2 * JOBS_PER_OP; k++)
			verified += job_verify(&subs[i].jobs[k], pollers, npollers);
		free(subs[i].mem);
	}
	assert_int_equal(tt_failures(), 0);
	assert_int_equal(verified, expect);
	wd_comp_uninit2();
	free(subs);
}

static void test_async_poll(void **state)
{
	(void)state;
	ap_test("gzip", 1, 1);
}

static void test_async_poll_ctx(void **state)
{
	(void)state;
	ap_test("deflate", 2, 2);
}

/* ---- async_lib_poller ---------------------------------------------------- */

#define LP_THREADS 4
#define LP_CHAINS 6
#define LP_LINKS 24
#define LP_MAXLEN 12000

struct lp_worker;

/*
 * A chain: compress block k; its callback submits the decompression of the
 * result; that callback checks the data and submits block k + 1. Requests
 * that meet a full queue in a callback are parked for the owner to submit.
 */
struct chain {
	struct lp_worker *owner;
	int alg;
	int link;			/* the block in progress */
	int decomp;			/* the request in flight is its decompression */
	uint8_t in[LP_LINKS][LP_MAXLEN];
	__u32 len[LP_LINKS];
	uint8_t cmp[LP_LINKS][LP_MAXLEN + LP_MAXLEN / 8 + 1024];
	__u32 clen[LP_LINKS];
	uint8_t out[LP_MAXLEN + 1];
	int comp_calls, decomp_calls, verified;
	int on_our_threads;		/* callbacks that ran on a submitter thread */
	struct chain *next_parked;
};

struct lp_worker {
	int id;
	pthread_t self;
	handle_t c, d;
	struct chain chains[LP_CHAINS];
	pthread_mutex_t lock;		/* parked */
	struct chain *parked;
	int finished;			/* chains done; atomic */
};

static struct lp_worker *lp_workers[LP_THREADS];
/* every worker's self is set before any request goes (callbacks read them) */
static pthread_barrier_t lp_start;

static void *chain_cb(struct wd_comp_req *req, void *param);

/* Submit the chain's next request; -WD_EBUSY is returned, not retried. */
static int chain_submit(struct chain *ch)
{
	struct wd_comp_req req = { .cb = chain_cb, .cb_param = ch };
	int k = ch->link;

	if (ch->decomp) {
		req.src = ch->cmp[k];
		req.src_len = ch->clen[k];
		req.dst = ch->out;
		req.dst_len = sizeof(ch->out);
		req.op_type = WD_DIR_DECOMPRESS;
		return wd_do_comp_async(ch->owner->d, &req);
	}
	req.src = ch->in[k];
	req.src_len = ch->len[k];
	req.dst = ch->cmp[k];
	req.dst_len = sizeof(ch->cmp[k]);
	req.op_type = WD_DIR_COMPRESS;
	return wd_do_comp_async(ch->owner->c, &req);
}

static void chain_next(struct chain *ch)
{
	struct lp_worker *w = ch->owner;
	int ret = chain_submit(ch);

	if (ret == -WD_EBUSY) {
		/* the poller is us: spinning here would wait on ourselves */
		pthread_mutex_lock(&w->lock);
		ch->next_parked = w->parked;
		w->parked = ch;
		pthread_mutex_unlock(&w->lock);
	} else if (!TT_CHECK(ret == 0, "chain: wd_do_comp_async from a callback returned %d", ret)) {
		__atomic_fetch_add(&w->finished, 1, __ATOMIC_RELEASE);	/* give up on it */
	}
}

static void *chain_cb(struct wd_comp_req *req, void *param)
{
	struct chain *ch = param;
	int k = ch->link, i;

	for (i = 0; i < LP_THREADS; i++)
		ch->on_our_threads += pthread_equal(pthread_self(), lp_workers[i]->self);
	if (!ch->decomp) {
		ch->comp_calls++;
		if (!TT_CHECK(req->status == WD_SUCCESS && req->src_len == ch->len[k] &&
			      req->src == ch->in[k], "chain compress: status %u consumed %u of %u",
			      req->status, req->src_len, ch->len[k])) {
			__atomic_fetch_add(&ch->owner->finished, 1, __ATOMIC_RELEASE);
			return NULL;
		}
		ch->clen[k] = req->dst_len;
		ch->decomp = 1;
		chain_next(ch);
		return NULL;
	}
	ch->decomp_calls++;
	ch->verified += TT_CHECK(req->status == WD_SUCCESS && req->dst_len == ch->len[k] &&
				 !memcmp(ch->out, ch->in[k], ch->len[k]),
				 "chain decompress: status %u, %u of %u bytes", req->status,
				 req->dst_len, ch->len[k]);
	ch->decomp = 0;
	if (++ch->link == LP_LINKS) {
		__atomic_fetch_add(&ch->owner->finished, 1, __ATOMIC_RELEASE);
		return NULL;
	}
	chain_next(ch);
	return NULL;
}

static void *lp_run(void *arg)
{
	struct lp_worker *w = arg;
	int i, ret;

	w->self = pthread_self();
	pthread_barrier_wait(&lp_start);
	w->c = tt_sess(w->id % 3, WD_DIR_COMPRESS, 1 + w->id * 2, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	w->d = tt_sess(w->id % 3, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	if (!TT_CHECK(w->c && w->d, "worker %d: alloc_sess failed", w->id))
		return NULL;
	/* first links from here; the rest come from callbacks */
	for (i = 0; i < LP_CHAINS; i++) {
		while ((ret = chain_submit(&w->chains[i])) == -WD_EBUSY)
			sched_yield();
		if (!TT_CHECK(ret == 0, "worker %d: first submit returned %d", w->id, ret))
			__atomic_fetch_add(&w->finished, 1, __ATOMIC_RELEASE);
	}
	/* never poll: only the library's thread reaps; resubmit what it parked */
	while (__atomic_load_n(&w->finished, __ATOMIC_ACQUIRE) < LP_CHAINS) {
		struct chain *ch;

		pthread_mutex_lock(&w->lock);
		ch = w->parked;
		if (ch)
			w->parked = ch->next_parked;
		pthread_mutex_unlock(&w->lock);
		if (!ch) {
			sched_yield();
			continue;
		}
		while ((ret = chain_submit(ch)) == -WD_EBUSY)
			sched_yield();
		if (!TT_CHECK(ret == 0, "worker %d: resubmit returned %d", w->id, ret))
			__atomic_fetch_add(&w->finished, 1, __ATOMIC_RELEASE);
	}
	wd_comp_free_sess(w->c);
	wd_comp_free_sess(w->d);
	return NULL;
}

static void test_async_lib_poller(void **state)
{
	struct lp_worker *w = calloc(LP_THREADS, sizeof(*w));
	int i, k, l, verified = 0;
	__u32 num;
	__u8 en;

	(void)state;
	tt_reset();
	assert_non_null(w);
	setenv("WD_COMP_ASYNC_POLL_EN", "1", 1);
	setenv("WD_COMP_CTX_NUM", "sync-comp:1@0,sync-decomp:1@0,async-comp:2@0,async-decomp:2@0", 1);
	assert_int_equal(wd_comp_env_init(NULL), 0);
	assert_int_equal(wd_comp_get_env_param(0, WD_DIR_COMPRESS, CTX_MODE_ASYNC, &num, &en), 0);
	assert_int_equal(num, 2);
	assert_int_equal(en, 1);
	assert_int_equal(wd_comp_get_env_param(0, WD_DIR_DECOMPRESS, CTX_MODE_ASYNC, &num, &en), 0);
	assert_int_equal(num, 2);
	for (i = 0; i < LP_THREADS; i++) {
		w[i].id = i;
		pthread_mutex_init(&w[i].lock, NULL);
		lp_workers[i] = &w[i];
		for (k = 0; k < LP_CHAINS; k++) {
			struct chain *ch = &w[i].chains[k];

			ch->owner = &w[i];
			ch->alg = i % 3;
			for (l = 0; l < LP_LINKS; l++) {
				ch->len[l] = 1000 + (__u32)((i * 31 + k * 7 + l * 2999) %
							    (LP_MAXLEN - 1000));
				td_fill(ch->in[l], ch->len[l], (enum tdata)((k + l) % 4),
					(uint32_t)(i * 10000 + k * 100 + l + 1));
			}
		}
	}
	assert_int_equal(pthread_barrier_init(&lp_start, NULL, LP_THREADS), 0);
	assert_int_equal(tt_run(LP_THREADS, lp_run, w, sizeof(w[0])), 0);
	pthread_barrier_destroy(&lp_start);
	assert_int_equal(tt_failures(), 0);
	for (i = 0; i < LP_THREADS; i++) {
		for (k = 0; k < LP_CHAINS; k++) {
			struct chain *ch = &w[i].chains[k];

			assert_int_equal(ch->comp_calls, LP_LINKS);
			assert_int_equal(ch->decomp_calls, LP_LINKS);
			assert_int_equal(ch->on_our_threads, 0);
			for (l = 0; l < LP_LINKS; l++) {
				long got = td_zlib_inflate(ch->alg, WD_COMP_WS_32K, ch->cmp[l],
							   ch->clen[l], ch->out, sizeof(ch->out));

				verified += TT_CHECK(got == (long)ch->len[l] &&
						     !memcmp(ch->out, ch->in[l], ch->len[l]),
						     "zlib rejects a chained compression");
			}
			verified += ch->verified;
		}
		pthread_mutex_destroy(&w[i].lock);
	}
	assert_int_equal(tt_failures(), 0);
	assert_int_equal(verified, 2 * LP_THREADS * LP_CHAINS * LP_LINKS);
	wd_comp_env_uninit();
	/* the last reference is gone, and the poll thread with it */
	assert_int_equal(tt_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC), 0);
	unsetenv("WD_COMP_ASYNC_POLL_EN");
	unsetenv("WD_COMP_CTX_NUM");
	free(w);
}

/* ---- ctx_info_monitor ---------------------------------------------------- */

#define MON_SUBMITTERS 2

struct mon_thread {
	int id;
	int role;		/* 0: submitter, 1: poller, 2: monitor */
	int expect;		/* monitor: no ctx can have more in flight */
	struct submitter *sub;
};

static void *mon_run(void *arg)
{
	struct mon_thread *t = arg;
	struct wd_ctx_info first[AP_MAX_CTX], now[AP_MAX_CTX];
	int n, i;
	__u32 cnt;

	if (t->role == 0) {
		submitter_run(t->sub);
		return NULL;
	}
	if (t->role == 1) {
		while (!all_reaped())
			if (wd_comp_poll(0, &cnt) || !cnt)
				sched_yield();
		return NULL;
	}
	n = wd_comp_get_ctx_info(first, AP_MAX_CTX);
	TT_CHECK(n == 6, "get_ctx_info: %d ctxs", n);
	while (!all_reaped()) {
		int m = wd_comp_get_ctx_info(now, AP_MAX_CTX);

		if (!TT_CHECK(m == n, "get_ctx_info: %d ctxs, then %d", n, m))
			break;
		for (i = 0; i < m; i++)
			if (!TT_CHECK(!strcmp(now[i].driver, first[i].driver) &&
				      now[i].mode == first[i].mode &&
				      now[i].op_type == first[i].op_type &&
				      now[i].inflight <= (__u32)t->expect,
				      "ctx %d changed under traffic (inflight %u)", i, now[i].inflight))
				return NULL;
		sched_yield();
	}
	return NULL;
}

static void test_ctx_info_monitor(void **state)
{
	struct mon_thread t[MON_SUBMITTERS + 2];
	struct submitter *subs = calloc(MON_SUBMITTERS, sizeof(*subs));
	int i, k, verified = 0, expect = MON_SUBMITTERS * 2 * JOBS_PER_OP;

	(void)state;
	tt_reset();
	assert_non_null(subs);
	assert_int_equal(tt_init2("zlib", SCHED_POLICY_RR, 1, 2), 0);
	jobs_reset(MON_SUBMITTERS);
	for (i = 0; i < MON_SUBMITTERS; i++) {
		subs[i].id = i;
		assert_int_equal(submitter_prepare(&subs[i]), 0);
		t[i] = (struct mon_thread){ .id = i, .sub = &subs[i] };
	}
	t[MON_SUBMITTERS] = (struct mon_thread){ .role = 1 };
	t[MON_SUBMITTERS + 1] = (struct mon_thread){ .role = 2, .expect = expect };
	assert_int_equal(tt_run(MON_SUBMITTERS + 2, mon_run, t, sizeof(t[0])), 0);
	assert_int_equal(tt_failures(), 0);
	for (i = 0; i < MON_SUBMITTERS; i++) {
		for (k = 0; k < 2 * JOBS_PER_OP; k++)
			verified += job_verify(&subs[i].jobs[k], NULL, 0);
		free(subs[i].mem);
	}
	assert_int_equal(tt_failures(), 0);
	assert_int_equal(verified, expect);
	wd_comp_uninit2();
	free(subs);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_async_poll),
		cmocka_unit_test(test_async_poll_ctx),
		cmocka_unit_test(test_async_lib_poller),
		cmocka_unit_test(test_ctx_info_monitor),
	};

	if (argc > 1) {
		/* one test per ctest entry; a misspelt name must not pass as "0 run" */
		if (!tt_known_test(argv[1], tests, sizeof(tests) / sizeof(tests[0])))
			return 2;
		cmocka_set_test_filter(argv[1]);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Threads against the synchronous API, public calls only, so the tests
 * outlive any rewrite of the engine. Built and run under ThreadSanitizer
 * by scripts/test.sh (WD_TSAN=ON, ctest -L threads); they also run in the
 * ordinary builds. Every request's output is checked against zlib, and
 * every thread's count of verified requests against what it was given.
 *
 *   sync_many      threads x sessions on shared ctxs, three scheduler policies
 *   streams        a compress and a decompress stream session per thread
 *   sess_churn     sessions allocated and freed (also by another thread)
 *                  while other threads run requests on theirs
 *   init_refcount  wd_comp_init2/uninit2 from many threads at once, alone
 *                  and while other threads hold a reference and run requests
 *
 * Usage: test_threads_sync [test name]   (no name: all of them)
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
#include "test_util.h"
#include "threads_util.h"

static const int levels[] = { 1, 2, 3, 4, 6, 9, 12 };
#define NLEVELS ((int)(sizeof(levels) / sizeof(levels[0])))

/* ---- sync_many ---------------------------------------------------------- */

#define SM_THREADS 6
#define SM_SESS 3
#define SM_ROUNDS 30
#define SM_SHARED_ROUNDS 10
#define SM_MAXLEN 65536

static const __u32 sm_lens[] = { 0, 1, 777, 4096, 20000, SM_MAXLEN };
#define SM_NLENS ((int)(sizeof(sm_lens) / sizeof(sm_lens[0])))

struct sm_worker {
	int id;
	handle_t shared_c, shared_d;	/* one stateless pair used by every thread */
	int verified;
};

static void *sm_run(void *arg)
{
	struct sm_worker *w = arg;
	handle_t c[SM_SESS], d[SM_SESS];
	int alg[SM_SESS], win[SM_SESS], i, r, ok = 1;
	uint8_t *buf = malloc(SM_MAXLEN);

	for (i = 0; i < SM_SESS; i++) {
		alg[i] = (w->id + i) % 3;
		win[i] = (w->id + 2 * i) % 5;	/* WD_COMP_WS_4K .. WD_COMP_WS_32K */
		c[i] = tt_sess(alg[i], WD_DIR_COMPRESS, levels[(w->id * SM_SESS + i) % NLEVELS],
			       win[i], CTX_MODE_SYNC);
		d[i] = tt_sess(alg[i], WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		ok &= TT_CHECK(c[i] && d[i], "thread %d: alloc_sess failed", w->id);
	}
	ok &= TT_CHECK(buf != NULL, "out of memory");
	for (r = 0; ok && r < SM_ROUNDS; r++) {
		for (i = 0; i < SM_SESS; i++) {
			__u32 len = sm_lens[(r + i + w->id) % SM_NLENS];

			td_fill(buf, len, (enum tdata)((r + i) % 4),
				(uint32_t)(w->id * 1000 + r * 10 + i + 1));
			w->verified += !tt_sync_roundtrip(c[i], d[i], alg[i], win[i], buf, len,
							  1 + (r + i) % 9);
		}
	}
	for (r = 0; ok && r < SM_SHARED_ROUNDS; r++) {
		__u32 len = sm_lens[(r + w->id) % SM_NLENS];

		td_fill(buf, len, TD_MIXED, (uint32_t)(w->id * 77 + r + 1));
		w->verified += !tt_sync_roundtrip(w->shared_c, w->shared_d, WD_ZLIB, WD_COMP_WS_32K,
						  buf, len, 6);
	}
	for (i = 0; i < SM_SESS; i++) {
		wd_comp_free_sess(c[i]);
		wd_comp_free_sess(d[i]);
	}
	free(buf);
	return NULL;
}

static void test_sync_many(void **state)
{
	/* fewer ctxs than threads: threads meet on ctx locks */
	static const struct { __u32 policy, ctxs; } runs[] = {
		{ SCHED_POLICY_RR, 2 }, { SCHED_POLICY_NONE, 2 }, { SCHED_POLICY_SINGLE, 3 },
	};
	struct sm_worker w[SM_THREADS];
	int k, i, total;

	(void)state;
	tt_reset();
	for (k = 0; k < (int)(sizeof(runs) / sizeof(runs[0])); k++) {
		handle_t sc, sd;

		assert_int_equal(tt_init2("zlib", runs[k].policy, runs[k].ctxs, 0), 0);
		sc = tt_sess(WD_ZLIB, WD_DIR_COMPRESS, 6, WD_COMP_WS_32K, CTX_MODE_SYNC);
		sd = tt_sess(WD_ZLIB, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		assert_true(sc && sd);
		for (i = 0; i < SM_THREADS; i++)
			w[i] = (struct sm_worker){ .id = i, .shared_c = sc, .shared_d = sd };
		assert_int_equal(tt_run(SM_THREADS, sm_run, w, sizeof(w[0])), 0);
		wd_comp_free_sess(sc);
		wd_comp_free_sess(sd);
		wd_comp_uninit2();
		assert_int_equal(tt_failures(), 0);
		for (total = 0, i = 0; i < SM_THREADS; i++)
			total += w[i].verified;
		assert_int_equal(total, SM_THREADS * (SM_SESS * SM_ROUNDS + SM_SHARED_ROUNDS));
	}
}

/* ---- streams ------------------------------------------------------------ */

#define ST_THREADS 6
#define ST_STREAMS 12
#define ST_MAXLEN (100 * 1024)

struct st_worker {
	int id;
	int verified;
};

/* wd's stream must be zlib's data; wd must decode its own and zlib's streams. */
static int st_check(struct st_worker *w, handle_t c, handle_t d, int alg, int win,
		    const uint8_t *in, __u32 len, __u32 in_step, __u32 out_step, uint8_t *cmp,
		    uint8_t *out)
{
	__u32 cap = tt_bound(len);
	long clen, olen, zl;

	clen = tt_stream(c, WD_DIR_COMPRESS, in, len, cmp, cap, in_step, out_step);
	if (clen < 0)
		return -1;
	if (!TT_CHECK(td_zlib_inflate(alg, win, cmp, (size_t)clen, out, (size_t)len + 1) == (long)len &&
		      !memcmp(out, in, len),
		      "thread %d: zlib does not get the input back from wd's stream (alg %d win %d)",
		      w->id, alg, win))
		return -1;
	memset(out, 0xa5, (size_t)len + 1);
	olen = tt_stream(d, WD_DIR_DECOMPRESS, cmp, (__u32)clen, out, len + 1, in_step / 3 + 1,
			 out_step * 2);
	if (!TT_CHECK(olen == (long)len && !memcmp(out, in, len),
		      "thread %d: wd stream-decodes its own stream to %ld of %u bytes", w->id, olen,
		      len))
		return -1;
	zl = td_zlib_deflate(alg, 1 + w->id % 9, 15, Z_DEFAULT_STRATEGY, in, len, cmp, cap);
	if (!TT_CHECK(zl > 0, "zlib deflate failed"))
		return -1;
	memset(out, 0xa5, (size_t)len + 1);
	olen = tt_stream(d, WD_DIR_DECOMPRESS, cmp, (__u32)zl, out, len + 1, in_step, out_step);
	if (!TT_CHECK(olen == (long)len && !memcmp(out, in, len),
		      "thread %d: wd stream-decodes zlib's stream to %ld of %u bytes", w->id, olen,
		      len))
		return -1;
	return 0;
}

static void *st_run(void *arg)
{
	static const int st_levels[] = { 1, 3, 2, 5, 9, 6 };
	struct st_worker *w = arg;
	int alg = w->id % 3, win = w->id % 2 ? WD_COMP_WS_32K : WD_COMP_WS_8K, s;
	handle_t c = tt_sess(alg, WD_DIR_COMPRESS, st_levels[w->id % 6], win, CTX_MODE_SYNC);
	handle_t d = tt_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	uint8_t *in = malloc(ST_MAXLEN), *cmp = malloc(tt_bound(ST_MAXLEN));
	uint8_t *out = malloc(ST_MAXLEN + 1);
	struct wd_comp_req r;
	__u32 len;

	if (!TT_CHECK(c && d && in && cmp && out, "thread %d: set-up failed", w->id))
		goto out;
	/* one session, several streams: each starts afresh after WD_STREAM_END */
	for (s = 0; s < ST_STREAMS; s++) {
		__u32 in_step = 1000 + 1500 * (__u32)(s % 3) + 97 * (__u32)w->id;

		len = 20000 + (__u32)(s % 3) * 30000 + (__u32)w->id * 1000;
		td_fill(in, len, s % 3 == 1 ? TD_TEXT : TD_MIXED, (uint32_t)(w->id * 10 + s + 1));
		w->verified += !st_check(w, c, d, alg, win, in, len, in_step,
					 1024 + 512 * (__u32)(s % 4), cmp, out);
	}
	/* a stream abandoned half-way, reset, then a whole one */
	len = 40000;
	td_fill(in, len, TD_TEXT, (uint32_t)w->id + 99);
	r = (struct wd_comp_req){ .src = in, .src_len = len / 2, .dst = cmp, .dst_len = 4096,
				  .op_type = WD_DIR_COMPRESS };
	TT_CHECK(wd_do_comp_strm(c, &r) == 0, "thread %d: first half of a stream failed", w->id);
	TT_CHECK(wd_comp_reset_sess(c) == 0, "thread %d: reset_sess failed", w->id);
	w->verified += !st_check(w, c, d, alg, win, in, len, 5000, 2048, cmp, out);
	/* wd_do_comp_sync2: the whole stream in one call, either way */
	len = ST_MAXLEN;
	td_fill(in, len, TD_MIXED, (uint32_t)w->id + 7);
	r = (struct wd_comp_req){ .src = in, .src_len = len, .dst = cmp, .dst_len = tt_bound(len),
				  .op_type = WD_DIR_COMPRESS };
	if (TT_CHECK(wd_do_comp_sync2(c, &r) == 0 && r.status == WD_SUCCESS && r.src_len == len,
		     "thread %d: sync2 compress: status %u consumed %u", w->id, r.status, r.src_len) &&
	    TT_CHECK(td_zlib_inflate(alg, win, cmp, r.dst_len, out, len + 1) == (long)len &&
		     !memcmp(out, in, len), "thread %d: zlib rejects sync2's stream", w->id)) {
		struct wd_comp_req dr = { .src = cmp, .src_len = r.dst_len, .dst = out,
					  .dst_len = len + 1, .op_type = WD_DIR_DECOMPRESS };

		memset(out, 0xa5, len + 1);
		w->verified += TT_CHECK(wd_do_comp_sync2(d, &dr) == 0 && dr.status == WD_SUCCESS &&
					dr.dst_len == len && !memcmp(out, in, len),
					"thread %d: sync2 decompress: status %u produced %u", w->id,
					dr.status, dr.dst_len);
	}
out:
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
	free(in);
	free(cmp);
	free(out);
	return NULL;
}

static void test_streams(void **state)
{
	struct st_worker w[ST_THREADS];
	int i, total = 0;

	(void)state;
	tt_reset();
	assert_int_equal(tt_init2("gzip", SCHED_POLICY_RR, 2, 0), 0);
	for (i = 0; i < ST_THREADS; i++)
		w[i] = (struct st_worker){ .id = i };
	assert_int_equal(tt_run(ST_THREADS, st_run, w, sizeof(w[0])), 0);
	wd_comp_uninit2();
	assert_int_equal(tt_failures(), 0);
	for (i = 0; i < ST_THREADS; i++)
		total += w[i].verified;
	assert_int_equal(total, ST_THREADS * (ST_STREAMS + 2));
}

/* ---- sess_churn ---------------------------------------------------------- */

#define CH_WORKERS 3
#define CH_CHURNERS 3
#define CH_ROUNDS 40
#define CH_ITERS 400
#define CH_BLK 2048

/* sessions handed from one churner to another, which uses and frees them */
static struct {
	pthread_mutex_t lock;
	struct { handle_t h; int alg, op; } item[CH_CHURNERS * CH_ITERS];
	int n;
} handoff = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int ch_allocated, ch_freed;

struct ch_thread {
	int id;
	int churner;
	int verified;
};

/* One verified stateless request on a session of either direction. */
static int ch_request(handle_t h, int alg, int op, uint32_t seed)
{
	uint8_t in[CH_BLK], a[CH_BLK + CH_BLK / 8 + 1024], b[CH_BLK + 1];
	__u32 n;
	long zl;

	td_fill(in, CH_BLK, TD_TEXT, seed);
	if (op == WD_DIR_COMPRESS) {
		if (tt_oneshot(h, op, in, CH_BLK, a, sizeof(a), &n))
			return -1;
		return TT_CHECK(td_zlib_inflate(alg, WD_COMP_WS_32K, a, n, b, sizeof(b)) == CH_BLK &&
				!memcmp(b, in, CH_BLK), "churn: zlib rejects wd's stream") ? 0 : -1;
	}
	zl = td_zlib_deflate(alg, 6, 15, Z_DEFAULT_STRATEGY, in, CH_BLK, a, sizeof(a));
	if (!TT_CHECK(zl > 0, "zlib deflate failed") ||
	    tt_oneshot(h, op, a, (__u32)zl, b, sizeof(b), &n))
		return -1;
	return TT_CHECK(n == CH_BLK && !memcmp(b, in, CH_BLK), "churn: wd mis-decodes") ? 0 : -1;
}

static void ch_free(handle_t h)
{
	wd_comp_free_sess(h);
	__atomic_fetch_add(&ch_freed, 1, __ATOMIC_RELAXED);
}

static void churn(struct ch_thread *t)
{
	int i;

	for (i = 0; i < CH_ITERS; i++) {
		int alg = (i + t->id) % 3, op = i % 2, kind = (i / 2 + t->id) % 4;
		handle_t h = tt_sess(alg, op, 1 + i % 9, WD_COMP_WS_32K, CTX_MODE_SYNC);
		uint8_t junk[4096], sink[8192];
		struct wd_comp_req r;

		if (!TT_CHECK(h, "churner %d: alloc_sess %d failed", t->id, i))
			continue;
		__atomic_fetch_add(&ch_allocated, 1, __ATOMIC_RELAXED);
		switch (kind) {
		case 0:		/* freed unused */
			break;
		case 1:		/* one request, then freed */
			t->verified += !ch_request(h, alg, op, (uint32_t)i + 1);
			break;
		case 2:		/* freed in the middle of a stream: its state goes too */
			td_fill(junk, sizeof(junk), TD_TEXT, (uint32_t)i);
			if (op == WD_DIR_DECOMPRESS) {
				long zl = td_zlib_deflate(alg, 1, 15, Z_DEFAULT_STRATEGY, junk,
							  sizeof(junk), sink, sizeof(sink));

				TT_CHECK(zl > 8, "zlib deflate failed");
				r = (struct wd_comp_req){ .src = sink, .src_len = 8,
							  .dst = junk, .dst_len = sizeof(junk),
							  .op_type = op };
			} else {
				r = (struct wd_comp_req){ .src = junk, .src_len = sizeof(junk),
							  .dst = sink, .dst_len = sizeof(sink),
							  .op_type = op };
			}
			t->verified += TT_CHECK(wd_do_comp_strm(h, &r) == 0 &&
						(r.status == WD_SUCCESS || r.status == WD_EAGAIN),
						"churner %d: stream step: status %u", t->id, r.status);
			break;
		default:	/* handed to another thread; take one handed to us */
			pthread_mutex_lock(&handoff.lock);
			handoff.item[handoff.n].h = h;
			handoff.item[handoff.n].alg = alg;
			handoff.item[handoff.n].op = op;
			handoff.n++;
			h = 0;
			if (handoff.n > 1) {
				/* the oldest: most likely another thread's */
				h = handoff.item[0].h;
				alg = handoff.item[0].alg;
				op = handoff.item[0].op;
				memmove(&handoff.item[0], &handoff.item[1],
					(size_t)(handoff.n - 1) * sizeof(handoff.item[0]));
				handoff.n--;
			}
			pthread_mutex_unlock(&handoff.lock);
			if (h)
				t->verified += !ch_request(h, alg, op, (uint32_t)i + 5);
			break;
		}
		if (h)
			ch_free(h);
	}
}

static void *ch_run(void *arg)
{
	struct ch_thread *t = arg;
	int alg = t->id % 3, r;
	handle_t c, d;
	uint8_t *buf;

	if (t->churner) {
		churn(t);
		return NULL;
	}
	c = tt_sess(alg, WD_DIR_COMPRESS, levels[t->id % NLEVELS], WD_COMP_WS_32K, CTX_MODE_SYNC);
	d = tt_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	buf = malloc(32768);
	if (TT_CHECK(c && d && buf, "worker %d: set-up failed", t->id)) {
		for (r = 0; r < CH_ROUNDS; r++) {
			td_fill(buf, 32768, TD_MIXED, (uint32_t)(t->id * 100 + r));
			t->verified += !tt_sync_roundtrip(c, d, alg, WD_COMP_WS_32K, buf,
							  8192 + (__u32)(r % 24) * 1024, 1 + r % 9);
		}
	}
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
	free(buf);
	return NULL;
}

static void test_sess_churn(void **state)
{
	struct ch_thread t[CH_WORKERS + CH_CHURNERS];
	int i, verified = 0, expect_churn = 0;

	(void)state;
	tt_reset();
	assert_int_equal(tt_init2("deflate", SCHED_POLICY_RR, 2, 0), 0);
	ch_allocated = ch_freed = 0;
	handoff.n = 0;
	for (i = 0; i < CH_WORKERS + CH_CHURNERS; i++)
		t[i] = (struct ch_thread){ .id = i, .churner = i >= CH_WORKERS };
	assert_int_equal(tt_run(CH_WORKERS + CH_CHURNERS, ch_run, t, sizeof(t[0])), 0);
	/* what is left in the hand-off goes now, through the same checks */
	for (i = 0; i < handoff.n; i++) {
		verified += !ch_request(handoff.item[i].h, handoff.item[i].alg, handoff.item[i].op, 3);
		ch_free(handoff.item[i].h);
	}
	handoff.n = 0;
	wd_comp_uninit2();
	assert_int_equal(tt_failures(), 0);
	assert_int_equal(ch_allocated, CH_CHURNERS * CH_ITERS);
	assert_int_equal(ch_freed, ch_allocated);
	for (i = 0; i < CH_WORKERS + CH_CHURNERS; i++)
		verified += t[i].verified;
	/* per churner: kinds 1 and 2 verify one request each; every session
	 * handed off (kind 3) is verified once, by the taker or above */
	for (i = 0; i < CH_CHURNERS; i++) {
		int k;

		for (k = 0; k < CH_ITERS; k++) {
			int kind = (k / 2 + CH_WORKERS + i) % 4;

			expect_churn += kind == 1 || kind == 2 || kind == 3;
		}
	}
	assert_int_equal(verified, CH_WORKERS * CH_ROUNDS + expect_churn);
}

/* ---- init_refcount ------------------------------------------------------ */

#define IR_HAMMERS 6
#define IR_STEADY 2
#define IR_ITERS 80
#define IR_BLK 8192

static char *const ir_algs[] = { "deflate", "zlib", "gzip" };
static int ir_fresh, ir_hammers_left;

struct ir_thread {
	int id;
	int steady;
	int inits;
	int verified;
};

/* Sessions of our own, two verified round trips, sessions freed. */
static int ir_requests(struct ir_thread *t, int alg, uint32_t seed)
{
	handle_t c = tt_sess(alg, WD_DIR_COMPRESS, levels[seed % NLEVELS], WD_COMP_WS_32K,
			     CTX_MODE_SYNC);
	handle_t d = tt_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	uint8_t buf[IR_BLK];
	int ok = TT_CHECK(c && d, "thread %d: alloc_sess failed while holding a reference", t->id);

	if (ok) {
		td_fill(buf, IR_BLK, TD_MIXED, seed);
		ok = !tt_sync_roundtrip(c, d, alg, WD_COMP_WS_32K, buf, IR_BLK, 1 + (int)(seed % 9)) &&
		     !tt_sync_roundtrip(c, d, alg, WD_COMP_WS_32K, buf, 1000, 3);
	}
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
	return ok;
}

static void *ir_run(void *arg)
{
	struct ir_thread *t = arg;
	int i, ret;

	if (t->steady) {
		/* holds one reference the whole time; its sessions must survive
		 * every other thread's uninit2 */
		handle_t c, d;
		uint8_t buf[IR_BLK];
		int rounds = 0;

		ret = wd_comp_init2(ir_algs[t->id % 3], SCHED_POLICY_RR, TASK_INSTR);
		if (!TT_CHECK(ret == -WD_EEXIST, "steady %d: init2 returned %d, not -WD_EEXIST",
			      t->id, ret))
			return NULL;
		t->inits++;
		c = tt_sess(WD_GZIP, WD_DIR_COMPRESS, 2, WD_COMP_WS_32K, CTX_MODE_SYNC);
		d = tt_sess(WD_GZIP, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		if (TT_CHECK(c && d, "steady %d: alloc_sess failed", t->id)) {
			do {
				td_fill(buf, IR_BLK, TD_MIXED, (uint32_t)(t->id * 1000 + rounds));
				t->verified += !tt_sync_roundtrip(c, d, WD_GZIP, WD_COMP_WS_32K, buf,
								  IR_BLK, 1 + rounds % 9);
				rounds++;
			} while (__atomic_load_n(&ir_hammers_left, __ATOMIC_ACQUIRE) > 0 || rounds < 3);
			TT_CHECK(t->verified == rounds, "steady %d: %d of %d round trips verified",
				 t->id, t->verified, rounds);
		}
		wd_comp_free_sess(c);
		wd_comp_free_sess(d);
		wd_comp_uninit2();
		return NULL;
	}
	for (i = 0; i < IR_ITERS; i++) {
		ret = wd_comp_init2(ir_algs[(i + t->id) % 3], SCHED_POLICY_RR, TASK_INSTR);
		if (!TT_CHECK(ret == 0 || ret == -WD_EEXIST, "hammer %d: init2 returned %d",
			      t->id, ret))
			continue;
		t->inits++;
		if (!ret)
			__atomic_fetch_add(&ir_fresh, 1, __ATOMIC_RELAXED);
		t->verified += ir_requests(t, (i + t->id) % 3, (uint32_t)(t->id * 100 + i + 1));
		wd_comp_uninit2();
	}
	__atomic_fetch_sub(&ir_hammers_left, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void test_init_refcount(void **state)
{
	struct ir_thread t[IR_HAMMERS + IR_STEADY];
	uint8_t buf[IR_BLK];
	handle_t c, d;
	int i;

	(void)state;
	tt_reset();
	/* alone: the library goes up and down under the threads' feet */
	ir_fresh = 0;
	ir_hammers_left = IR_HAMMERS;
	for (i = 0; i < IR_HAMMERS; i++)
		t[i] = (struct ir_thread){ .id = i };
	assert_int_equal(tt_run(IR_HAMMERS, ir_run, t, sizeof(t[0])), 0);
	assert_int_equal(tt_failures(), 0);
	for (i = 0; i < IR_HAMMERS; i++) {
		assert_int_equal(t[i].inits, IR_ITERS);
		assert_int_equal(t[i].verified, IR_ITERS);
	}
	assert_true(ir_fresh >= 1);
	/* every init was paired with an uninit: down again */
	assert_int_equal(tt_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC), 0);

	/* with references held: every other init is counted, none frees */
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	ir_fresh = 0;
	ir_hammers_left = IR_HAMMERS;
	for (i = 0; i < IR_HAMMERS + IR_STEADY; i++)
		t[i] = (struct ir_thread){ .id = i, .steady = i >= IR_HAMMERS };
	assert_int_equal(tt_run(IR_HAMMERS + IR_STEADY, ir_run, t, sizeof(t[0])), 0);
	assert_int_equal(tt_failures(), 0);
	assert_int_equal(ir_fresh, 0);
	for (i = 0; i < IR_HAMMERS; i++)
		assert_int_equal(t[i].verified, IR_ITERS);
	for (i = IR_HAMMERS; i < IR_HAMMERS + IR_STEADY; i++)
		assert_true(t[i].inits == 1 && t[i].verified >= 3);
	/* still up on the main thread's reference alone, and working */
	c = tt_sess(WD_DEFLATE, WD_DIR_COMPRESS, 4, WD_COMP_WS_32K, CTX_MODE_SYNC);
	d = tt_sess(WD_DEFLATE, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(c && d);
	td_fill(buf, IR_BLK, TD_TEXT, 42);
	assert_int_equal(tt_sync_roundtrip(c, d, WD_DEFLATE, WD_COMP_WS_32K, buf, IR_BLK, 5), 0);
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
	wd_comp_uninit2();
	assert_int_equal(tt_failures(), 0);
	/* that was the last reference */
	assert_int_equal(tt_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_many),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_sess_churn),
		cmocka_unit_test(test_init_refcount),
	};

	if (argc > 1) {
		/* one test per ctest entry; a misspelt name must not pass as "0 run" */
		if (!tt_known_test(argv[1], tests, sizeof(tests) / sizeof(tests[0])))
			return 2;
		cmocka_set_test_filter(argv[1]);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

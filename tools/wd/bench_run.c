/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd bench` runner. The framework is driven through the public API only
 * (<uadk/wd_comp.h>, <uadk/wd_sched.h>), exactly as an application would:
 * one session per thread, sync calls or a window of async requests reaped by
 * wd_comp_poll(). The libraries run through the same loop, so the framework
 * and its baselines pay the same per-block harness cost.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "bench_common.h"
#include "bench_run.h"
#include "bench_threads.h"

#define ASYNC_STALL_NS	(5 * 1000000000LL)	/* no completion this long: give up */

static const char *const alg_names[] = { "deflate", "zlib", "gzip" };

struct slot {
	struct wd_comp_req req;
	size_t blk;
	bool busy;
	/* Results as the callback saw them: like UADK, the library calls back
	 * with its own copy of the request, so ours is not updated. */
	__u32 status, produced;
	atomic_int done;	/* set by the callback, on whichever thread polled */
};

struct worker {
	struct bench_thread th;	/* first: the harness's view */
	const struct br_job *job;
	size_t first, last;	/* slice [first, last) of the blocks */
	size_t next;		/* where to start, then where it stopped */
	uint64_t raw, packed, blocks;
	struct bd_codec *codec;
	handle_t sess;
	struct sched_params sp;
	unsigned char *dst;	/* window * dst_cap */
	unsigned char *scratch;	/* verification */
	struct slot *slots;
};

/* The harness's failure report, from anywhere in a worker. */
#define fail(w, ...)	bench_fail(&(w)->th, __VA_ARGS__)

const char *br_engine_name(int engine)
{
	return engine == BR_WD ? "wd" : bd_lib_name(engine);
}

int br_wd_init(int fmt, unsigned threads, int task)
{
	static struct wd_ctx_nums nums[WD_DIR_MAX];
	static struct wd_ctx_params params;
	int ret;

	if (fmt < 0 || fmt > BD_FMT_GZIP)
		return -WD_EINVAL;
	/* One sync and one async ctx per thread and direction: no thread waits
	 * for a ctx another thread holds. */
	for (int op = 0; op < WD_DIR_MAX; op++) {
		nums[op].sync_ctx_num = threads;
		nums[op].async_ctx_num = threads;
	}
	params.op_type_num = WD_DIR_MAX;
	params.ctx_set_num = nums;
	params.bmp = NULL;
	ret = wd_comp_init2_((char *)alg_names[fmt], SCHED_POLICY_RR, task, &params);
	/* Already up (counted as a reference): still paired with our uninit. */
	return ret == -WD_EEXIST ? 0 : ret;
}

void br_wd_uninit(void)
{
	wd_comp_uninit2();
}

/* Check and count one finished block; out/olen is what the engine produced. */
static int account(struct worker *w, size_t i, const unsigned char *out, size_t olen)
{
	const struct br_job *j = w->job;
	size_t ilen = j->src->len[i];

	if (j->verify) {
		if (j->decomp ? (olen != j->raw->len[i] || memcmp(out, j->raw->ptr[i], olen)) :
				bd_verify(j->fmt, out, olen, j->raw->ptr[i], j->raw->len[i],
					  w->scratch))
			return fail(w, "%s: block %zu (%zu bytes): output %s", br_engine_name(j->engine),
				    i, ilen, j->decomp ? "differs from the original" :
				    "does not decode (zlib) to the input");
	}
	if (j->keep)
		j->keep->len[i] = olen;
	w->raw += j->decomp ? olen : ilen;
	w->packed += j->decomp ? ilen : olen;
	w->blocks++;
	return 0;
}

static unsigned char *out_buf(struct worker *w, size_t i, unsigned slot)
{
	if (w->job->keep)
		return w->job->keep->ptr[i];
	return w->dst + (size_t)slot * w->job->dst_cap;
}

static int run_sync(struct worker *w)
{
	const struct br_job *j = w->job;
	bool one_pass = j->duration <= 0;
	int64_t deadline = w->th.t0 + (int64_t)(j->duration * 1e9);
	struct wd_comp_req req;
	size_t i = w->next;

	memset(&req, 0, sizeof(req));
	req.op_type = j->decomp ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	for (;;) {
		unsigned char *dst = out_buf(w, i, 0);
		size_t dlen = j->dst_cap;
		int ret;

		if (j->engine == BR_WD) {
			req.src = j->src->ptr[i];
			req.src_len = (__u32)j->src->len[i];
			req.dst = dst;
			req.dst_len = (__u32)dlen;	/* in/out: reset on every call */
			ret = wd_do_comp_sync(w->sess, &req);
			if (ret || req.status != WD_SUCCESS)
				return fail(w, "wd_do_comp_sync(block %zu, src_len %zu, dst_len %zu) = %d,"
					    " status %u", i, j->src->len[i], j->dst_cap, ret, req.status);
			dlen = req.dst_len;
		} else if (bd_run(w->codec, j->src->ptr[i], j->src->len[i], dst, &dlen)) {
			return fail(w, "%s: block %zu (%zu bytes) failed", br_engine_name(j->engine),
				    i, j->src->len[i]);
		}
		if (account(w, i, dst, dlen))
			return -1;
		if (++i == w->last)
			i = w->first;
		w->next = i;
		if (one_pass ? i == w->first : bench_now_ns() >= deadline)
			return 0;
	}
}

static void *async_cb(struct wd_comp_req *req, void *cb_param)
{
	struct slot *sl = cb_param;

	sl->status = req->status;
	sl->produced = req->dst_len;
	atomic_store_explicit(&sl->done, 1, memory_order_release);
	return NULL;
}

/* Account for every slot whose callback has run; returns how many. */
static int reap(struct worker *w, unsigned *inflight)
{
	int n = 0;

	for (unsigned s = 0; s < w->job->window; s++) {
		struct slot *sl = &w->slots[s];

		if (!sl->busy || !atomic_load_explicit(&sl->done, memory_order_acquire))
			continue;
		sl->busy = false;
		(*inflight)--;
		n++;
		if (w->th.err)
			continue;	/* draining after a failure */
		if (sl->status != WD_SUCCESS)
			fail(w, "async block %zu (src_len %zu): status %u", sl->blk,
			     w->job->src->len[sl->blk], sl->status);
		else
			account(w, sl->blk, sl->req.dst, sl->produced);
	}
	return n;
}

static int run_async(struct worker *w)
{
	const struct br_job *j = w->job;
	bool one_pass = j->duration <= 0, stop = false;
	int64_t deadline = w->th.t0 + (int64_t)(j->duration * 1e9), stalled = 0;
	unsigned inflight = 0, s = 0;
	size_t i = w->next;

	for (;;) {
		/* Fill the window. */
		while (!stop && inflight < j->window) {
			struct slot *sl;
			int ret;

			while (w->slots[s].busy)
				s = (s + 1) % j->window;
			sl = &w->slots[s];
			sl->req.src = j->src->ptr[i];
			sl->req.src_len = (__u32)j->src->len[i];
			sl->req.dst = out_buf(w, i, s);
			sl->req.dst_len = (__u32)j->dst_cap;
			sl->req.status = 0;
			atomic_store_explicit(&sl->done, 0, memory_order_relaxed);
			ret = wd_do_comp_async(w->sess, &sl->req);
			if (ret == -WD_EBUSY)
				break;	/* the ctx is full: poll, then retry */
			if (ret) {
				fail(w, "wd_do_comp_async(block %zu, src_len %zu) = %d", i,
				     j->src->len[i], ret);
				stop = true;
				break;
			}
			sl->blk = i;
			sl->busy = true;
			inflight++;
			if (++i == w->last)
				i = w->first;
			w->next = i;
			if (one_pass ? i == w->first : bench_now_ns() >= deadline)
				stop = true;
		}
		if (stop && !inflight)
			return w->th.err;

		__u32 count = 0;
		int ret = wd_comp_poll(j->window, &count);

		if (ret < 0 && ret != -WD_EAGAIN && ret != -WD_EBUSY && !w->th.err)
			fail(w, "wd_comp_poll(%u) = %d", j->window, ret);
		ret = reap(w, &inflight);
		/* After a failure stop submitting but wait for what is in flight:
		 * another thread's poll may still call back into our slots. */
		stop |= w->th.err != 0;
		if (ret) {
			stalled = 0;
		} else if (!stalled) {
			stalled = bench_now_ns();
		} else if (bench_now_ns() - stalled > ASYNC_STALL_NS) {
			if (!w->th.err)
				fail(w, "async: %u requests never completed (wd_comp_poll count %u)",
				     inflight, count);
			w->th.leak = true;	/* the library may still write into them */
			return -1;
		}
	}
}

static int setup(void *arg)
{
	struct worker *w = arg;
	const struct br_job *j = w->job;
	unsigned n = j->async ? j->window : 1;

	if (!j->keep && !(w->dst = malloc(n * j->dst_cap)))
		return fail(w, "out of memory");
	if (j->verify && !(w->scratch = malloc(j->dst_cap + 1)))
		return fail(w, "out of memory");
	if (j->engine != BR_WD) {
		w->codec = bd_open(j->engine, j->fmt, j->level, j->decomp);
		if (!w->codec)
			return fail(w, "%s: cannot set up %s at level %d", br_engine_name(j->engine),
				    j->decomp ? "decompression" : "compression", j->level);
		return 0;
	}

	struct wd_comp_sess_setup ss;

	memset(&ss, 0, sizeof(ss));
	w->sp.numa_id = -1;
	w->sp.type = j->decomp ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS;
	w->sp.mode = j->async ? CTX_MODE_ASYNC : CTX_MODE_SYNC;
	ss.alg_type = (enum wd_comp_alg_type)j->fmt;
	ss.comp_lv = (enum wd_comp_level)(j->level > 0 ? j->level : 1);
	ss.win_sz = WD_COMP_WS_32K;
	ss.op_type = j->decomp ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS;
	ss.sched_param = &w->sp;
	w->sess = wd_comp_alloc_sess(&ss);
	if (!w->sess)
		return fail(w, "wd_comp_alloc_sess(alg %d, level %d, op %d, mode %s) failed", j->fmt,
			    j->level, ss.op_type, j->async ? "async" : "sync");
	if (j->async) {
		w->slots = calloc(j->window, sizeof(*w->slots));
		if (!w->slots)
			return fail(w, "out of memory");
		for (unsigned s = 0; s < j->window; s++) {
			struct wd_comp_req *r = &w->slots[s].req;

			r->op_type = ss.op_type;
			r->data_fmt = WD_FLAT_BUF;
			r->cb = async_cb;
			r->cb_param = &w->slots[s];
		}
	}
	return 0;
}

static void run(void *arg)
{
	struct worker *w = arg;

	if (w->first >= w->last)
		return;
	if (w->job->engine == BR_WD && w->job->async)
		run_async(w);
	else
		run_sync(w);
}

static void cleanup(void *arg)
{
	struct worker *w = arg;

	if (w->sess) {
		bench_drivers_add(w->sess);
		wd_comp_free_sess(w->sess);
	}
	bd_close(w->codec);
	free(w->slots);
	free(w->dst);
	free(w->scratch);
}

int br_run(const struct br_job *job, struct br_result *res, char *err, size_t errlen)
{
	unsigned t, nt = job->threads ? job->threads : 1;
	struct worker *ws = calloc(nt, sizeof(*ws));
	struct bench_team team = { .workers = ws, .size = sizeof(*ws), .threads = nt,
				   .cpu = job->cpu, .setup = setup, .run = run,
				   .cleanup = cleanup };
	int rc;

	memset(res, 0, sizeof(*res));
	if (!ws || (job->async && !job->window) || (job->keep && job->duration > 0)) {
		snprintf(err, errlen, "bad job or out of memory");
		free(ws);
		return -1;
	}
	for (t = 0; t < nt; t++) {
		ws[t].job = job;
		ws[t].first = job->src->n * t / nt;
		ws[t].last = job->src->n * (t + 1) / nt;
		ws[t].next = ws[t].first;
		/* A resumed one-pass run would wrap mid-slice: passes start at the top. */
		if (job->resume && job->duration > 0 && job->resume[t] > ws[t].first &&
		    job->resume[t] < ws[t].last)
			ws[t].next = job->resume[t];
	}
	rc = bench_team_run(&team, &res->secs, err, errlen);
	for (t = 0; t < nt; t++) {
		if (job->resume)
			job->resume[t] = ws[t].next;
		res->raw_bytes += ws[t].raw;
		res->packed_bytes += ws[t].packed;
		res->blocks += ws[t].blocks;
	}
	free(ws);
	return rc;
}

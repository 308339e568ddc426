/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's runner: N threads push requests through one
 * implementation for a time. Every implementation runs through the same
 * loop, so the framework and the libraries pay the same per-request
 * harness cost (a new IV, for AEAD decryption the tag to check, the block
 * pointers). The clock is read once per ~16 KiB of requests, not per
 * request: at 16 bytes a clock read would cost as much as the work.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_crypto.h"
#include "bench_threads.h"

#define STALL_NS	(5 * 1000000000LL)	/* in flight, nothing completes: give up */
#define CLOCK_BYTES	16384			/* payload between clock reads */

struct worker {
	struct bench_thread th;	/* first: the harness's view */
	const struct bc_job *job;
	void *st;		/* the implementation's state */
	unsigned nslots;
	unsigned char *dst;	/* nslots * stride */
	unsigned char *ivs;	/* nslots * BC_IV_MAX */
	unsigned char *tags;	/* nslots * BC_TAG_MAX */
	unsigned *free_slots, *done;
	size_t blk;		/* the next block */
	uint32_t ctr;		/* the next request's IV counter */
	uint64_t reqs;
};

/* The harness's failure report (the first one is kept). */
#define fail(w, ...)	bench_fail(&(w)->th, __VA_ARGS__)

/* The request for block blk in slot buffers (out, iv, tag), counter ctr. */
static void prepare(const struct bc_data *d, const struct bc_cfg *c, struct bc_io *io,
		    size_t blk, uint32_t ctr, unsigned char *out, unsigned char *iv,
		    unsigned char *tag)
{
	const struct bc_alg *a = c->alg;

	io->in = d->src + blk * d->stride;
	io->out = out;
	io->len = d->size;
	io->aad = d->aad;
	io->iv = iv;
	io->tag = tag;
	io->check = false;
	if (a->iv_len) {
		memcpy(iv, d->base_iv, BC_IV_MAX);
		if (!d->fixed_iv)
			memcpy(iv + a->iv_len - 4, &ctr, 4);
	}
	if (d->tags)
		memcpy(tag, d->tags + blk * BC_TAG_MAX, a->mac_len);
}

static int batch_of(const struct bc_data *d)
{
	return d->size >= CLOCK_BYTES ? 1 : (int)(CLOCK_BYTES / d->size);
}

static void advance(struct worker *w)
{
	if (++w->blk == w->job->d->nblk)
		w->blk = 0;
	w->ctr++;
}

static void run_one_at_a_time(struct worker *w)
{
	const struct bc_job *j = w->job;
	int64_t deadline = w->th.t0 + (int64_t)(j->duration * 1e9);
	int batch = batch_of(j->d);
	struct bc_io io;

	do {
		for (int k = 0; k < batch; k++) {
			prepare(j->d, j->cfg, &io, w->blk, w->ctr, w->dst, w->ivs, w->tags);
			if (__builtin_expect(j->ops->one(w->st, &io), 0)) {
				fail(w, "%s", j->ops->error(w->st));
				return;
			}
			advance(w);
		}
		w->reqs += (uint64_t)batch;
	} while (bench_now_ns() < deadline);
}

/* Keep nslots requests in flight until the deadline, then drain. */
static void run_in_flight(struct worker *w)
{
	const struct bc_job *j = w->job;
	const struct bc_data *d = j->d;
	int64_t deadline = w->th.t0 + (int64_t)(j->duration * 1e9), stalled = 0;
	unsigned nfree = w->nslots, inflight = 0;
	int batch = batch_of(d), k = 0;
	bool stop = false;
	struct bc_io io;

	for (unsigned s = 0; s < w->nslots; s++)
		w->free_slots[s] = w->nslots - 1 - s;
	for (;;) {
		while (!stop && nfree) {
			unsigned s = w->free_slots[nfree - 1];
			int ret;

			prepare(d, j->cfg, &io, w->blk, w->ctr, w->dst + s * d->stride,
				w->ivs + s * BC_IV_MAX, w->tags + s * BC_TAG_MAX);
			ret = j->ops->submit(w->st, s, &io);
			if (ret == 1)
				break;		/* full: reap first */
			if (ret) {
				fail(w, "%s", j->ops->error(w->st));
				stop = true;
				break;
			}
			nfree--;
			inflight++;
			advance(w);
			if (++k == batch) {
				k = 0;
				stop = bench_now_ns() >= deadline;
			}
		}
		if (stop && !inflight)
			return;

		int n = j->ops->reap(w->st, w->done, w->nslots);

		if (n < 0) {
			fail(w, "%s", j->ops->error(w->st));
			w->th.leak = true;	/* the library may still write into them */
			return;
		}
		for (int i = 0; i < n; i++) {
			if (w->done[i] & BC_SLOT_FAILED)
				fail(w, "%s", j->ops->error(w->st));
			else
				w->reqs++;
			w->free_slots[nfree++] = w->done[i] & ~BC_SLOT_FAILED;
			inflight--;
		}
		/* after a failure stop submitting, but wait for what is in flight */
		stop |= w->th.err != 0;
		if (n) {
			stalled = 0;
		} else if (!stalled) {
			stalled = bench_now_ns();
		} else if (bench_now_ns() - stalled > STALL_NS) {
			fail(w, "%u requests in flight never completed", inflight);
			w->th.leak = true;
			return;
		}
	}
}

static int setup(void *arg)
{
	struct worker *w = arg;
	const struct bc_job *j = w->job;
	char why[192];

	w->nslots = j->ops->submit ? j->cfg->inflight : 1;
	w->dst = calloc(w->nslots, j->d->stride);
	w->ivs = calloc(w->nslots, BC_IV_MAX);
	w->tags = calloc(w->nslots, BC_TAG_MAX);
	w->free_slots = calloc(w->nslots, sizeof(unsigned));
	w->done = calloc(w->nslots, sizeof(unsigned));
	if (!w->dst || !w->ivs || !w->tags || !w->free_slots || !w->done)
		return fail(w, "out of memory");
	/* in-place implementations start from the blocks' content */
	for (unsigned s = 0; s < w->nslots; s++)
		memcpy(w->dst + s * j->d->stride, j->d->src, j->d->stride);
	w->st = j->ops->open(j->cfg, why, sizeof(why));
	if (!w->st)
		return fail(w, "%s", why);
	return 0;
}

static void run(void *arg)
{
	struct worker *w = arg;

	if (w->job->ops->submit)
		run_in_flight(w);
	else
		run_one_at_a_time(w);
}

static void cleanup(void *arg)
{
	struct worker *w = arg;

	if (w->st)
		w->job->ops->close(w->st);
	free(w->dst);
	free(w->ivs);
	free(w->tags);
	free(w->free_slots);
	free(w->done);
}

int bc_run(const struct bc_job *job, struct bc_result *res, char *err, size_t errlen)
{
	unsigned t, nt = job->threads ? job->threads : 1;
	struct worker *ws = calloc(nt, sizeof(*ws));
	struct bench_team team = { .workers = ws, .size = sizeof(*ws), .threads = nt,
				   .cpu = job->cpu, .setup = setup, .run = run,
				   .cleanup = cleanup };
	int rc;

	memset(res, 0, sizeof(*res));
	if (!ws) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (t = 0; t < nt; t++) {
		ws[t].job = job;
		ws[t].blk = job->d->nblk * t / nt;	/* threads walk different blocks */
		ws[t].ctr = t << 24;
	}
	rc = bench_team_run(&team, &res->secs, err, errlen);
	for (t = 0; t < nt; t++)
		res->reqs += ws[t].reqs;
	res->bytes = res->reqs * job->d->size;
	free(ws);
	return rc;
}

int bc_single(const struct bc_data *d, const struct bc_impl_ops *ops, void *st, size_t blk,
	      unsigned char *out, unsigned char *tag, char *err, size_t errlen)
{
	unsigned char iv[BC_IV_MAX];
	unsigned done[BC_MAX_INFLIGHT];
	struct bc_io io;
	int64_t start;
	int n;

	io.in = d->src + blk * d->stride;
	io.out = out;
	io.len = d->size;
	io.aad = d->aad;
	io.iv = iv;
	io.tag = tag;
	io.check = true;
	memcpy(iv, d->base_iv, BC_IV_MAX);	/* every implementation: the same IV */
	if (!ops->submit) {
		if (!ops->one(st, &io))
			return 0;
		snprintf(err, errlen, "%s", ops->error(st));
		return -1;
	}
	n = ops->submit(st, 0, &io);
	if (n) {
		snprintf(err, errlen, "%s",
			 n < 0 ? ops->error(st) : "submit: busy with nothing in flight");
		return -1;
	}
	for (start = bench_now_ns(); bench_now_ns() - start < STALL_NS;) {
		n = ops->reap(st, done, BC_MAX_INFLIGHT);
		if (n < 0 || (n && (done[0] & BC_SLOT_FAILED))) {
			snprintf(err, errlen, "%s", ops->error(st));
			return -1;
		}
		if (n)
			return 0;
	}
	snprintf(err, errlen, "the request never completed");
	return -1;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request paths, shared by every class: sync submit+wait, async submit,
 * poll -> completion callback. A CPU driver finishes work inside send(), so
 * the sync path costs one pick, one uncontended lock and two indirect calls.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "engine_internal.h"

#define SPIN_BEFORE_WAIT 2000	/* recv attempts before sleeping in wait() */

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + (__u64)ts.tv_nsec / 1000000;
}

#define HINT_OPS WDI_MAX_OPS

/*
 * The ctx this thread used last, per class, mode and op type. A CPU ctx is
 * library state (hash tables, decoder tables): reusing the warm one beats
 * rotating through cold ones. Hardware queues keep the scheduler's choice.
 */
static __thread __attribute__((tls_model("initial-exec"))) struct {
	__u32 gen;
	__u32 idx[CTX_MODE_MAX][HINT_OPS];	/* index + 1; 0: none */
} thread_hint[WD_CLASS_MAX];

static struct wdi_ctx *try_hint(struct wdi_engine *e, int mode, const struct wd_msg_hdr *msg,
				const struct wd_driver *want)
{
	__typeof__(thread_hint[0]) *h = &thread_hint[e->cls->cls];
	__u32 i, gen = __atomic_load_n(&e->gen, __ATOMIC_RELAXED);
	struct wdi_ctx *ctx;

	if (h->gen != gen) {
		memset(h, 0, sizeof(*h));
		h->gen = gen;
		return NULL;
	}
	if (msg->op_type >= HINT_OPS || !(i = h->idx[mode][msg->op_type]) || i > e->ctx_num)
		return NULL;
	ctx = &e->ctxs[i - 1];
	if (ctx->mode != mode || ctx->op_type != msg->op_type || (want && want != ctx->drv) ||
	    !wdi_trylock(&ctx->lock))
		return NULL;
	/* a full async pool: let the scheduler spread over the other ctxs */
	if (mode == CTX_MODE_ASYNC) {
		__u32 nfree;

		pthread_spin_lock(&ctx->pool_lock);
		nfree = ctx->nfree;
		pthread_spin_unlock(&ctx->pool_lock);
		if (!nfree) {
			wdi_unlock(&ctx->lock);
			return NULL;
		}
	}
	return ctx;
}

static void set_hint(struct wdi_engine *e, int mode, const struct wd_msg_hdr *msg,
		     struct wdi_ctx *ctx)
{
	if (ctx->drv->kind == WD_DRV_CPU && msg->op_type < HINT_OPS)
		thread_hint[e->cls->cls].idx[mode][msg->op_type] = (__u32)(ctx - e->ctxs) + 1;
}

/*
 * A session whose state lives in one queue (its driver set sess->bound)
 * goes back to that queue, whatever the scheduler would pick.
 */
static struct wdi_ctx *lock_home(struct wdi_engine *e, const struct wd_drv_sess *ds, int mode)
{
	__u32 i = ds->home - 1;
	struct wdi_ctx *ctx = i < e->ctx_num ? &e->ctxs[i] : NULL;

	if (__builtin_expect(ctx && ctx->drv == ds->drv && ctx->mode == mode, 1)) {
		wdi_lock(&ctx->lock);
		return ctx;
	}
	wd_err("%s: the session's state is on a queue this init does not have", e->cls->name);
	return NULL;
}

/* Pick a ctx and lock it, preferring one that is free right now. */
static struct wdi_ctx *lock_ctx(struct wdi_engine *e, const struct wdi_sess *s, int mode,
				const struct wd_msg_hdr *msg)
{
	const struct wd_drv_sess *ds = msg->sess;
	/* a pinned session, or a stream whose history lives in one driver */
	const struct wd_driver *want = s->pin ? s->pin : ds ? ds->drv : NULL;
	struct wd_sched *sc = e->sched;
	struct wdi_ctx *first = NULL, *ctx;
	__u32 idx, tries;

	if (ds && ds->home)
		return lock_home(e, ds, mode);
	ctx = try_hint(e, mode, msg, want);
	if (ctx)
		return ctx;
	for (tries = 0; tries < e->ctx_num; tries++) {
		idx = sc->pick_next_ctx(sc->h_sched_ctx, (void *)s->sched_key, mode);
		if (__builtin_expect(idx >= e->ctx_num, 0))
			return NULL;
		ctx = &e->ctxs[idx];
		if (ctx->mode != mode)
			return NULL;
		if (want && want != ctx->drv)
			continue;
		if (wdi_trylock(&ctx->lock)) {
			set_hint(e, mode, msg, ctx);
			return ctx;
		}
		if (!first)
			first = ctx;
		if (e->ctx_num == 1)
			break;
	}
	/* the scheduler kept landing on other drivers' ctxs: any of the wanted one */
	for (idx = 0; !first && want && idx < e->ctx_num; idx++) {
		ctx = &e->ctxs[idx];
		if (ctx->drv == want && ctx->mode == mode && ctx->op_type == msg->op_type)
			first = ctx;
	}
	if (first)
		wdi_lock(&first->lock);
	return first;
}

static int wait_msg(struct wdi_engine *e, struct wdi_ctx *ctx, struct wd_msg_hdr *msg)
{
	const struct wd_driver *d = ctx->drv;
	struct wd_msg_hdr *got;
	__u64 deadline = 0;
	__u32 spins = 0;
	int ret;

	for (;;) {
		ret = d->recv(ctx->drv_ctx, &got);
		if (!ret) {
			if (got == msg)
				return 0;
			wd_err("sync ctx returned a foreign message (tag %u)", got->tag);
			continue;
		}
		if (ret != -WD_EAGAIN)
			return ret;
		/*
		 * A quick device answers within the spin budget: no clock read
		 * there, since where the clocksource has no vDSO read (hpet,
		 * acpi_pm) clock_gettime is a system call per request.
		 */
		if (!e->epoll_en && spins < SPIN_BEFORE_WAIT) {
			spins++;
			continue;
		}
		if (!deadline)
			deadline = now_ms() + e->sync_timeout_ms;	/* a silent device must not hang us */
		else if (now_ms() > deadline)
			return -WD_ETIMEDOUT;
		if (d->wait && (e->epoll_en || ++spins > SPIN_BEFORE_WAIT)) {
			ret = d->wait(ctx->drv_ctx, 100);
			if (ret && ret != -WD_EAGAIN && ret != -WD_ETIMEDOUT)
				return ret;
		}
	}
}

int wdi_engine_sync(struct wdi_engine *e, struct wdi_sess *s, struct wd_msg_hdr *msg)
{
	struct wdi_ctx *ctx = lock_ctx(e, s, CTX_MODE_SYNC, msg);
	int ret;

	if (__builtin_expect(!ctx, 0))
		return -WD_EINVAL;
	msg->learn = msg->flags & WD_MSG_STREAM ? NULL : &s->learn;
	ret = ctx->drv->send(ctx->drv_ctx, msg);
	if (__builtin_expect(!ret, 1)) {
		wdi_sess_count(s, ctx->drv);
		ret = wait_msg(e, ctx, msg);
	}
	/*
	 * The driver keeps the session's state in this queue: come back here.
	 * Written only on change: threads sharing a session that is never
	 * bound (crypto) must not race on it.
	 */
	if (msg->sess) {
		__u32 home = msg->sess->bound ? (__u32)(ctx - e->ctxs) + 1 : 0;

		if (msg->sess->home != home)
			msg->sess->home = home;
	}
	wdi_unlock(&ctx->lock);
	return ret;
}

int wdi_engine_async(struct wdi_engine *e, struct wdi_sess *s, const struct wd_msg_hdr *msg)
{
	struct wd_msg_hdr *slot;
	struct wdi_ctx *ctx = lock_ctx(e, s, CTX_MODE_ASYNC, msg);
	__u32 tag;
	int ret;

	if (__builtin_expect(!ctx, 0))
		return -WD_EINVAL;
	pthread_spin_lock(&ctx->pool_lock);
	slot = wdi_pool_get(ctx, e->cls->msg_size);
	pthread_spin_unlock(&ctx->pool_lock);
	if (!slot) {
		wdi_unlock(&ctx->lock);
		return -WD_EBUSY;
	}
	tag = slot->tag;
	memcpy(slot, msg, e->cls->msg_size);
	slot->tag = tag;
	/* valid during send() only: the session may be gone by completion */
	slot->learn = msg->flags & WD_MSG_STREAM ? NULL : &s->learn;
	/* count first: a poller may reap the message before send() returns */
	__atomic_fetch_add(&ctx->inflight, 1, __ATOMIC_RELEASE);
	/* before send: after it the message may be reaped and s freed by its callback */
	wdi_sess_count(s, ctx->drv);
	ret = ctx->drv->send(ctx->drv_ctx, slot);
	if (ret) {
		wdi_sess_uncount(s, ctx->drv);
		__atomic_fetch_sub(&ctx->inflight, 1, __ATOMIC_RELEASE);
		pthread_spin_lock(&ctx->pool_lock);
		wdi_pool_put(ctx, slot->tag);
		pthread_spin_unlock(&ctx->pool_lock);
	}
	wdi_unlock(&ctx->lock);
	return ret;
}

int wdi_engine_poll_ctx(struct wdi_engine *e, __u32 idx, __u32 expt, __u32 *count)
{
	struct wd_msg_hdr *m;
	struct wdi_ctx *ctx;
	__u32 n = 0;
	int ret = 0;

	if (!count)
		return -WD_EINVAL;
	*count = 0;
	if (__atomic_load_n(&e->style, __ATOMIC_ACQUIRE) == WDI_UNINIT || idx >= e->ctx_num ||
	    e->ctxs[idx].mode != CTX_MODE_ASYNC)
		return -WD_EINVAL;
	ctx = &e->ctxs[idx];
	/* another poller is on this ctx: it will reap what is there */
	if (!wdi_trylock(&ctx->poll_lock))
		return -WD_EAGAIN;
	while (!expt || n < expt) {
		ret = __atomic_load_n(&ctx->inflight, __ATOMIC_ACQUIRE) ?
		      ctx->drv->recv(ctx->drv_ctx, &m) : -WD_EAGAIN;
		if (ret)
			break;
		if ((char *)m < ctx->pool ||
		    (char *)m >= ctx->pool + (size_t)ctx->depth * e->cls->msg_size) {
			wd_err("driver %s completed a message it was not given", ctx->drv->name);
			ret = -WD_EIO;
			break;
		}
		/* the callback may submit the next request: no submit lock is held */
		e->cls->complete(m);
		__atomic_fetch_sub(&ctx->inflight, 1, __ATOMIC_RELEASE);
		pthread_spin_lock(&ctx->pool_lock);
		wdi_pool_put(ctx, m->tag);
		pthread_spin_unlock(&ctx->pool_lock);
		n++;
	}
	wdi_unlock(&ctx->poll_lock);
	*count = n;
	if (ret == -WD_EAGAIN)
		ret = n ? 0 : -WD_EAGAIN;
	return ret;
}

/* The async ctx this thread submitted to last in e (index + 1), or 0. */
static __u32 home_async_ctx(struct wdi_engine *e)
{
	__typeof__(thread_hint[0]) *h = &thread_hint[e->cls->cls];
	__u32 op;

	if (h->gen != __atomic_load_n(&e->gen, __ATOMIC_RELAXED))
		return 0;
	for (op = 0; op < HINT_OPS; op++)
		if (h->idx[CTX_MODE_ASYNC][op])
			return h->idx[CTX_MODE_ASYNC][op];
	return 0;
}

int wdi_engine_poll(struct wdi_engine *e, __u32 expt, __u32 *count)
{
	struct wd_sched *s = e->sched;
	__u32 home;

	if (!count)
		return -WD_EINVAL;
	*count = 0;
	if (__atomic_load_n(&e->style, __ATOMIC_ACQUIRE) == WDI_UNINIT || !s || !s->poll_policy)
		return -WD_EINVAL;
	/*
	 * A thread that submits and polls reaps its own ctx first and stops
	 * there when it found work: walking the other threads' ctxs too would
	 * bounce their cache lines (locks, rings, the callbacks' data) between
	 * cores on every poll. A poll thread that never submits has no ctx of
	 * its own and walks them all, as does a poll that found nothing here.
	 */
	home = e->own_sched ? home_async_ctx(e) : 0;
	if (home && home <= e->ctx_num) {
		wdi_engine_poll_ctx(e, home - 1, expt, count);
		if (*count)
			return 0;
	}
	return s->poll_policy(s->h_sched_ctx, expt, count);
}

static void *poll_main(void *arg)
{
	struct wdi_engine *e = arg;
	__u32 cnt;

	while (!__atomic_load_n(&e->poll_stop, __ATOMIC_ACQUIRE)) {
		cnt = 0;
		wdi_engine_poll(e, 0, &cnt);
		if (!cnt)
			usleep(20);
	}
	return NULL;
}

int wdi_poll_thread_start(struct wdi_engine *e)
{
	e->poll_stop = false;
	if (pthread_create(&e->poll_thread, NULL, poll_main, e))
		return -WD_ENOMEM;
	e->poll_thread_on = true;
	return 0;
}

void wdi_poll_thread_stop(struct wdi_engine *e)
{
	__atomic_store_n(&e->poll_stop, true, __ATOMIC_RELEASE);
	pthread_join(e->poll_thread, NULL);
	e->poll_thread_on = false;
}

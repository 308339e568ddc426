/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The data path: send() turns a message into an sqe tagged with an
 * in-flight slot, recv() validates the cqe's tag before it touches the
 * slot's message. See vacc_drv.h for the slot table.
 *
 * Threads (async ctx): one sender and one receiver. Free slot indices go
 * through an SPSC FIFO (send pops, recv pushes). The SQ has one producer at
 * a time: send, or recv when it resubmits (next gzip member), both under
 * sq_lock, which also holds off submissions while recv acks a dead queue.
 * A sync ctx runs send and recv on one thread and takes no lock.
 */
#include <stdlib.h>
#include <string.h>
#include "wd_log.h"
#include "vacc_drv.h"

#define UD(gen, idx)	(((__u64)(gen) << 32) | (idx))

int vacc_slots_init(struct vacc_ctx *c)
{
	__u32 i, n = c->ring.sq_entries;	/* in flight <= SQ size: the SQ never overflows */

	c->slots = calloc(n, sizeof(*c->slots));
	c->fifo = malloc(n * sizeof(*c->fifo));
	if (!c->slots || !c->fifo) {
		vacc_slots_fini(c);
		return -WD_ENOMEM;
	}
	for (i = 0; i < n; i++)
		c->fifo[i] = i;
	c->nslots = n;
	c->fhead = 0;
	c->ftail = n;
	return 0;
}

void vacc_slots_fini(struct vacc_ctx *c)
{
	free(c->slots);
	free(c->fifo);
	c->slots = NULL;
	c->fifo = NULL;
}

/* send side */
static int slot_get(struct vacc_ctx *c, __u32 *idx)
{
	if (c->fhead == __atomic_load_n(&c->ftail, __ATOMIC_ACQUIRE))
		return -WD_EBUSY;
	*idx = c->fifo[c->fhead & (c->nslots - 1)];
	c->fhead++;
	return 0;
}

/* send side: give back the index just taken (its FIFO cell is still ours) */
static void slot_unget(struct vacc_ctx *c)
{
	c->fhead--;
}

/* recv side */
static void slot_put(struct vacc_ctx *c, __u32 idx)
{
	__u32 tail = c->ftail;

	c->slots[idx].msg = NULL;
	__atomic_store_n(&c->slots[idx].busy, 0, __ATOMIC_RELAXED);
	c->fifo[tail & (c->nslots - 1)] = idx;
	__atomic_store_n(&c->ftail, tail + 1, __ATOMIC_RELEASE);
}

/* Tag s with slot idx (a new generation) and post it. Caller holds sq_lock. */
static int post(struct vacc_ctx *c, __u32 idx, struct vacc_sqe *s)
{
	struct vacc_slot *sl = &c->slots[idx];
	__u32 gen = sl->gen + 1;
	int ret;

	__atomic_store_n(&sl->gen, gen, __ATOMIC_RELAXED);
	s->user_data = UD(gen, idx);
	sl->src_len = s->src_len;
	sl->dst_len = s->dst_len;
	__atomic_store_n(&sl->busy, 1, __ATOMIC_RELEASE);
	ret = vacc_ring_submit(&c->ring, s);
	if (__builtin_expect(ret, 0))
		__atomic_store_n(&sl->busy, 0, __ATOMIC_RELEASE);
	return ret;
}

int vacc_internal_take(struct vacc_ctx *c, __u32 *idx)
{
	int ret = slot_get(c, idx);

	if (ret)
		return ret;
	if (!vacc_ring_has_space(&c->ring)) {
		slot_unget(c);
		return -WD_EBUSY;
	}
	return 0;
}

int vacc_internal_post(struct vacc_ctx *c, __u32 idx, struct vacc_sqe *s, __u64 cookie)
{
	int ret;

	c->slots[idx].msg = NULL;
	c->slots[idx].cookie = cookie;
	ret = post(c, idx, s);
	if (ret)
		slot_unget(c);
	return ret;
}

int vacc_post_internal(struct vacc_ctx *c, struct vacc_sqe *s)
{
	__u32 idx;
	int ret = vacc_internal_take(c, &idx);

	return ret ? ret : vacc_internal_post(c, idx, s, 0);
}

/* n more entries fit in the SQ as last seen (a hostile sq_head means no room) */
static bool sq_fits(const struct vacc_ring *r, __u32 n)
{
	__u32 used = r->sq_tail - r->sq_head;

	return used <= r->sq_entries && n <= r->sq_entries - used;
}

bool vacc_room(struct vacc_ctx *c, __u32 n)
{
	struct vacc_ring *r = &c->ring;

	/* ftail is the recv side's: it only grows */
	if (__atomic_load_n(&c->ftail, __ATOMIC_ACQUIRE) - c->fhead < n ||
	    vacc_ring_is_dead(r))
		return false;
	if (sq_fits(r, n))
		return true;
	r->sq_head = __atomic_load_n(&r->ctrl->sq_head, __ATOMIC_ACQUIRE);
	return sq_fits(r, n);
}

/*
 * Sync ctx: a request still in flight when the next one is sent was given
 * up by the engine (timeout); its message is gone, so its completion must
 * be dropped, not written into whatever now lives there.
 */
static void orphan_abandoned(struct vacc_ctx *c)
{
	__u32 i;

	if (__builtin_expect(c->ftail - c->fhead == c->nslots, 1))
		return;
	for (i = 0; i < c->nslots; i++)
		if (c->slots[i].busy && c->slots[i].msg) {
			wd_dbg("vacc: dropping the result of an abandoned request");
			c->slots[i].msg = NULL;
		}
}

int vacc_send(void *p, struct wd_msg_hdr *m)
{
	struct vacc_ctx *c = p;
	struct vacc_sqe s;
	__u64 cookie = 0;
	__u32 idx;
	int ret = c->cls->to_sqe(c, m, &s);

	if (__builtin_expect(ret, 0))
		return ret;
	if (c->async)
		pthread_spin_lock(&c->sq_lock);
	else
		orphan_abandoned(c);
	if (__builtin_expect(vacc_ring_is_dead(&c->ring), 0)) {
		ret = -WD_HW_EACCESS;
		goto out;
	}
	if (__builtin_expect(__atomic_load_n(&c->release_mask, __ATOMIC_RELAXED) != 0, 0))
		vacc_stream_flush(c);
	/* before slot_get: what prepare posts takes slots of its own */
	if (c->cls->prepare) {
		ret = c->cls->prepare(c, m, &s, &cookie);
		if (__builtin_expect(ret, 0))
			goto out;
	}
	ret = slot_get(c, &idx);
	if (__builtin_expect(ret, 0))
		goto out;
	if (__builtin_expect(!vacc_ring_has_space(&c->ring), 0)) {
		ret = -WD_EBUSY;
		slot_unget(c);
		goto out;
	}
	if (m->flags & WD_MSG_STREAM) {
		/* stream tables run under the engine's ctx lock: sync ctxs only */
		ret = c->async ? -WD_EINVAL : vacc_stream_prepare(c, m, &s);
		if (ret) {
			slot_unget(c);
			goto out;
		}
	}
	c->slots[idx].msg = m;
	c->slots[idx].in_done = 0;
	c->slots[idx].out_done = 0;
	c->slots[idx].cookie = cookie;
	ret = post(c, idx, &s);
	if (__builtin_expect(ret, 0))
		slot_unget(c);
out:
	if (c->async)
		pthread_spin_unlock(&c->sq_lock);
	return ret;
}

/* The queue is dead: complete what was in flight as stopped, one per call. */
static int fail_inflight(struct vacc_ctx *c, struct wd_msg_hdr **out)
{
	struct wd_msg_hdr *m;
	__u32 i;

	for (i = 0; i < c->nslots; i++) {
		if (!__atomic_load_n(&c->slots[i].busy, __ATOMIC_ACQUIRE))
			continue;
		m = c->slots[i].msg;
		if (!m && c->cls->internal_done) {
			struct vacc_cqe e = { .status = VACC_ST_STOPPED };

			c->cls->internal_done(c, i, &e);
		}
		slot_put(c, i);
		if (!m)
			continue;
		m->result = -WD_HW_EACCESS;
		if (m->flags & WD_MSG_STREAM)
			vacc_stream_end(c, m);
		*out = m;
		return 0;
	}
	return -WD_EAGAIN;
}

/* recv side: post the next part of slot idx's request. */
static int resubmit(struct vacc_ctx *c, __u32 idx, struct vacc_sqe *s)
{
	int ret;

	if (c->async)
		pthread_spin_lock(&c->sq_lock);
	ret = post(c, idx, s);
	if (c->async)
		pthread_spin_unlock(&c->sq_lock);
	return ret;
}

/* The slot a completion names, or NULL when its tag is not a live request. */
static struct vacc_slot *slot_of(struct vacc_ctx *c, __u64 user_data, __u32 *idx)
{
	__u32 i = (__u32)user_data;
	struct vacc_slot *sl;

	if (__builtin_expect(i >= c->nslots, 0))
		return NULL;
	sl = &c->slots[i];
	if (__builtin_expect(!__atomic_load_n(&sl->busy, __ATOMIC_ACQUIRE) ||
			     __atomic_load_n(&sl->gen, __ATOMIC_RELAXED) != (__u32)(user_data >> 32), 0))
		return NULL;
	*idx = i;
	return sl;
}

int vacc_recv(void *p, struct wd_msg_hdr **out)
{
	struct vacc_ctx *c = p;
	struct wd_msg_hdr *m;
	struct vacc_slot *sl;
	struct vacc_sqe next;
	struct vacc_cqe e;
	__u32 idx;
	int ret;

	for (;;) {
		ret = vacc_ring_reap(&c->ring, &e);
		if (ret == -WD_EAGAIN)
			return ret;
		if (__builtin_expect(ret, 0))
			return fail_inflight(c, out);
		sl = slot_of(c, e.user_data, &idx);
		if (__builtin_expect(!sl, 0)) {
			wd_err("vacc: completion with an unknown tag %#llx dropped",
			       (unsigned long long)e.user_data);
			continue;
		}
		m = sl->msg;
		if (!m) {	/* internal (stream release, crypto set-up) or abandoned */
			if (e.status != VACC_ST_OK)
				wd_dbg("vacc: internal request ended with status %u", e.status);
			if (c->cls->internal_done)
				c->cls->internal_done(c, idx, &e);
			slot_put(c, idx);
			continue;
		}
		if (c->cls->complete(c, sl, &e, &next) == VACC_AGAIN) {
			if (!resubmit(c, idx, &next))
				continue;
			/* the next part could not be posted: the queue is dead */
			m->result = -WD_HW_EACCESS;
		}
		slot_put(c, idx);
		*out = m;
		return 0;
	}
}

int vacc_wait(void *p, int timeout_ms)
{
	return vacc_queue_wait(p, timeout_ms);
}

int vacc_status_error(const struct vacc_cqe *e)
{
	switch (e->status) {
	case VACC_ST_FAULT:
		wd_dbg("vacc: fault at %s offset %u", e->fault_off & VACC_FAULT_DST ? "dst" : "src",
		       e->fault_off & ~VACC_FAULT_DST);
		return -WD_ADDR_ERR;
	case VACC_ST_NOMEM:
		return -WD_ENOMEM;
	case VACC_ST_STOPPED:
		return -WD_HW_EACCESS;
	default:
		wd_err("vacc: the device refused a request (status %u)", e->status);
		return -WD_EIO;
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream binding. A stream's history lives in one queue's stream slot
 * (sqe.stream), so a session is bound to (ctx, slot) on its first stream
 * request (VACC_SQE_NEW) and sets sess->bound, which makes the engine send
 * its later requests to the same ctx. The binding ends at stream end, on
 * an error, and in sess_reset()/sess_free(); the slot's kernel state is
 * then freed by an sqe with STREAM|RELEASE (built by the class) that the
 * ctx's next send() posts, or at once when there is room.
 *
 * Every function here runs under the engine's lock of the ctx concerned
 * (send and sync recv, and sess_free/sess_reset of a session bound to it),
 * so the owner table needs no lock. A session refers to its ctx by
 * pointer, but only ever touches it through a ctx the engine handed in: a
 * session that outlives its init gets home_ctx NULL and frees only itself.
 */
#include <stdlib.h>
#include <string.h>
#include "wd_log.h"
#include "vacc_drv.h"

static void unbind(struct vacc_ctx *c, struct vacc_sess *p, struct wd_drv_sess *sess)
{
	__u8 slot = p->slot;

	if (slot < VACC_RING_MAX_STREAMS && c->owner[slot] == p) {
		c->owner[slot] = NULL;
		if (p->started)
			__atomic_fetch_or(&c->release_mask, 1ull << slot, __ATOMIC_RELEASE);
	}
	p->c = NULL;
	p->started = false;
	sess->bound = false;
}

int vacc_stream_prepare(struct vacc_ctx *c, struct wd_msg_hdr *m, struct vacc_sqe *s)
{
	struct wd_drv_sess *sess = m->sess;
	struct vacc_sess *p;
	__u64 pending;
	__u32 i;

	if (!sess)
		return -WD_EINVAL;
	p = sess->priv;
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return -WD_ENOMEM;
		sess->priv = p;
		sess->drv = c->cls->drv;
	}
	if (p->c && p->c != c) {
		wd_err("vacc: a stream request reached a queue other than its stream's");
		return -WD_EINVAL;
	}
	if (!p->c) {
		/* a free slot whose previous state is released (or never existed) */
		pending = __atomic_load_n(&c->release_mask, __ATOMIC_ACQUIRE);
		for (i = 0; i < c->ring.max_streams; i++)
			if (!c->owner[i] && !(pending & (1ull << i)))
				break;
		if (i == c->ring.max_streams) {
			wd_info("vacc: all %u stream slots of the queue are in use", i);
			return -WD_EBUSY;
		}
		c->owner[i] = p;
		c->strm_fmt[i] = s->format;
		p->c = c;
		p->slot = (__u8)i;
		p->started = false;
		sess->bound = true;
	}
	s->stream = p->slot;
	s->flags |= VACC_SQE_STREAM | (p->started ? 0 : VACC_SQE_NEW);
	p->started = true;
	return 0;
}

void vacc_stream_end(struct vacc_ctx *c, struct wd_msg_hdr *m)
{
	struct wd_drv_sess *sess = m->sess;
	struct vacc_sess *p = sess ? sess->priv : NULL;

	if (p && p->c == c)
		unbind(c, p, sess);
}

void vacc_stream_flush(struct vacc_ctx *c)
{
	__u64 pending = __atomic_load_n(&c->release_mask, __ATOMIC_ACQUIRE);
	struct vacc_sqe s;

	while (pending) {
		__u32 i = (__u32)__builtin_ctzll(pending);

		memset(&s, 0, sizeof(s));
		c->cls->release_sqe(c, (__u8)i, c->strm_fmt[i], &s);
		if (vacc_post_internal(c, &s))
			return;		/* no room now: the next send tries again */
		__atomic_fetch_and(&c->release_mask, ~(1ull << i), __ATOMIC_RELEASE);
		pending &= ~(1ull << i);
	}
}

static void sess_drop(void *home_ctx, struct wd_drv_sess *sess, bool free_it)
{
	struct vacc_ctx *c = home_ctx;
	struct vacc_sess *p = sess->priv;

	if (!p)
		return;
	if (p->c && p->c == c) {
		unbind(c, p, sess);
		/* the queue is ours for this call: free its slot's state now if it fits */
		if (!vacc_ring_is_dead(&c->ring))
			vacc_stream_flush(c);
	}
	p->c = NULL;	/* a binding to a queue that is gone: nothing to release */
	p->started = false;
	sess->bound = false;
	if (free_it) {
		free(p);
		sess->priv = NULL;
	}
}

void vacc_sess_free(void *home_ctx, struct wd_drv_sess *sess)
{
	sess_drop(home_ctx, sess, true);
}

void vacc_sess_reset(void *home_ctx, struct wd_drv_sess *sess)
{
	sess_drop(home_ctx, sess, false);
}

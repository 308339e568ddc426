/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream binding. A stream's history lives in one queue's stream slot
 * (sqe.stream), so a session is bound to (ctx, slot) on its first stream
 * request (VACC_SQE_NEW) and sess->home = the ctx, which makes the engine
 * send its later requests to that queue. The binding ends at stream end,
 * on an error, and in sess_reset()/sess_free(); the slot's kernel state is
 * then freed by an empty STREAM|RELEASE sqe that the ctx's next send()
 * posts (only the send side may post, and sess_free() runs on any thread).
 * The kernel refuses flags on NOP, so the release is a zero-length
 * COMPRESS/DECOMPRESS: it frees the slot whatever state the stream is in.
 *
 * One lock guards the registry of live ctxs and every ctx's owner table;
 * a session refers to its ctx by id, so a session that outlives its ctx
 * (uninit before free) finds nothing instead of a dangling pointer.
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_comp.h"
#include "wd_log.h"
#include "vacc_drv.h"

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vacc_ctx *reg_head;
static __u64 reg_next_id = 1;

void vacc_registry_add(struct vacc_ctx *c)
{
	pthread_mutex_lock(&reg_lock);
	c->id = reg_next_id++;
	c->next = reg_head;
	reg_head = c;
	pthread_mutex_unlock(&reg_lock);
}

static struct vacc_ctx *lookup(__u64 id)
{
	struct vacc_ctx *c;

	for (c = reg_head; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

/* Caller holds reg_lock. */
static void unbind(struct vacc_ctx *c, struct vacc_sess *p)
{
	__u8 slot = p->slot;

	if (c && slot < VACC_RING_MAX_STREAMS && c->owner[slot] == p) {
		c->owner[slot] = NULL;
		if (p->started)
			__atomic_fetch_or(&c->release_mask, 1ull << slot, __ATOMIC_RELEASE);
	}
	p->ctx_id = 0;
	p->started = false;
	p->sess->home = NULL;
}

void vacc_registry_del(struct vacc_ctx *c, bool forked)
{
	struct vacc_ctx **pp;
	__u32 i;

	/* a fork child is single-threaded: a lock held by a lost thread is reset */
	if (forked && pthread_mutex_trylock(&reg_lock)) {
		pthread_mutex_init(&reg_lock, NULL);
		pthread_mutex_lock(&reg_lock);
	} else if (!forked) {
		pthread_mutex_lock(&reg_lock);
	}
	for (pp = &reg_head; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	for (i = 0; i < VACC_RING_MAX_STREAMS; i++)
		if (c->owner[i])
			unbind(c, c->owner[i]);
	pthread_mutex_unlock(&reg_lock);
}

int vacc_stream_prepare(struct vacc_ctx *c, struct wd_comp_msg *m, struct vacc_sqe *s)
{
	struct wd_drv_sess *sess = m->hdr.sess;
	struct vacc_sess *p;
	__u64 pending;
	__u32 i;

	if (!sess)
		return -WD_EINVAL;
	pthread_mutex_lock(&reg_lock);
	p = sess->priv;
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p) {
			pthread_mutex_unlock(&reg_lock);
			return -WD_ENOMEM;
		}
		p->sess = sess;
		sess->priv = p;
		sess->drv = &vacc_comp_driver;
	}
	if (p->ctx_id && p->ctx_id != c->id) {
		pthread_mutex_unlock(&reg_lock);
		wd_err("vacc: a stream request reached a queue other than its stream's");
		return -WD_EINVAL;
	}
	if (!p->ctx_id) {
		/* a free slot whose previous state is released (or never existed) */
		pending = __atomic_load_n(&c->release_mask, __ATOMIC_ACQUIRE);
		for (i = 0; i < c->ring.max_streams; i++)
			if (!c->owner[i] && !(pending & (1ull << i)))
				break;
		if (i == c->ring.max_streams) {
			pthread_mutex_unlock(&reg_lock);
			wd_info("vacc: all %u stream slots of the queue are in use", i);
			return -WD_EBUSY;
		}
		c->owner[i] = p;
		c->strm_fmt[i] = s->format;
		p->ctx_id = c->id;
		p->slot = (__u8)i;
		p->started = false;
		sess->home = c;
	}
	s->stream = p->slot;
	s->flags = VACC_SQE_STREAM | (p->started ? 0 : VACC_SQE_NEW);
	/* a clamped input is not the last one yet */
	if (m->op == WD_DIR_COMPRESS && m->last && s->src_len == m->src_len)
		s->flags |= VACC_SQE_FINISH;
	p->started = true;
	pthread_mutex_unlock(&reg_lock);
	return 0;
}

void vacc_stream_end(struct vacc_ctx *c, struct wd_comp_msg *m)
{
	struct wd_drv_sess *sess = m->hdr.sess;
	struct vacc_sess *p;

	if (!sess)
		return;
	pthread_mutex_lock(&reg_lock);
	p = sess->priv;
	if (p && p->ctx_id == c->id)
		unbind(c, p);
	pthread_mutex_unlock(&reg_lock);
}

void vacc_stream_flush(struct vacc_ctx *c)
{
	__u64 pending = __atomic_load_n(&c->release_mask, __ATOMIC_ACQUIRE);
	struct vacc_sqe s;

	while (pending) {
		__u32 i = (__u32)__builtin_ctzll(pending);

		memset(&s, 0, sizeof(s));
		s.opcode = c->op_type == WD_DIR_COMPRESS ? VACC_OP_COMPRESS : VACC_OP_DECOMPRESS;
		/* the stream's own op and format: the kernel then answers OK */
		s.format = c->strm_fmt[i];
		s.flags = VACC_SQE_STREAM | VACC_SQE_RELEASE;
		s.stream = (__u8)i;
		if (vacc_post_internal(c, &s))
			return;		/* no room now: the next send tries again */
		__atomic_fetch_and(&c->release_mask, ~(1ull << i), __ATOMIC_RELEASE);
		pending &= ~(1ull << i);
	}
}

static void sess_drop(struct wd_drv_sess *sess, bool free_it)
{
	struct vacc_sess *p;

	pthread_mutex_lock(&reg_lock);
	p = sess->priv;
	if (p) {
		if (p->ctx_id)
			unbind(lookup(p->ctx_id), p);
		if (free_it) {
			free(p);
			sess->priv = NULL;
		}
	}
	sess->home = NULL;
	pthread_mutex_unlock(&reg_lock);
}

void vacc_sess_free(struct wd_drv_sess *sess)
{
	sess_drop(sess, true);
}

void vacc_sess_reset(struct wd_drv_sess *sess)
{
	sess_drop(sess, false);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The wd_driver half every CPU crypto driver shares: ctxs, send/recv and
 * sessions. The algorithms are the class's (struct cc_class, cc.h).
 */
#include <stdlib.h>
#include <string.h>
#include "cc.h"
#include "../common/cpu_ring.h"
#include "wd_log.h"

/*
 * A ctx. Finished messages wait in a ring for recv(). It has one consumer
 * (recv, under the engine's poll lock) and one producer at a time: the
 * sender, or with lanes whoever holds lane_lock (a sender's submit, or a
 * poller's flush), since lanes finish jobs on both sides.
 */
struct cc_ctx {
	const struct cc_class *cls;
	struct cpu_ring done;
	struct wdi_lock lane_lock;
	void *lanes;			/* async ctx of a class with lanes, else NULL */
	/*
	 * Who may flush the lanes. Jobs wait in them for company; a flush
	 * runs what is there, full or not. The thread that submits here
	 * (owner) flushes when its poll finds nothing done. Another thread's
	 * poll (a poll walks every ctx) flushes only once no submission came
	 * between two of its looks (seq == seen): a busy submitter's lanes
	 * are left to fill, and a lone poll thread still gets everything.
	 */
	const void *owner;		/* atomic; the last submitter's cc_thread_tag */
	__u32 seq;			/* atomic; submissions so far */
	__u32 seen;			/* pollers only: seq at the last look */
};

static __thread char cc_thread_tag;	/* its address names the thread */

/*
 * A session: the class's state behind a lock (threads may share a
 * session). A job in the lanes reads the state (key schedules) until it
 * completes, so each holds a reference; the session's owner holds one
 * more, and whoever drops the last frees it: a session freed with async
 * jobs in flight lives until they are reaped.
 */
struct cc_sess {
	const struct cc_class *cls;
	struct wdi_lock lock;
	int refs;
	__u8 state[] __attribute__((aligned(64)));
};

static const struct cc_class *class_of(const struct wd_driver *drv)
{
	return (const struct cc_class *)drv;	/* drv is cc_class's first member */
}

int cc_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type, __u8 mode,
		__u32 depth, void **out)
{
	const struct cc_class *cls = class_of(drv);
	struct cc_ctx *c;

	(void)alg;	/* a ctx serves every algorithm of the class */
	(void)numa;
	(void)op_type;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -WD_ENOMEM;
	c->cls = cls;
	if (cpu_ring_init(&c->done, mode, depth)) {
		free(c);
		return -WD_ENOMEM;
	}
	if (mode == CTX_MODE_ASYNC && cls->lanes_open) {
		c->lanes = cls->lanes_open();
		if (!c->lanes)
			wd_warn("%s: no multi-buffer lanes; async requests run one by one",
				drv->name);
	}
	*out = c;
	return 0;
}

void cc_ctx_close(void *p)
{
	struct cc_ctx *c = p;

	if (!c)
		return;
	if (c->lanes)
		c->cls->lanes_close(c->lanes);
	cpu_ring_fini(&c->done);
	free(c);
}

void cc_done(struct cc_ctx *c, struct wd_msg_hdr *msg)
{
	cpu_ring_push(&c->done, msg);
}

static inline __attribute__((always_inline)) void run_locked(struct cc_sess *s,
							      struct wd_msg_hdr *msg)
{
	if (s->cls->run_shared && s->cls->run_shared(s->state, msg))
		return;
	wdi_lock(&s->lock);
	s->cls->run(s->state, msg);
	wdi_unlock(&s->lock);
}

int cc_send(void *p, struct wd_msg_hdr *msg)
{
	struct cc_ctx *c = p;
	struct cc_sess *s = msg->sess ? msg->sess->priv : NULL;
	int ret;

	if (__builtin_expect(!c->lanes, 1)) {
		if (__builtin_expect(cpu_ring_full(&c->done), 0))
			return -WD_EBUSY;
		msg->drv_priv = NULL;
		if (__builtin_expect(s != NULL, 1))
			run_locked(s, msg);
		else
			msg->result = -WD_EINVAL;	/* no session state: nothing to run with */
		cc_done(c, msg);
		return 0;
	}
	wdi_lock(&c->lane_lock);
	if (cpu_ring_full(&c->done)) {
		wdi_unlock(&c->lane_lock);
		return -WD_EBUSY;
	}
	__atomic_store_n(&c->owner, (const void *)&cc_thread_tag, __ATOMIC_RELAXED);
	__atomic_store_n(&c->seq, c->seq + 1, __ATOMIC_RELAXED);
	msg->drv_priv = NULL;
	if (s) {
		/* the job's reference: from here the lanes may complete it */
		__atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
		msg->drv_priv = s;
		ret = c->cls->mb_submit(c, c->lanes, s->state, msg);
	} else {
		ret = 1;
	}
	if (ret) {
		if (s) {
			msg->drv_priv = NULL;
			__atomic_sub_fetch(&s->refs, 1, __ATOMIC_RELEASE);	/* owner's stays */
		}
		if (ret == 1) {
			if (s)
				run_locked(s, msg);
			else
				msg->result = -WD_EINVAL;
			cc_done(c, msg);
			ret = 0;
		}
	}
	wdi_unlock(&c->lane_lock);
	return ret;
}

static void sess_put(struct cc_sess *s)
{
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (s->cls->fini)
		s->cls->fini(s->state);
	cc_wipe(s->state, s->cls->state_size);	/* keys */
	free(s);
}

int cc_recv(void *p, struct wd_msg_hdr **out)
{
	struct cc_ctx *c = p;

	if (cpu_ring_empty(&c->done)) {
		if (!c->lanes)
			return -WD_EAGAIN;
		if (__atomic_load_n(&c->owner, __ATOMIC_RELAXED) != &cc_thread_tag) {
			__u32 seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);

			if (seq != c->seen) {
				c->seen = seq;	/* its submitter is busy: let the lanes fill */
				return -WD_EAGAIN;
			}
		}
		/* a sender holds the lanes: it is adding work, look again later */
		if (!wdi_trylock(&c->lane_lock))
			return -WD_EAGAIN;
		/* nothing finished yet: the lanes run what they hold now */
		c->cls->mb_flush(c, c->lanes);
		wdi_unlock(&c->lane_lock);
	}
	if (cpu_ring_pop(&c->done, out))
		return -WD_EAGAIN;
	if ((*out)->drv_priv) {	/* a lane job: its session reference goes */
		sess_put((*out)->drv_priv);
		(*out)->drv_priv = NULL;
	}
	return 0;
}

/* A sync request in the caller's thread: the session has all it needs. */
int cc_sess_run(struct wd_drv_sess *sess, struct wd_msg_hdr *msg)
{
	struct cc_sess *s = sess->priv;

	if (__builtin_expect(!s, 0))
		return -WD_EINVAL;
	run_locked(s, msg);
	return 0;
}

int cc_sess_init(const struct wd_driver *drv, struct wd_drv_sess *sess,
		 const struct wd_alg_spec *spec)
{
	const struct cc_class *cls = class_of(drv);
	size_t size = (sizeof(struct cc_sess) + cls->state_size + 63) & ~(size_t)63;
	struct cc_sess *s = aligned_alloc(64, size);
	int ret;

	if (!s)
		return -WD_ENOMEM;
	memset(s, 0, size);
	s->cls = cls;
	s->refs = 1;
	ret = cls->init(s->state, spec);
	if (ret) {
		free(s);
		return ret;
	}
	sess->priv = s;
	return 0;
}

int cc_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len)
{
	struct cc_sess *s = sess->priv;
	int ret;

	if (!s)
		return -WD_EINVAL;
	wdi_lock(&s->lock);
	ret = s->cls->set_key(s->state, kind, key, len);
	wdi_unlock(&s->lock);
	return ret;
}

void cc_sess_free(void *home_ctx, struct wd_drv_sess *sess)
{
	struct cc_sess *s = sess->priv;

	(void)home_ctx;
	if (!s)
		return;
	sess->priv = NULL;
	sess_put(s);
}

void cc_sess_reset(void *home_ctx, struct wd_drv_sess *sess)
{
	struct cc_sess *s = sess->priv;

	(void)home_ctx;
	if (!s || !s->cls->reset)
		return;
	wdi_lock(&s->lock);
	s->cls->reset(s->state);
	wdi_unlock(&s->lock);
}

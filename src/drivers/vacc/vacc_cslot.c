/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A queue's crypto session slots (see vacc_crypto.h): which key id each
 * slot holds, SETUP before a session's first request on the queue (and
 * after its set_key, or a set-up that failed), round-robin eviction that
 * spares slots holding an AEAD stream, the stream binding, and the
 * failure record that lets a request behind a failed set-up report why.
 *
 * Every in-flight slot carries a cookie: the session slot and the number
 * of the SETUP it relies on (seq), plus what an internal sqe is (SETUP,
 * freeing SETUP, stream start). A failure record is seq << 32 | status, so
 * a record of an older SETUP never matches a newer one.
 */
#include <stdlib.h>
#include <string.h>
#include "wd_log.h"
#include "vacc_crypto.h"

#define CK_SETUP	(1ull << 63)	/* internal SETUP: its key buffer is wiped */
#define CK_FIRST	(1ull << 62)	/* internal stream start (FIRST without AAD) */
#define CK_FREE		(1ull << 61)	/* with CK_SETUP: alg NONE, its failure is moot */
#define CK(slot, seq)	((__u64)(slot) << 32 | (seq))
#define CK_SLOT(ck)	((__u32)((ck) >> 32) & 0xffffu)
#define CK_SEQ(ck)	((__u32)(ck))

#define KEY_AREA	(VACC_CKEY_MAX + VACC_AKEY_MAX)	/* per in-flight slot */

struct vacc_cslot {
	__u64 id;		/* key id held; 0: free */
	__u64 pin;		/* serial of the session whose stream lives here; 0: none */
	__u64 failed;		/* atomic (recv writes): seq << 32 | status; 0: none */
	__u32 seq;		/* number of the last SETUP posted for the slot */
};

struct vacc_ctab {
	__u32 n;		/* max_sessions */
	__u32 hand;		/* next slot round-robin eviction looks at */
	__u32 seq;		/* SETUPs posted, numbering them (0 is never used) */
	__u8 *keys;		/* KEY_AREA bytes per in-flight slot */
	struct vacc_cslot slots[];
};

int vacc_c_ctx_init(struct vacc_ctx *c)
{
	__u32 n = c->ring.max_sessions;
	struct vacc_ctab *t;

	if (!n) {
		wd_err("vacc: the device's queues have no crypto session slots (vacc.ko without "
		       "the crypto class?)");
		return -WD_ENODEV;
	}
	t = calloc(1, sizeof(*t) + (size_t)n * sizeof(t->slots[0]));
	if (!t)
		return -WD_ENOMEM;
	t->keys = calloc(c->nslots, KEY_AREA);
	if (!t->keys) {
		free(t);
		return -WD_ENOMEM;
	}
	t->n = n;
	c->ctab = t;
	return 0;
}

void vacc_c_ctx_fini(struct vacc_ctx *c)
{
	struct vacc_ctab *t = c->ctab;

	if (!t)
		return;
	vacc_wipe(t->keys, (size_t)c->nslots * KEY_AREA);
	free(t->keys);
	free(t);
	c->ctab = NULL;
}

static bool slot_failed(struct vacc_cslot *sl)
{
	__u64 f = __atomic_load_n(&sl->failed, __ATOMIC_ACQUIRE);

	return f && (__u32)(f >> 32) == sl->seq;
}

/* The slot holding key id on c, or -1. */
static int find(const struct vacc_ctab *t, struct vacc_ctx *c, struct vacc_csess *p, __u64 id)
{
	struct vacc_ctx *hc = __atomic_load_n(&p->hint_c, __ATOMIC_RELAXED);
	__u32 i = __atomic_load_n(&p->hint_slot, __ATOMIC_RELAXED);

	if (__builtin_expect(hc == c && i < t->n && t->slots[i].id == id, 1))
		return (int)i;
	for (i = 0; i < t->n; i++)
		if (t->slots[i].id == id)
			return (int)i;
	return -1;
}

/* A slot to (re)key for p: its own stream slot, a free one, else round-robin. */
static int pick(struct vacc_ctab *t, struct vacc_ctx *c, const struct vacc_csess *p)
{
	__u32 i, k;

	if (p->sc == c && p->sslot < t->n && t->slots[p->sslot].pin == p->serial)
		return p->sslot;
	for (i = 0; i < t->n; i++)
		if (!t->slots[i].id && !t->slots[i].pin)
			return (int)i;
	for (k = 0; k < t->n; k++) {
		i = t->hand;
		t->hand = i + 1 < t->n ? i + 1 : 0;
		/* descriptors run in order: requests queued on it used the old key */
		if (!t->slots[i].pin)
			return (int)i;
	}
	return -1;
}

static __u32 next_seq(struct vacc_ctab *t)
{
	if (!++t->seq)
		t->seq = 1;
	return t->seq;
}

/* SETUP slot i with p's current keys (alg NONE when free_it). */
static int post_setup(struct vacc_ctx *c, struct vacc_csess *p, __u32 i, bool free_it)
{
	struct vacc_ctab *t = c->ctab;
	struct vacc_sqe s;
	__u32 idx, seq;
	__u64 id = 0;
	__u8 *k;
	int ret = vacc_internal_take(c, &idx);

	if (ret)
		return ret;
	memset(&s, 0, sizeof(s));
	s.opcode = VACC_OP_CRYPTO_SETUP;
	s.sess = (__u16)i;
	k = t->keys + (size_t)idx * KEY_AREA;
	if (!free_it) {
		s.alg = p->calg;
		/* the keys and their id as one pair, whatever set_key does meanwhile */
		pthread_spin_lock(&p->klock);
		id = __atomic_load_n(&p->id, __ATOMIC_RELAXED);
		memcpy(k, p->key, p->klen);
		memcpy(k + VACC_CKEY_MAX, p->akey, p->aklen);
		s.src_len = p->klen;
		s.dst_len = p->aklen;
		pthread_spin_unlock(&p->klock);
		s.src = s.src_len ? (uintptr_t)k : 0;
		s.dst = s.dst_len ? (uintptr_t)(k + VACC_CKEY_MAX) : 0;
	}
	seq = next_seq(t);
	ret = vacc_internal_post(c, idx, &s, CK_SETUP | (free_it ? CK_FREE : 0) | CK(i, seq));
	if (ret) {
		vacc_wipe(k, KEY_AREA);
		return ret;
	}
	t->slots[i].id = id;
	t->slots[i].seq = seq;
	if (free_it)
		t->slots[i].pin = 0;
	return 0;
}

/* Start a stream without AAD in slot i, for the request s (MIDDLE / END). */
static int post_first(struct vacc_ctx *c, __u32 i, const struct vacc_sqe *req)
{
	struct vacc_sqe s;
	__u32 idx;
	int ret = vacc_internal_take(c, &idx);

	if (ret)
		return ret;
	memset(&s, 0, sizeof(s));
	s.opcode = VACC_OP_AEAD;
	s.alg = req->alg;
	s.flags = req->flags;
	s.stage = VACC_AE_FIRST;
	s.sess = (__u16)i;
	s.iv = req->iv;
	s.iv_len = req->iv_len;
	return vacc_internal_post(c, idx, &s, CK_FIRST | CK(i, c->ctab->slots[i].seq));
}

static void bind(struct vacc_ctx *c, struct wd_drv_sess *sess, struct vacc_csess *p, __u32 i)
{
	struct vacc_ctab *t = c->ctab;

	if (p->sc == c && p->sslot != i && p->sslot < t->n && t->slots[p->sslot].pin == p->serial)
		t->slots[p->sslot].pin = 0;
	t->slots[i].pin = p->serial;
	p->sc = c;
	p->sslot = (__u16)i;
	sess->bound = true;
}

/* Everything but the common case: SETUP, eviction, streams. */
static __attribute__((noinline)) int prepare_slow(struct vacc_ctx *c, struct wd_msg_hdr *m,
						  struct vacc_sqe *s, __u64 *cookie,
						  struct vacc_csess *p, __u64 id)
{
	struct vacc_ctab *t = c->ctab;
	bool stream = s->opcode == VACC_OP_AEAD && s->stage != VACC_AE_BLOCK;
	bool setup, first;
	int i, ret;

	if (stream && (c->async || (p->sc && p->sc != c))) {
		wd_err("vacc: an AEAD stream needs one sync ctx for all its requests");
		return -WD_EINVAL;
	}
	if (!id)
		return -WD_EINVAL;	/* no key yet: as an unkeyed CPU session */
	i = find(t, c, p, id);
	setup = i < 0 || slot_failed(&t->slots[i]);
	if (i < 0) {
		i = pick(t, c, p);
		if (i < 0) {
			wd_info("vacc: all %u session slots of the queue hold AEAD streams", t->n);
			return -WD_EBUSY;
		}
	}
	/* a SETUP ends the slot's stream: a MIDDLE/END then starts a new one */
	first = stream && s->stage != VACC_AE_FIRST && (setup || !p->sopen || p->sc != c);
	if (__builtin_expect(!vacc_room(c, 1u + setup + first), 0))
		return -WD_EBUSY;
	if (setup) {
		ret = post_setup(c, p, (__u32)i, false);
		if (ret)
			return ret;
		if (p->sc == c && p->sslot == (__u32)i)
			p->sopen = false;	/* its stream slot re-keyed (set_key) */
	}
	if (stream) {
		bind(c, m->sess, p, (__u32)i);
		if (first) {
			ret = post_first(c, (__u32)i, s);
			if (ret)
				return ret;
		}
		p->sopen = true;	/* started by FIRST: ours, or this request */
	}
	s->sess = (__u16)i;
	*cookie = CK(i, t->slots[i].seq);
	if (__atomic_load_n(&p->hint_c, __ATOMIC_RELAXED) != c ||
	    __atomic_load_n(&p->hint_slot, __ATOMIC_RELAXED) != (__u32)i) {
		__atomic_store_n(&p->hint_c, c, __ATOMIC_RELAXED);
		__atomic_store_n(&p->hint_slot, (__u32)i, __ATOMIC_RELAXED);
	}
	return 0;
}

int vacc_c_prepare(struct vacc_ctx *c, struct wd_msg_hdr *m, struct vacc_sqe *s, __u64 *cookie)
{
	struct vacc_ctab *t = c->ctab;
	struct vacc_csess *p = vacc_c_sess(m);
	struct vacc_cslot *sl;
	__u64 id;
	__u32 i;

	if (__builtin_expect(!p, 0))
		return -WD_EINVAL;
	id = __atomic_load_n(&p->id, __ATOMIC_ACQUIRE);
	i = __atomic_load_n(&p->hint_slot, __ATOMIC_RELAXED);
	/*
	 * The common case: not a stream, keys on this queue where they were
	 * last time, their SETUP not failed. Nothing to post before the
	 * request, so vacc_send's own checks of room suffice.
	 */
	if (__builtin_expect(__atomic_load_n(&p->hint_c, __ATOMIC_RELAXED) == c && i < t->n &&
			     (s->opcode != VACC_OP_AEAD || s->stage == VACC_AE_BLOCK), 1)) {
		sl = &t->slots[i];
		if (__builtin_expect(sl->id == id && id && !slot_failed(sl), 1)) {
			s->sess = (__u16)i;
			*cookie = CK(i, sl->seq);
			return 0;
		}
	}
	return prepare_slow(c, m, s, cookie, p, id);
}

void vacc_c_internal_done(struct vacc_ctx *c, __u32 idx, const struct vacc_cqe *e)
{
	struct vacc_ctab *t = c->ctab;
	__u64 ck = c->slots[idx].cookie;
	__u32 i = CK_SLOT(ck);

	if (!(ck & (CK_SETUP | CK_FIRST)))
		return;		/* a request whose caller gave up */
	if (ck & CK_SETUP)
		vacc_wipe(t->keys + (size_t)idx * KEY_AREA, KEY_AREA);
	if (e->status == VACC_ST_OK || (ck & CK_FREE) || i >= t->n)
		return;
	wd_dbg("vacc: crypto set-up of session slot %u failed (status %u)", i, e->status);
	__atomic_store_n(&t->slots[i].failed, (__u64)CK_SEQ(ck) << 32 | e->status,
			 __ATOMIC_RELEASE);
}

int vacc_c_setup_error(struct vacc_ctx *c, __u64 cookie)
{
	struct vacc_ctab *t = c->ctab;
	__u32 i = CK_SLOT(cookie), st;
	__u64 f;

	if (i >= t->n)
		return 0;
	f = __atomic_load_n(&t->slots[i].failed, __ATOMIC_ACQUIRE);
	if (!f || (__u32)(f >> 32) != CK_SEQ(cookie))
		return 0;
	st = (__u32)f;
	/* a key the kernel refuses: cpu_* refuse theirs so; an algorithm listed but not there */
	if (st == VACC_ST_BAD_KEY || st == VACC_ST_NO_ALG)
		return -WD_EINVAL;
	return vacc_status_error(&(struct vacc_cqe){ .status = st });
}

void vacc_c_stream_end(struct vacc_ctx *c, struct wd_drv_sess *sess)
{
	struct vacc_csess *p = sess ? sess->priv : NULL;
	struct vacc_ctab *t = c->ctab;

	if (!p || p->sc != c)
		return;
	if (p->sslot < t->n && t->slots[p->sslot].pin == p->serial)
		t->slots[p->sslot].pin = 0;
	p->sc = NULL;
	p->sopen = false;
	sess->bound = false;
}

void vacc_c_block_done(struct vacc_ctx *c, struct wd_drv_sess *sess, __u64 cookie)
{
	struct vacc_csess *p = sess ? sess->priv : NULL;

	/* the device restarts a slot's message at BLOCK: the next part starts anew */
	if (p && p->sc == c && p->sslot == CK_SLOT(cookie))
		p->sopen = false;
}

void vacc_c_sess_drop(struct vacc_ctx *c, struct wd_drv_sess *sess, bool free_slot)
{
	struct vacc_csess *p = sess->priv;
	struct vacc_ctab *t = c->ctab;
	__u64 id = __atomic_load_n(&p->id, __ATOMIC_ACQUIRE);
	int i;

	vacc_c_stream_end(c, sess);
	/* a plain hash's slot is every session's of that hash */
	if (!free_slot || !t || !id || (id & VACC_KEYLESS_ID))
		return;
	i = find(t, c, p, id);
	if (i < 0)
		return;
	/* the queue is ours for this call: free the slot's keys in the kernel now */
	if (c->async)
		pthread_spin_lock(&c->sq_lock);
	if (!vacc_ring_is_dead(&c->ring) && vacc_room(c, 1))
		post_setup(c, p, (__u32)i, true);
	/* free in our table either way: if no SETUP went, reclaimed on reuse or queue put */
	t->slots[i].id = 0;
	t->slots[i].pin = 0;
	if (c->async)
		pthread_spin_unlock(&c->sq_lock);
}

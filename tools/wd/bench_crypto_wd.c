/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's WarpDrive side, through the public UADK API only
 * (<uadk/wd_cipher.h>, wd_digest.h, wd_aead.h), as an application uses it:
 * one session per thread, keys set once, and per request a struct
 * wd_*_req filled and passed to wd_do_*_sync, or for async a slot's
 * request passed to wd_do_*_async and reaped by wd_*_poll().
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include "bench_crypto.h"


struct slot {
	union {
		struct wd_cipher_req c;
		struct wd_digest_req d;
		struct wd_aead_req a;
	} req;
	unsigned char iv[BC_IV_MAX];	/* the IV in UADK's form (CCM, GMAC) */
	bool busy;
	int state;			/* req.state as the callback saw it */
	atomic_int done;
};

struct wd_st {
	const struct bc_cfg *cfg;
	const struct bc_alg *a;
	handle_t sess;
	struct sched_params sp;
	struct slot one;		/* sync requests */
	struct slot *slots;		/* async */
	unsigned nslots;
	char msg[192];
};

int bc_wd_init(const struct bc_alg *a, unsigned threads, int task)
{
	static struct wd_ctx_nums nums;
	static struct wd_ctx_params params;
	char *name = (char *)(a->init ? a->init : a->name);
	int ret;

	/* One sync and one async ctx per thread: no thread waits for another's. */
	nums.sync_ctx_num = threads;
	nums.async_ctx_num = threads;
	params.op_type_num = 1;
	params.ctx_set_num = &nums;
	if (a->cls == BC_CIPHER)
		ret = wd_cipher_init2_(name, SCHED_POLICY_RR, task, &params);
	else if (a->cls == BC_DIGEST)
		ret = wd_digest_init2_(name, SCHED_POLICY_RR, task, &params);
	else
		ret = wd_aead_init2_(name, SCHED_POLICY_RR, task, &params);
	/* already up: counted, and still paired with our uninit */
	return ret == -WD_EEXIST ? 0 : ret;
}

void bc_wd_uninit(const struct bc_alg *a)
{
	if (a->cls == BC_CIPHER)
		wd_cipher_uninit2();
	else if (a->cls == BC_DIGEST)
		wd_digest_uninit2();
	else
		wd_aead_uninit2();
}

static void *cipher_cb(struct wd_cipher_req *req, void *param)
{
	struct slot *s = param;

	s->state = req->state;
	atomic_store_explicit(&s->done, 1, memory_order_release);
	return NULL;
}

/* UADK calls a digest callback with (its copy of) the request. */
static void *digest_cb(void *req)
{
	struct slot *s = ((struct wd_digest_req *)req)->cb_param;

	s->state = ((struct wd_digest_req *)req)->state;
	atomic_store_explicit(&s->done, 1, memory_order_release);
	return NULL;
}

static void *aead_cb(struct wd_aead_req *req, void *param)
{
	struct slot *s = param;

	s->state = req->state;
	atomic_store_explicit(&s->done, 1, memory_order_release);
	return NULL;
}

static int set_up_cipher(struct wd_st *st)
{
	struct wd_cipher_sess_setup ss;

	memset(&ss, 0, sizeof(ss));
	ss.alg = (enum wd_cipher_alg)st->a->calg;
	ss.mode = (enum wd_cipher_mode)st->a->cmode;
	ss.sched_param = &st->sp;
	st->sess = wd_cipher_alloc_sess(&ss);
	if (!st->sess)
		return snprintf(st->msg, sizeof(st->msg), "wd_cipher_alloc_sess failed");
	if (wd_cipher_set_key(st->sess, st->cfg->key, st->a->key_len))
		return snprintf(st->msg, sizeof(st->msg), "wd_cipher_set_key(%u bytes) failed",
				st->a->key_len);
	return 0;
}

static int set_up_digest(struct wd_st *st)
{
	struct wd_digest_sess_setup ss;

	memset(&ss, 0, sizeof(ss));
	ss.alg = (enum wd_digest_type)st->a->dalg;
	ss.mode = (enum wd_digest_mode)st->a->dmode;
	ss.sched_param = &st->sp;
	st->sess = wd_digest_alloc_sess(&ss);
	if (!st->sess)
		return snprintf(st->msg, sizeof(st->msg), "wd_digest_alloc_sess failed");
	if (st->a->key_len && wd_digest_set_key(st->sess, st->cfg->key, st->a->key_len))
		return snprintf(st->msg, sizeof(st->msg), "wd_digest_set_key(%u bytes) failed",
				st->a->key_len);
	return 0;
}

static int set_up_aead(struct wd_st *st)
{
	struct wd_aead_sess_setup ss;

	memset(&ss, 0, sizeof(ss));
	ss.calg = (enum wd_cipher_alg)st->a->calg;
	ss.cmode = (enum wd_cipher_mode)st->a->cmode;
	ss.dalg = (enum wd_digest_type)st->a->dalg;
	ss.dmode = (enum wd_digest_mode)st->a->dmode;
	ss.sched_param = &st->sp;
	st->sess = wd_aead_alloc_sess(&ss);
	if (!st->sess)
		return snprintf(st->msg, sizeof(st->msg), "wd_aead_alloc_sess failed");
	if (wd_aead_set_ckey(st->sess, st->cfg->key, (__u16)st->a->key_len) ||
	    (st->a->akey_len &&
	     wd_aead_set_akey(st->sess, st->cfg->akey, (__u16)st->a->akey_len)) ||
	    wd_aead_set_authsize(st->sess, (__u16)st->a->mac_len))
		return snprintf(st->msg, sizeof(st->msg),
				"wd_aead_set_ckey/set_akey/set_authsize failed");
	return 0;
}

static void *wd_open(const struct bc_cfg *c, char *why, size_t len)
{
	struct wd_st *st = calloc(1, sizeof(*st));
	int bad;

	if (!st) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	st->cfg = c;
	st->a = c->alg;
	st->sp.numa_id = -1;
	st->sp.type = 0;
	st->sp.mode = c->async ? CTX_MODE_ASYNC : CTX_MODE_SYNC;
	bad = st->a->cls == BC_CIPHER ? set_up_cipher(st) :
	      st->a->cls == BC_DIGEST ? set_up_digest(st) : set_up_aead(st);
	if (!bad && c->async) {
		st->nslots = c->inflight;
		st->slots = calloc(st->nslots, sizeof(*st->slots));
		if (!st->slots)
			bad = snprintf(st->msg, sizeof(st->msg), "out of memory");
	}
	if (bad) {
		snprintf(why, len, "%s", st->msg);
		if (st->sess && st->a->cls == BC_CIPHER)
			wd_cipher_free_sess(st->sess);
		else if (st->sess && st->a->cls == BC_DIGEST)
			wd_digest_free_sess(st->sess);
		else if (st->sess)
			wd_aead_free_sess(st->sess);
		free(st);
		return NULL;
	}
	return st;
}

static void wd_close(void *p)
{
	struct wd_st *st = p;

	bench_drivers_add(st->sess);
	if (st->a->cls == BC_CIPHER)
		wd_cipher_free_sess(st->sess);
	else if (st->a->cls == BC_DIGEST)
		wd_digest_free_sess(st->sess);
	else
		wd_aead_free_sess(st->sess);
	free(st->slots);
	free(st);
}

static const char *wd_error(void *p)
{
	return ((struct wd_st *)p)->msg;
}

/* Fill s->req for io; the IV in UADK's form where it differs (CCM, GMAC). */
static void fill(struct wd_st *st, struct slot *s, const struct bc_io *io, bool async)
{
	const struct bc_alg *a = st->a;

	if (a->cls == BC_CIPHER) {
		struct wd_cipher_req *r = &s->req.c;

		r->op_type = st->cfg->encrypt ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION;
		r->src = (void *)io->in;
		r->dst = io->out;
		r->iv = io->iv;		/* chained back into it: the harness resets it */
		r->in_bytes = (__u32)io->len;
		r->iv_bytes = a->iv_len;
		r->out_buf_bytes = (__u32)io->len;
		r->out_bytes = (__u32)io->len;
		r->data_fmt = WD_FLAT_BUF;
		if (async) {
			r->cb = cipher_cb;
			r->cb_param = s;
		}
	} else if (a->cls == BC_DIGEST) {
		struct wd_digest_req *r = &s->req.d;

		r->in = (void *)io->in;
		r->out = io->tag;
		r->in_bytes = (__u32)io->len;
		r->out_bytes = a->mac_len;
		r->out_buf_bytes = a->mac_len;
		r->has_next = WD_DIGEST_END;
		r->data_fmt = WD_FLAT_BUF;
		if (a->iv_len) {
			/* GMAC: UADK takes the pre-counter block J0 = nonce || 1 */
			memcpy(s->iv, io->iv, 12);
			memcpy(s->iv + 12, "\0\0\0\1", 4);
			r->iv = s->iv;
			r->iv_bytes = 16;
		}
		if (async) {
			r->cb = digest_cb;
			r->cb_param = s;
		}
	} else {
		struct wd_aead_req *r = &s->req.a;

		r->op_type = st->cfg->encrypt ? WD_CIPHER_ENCRYPTION_DIGEST :
						WD_CIPHER_DECRYPTION_DIGEST;
		r->src = (void *)io->in;
		r->dst = io->out;
		r->mac = io->tag;
		r->in_bytes = (__u32)io->len;
		r->out_bytes = (__u32)(io->aad + io->len);
		r->mac_bytes = (__u16)a->mac_len;
		r->assoc_bytes = (__u16)io->aad;
		r->msg_state = AEAD_MSG_BLOCK;
		r->data_fmt = WD_FLAT_BUF;
		if (a->cmode == WD_CIPHER_CCM) {
			/* UADK's CCM IV: a counter block, flags = L - 1 (nonce 12 -> L 3) */
			memset(s->iv, 0, sizeof(s->iv));
			s->iv[0] = 15 - 12 - 1;
			memcpy(s->iv + 1, io->iv, 12);
			r->iv = s->iv;
			r->iv_bytes = 16;
		} else {
			r->iv = io->iv;
			r->iv_bytes = (__u16)a->iv_len;
		}
		if (async) {
			r->cb = aead_cb;
			r->cb_param = s;
		}
	}
}

static int wd_one(void *p, const struct bc_io *io)
{
	struct wd_st *st = p;
	struct slot *s = &st->one;
	int ret, state;

	fill(st, s, io, false);
	if (st->a->cls == BC_CIPHER)
		ret = wd_do_cipher_sync(st->sess, &s->req.c), state = s->req.c.state;
	else if (st->a->cls == BC_DIGEST)
		ret = wd_do_digest_sync(st->sess, &s->req.d), state = s->req.d.state;
	else
		ret = wd_do_aead_sync(st->sess, &s->req.a), state = s->req.a.state;
	if (__builtin_expect(ret || state, 0)) {
		snprintf(st->msg, sizeof(st->msg), "wd_do_%s_sync(%zu bytes) = %d, state %d",
			 bc_class_name(st->a->cls), io->len, ret, state);
		return -1;
	}
	return 0;
}

static int wd_submit(void *p, unsigned slot, const struct bc_io *io)
{
	struct wd_st *st = p;
	struct slot *s = &st->slots[slot];
	int ret;

	fill(st, s, io, true);
	s->state = -1;
	atomic_store_explicit(&s->done, 0, memory_order_relaxed);
	if (st->a->cls == BC_CIPHER)
		ret = wd_do_cipher_async(st->sess, &s->req.c);
	else if (st->a->cls == BC_DIGEST)
		ret = wd_do_digest_async(st->sess, &s->req.d);
	else
		ret = wd_do_aead_async(st->sess, &s->req.a);
	if (ret == -WD_EBUSY)
		return 1;
	if (ret) {
		snprintf(st->msg, sizeof(st->msg), "wd_do_%s_async(%zu bytes) = %d",
			 bc_class_name(st->a->cls), io->len, ret);
		return -1;
	}
	s->busy = true;
	return 0;
}

/*
 * Poll, then collect our finished slots. Another thread's poll may have run
 * our callbacks, and ours may run theirs: the done flags are atomics.
 */
static int wd_reap(void *p, unsigned *done, unsigned max)
{
	struct wd_st *st = p;
	__u32 count = 0;
	unsigned n = 0;
	int ret;

	if (st->a->cls == BC_CIPHER)
		ret = wd_cipher_poll(st->nslots, &count);
	else if (st->a->cls == BC_DIGEST)
		ret = wd_digest_poll(st->nslots, &count);
	else
		ret = wd_aead_poll(st->nslots, &count);
	if (ret < 0 && ret != -WD_EAGAIN && ret != -WD_EBUSY) {
		snprintf(st->msg, sizeof(st->msg), "wd_%s_poll = %d", bc_class_name(st->a->cls),
			 ret);
		return -1;
	}
	for (unsigned i = 0; i < st->nslots && n < max; i++) {
		struct slot *s = &st->slots[i];

		if (!s->busy || !atomic_load_explicit(&s->done, memory_order_acquire))
			continue;
		s->busy = false;
		done[n] = i;
		if (s->state) {
			snprintf(st->msg, sizeof(st->msg), "async %s request completed with state %d",
				 bc_class_name(st->a->cls), s->state);
			done[n] |= BC_SLOT_FAILED;
		}
		n++;
	}
	return (int)n;
}

const struct bc_impl_ops bc_wd_ops = {
	.open = wd_open, .one = wd_one, .error = wd_error, .close = wd_close,
};

const struct bc_impl_ops bc_wd_async_ops = {
	.open = wd_open, .submit = wd_submit, .reap = wd_reap, .error = wd_error,
	.close = wd_close,
};

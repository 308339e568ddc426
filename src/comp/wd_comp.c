/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_comp sessions and requests: validate, build a driver message, hand it
 * to the engine, copy the result back. No queue or library knowledge here.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "wd_comp_internal.h"
#include "wd_log.h"

#define SESS_MAGIC	0x77645353u	/* "wdSS" */
#define SYNC2_CHUNK	(1u << 20)

struct wd_comp_sess {
	__u32 magic;
	__u32 gen;		/* engine generation at alloc: stale after uninit/fork */
	__u8 alg;
	__u8 op;
	__u8 level;
	__u8 win;
	handle_t sched_key;
	struct wd_drv_sess drv;	/* stream history, owned by one driver */
	struct wd_comp_sess *next;	/* live list: free_sess ignores unknown handles */
};

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wd_comp_sess *live;

static int sess_check(struct wd_comp_sess *s)
{
	if (__builtin_expect(!s || s->magic != SESS_MAGIC, 0))
		return -WD_EINVAL;
	return wdi_engine_check(&wd_comp_engine, s->gen);
}

handle_t wd_comp_alloc_sess(struct wd_comp_sess_setup *setup)
{
	struct sched_params dflt, *sp;
	struct wd_comp_sess *s;

	if (!setup || (__u32)setup->alg_type > WD_GZIP || (__u32)setup->op_type >= WD_DIR_MAX ||
	    (__u32)setup->comp_lv > WD_COMP_L15 || (__u32)setup->win_sz > WD_COMP_WS_32K) {
		wd_err("wd_comp_alloc_sess: bad setup");
		return 0;
	}
	sp = setup->sched_param;
	if (sp && sp->type >= WD_DIR_MAX)
		return 0;
	if (!sp) {
		memset(&dflt, 0, sizeof(dflt));
		dflt.numa_id = -1;
		dflt.type = (__u8)setup->op_type;
		sp = &dflt;
	}
	if (wdi_engine_check(&wd_comp_engine, wd_comp_engine.gen)) {
		wd_err("wd_comp_alloc_sess: wd_comp is not initialised");
		return 0;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return 0;
	s->magic = SESS_MAGIC;
	s->gen = wd_comp_engine.gen;
	s->alg = (__u8)setup->alg_type;
	s->op = (__u8)setup->op_type;
	s->level = (__u8)(setup->comp_lv ? setup->comp_lv : WD_COMP_L1);
	s->win = (__u8)setup->win_sz;
	s->sched_key = wdi_engine_sched_key(&wd_comp_engine, sp);
	if (!s->sched_key) {
		free(s);
		return 0;
	}
	pthread_mutex_lock(&live_lock);
	s->next = live;
	live = s;
	pthread_mutex_unlock(&live_lock);
	return (handle_t)s;
}

static void sess_drop_stream(struct wd_comp_sess *s)
{
	if (s->drv.drv && s->drv.drv->sess_free)
		s->drv.drv->sess_free(&s->drv);
	s->drv.drv = NULL;
	s->drv.priv = NULL;
	s->drv.home = NULL;
}

void wd_comp_free_sess(handle_t h_sess)
{
	struct wd_comp_sess *s = (struct wd_comp_sess *)h_sess, **pp;
	bool found = false;

	if (!s)
		return;
	pthread_mutex_lock(&live_lock);
	for (pp = &live; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&live_lock);
	if (!found) {
		wd_err("wd_comp_free_sess: %p is not a live session (double free?)", (void *)s);
		return;
	}
	sess_drop_stream(s);
	s->magic = 0;
	free((void *)s->sched_key);	/* keys come from sched_init's malloc, as in UADK */
	free(s);
}

int wd_comp_reset_sess(handle_t h_sess)
{
	struct wd_comp_sess *s = (struct wd_comp_sess *)h_sess;

	if (!s || s->magic != SESS_MAGIC)
		return -WD_EINVAL;
	if (s->drv.drv && s->drv.drv->sess_reset)
		s->drv.drv->sess_reset(&s->drv);
	return 0;
}

static int req_check(struct wd_comp_sess *s, struct wd_comp_req *req, bool async)
{
	int ret = sess_check(s);

	if (__builtin_expect(ret, 0))
		return ret;
	if (__builtin_expect(!req || (__u32)req->op_type != s->op || req->data_fmt != WD_FLAT_BUF ||
			     (!req->src && req->src_len) || !req->dst || !req->dst_len, 0))
		return -WD_EINVAL;
	if (async ? (!req->cb || !req->cb_param) : req->cb != NULL)
		return -WD_EINVAL;
	return 0;
}

static void msg_fill(struct wd_comp_msg *m, struct wd_comp_sess *s, struct wd_comp_req *req)
{
	m->hdr.tag = 0;
	m->hdr.op_type = s->op;
	m->hdr.result = 0;
	m->hdr.sess = NULL;
	m->alg = s->alg;
	m->op = s->op;
	m->level = s->level;
	m->win = s->win;
	m->stateful = 0;
	m->last = 1;
	m->src = req->src;
	m->src_len = req->src_len;
	m->dst = req->dst;
	m->dst_len = req->dst_len;
	m->consumed = 0;
	m->produced = 0;
	m->status = 0;
}

static int run_sync(struct wd_comp_sess *s, struct wd_comp_req *req, struct wd_comp_msg *m)
{
	int ret = wdi_engine_sync(&wd_comp_engine, s->sched_key, &m->hdr);

	if (__builtin_expect(!ret, 1))
		ret = m->hdr.result;
	if (__builtin_expect(ret, 0))
		return ret;
	req->src_len = m->consumed;
	req->dst_len = m->produced;
	req->status = m->status;
	return 0;
}

int wd_do_comp_sync(handle_t h_sess, struct wd_comp_req *req)
{
	struct wd_comp_sess *s = (struct wd_comp_sess *)h_sess;
	struct wd_comp_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	msg_fill(&m, s, req);
	return run_sync(s, req, &m);
}

int wd_do_comp_strm(handle_t h_sess, struct wd_comp_req *req)
{
	struct wd_comp_sess *s = (struct wd_comp_sess *)h_sess;
	struct wd_comp_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	msg_fill(&m, s, req);
	m.stateful = 1;
	m.last = req->last ? 1 : 0;
	m.hdr.sess = &s->drv;
	return run_sync(s, req, &m);
}

/*
 * A whole stream over large buffers: the session's stream is restarted,
 * fed in chunks, and must end inside this call. dst too small gives
 * status WD_OUT_EPARA; a stream that does not end gives WD_IN_EPARA.
 */
int wd_do_comp_sync2(handle_t h_sess, struct wd_comp_req *req)
{
	struct wd_comp_sess *s = (struct wd_comp_sess *)h_sess;
	__u32 in_off = 0, out_off = 0, chunk;
	struct wd_comp_req step;
	int ret = req_check(s, req, false);

	if (ret)
		return ret;
	wd_comp_reset_sess(h_sess);
	for (;;) {
		chunk = req->src_len - in_off;
		if (chunk > SYNC2_CHUNK)
			chunk = SYNC2_CHUNK;
		step = *req;
		step.src = (__u8 *)req->src + in_off;
		step.src_len = chunk;
		step.dst = (__u8 *)req->dst + out_off;
		step.dst_len = req->dst_len - out_off;
		step.last = in_off + chunk == req->src_len;
		if (!step.dst_len) {
			req->status = WD_OUT_EPARA;
			break;
		}
		ret = wd_do_comp_strm(h_sess, &step);
		if (ret)
			break;
		in_off += step.src_len;
		out_off += step.dst_len;
		req->status = step.status;
		if (step.status == WD_STREAM_END || step.status == WD_IN_EPARA ||
		    step.status == WD_OUT_EPARA)
			break;
		if (step.status == WD_EAGAIN)
			continue;	/* dst filled: go on with the rest */
		if (step.last && !step.src_len && !step.dst_len) {
			req->status = WD_IN_EPARA;	/* input ended, stream did not */
			break;
		}
	}
	wd_comp_reset_sess(h_sess);
	if (ret)
		return ret;
	if (req->status == WD_STREAM_END)
		req->status = WD_SUCCESS;
	req->src_len = in_off;
	req->dst_len = out_off;
	return 0;
}

int wd_do_comp_async(handle_t h_sess, struct wd_comp_req *req)
{
	struct wd_comp_sess *s = (struct wd_comp_sess *)h_sess;
	struct wd_comp_msg m;
	int ret = req_check(s, req, true);

	if (__builtin_expect(ret, 0))
		return ret;
	msg_fill(&m, s, req);
	m.req = *req;	/* the callback gets this copy (UADK semantics) */
	return wdi_engine_async(&wd_comp_engine, s->sched_key, &m.hdr);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compression class: its descriptor, session set-up checks, requests
 * turned into struct wd_comp_msg and results turned back. Sessions, init,
 * polling and queues are the engine's (src/engine).
 */
#include <string.h>
#include "uadk/wd_comp.h"
#include "uadk/warpdrive.h"
#include "wd_class_api.h"
#include "wd_comp_drv.h"
#include "wd_comp_priv.h"
#include "wd_log.h"

#define SYNC2_CHUNK	(1u << 20)

static const char *const comp_algs[] = { "deflate", "zlib", "gzip", NULL };
static const char *const comp_op_names[] = { "comp", "decomp" };

/*
 * Async completion. A request the driver could not execute completes with
 * status = the WD_E* code the sync call would have returned, made
 * positive (WD_ADDR_ERR, WD_HW_EACCESS, WD_EIO ...), see wd_comp.h.
 */
static void comp_complete(struct wd_msg_hdr *hdr)
{
	struct wd_comp_msg *m = (struct wd_comp_msg *)hdr;
	struct wd_comp_req *req = &m->req;

	req->src_len = hdr->result ? 0 : m->consumed;
	req->dst_len = hdr->result ? 0 : m->produced;
	req->status = hdr->result ? (__u32)-hdr->result : m->status;
	req->cb(req, req->cb_param);
}

static const struct wdi_class comp_class = {
	.cls = WD_CLASS_COMP,
	.name = "comp",
	.env_prefix = "COMP",
	.algs = comp_algs,
	.env_alg = "zlib",
	.msg_size = sizeof(struct wd_comp_msg),
	.sess_size = sizeof(struct wdi_sess),	/* the spec holds all a session needs */
	.op_type_num = WD_DIR_MAX,
	.op_names = comp_op_names,
	.complete = comp_complete,
};

static struct wdi_engine engine = WDI_ENGINE_INIT(&comp_class);

WDI_CLASS_API(comp, engine)

handle_t wd_comp_alloc_sess(struct wd_comp_sess_setup *setup)
{
	struct wd_alg_spec spec;
	void *s;

	if (!setup || (__u32)setup->alg_type > WD_GZIP || (__u32)setup->op_type >= WD_DIR_MAX ||
	    (__u32)setup->comp_lv > WD_COMP_L15 || (__u32)setup->win_sz > WD_COMP_WS_32K) {
		wd_err("wd_comp_alloc_sess: bad setup");
		return 0;
	}
	if (setup->mm_type != UADK_MEM_AUTO) {
		wd_err("wd_comp_alloc_sess: mm_type %d asks for a user memory pool; WarpDrive "
		       "only serves plain user pointers (UADK_MEM_AUTO)", (int)setup->mm_type);
		return 0;
	}
	memset(&spec, 0, sizeof(spec));
	spec.alg = setup->alg_type;
	spec.mode = setup->win_sz;
	spec.op_type = setup->op_type;
	spec.param = setup->comp_lv ? setup->comp_lv : WD_COMP_L1;
	s = wdi_sess_alloc(&engine, setup->sched_param, &spec);
	return s ? wdi_sess_publish(&engine, s) : 0;
}

int wd_comp_reset_sess(handle_t h_sess)
{
	struct wdi_sess *s = wdi_sess_get(&engine, h_sess);

	if (!s)
		return -WD_EINVAL;
	wdi_sess_reset(&engine, s);
	return 0;
}

int wd_comp_set_learning(handle_t h_sess, int on)
{
	struct wdi_sess *s = wdi_sess_get(&engine, h_sess);

	if (!s || (on != 0 && on != 1))
		return -WD_EINVAL;
	__atomic_store_n(&s->learn.off, (__u8)!on, __ATOMIC_RELAXED);
	return 0;
}

static int req_check(const struct wdi_sess *s, const struct wd_comp_req *req, bool async)
{
	if (__builtin_expect(!s || !req || (__u32)req->op_type != s->spec.op_type ||
			     req->data_fmt != WD_FLAT_BUF || (!req->src && req->src_len) ||
			     !req->dst || !req->dst_len, 0))
		return -WD_EINVAL;
	if (async ? (!req->cb || !req->cb_param) : req->cb != NULL)
		return -WD_EINVAL;
	return 0;
}

static void msg_fill(struct wd_comp_msg *m, const struct wdi_sess *s,
		     const struct wd_comp_req *req)
{
	m->hdr.tag = 0;
	m->hdr.op_type = s->spec.op_type;
	m->hdr.result = 0;
	m->hdr.flags = 0;
	m->hdr.sess = NULL;
	m->alg = (__u8)s->spec.alg;
	m->op = (__u8)s->spec.op_type;
	m->level = (__u8)s->spec.param;
	m->win = (__u8)s->spec.mode;
	m->last = 1;
	m->flush = WDI_COMP_FLUSH_NONE;
	m->dict = NULL;
	m->dict_len = 0;
	m->src = req->src;
	m->src_len = req->src_len;
	m->dst = req->dst;
	m->dst_len = req->dst_len;
	m->consumed = 0;
	m->produced = 0;
	m->status = 0;
}

static int run_sync(struct wdi_sess *s, struct wd_comp_req *req, struct wd_comp_msg *m)
{
	int ret = wdi_engine_sync(&engine, s, &m->hdr);

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
	struct wdi_sess *s = wdi_sess_get(&engine, h_sess);
	struct wd_comp_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	msg_fill(&m, s, req);
	return run_sync(s, req, &m);
}

static int do_strm(handle_t h_sess, struct wd_comp_req *req, enum wdi_comp_flush flush,
		   const void *dict, __u32 dict_len)
{
	struct wdi_sess *s = wdi_sess_get(&engine, h_sess);
	struct wd_comp_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	msg_fill(&m, s, req);
	m.last = req->last ? 1 : 0;
	m.flush = (__u8)flush;
	m.dict = dict;
	m.dict_len = dict ? dict_len : 0;
	m.hdr.flags = WD_MSG_STREAM;
	m.hdr.sess = &s->drv;
	return run_sync(s, req, &m);
}

int wd_do_comp_strm(handle_t h_sess, struct wd_comp_req *req)
{
	return do_strm(h_sess, req, WDI_COMP_FLUSH_NONE, NULL, 0);
}

int wdi_comp_strm_flush(handle_t h_sess, struct wd_comp_req *req, enum wdi_comp_flush flush,
			const void *dict, __u32 dict_len)
{
	struct wdi_sess *s = wdi_sess_get(&engine, h_sess);

	if (!s || !req || req->last || s->spec.op_type != WD_DIR_COMPRESS ||
	    (flush != WDI_COMP_FLUSH_SYNC && flush != WDI_COMP_FLUSH_FULL))
		return -WD_EINVAL;
	return do_strm(h_sess, req, flush, dict, dict_len);
}

/*
 * A whole stream over large buffers: the session's stream is restarted,
 * fed in chunks, and must end inside this call. dst too small gives
 * status WD_OUT_EPARA; a stream that does not end gives WD_IN_EPARA.
 */
int wd_do_comp_sync2(handle_t h_sess, struct wd_comp_req *req)
{
	__u32 in_off = 0, out_off = 0, chunk;
	struct wd_comp_req step;
	int ret = req_check(wdi_sess_get(&engine, h_sess), req, false);

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
	struct wdi_sess *s = wdi_sess_get(&engine, h_sess);
	struct wd_comp_msg m;
	int ret = req_check(s, req, true);

	if (__builtin_expect(ret, 0))
		return ret;
	msg_fill(&m, s, req);
	m.req = *req;	/* the callback gets this copy (UADK semantics) */
	return wdi_engine_async(&engine, s, &m.hdr);
}

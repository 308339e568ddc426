/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc compression class: struct wd_comp_msg <-> vacc sqe/cqe, and the
 * WD_DRV_HW driver that runs wd_comp on vacc queues (preferred over the
 * CPU driver when a device exists: the registry ranks hardware first).
 * Results follow the CPU driver
 * (src/drivers/cpu_comp) request for request:
 *   stateless   ok -> WD_SUCCESS; compress consumes all input, decompress
 *               decodes one stream (gzip: one member) and consumes up to
 *               its end, bytes after it stay unconsumed; dst too small ->
 *               WD_OUT_EPARA; corrupt or truncated input -> WD_IN_EPARA
 *               (consumed = produced = 0 on every failure).
 *   stream      WD_STREAM_END at the end of the stream (member); compress:
 *               WD_EAGAIN while input is left or `last` is not yet done,
 *               else WD_SUCCESS; decompress: WD_EAGAIN when dst filled up,
 *               else WD_SUCCESS, or WD_IN_EPARA when `last` input ends early.
 *   device      FAULT -> result -WD_ADDR_ERR, BAD_LEN -> -WD_EINVAL, NOMEM ->
 *               -WD_ENOMEM, STOPPED -> -WD_HW_EACCESS, BAD_DESC/BAD_STREAM or
 *               anything unknown -> -WD_EIO (the two sides disagree).
 */
#include <string.h>
#include "uadk/wd_comp.h"
#include "wd_comp_drv.h"
#include "wd_log.h"
#include "vacc_drv.h"

static const char *const vacc_comp_algs[] = { "deflate", "zlib", "gzip", NULL };

static __u8 vacc_win_bits(__u8 win)
{
	/* as the CPU driver: 24K rounds down to 16K */
	static const __u8 bits[] = { 12, 13, 14, 14, 15 };

	return win < sizeof(bits) ? bits[win] : 15;
}

static int comp_to_sqe(const struct vacc_ctx *c, const struct wd_msg_hdr *hdr, struct vacc_sqe *s)
{
	static const __u8 fmt[] = { VACC_FMT_RAW, VACC_FMT_ZLIB, VACC_FMT_GZIP };
	const struct wd_comp_msg *m = (const struct wd_comp_msg *)hdr;
	bool stream = hdr->flags & WD_MSG_STREAM;
	__u32 max = c->ring.max_len;

	if (__builtin_expect(m->alg > WD_GZIP || m->op >= WD_DIR_MAX, 0))
		return -WD_EINVAL;
	/* the device has no flush nor dictionary: refused before anything is consumed, so
	 * the caller (the zlib drop-in) can still choose another way */
	if (m->flush || m->dict_len)
		return -WD_EINVAL;
	memset(s, 0, sizeof(*s));
	s->opcode = m->op == WD_DIR_COMPRESS ? VACC_OP_COMPRESS : VACC_OP_DECOMPRESS;
	s->format = fmt[m->alg];
	if (m->op == WD_DIR_COMPRESS) {
		s->level = m->level > 9 ? 9 : m->level ? m->level : 1;
		s->win_bits = vacc_win_bits(m->win);
	}
	s->src = (uintptr_t)m->src;
	s->dst = (uintptr_t)m->dst;
	s->src_len = m->src_len;
	s->dst_len = m->dst_len > max ? max : m->dst_len;
	if (m->src_len > max) {
		/* a stream takes what it can (the caller resubmits the rest) */
		if (!stream) {
			wd_err("vacc: a one-shot request is limited to %u bytes of input", max);
			return -WD_EINVAL;
		}
		s->src_len = max;
	}
	/* a clamped input is not the last one yet */
	if (stream && m->op == WD_DIR_COMPRESS && m->last && s->src_len == m->src_len)
		s->flags |= VACC_SQE_FINISH;
	return 0;
}

static void fail(struct wd_comp_msg *m, int result)
{
	m->hdr.result = result;
}

static bool is_stream(const struct wd_comp_msg *m)
{
	return m->hdr.flags & WD_MSG_STREAM;
}

static int device_error(const struct vacc_cqe *e)
{
	return e->status == VACC_ST_BAD_LEN ? -WD_EINVAL : vacc_status_error(e);
}

/* Stateless completion (one part per request: next is not used). */
static enum vacc_done oneshot(struct vacc_ctx *c, struct wd_comp_msg *m, struct vacc_slot *sl,
			      const struct vacc_cqe *e, struct vacc_sqe *next)
{
	__u32 in = sl->in_done + e->consumed, out = sl->out_done + e->produced;

	(void)c;	/* the ops-table signature: parts are not used here */
	(void)next;
	if (m->op == WD_DIR_COMPRESS) {
		if (e->consumed != sl->src_len) {
			fail(m, -WD_EIO);
			return VACC_DONE;
		}
		m->status = WD_SUCCESS;
	} else if (!e->consumed && m->src_len) {
		m->status = WD_IN_EPARA;	/* a stream is never empty */
		return VACC_DONE;
	} else {
		/* the stream ended at `in`: what follows is the caller's (the
		 * CPU driver and zlib stop there too) */
		m->status = WD_SUCCESS;
	}
	m->consumed = in;
	m->produced = out;
	return VACC_DONE;
}

static void stream(struct vacc_ctx *c, struct wd_comp_msg *m, const struct vacc_slot *sl,
		   const struct vacc_cqe *e)
{
	m->consumed = e->consumed;
	m->produced = e->produced;
	if (e->flags & VACC_CQE_END) {
		m->status = WD_STREAM_END;
		vacc_stream_end(c, &m->hdr);
	} else if (m->op == WD_DIR_COMPRESS) {
		m->status = e->consumed < m->src_len || m->last ? WD_EAGAIN : WD_SUCCESS;
	} else if (e->produced == sl->dst_len) {
		m->status = WD_EAGAIN;			/* dst filled up */
	} else {
		m->status = m->last ? WD_IN_EPARA : WD_SUCCESS;
	}
}

static enum vacc_done comp_complete(struct vacc_ctx *c, struct vacc_slot *sl,
				    const struct vacc_cqe *e, struct vacc_sqe *next)
{
	struct wd_comp_msg *m = (struct wd_comp_msg *)sl->msg;

	m->consumed = 0;
	m->produced = 0;
	if (e->status == VACC_ST_OK && (e->consumed > sl->src_len || e->produced > sl->dst_len)) {
		wd_err("vacc: completion claims %u/%u bytes for a %u/%u request", e->consumed,
		       e->produced, sl->src_len, sl->dst_len);
		fail(m, -WD_EIO);
	} else if (e->status == VACC_ST_OK) {
		if (!is_stream(m))
			return oneshot(c, m, sl, e, next);
		stream(c, m, sl, e);
		return VACC_DONE;
	} else if (e->status == VACC_ST_OVERFLOW && !is_stream(m)) {
		m->status = WD_OUT_EPARA;
	} else if ((e->status == VACC_ST_DATA_ERR || e->status == VACC_ST_TRUNCATED) &&
		   m->op == WD_DIR_DECOMPRESS) {
		m->status = WD_IN_EPARA;
	} else {
		fail(m, device_error(e));
	}
	/* a failed stream starts afresh next time, as in the CPU driver */
	if (is_stream(m))
		vacc_stream_end(c, &m->hdr);
	return VACC_DONE;
}

/* Frees a stream slot's state: an empty request of the stream's own op and format. */
static void comp_release_sqe(const struct vacc_ctx *c, __u8 slot, __u8 fmt, struct vacc_sqe *s)
{
	/* the kernel refuses flags on NOP; this frees the slot whatever its state */
	s->opcode = c->op_type == WD_DIR_COMPRESS ? VACC_OP_COMPRESS : VACC_OP_DECOMPRESS;
	s->format = fmt;
	s->flags = VACC_SQE_STREAM | VACC_SQE_RELEASE;
	s->stream = slot;
}

static const struct wd_driver vacc_comp_driver;

static const struct vacc_class comp_class = {
	.drv = &vacc_comp_driver,
	.to_sqe = comp_to_sqe,
	.complete = comp_complete,
	.release_sqe = comp_release_sqe,
};

static int comp_probe(const struct wd_driver *drv)
{
	(void)drv;
	return vacc_device_present(vacc_comp_algs[0]) ? 0 : -WD_ENODEV;
}

static int comp_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type,
			 __u8 mode, __u32 depth, void **out)
{
	(void)drv;
	(void)depth;	/* in flight is bounded by the ring: send says -WD_EBUSY beyond */
	if (op_type >= WD_DIR_MAX)
		return -WD_EINVAL;
	return vacc_ctx_open(&comp_class, alg ? alg : vacc_comp_algs[0], numa, op_type, mode, out);
}

static int comp_ctx_adopt(const struct wd_driver *drv, handle_t h, __u8 op_type, __u8 mode,
			  __u32 depth, void **out)
{
	(void)drv;
	(void)depth;
	if (op_type >= WD_DIR_MAX)
		return -WD_EINVAL;
	return vacc_ctx_adopt(&comp_class, h, op_type, mode, out);
}

static const struct wd_driver vacc_comp_driver = {
	.name = "vacc",
	.desc = "vacc virtual accelerator queues (uacce api vacc_v1): deflate/zlib/gzip",
	.kind = WD_DRV_HW,
	.alg_class = WD_CLASS_COMP,
	/*
	 * The registry ranks every hardware driver above every CPU driver, so
	 * vacc is preferred to cpu_deflate whatever the number; among hardware
	 * drivers a virtual device (a kernel thread on the same CPUs) should
	 * come last, behind real accelerators.
	 */
	.priority = 0,
	.algs = vacc_comp_algs,
	.op_mask = (1u << WD_DIR_COMPRESS) | (1u << WD_DIR_DECOMPRESS),
	.probe = comp_probe,
	.ctx_open = comp_ctx_open,
	.ctx_close = vacc_ctx_close,
	.ctx_adopt = comp_ctx_adopt,
	.ctx_forget = vacc_ctx_forget,
	.send = vacc_send,
	.recv = vacc_recv,
	.wait = vacc_wait,
	.sess_free = vacc_sess_free,
	.sess_reset = vacc_sess_reset,
};

__attribute__((constructor)) static void vacc_comp_register(void)
{
	wdi_driver_register(&vacc_comp_driver);
}

__attribute__((destructor)) static void vacc_comp_unregister(void)
{
	wdi_driver_unregister(&vacc_comp_driver);
}

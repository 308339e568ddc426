/* SPDX-License-Identifier: Apache-2.0 */
/*
 * struct wd_comp_msg <-> vacc sqe/cqe. Results follow the CPU driver
 * (src/drivers/cpu_comp) request for request:
 *   stateless   ok -> WD_SUCCESS, all input consumed; dst too small ->
 *               WD_OUT_EPARA; corrupt, truncated or trailing input ->
 *               WD_IN_EPARA (consumed = produced = 0 on every failure);
 *               concatenated gzip members are all decoded.
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
#include "wd_log.h"
#include "vacc_drv.h"

static __u8 vacc_win_bits(__u8 win)
{
	/* as the CPU driver: 24K rounds down to 16K */
	static const __u8 bits[] = { 12, 13, 14, 14, 15 };

	return win < sizeof(bits) ? bits[win] : 15;
}

int vacc_msg_to_sqe(const struct vacc_ctx *c, const struct wd_comp_msg *m, struct vacc_sqe *s)
{
	static const __u8 fmt[] = { VACC_FMT_RAW, VACC_FMT_ZLIB, VACC_FMT_GZIP };
	__u32 max = c->ring.max_len;

	if (__builtin_expect(m->alg > WD_GZIP || m->op >= WD_DIR_MAX, 0))
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
		if (!m->stateful) {
			wd_err("vacc: a one-shot request is limited to %u bytes of input", max);
			return -WD_EINVAL;
		}
		s->src_len = max;
	}
	return 0;
}

static void fail(struct wd_comp_msg *m, int result)
{
	m->hdr.result = result;
}

static int device_error(__u32 status, const struct vacc_cqe *e)
{
	switch (status) {
	case VACC_ST_FAULT:
		wd_dbg("vacc: fault at %s offset %u", e->fault_off & VACC_FAULT_DST ? "dst" : "src",
		       e->fault_off & ~VACC_FAULT_DST);
		return -WD_ADDR_ERR;
	case VACC_ST_BAD_LEN:
		return -WD_EINVAL;
	case VACC_ST_NOMEM:
		return -WD_ENOMEM;
	case VACC_ST_STOPPED:
		return -WD_HW_EACCESS;
	default:
		wd_err("vacc: the device refused a request (status %u)", status);
		return -WD_EIO;
	}
}

/* Stateless completion; VACC_AGAIN when the next gzip member follows. */
static enum vacc_done oneshot(struct vacc_ctx *c, struct wd_comp_msg *m, struct vacc_slot *sl,
			      const struct vacc_cqe *e, struct vacc_sqe *next)
{
	__u32 in = sl->in_done + e->consumed, out = sl->out_done + e->produced;

	if (m->op == WD_DIR_COMPRESS) {
		if (e->consumed != sl->src_len) {
			fail(m, -WD_EIO);
			return VACC_DONE;
		}
		m->status = WD_SUCCESS;
	} else if (in < m->src_len) {
		if (m->alg != WD_GZIP || !e->consumed || vacc_msg_to_sqe(c, m, next)) {
			m->status = WD_IN_EPARA;	/* trailing bytes after the stream */
			return VACC_DONE;
		}
		/* another gzip member: decode it into the rest of dst */
		sl->in_done = in;
		sl->out_done = out;
		next->src = (uintptr_t)(m->src + in);
		next->src_len = m->src_len - in;
		next->dst = (uintptr_t)(m->dst + out);
		next->dst_len = m->dst_len - out;
		if (next->dst_len > sl->dst_len)
			next->dst_len = sl->dst_len;
		return VACC_AGAIN;
	} else {
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
		vacc_stream_end(c, m);
	} else if (m->op == WD_DIR_COMPRESS) {
		m->status = e->consumed < m->src_len || m->last ? WD_EAGAIN : WD_SUCCESS;
	} else if (e->produced == sl->dst_len) {
		m->status = WD_EAGAIN;			/* dst filled up */
	} else {
		m->status = m->last ? WD_IN_EPARA : WD_SUCCESS;
	}
}

enum vacc_done vacc_msg_complete(struct vacc_ctx *c, struct vacc_slot *sl,
				 const struct vacc_cqe *e, struct vacc_sqe *next)
{
	struct wd_comp_msg *m = sl->msg;

	m->consumed = 0;
	m->produced = 0;
	if (e->status == VACC_ST_OK && (e->consumed > sl->src_len || e->produced > sl->dst_len)) {
		wd_err("vacc: completion claims %u/%u bytes for a %u/%u request", e->consumed,
		       e->produced, sl->src_len, sl->dst_len);
		fail(m, -WD_EIO);
	} else if (e->status == VACC_ST_OK) {
		if (!m->stateful)
			return oneshot(c, m, sl, e, next);
		stream(c, m, sl, e);
		return VACC_DONE;
	} else if (e->status == VACC_ST_OVERFLOW && !m->stateful) {
		m->status = WD_OUT_EPARA;
	} else if ((e->status == VACC_ST_DATA_ERR || e->status == VACC_ST_TRUNCATED) &&
		   m->op == WD_DIR_DECOMPRESS) {
		m->status = WD_IN_EPARA;
	} else {
		fail(m, device_error(e->status, e));
	}
	/* a failed stream starts afresh next time, as in the CPU driver */
	if (m->stateful)
		vacc_stream_end(c, m);
	return VACC_DONE;
}

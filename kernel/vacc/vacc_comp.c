// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the compression class: COMPRESS / DECOMPRESS with the kernel's
 * zlib: RAW (negative windowBits), ZLIB (zlib's own wrapper) and GZIP (raw
 * deflate wrapped by vacc_gzip.c). Data moves through the queue's 64 KiB
 * bounce buffers, so a request of any size needs no more kernel memory
 * than the zlib state.
 *
 * Stateless requests use a per-queue scratch context, reinitialised each
 * time. Stream requests use a slot context that survives between requests.
 * Both live in the class's per-queue state, allocated on first use.
 */
#include <linux/crc32.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vacc_comp.h"

/* The class's state of one queue (its slot in q->cls_state). */
struct vacc_comp_state {
	struct vacc_zctx *sl[2];	/* stateless: [0] deflate, [1] inflate */
	struct vacc_zctx *streams[VACC_MAX_STREAMS];
};

static void vacc_zctx_free(struct vacc_zctx *z)
{
	if (!z)
		return;
	vfree(z->ws);
	kfree(z);
}

static void vacc_comp_queue_fini(void *state)
{
	struct vacc_comp_state *cs = state;
	unsigned int i;

	for (i = 0; i < VACC_MAX_STREAMS; i++)
		vacc_zctx_free(cs->streams[i]);
	vacc_zctx_free(cs->sl[0]);
	vacc_zctx_free(cs->sl[1]);
	kfree(cs);
}

/* The queue's state; allocated first when @create. NULL: none (or no memory). */
static struct vacc_comp_state *vacc_comp_state(struct vacc_job *j, bool create)
{
	if (!*j->state && create)
		*j->state = kzalloc(sizeof(struct vacc_comp_state), GFP_KERNEL);
	return *j->state;
}

/* The next chunk of src into the input bounce, as zlib's input. */
static int vacc_zload(struct vacc_job *j, z_stream *s)
{
	u32 n;

	if (vacc_load_chunk(j, &n))
		return -EFAULT;
	s->next_in = j->q->bin;
	s->avail_in = n;
	return 0;
}

/* A context with a workspace big enough for any level / window. */
static struct vacc_zctx *vacc_zctx_alloc(u8 op)
{
	struct vacc_zctx *z;
	size_t ws;

	z = kzalloc(sizeof(*z), GFP_KERNEL);
	if (!z)
		return NULL;
	if (op == VACC_OP_COMPRESS)
		ws = zlib_deflate_workspacesize(MAX_WBITS, DEF_MEM_LEVEL);
	else
		ws = zlib_inflate_workspacesize();
	z->ws = vmalloc(ws);
	if (!z->ws) {
		kfree(z);
		return NULL;
	}
	z->op = op;
	return z;
}

/* (Re)start @z for a new stream described by @sqe. */
static int vacc_zctx_init(struct vacc_zctx *z, const struct vacc_sqe *sqe)
{
	unsigned int level = sqe->level ? sqe->level : 6;
	int wbits = sqe->win_bits ? sqe->win_bits : MAX_WBITS;
	int ret;

	memset(&z->strm, 0, sizeof(z->strm));
	z->strm.workspace = z->ws;
	z->fmt = sqe->format;
	z->zdone = false;
	z->ended = false;
	z->broken = false;
	vacc_gz_reset(z);

	if (z->op == VACC_OP_COMPRESS) {
		ret = zlib_deflateInit2(&z->strm, level, Z_DEFLATED,
					z->fmt == VACC_FMT_ZLIB ? wbits : -wbits,
					DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY);
		if (z->fmt == VACC_FMT_GZIP)
			vacc_gz_write_header(z, level);
	} else {
		/* The largest window decodes every stream. */
		ret = zlib_inflateInit2(&z->strm, z->fmt == VACC_FMT_ZLIB ?
					MAX_WBITS : -MAX_WBITS);
		if (z->fmt != VACC_FMT_GZIP)
			z->gz_state = VACC_GZ_BODY;
	}
	return ret == Z_OK ? 0 : -EINVAL;
}

/* Write out queued gzip header/trailer bytes. false: fault (res set). */
static bool vacc_emit_pend(struct vacc_job *j, struct vacc_zctx *z)
{
	u32 n = min_t(u32, z->pend_len - z->pend_off,
		      j->sqe->dst_len - j->dst_off);

	if (n && vacc_store(j, z->pend + z->pend_off, n))
		return false;
	z->pend_off += n;
	return true;
}

/*
 * Deflate src into dst. @finish: src ends the data. Stops when the stream
 * is complete (ended), src is used up (non-finish), or dst is full.
 */
static void vacc_deflate_run(struct vacc_job *j, struct vacc_zctx *z,
			     bool finish)
{
	const struct vacc_sqe *sqe = j->sqe;
	struct vacc_queue *q = j->q;
	z_stream *s = &z->strm;
	u32 room, cap, used, out, in_before;
	int flush, ret;

	s->next_in = q->bin;
	s->avail_in = 0;
	for (;;) {
		if (vacc_should_abort(q)) {
			j->res->status = VACC_ST_STOPPED;
			z->broken = true;
			return;
		}
		if (z->pend_off < z->pend_len) {
			if (!vacc_emit_pend(j, z)) {
				z->broken = true;
				return;
			}
			if (z->pend_off < z->pend_len)
				break;		/* dst full */
		}
		if (z->zdone) {
			if (z->fmt == VACC_FMT_GZIP && !z->trailer_queued) {
				vacc_gz_write_trailer(z);
				continue;
			}
			z->ended = true;
			break;
		}
		if (!s->avail_in && j->src_off < sqe->src_len &&
		    vacc_zload(j, s))
			return;		/* src fault: nothing of it used */
		room = sqe->dst_len - j->dst_off;
		if (!room)
			break;
		cap = min_t(u32, room, VACC_BOUNCE_SIZE);
		s->next_out = q->bout;
		s->avail_out = cap;
		in_before = s->avail_in;
		flush = finish && j->src_off == sqe->src_len ? Z_FINISH :
							      Z_NO_FLUSH;
		ret = zlib_deflate(s, flush);
		used = in_before - s->avail_in;
		out = cap - s->avail_out;
		if (z->fmt == VACC_FMT_GZIP && used) {
			z->crc = crc32_le(z->crc, s->next_in - used, used);
			z->isize += used;
		}
		if (out && vacc_store(j, q->bout, out)) {
			z->broken = true;	/* output lost */
			return;
		}
		if (ret == Z_STREAM_END) {
			z->zdone = true;
			continue;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			j->res->status = VACC_ST_BAD_STREAM;
			z->broken = true;
			return;
		}
		if (!used && !out) {
			/* Input all taken without FINISH: wait for more. */
			if (!finish && !s->avail_in &&
			    j->src_off == sqe->src_len)
				break;
			/* zlib refuses (e.g. no FINISH after a FINISH) */
			j->res->status = VACC_ST_BAD_STREAM;
			z->broken = true;
			return;
		}
		cond_resched();
	}
}

/*
 * Inflate src into dst. Stops at the end of the stream/member (ended),
 * when src is used up, or when neither input nor output can move.
 */
static void vacc_inflate_run(struct vacc_job *j, struct vacc_zctx *z)
{
	const struct vacc_sqe *sqe = j->sqe;
	struct vacc_queue *q = j->q;
	z_stream *s = &z->strm;
	u32 room, cap, used, out, in_before;
	int ret;

	s->next_in = q->bin;
	s->avail_in = 0;
	while (!z->ended) {
		if (vacc_should_abort(q)) {
			j->res->status = VACC_ST_STOPPED;
			z->broken = true;
			return;
		}
		if (!s->avail_in && j->src_off < sqe->src_len &&
		    vacc_zload(j, s))
			return;
		if (z->gz_state != VACC_GZ_BODY) {
			if (!s->avail_in)
				break;		/* need input */
			ret = z->gz_state == VACC_GZ_TRAILER ?
				vacc_gz_parse_trailer(z) :
				vacc_gz_parse_header(z);
			if (ret < 0) {
				j->res->status = VACC_ST_DATA_ERR;
				z->broken = true;
				return;
			}
			if (ret > 0 && z->gz_state == VACC_GZ_TRAILER)
				z->ended = true;
			continue;
		}
		room = sqe->dst_len - j->dst_off;
		cap = min_t(u32, room, VACC_BOUNCE_SIZE);
		s->next_out = q->bout;
		s->avail_out = cap;
		in_before = s->avail_in;
		ret = zlib_inflate(s, Z_SYNC_FLUSH);
		used = in_before - s->avail_in;
		out = cap - s->avail_out;
		if (out) {
			if (z->fmt == VACC_FMT_GZIP) {
				z->crc = crc32_le(z->crc, q->bout, out);
				z->isize += out;
			}
			if (vacc_store(j, q->bout, out)) {
				z->broken = true;
				return;
			}
		}
		if (ret == Z_STREAM_END) {
			z->zdone = true;
			if (z->fmt == VACC_FMT_GZIP) {
				z->gz_state = VACC_GZ_TRAILER;
				z->gz_cnt = 0;
			} else {
				z->ended = true;
			}
			continue;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			j->res->status = VACC_ST_DATA_ERR;
			z->broken = true;
			return;
		}
		if (!used && !out)
			break;			/* needs input or dst space */
		cond_resched();
	}
}

/*
 * Stateless decompress that did not reach the end: input ran out
 * (TRUNCATED) or output did (OVERFLOW). When both ran out at once, probe
 * whether the stream would still produce output.
 */
static u32 vacc_inflate_shortfall(struct vacc_job *j, struct vacc_zctx *z)
{
	z_stream *s = &z->strm;
	int ret;

	if (s->avail_in || j->src_off < j->sqe->src_len)
		return VACC_ST_OVERFLOW;
	if (z->gz_state != VACC_GZ_BODY || j->dst_off < j->sqe->dst_len)
		return VACC_ST_TRUNCATED;
	s->next_out = j->q->bout;
	s->avail_out = VACC_BOUNCE_SIZE;
	ret = zlib_inflate(s, Z_SYNC_FLUSH);
	if (ret == Z_STREAM_END || s->avail_out != VACC_BOUNCE_SIZE)
		return VACC_ST_OVERFLOW;
	return VACC_ST_TRUNCATED;
}

/* The state kept in *slot, allocated for op on first use; NULL: no memory. */
static struct vacc_zctx *vacc_zctx_get(struct vacc_zctx **slot, u8 op)
{
	if (!*slot)
		*slot = vacc_zctx_alloc(op);
	return *slot;
}

static void vacc_stateless(struct vacc_job *j)
{
	const struct vacc_sqe *sqe = j->sqe;
	bool deflate = sqe->opcode == VACC_OP_COMPRESS;
	struct vacc_comp_state *cs = vacc_comp_state(j, true);
	struct vacc_res *res = j->res;
	struct vacc_zctx *z;

	z = cs ? vacc_zctx_get(&cs->sl[deflate ? 0 : 1], sqe->opcode) : NULL;
	if (!z) {
		res->status = VACC_ST_NOMEM;
		return;
	}
	if (vacc_zctx_init(z, sqe)) {
		res->status = VACC_ST_BAD_DESC;
		return;
	}

	if (deflate)
		vacc_deflate_run(j, z, true);
	else
		vacc_inflate_run(j, z);

	res->consumed = j->src_off - z->strm.avail_in;
	res->produced = j->dst_off;
	if (res->status != VACC_ST_OK)
		return;
	if (z->ended)
		res->flags |= VACC_CQE_END;
	else if (deflate)
		res->status = VACC_ST_OVERFLOW;
	else
		res->status = vacc_inflate_shortfall(j, z);
}

static void vacc_stream(struct vacc_job *j)
{
	const struct vacc_sqe *sqe = j->sqe;
	/* only NEW fills a slot: without it no state means an unused slot */
	struct vacc_comp_state *cs = vacc_comp_state(j, sqe->flags & VACC_SQE_NEW);
	struct vacc_res *res = j->res;
	struct vacc_zctx **slot, *z;

	if (!cs) {
		res->status = sqe->flags & VACC_SQE_NEW ? VACC_ST_NOMEM :
							  VACC_ST_BAD_STREAM;
		return;
	}
	slot = &cs->streams[sqe->stream];
	z = *slot;
	if (sqe->flags & VACC_SQE_NEW) {
		/* NEW on a busy slot starts over; the op decides the state */
		if (z && z->op != sqe->opcode) {
			vacc_zctx_free(z);
			*slot = z = NULL;
		}
		z = vacc_zctx_get(slot, sqe->opcode);
		if (!z) {
			res->status = VACC_ST_NOMEM;
			return;
		}
		if (vacc_zctx_init(z, sqe)) {
			res->status = VACC_ST_BAD_DESC;
			goto out;
		}
	} else if (!z || z->broken || z->op != sqe->opcode ||
		   z->fmt != sqe->format) {
		res->status = VACC_ST_BAD_STREAM;
		goto out;
	}

	if (z->ended) {
		/* Nothing more belongs to this stream. */
		if (z->op == VACC_OP_COMPRESS && sqe->src_len)
			res->status = VACC_ST_BAD_STREAM;
		else
			res->flags |= VACC_CQE_END;
		goto out;
	}

	if (z->op == VACC_OP_COMPRESS)
		vacc_deflate_run(j, z, sqe->flags & VACC_SQE_FINISH);
	else
		vacc_inflate_run(j, z);

	res->consumed = j->src_off - z->strm.avail_in;
	res->produced = j->dst_off;
	if (res->status == VACC_ST_OK && z->ended)
		res->flags |= VACC_CQE_END;
out:
	if ((sqe->flags & VACC_SQE_RELEASE) && *slot) {
		vacc_zctx_free(*slot);
		*slot = NULL;
	}
}

static void vacc_comp_exec(struct vacc_job *j)
{
	if (j->sqe->flags & VACC_SQE_STREAM)
		vacc_stream(j);
	else
		vacc_stateless(j);
}

/* The class parameters: format, level, win_bits, stream and flag use. */
static u32 vacc_comp_validate(const struct vacc_sqe *sqe)
{
	if (sqe->format >= VACC_FMT_MAX || sqe->level > 9)
		return VACC_ST_BAD_DESC;
	if (sqe->win_bits && (sqe->win_bits < 9 || sqe->win_bits > 15))
		return VACC_ST_BAD_DESC;
	/* NEW/FINISH/RELEASE qualify a stream request */
	if ((sqe->flags & ~VACC_SQE_STREAM) && !(sqe->flags & VACC_SQE_STREAM))
		return VACC_ST_BAD_DESC;
	if (sqe->stream >= VACC_MAX_STREAMS)
		return VACC_ST_BAD_STREAM;
	return VACC_ST_OK;
}

static void vacc_comp_ctrl_init(struct vacc_ctrl *c)
{
	c->max_streams = VACC_MAX_STREAMS;
}

const struct vacc_class vacc_comp_class = {
	.algs = "zlib\ngzip\ndeflate",
	.op_first = VACC_OP_COMPRESS,
	.op_last = VACC_OP_DECOMPRESS,
	.flags = VACC_SQE_STREAM | VACC_SQE_NEW | VACC_SQE_FINISH |
		 VACC_SQE_RELEASE,
	.validate = vacc_comp_validate,
	.exec = vacc_comp_exec,
	.ctrl_init = vacc_comp_ctrl_init,
	.queue_fini = vacc_comp_queue_fini,
};

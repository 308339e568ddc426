/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stateful (stream) compression and decompression. The session keeps the
 * library state between calls. Decompression stops at the end of each
 * stream (gzip member) with WD_STREAM_END and the exact bytes consumed; the
 * next call starts a new stream, which is how concatenated members arrive.
 * Status: WD_SUCCESS (input consumed, want more), WD_EAGAIN (dst full),
 * WD_STREAM_END, WD_IN_EPARA (corrupt, or truncated when last is set).
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"
#include "wd_comp_priv.h"

enum strm_kind { STRM_ISAL_DEFLATE, STRM_ZLIB_DEFLATE, STRM_ISAL_INFLATE };

struct cpu_strm {
	enum strm_kind kind;
	bool fresh;		/* next call starts a new stream */
	bool z_ready;
	bool z_started;		/* zlib deflate has taken this stream's input */
	struct cpu_ldseg ld;	/* libdeflate segments (flushed raw streams, L4+) */
	__u8 hdr[2];		/* zlib header still to write (ISA-L path) */
	__u8 hdr_left;
	__u8 *level_buf;
	z_stream z;
	struct isal_zstream zs;
	struct cpu_istream *is;	/* inflate */
};

static struct cpu_strm *strm_new(const struct wd_comp_msg *m)
{
	struct cpu_strm *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fresh = true;
	if (m->op == WD_DIR_DECOMPRESS) {
		s->kind = STRM_ISAL_INFLATE;
		s->is = cpu_istream_new();
		if (!s->is) {
			free(s);
			return NULL;
		}
	} else if (cpu_level_is_isal(m->level)) {
		s->kind = STRM_ISAL_DEFLATE;
		s->level_buf = malloc(cpu_isal_level_buf_size(m->level));
		if (!s->level_buf) {
			free(s);
			return NULL;
		}
	} else {
		s->kind = STRM_ZLIB_DEFLATE;
	}
	return s;
}

static void isal_deflate_step(struct cpu_strm *s, struct wd_comp_msg *m)
{
	struct isal_zstream *zs = &s->zs;
	__u32 h = 0;

	if (s->fresh) {
		isal_deflate_init(zs);
		cpu_isal_params(zs, m, s->level_buf);
		s->fresh = false;
		/* ISA-L takes the last 32 KiB itself; a refusal only costs ratio */
		if (m->dict_len)
			isal_deflate_set_dict(zs, (__u8 *)m->dict, m->dict_len);
		if (m->alg == WD_ZLIB) {
			cpu_zlib_header(s->hdr, cpu_win_bits(m->win), m->level);
			s->hdr_left = 2;
		}
	}
	while (s->hdr_left && h < m->dst_len) {
		m->dst[h++] = s->hdr[2 - s->hdr_left];
		s->hdr_left--;
	}
	zs->next_in = (__u8 *)m->src;
	zs->avail_in = m->src_len;
	zs->next_out = m->dst + h;
	zs->avail_out = m->dst_len - h;
	zs->end_of_stream = m->last;
	/* ISA-L's flushes end with zlib's empty stored block (00 00 ff ff) */
	zs->flush = m->flush == WDI_COMP_FLUSH_SYNC ? SYNC_FLUSH :
		    m->flush == WDI_COMP_FLUSH_FULL ? FULL_FLUSH : NO_FLUSH;
	if (s->hdr_left) {
		m->consumed = 0;
		m->produced = h;
		m->status = WD_EAGAIN;
		return;
	}
	if (isal_deflate(zs) != COMP_OK) {
		m->status = WD_IN_EPARA;
		s->fresh = true;
		return;
	}
	m->consumed = m->src_len - zs->avail_in;
	m->produced = m->dst_len - zs->avail_out;
	if (zs->internal_state.state == ZSTATE_END) {
		m->status = WD_STREAM_END;
		s->fresh = true;
	} else {
		/* a flush is complete once the output did not fill up */
		m->status = zs->avail_in || m->last || (m->flush && !zs->avail_out) ?
			    WD_EAGAIN : WD_SUCCESS;
	}
}

/* Point zlib at a message's buffers, and read back what it used. */
static void z_bind(z_stream *z, const struct wd_comp_msg *m)
{
	z->next_in = (Bytef *)m->src;
	z->avail_in = m->src_len;
	z->next_out = m->dst;
	z->avail_out = m->dst_len;
}

static void z_account(const z_stream *z, struct wd_comp_msg *m)
{
	m->consumed = m->src_len - z->avail_in;
	m->produced = m->dst_len - z->avail_out;
}

/*
 * L4+ streams: a raw stream whose requests all end at flush points (or the
 * end) runs as libdeflate segments, faster and smaller than zlib; anything
 * else (a request without flush, other formats, no room for libdeflate's
 * worst case) runs on zlib from there on, starting at the last segment's
 * byte-aligned end.
 */
static void zlib_deflate_step(struct cpu_strm *s, struct wd_comp_msg *m)
{
	int wbits = cpu_zlib_wbits(m->alg, m->win), level = m->level > 9 ? 9 : m->level, ret;
	z_stream *z = &s->z;

	if (s->fresh) {
		s->fresh = false;
		s->z_started = false;
	}
	if (!s->z_started && cpu_ld_segment(&s->ld, m)) {
		s->fresh = m->status == WD_STREAM_END;
		return;
	}
	if (!s->z_started) {
		if (s->z_ready) {
			deflateReset(z);
		} else if (deflateInit2(z, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			m->hdr.result = -WD_ENOMEM;
			return;
		}
		s->z_ready = true;
		s->z_started = true;
		if (m->dict_len)
			deflateSetDictionary(z, m->dict, m->dict_len);
	}
	z_bind(z, m);
	ret = deflate(z, m->last ? Z_FINISH : m->flush == WDI_COMP_FLUSH_SYNC ? Z_SYNC_FLUSH :
		      m->flush == WDI_COMP_FLUSH_FULL ? Z_FULL_FLUSH : Z_NO_FLUSH);
	z_account(z, m);
	if (ret == Z_STREAM_END) {
		m->status = WD_STREAM_END;
		s->fresh = true;
	} else if (ret == Z_OK || ret == Z_BUF_ERROR) {
		/* zlib: a flush that filled avail_out must be called again */
		m->status = z->avail_in || m->last || (m->flush && !z->avail_out) ?
			    WD_EAGAIN : WD_SUCCESS;
	} else {
		m->status = WD_IN_EPARA;
		s->fresh = true;
	}
}

/* Stream inflate is ISA-L's, with exact stream ends (cpu_istream.c). */
static void isal_inflate_step(struct cpu_strm *s, struct wd_comp_msg *m)
{
	bool ended;

	if (s->fresh) {
		cpu_istream_reset(s->is, m->alg);
		s->fresh = false;
	}
	cpu_istream_step(s->is, m, &ended);
	/* after the end or an error, the next call starts a new stream */
	if (ended || m->status == WD_IN_EPARA)
		s->fresh = true;
}

void cpu_stream(struct wd_comp_msg *m, const struct wd_driver *drv)
{
	struct wd_drv_sess *sess = m->hdr.sess;
	struct cpu_strm *s = sess->priv;

	if (!s) {
		s = strm_new(m);
		if (!s) {
			m->hdr.result = -WD_ENOMEM;
			return;
		}
		sess->priv = s;
		sess->drv = drv;
	}
	m->consumed = 0;
	m->produced = 0;
	if (s->kind == STRM_ISAL_INFLATE)
		isal_inflate_step(s, m);
	else if (s->kind == STRM_ISAL_DEFLATE)
		isal_deflate_step(s, m);
	else
		zlib_deflate_step(s, m);
}

void cpu_stream_reset(void *home_ctx, struct wd_drv_sess *sess)
{
	struct cpu_strm *s = sess->priv;

	(void)home_ctx;	/* the state is the session's own, not a queue's */
	if (s)
		s->fresh = true;
}

void cpu_stream_free(void *home_ctx, struct wd_drv_sess *sess)
{
	struct cpu_strm *s = sess->priv;

	(void)home_ctx;
	if (!s)
		return;
	if (s->z_ready)
		deflateEnd(&s->z);
	cpu_istream_free(s->is);
	cpu_ld_segment_free(&s->ld);
	free(s->level_buf);
	free(s);
	sess->priv = NULL;
}

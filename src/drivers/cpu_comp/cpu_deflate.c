/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stateless (one-shot) compression: the whole of src into dst or nothing.
 * dst too small -> status WD_OUT_EPARA, produced 0 (bytes beyond the
 * caller's dst_len are never written: every library is given dst_len).
 */
#include <libdeflate.h>
#include <string.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"

static void set_result(struct wd_comp_msg *m, __u32 produced, bool ok)
{
	m->consumed = ok ? m->src_len : 0;
	m->produced = ok ? produced : 0;
	m->status = ok ? WD_SUCCESS : WD_OUT_EPARA;
}

void cpu_isal_params(struct isal_zstream *zs, const struct wd_comp_msg *m, __u8 *level_buf)
{
	/* zlib without header: ISA-L's header would claim a 32 KiB window */
	static const __u16 gzip_flag[] = { IGZIP_DEFLATE, IGZIP_ZLIB_NO_HDR, IGZIP_GZIP };

	zs->level = m->level;
	zs->level_buf = level_buf;
	zs->level_buf_size = cpu_isal_level_buf_size(m->level);
	zs->gzip_flag = gzip_flag[m->alg];
	zs->hist_bits = m->win == WD_COMP_WS_32K ? 0 : (__u16)cpu_win_bits(m->win);
}

static void isal_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m)
{
	struct isal_zstream *zs = &c->zs;
	__u32 hdr = m->alg == WD_ZLIB ? 2 : 0;
	int ret;

	if (m->dst_len < hdr) {
		set_result(m, 0, false);
		return;
	}
	if (hdr)
		cpu_zlib_header(m->dst, cpu_win_bits(m->win), m->level);
	isal_deflate_stateless_init(zs);
	zs->next_in = (__u8 *)m->src;
	zs->avail_in = m->src_len;
	zs->next_out = m->dst + hdr;
	zs->avail_out = m->dst_len - hdr;
	cpu_isal_params(zs, m, c->level_buf);
	zs->end_of_stream = 1;
	zs->flush = NO_FLUSH;
	ret = isal_deflate_stateless(zs);
	set_result(m, zs->total_out + hdr, ret == COMP_OK && zs->avail_in == 0);
}

static void libdeflate_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m, int level)
{
	struct libdeflate_compressor *ld = c->ldc[level];
	size_t out;

	if (!ld) {
		ld = libdeflate_alloc_compressor(level);
		if (!ld) {
			m->hdr.result = -WD_ENOMEM;
			return;
		}
		c->ldc[level] = ld;
	}
	if (m->alg == WD_DEFLATE)
		out = libdeflate_deflate_compress(ld, m->src, m->src_len, m->dst, m->dst_len);
	else if (m->alg == WD_ZLIB)
		out = libdeflate_zlib_compress(ld, m->src, m->src_len, m->dst, m->dst_len);
	else
		out = libdeflate_gzip_compress(ld, m->src, m->src_len, m->dst, m->dst_len);
	set_result(m, (__u32)out, out != 0);
}

static void zlib_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m, int level)
{
	int wbits = cpu_zlib_wbits(m->alg, m->win), ret;
	z_stream *z = &c->zd;

	if (c->zd_ready && (c->zd_level != level || c->zd_wbits != wbits)) {
		deflateEnd(z);
		c->zd_ready = false;
	}
	if (!c->zd_ready) {
		memset(z, 0, sizeof(*z));
		if (deflateInit2(z, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			m->hdr.result = -WD_ENOMEM;
			return;
		}
		c->zd_ready = true;
		c->zd_level = level;
		c->zd_wbits = wbits;
	} else {
		deflateReset(z);
	}
	z->next_in = (Bytef *)m->src;
	z->avail_in = m->src_len;
	z->next_out = m->dst;
	z->avail_out = m->dst_len;
	ret = deflate(z, Z_FINISH);
	set_result(m, (__u32)z->total_out, ret == Z_STREAM_END);
}

void cpu_deflate_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m)
{
	int level = m->level > 12 ? 12 : m->level;

	if (cpu_level_is_isal(m->level)) {
		if (!cpu_pg_try_deflate(m))
			isal_oneshot(c, m);
	}
	else if (m->win == WD_COMP_WS_32K)
		libdeflate_oneshot(c, m, level);	/* whole buffer: libdeflate measures best */
	else
		zlib_oneshot(c, m, level > 9 ? 9 : level);	/* only zlib bounds the window */
}

void cpu_deflate_ctx_fini(struct cpu_ctx *c)
{
	int i;

	for (i = 0; i < CPU_LD_LEVELS; i++)
		if (c->ldc[i])
			libdeflate_free_compressor(c->ldc[i]);
	if (c->zd_ready)
		deflateEnd(&c->zd);
	c->zd_ready = false;
}

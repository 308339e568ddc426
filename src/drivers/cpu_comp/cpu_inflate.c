/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stateless (one-shot) decompression: every window size, stored, fixed and
 * dynamic blocks, checksums verified, concatenated gzip members. Corrupt or
 * truncated input -> WD_IN_EPARA; dst too small -> WD_OUT_EPARA. Large
 * inputs go to libdeflate, small ones to ISA-L (CPU_LD_INFLATE_MIN).
 */
#include <libdeflate.h>
#include <string.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"

static void ld_inflate(struct cpu_ctx *c, struct wd_comp_msg *m)
{
	const __u8 *in = m->src;
	size_t in_left = m->src_len, out_done = 0, used, made;
	enum libdeflate_result r;

	m->status = WD_SUCCESS;
	do {
		if (m->alg == WD_DEFLATE)
			r = libdeflate_deflate_decompress_ex(c->ldd, in, in_left, m->dst + out_done,
							     m->dst_len - out_done, &used, &made);
		else if (m->alg == WD_ZLIB)
			r = libdeflate_zlib_decompress_ex(c->ldd, in, in_left, m->dst + out_done,
							  m->dst_len - out_done, &used, &made);
		else
			r = libdeflate_gzip_decompress_ex(c->ldd, in, in_left, m->dst + out_done,
							  m->dst_len - out_done, &used, &made);
		if (r != LIBDEFLATE_SUCCESS) {
			m->status = r == LIBDEFLATE_INSUFFICIENT_SPACE ? WD_OUT_EPARA : WD_IN_EPARA;
			break;
		}
		out_done += made;
		in += used;
		in_left -= used;
	} while (m->alg == WD_GZIP && in_left);
	if (m->status == WD_SUCCESS && in_left)
		m->status = WD_IN_EPARA;	/* trailing bytes after the stream */
	m->consumed = m->status == WD_SUCCESS ? m->src_len : 0;
	m->produced = m->status == WD_SUCCESS ? (__u32)out_done : 0;
}

void cpu_inflate_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m)
{
	static const __u32 crc_flag[] = { ISAL_DEFLATE, ISAL_ZLIB, ISAL_GZIP };
	struct inflate_state *st = &c->inf;
	const __u8 *in = m->src;
	__u32 in_left = m->src_len, out_done = 0;
	int ret;

	if (m->src_len >= CPU_LD_INFLATE_MIN) {
		ld_inflate(c, m);
		return;
	}
	m->status = WD_SUCCESS;
	do {
		isal_inflate_init(st);
		st->next_in = (__u8 *)in;
		st->avail_in = in_left;
		st->next_out = m->dst + out_done;
		st->avail_out = m->dst_len - out_done;
		st->crc_flag = crc_flag[m->alg];
		ret = isal_inflate_stateless(st);
		if (ret == ISAL_OUT_OVERFLOW) {
			m->status = WD_OUT_EPARA;
			break;
		}
		if ((ret != ISAL_DECOMP_OK && ret != ISAL_END_INPUT) ||
		    st->block_state != ISAL_BLOCK_FINISH) {
			m->status = WD_IN_EPARA;
			break;
		}
		out_done += st->total_out;
		in += in_left - cpu_inflate_unused(st);
		in_left = cpu_inflate_unused(st);
		/* another gzip member may follow, as gzip -d accepts */
	} while (m->alg == WD_GZIP && in_left);
	m->consumed = m->status == WD_SUCCESS ? m->src_len - in_left : 0;
	m->produced = m->status == WD_SUCCESS ? out_done : 0;
	if (m->status == WD_SUCCESS && in_left)
		m->status = WD_IN_EPARA;	/* trailing bytes after the stream */
	if (m->status != WD_SUCCESS) {
		m->consumed = 0;
		m->produced = 0;
	}
}

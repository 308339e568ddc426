/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stateless (one-shot) decompression with libdeflate, which measured faster
 * than ISA-L for whole buffers at 4 KiB and 64 KiB (see docs/levels.md):
 * every window size, stored, fixed and dynamic blocks, checksums verified,
 * concatenated gzip members. Corrupt or truncated input -> WD_IN_EPARA;
 * dst too small -> WD_OUT_EPARA.
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
	ld_inflate(c, m);
}

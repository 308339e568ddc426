/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream segments through libdeflate (cpu_comp.h: cpu_ld_segment). Why:
 * libdeflate at levels 7-9 is 2-4x zlib's speed at the same level with
 * smaller output, but it compresses whole buffers only. A caller that cuts
 * its stream into flushed segments (the zlib drop-in does, 1 MiB each) gets
 * that speed for streams too; the segments are independent (no history), a
 * small cost at that size.
 */
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include "cpu_comp.h"
#include "wd_comp_priv.h"

static const __u8 sync_marker[4] = { 0, 0, 0xff, 0xff };

bool cpu_ld_segment(struct cpu_ldseg *ls, struct wd_comp_msg *m)
{
	int level = m->level > 12 ? 12 : m->level;
	size_t out, hdr, end, n;

	/* libdeflate has no window setting: 32 KiB windows only */
	if (m->alg != WD_DEFLATE || m->win != WD_COMP_WS_32K || (!m->flush && !m->last))
		return false;
	if (m->src_len == 0) {
		/* between segments the stream is byte-aligned: the marker alone
		 * (or zlib's empty final block) */
		if (m->dst_len < 5)
			return false;
		memcpy(m->dst, m->last ? (const __u8 *)"\x03\x00" : (const __u8 *)"\x00\x00\x00\xff\xff",
		       m->last ? 2 : 5);
		m->consumed = 0;
		m->produced = m->last ? 2 : 5;
		m->status = m->last ? WD_STREAM_END : WD_SUCCESS;
		return true;
	}
	if (!ls->ld || ls->level != level) {
		libdeflate_free_compressor(ls->ld);
		ls->ld = libdeflate_alloc_compressor(level);
		ls->level = level;
		if (!ls->ld)
			return false;
	}
	/* all or nothing: without room for the worst case the caller's partial
	 * output path (zlib) takes the request */
	if (m->dst_len < libdeflate_deflate_compress_bound(ls->ld, m->src_len) + 6)
		return false;
	out = libdeflate_deflate_compress(ls->ld, m->src, m->src_len, m->dst, m->dst_len - 6);
	if (!out)
		return false;
	if (!m->last) {
		if (!ls->walk && !(ls->walk = malloc(sizeof(*ls->walk))))
			return false;
		if (cpu_deflate_last_block(ls->walk, m->dst, out, &hdr, &end))
			return false;
		/* not final any more; at its end an empty stored block: 3 zero
		 * header bits, zero padding to the byte, then LEN 0 / NLEN */
		m->dst[hdr >> 3] &= (__u8) ~(1u << (hdr & 7));
		if (end & 7)
			m->dst[end >> 3] &= (__u8)((1u << (end & 7)) - 1);
		n = (end + 3 + 7) >> 3;
		for (size_t i = (end + 7) >> 3; i < n; i++)
			m->dst[i] = 0;
		memcpy(m->dst + n, sync_marker, 4);
		out = n + 4;
	}
	m->consumed = m->src_len;
	m->produced = (__u32)out;
	m->status = m->last ? WD_STREAM_END : WD_SUCCESS;
	return true;
}

void cpu_ld_segment_free(struct cpu_ldseg *ls)
{
	libdeflate_free_compressor(ls->ld);
	free(ls->walk);
	memset(ls, 0, sizeof(*ls));
}

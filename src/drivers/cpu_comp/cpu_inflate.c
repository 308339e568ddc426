/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stateless (one-shot) decompression with libdeflate, which measured faster
 * than ISA-L for whole buffers at 4 KiB and 64 KiB (see docs/levels.md):
 * every window size, stored, fixed and dynamic blocks, checksums verified,
 * gzip header CRCs (FHCRC). One stream (gzip: one member) per request; the
 * bytes after it are not consumed. Corrupt or truncated input -> WD_IN_EPARA;
 * dst too small -> WD_OUT_EPARA. libdeflate is lenient where zlib is not,
 * on data no encoder writes: a few invalid Huffman symbols are decoded as
 * valid ones, and a dynamic header's code-length run may go past the
 * header's count (the excess is ignored); checksums catch such corruption
 * in zlib and gzip streams (docs/zlib-dropin.md).
 */
#include <libdeflate.h>
#include <string.h>
#include <zlib.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"
#include "wd_wrap.h"

/*
 * libdeflate skips a gzip member's header CRC (FHCRC) without checking it;
 * zlib and gzip reject a mismatch, so we do too. False only for a complete
 * header whose CRC is wrong: a truncated one is left to libdeflate to reject.
 */
bool cpu_gz_header_crc_ok(const __u8 *in, size_t len)
{
	size_t h;

	if (len < 10 || !(in[3] & WD_GZ_FHCRC))
		return true;
	h = wd_gzip_head_len(in, len);
	if (!h)
		return true;
	/* the CRC covers the header up to itself */
	return (crc32(0, in, (uInt)(h - 2)) & 0xffff) == (uLong)(in[h - 2] | in[h - 1] << 8);
}

/*
 * One stream per request (gzip: one member), as zlib's inflate does: the
 * decoder stops at the stream's end and m->consumed says where, so bytes
 * after it (the next gzip member, padding, a container's next field) stay
 * the caller's (wd_comp.h: src_len out is the input consumed).
 */
static void ld_inflate(struct cpu_ctx *c, struct wd_comp_msg *m)
{
	size_t used = 0, made = 0;
	enum libdeflate_result r;

	if (m->alg == WD_DEFLATE)
		r = libdeflate_deflate_decompress_ex(c->ldd, m->src, m->src_len, m->dst, m->dst_len,
						     &used, &made);
	else if (m->alg == WD_ZLIB)
		r = libdeflate_zlib_decompress_ex(c->ldd, m->src, m->src_len, m->dst, m->dst_len,
						  &used, &made);
	else if (!cpu_gz_header_crc_ok(m->src, m->src_len))
		r = LIBDEFLATE_BAD_DATA;
	else
		r = libdeflate_gzip_decompress_ex(c->ldd, m->src, m->src_len, m->dst, m->dst_len,
						  &used, &made);
	if (r == LIBDEFLATE_SUCCESS)
		m->status = WD_SUCCESS;
	else
		m->status = r == LIBDEFLATE_INSUFFICIENT_SPACE ? WD_OUT_EPARA : WD_IN_EPARA;
	m->consumed = m->status == WD_SUCCESS ? (__u32)used : 0;
	m->produced = m->status == WD_SUCCESS ? (__u32)made : 0;
}

void cpu_inflate_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m)
{
	if (cpu_pg_try_inflate(m))
		return;
	ld_inflate(c, m);
}

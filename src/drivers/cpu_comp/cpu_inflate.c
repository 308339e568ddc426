/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stateless (one-shot) decompression with libdeflate, which measured faster
 * than ISA-L for whole buffers at 4 KiB and 64 KiB (see docs/levels.md):
 * every window size, stored, fixed and dynamic blocks, checksums verified,
 * concatenated gzip members, gzip header CRCs (FHCRC). Corrupt or truncated input -> WD_IN_EPARA;
 * dst too small -> WD_OUT_EPARA.
 */
#include <libdeflate.h>
#include <string.h>
#include <zlib.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"

#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10

/*
 * libdeflate skips a gzip member's header CRC (FHCRC) without checking it;
 * zlib and gzip reject a mismatch, so we do too. False only for a complete
 * header whose CRC is wrong: a truncated one is left to libdeflate to reject.
 */
static bool gz_header_crc_ok(const __u8 *in, size_t len)
{
	size_t off = 10;
	const __u8 *nul;

	if (len < 10 || !(in[3] & GZ_FHCRC))
		return true;
	if (in[3] & GZ_FEXTRA) {
		if (len < off + 2)
			return true;
		off += 2 + (size_t)(in[off] | in[off + 1] << 8);
	}
	if (in[3] & GZ_FNAME) {
		nul = off < len ? memchr(in + off, 0, len - off) : NULL;
		if (!nul)
			return true;
		off = (size_t)(nul - in) + 1;
	}
	if (in[3] & GZ_FCOMMENT) {
		nul = off < len ? memchr(in + off, 0, len - off) : NULL;
		if (!nul)
			return true;
		off = (size_t)(nul - in) + 1;
	}
	if (len < off + 2)
		return true;
	return (crc32(0, in, (uInt)off) & 0xffff) == (uLong)(in[off] | in[off + 1] << 8);
}

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
		else if (!gz_header_crc_ok(in, in_left))
			r = LIBDEFLATE_BAD_DATA;
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

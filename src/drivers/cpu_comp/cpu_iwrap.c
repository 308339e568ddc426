/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib and gzip wrappers around a raw deflate stream, for the ISA-L
 * stream inflate (cpu_istream.c). ISA-L decodes only the raw deflate data:
 * its own header and trailer readers keep bytes in internal buffers, while
 * these take whole bytes and say exactly how many they used, so a stream's
 * end never swallows the next member's or the caller's bytes. The checks
 * are zlib's (inflate.c, windowBits 15 / 31), so both reject the same
 * headers and trailers.
 */
#include <string.h>
#include <zlib.h>
#include <isa-l/crc.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"
#include "wd_bytes.h"
#include "wd_wrap.h"


/* gzip header fields, in stream order */
enum { GH_FIXED, GH_XLEN, GH_EXTRA, GH_NAME, GH_COMMENT, GH_HCRC, GH_DONE };

void cpu_iwrap_reset(struct cpu_iwrap *w, __u8 alg)
{
	memset(w, 0, sizeof(*w));
	w->alg = alg;
	w->check = cpu_wrap_check_start(alg);
}

/* Collect bytes of a fixed-size field into w->buf; true once it is whole. */
static bool take_fixed(struct cpu_iwrap *w, __u32 size, const __u8 *in, __u32 len, __u32 *used)
{
	while (w->have < size && *used < len)
		w->buf[w->have++] = in[(*used)++];
	return w->have == size;
}

/* The 2-byte zlib header (RFC 1950); a preset dictionary is refused. */
static int zlib_header(struct cpu_iwrap *w, const __u8 *in, __u32 len, __u32 *used)
{
	unsigned cmf, flg;

	if (!take_fixed(w, 2, in, len, used))
		return CPU_IW_MORE;
	cmf = w->buf[0];
	flg = w->buf[1];
	if (!wd_zlib_head_win(cmf, flg))
		return CPU_IW_BAD;
	/* FDICT: zlib says Z_NEED_DICT; wd has no inflate dictionary */
	if (flg & WD_ZLIB_FDICT)
		return CPU_IW_BAD;
	w->have = 0;
	return CPU_IW_DONE;
}

/* Skip a zero-terminated field; true once its terminator is used. */
static bool skip_string(const __u8 *in, __u32 len, __u32 *used)
{
	while (*used < len)
		if (!in[(*used)++])
			return true;
	return false;
}

/* The gzip member header (RFC 1952), with its optional fields and CRC. */
static int gzip_header(struct cpu_iwrap *w, const __u8 *in, __u32 len, __u32 *used)
{
	__u32 start = *used, n;
	int ret = CPU_IW_MORE;

	while (ret == CPU_IW_MORE) {
		switch (w->field) {
		case GH_FIXED:
			if (!take_fixed(w, 10, in, len, used))
				goto out;
			if (w->buf[0] != 0x1f || w->buf[1] != 0x8b || w->buf[2] != 8 ||
			    (w->buf[3] & WD_GZ_RESERVED))
				return CPU_IW_BAD;
			w->flags = w->buf[3];
			w->have = 0;
			w->field = GH_XLEN;
			break;
		case GH_XLEN:
			if (!(w->flags & WD_GZ_FEXTRA)) {
				w->field = GH_NAME;
				break;
			}
			if (!take_fixed(w, 2, in, len, used))
				goto out;
			w->left = (__u32)w->buf[0] | (__u32)w->buf[1] << 8;
			w->have = 0;
			w->field = GH_EXTRA;
			break;
		case GH_EXTRA:
			n = len - *used < w->left ? len - *used : w->left;
			*used += n;
			w->left -= n;
			if (w->left)
				goto out;
			w->field = GH_NAME;
			break;
		case GH_NAME:
			if ((w->flags & WD_GZ_FNAME) && !skip_string(in, len, used))
				goto out;
			w->field = GH_COMMENT;
			break;
		case GH_COMMENT:
			if ((w->flags & WD_GZ_FCOMMENT) && !skip_string(in, len, used))
				goto out;
			w->field = GH_HCRC;
			break;
		case GH_HCRC:
			if (w->flags & WD_GZ_FHCRC) {
				/* the CRC covers the header up to here, not itself */
				w->hcrc = (__u32)crc32(w->hcrc, in + start, *used - start);
				start = *used;
				if (!take_fixed(w, 2, in, len, used))
					goto out;
				if ((w->hcrc & 0xffff) != ((__u32)w->buf[0] | (__u32)w->buf[1] << 8))
					return CPU_IW_BAD;
			}
			w->have = 0;
			w->field = GH_DONE;
			ret = CPU_IW_DONE;
			break;
		default:
			return CPU_IW_DONE;
		}
	}
	return ret;
out:
	/* the header CRC's own bytes are not part of what it covers */
	if (w->field != GH_HCRC && (w->flags & WD_GZ_FHCRC || w->field == GH_FIXED))
		w->hcrc = (__u32)crc32(w->hcrc, in + start, *used - start);
	return CPU_IW_MORE;
}

int cpu_iwrap_header(struct cpu_iwrap *w, const __u8 *in, __u32 len, __u32 *used)
{
	*used = 0;
	if (w->alg == WD_ZLIB)
		return zlib_header(w, in, len, used);
	if (w->alg == WD_GZIP)
		return gzip_header(w, in, len, used);
	return CPU_IW_DONE;
}

void cpu_iwrap_data(struct cpu_iwrap *w, const __u8 *out, __u32 len)
{
	if (!len)
		return;
	if (w->alg == WD_ZLIB) {
		w->check = cpu_adler32(w->check, out, len);
	} else if (w->alg == WD_GZIP) {
		w->check = cpu_crc32(w->check, out, len);
		w->isize += len;	/* ISIZE is the length mod 2^32 */
	}
}

int cpu_iwrap_trailer(struct cpu_iwrap *w, const __u8 *in, __u32 len, __u32 *used)
{
	const __u8 *b = w->buf;

	*used = 0;
	if (w->alg == WD_ZLIB) {
		if (!take_fixed(w, 4, in, len, used))
			return CPU_IW_MORE;
		/* adler32, most significant byte first */
		return wd_get_be32(b) == w->check ? CPU_IW_DONE : CPU_IW_BAD;
	}
	if (w->alg == WD_GZIP) {
		if (!take_fixed(w, 8, in, len, used))
			return CPU_IW_MORE;
		/* crc32 then ISIZE, least significant byte first */
		return wd_get_le32(b) == w->check && wd_get_le32(b + 4) == w->isize ?
			       CPU_IW_DONE : CPU_IW_BAD;
	}
	return CPU_IW_DONE;
}

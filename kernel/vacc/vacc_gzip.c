// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the gzip (RFC 1952) wrapper around raw deflate. Linux's zlib has
 * none, so the member header and the crc32/isize trailer are written and
 * parsed here. Parsing is incremental: a header or trailer may straddle
 * request boundaries in stream mode, so all progress lives in the context.
 */
#include <linux/crc32.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "vacc_comp.h"

#define GZ_ID1		0x1f
#define GZ_ID2		0x8b
#define GZ_CM_DEFLATE	8
#define GZ_FTEXT	0x01
#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_FRESERVED	0xe0
#define GZ_OS_UNIX	3

void vacc_gz_reset(struct vacc_zctx *z)
{
	z->crc = ~0u;
	z->isize = 0;
	z->hcrc = ~0u;
	z->gz_state = VACC_GZ_FIXED;
	z->gz_flg = 0;
	z->gz_cnt = 0;
	z->gz_xlen = 0;
	z->pend_len = 0;
	z->pend_off = 0;
	z->trailer_queued = false;
}

/* Queue the 10-byte member header (no name, mtime 0) for output. */
void vacc_gz_write_header(struct vacc_zctx *z, unsigned int level)
{
	u8 *h = z->pend;

	h[0] = GZ_ID1;
	h[1] = GZ_ID2;
	h[2] = GZ_CM_DEFLATE;
	h[3] = 0;			/* FLG */
	put_unaligned_le32(0, h + 4);	/* MTIME: unknown */
	h[8] = level == 9 ? 2 : level == 1 ? 4 : 0;	/* XFL */
	h[9] = GZ_OS_UNIX;
	z->pend_len = VACC_GZ_HDR_LEN;
	z->pend_off = 0;
}

/* Queue crc32 and isize of the uncompressed data for output. */
void vacc_gz_write_trailer(struct vacc_zctx *z)
{
	put_unaligned_le32(~z->crc, z->pend);
	put_unaligned_le32(z->isize, z->pend + 4);
	z->pend_len = VACC_GZ_TRL_LEN;
	z->pend_off = 0;
	z->trailer_queued = true;
}

/* Advance to the next header field present in this member. */
static void vacc_gz_next(struct vacc_zctx *z)
{
	z->gz_cnt = 0;
	for (;;) {
		z->gz_state++;
		switch (z->gz_state) {
		case VACC_GZ_XLEN:
			if (z->gz_flg & GZ_FEXTRA)
				return;
			break;
		case VACC_GZ_EXTRA:
			if (z->gz_xlen)
				return;
			break;
		case VACC_GZ_NAME:
			if (z->gz_flg & GZ_FNAME)
				return;
			break;
		case VACC_GZ_COMMENT:
			if (z->gz_flg & GZ_FCOMMENT)
				return;
			break;
		case VACC_GZ_HCRC:
			if (z->gz_flg & GZ_FHCRC)
				return;
			break;
		default:
			return;		/* VACC_GZ_BODY */
		}
	}
}

static void vacc_gz_take(struct vacc_zctx *z, unsigned int n, bool hashed)
{
	if (hashed)
		z->hcrc = crc32_le(z->hcrc, z->strm.next_in, n);
	z->strm.next_in += n;
	z->strm.avail_in -= n;
}

/*
 * Consume member header bytes from strm.next_in. Returns 1 when the header
 * is complete (state BODY), 0 when more input is needed, -1 on a header
 * that is not gzip/deflate or fails its FHCRC.
 */
int vacc_gz_parse_header(struct vacc_zctx *z)
{
	z_stream *s = &z->strm;
	const u8 *p;
	unsigned int n;

	while (s->avail_in && z->gz_state != VACC_GZ_BODY) {
		p = s->next_in;
		switch (z->gz_state) {
		case VACC_GZ_FIXED:
			n = min_t(unsigned int, s->avail_in,
				  VACC_GZ_HDR_LEN - z->gz_cnt);
			memcpy(z->gz_buf + z->gz_cnt, p, n);
			vacc_gz_take(z, n, true);
			z->gz_cnt += n;
			if (z->gz_cnt < VACC_GZ_HDR_LEN)
				break;
			if (z->gz_buf[0] != GZ_ID1 || z->gz_buf[1] != GZ_ID2 ||
			    z->gz_buf[2] != GZ_CM_DEFLATE ||
			    (z->gz_buf[3] & GZ_FRESERVED))
				return -1;
			z->gz_flg = z->gz_buf[3];
			vacc_gz_next(z);
			break;
		case VACC_GZ_XLEN:
			z->gz_xlen |= (u16)p[0] << (8 * z->gz_cnt);
			vacc_gz_take(z, 1, true);
			if (++z->gz_cnt == 2)
				vacc_gz_next(z);
			break;
		case VACC_GZ_EXTRA:
			n = min_t(unsigned int, s->avail_in,
				  z->gz_xlen - z->gz_cnt);
			vacc_gz_take(z, n, true);
			z->gz_cnt += n;
			if (z->gz_cnt == z->gz_xlen)
				vacc_gz_next(z);
			break;
		case VACC_GZ_NAME:
		case VACC_GZ_COMMENT:
			p = memchr(s->next_in, 0, s->avail_in);
			if (!p) {
				vacc_gz_take(z, s->avail_in, true);
				break;
			}
			vacc_gz_take(z, p - s->next_in + 1, true);
			vacc_gz_next(z);
			break;
		case VACC_GZ_HCRC:
			z->gz_buf[z->gz_cnt] = p[0];
			vacc_gz_take(z, 1, false);
			if (++z->gz_cnt < 2)
				break;
			if (get_unaligned_le16(z->gz_buf) != (u16)~z->hcrc)
				return -1;
			vacc_gz_next(z);
			break;
		default:
			return -1;
		}
	}
	return z->gz_state == VACC_GZ_BODY;
}

/*
 * Consume trailer bytes. Returns 1 when the trailer is complete and
 * matches the data, 0 when more input is needed, -1 on a mismatch.
 */
int vacc_gz_parse_trailer(struct vacc_zctx *z)
{
	z_stream *s = &z->strm;
	unsigned int n;

	n = min_t(unsigned int, s->avail_in, VACC_GZ_TRL_LEN - z->gz_cnt);
	memcpy(z->gz_buf + z->gz_cnt, s->next_in, n);
	vacc_gz_take(z, n, false);
	z->gz_cnt += n;
	if (z->gz_cnt < VACC_GZ_TRL_LEN)
		return 0;
	if (get_unaligned_le32(z->gz_buf) != ~z->crc ||
	    get_unaligned_le32(z->gz_buf + 4) != z->isize)
		return -1;
	return 1;
}

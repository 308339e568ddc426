/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vacc - the compression class (vacc_comp.c, vacc_gzip.c): its zlib
 * contexts and the gzip framing state. Nothing outside the class's files
 * includes this.
 */
#ifndef VACC_COMP_H
#define VACC_COMP_H

#include <linux/zlib.h>

#include "vacc_internal.h"

/* gzip member parser / writer states (struct vacc_zctx.gz_state) */
enum vacc_gz_state {
	VACC_GZ_FIXED = 0,		/* the 10 fixed header bytes */
	VACC_GZ_XLEN,			/* FEXTRA length, 2 bytes */
	VACC_GZ_EXTRA,			/* FEXTRA payload */
	VACC_GZ_NAME,			/* FNAME, zero terminated */
	VACC_GZ_COMMENT,		/* FCOMMENT, zero terminated */
	VACC_GZ_HCRC,			/* FHCRC, 2 bytes */
	VACC_GZ_BODY,			/* raw deflate data */
	VACC_GZ_TRAILER,		/* crc32 + isize, 8 bytes */
};

#define VACC_GZ_HDR_LEN		10
#define VACC_GZ_TRL_LEN		8

/*
 * One zlib (de)compression context: a stream slot, or the queue's scratch
 * context for stateless requests.
 */
struct vacc_zctx {
	z_stream strm;
	void *ws;			/* zlib workspace, vmalloc'ed */
	u8 op;				/* VACC_OP_COMPRESS / DECOMPRESS */
	u8 fmt;				/* VACC_FMT_* */
	bool zdone;			/* zlib returned Z_STREAM_END */
	bool ended;			/* whole stream/member done */
	bool broken;			/* state lost (fault on dst, misuse) */
	bool trailer_queued;		/* compress: gzip trailer in pend */

	/* gzip */
	u32 crc;			/* running crc32_le (pre-inverted) */
	u32 isize;			/* uncompressed size mod 2^32 */
	u32 hcrc;			/* decompress: crc of header bytes */
	u8 gz_state;			/* enum vacc_gz_state */
	u8 gz_flg;
	u16 gz_cnt;			/* bytes collected in the current state */
	u16 gz_xlen;
	u8 gz_buf[VACC_GZ_HDR_LEN];	/* fixed header / trailer bytes */

	/* compress: header/trailer bytes still to be written to dst */
	u8 pend[VACC_GZ_HDR_LEN];
	u8 pend_len;
	u8 pend_off;
};

/* vacc_gzip.c */
void vacc_gz_write_header(struct vacc_zctx *z, unsigned int level);
void vacc_gz_write_trailer(struct vacc_zctx *z);
void vacc_gz_reset(struct vacc_zctx *z);
int vacc_gz_parse_header(struct vacc_zctx *z);
int vacc_gz_parse_trailer(struct vacc_zctx *z);

#endif /* VACC_COMP_H */

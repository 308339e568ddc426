/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deflate()'s fast path (default mode): wdz_fast_deflate.c. A stream is
 * compressed through wd_comp from its first deflate() call until it ends or
 * is reset; the private zlib's own state stays untouched at the start of a
 * stream meanwhile (it still answers deflateBound, and takes the stream over
 * while nothing of it has been given out).
 */
#ifndef WDZ_FAST_DEFLATE_H
#define WDZ_FAST_DEFLATE_H

#include <stddef.h>
#include <uadk/wd_comp.h>
#include "wdz_zlib.h"

enum wdz_df_phase {
	WDZ_DF_FRESH,	/* nothing consumed since init/reset: the fast path may take it */
	WDZ_DF_PRIVATE,	/* the private zlib's deflate runs it, until reset */
	WDZ_DF_FAST,	/* ours (staged, in a session, or in the continuation) */
};

/* Lives inside struct wdz_state (zeroed by wdz_wrap). */
struct wdz_dfast {
	unsigned char phase;	/* enum wdz_df_phase */
	unsigned char level;	/* zlib level 0..9 (after deflateParams too) */
	unsigned char strategy;
	unsigned char mem_level;
	unsigned char wrap;	/* 0 raw, 1 zlib, 2 gzip (zlib's numbering); 3: other windows */
	unsigned char hdr_set;	/* deflateSetHeader was called (kept across resets, as zlib) */
	unsigned char touched;	/* prime/tune/zlib dictionary since init/reset: private */
	/* FAST */
	unsigned char busy;	/* a deflate() got past zlib's checks (zlib's BUSY_STATE) */
	unsigned char finishing;	/* final data queued (zlib's FINISH_STATE) */
	unsigned char trailer;	/* trailer queued */
	unsigned char dt_set, dt_known;
	unsigned char used;	/* data went out through a session */
	unsigned char wd_level;
	unsigned char hdr_level;	/* the level the header states (at the stream's start) */
	int last_flush;
	int data_type;
	unsigned long check;	/* adler32 / crc32 of the input taken */
	unsigned char *stage;	/* input taken, not yet compressed */
	size_t staged, stage_cap;
	unsigned char *out;	/* output made, not yet given out (zlib's pending) */
	size_t len, pos, cap, hdr_end;
	handle_t sess;		/* stream session (fast-streaming levels) */
	z_stream *cont;		/* the continuation: a private raw deflate (see .c) */
	unsigned char *dict;	/* a raw stream's dictionary, for the continuation */
	size_t dict_len;
};

/* deflateInit2_'s parameters (after the private init succeeded). */
void wdz_df_init(struct wdz_dfast *df, int level, int windowBits, int memLevel, int strategy);
/* Reset: back to FRESH, buffers and session kept for the next stream. */
void wdz_df_reset(struct wdz_dfast *df);
/* End: everything freed. */
void wdz_df_end(struct wdz_dfast *df);
/* deflateCopy: dst (just wrapped, zeroed) gets src's fast state. 0 or -1 (no memory). */
int wdz_df_copy(struct wdz_dfast *dst, const struct wdz_dfast *src);

/*
 * deflate() on a stream whose private state is swapped in. Returns 1 and
 * sets *ret when the fast path handled the call, 0 when the private zlib
 * must run it.
 */
int wdz_df_deflate(z_streamp strm, struct wdz_dfast *df, int flush, int *ret);

/* The calls that change how a stream is compressed. Each returns 1 with *ret
 * when it handled the call (a FAST stream), 0 when the private zlib must run
 * it (after which the stream's eligibility is updated by wdz_df_after). */
enum wdz_df_call { WDZ_DF_PARAMS, WDZ_DF_TUNE, WDZ_DF_PRIME, WDZ_DF_DICT, WDZ_DF_HEADER };
int wdz_df_call(z_streamp strm, struct wdz_dfast *df, enum wdz_df_call call, const int *a,
		const Bytef *dict, unsigned dict_len, int *ret);
void wdz_df_after(struct wdz_dfast *df, enum wdz_df_call call, const int *a,
		  const Bytef *dict, unsigned dict_len, int ret);

/* deflateEnd's answer for a stream zlib would find busy (begun, not
 * finishing): Z_DATA_ERROR, "freed prematurely". */
int wdz_df_busy(const struct wdz_dfast *df);

/* deflatePending of a FAST stream: 1 with pending and bits set, else 0. */
int wdz_df_pending(struct wdz_dfast *df, unsigned *pending, int *bits);

#endif /* WDZ_FAST_DEFLATE_H */

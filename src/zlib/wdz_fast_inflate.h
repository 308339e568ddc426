/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate()'s fast path: a fresh stream whose first call holds the whole
 * stream is decoded by one wd_comp request, straight into next_out when it
 * fits (wdz_fast_inflate.c), else into a buffer of ours that the following
 * calls drain (wdz_inf_drain.c); everything else runs on the private zlib.
 */
#ifndef WDZ_FAST_INFLATE_H
#define WDZ_FAST_INFLATE_H

#include <stddef.h>
#include "wdz_zlib.h"

struct wdz_state;

/* inflate() with the private state swapped in (strm NULL, w NULL for a
 * stream that is not ours, which goes straight to the private zlib);
 * from_wd: called from inside libwd_comp (never the fast path,
 * wdz_state.h). */
int wdz_inflate(z_streamp strm, struct wdz_state *w, int flush, int from_wd);

/* One constant per stream call of wdz_api.h, for the drain's hooks. */
#define WDZ_OP_ENUM(ret, name, ...) WDZ_OP_##name,
enum wdz_op { WDZ_STREAM_FUNCS(WDZ_OP_ENUM) WDZ_OP_COUNT };

/*
 * The stream calls' hooks while a result drains (w->idrain set), around the
 * private call with the private state swapped in: each call either works on
 * the drain exactly or ends it first (wdz_inf_drain.c says which). ret is
 * the private call's result.
 */
void wdz_drain_before(z_streamp strm, struct wdz_state *w, enum wdz_op op);
void wdz_drain_after(z_streamp strm, struct wdz_state *w, enum wdz_op op, long ret);

/* After a successful inflateCopy: dest gets its own copy of the output
 * still to drain. Z_OK, or Z_MEM_ERROR with dest ended. */
int wdz_drain_copy(z_streamp dest, struct wdz_state *src);

/* ---- shared by wdz_fast_inflate.c and wdz_inf_drain.c ---- */

/*
 * The head of zlib 1.2.13's struct inflate_state (inflate.h), the private
 * copy's state: read to see that a stream is fresh, written to leave it at
 * DONE. The private zlib is Debian's 1.2.13 linked in, so the layout is
 * fixed; mode and strm are checked before anything is used.
 */
struct wdz_inf_head {
	z_streamp strm;
	int mode;
	int last;
	int wrap;		/* 0 raw, +1 zlib, +2 gzip, +4 check the check value */
	int havedict;
	int flags;		/* gzip CM | FLG << 8, 0 for zlib, -1 raw / no header yet */
	unsigned dmax;
	unsigned long check;
	unsigned long total;
	gz_headerp head;
	unsigned wbits;		/* 0: a zlib stream's own header says */
	unsigned wsize;
	unsigned whave;
	unsigned wnext;
	unsigned char *window;
	unsigned long hold;
	unsigned bits;
};

#define ZMODE_HEAD	16180
#define ZMODE_DONE	16208
#define ZMODE_BAD	16209
#define ZMODE_MEM	16210

/* What one successful request tells about the stream, read from its input
 * right after the decode (the trailer's check, the header's fields). */
struct wdz_inf_res {
	int alg;		/* WD_DEFLATE, WD_ZLIB, WD_GZIP */
	uInt used;		/* input bytes the stream occupies */
	unsigned zwin;		/* zlib: the header's window bits */
	int flags;		/* gzip: CM | FLG << 8 */
	uLong check;		/* zlib, gzip: the trailer's check value */
	size_t out;		/* the stream's output size */
};

void wdz_inf_res_fill(struct wdz_inf_res *res, const Bytef *in, uInt used, int alg);

/* The window bits zlib learns from a header it reads (0 stays 0 for raw). */
void wdz_inf_learn_wbits(struct wdz_inf_head *st, const struct wdz_inf_res *res);

/* zlib's updatewindow(): keep the last 2^wbits bytes of output, allocating
 * the window with zalloc on first use. Non-zero when zalloc fails. */
int wdz_inf_updatewindow(z_streamp strm, struct wdz_inf_head *st, const Bytef *end, unsigned copy);

/*
 * The call that completes the stream, made bytes of output just written
 * before next_out (next_out/avail_out already advanced): leave everything
 * as zlib's inflate does on reaching DONE (input consumed, totals, check,
 * window, data_type). Z_STREAM_END, or Z_MEM_ERROR as zlib's when the
 * window cannot be allocated.
 */
int wdz_inf_done(z_streamp strm, struct wdz_inf_head *st, const struct wdz_inf_res *res,
		 int flush, uInt made);

/*
 * One decode request of the whole stream at next_in (format alg) into dst.
 * 0: done, *res filled, *made its output size; 1: dst too small; -1: any
 * other failure (corrupt, truncated, no engine): zlib must decode it.
 */
/*
 * Ending a fast mode mid-stream (drain or stream mode): the private zlib,
 * back at the stream's start (bookkeeping tin0/tout0/adler0, an empty
 * window, no gzip header asked for), decodes strm's input until it has made
 * upto bytes, into a scratch buffer, each compared with expect when given;
 * next_out/avail_out are left as they were. The bytes made that matched:
 * upto, unless zlib stopped first (its state and msg say why) or the bytes
 * differ.
 */
size_t wdz_inf_replay(z_streamp strm, struct wdz_inf_head *st, uLong tin0, uLong tout0, uLong adler0,
		      size_t upto, const unsigned char *expect);

int wdz_inf_request(z_streamp strm, int alg, Bytef *dst, size_t room, struct wdz_inf_res *res,
		    size_t *made);

/* Set by uncompress/uncompress2 around their loop: their whole output
 * buffer is given at once, so a result that does not fit is an error, not
 * something to drain (zlib's answer then includes how far it got). */
extern __thread int wdz_inf_nodrain;

/* Start draining (the decode did not fit next_out): 1 when the call was
 * served, its result in *ret; 0 when zlib must decode the stream. */
int wdz_drain_start(z_streamp strm, struct wdz_state *w, struct wdz_inf_head *st, int alg,
		    int flush, int *ret);

/* A call while a result drains. */
int wdz_drain_inflate(z_streamp strm, struct wdz_state *w, int flush);

/*
 * Stream mode (wdz_inf_stream.c). start: a fresh stream's first call the
 * one-shot and the drain could not serve; Z_ERRNO when the mode cannot take it
 * (zlib then decodes from the start), else inflate's return code. call:
 * non-zero when the stream is in the mode (or zlib has held bytes to take
 * first), the call's result in *ret. before: non-zero when the call is
 * answered without zlib (*veto). copy_prep: before inflateCopy (Z_OK, or
 * Z_MEM_ERROR: no copy possible); copy: after it.
 */
struct wdz_istrm;
int wdz_istrm_start(z_streamp strm, struct wdz_state *w, struct wdz_inf_head *st, int alg,
		    int flush);
int wdz_istrm_call(z_streamp strm, struct wdz_state *w, int flush, int *ret);
int wdz_istrm_inflate(z_streamp strm, struct wdz_state *w, int flush);
int wdz_istrm_before(z_streamp strm, struct wdz_state *w, enum wdz_op op, long *veto);
void wdz_istrm_after(z_streamp strm, struct wdz_state *w, enum wdz_op op, long ret);
int wdz_istrm_copy_prep(struct wdz_state *src);
int wdz_istrm_copy(z_streamp dest, const struct wdz_state *src);
void wdz_istrm_free(struct wdz_state *w);

#endif /* WDZ_FAST_INFLATE_H */

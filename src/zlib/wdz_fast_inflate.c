/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate()'s fast path (default mode; WD_ZLIB=exact turns it off).
 *
 * When: the private zlib's state is at the very start of a stream (nothing
 * consumed, no primed bits, no dictionary, no gzip header requested, check
 * validation on), the flush is Z_NO_FLUSH, Z_SYNC_FLUSH or Z_FINISH, and
 * the format is raw, zlib, gzip or auto (windowBits -8..-15, 8..15 or 0,
 * +16, +32). One wd_comp request (wd_do_comp_sync: it decodes one stream,
 * gzip one member, and says how many input bytes it used) decodes the
 * stream:
 *  - one-shot: with output room at least the input's size, straight into
 *    next_out. On success the stream is left exactly where zlib leaves it
 *    after returning Z_STREAM_END: next/avail/total of both sides, adler,
 *    data_type, and the private state at DONE (so later calls,
 *    inflateReset, inflateCopy ... are zlib's own);
 *  - drain mode (wdz_inf_drain.c, its header says what each call
 *    observes): when the room is smaller, or the one-shot decode found it
 *    too small, into a buffer of ours that the following calls deliver.
 * Anything else -- corrupt or truncated data (a stream not whole in the
 * first call), a header zlib would refuse, output beyond the drain's cap --
 * goes to the private zlib from the start, which is exact because nothing
 * was consumed; its return code and msg are then zlib's.
 *
 * Known differences (documented in docs/zlib-dropin.md): after a fast
 * decode inflateCodesUsed() counts no code tables; the output buffer may have
 * been written beyond what zlib writes before it reports corrupt data; a
 * crafted raw stream that uses an unused code of an incomplete Huffman code
 * decodes (libdeflate) where zlib reports "invalid literal/length code", and
 * so do fixed-code blocks with the reserved symbols 286/287 or distance codes
 * 30/31.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include "wd_wrap.h"
#include "wd_bytes.h"
#include "wdz_fast_inflate.h"
#include "wdz_state.h"
#include "wdz_wd.h"

/*
 * The format a fresh state decodes its input as, or -1 when zlib must
 * decide: a header zlib refuses (so its code and msg are zlib's, from the
 * start: "incorrect header check", "unknown compression method", "invalid
 * window size" -- a window larger than windowBits --, "unknown header flags
 * set"), too few bytes to tell, or an unknown wrap (check validation off).
 */
static int stream_alg(const struct wdz_inf_head *st, const Bytef *in, uInt len)
{
	unsigned win;

	switch (st->wrap) {
	case 0:
		return WD_DEFLATE;
	case 6:
	gzip:
		/* magic, deflate, no reserved flag bits (the rest of the
		 * header is the decoder's) */
		if (len < 4 || in[0] != 0x1f || in[1] != 0x8b || in[2] != 8 || (in[3] & 0xe0))
			return -1;
		return WD_GZIP;
	case 7:
		if (len >= 2 && in[0] == 0x1f && in[1] == 0x8b)
			goto gzip;
		/* zlib's check of a zlib header */
		__attribute__((fallthrough));
	case 5:
		win = len < 2 ? 0 : (unsigned)wd_zlib_head_win(in[0], in[1]);
		return !win || (st->wbits && win > st->wbits) ? -1 : WD_ZLIB;
	default:
		return -1;
	}
}

int wdz_inf_updatewindow(z_streamp strm, struct wdz_inf_head *st, const Bytef *end, unsigned copy)
{
	unsigned dist;

	if (st->window == Z_NULL) {
		st->window = strm->zalloc(strm->opaque, 1U << st->wbits, sizeof(unsigned char));
		if (st->window == Z_NULL)
			return 1;
	}
	if (st->wsize == 0) {
		st->wsize = 1U << st->wbits;
		st->wnext = 0;
		st->whave = 0;
	}
	if (copy >= st->wsize) {
		memcpy(st->window, end - st->wsize, st->wsize);
		st->wnext = 0;
		st->whave = st->wsize;
		return 0;
	}
	dist = st->wsize - st->wnext;
	if (dist > copy)
		dist = copy;
	memcpy(st->window + st->wnext, end - copy, dist);
	copy -= dist;
	if (copy) {
		memcpy(st->window, end - copy, copy);
		st->wnext = copy;
		st->whave = st->wsize;
	} else {
		st->wnext += dist;
		if (st->wnext == st->wsize)
			st->wnext = 0;
		if (st->whave < st->wsize)
			st->whave += dist;
	}
	return 0;
}

void wdz_inf_res_fill(struct wdz_inf_res *res, const Bytef *in, uInt used, int alg)
{
	res->alg = alg;
	res->used = used;
	res->zwin = 0;
	res->flags = 0;
	res->check = 0;
	res->out = 0;
	if (alg == WD_ZLIB) {
		res->zwin = (in[0] >> 4) + 8u;
		res->check = wd_get_be32(in + used - 4);
	} else if (alg == WD_GZIP) {
		res->flags = in[2] | in[3] << 8;
		res->check = wd_get_le32(in + used - 8);
	}
}

void wdz_inf_learn_wbits(struct wdz_inf_head *st, const struct wdz_inf_res *res)
{
	if (st->wbits)
		return;
	if (res->alg == WD_ZLIB)
		st->wbits = res->zwin;
	else if (res->alg == WD_GZIP)
		st->wbits = 15;
}

/*
 * zlib's inflate reaching DONE in this call, then its inf_leave: the check
 * from the verified trailer, the window, used/made bytes, data_type = last
 * block and no bits left.
 */
int wdz_inf_done(z_streamp strm, struct wdz_inf_head *st, const struct wdz_inf_res *res,
		 int flush, uInt made)
{
	wdz_inf_learn_wbits(st, res);
	if (res->alg == WD_ZLIB) {
		st->dmax = 1U << res->zwin;
		st->flags = 0;
		st->check = res->check;
	} else if (res->alg == WD_GZIP) {
		st->flags = res->flags;
		st->check = res->check;
	}
	st->mode = ZMODE_DONE;
	st->last = 1;
	st->hold = 0;
	st->bits = 0;
	strm->next_in += res->used;
	strm->avail_in -= res->used;
	/*
	 * zlib's CHECK step accounts a zlib/gzip stream's output before
	 * inf_leave, so only a raw stream (no trailer) leaves output for the
	 * window: at Z_FINISH only when an earlier call made the window.
	 */
	if (res->alg == WD_DEFLATE && made && (st->wsize || flush != Z_FINISH) &&
	    wdz_inf_updatewindow(strm, st, strm->next_out, made)) {
		st->mode = ZMODE_MEM;
		return Z_MEM_ERROR;
	}
	strm->total_in += res->used;
	strm->total_out += made;
	st->total += res->out;
	if (res->alg != WD_DEFLATE)
		strm->adler = st->check;
	strm->data_type = 64;	/* bits 0, last block, not in TYPE/LEN_/COPY_ */
	return Z_STREAM_END;
}

size_t wdz_inf_replay(z_streamp strm, struct wdz_inf_head *st, uLong tin0, uLong tout0, uLong adler0,
		      size_t upto, const unsigned char *expect)
{
	Bytef *out = strm->next_out;
	uInt room = strm->avail_out, want, got;
	gz_headerp head = st->head;
	unsigned char scratch[16384];
	size_t done = 0;
	int r = Z_OK;

	st->head = Z_NULL;	/* zlib read the header before it was asked for */
	st->wsize = 0;		/* the replay makes the window again */
	st->whave = 0;
	st->wnext = 0;
	strm->total_in = tin0;
	strm->total_out = tout0;
	strm->adler = adler0;
	while (done < upto && r == Z_OK) {
		want = upto - done < sizeof(scratch) ? (uInt)(upto - done) : (uInt)sizeof(scratch);
		strm->next_out = scratch;
		strm->avail_out = want;
		r = wdzp_inflate(strm, Z_NO_FLUSH);
		got = want - strm->avail_out;
		if (expect && memcmp(scratch, expect + done, got))
			break;
		done += got;
	}
	st->head = head;
	strm->next_out = out;
	strm->avail_out = room;
	return done;
}

int wdz_inf_request(z_streamp strm, int alg, Bytef *dst, size_t room, struct wdz_inf_res *res,
		    size_t *made)
{
	struct wd_comp_req req;
	int r;

	memset(&req, 0, sizeof(req));
	req.src = (void *)strm->next_in;
	req.src_len = strm->avail_in;
	req.dst = dst;
	req.dst_len = (__u32)room;
	req.op_type = WD_DIR_DECOMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	wdz_in_wd = 1;
	r = wd_do_comp_sync(wdz_wd_inflate_sess(alg), &req);
	wdz_in_wd = 0;
	if (r)
		return -1;
	if (req.status == WD_OUT_EPARA)
		return 1;
	if (req.status != WD_SUCCESS || req.src_len > strm->avail_in || req.dst_len > room)
		return -1;
	wdz_inf_res_fill(res, strm->next_in, req.src_len, alg);
	res->out = req.dst_len;
	*made = req.dst_len;
	return 0;
}

__thread int wdz_inf_nodrain;

/* The least input the drain takes (smaller ones run in stream mode). */
#define DRAIN_MIN 65536u

/*
 * Not the whole stream in this call (or corrupt data: the mode's first step
 * hands that to zlib), or more output than the drain takes: stream mode.
 * Not for uncompress(), whose answer on a short output buffer is how far
 * zlib itself got.
 */
static int stream_start(z_streamp strm, struct wdz_state *w, struct wdz_inf_head *st, int alg,
			int flush, int *ret)
{
	int r;

	if (wdz_inf_nodrain)
		return 0;
	r = wdz_istrm_start(strm, w, st, alg, flush);
	if (r == Z_ERRNO)	/* not taken (inflate itself never returns it) */
		return 0;
	*ret = r;
	return 1;
}

/* Non-zero when the call was served (its result in *ret). */
static int try_fast(z_streamp strm, struct wdz_state *w, int flush, int from_wd, int *ret)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_inf_res res;
	size_t made;
	int alg, r;

	if (from_wd || wdz_in_wd || (flush != Z_NO_FLUSH && flush != Z_SYNC_FLUSH && flush != Z_FINISH) ||
	    strm->next_in == Z_NULL || !strm->avail_in || strm->next_out == Z_NULL ||
	    !strm->avail_out)
		return 0;
	/* zlib refuses a stream whose allocators were cleared after init */
	if (strm->zalloc == Z_NULL || strm->zfree == Z_NULL)
		return 0;
	if (st->strm != strm || st->mode != ZMODE_HEAD || st->bits || st->havedict ||
	    st->head != Z_NULL || st->wsize)
		return 0;
	alg = stream_alg(st, strm->next_in, strm->avail_in);
	if (alg < 0)
		return 0;
	if (!wdz_wd_inflate_sess(alg))
		return 0;	/* exact mode, or no wd_comp */
	/*
	 * Where the output goes:
	 *  - room for twice the input or more (most deflate data is 2-4 times
	 *    smaller than its output), or uncompress(): one request straight
	 *    into next_out;
	 *  - a large input with less room (Python's zlib.decompress gives 16
	 *    KiB first, whatever the size): the drain, one request into our
	 *    buffer (libdeflate's speed, a few percent above stream mode's);
	 *  - else, or when those fail (the input is not the whole stream, or is
	 *    corrupt): stream mode, whose first call ends the stream all the
	 *    same when it is whole. A one-shot that fails for room costs a
	 *    decode; below DRAIN_MIN of input, stream mode is cheaper.
	 * Measured on small streams in docs/zlib-dropin.md ("Stream mode").
	 */
	if (wdz_inf_nodrain || strm->avail_out / 2 >= strm->avail_in) {
		r = wdz_inf_request(strm, alg, strm->next_out, strm->avail_out, &res, &made);
		if (r == 0) {
			strm->next_out += made;
			strm->avail_out -= (uInt)made;
			*ret = wdz_inf_done(strm, st, &res, flush, (uInt)made);
			return 1;
		}
		if (wdz_inf_nodrain)
			return 0;	/* uncompress: zlib says how far it gets */
		if (r < 0)
			return stream_start(strm, w, st, alg, flush, ret);
	}
	if (strm->avail_in >= DRAIN_MIN && wdz_drain_start(strm, w, st, alg, flush, ret))
		return 1;
	return stream_start(strm, w, st, alg, flush, ret);
}

int wdz_inflate(z_streamp strm, struct wdz_state *w, int flush, int from_wd)
{
	int ret;

	if (strm == Z_NULL)
		return wdzp_inflate(strm, flush);
	if (w->idrain)
		return wdz_drain_inflate(strm, w, flush);
	if (wdz_istrm_call(strm, w, flush, &ret))
		return ret;
	if (try_fast(strm, w, flush, from_wd, &ret))
		return ret;
	return wdzp_inflate(strm, flush);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate's drain mode (default mode): a fresh stream whose first call holds
 * the whole stream but too little output room (Python's zlib.decompress
 * starts with 16 KiB, decompressobj().decompress and gzip.decompress grow
 * their buffers) is decoded by one wd_comp request into a buffer of ours,
 * which the following inflate() calls deliver.
 *
 * The buffer is the library's own (malloc, or mmap above 2 MiB, see
 * drain_alloc), not zalloc()ed: it is as large as the output, far beyond
 * the memory zlib documents for inflate (the window plus ~7 KiB), which is
 * what a program's zalloc (a fixed pool, an accounting arena) is sized
 * for; the deflate fast path's result buffer is malloc()ed too. The
 * window, which zlib itself would allocate, is still zalloc()ed as zlib
 * does. The first decode gets room for 32 times the input (untouched pages
 * cost nothing), or the gzip trailer's size when that is larger; "no room"
 * retries once with DRAIN_MAX, beyond which the stream goes to stream mode
 * (corrupt and truncated ones too): nothing has been consumed or delivered
 * then, so it starts from the start, exactly.
 *
 * Only streams whose zlib window is 32 KiB (windowBits 15, 31, 47, or 0,
 * 16, 32 with a header that leads zlib to 32 KiB) drain: with a smaller window, zlib
 * fails a stream that reaches further back depending on how the output is
 * split into calls.
 *
 * What the program observes on each call while output drains:
 *  - input: nothing is consumed before the call that completes the stream,
 *    which consumes the stream's bytes exactly (trailing bytes stay), so a
 *    stream's end is exact and total_in always matches avail_in's moves;
 *    zlib consumes progressively, and where it stands depends on its own
 *    decoder (bit buffer, fast-loop thresholds): no value of ours could be
 *    zlib's. The program must present the unconsumed input again (zlib's
 *    rule for unconsumed input; it may move it, as Python does);
 *  - output, total_out, adler (the running adler32/crc32 of what was
 *    delivered), the window (zlib's updatewindow per call, zalloc()ed in
 *    the first call as zlib does) and msg are zlib's;
 *  - return: Z_OK when output was delivered, Z_BUF_ERROR when none was (no
 *    room) or with Z_FINISH (zlib's unfinished Z_FINISH), Z_STREAM_END in
 *    the call that delivers the last byte (zlib reads the trailer in that
 *    same call) with the stream left as zlib leaves it: the private state
 *    at DONE, window, adler, total_*, data_type 64, trailing input
 *    unconsumed. If the input presented then is shorter than the stream,
 *    that call returns as a middle one and the next with it completes;
 *  - data_type is 0 in the middle (zlib's is its bit count plus 64 in the
 *    last block: decoder state we do not have).
 * Hooks while a result drains (wdz_stream.c calls them): inflateEnd,
 * inflateBackEnd and the resets (inflateReset2 when it succeeds) free the
 * buffer; inflateCopy duplicates it; inflateGetDictionary, inflateGetHeader,
 * inflateSyncPoint (0, as zlib's with whole input), inflateCodesUsed,
 * inflateUndermine and inflateSetDictionary on a zlib/gzip stream
 * (Z_STREAM_ERROR, zlib's mid-stream answer) work on the private state as
 * they are. Calls that would change or report the decoder's position --
 * inflate with Z_BLOCK/Z_TREES, inflateSync, inflatePrime, inflateMark,
 * inflateBack, inflateSetDictionary on a raw stream, inflateValidate turning
 * the check off -- end the drain first by a replay: the private zlib decodes
 * the presented input from the start until it has made the bytes already
 * delivered (compared with ours), so the stream is zlib's own from then on
 * (its input then moves as zlib's does). Input that is no longer there or
 * differs leaves the stream in zlib's BAD mode (Z_DATA_ERROR from then on).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <uadk/wd_comp.h>
#include "wd_bytes.h"
#include "wdz_check.h"
#include "wdz_fast_inflate.h"
#include "wdz_state.h"

/* The largest output drained; larger ones run on the private zlib. */
#define DRAIN_MAX ((size_t)256 << 20)

struct wdz_idrain {
	size_t map;		/* bytes mmap()ed, 0: malloc()ed */
	size_t dirty;		/* mapped: bytes from its start this drain may have written */
	struct wdz_inf_res res;	/* the stream: format, input size, check, output size */
	size_t pos;		/* bytes delivered */
	uLong check;		/* running check of the bytes delivered */
	uLong tin0, tout0, adler0; /* bookkeeping at the first call (for a replay) */
	unsigned char data[];	/* res.out bytes */
};

/*
 * Large buffers are mapped: a fresh buffer the size of the output costs one
 * page fault per 4 KiB when the decoder first writes it, which measured
 * about as much as the decode itself, so the last large buffer freed is
 * kept for the next drain (one per process), its pages beyond the first
 * 2 MiB (which hold the header) handed back with MADV_FREE: the kernel
 * reclaims them under memory pressure, else the next drain writes them
 * without faulting. Only the pages this drain wrote are handed back: the
 * kernel walks every page still mapped in the range, and a 1 MiB drain
 * after a 96 MiB one spent more time there than decoding (Python's
 * zlib.decompress of 1 MiB blocks fell from 1.7 to 0.9 times zlib's
 * speed). No transparent huge pages: they made a fresh
 * process's first drain faster on average but, when the kernel had to
 * compact memory for them (defrag "madvise", Debian's default), as slow as
 * 1.7 times a 4 KiB-page first drain. Small buffers come from malloc.
 */
#define DRAIN_BIG ((size_t)2 << 20)
#define DRAIN_SLACK ((size_t)64 << 10)

static struct wdz_idrain *spare;

static struct wdz_idrain *drain_alloc(size_t room)
{
	size_t size = sizeof(struct wdz_idrain) + room, map;
	struct wdz_idrain *d;
	void *p;

	if (size < DRAIN_BIG) {
		d = malloc(size);
		if (d)
			d->map = 0;
		return d;
	}
	d = __atomic_exchange_n(&spare, NULL, __ATOMIC_ACQ_REL);
	if (d && d->map >= size)
		return d;
	if (d)
		munmap(d, d->map);
	map = (size + DRAIN_BIG - 1) & ~(DRAIN_BIG - 1);
	p = mmap(NULL, map, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	d = p;
	d->map = map;
	return d;
}

static void drain_free(struct wdz_idrain *d)
{
	if (d == NULL)
		return;
	if (!d->map) {
		free(d);
		return;
	}
	if (d->dirty > d->map)
		d->dirty = d->map;
	if (d->dirty > DRAIN_BIG)
		(void)madvise((char *)d + DRAIN_BIG, d->dirty - DRAIN_BIG, MADV_FREE);
	d = __atomic_exchange_n(&spare, d, __ATOMIC_ACQ_REL);
	if (d)
		munmap(d, d->map);
}

/*
 * The first decode's room: the output did not fit avail_out. 32 times the
 * input holds all but extreme data (text 3-5 times, logs 10-20) in one
 * request; it is address space, its pages untouched until written. A gzip
 * member (or the raw data of Python's gzip.decompress, which ends with the
 * member's trailer) ends with its size, used when larger (a wrong guess
 * costs a retry or address space; a size over DRAIN_MAX is no reason to
 * skip the drain: data after the member, another member or junk, ends the
 * input as often). 0: no drain, the input is half of DRAIN_MAX already,
 * and stream mode is cheaper than a decode that fails for room first.
 */
static size_t first_room(const z_stream *strm, int alg)
{
	size_t room = (size_t)strm->avail_in * 32 + 65536, hint;

	if (strm->avail_in > DRAIN_MAX / 2)
		return 0;
	if (room < (size_t)strm->avail_out * 2)
		room = (size_t)strm->avail_out * 2;
	if (alg != WD_ZLIB && strm->avail_in >= 8) {
		hint = wd_get_le32(strm->next_in + strm->avail_in - 4);
		if (hint > room && hint <= DRAIN_MAX)
			room = hint;
	}
	return room < DRAIN_MAX ? room : DRAIN_MAX;
}

int wdz_drain_start(z_streamp strm, struct wdz_state *w, struct wdz_inf_head *st, int alg,
		    int flush, int *ret)
{
	size_t room = first_room(strm, alg), made;
	struct wdz_inf_res res;
	struct wdz_idrain *d;
	int r;

	/*
	 * Only a 32 KiB window: zlib's answer for a stream that reaches further
	 * back than a smaller window depends on how its output is split into
	 * calls ("invalid distance too far back" when the distance crosses a
	 * call boundary), which a decode made in one piece cannot know.
	 */
	if ((st->wbits ? st->wbits : alg == WD_ZLIB ? (strm->next_in[0] >> 4) + 8u : 15u) != 15 ||
	    !room)
		return 0;
	for (;;) {
		d = drain_alloc(room);
		if (d == NULL)
			return 0;
		d->dirty = sizeof(*d) + room;	/* a request that fails may fill it */
		r = wdz_inf_request(strm, alg, d->data, room, &res, &made);
		if (r == 0)
			break;
		drain_free(d);
		if (r < 0 || room >= DRAIN_MAX)
			return 0;
		room = DRAIN_MAX;	/* address space: no point in steps */
	}
	d->res = res;
	/* decoders write a little ahead of their output (word copies) */
	d->dirty = sizeof(*d) + made + DRAIN_SLACK;
	d->pos = 0;
	d->check = alg == WD_ZLIB ? 1 : 0;	/* adler32's and crc32's start */
	d->tin0 = strm->total_in;
	d->tout0 = strm->total_out;
	d->adler0 = strm->adler;
	/* zlib learns a zlib header's window size in its first call (its
	 * window, allocated below, has that size) */
	wdz_inf_learn_wbits(st, &res);
	w->idrain = d;
	*ret = wdz_drain_inflate(strm, w, flush);
	return 1;
}

static void drain_drop(struct wdz_state *w)
{
	drain_free(w->idrain);
	w->idrain = NULL;
}

/*
 * End the drain: the private zlib, still at the stream's start, decodes the
 * presented input until it has made the bytes already delivered, into a
 * scratch buffer, so its state is zlib's at that point. The window is
 * rebuilt by the replay itself (kept allocated, as zlib would), and a
 * gzip header the program asked for mid-stream is not filled (zlib had
 * read the header before the program asked).
 */
static void drain_replay(z_streamp strm, struct wdz_state *w)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_idrain *d = w->idrain;

	w->idrain = NULL;
	if (wdz_inf_replay(strm, st, d->tin0, d->tout0, d->adler0, d->pos, d->data) != d->pos)
		st->mode = ZMODE_BAD;	/* not the input that was drained */
	drain_free(d);
}

int wdz_drain_inflate(z_streamp strm, struct wdz_state *w, int flush)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_idrain *d = w->idrain;
	struct wdz_inf_res res;
	size_t left = d->res.out - d->pos;
	uInt n;

	/* zlib's own refusals come first (its state check includes the
	 * allocators) */
	if (strm->zalloc == Z_NULL || strm->zfree == Z_NULL || strm->next_out == Z_NULL ||
	    (strm->next_in == Z_NULL && strm->avail_in != 0))
		return Z_STREAM_ERROR;
	if (flush == Z_BLOCK || flush == Z_TREES) {
		uLong tin = strm->total_in, tout = strm->total_out;
		int r;

		drain_replay(strm, w);
		r = wdzp_inflate(strm, flush);
		/* zlib's "no progress" is this call's: the input the replay
		 * consumed (held until now) is progress the program sees */
		if (r == Z_BUF_ERROR && (strm->total_in != tin || strm->total_out != tout))
			r = Z_OK;
		return r;
	}
	n = left < strm->avail_out ? (uInt)left : strm->avail_out;
	if (n)
		memcpy(strm->next_out, d->data + d->pos, n);
	strm->next_out += n;
	strm->avail_out -= n;
	d->pos += n;
	if (d->pos == d->res.out && strm->avail_in >= d->res.used) {
		res = d->res;
		drain_drop(w);
		return wdz_inf_done(strm, st, &res, flush, n);
	}
	/* zlib's inf_leave in the middle of a stream */
	if ((n || st->wsize) && wdz_inf_updatewindow(strm, st, strm->next_out, n)) {
		st->mode = ZMODE_MEM;
		drain_drop(w);
		return Z_MEM_ERROR;
	}
	strm->total_out += n;
	if (d->res.alg != WD_DEFLATE && n) {
		/* zlib's running check of what it delivered (wdz_check.c: zlib's
		 * values, vectorised) */
		d->check = d->res.alg == WD_ZLIB
			? wdz_adler32(d->check, strm->next_out - n, n)
			: wdz_crc32(d->check, strm->next_out - n, n);
		strm->adler = d->check;
	}
	strm->data_type = 0;
	return n && flush != Z_FINISH ? Z_OK : Z_BUF_ERROR;
}

void wdz_drain_before(z_streamp strm, struct wdz_state *w, enum wdz_op op)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;

	switch (op) {
	case WDZ_OP_inflateEnd:
	case WDZ_OP_inflateBackEnd:
	case WDZ_OP_inflateReset:
	case WDZ_OP_inflateResetKeep:
		drain_drop(w);
		break;
	case WDZ_OP_inflateSync:
	case WDZ_OP_inflatePrime:
	case WDZ_OP_inflateMark:
	case WDZ_OP_inflateBack:
		drain_replay(strm, w);
		break;
	case WDZ_OP_inflateSetDictionary:
		/* a raw stream's dictionary goes into the window mid-stream */
		if (st->wrap == 0)
			drain_replay(strm, w);
		break;
	default:
		break;
	}
}

void wdz_drain_after(z_streamp strm, struct wdz_state *w, enum wdz_op op, long ret)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;

	if (op == WDZ_OP_inflateReset2 && ret == Z_OK) {
		drain_drop(w);
	} else if (op == WDZ_OP_inflateValidate && st->wrap && !(st->wrap & 4)) {
		/* the check was turned off: zlib stops computing it from here,
		 * so the rest is zlib's (a drain only starts with it on) */
		st->wrap |= 4;
		drain_replay(strm, w);
		st->wrap &= ~4;
	}
}

int wdz_drain_copy(z_streamp dest, struct wdz_state *src)
{
	struct wdz_state *dw = (struct wdz_state *)(void *)dest->state;
	struct wdz_idrain *d = src->idrain;
	size_t size, map;

	if (d == NULL)
		return Z_OK;
	size = sizeof(*d) + d->res.out;
	dw->idrain = drain_alloc(d->res.out);
	if (dw->idrain == NULL) {
		dw = wdz_enter(dest);
		wdzp_inflateEnd(dest);
		wdz_leave(dest, dw);
		return Z_MEM_ERROR;
	}
	map = dw->idrain->map;
	memcpy(dw->idrain, d, size);
	dw->idrain->map = map;
	dw->idrain->dirty = size;
	return Z_OK;
}

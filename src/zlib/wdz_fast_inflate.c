/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate()'s one-shot fast path (default mode; WD_ZLIB=exact turns it off).
 *
 * When: the private zlib's state is at the very start of a stream (nothing
 * consumed, no primed bits, no dictionary, no gzip header requested, check
 * validation on), the flush is Z_NO_FLUSH, Z_SYNC_FLUSH or Z_FINISH, the
 * output room is at least the input's size, and the format is raw, zlib,
 * gzip or auto (windowBits -8..-15, 8..15 or 0, +16, +32).
 * Then one wd_comp request (wd_do_comp_sync: it decodes one stream, gzip one
 * member, and says how many input bytes it used) decodes straight into
 * next_out. On success the stream is left exactly where zlib leaves it after
 * returning Z_STREAM_END: next/avail/total of both sides, adler, data_type,
 * and the private state at DONE (so later calls, inflateReset, inflateCopy
 * ... are zlib's own). Anything else -- output larger than avail_out (the
 * first call of Python's zlib.decompress for outputs above its 16 KiB first
 * buffer), corrupt or truncated data, a header zlib would refuse -- goes to
 * the private zlib from the start, which is exact because nothing was
 * consumed; its return code and msg are then zlib's.
 *
 * Known differences (documented in docs/zlib-dropin.md): after a fast
 * decode inflateCodesUsed() counts no code tables; the output buffer may have
 * been written beyond what zlib writes before it reports corrupt data; a
 * crafted raw stream that uses an unused code of an incomplete Huffman code
 * decodes (libdeflate) where zlib reports "invalid literal/length code".
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "wdz_fast_inflate.h"
#include "wdz_state.h"

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
#define ZMODE_MEM	16210

/* Process-wide: one wd_comp init and one decompression session per format. */
static struct {
	pthread_once_t once;
	bool on;
	bool inited;
	handle_t sess[3];	/* WD_DEFLATE, WD_ZLIB, WD_GZIP */
} fast = { .once = PTHREAD_ONCE_INIT };

/*
 * A fork()ed child gets torn-down engines and its parent's sessions are
 * refused there: forget them, and let the child's first fast call init
 * again (its own queues, its own sessions).
 */
static void fast_child(void)
{
	memset(fast.sess, 0, sizeof(fast.sess));
	fast.on = false;
	fast.inited = false;
	fast.once = (pthread_once_t)PTHREAD_ONCE_INIT;
	wdz_in_wd = 0;
}

static void fast_init(void)
{
	static bool atfork_set;

	struct wd_comp_sess_setup setup;
	int alg, ret;

	if (wdz_env_exact())
		return;
	if (!atfork_set && pthread_atfork(NULL, NULL, fast_child) == 0)
		atfork_set = true;
	wdz_in_wd = 1;
	ret = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_MIX, NULL);
	if (ret && ret != -WD_EEXIST)
		goto out;
	fast.inited = true;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		memset(&setup, 0, sizeof(setup));
		setup.alg_type = (enum wd_comp_alg_type)alg;
		setup.op_type = WD_DIR_DECOMPRESS;
		setup.win_sz = WD_COMP_WS_32K;
		setup.comp_lv = WD_COMP_L1;
		fast.sess[alg] = wd_comp_alloc_sess(&setup);
		if (!fast.sess[alg])
			goto out;
	}
	fast.on = true;
out:
	wdz_in_wd = 0;
}

__attribute__((destructor)) static void fast_fini(void)
{
	int alg;

	if (!fast.inited)
		return;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		if (fast.sess[alg])
			wd_comp_free_sess(fast.sess[alg]);
	fast.on = false;
	wd_comp_uninit2();
}

/*
 * The format a fresh state decodes its input as, or -1 when zlib must
 * decide: a zlib header whose window is larger than windowBits (zlib's
 * "invalid window size") or an unknown wrap (check validation off).
 */
static int stream_alg(const struct wdz_inf_head *st, const Bytef *in, uInt len)
{
	unsigned win;

	switch (st->wrap) {
	case 0:
		return WD_DEFLATE;
	case 6:
		return WD_GZIP;
	case 7:
		if (len >= 2 && in[0] == 0x1f && in[1] == 0x8b)
			return WD_GZIP;
		/* zlib's check of a zlib header */
		__attribute__((fallthrough));
	case 5:
		if (len < 2)
			return -1;
		win = (in[0] >> 4) + 8u;
		return win > 15 || (st->wbits && win > st->wbits) ? -1 : WD_ZLIB;
	default:
		return -1;
	}
}

/* zlib's updatewindow() for a window that is empty: keep the last
 * 2^wbits bytes of the output. Non-zero when zalloc fails. */
static int fill_window(z_streamp strm, struct wdz_inf_head *st, const Bytef *end, unsigned len)
{
	unsigned dist;

	if (st->window == Z_NULL) {
		st->window = strm->zalloc(strm->opaque, 1U << st->wbits, sizeof(unsigned char));
		if (st->window == Z_NULL)
			return 1;
	}
	st->wsize = 1U << st->wbits;
	if (len >= st->wsize) {
		memcpy(st->window, end - st->wsize, st->wsize);
		st->wnext = 0;
		st->whave = st->wsize;
	} else {
		dist = len;
		memcpy(st->window, end - dist, dist);
		st->wnext = dist == st->wsize ? 0 : dist;
		st->whave = dist;
	}
	return 0;
}

static uLong be32(const Bytef *p)
{
	return (uLong)p[0] << 24 | (uLong)p[1] << 16 | (uLong)p[2] << 8 | p[3];
}

static uLong le32(const Bytef *p)
{
	return (uLong)p[3] << 24 | (uLong)p[2] << 16 | (uLong)p[1] << 8 | p[0];
}

/*
 * Leave the stream as zlib's inflate leaves it on reaching DONE in this call
 * (its inf_leave): used/made bytes, the check value taken from the
 * verified trailer, the window as zlib keeps it, data_type = last block
 * and no bits left.
 */
static int finish(z_streamp strm, struct wdz_inf_head *st, int alg, int flush, uInt used,
		  uInt made)
{
	const Bytef *in = strm->next_in;

	if (alg == WD_ZLIB) {
		if (!st->wbits)
			st->wbits = (in[0] >> 4) + 8u;
		st->dmax = 1U << ((in[0] >> 4) + 8u);
		st->flags = 0;
		st->check = be32(in + used - 4);
	} else if (alg == WD_GZIP) {
		if (!st->wbits)
			st->wbits = 15;
		st->flags = in[2] | in[3] << 8;
		st->check = le32(in + used - 8);
	}
	st->mode = ZMODE_DONE;
	st->last = 1;
	st->hold = 0;
	st->bits = 0;
	strm->next_in += used;
	strm->avail_in -= used;
	strm->next_out += made;
	strm->avail_out -= made;
	/* zlib's CHECK step accounts the output before inf_leave, so only a raw
	 * stream (no trailer) leaves output for the window, and not at Z_FINISH */
	if (alg == WD_DEFLATE && made && flush != Z_FINISH &&
	    fill_window(strm, st, strm->next_out, made)) {
		st->mode = ZMODE_MEM;
		return Z_MEM_ERROR;
	}
	strm->total_in += used;
	strm->total_out += made;
	st->total += made;
	if (alg != WD_DEFLATE)
		strm->adler = st->check;
	strm->data_type = 64;	/* bits 0, last block, not in TYPE/LEN_/COPY_ */
	return Z_STREAM_END;
}

/* Non-zero when the call was served (its result in *ret). */
static int try_fast(z_streamp strm, int flush, int from_wd, int *ret)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wd_comp_req req;
	int alg, r;

	if (from_wd || wdz_in_wd || (flush != Z_NO_FLUSH && flush != Z_SYNC_FLUSH && flush != Z_FINISH) ||
	    strm->next_in == Z_NULL || !strm->avail_in || strm->next_out == Z_NULL ||
	    !strm->avail_out)
		return 0;
	/*
	 * Room for less output than the input's size: deflate data rarely
	 * shrinks, so the request would most likely fail for lack of room and
	 * zlib would start over (Python's zlib.decompress gives 16 KiB first,
	 * whatever the size). Only a heuristic: skipping costs speed, never
	 * exactness.
	 */
	if (strm->avail_out < strm->avail_in)
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
	pthread_once(&fast.once, fast_init);
	if (!fast.on)
		return 0;
	memset(&req, 0, sizeof(req));
	req.src = (void *)strm->next_in;
	req.src_len = strm->avail_in;
	req.dst = strm->next_out;
	req.dst_len = strm->avail_out;
	req.op_type = WD_DIR_DECOMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	wdz_in_wd = 1;
	r = wd_do_comp_sync(fast.sess[alg], &req);
	wdz_in_wd = 0;
	if (r || req.status != WD_SUCCESS || req.src_len > strm->avail_in ||
	    req.dst_len > strm->avail_out)
		return 0;	/* too small, corrupt, no queue ...: zlib from the start */
	*ret = finish(strm, st, alg, flush, req.src_len, req.dst_len);
	return 1;
}

int wdz_inflate(z_streamp strm, int flush, int from_wd)
{
	int ret;

	if (strm != Z_NULL && try_fast(strm, flush, from_wd, &ret))
		return ret;
	return wdzp_inflate(strm, flush);
}

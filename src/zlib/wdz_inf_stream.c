/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate's stream mode (default mode): a fresh stream whose first call does
 * not hold all of it (Python's GzipFile and decompressobj fed in pieces, a
 * program reading a file in blocks) decodes call by call on a wd_comp
 * inflate stream session of its own, straight into next_out.
 *
 * Exactness rests on two things:
 *  - the session never reports input past the stream's end as used (the
 *    driver's contract), so the stream ends exactly where zlib's does and
 *    trailing data stays in next_in;
 *  - the input used so far is held (a copy, up to HOLD_MAX bytes): anything
 *    the session cannot answer as zlib would -- corrupt data (zlib's exact
 *    error, msg and output), Z_NEED_DICT, inflate with Z_BLOCK/Z_TREES,
 *    inflateSync, inflatePrime, inflateMark, inflateCopy, inflateBack, a raw
 *    stream's inflateSetDictionary, inflateValidate turning the check off,
 *    a wd error (a fork, a vanished device) -- ends the mode by a replay:
 *    the private zlib decodes the held input from the stream's start until
 *    it has made the bytes already delivered; held bytes it has not taken
 *    then are fed to it before next_in in the following calls (with_held).
 *    From then on the stream is zlib's own.
 * Past HOLD_MAX the hold is dropped ("committed"): a long stream costs no
 * more memory than the session. Then corrupt data returns Z_DATA_ERROR with
 * msg "invalid compressed data" (zlib's own msg names the fault), a wd error
 * Z_STREAM_ERROR, and the calls above answer: Z_BLOCK/Z_TREES, inflatePrime,
 * inflateBack and a raw inflateSetDictionary Z_STREAM_ERROR, inflateMark
 * -65536, inflateCopy Z_MEM_ERROR; inflateSync searches the input as zlib
 * does (the mode ends); inflateValidate(0) keeps the check on.
 *
 * Observed per call, as in drain mode (wdz_inf_drain.c): output, total_*,
 * adler (the running check of the output), the window (inflateGetDictionary)
 * and return codes are zlib's; input is consumed at other call boundaries
 * than zlib's (all of it whenever output room is left, as zlib); data_type
 * is 0 until the stream ends.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include "wdz_check.h"
#include "wdz_fast_inflate.h"
#include "wdz_state.h"
#include "wdz_wd.h"
#include "wd_wrap.h"

/* The most input held for a replay (see above). */
#define HOLD_MAX ((size_t)1 << 20)

struct wdz_istrm {
	handle_t sess;		/* kept across resets: streams of one z_stream reuse it */
	int alg;		/* WD_DEFLATE, WD_ZLIB, WD_GZIP */
	int active;		/* the current stream decodes here */
	int committed;		/* past HOLD_MAX: no replay possible */
	unsigned char *hold;	/* input used since the stream's start; after a
				 * replay: the held bytes zlib has yet to take */
	size_t held, hcap;
	unsigned char head[4];	/* the stream's first bytes (zlib, gzip headers) */
	unsigned nhead;
	uLong check;		/* running check of the output (zlib, gzip) */
	uLong made;		/* output of this stream so far */
	uLong tin0, tout0, adler0; /* bookkeeping at the stream's start */
};

/*
 * Each thread keeps one idle mode state (its session) per format: a program
 * that makes a z_stream per stream (Python's decompressobj, a zip reader)
 * would otherwise set a session up and tear it down for every one, which
 * costs more than a small stream's decode.
 */
static __thread struct wdz_istrm *idle[WD_GZIP + 1];
static pthread_key_t idle_key;
static pthread_once_t idle_once = PTHREAD_ONCE_INIT;

static void istrm_release(struct wdz_istrm *s)
{
	wdz_wd_stream_free(s->sess);
	free(s->hold);
	free(s);
}

static void idle_exit(void *unused)
{
	(void)unused;
	for (int i = 0; i <= WD_GZIP; i++) {
		if (idle[i])
			istrm_release(idle[i]);
		idle[i] = NULL;
	}
}

static void idle_key_make(void)
{
	(void)pthread_key_create(&idle_key, idle_exit);
}

static void hold_drop(struct wdz_istrm *s);

void wdz_istrm_free(struct wdz_state *w)
{
	struct wdz_istrm *s = w->istrm;

	if (s == NULL)
		return;
	w->istrm = NULL;
	if (s->sess && !idle[s->alg] && pthread_once(&idle_once, idle_key_make) == 0 &&
	    pthread_setspecific(idle_key, s) == 0) {
		if (s->active)
			wdz_wd_stream_reset(s->sess);
		s->active = 0;
		hold_drop(s);
		idle[s->alg] = s;
		return;
	}
	istrm_release(s);
}

static void hold_drop(struct wdz_istrm *s)
{
	free(s->hold);
	s->hold = NULL;
	s->held = 0;
	s->hcap = 0;
}

/* Keep the n input bytes just used (and the header's first bytes). */
static void hold_add(struct wdz_istrm *s, const Bytef *in, unsigned n)
{
	size_t want = s->held + n, cap;
	unsigned char *p;

	for (unsigned i = 0; i < n && s->nhead < sizeof(s->head); i++)
		s->head[s->nhead++] = in[i];
	if (s->committed || !n)
		return;
	if (want > HOLD_MAX) {
		hold_drop(s);
		s->committed = 1;
		return;
	}
	if (want > s->hcap) {
		cap = s->hcap ? s->hcap : 16384;
		while (cap < want)
			cap *= 2;
		p = realloc(s->hold, cap);
		if (p == NULL) {	/* exactness beyond this point is lost, not data */
			hold_drop(s);
			s->committed = 1;
			return;
		}
		s->hold = p;
		s->hcap = cap;
	}
	memcpy(s->hold + s->held, in, n);
	s->held += n;
}

/*
 * The header is whole in the input used so far: zlib sets adler to the
 * check's start only then (for a gzip member at the end of its header).
 */
static int head_done(const struct wdz_istrm *s)
{
	if (s->alg == WD_ZLIB)
		return s->nhead >= 2;
	/* committed: past a MiB of input, and no header is that long */
	return s->committed || wd_gzip_head_len(s->hold, s->held) != 0;
}

/* The mode ends; the session is reset for the z_stream's next stream. */
static void stop(struct wdz_istrm *s)
{
	if (s->active)
		wdz_wd_stream_reset(s->sess);
	s->active = 0;
}

/*
 * End the mode mid-stream: the private zlib, still at the stream's start,
 * decodes the held input until it has made the bytes delivered so far (into
 * a scratch buffer), so its state is zlib's at that point; the held bytes
 * it did not take stay in s->hold for with_held. zlib failing first
 * (data the session accepted and zlib does not) leaves zlib's BAD state and
 * msg. The program's view of next/avail/total is unchanged.
 */
static void replay(z_streamp strm, struct wdz_state *w)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_istrm *s = w->istrm;
	z_const Bytef *in = strm->next_in;
	uInt in_n = strm->avail_in;
	uLong tin = strm->total_in, tout = strm->total_out;

	stop(s);
	strm->next_in = s->hold;
	strm->avail_in = (uInt)s->held;
	if (wdz_inf_replay(strm, st, s->tin0, s->tout0, s->adler0, s->made, NULL) != s->made &&
	    st->mode != ZMODE_BAD) {
		st->mode = ZMODE_BAD;
		strm->msg = (char *)"invalid compressed data";
	}
	/* the held bytes zlib has not taken come before next_in */
	if (strm->avail_in)
		memmove(s->hold, strm->next_in, strm->avail_in);
	s->held = strm->avail_in;
	strm->next_in = in;
	strm->avail_in = in_n;
	strm->total_in = tin;
	strm->total_out = tout;
}

static int call_inflate(z_streamp strm, int flush)
{
	return wdzp_inflate(strm, flush);
}

static int call_sync(z_streamp strm, int flush)
{
	(void)flush;
	return wdzp_inflateSync(strm);
}

/*
 * fn (the private inflate or inflateSync) on the held bytes zlib has yet to
 * take followed by next_in; the program sees only next_in's part move.
 */
static int with_held(z_streamp strm, struct wdz_state *w, int (*fn)(z_streamp, int), int flush)
{
	struct wdz_istrm *s = w->istrm;
	z_const Bytef *in = strm->next_in;
	uInt in_n = strm->avail_in, take;
	uLong tin = strm->total_in, used, counted;
	unsigned char *buf;
	int r;

	if (!s->held)
		return fn(strm, flush);
	/* zlib takes the held bytes first, then as much of next_in as fits */
	take = in_n < UINT32_MAX - s->held ? in_n : (uInt)(UINT32_MAX - s->held);
	buf = malloc(s->held + take);
	if (buf == NULL)
		return Z_MEM_ERROR;
	memcpy(buf, s->hold, s->held);
	if (take)
		memcpy(buf + s->held, in, take);
	strm->next_in = buf;
	strm->avail_in = (uInt)(s->held + take);
	r = fn(strm, flush);
	used = s->held + take - strm->avail_in;
	/* what zlib counted (not the header before Z_NEED_DICT), less the
	 * held bytes, which the program saw consumed already */
	counted = strm->total_in - tin;
	free(buf);
	if (used < s->held) {
		memmove(s->hold, s->hold + used, s->held - used);
		s->held -= used;
		counted = 0;
		used = 0;
	} else {
		counted = counted > s->held ? counted - s->held : 0;
		used -= s->held;
		hold_drop(s);
	}
	strm->next_in = in + used;
	strm->avail_in = in_n - (uInt)used;
	strm->total_in = tin + counted;
	return r;
}

/* The stream ends in this call: zlib's state at DONE (wdz_inf_done). */
static int finish(z_streamp strm, struct wdz_istrm *s, struct wdz_inf_head *st, int flush,
		  uInt made)
{
	struct wdz_inf_res res;

	memset(&res, 0, sizeof(res));
	res.alg = s->alg;
	res.out = s->made;
	res.check = s->check;
	if (s->alg == WD_ZLIB)
		res.zwin = (s->head[0] >> 4) + 8u;
	else if (s->alg == WD_GZIP)
		res.flags = s->head[2] | s->head[3] << 8;
	/* no reset: the session starts its next stream by itself after an end */
	s->active = 0;
	hold_drop(s);
	return wdz_inf_done(strm, st, &res, flush, made);
}

int wdz_istrm_inflate(z_streamp strm, struct wdz_state *w, int flush)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_istrm *s = w->istrm;
	unsigned used = 0, made = 0;
	int rc;

	/* zlib's own refusals come first */
	if (strm->zalloc == Z_NULL || strm->zfree == Z_NULL || strm->next_out == Z_NULL ||
	    (strm->next_in == Z_NULL && strm->avail_in != 0))
		return Z_STREAM_ERROR;
	if (flush == Z_BLOCK || flush == Z_TREES) {
		if (s->committed)
			return Z_STREAM_ERROR;
		replay(strm, w);
		return with_held(strm, w, call_inflate, flush);
	}
	if (!strm->avail_out)
		return Z_BUF_ERROR;
	rc = wdz_wd_istream_step(s->sess, strm->next_in, strm->avail_in, strm->next_out,
				 strm->avail_out, &used, &made);
	if (rc == -2 && !s->committed) {
		wdz_wd_stream_free(s->sess);
		s->sess = 0;
		s->active = 0;	/* nothing to reset */
	}
	if (rc < 0) {
		if (!s->committed) {
			replay(strm, w);
			return with_held(strm, w, call_inflate, flush);
		}
		stop(s);
		st->mode = ZMODE_BAD;
		strm->msg = (char *)(rc == -1 ? "invalid compressed data" : "stream decoder state lost");
		if (rc == -2) {	/* a dead session (a fork): the next stream makes one */
			wdz_wd_stream_free(s->sess);
			s->sess = 0;
		}
		return rc == -1 ? Z_DATA_ERROR : Z_STREAM_ERROR;
	}
	hold_add(s, strm->next_in, used);
	strm->next_in += used;
	strm->avail_in -= used;
	strm->total_in += used;
	strm->next_out += made;
	strm->avail_out -= made;
	s->made += made;
	if (s->alg != WD_DEFLATE && made)
		s->check = s->alg == WD_ZLIB ? wdz_adler32(s->check, strm->next_out - made, made)
					    : wdz_crc32(s->check, strm->next_out - made, made);
	if (rc == 2)
		return finish(strm, s, st, flush, made);
	/* zlib's inf_leave in the middle of a stream */
	if ((made || st->wsize) && wdz_inf_updatewindow(strm, st, strm->next_out, made)) {
		stop(s);
		st->mode = ZMODE_MEM;
		return Z_MEM_ERROR;
	}
	strm->total_out += made;
	if (s->alg != WD_DEFLATE && (made || head_done(s)))
		strm->adler = s->check;
	strm->data_type = 0;
	return (used || made) && flush != Z_FINISH ? Z_OK : Z_BUF_ERROR;
}

int wdz_istrm_start(z_streamp strm, struct wdz_state *w, struct wdz_inf_head *st, int alg,
		    int flush)
{
	struct wdz_istrm *s = w->istrm;

	/* only a 32 KiB window, as the drain (wdz_inf_drain.c says why) */
	if ((st->wbits ? st->wbits : alg == WD_ZLIB ? (strm->next_in[0] >> 4) + 8u : 15u) != 15)
		return Z_ERRNO;
	if (s && s->alg != alg)
		wdz_istrm_free(w);
	if (w->istrm == NULL && idle[alg]) {
		w->istrm = idle[alg];
		idle[alg] = NULL;
	}
	s = w->istrm;
	if (s == NULL) {
		s = calloc(1, sizeof(*s));
		if (s == NULL)
			return Z_ERRNO;
		s->alg = alg;
		w->istrm = s;
	}
	if (!s->sess) {	/* first use, or a copy's (copies get none) */
		s->sess = wdz_wd_istream_new(alg);
		if (!s->sess)
			return Z_ERRNO;
	}
	/* zlib learns a zlib header's window size in its first call (its
	 * window has that size): 32 KiB here */
	st->wbits = 15;
	hold_drop(s);
	s->active = 1;
	s->committed = 0;
	s->nhead = 0;
	s->check = alg == WD_ZLIB ? 1 : 0;	/* adler32's and crc32's start */
	s->made = 0;
	s->tin0 = strm->total_in;
	s->tout0 = strm->total_out;
	s->adler0 = strm->adler;
	return wdz_istrm_inflate(strm, w, flush);
}

int wdz_istrm_call(z_streamp strm, struct wdz_state *w, int flush, int *ret)
{
	struct wdz_istrm *s = w->istrm;

	if (s == NULL || !(s->active || s->held))
		return 0;
	*ret = s->active ? wdz_istrm_inflate(strm, w, flush) : with_held(strm, w, call_inflate, flush);
	return 1;
}

int wdz_istrm_before(z_streamp strm, struct wdz_state *w, enum wdz_op op, long *veto)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_istrm *s = w->istrm;
	int refuse = 0;

	switch (op) {
	case WDZ_OP_inflateEnd:
	case WDZ_OP_inflateBackEnd:
		wdz_istrm_free(w);
		return 0;
	case WDZ_OP_inflateReset:
	case WDZ_OP_inflateResetKeep:
		stop(s);
		hold_drop(s);
		return 0;
	case WDZ_OP_inflateSync:
		if (s->active && s->committed) {
			stop(s);	/* zlib's search from here, as after any error */
			return 0;
		}
		if (s->active)
			replay(strm, w);
		if (!s->held)
			return 0;
		*veto = with_held(strm, w, call_sync, 0);
		return 1;
	case WDZ_OP_inflateMark:
		refuse = -65536;
		break;
	case WDZ_OP_inflatePrime:
	case WDZ_OP_inflateBack:
		refuse = Z_STREAM_ERROR;
		break;
	case WDZ_OP_inflateSetDictionary:
		if (st->wrap != 0)
			return 0;	/* zlib's mid-stream Z_STREAM_ERROR */
		refuse = Z_STREAM_ERROR;
		break;
	default:
		return 0;
	}
	if (!s->active)
		return 0;
	if (s->committed) {
		*veto = refuse;
		return 1;
	}
	replay(strm, w);
	return 0;
}

void wdz_istrm_after(z_streamp strm, struct wdz_state *w, enum wdz_op op, long ret)
{
	struct wdz_inf_head *st = (struct wdz_inf_head *)(void *)strm->state;
	struct wdz_istrm *s = w->istrm;

	if (s == NULL)
		return;
	if (op == WDZ_OP_inflateReset2 && ret == Z_OK) {
		stop(s);
		hold_drop(s);
	} else if (op == WDZ_OP_inflateValidate && s->active && !s->committed && st->wrap &&
		   !(st->wrap & 4)) {
		/* the check was turned off: zlib stops computing it from here,
		 * so the rest is zlib's (committed: the session keeps checking) */
		st->wrap |= 4;
		replay(strm, w);
		st->wrap &= ~4;
	}
}

int wdz_istrm_copy_prep(struct wdz_state *src)
{
	struct wdz_istrm *s = src->istrm;

	if (s == NULL || !s->active)
		return Z_OK;
	if (s->committed)
		return Z_MEM_ERROR;	/* the session's state cannot be copied */
	replay(src->strm, src);
	return Z_OK;
}

int wdz_istrm_copy(z_streamp dest, const struct wdz_state *src)
{
	struct wdz_state *dw = (struct wdz_state *)(void *)dest->state;
	const struct wdz_istrm *s = src->istrm;
	struct wdz_istrm *d;

	if (s == NULL || !s->held)
		return Z_OK;
	/* the held bytes zlib has yet to take are the copy's too */
	d = calloc(1, sizeof(*d));
	if (d)
		d->hold = malloc(s->held);
	if (d == NULL || d->hold == NULL) {
		free(d);
		dw = wdz_enter(dest);
		wdzp_inflateEnd(dest);
		wdz_leave(dest, dw);
		return Z_MEM_ERROR;
	}
	memcpy(d->hold, s->hold, s->held);
	d->held = s->held;
	d->hcap = s->held;
	d->alg = s->alg;
	dw->istrm = d;
	return Z_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zlib's deflate calls with the one-shot fast path's hooks
 * (wdz_fast_deflate.h), and compress/compress2 on our own deflate. Every
 * call still validates the stream and runs the private zlib as wdz_stream.c
 * does; the hooks only decide whether deflate() runs on wd_comp instead,
 * and keep the fast state in step with resets, ends and parameter changes.
 */
#include <stdlib.h>
#include "wdz_state.h"

/* validate + swap in; a stream that is not ours reaches the private zlib as NULL */
#define WDZ_ENTER() \
	struct wdz_state *w = wdz_enter(strm); \
	z_streamp S_ = w ? strm : Z_NULL

static int wdz_deflate_init2(z_streamp strm, int level, int method, int windowBits,
			     int memLevel, int strategy, const char *version, int stream_size)
{
	int ret = wdz_wrap(strm, wdzp_deflateInit2_(strm, level, method, windowBits, memLevel,
						    strategy, version, stream_size),
			   wdzp_deflateEnd);

	if (ret == Z_OK)
		wdz_df_init(&((struct wdz_state *)(void *)strm->state)->df, level, windowBits,
			    memLevel, strategy);
	return ret;
}

int deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel,
		  int strategy, const char *version, int stream_size)
{
	return wdz_deflate_init2(strm, level, method, windowBits, memLevel, strategy, version,
				 stream_size);
}

/* zlib's deflateInit_ is deflateInit2_ with these defaults */
int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	return wdz_deflate_init2(strm, level, Z_DEFLATED, MAX_WBITS, 8,
				 Z_DEFAULT_STRATEGY, version, stream_size);
}

static int wdz_deflate(z_streamp strm, int flush, int from_wd)
{
	WDZ_ENTER();
	int r;

	if (w && !from_wd && wdz_df_deflate(strm, &w->df, flush, &r)) {
		wdz_leave(strm, w);
		return r;
	}
	if (w && w->df.phase == WDZ_DF_FRESH)
		w->df.phase = WDZ_DF_PRIVATE;	/* until reset */
	r = wdzp_deflate(S_, flush);
	wdz_leave(strm, w);
	return r;
}

int deflate(z_streamp strm, int flush)
{
	/* libwd_comp's driver calls zlib from inside a wd request: never the
	 * fast path (it would re-enter wd_comp) */
	return wdz_deflate(strm, flush, wdz_from_wd(__builtin_return_address(0)));
}

static int wdz_deflate_end(z_streamp strm)
{
	WDZ_ENTER();
	int busy = w && wdz_df_busy(&w->df), r;

	if (w)
		wdz_df_end(&w->df);	/* frees our buffers and session */
	/* the private state never left INIT: zlib's answer for ours */
	r = wdzp_deflateEnd(S_);
	if (busy && r == Z_OK)
		r = Z_DATA_ERROR;
	wdz_leave(strm, w);
	return r;
}

int deflateEnd(z_streamp strm)
{
	return wdz_deflate_end(strm);
}

/* The resets keep the parameters (zlib's too): the stream may be fast again. */
#define WDZ_RESET(name) \
	int name(z_streamp strm) \
	{ \
		WDZ_ENTER(); \
		int r = wdzp_##name(S_); \
		if (w && r == Z_OK) \
			wdz_df_reset(&w->df); \
		wdz_leave(strm, w); \
		return r; \
	}
WDZ_RESET(deflateReset)
WDZ_RESET(deflateResetKeep)

/*
 * Calls that change how a stream is compressed. On a stream the fast path
 * runs, it answers them (wdz_df_call: mid-stream they move the stream to
 * its continuation, zlib's own deflate); otherwise the private zlib does,
 * and the fast path notes what it means for the stream (wdz_df_after).
 */
static int wdz_call(z_streamp strm, enum wdz_df_call call, const int *a, const Bytef *dict,
		    unsigned dict_len, int (*priv)(z_streamp, const int *, const Bytef *, unsigned))
{
	WDZ_ENTER();
	int r;

	if (w && wdz_df_call(strm, &w->df, call, a, dict, dict_len, &r)) {
		wdz_leave(strm, w);
		return r;
	}
	r = priv(S_, a, dict, dict_len);
	if (w)
		wdz_df_after(&w->df, call, a, dict, dict_len, r);
	wdz_leave(strm, w);
	return r;
}

static int priv_params(z_streamp s, const int *a, const Bytef *d, unsigned n)
{
	(void)d, (void)n;
	return wdzp_deflateParams(s, a[0], a[1]);
}

static int priv_tune(z_streamp s, const int *a, const Bytef *d, unsigned n)
{
	(void)d, (void)n;
	return wdzp_deflateTune(s, a[0], a[1], a[2], a[3]);
}

static int priv_prime(z_streamp s, const int *a, const Bytef *d, unsigned n)
{
	(void)d, (void)n;
	return wdzp_deflatePrime(s, a[0], a[1]);
}

static int priv_dict(z_streamp s, const int *a, const Bytef *d, unsigned n)
{
	(void)a;
	return wdzp_deflateSetDictionary(s, d, n);
}

int deflateParams(z_streamp strm, int level, int strategy)
{
	const int a[2] = { level, strategy };

	return wdz_call(strm, WDZ_DF_PARAMS, a, Z_NULL, 0, priv_params);
}

int deflateTune(z_streamp strm, int good_length, int max_lazy, int nice_length, int max_chain)
{
	const int a[4] = { good_length, max_lazy, nice_length, max_chain };

	return wdz_call(strm, WDZ_DF_TUNE, a, Z_NULL, 0, priv_tune);
}

int deflatePrime(z_streamp strm, int bits, int value)
{
	const int a[2] = { bits, value };

	return wdz_call(strm, WDZ_DF_PRIME, a, Z_NULL, 0, priv_prime);
}

int deflateSetDictionary(z_streamp strm, const Bytef *dictionary, uInt dictLength)
{
	/* zlib refuses a NULL dictionary before anything else */
	if (dictionary == Z_NULL)
		return wdzp_deflateSetDictionary(Z_NULL, dictionary, dictLength);
	return wdz_call(strm, WDZ_DF_DICT, NULL, dictionary, dictLength, priv_dict);
}

int deflateSetHeader(z_streamp strm, gz_headerp head)
{
	WDZ_ENTER();
	int r = wdzp_deflateSetHeader(S_, head);

	if (w)
		wdz_df_after(&w->df, WDZ_DF_HEADER, NULL, Z_NULL, 0, r);
	wdz_leave(strm, w);
	return r;
}

/* While our output drains, what is left of it is the pending output. */
int deflatePending(z_streamp strm, unsigned *pending, int *bits)
{
	WDZ_ENTER();
	int r = wdzp_deflatePending(S_, pending, bits);

	if (w && r == Z_OK)
		wdz_df_pending(&w->df, pending, bits);
	wdz_leave(strm, w);
	return r;
}

int wdz_deflate_copy_fast(z_streamp dest, struct wdz_state *src)
{
	struct wdz_state *d = (struct wdz_state *)(void *)dest->state;

	if (wdz_df_copy(&d->df, &src->df) == 0)
		return Z_OK;
	wdz_deflate_end(dest);	/* wdz_df_copy left d->df empty */
	return Z_MEM_ERROR;
}

/*
 * zlib's compress2, on our deflate so one-shot calls reach the fast path
 * (the private compress2 would call the private deflate). The same steps as
 * zlib's: output and input handed over in uInt-sized pieces, Z_FINISH once
 * the last input piece is given, *destLen = total_out even on error.
 */
int compress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen, int level)
{
	const uInt max = (uInt)-1;
	uLong left = *destLen;
	z_stream s;
	int err;

	*destLen = 0;
	s.zalloc = Z_NULL;
	s.zfree = Z_NULL;
	s.opaque = Z_NULL;
	err = wdz_deflate_init2(&s, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
				ZLIB_VERSION, (int)sizeof(z_stream));
	if (err != Z_OK)
		return err;
	s.next_out = dest;
	s.avail_out = 0;
	s.next_in = (z_const Bytef *)source;
	s.avail_in = 0;
	do {
		if (s.avail_out == 0) {
			s.avail_out = left > (uLong)max ? max : (uInt)left;
			left -= s.avail_out;
		}
		if (s.avail_in == 0) {
			s.avail_in = sourceLen > (uLong)max ? max : (uInt)sourceLen;
			sourceLen -= s.avail_in;
		}
		err = wdz_deflate(&s, sourceLen ? Z_NO_FLUSH : Z_FINISH, 0);
	} while (err == Z_OK);
	*destLen = s.total_out;
	wdz_deflate_end(&s);
	return err == Z_STREAM_END ? Z_OK : err;
}

int compress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)
{
	return compress2(dest, destLen, source, sourceLen, Z_DEFAULT_COMPRESSION);
}

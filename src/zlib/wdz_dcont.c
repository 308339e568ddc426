/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fast deflate's continuation (wdz_dcont.h): a private raw zlib deflate
 * at the stream's parameters that takes a stream over at a byte boundary
 * between blocks, where every segment of the fast path ends. Its output
 * joins the fast path's pending output; header, trailer and check values
 * stay the fast path's, so the stream is one valid zlib/gzip/raw stream.
 */
#include <stdlib.h>
#include <string.h>
#include "wdz_dcont.h"
#include "wdz_dfout.h"
#include "wdz_state.h"
#include "wdz_wd.h"

void wdz_cont_free(struct wdz_dfast *df)
{
	if (df->cont) {
		wdzp_deflateEnd(df->cont);
		free(df->cont);
		df->cont = NULL;
	}
}

/* Run the continuation over in[0..n) with flush; its output is queued. */
static int cont_run(struct wdz_dfast *df, const Bytef *in, size_t n, int flush)
{
	z_stream *c = df->cont;
	int r;

	c->next_in = (Bytef *)in;
	c->avail_in = (uInt)n;
	do {
		if (wdz_out_reserve(df, n / 2 + 65536))
			return -1;
		c->next_out = df->out + df->len;
		c->avail_out = (uInt)(df->cap - df->len);
		r = wdzp_deflate(c, flush);
		df->len = df->cap - c->avail_out;
	} while (r == Z_OK && (c->avail_out == 0 || c->avail_in));
	if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
		return -1;
	if (!df->dt_known && c->data_type != Z_UNKNOWN) {
		df->data_type = c->data_type;
		df->dt_known = 1;
	}
	return 0;
}

/* Move the stream to the continuation; what is staged goes in first. */
int wdz_go_cont(struct wdz_dfast *df)
{
	z_stream *c;

	if (df->cont)
		return 0;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	if (wdzp_deflateInit2_(c, df->level, Z_DEFLATED, -15, df->mem_level, df->strategy,
			       ZLIB_VERSION, (int)sizeof(*c)) != Z_OK) {
		free(c);
		return -1;
	}
	df->cont = c;
	if (!df->used && df->dict && wdzp_deflateSetDictionary(c, df->dict, df->dict_len) != Z_OK)
		return -1;
	if (wdz_queue_header(df))
		return -1;
	df->used = 1;
	if (df->staged && cont_run(df, df->stage, df->staged, Z_NO_FLUSH))
		return -1;
	df->staged = 0;
	return 0;
}

/* deflate() with everything on the continuation, input in segment-sized
 * pieces so our pending output stays bounded. */
int wdz_cont_compress(z_streamp strm, struct wdz_dfast *df, int flush)
{
	size_t n;
	const Bytef *p;

	if (wdz_go_cont(df))
		return FAILED;
	do {
		n = strm->avail_in < WDZ_SEG ? strm->avail_in : WDZ_SEG;
		p = strm->next_in;
		if (cont_run(df, p, n, n == strm->avail_in ? flush : Z_NO_FLUSH))
			return FAILED;
		wdz_account_in(strm, df, p, n);
		strm->next_in += n;
		strm->avail_in -= (uInt)n;
		wdz_drain(strm, df);
	} while (strm->avail_in && strm->avail_out);
	if (strm->avail_in || flush == Z_NO_FLUSH)
		return NEED_MORE;
	if (flush == Z_FINISH)
		return strm->avail_out == 0 ? FINISH_STARTED : FINISH_DONE;
	return strm->avail_out == 0 ? NEED_MORE : BLOCK_DONE;
}

/*
 * Bytes a call left in the continuation's pending output (deflatePrime's
 * whole bytes) join ours now: our deflate() decides from our pending alone,
 * and a reset must not lose them.
 */
static int pull_pending(struct wdz_dfast *df)
{
	z_stream *c = df->cont;
	unsigned pend = 0;

	wdzp_deflatePending(c, &pend, Z_NULL);
	while (pend) {
		if (wdz_out_reserve(df, (size_t)pend + 65536))
			return -1;
		c->next_in = Z_NULL;
		c->avail_in = 0;
		c->next_out = df->out + df->len;
		c->avail_out = (uInt)(df->cap - df->len);
		wdzp_deflate(c, Z_NO_FLUSH);
		df->len = df->cap - c->avail_out;
		wdzp_deflatePending(c, &pend, Z_NULL);
	}
	return 0;
}

int wdz_df_call(z_streamp strm, struct wdz_dfast *df, enum wdz_df_call call, const int *a,
		const Bytef *dict, unsigned dict_len, int *ret)
{
	z_stream *c;
	int level = 0, r;

	(void)strm;
	if (df->phase != WDZ_DF_FAST || call == WDZ_DF_HEADER)
		return 0;	/* the private zlib answers (a header only persists) */
	if (call == WDZ_DF_DICT && df->wrap != 0) {
		/* zlib: a zlib or gzip stream takes no dictionary once started */
		*ret = Z_STREAM_ERROR;
		return 1;
	}
	if (call == WDZ_DF_PARAMS) {
		level = a[0] == Z_DEFAULT_COMPRESSION ? 6 : a[0];
		if (level < 0 || level > 9 || a[1] < 0 || a[1] > Z_FIXED) {
			*ret = Z_STREAM_ERROR;
			return 1;
		}
		/* the same wd level (zlib's compression function does not change
		 * either): nothing to flush, nothing to move */
		if (!df->cont && level >= 1 && a[1] == Z_DEFAULT_STRATEGY &&
		    df->strategy == Z_DEFAULT_STRATEGY && wdz_wd_level(level) == df->wd_level) {
			df->level = (unsigned char)level;
			*ret = Z_OK;
			return 1;
		}
	}
	/* everything from here on is zlib's own, on the continuation */
	if (wdz_go_cont(df)) {
		*ret = Z_MEM_ERROR;
		return 1;
	}
	c = df->cont;
	do {
		/* deflateParams may flush a block: its output joins ours */
		if (wdz_out_reserve(df, 65536 + df->cap / 2)) {
			*ret = Z_MEM_ERROR;
			return 1;
		}
		c->next_out = df->out + df->len;
		c->avail_out = (uInt)(df->cap - df->len);
		c->next_in = Z_NULL;
		c->avail_in = 0;
		switch (call) {
		case WDZ_DF_PARAMS:
			r = wdzp_deflateParams(c, a[0], a[1]);
			break;
		case WDZ_DF_TUNE:
			r = wdzp_deflateTune(c, a[0], a[1], a[2], a[3]);
			break;
		case WDZ_DF_PRIME:
			r = wdzp_deflatePrime(c, a[0], a[1]);
			break;
		default:
			r = wdzp_deflateSetDictionary(c, dict, dict_len);
			break;
		}
		df->len = df->cap - c->avail_out;
	} while (r == Z_BUF_ERROR && call == WDZ_DF_PARAMS && c->avail_out == 0);
	if (r == Z_OK && pull_pending(df)) {
		*ret = Z_MEM_ERROR;
		return 1;
	}
	if (call == WDZ_DF_PARAMS && r == Z_OK) {
		df->level = (unsigned char)level;
		df->strategy = (unsigned char)a[1];
	}
	*ret = r;
	return 1;
}


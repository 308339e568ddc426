/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deflate()'s fast path (wdz_fast_deflate.h).
 *
 * A stream's input is staged and compressed through wd_comp in segments:
 * a whole stream of at most one segment in one request (the final block),
 * longer streams and flushes through a stream session whose segments each
 * end at a sync flush point (byte-aligned, no final block). So a stream's
 * bytes depend only on its data and its flush points, never on how the
 * input was cut into calls (zlib.compress and compressobj give the same
 * bytes), and output stays valid whatever happens next: a segment that
 * came out larger than stored blocks is replaced by stored blocks (so the
 * output stays within deflateBound), and when a session cannot go on (a wd
 * error, deflateParams/Tune/Prime/a raw
 * dictionary mid-stream) the stream continues on "the continuation": a
 * private raw zlib deflate that starts at that byte boundary. A stream that
 * goes there before any segment went out gets zlib's own bytes.
 *
 * Return codes, avail/total bookkeeping and Z_STREAM_END follow zlib's
 * deflate() step by step (fast_deflate below mirrors it), with our output
 * buffer as zlib's pending output. Header and trailer are zlib's bytes,
 * written here; the check values come from the private zlib.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wdz_check.h"
#include "wdz_dcont.h"
#include "wdz_dfout.h"
#include "wdz_dt.h"
#include "wdz_fast_deflate.h"
#include "wdz_state.h"
#include "wdz_wd.h"

#define RANK(f) (((f) * 2) - ((f) > 4 ? 9 : 0))


static int err(z_streamp strm, int code)
{
	strm->msg = (char *)wdzp_zError(code);
	return code;
}

/* ---- per-stream life cycle ---- */

static int eligible(const struct wdz_dfast *df)
{
	return df->level >= 1 && df->level <= 9 && df->wrap <= 2 && !df->touched &&
	       !df->hdr_set && df->strategy == Z_DEFAULT_STRATEGY && df->mem_level >= 1 &&
	       df->mem_level <= 9 && !wdz_env_exact();
}

void wdz_df_init(struct wdz_dfast *df, int level, int windowBits, int memLevel, int strategy)
{
	memset(df, 0, sizeof(*df));
	/* Smaller windows: wd_comp maps 9..14 onto its 4K..32K sizes, which is
	 * not zlib's window; they stay on the private zlib. */
	df->wrap = windowBits == 15 ? 1 : windowBits == -15 ? 0 : windowBits == 31 ? 2 : 3;
	df->level = (unsigned char)(level == Z_DEFAULT_COMPRESSION ? 6 : level);
	df->mem_level = (unsigned char)memLevel;
	df->strategy = (unsigned char)strategy;
	df->phase = WDZ_DF_FRESH;
}

void wdz_df_reset(struct wdz_dfast *df)
{
	wdz_cont_free(df);
	wdz_wd_stream_reset(df->sess);
	free(df->dict);
	df->dict = NULL;
	df->dict_len = 0;
	df->staged = df->len = df->pos = df->hdr_end = 0;
	df->busy = df->finishing = df->trailer = df->dt_set = df->dt_known = df->used = 0;
	df->touched = 0;
	df->phase = WDZ_DF_FRESH;
}

void wdz_df_end(struct wdz_dfast *df)
{
	wdz_df_reset(df);
	wdz_wd_stream_free(df->sess);
	df->sess = 0;
	free(df->stage);
	free(df->out);
	df->stage = df->out = NULL;
	df->stage_cap = df->cap = 0;
}

static void *dup_mem(const void *p, size_t n, size_t cap, int *fail)
{
	void *q;

	if (p == NULL)
		return NULL;
	q = malloc(cap ? cap : 1);
	if (q == NULL)
		*fail = 1;
	else
		memcpy(q, p, n);
	return q;
}

int wdz_df_copy(struct wdz_dfast *dst, const struct wdz_dfast *src)
{
	int fail = 0;

	*dst = *src;
	/* a session's history cannot be copied: the copy's next segment
	 * starts a session of its own (valid: segments end at flush points) */
	dst->sess = 0;
	dst->stage = dup_mem(src->stage, src->staged, src->stage_cap, &fail);
	dst->out = dup_mem(src->out, src->len, src->cap, &fail);
	dst->dict = dup_mem(src->dict, src->dict_len, src->dict_len, &fail);
	dst->cont = NULL;
	if (!fail && src->cont) {
		dst->cont = calloc(1, sizeof(*dst->cont));
		if (dst->cont == NULL || wdzp_deflateCopy(dst->cont, src->cont) != Z_OK) {
			free(dst->cont);
			dst->cont = NULL;
			fail = 1;
		}
	}
	if (!fail)
		return 0;
	wdz_df_end(dst);
	return -1;
}

/* ---- input ---- */

void wdz_account_in(z_streamp strm, struct wdz_dfast *df, const Bytef *p, size_t n)
{
	if (df->wrap == 1)
		df->check = wdz_adler32(df->check, p, n);
	else if (df->wrap == 2)
		df->check = wdz_crc32(df->check, p, n);
	if (df->wrap)
		strm->adler = df->check;
	strm->total_in += n;
}

/* Stage up to the segment limit; -1 only when memory runs out. */
static int take(z_streamp strm, struct wdz_dfast *df)
{
	size_t room = WDZ_SEG - df->staged, n = strm->avail_in < room ? strm->avail_in : room;
	size_t ncap;
	unsigned char *p;

	if (n == 0)
		return 0;
	if (df->stage_cap - df->staged < n) {
		ncap = df->stage_cap ? df->stage_cap : 65536;
		while (ncap - df->staged < n)
			ncap *= 2;
		p = realloc(df->stage, ncap);
		if (p == NULL)
			return -1;
		df->stage = p;
		df->stage_cap = ncap;
	}
	memcpy(df->stage + df->staged, strm->next_in, n);
	df->staged += n;
	wdz_account_in(strm, df, strm->next_in, n);
	strm->next_in += n;
	strm->avail_in -= (uInt)n;
	return 0;
}

/* ---- wd_comp segments ---- */

static const unsigned char sync_marker[5] = { 0, 0, 0, 0xff, 0xff };

/* data_type of the stream's first block of data (wdz_dt.h) */
static void first_dt(struct wdz_dfast *df, const unsigned char *p, size_t n)
{
	if (df->dt_known)
		return;
	df->data_type = wdz_dt_guess(p, n, df->mem_level);
	df->dt_known = 1;
}

/* The staged segment through the session, ending at a flush point or the
 * final block. -1: moved to the continuation (stage given to it). */
static int segment(struct wdz_dfast *df, enum wdz_put how)
{
	size_t made, n = df->staged, room = n + n / 8 + 4096, stored;

	if (!df->sess)
		df->sess = wdz_wd_stream_new(df->wd_level);
	if (!df->sess || wdz_queue_header(df) || wdz_out_reserve(df, room + 16))
		goto cont;
	if (n == 0 && how != WDZ_PUT_FULL) {
		/* between segments the stream is byte-aligned: zlib's own bytes */
		static const unsigned char empty_final[2] = { 3, 0 };

		if (how == WDZ_PUT_LAST)
			memcpy(df->out + df->len, empty_final, 2), df->len += 2;
		else
			memcpy(df->out + df->len, sync_marker, 5), df->len += 5;
		df->used = 1;
		return 0;
	}
	/* a raw stream's dictionary, for the session's first segment (a LAST
	 * put never starts a stream: a whole stream is one request) */
	if (wdz_wd_stream_put(df->sess, df->stage, n, df->out + df->len, room, &made, how,
			      df->used ? NULL : df->dict, df->dict_len))
		goto cont;
	/* a flush ends byte-aligned between blocks; where the driver's output
	 * does not end with zlib's 00 00 ff ff (an empty full flush) it gets one */
	if (how != WDZ_PUT_LAST &&
	    (made < 4 || memcmp(df->out + df->len + made - 4, sync_marker + 1, 4) != 0)) {
		memcpy(df->out + df->len + made, sync_marker, 5);
		made += 5;
	}
	first_dt(df, df->stage, n);
	stored = wdz_stored_size(n) + (how == WDZ_PUT_LAST ? 0 : 5);
	if (made > stored) {
		/* the same data as stored blocks: the session's history is the
		 * decoder's too, and the next segment starts at a block boundary */
		wdz_put_stored(df->out + df->len, df->stage, n, how == WDZ_PUT_LAST);
		made = wdz_stored_size(n);
		if (how != WDZ_PUT_LAST)
			memcpy(df->out + df->len + made, sync_marker, 5), made += 5;
	}
	df->len += made;
	df->used = 1;
	df->staged = 0;
	return 0;
cont:
	/* the session's stream is unusable from here: a new one would be needed */
	wdz_wd_stream_free(df->sess);
	df->sess = 0;
	wdz_go_cont(df);
	return -1;
}

/*
 * The whole stream in one request (nothing went out yet): from the stage or
 * straight from the caller's input; into the caller's output when all of
 * deflateBound fits there (no copy), else into ours. Within deflateBound,
 * else (or on a wd error) -1: the stream goes to the continuation from its
 * start, zlib's exact bytes.
 */
static int whole(z_streamp strm, struct wdz_dfast *df, const Bytef *p, size_t n)
{
	size_t hdr = df->wrap == 1 ? 2 : df->wrap == 2 ? 10 : 0, trl = df->wrap == 1 ? 4 : df->wrap == 2 ? 8 : 0;
	uLong bound = wdzp_deflateBound(strm, n);
	int direct = df->len == df->pos && strm->avail_out > bound;
	unsigned char *dst;
	size_t made;

	/* zlib promises Z_STREAM_END in the first call when the room is
	 * deflateBound: its final data leaves room for the trailer's first
	 * byte, so a raw stream's data must stay a byte short of the bound */
	if (!df->wrap)
		trl = 1;
	if (n == 0 || bound <= hdr + trl)
		return -1;	/* zlib's empty stream: the continuation makes it */
	if (!direct && wdz_out_reserve(df, bound))
		return -1;
	dst = direct ? strm->next_out : df->out + df->len;
	if (wdz_wd_compress(df->wd_level, p, n, dst + hdr, bound - hdr - trl, &made))
		return -1;
	first_dt(df, p, n);
	if (!direct) {
		wdz_queue_header(df);
		df->len += made;
	} else {
		/* all of it out now, with room left: zlib's data_type is set */
		wdz_header_bytes(df, dst);
		strm->next_out += hdr + made;
		strm->avail_out -= (uInt)(hdr + made);
		strm->total_out += hdr + made;
		strm->data_type = df->data_type;
		df->dt_set = 1;
	}
	df->used = 1;
	return 0;
}

/* zlib's deflate_* step: take input, compress, queue and give out output. */
static int compress_step(z_streamp strm, struct wdz_dfast *df, int flush)
{
	if (df->cont)
		return wdz_cont_compress(strm, df, flush);
	/* a whole stream in this call: no copy */
	if (flush == Z_FINISH && !df->used && !df->staged && strm->avail_in <= WDZ_SEG) {
		const Bytef *p = strm->next_in;
		size_t n = strm->avail_in;

		if (whole(strm, df, p, n))
			return wdz_cont_compress(strm, df, flush);
		wdz_account_in(strm, df, p, n);
		strm->next_in += n;
		strm->avail_in = 0;
		wdz_drain(strm, df);
		return strm->avail_out == 0 ? FINISH_STARTED : FINISH_DONE;
	}
	for (;;) {
		if (take(strm, df))
			return wdz_cont_compress(strm, df, flush);
		if (strm->avail_in == 0)
			break;
		/* the stage is full and there is more */
		if (segment(df, WDZ_PUT_SYNC))
			return wdz_cont_compress(strm, df, flush);
		wdz_drain(strm, df);
		if (strm->avail_out == 0)
			return NEED_MORE;
	}
	if (flush == Z_NO_FLUSH)
		return NEED_MORE;
	if (flush == Z_FINISH) {
		int ok;

		if (!df->used) {
			ok = whole(strm, df, df->stage, df->staged) == 0;
			if (ok)
				df->staged = 0;
		} else {
			ok = segment(df, WDZ_PUT_LAST) == 0;
		}
		if (!ok)
			return wdz_cont_compress(strm, df, flush);
		wdz_drain(strm, df);
		return strm->avail_out == 0 ? FINISH_STARTED : FINISH_DONE;
	}
	/* Z_PARTIAL_FLUSH, Z_BLOCK and Z_TREES end at a sync flush point too:
	 * byte-aligned is a valid case of each, and deflatePending says 0 bits */
	if (segment(df, flush == Z_FULL_FLUSH ? WDZ_PUT_FULL : WDZ_PUT_SYNC))
		return wdz_cont_compress(strm, df, flush);
	wdz_drain(strm, df);
	return strm->avail_out == 0 ? NEED_MORE : BLOCK_DONE;
}

/* zlib 1.2.13's deflate(), step for step, on our state. */
static int fast_deflate(z_streamp strm, struct wdz_dfast *df, int flush)
{
	int old_flush, r;

	if (flush > Z_BLOCK || flush < 0)
		return Z_STREAM_ERROR;
	if (strm->next_out == Z_NULL || (strm->avail_in != 0 && strm->next_in == Z_NULL) ||
	    (df->finishing && flush != Z_FINISH))
		return err(strm, Z_STREAM_ERROR);
	if (strm->avail_out == 0)
		return err(strm, Z_BUF_ERROR);
	old_flush = df->last_flush;
	df->last_flush = flush;
	if (df->len > df->pos) {
		wdz_drain(strm, df);
		if (strm->avail_out == 0) {
			df->last_flush = -1;
			return Z_OK;
		}
	} else if (strm->avail_in == 0 && RANK(flush) <= RANK(old_flush) && flush != Z_FINISH) {
		return err(strm, Z_BUF_ERROR);
	}
	if (df->finishing && strm->avail_in != 0)
		return err(strm, Z_BUF_ERROR);
	df->busy = 1;	/* zlib writes its header here */
	if (strm->avail_in != 0 || df->staged != 0 || (flush != Z_NO_FLUSH && !df->finishing)) {
		r = compress_step(strm, df, flush);
		if (r == FAILED)
			return err(strm, Z_MEM_ERROR);
		if (r == FINISH_STARTED || r == FINISH_DONE)
			df->finishing = 1;
		if (r == NEED_MORE || r == FINISH_STARTED || strm->avail_out == 0) {
			if (strm->avail_out == 0)
				df->last_flush = -1;
			return Z_OK;
		}
	}
	if (flush != Z_FINISH)
		return Z_OK;
	if (df->wrap == 0 || df->trailer)
		return Z_STREAM_END;
	if (wdz_queue_trailer(strm, df))
		return err(strm, Z_MEM_ERROR);
	df->trailer = 1;
	wdz_drain(strm, df);
	return df->len > df->pos ? Z_OK : Z_STREAM_END;
}

int wdz_df_deflate(z_streamp strm, struct wdz_dfast *df, int flush, int *ret)
{
	/* zlib refuses a stream whose allocators were cleared: so does it */
	if (df->phase == WDZ_DF_PRIVATE || strm->zalloc == Z_NULL || strm->zfree == Z_NULL)
		return 0;
	if (df->phase == WDZ_DF_FRESH) {
		if (!eligible(df) || wdz_in_wd || !wdz_wd_ready())
			return 0;
		df->phase = WDZ_DF_FAST;
		df->hdr_level = df->level;
		df->wd_level = (unsigned char)wdz_wd_level(df->level);
		df->last_flush = -2;	/* zlib's value after init/reset */
		df->check = df->wrap == 1 ? 1 : 0;
	}
	*ret = fast_deflate(strm, df, flush);
	return 1;
}

void wdz_df_after(struct wdz_dfast *df, enum wdz_df_call call, const int *a,
		  const Bytef *dict, unsigned dict_len, int ret)
{
	size_t n = dict_len > 32768 ? 32768 : dict_len;

	if (ret != Z_OK)
		return;
	switch (call) {
	case WDZ_DF_PARAMS:
		/* kept across resets, as zlib keeps them */
		df->level = (unsigned char)(a[0] == Z_DEFAULT_COMPRESSION ? 6 : a[0]);
		df->strategy = (unsigned char)a[1];
		break;
	case WDZ_DF_HEADER:
		df->hdr_set = 1;
		break;
	case WDZ_DF_DICT:
		/* a raw stream's dictionary: the fast path may leave it unused
		 * (valid output; the decoder has it anyway); the continuation
		 * gets it. zlib and gzip streams with one stay private. */
		if (df->phase == WDZ_DF_FRESH && df->wrap == 0 && !df->dict) {
			df->dict = malloc(n ? n : 1);
			if (df->dict) {
				memcpy(df->dict, dict + (dict_len - n), n);
				df->dict_len = n;
				break;
			}
		}
		df->touched = 1;
		break;
	default:
		df->touched = 1;
		break;
	}
}

int wdz_df_pending(struct wdz_dfast *df, unsigned *pending, int *bits)
{
	size_t left = df->len - df->pos;

	if (df->phase != WDZ_DF_FAST)
		return 0;
	if (pending != Z_NULL)
		*pending = left > 0xffffffffu ? 0xffffffffu : (unsigned)left;
	if (bits != Z_NULL) {
		*bits = 0;
		if (df->cont)
			wdzp_deflatePending(df->cont, Z_NULL, bits);
	}
	return 1;
}

int wdz_df_busy(const struct wdz_dfast *df)
{
	return df->phase == WDZ_DF_FAST && df->busy && !df->finishing;
}

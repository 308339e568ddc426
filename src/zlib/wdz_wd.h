/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The drop-in's use of wd_comp, for deflate and inflate: one process-wide
 * wd_comp (TASK_MIX: a queue device when present, else the CPU driver),
 * shared sessions for whole-buffer requests, a session per deflate stream,
 * and the level policy of the default mode.
 */
#ifndef WDZ_WD_H
#define WDZ_WD_H

#include <stddef.h>
#include <uadk/wd_comp.h>

/*
 * The wd_comp level the default mode compresses zlib level 1..9 at
 * (measured on the 96 MiB mixed corpus, docs/zlib-dropin.md):
 *   1-3  WD L2: about 6x zlib -1's speed, size within 1% of zlib -1's
 *   4-6  WD L3: about 5x zlib -6's speed, size within 7% of zlib -6's
 *   7-9  WD L7-L9: 2-4x zlib's speed at that level and smaller output
 *        (the CPU driver runs a flushed raw stream's segments on libdeflate)
 */
int wdz_wd_level(int zlib_level);

/* wd_comp is up (initialised on first use); 0: the drop-in stays exact. */
int wdz_wd_ready(void);

/* One raw-deflate request of the whole of src (final block): 0 and *out,
 * or -1 (no room in cap, a wd error). */
int wdz_wd_compress(int wd_level, const void *src, size_t n, void *dst, size_t cap, size_t *out);

/* The process-wide decompression session of a format (WD_DEFLATE, WD_ZLIB,
 * WD_GZIP), made on first use; 0: none (exact mode, no wd_comp). */
handle_t wdz_wd_inflate_sess(int alg);

/* Stream sessions (raw deflate, 32 KiB window). 0: none. */
handle_t wdz_wd_stream_new(int wd_level);
void wdz_wd_stream_free(handle_t h);
void wdz_wd_stream_reset(handle_t h);

enum wdz_put { WDZ_PUT_SYNC, WDZ_PUT_FULL, WDZ_PUT_LAST };
/* Feed src to the stream and end at a sync/full flush point or the final
 * block: 0 and *out, or -1 (no room in cap, a wd error: the session's
 * stream is then unusable). dict: a raw stream's dictionary, for a put that
 * starts the session's stream (NULL: none). */
int wdz_wd_stream_put(handle_t h, const void *src, size_t n, void *dst, size_t cap, size_t *out,
		      enum wdz_put how, const void *dict, size_t dict_len);

/* Inflate stream sessions (a format's own decoder, 32 KiB window). 0: none. */
handle_t wdz_wd_istream_new(int alg);

/* One step of an inflate stream: decodes from src into dst, *used and *made
 * the bytes taken and written. 0: more input wanted (all of src used, room
 * left), 1: dst full, 2: the stream ended (*used ends exactly at its last
 * byte), -1: corrupt or unsupported data, -2: a wd error (a fork, a lost
 * device); after -1 or -2 the session's stream is unusable until reset. */
int wdz_wd_istream_step(handle_t h, const void *src, unsigned n, void *dst, unsigned cap,
			unsigned *used, unsigned *made);

#endif /* WDZ_WD_H */

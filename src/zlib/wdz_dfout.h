/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fast deflate's output buffer (zlib's pending output) and the bytes it
 * writes itself: zlib's header and trailer, stored blocks.
 */
#ifndef WDZ_DFOUT_H
#define WDZ_DFOUT_H

#include <stddef.h>
#include "wdz_fast_deflate.h"

/* Room for need more bytes at df->out + df->len (compacts a drained buffer). */
int wdz_out_reserve(struct wdz_dfast *df, size_t need);
/* Give out what fits in next_out (and data_type when zlib would set it). */
void wdz_drain(z_streamp strm, struct wdz_dfast *df);
/* zlib's header bytes (no dictionary, no gzip header fields) at p: 0, 2 or 10. */
size_t wdz_header_bytes(const struct wdz_dfast *df, unsigned char *p);
/* Queue that header, once, before any data. */
int wdz_queue_header(struct wdz_dfast *df);
/* zlib's trailer: adler32 (zlib) or crc32 + length (gzip). */
int wdz_queue_trailer(z_streamp strm, struct wdz_dfast *df);
/* Bytes of n bytes as stored blocks, and writing them (byte-aligned start). */
size_t wdz_stored_size(size_t n);
void wdz_put_stored(unsigned char *p, const unsigned char *d, size_t n, int final);

#endif /* WDZ_DFOUT_H */

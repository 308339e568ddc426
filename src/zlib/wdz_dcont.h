/* SPDX-License-Identifier: Apache-2.0 */
/* The fast deflate's continuation (wdz_dcont.c) and what both share. */
#ifndef WDZ_DCONT_H
#define WDZ_DCONT_H

#include "wdz_fast_deflate.h"

#define WDZ_SEG ((size_t)1 << 20)	/* a stream segment; the continuation's input piece */

/* zlib's block_state, as the fast deflate's compress step returns it */
enum { NEED_MORE, BLOCK_DONE, FINISH_STARTED, FINISH_DONE, FAILED };

/* Move the stream to the continuation; what is staged goes in first. 0 or -1. */
int wdz_go_cont(struct wdz_dfast *df);
/* The compress step of deflate() on the continuation. */
int wdz_cont_compress(z_streamp strm, struct wdz_dfast *df, int flush);
void wdz_cont_free(struct wdz_dfast *df);
/* The input bookkeeping both share: check value, strm->adler, total_in. */
void wdz_account_in(z_streamp strm, struct wdz_dfast *df, const Bytef *p, size_t n);

#endif /* WDZ_DCONT_H */

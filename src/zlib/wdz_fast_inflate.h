/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate()'s one-shot fast path: a fresh stream whose first call holds the
 * whole stream and room for all of its output is decoded by one wd_comp
 * request; everything else runs on the private zlib (wdz_fast_inflate.c).
 */
#ifndef WDZ_FAST_INFLATE_H
#define WDZ_FAST_INFLATE_H

#include "wdz_zlib.h"

/* inflate() with the private state swapped in (strm NULL for a stream that
 * is not ours, which goes straight to the private zlib); from_wd: called
 * from inside libwd_comp (never the fast path, wdz_state.h). */
int wdz_inflate(z_streamp strm, int flush, int from_wd);

#endif /* WDZ_FAST_INFLATE_H */

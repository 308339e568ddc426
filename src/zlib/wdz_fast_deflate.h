/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one-shot deflate fast path: a fresh stream whose first deflate() call
 * is Z_FINISH with all its input is compressed by one wd_do_comp_sync
 * (wd_comp, TASK_MIX); the result drains through later deflate(Z_FINISH)
 * calls with zlib's return codes. Everything else stays on the private zlib.
 */
#ifndef WDZ_FAST_DEFLATE_H
#define WDZ_FAST_DEFLATE_H

#include <stddef.h>
#include "wdz_zlib.h"

enum wdz_df_phase {
	WDZ_DF_FRESH,	/* nothing consumed since init/reset: the fast path may serve it */
	WDZ_DF_PRIVATE,	/* the private zlib's deflate has run on it: stays there until reset */
	WDZ_DF_FAST,	/* our result drains (or has drained) from out[] */
};

/* Lives inside struct wdz_state (zeroed by wdz_wrap). */
struct wdz_dfast {
	unsigned char eligible;	/* init parameters the fast path maps exactly */
	unsigned char phase;	/* enum wdz_df_phase */
	unsigned char level;	/* 1..9 */
	unsigned char mem_level;	/* zlib's block size follows it (data_type) */
	unsigned char wrap;	/* 0 raw, 1 zlib, 2 gzip (zlib's own numbering) */
	unsigned char trailer;	/* zlib has "written" its trailer (see wdz_df_drain) */
	unsigned char dt_set;	/* data_type already reported */
	int data_type;		/* zlib's answer, reported when zlib would have it */
	unsigned char *out;	/* header + deflate data + trailer (malloc) */
	size_t len, pos, hdr;	/* total, delivered, header length */
};

/* deflateInit2_'s parameters (after the private init succeeded). */
void wdz_df_init(struct wdz_dfast *df, int level, int windowBits, int memLevel, int strategy);
/* The stream's private deflate is about to run: it leaves the fast path. */
void wdz_df_private(struct wdz_dfast *df);
/* Reset (or end): drop the result, the stream may take the fast path again. */
void wdz_df_reset(struct wdz_dfast *df);
/* Anything that changes how zlib would compress: never fast again. */
void wdz_df_touch(struct wdz_dfast *df);
/* deflateCopy: dst (just wrapped, zeroed) gets src's fast state. 0 or -1 (no memory). */
int wdz_df_copy(struct wdz_dfast *dst, const struct wdz_dfast *src);

/* ra (a deflate() caller's return address) is inside libwd_comp: its
 * driver's own zlib use, which must stay on the private zlib. */

/* deflate() on a stream whose state is swapped in (private zs in strm->state).
 * Returns 1 and sets *ret when the fast path handled the call, 0 when the
 * private zlib must run it. */
int wdz_df_deflate(z_streamp strm, struct wdz_dfast *df, int flush, int *ret);

#endif /* WDZ_FAST_DEFLATE_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* zlib's data_type guess for a one-shot deflate, without zlib's parse. */
#ifndef WDZ_DT_H
#define WDZ_DT_H

#include <stddef.h>

/*
 * zlib sets data_type from the literals of its first block: Z_BINARY if one
 * of the bytes 0-6, 14-25, 28-31 is among them, else Z_TEXT if one of 9,
 * 10, 13, 32-255 is, else Z_BINARY. The first occurrence of any byte value
 * can only be a literal (a match copies earlier bytes), so the literals'
 * values are exactly the values in the block's input range. That range is
 * at least lit_bufsize - 1 symbols' worth (>= that many bytes) and at most
 * 258 bytes per symbol. Returns Z_BINARY/Z_TEXT when every boundary in
 * that interval gives the same answer, -1 when it depends on where zlib's
 * first block ends (the caller then leaves the stream to the private zlib).
 */
int wdz_dt_first_block(const unsigned char *p, size_t len, int mem_level);

/*
 * The same answer where it is certain, else a guess, looking at as few
 * bytes as it can: a black byte among the first lit_bufsize - 1 is Z_BINARY
 * (exact), a white one there Z_TEXT (zlib says Z_BINARY when a black byte
 * follows within its first block). The fast deflate uses this: its blocks
 * are not zlib's, and scanning up to 4 MiB per stream to find the uncertain
 * cases (then run by zlib itself) cost a third of its speed on mixed data.
 */
int wdz_dt_guess(const unsigned char *p, size_t len, int mem_level);

#endif /* WDZ_DT_H */

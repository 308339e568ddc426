/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zlib (RFC 1950) and gzip member (RFC 1952) headers as WarpDrive's own
 * code reads them: whether zlib takes a zlib header and the window it
 * states; a gzip header's flag bits and the length of a header whole in a
 * buffer. One reading for the CPU driver (one-shot inflate and its page
 * path, the stream inflate's wrapper) and the zlib drop-in.
 */
#ifndef WD_WRAP_H
#define WD_WRAP_H

#include <stddef.h>
#include <string.h>

#define WD_ZLIB_FDICT	0x20	/* FLG: a preset dictionary follows */

/* The window log (8..15) a zlib header states, or 0 when zlib refuses the
 * header: check bits, method 8, a window of at most 32 KiB. */
static inline int wd_zlib_head_win(unsigned cmf, unsigned flg)
{
	if ((cmf << 8 | flg) % 31 || (cmf & 0x0f) != 8 || cmf >> 4 > 7)
		return 0;
	return (int)(cmf >> 4) + 8;
}

#define WD_GZ_FHCRC	0x02
#define WD_GZ_FEXTRA	0x04
#define WD_GZ_FNAME	0x08
#define WD_GZ_FCOMMENT	0x10
#define WD_GZ_RESERVED	0xe0

/* The header's length (its CRC included) in the first n bytes of p, or 0
 * when they do not hold all of it. p[3] is the flag byte. */
static inline size_t wd_gzip_head_len(const unsigned char *p, size_t n)
{
	const unsigned char *nul;
	size_t at = 10;

	if (n < at)
		return 0;
	if (p[3] & WD_GZ_FEXTRA) {
		if (n < at + 2)
			return 0;
		at += 2 + (size_t)(p[at] | p[at + 1] << 8);
	}
	for (int f = WD_GZ_FNAME; f <= WD_GZ_FCOMMENT; f <<= 1) {	/* each to its NUL */
		if (!(p[3] & f))
			continue;
		nul = at < n ? memchr(p + at, 0, n - at) : NULL;
		if (nul == NULL)
			return 0;
		at = (size_t)(nul - p) + 1;
	}
	if (p[3] & WD_GZ_FHCRC)
		at += 2;
	return at <= n ? at : 0;
}

#endif /* WD_WRAP_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* The byte orders of zlib's and gzip's trailers: big-endian adler32,
 * little-endian crc32 and length. */
#ifndef WDZ_BYTES_H
#define WDZ_BYTES_H

#include "wdz_zlib.h"

static inline uLong wdz_get_be32(const Bytef *p)
{
	return (uLong)p[0] << 24 | (uLong)p[1] << 16 | (uLong)p[2] << 8 | p[3];
}

static inline uLong wdz_get_le32(const Bytef *p)
{
	return (uLong)p[3] << 24 | (uLong)p[2] << 16 | (uLong)p[1] << 8 | p[0];
}

static inline void wdz_put_be32(Bytef *p, uLong v)
{
	p[0] = (Bytef)(v >> 24);
	p[1] = (Bytef)(v >> 16);
	p[2] = (Bytef)(v >> 8);
	p[3] = (Bytef)v;
}

static inline void wdz_put_le32(Bytef *p, uLong v)
{
	p[0] = (Bytef)v;
	p[1] = (Bytef)(v >> 8);
	p[2] = (Bytef)(v >> 16);
	p[3] = (Bytef)(v >> 24);
}

#endif /* WDZ_BYTES_H */

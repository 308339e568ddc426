/* SPDX-License-Identifier: Apache-2.0 */
/*
 * adler32 and crc32 with zlib's exact results, vectorised where the CPU
 * allows (AVX2, PCLMULQDQ); anything else is the private zlib's. Used for
 * the exported adler32/crc32 and every check value the fast paths compute.
 */
#ifndef WDZ_CHECK_H
#define WDZ_CHECK_H

#include "wdz_zlib.h"

uLong wdz_adler32(uLong adler, const Bytef *buf, z_size_t len);
uLong wdz_crc32(uLong crc, const Bytef *buf, z_size_t len);

#endif /* WDZ_CHECK_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* FNV-1a, 64 bits: the zlib test programs' transcripts print hashes of
 * bytes (compared between runs, so any stable hash does). */
#ifndef ZFNV_H
#define ZFNV_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t zfnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--) {
		h ^= *b++;
		h *= 0x100000001b3ull;
	}
	return h;
}

#endif /* ZFNV_H */

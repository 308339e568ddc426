/* SPDX-License-Identifier: Apache-2.0 */
/* zgz (tests/zlib/zgz.c): the gz* family's transcript test. */
#ifndef ZGZ_H
#define ZGZ_H

#include <stddef.h>
#include <stdint.h>

/* writes the test files into the current directory, printing a line per
 * observable (zgz_write.c); 0 on success */
int zgz_write_all(void);

/* n bytes of test data for `seed`: text, random bytes and runs in turn,
 * 4 KiB each, so every file has all three (and gzgets finds lines) */
static inline void zgz_data(unsigned char *p, size_t n, unsigned seed)
{
	static const char *const words[] = { "gzip ", "stream ", "the ", "of ", "deflate\n",
					     "block ", "window ", "1234 ", "huffman ", "\n" };
	uint32_t x = seed * 2654435761u + 12345u;
	size_t i = 0;

	while (i < n) {
		size_t end = i + 4096 < n ? i + 4096 : n;
		unsigned kind = (unsigned)(i / 4096 + seed) % 3;

		while (i < end) {
			x = x * 1103515245u + 12345u;
			if (kind == 0) {
				const char *w = words[(x >> 16) % 10];

				while (*w && i < end)
					p[i++] = (unsigned char)*w++;
			} else if (kind == 1) {
				p[i++] = (unsigned char)(x >> 24);
			} else {
				size_t run = 1 + (x >> 20) % 200;

				while (run-- && i < end)
					p[i++] = (unsigned char)('a' + (x >> 8) % 4);
			}
		}
	}
}

#endif /* ZGZ_H */

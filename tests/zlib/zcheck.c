/* SPDX-License-Identifier: Apache-2.0 */
/*
 * adler32/crc32 (and their _z forms) as a transcript: zlib_check.sh runs it
 * with the system zlib and with libwd_zlib preloaded (its vectorised
 * checksums, wdz_check.c) and requires identical output. Lengths 0..300 at
 * every alignment, random lengths up to 3 MiB, runs of 0xff (the largest
 * sums), random and zlib-impossible starting values, a NULL buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define N (3u << 20)

static unsigned long rnd(void)
{
	static unsigned long long s = 88172645463325252ull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (unsigned long)s;
}

static void one(const unsigned char *p, size_t len, uLong a0, uLong c0)
{
	printf("%zu %lx %lx %lx %lx %lx %lx\n", len, a0, c0, adler32_z(a0, p, len), crc32_z(c0, p, len),
	       adler32(a0, p, (uInt)len), crc32(c0, p, (uInt)len));
}

int main(void)
{
	unsigned char *b = malloc(N + 64);

	if (b == NULL)
		return 1;
	for (size_t i = 0; i < N + 64; i++)
		b[i] = (unsigned char)rnd();
	for (size_t off = 0; off < 64; off++)
		for (size_t len = 0; len <= 300; len += 1 + len / 16)
			one(b + off, len, off ? rnd() % 65521 | (rnd() % 65521) << 16 : 1, rnd() & 0xffffffff);
	for (int t = 0; t < 400; t++) {
		size_t off = rnd() % 64, len = rnd() % (N - 64);

		if (t % 5 == 0)
			memset(b + off, 0xff, len);
		one(b + off, len, t % 2 ? 1 : rnd() % 65521 | (rnd() % 65521) << 16, rnd());
		if (t % 5 == 0)
			for (size_t i = 0; i < len; i++)
				b[off + i] = (unsigned char)rnd();
	}
	/* states zlib never makes, and a NULL buffer (the initial values) */
	one(b, 5000, 0xfff1fff1, 0);
	one(b, 5000, 0xffffffff, 0xffffffff);
	one(b, 5000, 0x1234567890ul, 0x1234567890ul);
	printf("%lx %lx\n", adler32_z(77, NULL, 5), crc32_z(77, NULL, 5));
	puts("end");
	free(b);
	return 0;
}

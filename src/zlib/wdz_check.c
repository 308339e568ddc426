/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Vectorised adler32 and crc32 (wdz_check.h). Why: zlib 1.2.13's are scalar
 * (about 3 GB/s here), and a fast decode or encode pays one of them over all
 * its data; Python's gzip module calls crc32 over everything it reads.
 *
 * adler32: 32-byte chunks; per chunk the byte sum (SAD) goes into s1, the
 * bytes weighted 32..1 into s2, and the s1 before the chunk into a running
 * total that counts 32 more for every later chunk; reduced modulo 65521 per
 * block small enough that no 32-bit lane overflows.
 *
 * crc32: carry-less multiplication folding (Intel's "Fast CRC Computation
 * Using PCLMULQDQ", the reflected polynomial 0xedb88320) of 64 bytes per
 * step, then 16; the last 16-byte remainder and the tail go through zlib's
 * table code, so only the folding constants are new.
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>
#include "wdz_check.h"

#define BASE 65521u
#define BLOCK (32u * 173u)	/* 5536 bytes: zlib's NMAX rounded down to chunks */

__attribute__((target("avx2"))) static uLong adler_avx2(uLong adler, const Bytef *p, size_t len)
{
	const __m256i w = _mm256_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
					   18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3,
					   2, 1);
	const __m256i ones = _mm256_set1_epi16(1), zero = _mm256_setzero_si256();
	uint64_t s1 = adler & 0xffff, s2 = adler >> 16;

	while (len >= 32) {
		size_t n = len < BLOCK ? len & ~(size_t)31 : BLOCK;
		__m256i v1 = zero, vp = zero, v2 = zero;
		uint32_t t[8];
		uint64_t a = 0, ps = 0, b = 0;

		for (size_t i = 0; i < n; i += 32) {
			__m256i c = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));

			vp = _mm256_add_epi32(vp, v1);
			v1 = _mm256_add_epi32(v1, _mm256_sad_epu8(c, zero));
			v2 = _mm256_add_epi32(v2, _mm256_madd_epi16(_mm256_maddubs_epi16(c, w), ones));
		}
		_mm256_storeu_si256((__m256i *)(void *)t, v1);
		for (int i = 0; i < 8; i++)
			a += t[i];
		_mm256_storeu_si256((__m256i *)(void *)t, vp);
		for (int i = 0; i < 8; i++)
			ps += t[i];
		_mm256_storeu_si256((__m256i *)(void *)t, v2);
		for (int i = 0; i < 8; i++)
			b += t[i];
		s2 = (s2 + n * s1 + 32 * ps + b) % BASE;
		s1 = (s1 + a) % BASE;
		p += n;
		len -= n;
	}
	return wdzp_adler32_z((uLong)(s2 << 16 | s1), p, len);
}

__attribute__((target("pclmul,sse4.1"))) static inline __m128i fold(__m128i x, __m128i k, __m128i next)
{
	return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00),
					   _mm_clmulepi64_si128(x, k, 0x11)), next);
}

__attribute__((target("pclmul,sse4.1"))) static uLong crc_pclmul(uLong crc, const Bytef *p, size_t len)
{
	const __m128i k12 = _mm_set_epi64x(0x1c6e41596, 0x154442bd4);	/* fold by 64 bytes */
	const __m128i k34 = _mm_set_epi64x(0x0ccaa009e, 0x1751997d0);	/* fold by 16 bytes */
	__m128i x0, x1, x2, x3;
	unsigned char r[16];

	/* len >= 64. zlib's crc is ~(the raw remainder): fold the raw one. */
	x0 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)p),
			   _mm_cvtsi32_si128((int)(~crc & 0xffffffffu)));
	x1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
	x2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
	x3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
	p += 64;
	len -= 64;
	while (len >= 64) {
		x0 = fold(x0, k12, _mm_loadu_si128((const __m128i *)(const void *)p));
		x1 = fold(x1, k12, _mm_loadu_si128((const __m128i *)(const void *)(p + 16)));
		x2 = fold(x2, k12, _mm_loadu_si128((const __m128i *)(const void *)(p + 32)));
		x3 = fold(x3, k12, _mm_loadu_si128((const __m128i *)(const void *)(p + 48)));
		p += 64;
		len -= 64;
	}
	x0 = fold(x0, k34, x1);
	x0 = fold(x0, k34, x2);
	x0 = fold(x0, k34, x3);
	while (len >= 16) {
		x0 = fold(x0, k34, _mm_loadu_si128((const __m128i *)(const void *)p));
		p += 16;
		len -= 16;
	}
	/* the remainder's raw crc is zlib's crc32 from ~0 (pre/post inversion
	 * cancel), then the tail */
	_mm_storeu_si128((__m128i *)(void *)r, x0);
	return wdzp_crc32_z(wdzp_crc32_z(0xffffffffu, r, 16), p, len);
}

static int have_avx2, have_pclmul;

__attribute__((constructor)) static void check_cpu(void)
{
	__builtin_cpu_init();
	have_avx2 = __builtin_cpu_supports("avx2");
	have_pclmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

uLong wdz_adler32(uLong adler, const Bytef *buf, z_size_t len)
{
	/* a NULL buffer (the initial value) and states zlib never makes
	 * (components >= 65521) get zlib's own answer */
	if (buf == Z_NULL || len < 64 || !have_avx2 || adler > 0xffffffffu ||
	    (adler & 0xffff) >= BASE || (adler >> 16) >= BASE)
		return wdzp_adler32_z(adler, buf, len);
	return adler_avx2(adler, buf, len);
}

uLong wdz_crc32(uLong crc, const Bytef *buf, z_size_t len)
{
	if (buf == Z_NULL || len < 64 || !have_pclmul)
		return wdzp_crc32_z(crc, buf, len);
	return crc_pclmul(crc, buf, len);
}

// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer target: arbitrary bytes into the CPU driver's page inflater
 * (cpu_pg_inflate, src/drivers/cpu_comp/cpu_pginflate.c), cross-checked
 * against zlib's raw inflate.
 *
 * Input: [ctl][lo][hi][raw deflate bytes...]
 *   ctl bits 0-1  dst size: 0 256 KiB, 1 lo|hi<<8 bytes, 2 zlib's output
 *                 length exactly, 3 zlib's output length - (lo % 8 + 1)
 *   ctl bit 2     which cache: the default size, or hash_bits 1 (more
 *                 collisions); both live across inputs, so headers cached
 *                 by one input meet the next ones
 *
 * Invariants (abort on violation):
 *   - CPU_PGI_OK: zlib ends the stream too, with the same output bytes,
 *     the same input used; made <= dst_len, used <= len
 *   - a second call on the same input (its header now cached) gives the
 *     same result
 *   - ASan: src and dst are exact-size allocations
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "cpu_pgcache.h"

#define BIG	(256u << 10)

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_pginflate: " __VA_ARGS__);	\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

static struct cpu_pgcache *cache[2];
static uint8_t *zout;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cache[0] = cpu_pgcache_new(0);
	cache[1] = cpu_pgcache_new(1);
	zout = malloc(BIG);
	if (!cache[0] || !cache[1] || !zout)
		FAIL("no memory");
	return 0;
}

/* zlib raw inflate: 1 when the stream ends within BIG bytes of output. */
static int zinf(const uint8_t *src, size_t len, uint32_t *used, uint32_t *made)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		FAIL("inflateInit2");
	z.next_in = (uint8_t *)src;
	z.avail_in = (uInt)len;
	z.next_out = zout;
	z.avail_out = BIG;
	r = inflate(&z, Z_FINISH);
	*used = (uint32_t)(len - z.avail_in);
	*made = (uint32_t)z.total_out;
	inflateEnd(&z);
	return r == Z_STREAM_END;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpu_pgcache *C;
	uint32_t len, dst_len, zused = 0, zmade = 0, used[2], made[2];
	uint8_t *src, *dst;
	int zok, r[2], k;

	if (size < 3)
		return 0;
	C = cache[(data[0] >> 2) & 1];
	len = (uint32_t)(size - 3);
	src = malloc(len ? len : 1);
	if (!src)
		FAIL("no memory");
	memcpy(src, data + 3, len);
	zok = zinf(src, len, &zused, &zmade);
	switch (data[0] & 3) {
	case 0:
		dst_len = BIG;
		break;
	case 1:
		dst_len = data[1] | (uint32_t)data[2] << 8;
		break;
	case 2:
		dst_len = zmade;
		break;
	default:
		dst_len = zmade > (uint32_t)(data[1] % 8 + 1) ? zmade - (data[1] % 8 + 1) : 0;
		break;
	}
	dst = malloc(dst_len ? dst_len : 1);
	if (!dst)
		FAIL("no memory");
	for (k = 0; k < 2; k++) {
		used[k] = made[k] = 0;
		r[k] = cpu_pg_inflate(C, src, len, dst, dst_len, &used[k], &made[k]);
		if (r[k] != CPU_PGI_OK && r[k] != CPU_PGI_NO)
			FAIL("result %d", r[k]);
		if (r[k] != CPU_PGI_OK)
			continue;
		if (!zok)
			FAIL("OK where zlib fails (len %u, dst %u)", len, dst_len);
		if (made[k] > dst_len || used[k] > len)
			FAIL("made %u of %u, used %u of %u", made[k], dst_len, used[k], len);
		if (made[k] != zmade || used[k] != zused)
			FAIL("made %u used %u, zlib %u %u", made[k], used[k], zmade, zused);
		if (memcmp(dst, zout, zmade))
			FAIL("output differs from zlib's");
	}
	if (r[0] != r[1] || (r[0] == CPU_PGI_OK && (made[0] != made[1] || used[0] != used[1])))
		FAIL("second call differs: %d %d", r[0], r[1]);
	free(dst);
	free(src);
	return 0;
}

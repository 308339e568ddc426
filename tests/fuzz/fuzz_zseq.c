/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer entry for zseq (tests/zlib/zseq_main.c): the zlib drop-in's
 * call sequences steered by the fuzzer. Input: 4 bytes of seed (the data
 * and dictionaries), then the bytes the deflate and inflate scenarios draw
 * their calls from (the seed's PRNG once they run out). Linked against
 * libwd_zlib in its default mode: every per-call invariant is checked as in
 * zlib_seq.sh, and the deflate output is decoded again in-process (by the
 * drop-in's own inflate: zlib_seq.sh does that part with the system zlib).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../zlib/zseq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = NULL;
	size_t blen = 0;
	uint32_t seed;
	FILE *f;

	if (size < 4)
		return 0;
	memcpy(&seed, data, sizeof(seed));
	zs.quiet = 1;
	zs.fuzz = data + 4;
	zs.fuzz_len = size - 4;
	zs.max_len = 1u << 16;	/* seconds of ASan per input otherwise */
	zs.records = open_memstream(&buf, &blen);
	if (zs.records == NULL)
		abort();
	zs_deflate_scenario(seed);
	zs_inflate_scenario(seed);
	fclose(zs.records);
	zs.records = NULL;
	if (blen) {
		f = fmemopen(buf, blen, "rb");
		if (f == NULL)
			abort();
		zs_verify(f);
		fclose(f);
	}
	free(buf);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zseq: a differential fuzzer of zlib API call sequences, for the zlib
 * drop-in (src/zlib). Built once, against the system zlib; zlib_seq.sh runs
 * it plainly (the reference), with libwd_zlib preloaded under
 * WD_ZLIB=exact, and preloaded in the default mode.
 *
 *   zseq [-x] [-w CORPUS | -r CORPUS] [-d RECORDS] FIRST_SEED COUNT
 *   zseq verify RECORDS
 *
 * Each seed runs a deflate scenario (zseq_deflate.c) and an inflate
 * scenario (zseq_inflate.c) and prints a transcript: "E" lines (every call
 * and its observables, output bytes hashed) and "F" lines (a scenario's
 * set-up and final state). -x adds calls whose answer only exact mode
 * keeps zlib's. -w writes the inflate scenarios' input streams, as the
 * system zlib made them; -r reads them, so runs under the drop-in inflate
 * the same bytes. -d writes every deflate stream segment for `verify`,
 * which decodes them with the system zlib.
 *
 * The comparison (zlib_seq.sh):
 *  - WD_ZLIB=exact: the whole transcript is byte-identical to zlib's.
 *  - Default mode: the drop-in may make other compressed bytes and consume
 *    input or deliver output at other call boundaries, so E lines may
 *    differ; F lines must be identical, and these invariants hold on every
 *    call, in every run (the plain run checks that zlib keeps them too):
 *
 * deflate
 *  1. next_in/next_out, avail_in/avail_out and total_in/total_out all move
 *     by the same counts, avail never grows (also for deflateParams, which
 *     may compress first).
 *  2. deflate returns Z_OK, Z_BUF_ERROR or Z_STREAM_END only (every call
 *     is valid), Z_STREAM_ERROR for Z_TREES (not a deflate flush) with
 *     nothing moved; Z_BUF_ERROR only when nothing moved, and always when
 *     there was no output room.
 *  3. Z_STREAM_END only for Z_FINISH, once (the scenario then resets or
 *     ends), with all input consumed; a Z_FINISH call with room that does
 *     not end the stream returns Z_OK with avail_out 0 (zlib asks for more
 *     room that way only).
 *  4. At the end adler is adler32 of the data (zlib), crc32 (gzip), 1 (raw),
 *     computed here, not by the library.
 *  5. total_out <= deflateBound (taken after init, dictionary, header) when
 *     zlib promises it: only Z_NO_FLUSH/Z_FINISH and no deflateParams or
 *     deflatePrime; a first call with all input, Z_FINISH and deflateBound's
 *     room returns Z_STREAM_END. (Not at level 0 with windowBits <=
 *     memLevel + 7, where zlib 1.2.13's own bound is a byte short.)
 *  6. A Z_SYNC_FLUSH/Z_FULL_FLUSH call that returns Z_OK with output room
 *     left has consumed all input, and the output so far decodes (by the
 *     system zlib, in `verify`) to exactly the input so far; after a full
 *     flush of a raw stream, the rest decodes on its own. Each stream
 *     decodes to exactly its input, with Z_STREAM_END and nothing left.
 *  7. deflateSetDictionary/SetHeader/Prime/Reset/Pending/Copy/End return
 *     Z_OK (deflateEnd of a stream cut short: Z_DATA_ERROR, as zlib).
 * inflate
 *  8. The bookkeeping of 1; inflate returns Z_OK, Z_STREAM_END,
 *     Z_NEED_DICT, Z_DATA_ERROR or Z_BUF_ERROR; Z_BUF_ERROR without
 *     progress unless the flush was Z_FINISH.
 *  9. Each call's output is the next piece of the true data (unless the
 *     input was corrupted, or a window too small was asked for); an intact
 *     stream gives all of it.
 * 10. The final return code, total_in, total_out, bytes left over (trailing
 *     data), adler and output are zlib's (the F line).
 *
 * A broken invariant prints "FAIL seed=N deflate|inflate call=K: why" and
 * exits 1 (ZSEQ_KEEP_GOING=1: at the end, after the other scenarios).
 * ZSEQ_BREAK=adler (wrong check value) or ZSEQ_BREAK=verify (a byte of the
 * recorded output flipped) make the checks wrong on purpose:
 * zlib_seq.sh requires them to fail.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "zseq.h"

static FILE *open_or_die(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	return f;
}

/* ZSEQ_KEEP_GOING: a failure returns here (setjmp in a frame of its own) */
static void run_one(void (*scenario)(uint32_t), uint32_t seed)
{
	if (!zs.next || !setjmp(*zs.next))
		scenario(seed);
}

static void usage(void)
{
	fprintf(stderr, "usage: zseq [-x] [-w CORPUS | -r CORPUS] [-d RECORDS] FIRST COUNT\n"
			"       zseq verify RECORDS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static jmp_buf keep;
	Dl_info info;
	unsigned long first, count;
	int i = 1;

	zs.brk = getenv("ZSEQ_BREAK");
	if (getenv("ZSEQ_KEEP_GOING"))
		zs.next = &keep;
	if (argc == 3 && !strcmp(argv[1], "verify")) {
		FILE *f = open_or_die(argv[2], "rb");
		unsigned long n = zs_verify(f);

		fclose(f);
		fprintf(stderr, "zseq: verified %lu deflate streams\n", n);
		return zs.failures ? 1 : 0;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-x"))
			zs.exact = 1;
		else if (!strcmp(argv[i], "-w") && i + 1 < argc)
			zs.corpus_out = open_or_die(argv[++i], "wb");
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			zs.corpus_in = open_or_die(argv[++i], "rb");
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			zs.records = open_or_die(argv[++i], "wb");
		else
			usage();
	}
	if (argc - i != 2)
		usage();
	first = strtoul(argv[i], NULL, 0);
	count = strtoul(argv[i + 1], NULL, 0);
	/* which library answers: zlib_seq.sh checks the preloaded runs' */
	if (dladdr((void *)deflate, &info) && info.dli_fname)
		fprintf(stderr, "zseq: deflate from %s\n", info.dli_fname);
	for (unsigned long s = first; s < first + count; s++) {
		/* each scenario on its own: an inflate scenario must still
		 * read its corpus stream after a deflate failure */
		run_one(zs_deflate_scenario, (uint32_t)s);
		run_one(zs_inflate_scenario, (uint32_t)s);
	}
	printf("end\n");
	if (zs.failures) {
		fprintf(stderr, "zseq: %u failures\n", zs.failures);
		return 1;
	}
	if ((zs.records && fclose(zs.records)) || (zs.corpus_out && fclose(zs.corpus_out)))
		zs_fail("closing the output files");
	return 0;
}

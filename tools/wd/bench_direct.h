/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd bench` baselines: ISA-L, zlib and libdeflate called directly, each the
 * fastest way it offers for independent blocks (state made once, reused).
 */
#ifndef WD_BENCH_DIRECT_H
#define WD_BENCH_DIRECT_H

#include <stdbool.h>
#include <stddef.h>

enum bd_lib {
	BD_ISAL,
	BD_ZLIB,
	BD_LIBDEFLATE,
	BD_LIB_MAX,
};

/* Container formats, same order as enum wd_comp_alg_type. */
enum bd_fmt {
	BD_FMT_DEFLATE,
	BD_FMT_ZLIB,
	BD_FMT_GZIP,
};

struct bd_codec;

const char *bd_lib_name(int lib);
/* -1 when name is not a library. */
int bd_lib_from_name(const char *name);
/* Whether lib can compress at level (decompression: always). */
bool bd_level_ok(int lib, int level);
/* Room a compressed block of n input bytes may need in any of the libraries. */
size_t bd_comp_bound(size_t n);

/* One codec per thread: lib, format, level (compression), decompress or not. */
struct bd_codec *bd_open(int lib, int fmt, int level, bool decomp);
/*
 * Compress or decompress one whole block: src[0..slen) into dst (room *dlen);
 * *dlen becomes the bytes produced. 0 on success, -1 on any failure.
 */
int bd_run(struct bd_codec *c, const void *src, size_t slen, void *dst, size_t *dlen);
void bd_close(struct bd_codec *c);

/*
 * Independent check with zlib: does comp[0..clen) decode, in format fmt, to
 * exactly raw[0..rlen)? scratch must hold rlen + 1 bytes. 0 yes, -1 no.
 */
int bd_verify(int fmt, const void *comp, size_t clen, const void *raw, size_t rlen,
	      void *scratch);

#endif /* WD_BENCH_DIRECT_H */

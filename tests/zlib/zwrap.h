/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zwrap: one program built twice, against the system zlib and against
 * libwd_zlib (and run a third time with libwd_zlib preloaded). Each part
 * prints a transcript of return codes, stream bookkeeping and hashes of the
 * bytes produced; zlib_wrap.sh requires the transcripts to be identical,
 * which in exact mode means byte for byte zlib's behaviour through the
 * wrapper (its state swap, its validation, its copies).
 */
#ifndef ZWRAP_H
#define ZWRAP_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#define ZW_DATA_LEN (200 * 1024)

/* deterministic, compressible test data (words from a small vocabulary) */
extern unsigned char zw_data[ZW_DATA_LEN];
void zw_data_init(void);

/* FNV-1a: hashes what the library produced without calling the library */
uint64_t zw_hash(const void *p, size_t n);

/* one transcript line: what, return code, the stream's bookkeeping */
void zw_show(const char *what, const z_stream *s, long ret);
void zw_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* custom allocator that counts live blocks (zalloc/zfree are honoured) */
voidpf zw_alloc(voidpf opaque, uInt items, uInt size);
void zw_free(voidpf opaque, voidpf p);
extern long zw_live;

/* the parts */
void zw_bad_states(void);
void zw_deflate_parts(void);
void zw_inflate_parts(void);
void zw_misc_parts(void);

/* helpers shared by parts: compress all of in (chunks of `step`) into out */
size_t zw_deflate_all(z_stream *s, const unsigned char *in, size_t n, unsigned char *out,
		      size_t cap, unsigned step, int flush_last);

#endif

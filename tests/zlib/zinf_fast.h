/* SPDX-License-Identifier: Apache-2.0 */
/* What zinf_fast.c and zinf_drain.c share: buffers, packing, transcript lines. */
#ifndef ZINF_FAST_H
#define ZINF_FAST_H

#include <stddef.h>
#include <zlib.h>

#define MAXN (1u << 20)

extern unsigned char *src, *cmp, *out;
extern unsigned allocs, alloc_base, fast_hits;

voidpf count_alloc(voidpf opaque, uInt items, uInt size);
void count_free(voidpf opaque, voidpf p);

/* zlib's deflate of n bytes of in (Z_NO_FLUSH then Z_FINISH); its size */
uLong pack(int wbits, int level, const unsigned char *in, size_t n, unsigned char *dst, size_t cap);

/* The stream's position before a call, printed with the call's line. */
struct zsnap {
	uInt ain, aout;
	uLong tin;
};

struct zsnap zsnap(const z_stream *z);

/*
 * One transcript line: "TAG ret=.. aout=.. tout=.. adler=.. msg=.. out=..
 * allocs=.. | ain=.. tin=.. dt=.. ain0=.. tin0=.. aout0=..". What is left
 * of '|' must be zlib's; what is right of it is where the input stands
 * (and data_type), which zinf_check.py compares by the drain's rule.
 */
void show(const char *tag, z_stream *z, int ret, const unsigned char *base, struct zsnap b);

/* inflate(z, flush) with its line */
int zcall(const char *tag, z_stream *z, int flush, const unsigned char *base);

/* Python's loop: calls while the output room was filled; 0 when the
 * stream ended or failed, else its last code */
int zfinish(z_stream *z, uInt room, int grow, int flush, const unsigned char *base, int maxcalls);

/* zinf_drain.c: every stream call while a result drains */
void drain_cases(void);
int withdraw_check(void);
void cap_case(void);
void big_input_case(void);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU compression driver. Library choice, by measurement on this
 * machine kind (see docs/levels.md and `wd bench`):
 *   L1-L3  ISA-L igzip levels 1-3 (fastest deflate on x86)
 *   L4-L12 whole buffers: libdeflate at that level (faster and smaller than
 *          zlib); streams and windows < 32 KiB: zlib at min(level, 9)
 *   L13-15 as L12 / zlib 9
 *   inflate: whole buffers libdeflate, streams ISA-L (cpu_istream.c); both
 *            stop at the end of the stream (gzip member) and report the
 *            bytes they used.
 * Each ctx keeps its own library state so a request allocates nothing.
 */
#ifndef CPU_COMP_H
#define CPU_COMP_H

#include <stdbool.h>
#include <zlib.h>
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>
#include <libdeflate.h>
#include "wd_comp_drv.h"
#include "../common/cpu_ring.h"

struct libdeflate_compressor;
struct libdeflate_decompressor;

#define CPU_LD_LEVELS 13	/* libdeflate levels 0..12 */

struct cpu_ctx {
	/* ISA-L deflate, reused per request */
	struct isal_zstream zs;
	__u8 *level_buf;
	__u32 level_buf_size;
	/* zlib deflate, re-created only when level or window changes */
	z_stream zd;
	int zd_level;
	int zd_wbits;		/* as passed to deflateInit2 (sign/offset = format) */
	bool zd_ready;
	/* libdeflate compressors per level, made on first use */
	struct libdeflate_compressor *ldc[CPU_LD_LEVELS];
	struct libdeflate_decompressor *ldd;
	struct cpu_ring done;	/* messages done in send(), reaped by recv() */
};

/* Per-level routing. */
static inline bool cpu_level_is_isal(__u8 level)
{
	return level <= 3;
}

/* log2 of the window for a WD_COMP_WS_* value (24K rounds down to 16K). */
static inline int cpu_win_bits(__u8 win)
{
	static const int bits[] = { 12, 13, 14, 14, 15 };

	return win < sizeof(bits) / sizeof(bits[0]) ? bits[win] : 15;
}

/* zlib's windowBits encode the format: raw -bits, zlib bits, gzip bits + 16. */
static inline int cpu_zlib_wbits(__u8 alg, __u8 win)
{
	int bits = cpu_win_bits(win);

	return alg == WD_DEFLATE ? -bits : alg == WD_ZLIB ? bits : bits + 16;
}

/*
 * The 2-byte zlib header for a window of 2^wbits. ISA-L always claims a
 * 32 KiB window, which a small-window decoder would refuse, so for zlib we
 * run ISA-L without header (IGZIP_ZLIB_NO_HDR) and write it ourselves.
 */
static inline void cpu_zlib_header(__u8 out[2], int wbits, __u8 level)
{
	unsigned cmf = (unsigned)((wbits - 8) << 4) | 8;
	unsigned flg = (level <= 1 ? 0u : level <= 5 ? 1u : level == 6 ? 2u : 3u) << 6;

	flg |= 31 - ((cmf << 8) | flg) % 31;
	out[0] = (__u8)cmf;
	out[1] = (__u8)flg;
}

/* Level buffer ISA-L needs for level 1..3 (stateless and stream). */
__u32 cpu_isal_level_buf_size(__u8 level);

/* Level, level buffer, format and window of an ISA-L stream for m. */
void cpu_isal_params(struct isal_zstream *zs, const struct wd_comp_msg *m, __u8 *level_buf);

/*
 * Small stateless requests with the session's learning (cpu_pgpath.c):
 * true when done (m filled); false: run it the ordinary way.
 */
bool cpu_pg_try_deflate(struct wd_comp_msg *m);
bool cpu_pg_try_inflate(struct wd_comp_msg *m);
/* false only for a complete gzip header whose FHCRC is wrong */
bool cpu_gz_header_crc_ok(const __u8 *in, size_t len);

/* Stateless work; each fills m->consumed/produced/status. */
void cpu_deflate_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m);
void cpu_inflate_oneshot(struct cpu_ctx *c, struct wd_comp_msg *m);
/* Stateful work on m->hdr.sess (created on first use). */
void cpu_stream(struct wd_comp_msg *m, const struct wd_driver *drv);
void cpu_stream_free(void *home_ctx, struct wd_drv_sess *sess);
void cpu_stream_reset(void *home_ctx, struct wd_drv_sess *sess);

void cpu_deflate_ctx_fini(struct cpu_ctx *c);

/*
 * zlib and gzip wrappers read byte by byte for the ISA-L stream inflate
 * (cpu_iwrap.c): each call takes what it can of in[0..len), says how much
 * in *used, and returns one of CPU_IW_*. WD_DEFLATE has no wrapper.
 */
enum { CPU_IW_MORE, CPU_IW_DONE, CPU_IW_BAD };
struct cpu_iwrap {
	__u8 alg;	/* WD_DEFLATE, WD_ZLIB or WD_GZIP */
	__u8 field;	/* gzip header: the field being read */
	__u8 flags;	/* gzip header flags */
	__u8 have;	/* bytes of a fixed-size field in buf */
	__u8 buf[10];
	__u32 left;	/* gzip FEXTRA bytes still to skip */
	__u32 hcrc;	/* crc32 of the gzip header so far (FHCRC) */
	__u32 check;	/* adler32 (zlib) or crc32 (gzip) of the output */
	__u32 isize;	/* gzip: output length mod 2^32 */
};
void cpu_iwrap_reset(struct cpu_iwrap *w, __u8 alg);
/*
 * The wrappers' check values, continuing from check over p[0..len): the
 * one place that picks each one's library. cpu_wrap_check: that of alg
 * (adler32 for WD_ZLIB, crc32 for WD_GZIP; 0 for WD_DEFLATE); a new one
 * starts from cpu_wrap_check_start(alg).
 */
static inline __u32 cpu_adler32(__u32 check, const __u8 *p, __u32 len)
{
	return (__u32)libdeflate_adler32(check, p, len);	/* 1.8-2.6x ISA-L's here */
}
static inline __u32 cpu_crc32(__u32 check, const __u8 *p, __u32 len)
{
	return crc32_gzip_refl(check, p, len);	/* ISA-L's: as fast as libdeflate's */
}
static inline __u32 cpu_wrap_check(__u8 alg, __u32 check, const __u8 *p, __u32 len)
{
	return alg == WD_ZLIB ? cpu_adler32(check, p, len) :
	       alg == WD_GZIP ? cpu_crc32(check, p, len) : 0;
}
static inline __u32 cpu_wrap_check_start(__u8 alg)
{
	return alg == WD_ZLIB ? 1 : 0;	/* adler32 starts at 1, crc32 at 0 */
}
int cpu_iwrap_header(struct cpu_iwrap *w, const __u8 *in, __u32 len, __u32 *used);
void cpu_iwrap_data(struct cpu_iwrap *w, const __u8 *out, __u32 len);
int cpu_iwrap_trailer(struct cpu_iwrap *w, const __u8 *in, __u32 len, __u32 *used);

/*
 * A deflate block header checked with zlib's rules (cpu_ihdr.c), read from
 * nbits bits (low first) then buf[0] and buf[1] without consuming them.
 * *bfinal is the header's BFINAL bit when the result is not CPU_IH_MORE.
 */
enum { CPU_IH_OK, CPU_IH_MORE, CPU_IH_BAD };
struct cpu_bitsrc {
	__u64 bits;
	int nbits;
	const __u8 *buf[2];
	__u32 len[2];
};
int cpu_ihdr_check(const struct cpu_bitsrc *src, bool *bfinal);

/*
 * The rest of a raw deflate stream on zlib from a block boundary
 * (cpu_izlib.c): start with the output so far as dictionary, the partial
 * byte's nbits (< 8) and up to 8 whole bytes already taken; then run over
 * the caller's input (the held bytes go first). CPU_IZ_END: the deflate
 * data ended; cpu_izlib_leftover gives held bytes it did not use.
 */
enum { CPU_IZ_MORE, CPU_IZ_END, CPU_IZ_BAD };
struct cpu_izlib {
	z_stream z;
	bool ready;
	__u8 held[8];
	__u32 nheld, off;
};
int cpu_izlib_start(struct cpu_izlib *zf, const __u8 *dict, __u32 dict_len, __u32 bits,
		    int nbits, const __u8 *held, __u32 nheld);
int cpu_izlib_run(struct cpu_izlib *zf, const __u8 *in, __u32 len, __u32 *used, __u8 *out,
		  __u32 room, __u32 *made);
__u32 cpu_izlib_leftover(struct cpu_izlib *zf, const __u8 **rest);
void cpu_izlib_free(struct cpu_izlib *zf);

/*
 * Stream inflate on ISA-L (cpu_istream.c): one stream (gzip member) per
 * cpu_istream_new/reset, exact bytes consumed, cpu_stream's statuses.
 */
struct cpu_istream;
struct cpu_istream *cpu_istream_new(void);
void cpu_istream_reset(struct cpu_istream *is, __u8 alg);
void cpu_istream_step(struct cpu_istream *is, struct wd_comp_msg *m, bool *ended);
void cpu_istream_free(struct cpu_istream *is);

/* A canonical Huffman code's decoding table: entry = len << 9 | symbol,
 * 0xffff for a bit pattern that is no code. */
struct cpu_dhuff {
	unsigned max;
	__u16 tab[1u << 15];
};

/* cpu_deflate_last_block's tables (128 KiB: allocated, never on a stack) */
struct cpu_dwalk {
	struct cpu_dhuff lit, dist;
};

/* In a complete raw deflate stream p[0..len): the bit offsets of the final
 * block's header and of its end. 0, or -1 when malformed (cpu_dwalk.c). */
int cpu_deflate_last_block(struct cpu_dwalk *w, const __u8 *p, size_t len, size_t *hdr_bit,
			   size_t *end_bit);

/*
 * A libdeflate segment of a raw stream (cpu_ldseg.c): a flush request
 * (WDI_COMP_FLUSH_*) or the last one, compressed whole by libdeflate and,
 * unless last, turned into a non-final segment ending at a sync flush point
 * (00 00 ff ff). No history is kept across segments (libdeflate has none).
 * true: m is done; false: the caller runs it another way (nothing reported).
 */
struct cpu_ldseg {
	struct libdeflate_compressor *ld;
	int level;
	struct cpu_dwalk *walk;
};
bool cpu_ld_segment(struct cpu_ldseg *ls, struct wd_comp_msg *m);
void cpu_ld_segment_free(struct cpu_ldseg *ls);

#endif /* CPU_COMP_H */

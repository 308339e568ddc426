/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The baselines of `wd bench`: ISA-L, zlib and libdeflate called directly.
 * Each codec is built once per thread and reused for every block, the way a
 * careful application would use the library, so the framework is compared
 * with the best each library can do, not with a strawman.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>
#include "bench_direct.h"

struct bd_codec {
	int lib;
	int fmt;
	bool decomp;
	union {
		struct {
			struct isal_zstream zs;
			uint8_t *level_buf;
			uint32_t level_buf_size;
			uint32_t level;
		} isal_c;
		struct inflate_state *isal_d;	/* ~40 KiB: keep it off the stack */
		z_stream z;
		struct libdeflate_compressor *ldc;
		struct libdeflate_decompressor *ldd;
	};
};

static const char *const lib_names[BD_LIB_MAX] = { "isal", "zlib", "libdeflate" };

const char *bd_lib_name(int lib)
{
	return lib >= 0 && lib < BD_LIB_MAX ? lib_names[lib] : "?";
}

int bd_lib_from_name(const char *name)
{
	for (int i = 0; i < BD_LIB_MAX; i++)
		if (!strcmp(name, lib_names[i]))
			return i;
	return -1;
}

bool bd_level_ok(int lib, int level)
{
	switch (lib) {
	case BD_ISAL:
		return level >= 0 && level <= ISAL_DEF_MAX_LEVEL;
	case BD_ZLIB:
		return level >= 1 && level <= 9;
	case BD_LIBDEFLATE:
		return level >= 1 && level <= 12;
	}
	return false;
}

size_t bd_comp_bound(size_t n)
{
	/* Stored blocks cost 5 bytes per 64 KiB (zlib: per 16 KiB); ISA-L needs
	 * header room even for tiny input. Generous on purpose. */
	return n + (n >> 3) + 1024;
}

/* zlib's windowBits for each container. */
static int zlib_wbits(int fmt)
{
	return fmt == BD_FMT_DEFLATE ? -15 : fmt == BD_FMT_ZLIB ? 15 : 31;
}

static uint32_t isal_level_buf_size(int level)
{
	switch (level) {
	case 1:
		return ISAL_DEF_LVL1_DEFAULT;
	case 2:
		return ISAL_DEF_LVL2_DEFAULT;
	case 3:
		return ISAL_DEF_LVL3_DEFAULT;
	}
	return 0;
}

struct bd_codec *bd_open(int lib, int fmt, int level, bool decomp)
{
	struct bd_codec *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->lib = lib;
	c->fmt = fmt;
	c->decomp = decomp;
	if (!decomp && !bd_level_ok(lib, level))
		goto fail;

	switch (lib) {
	case BD_ISAL:
		if (decomp) {
			c->isal_d = malloc(sizeof(*c->isal_d));
			if (!c->isal_d)
				goto fail;
			isal_inflate_init(c->isal_d);
			break;
		}
		isal_deflate_stateless_init(&c->isal_c.zs);
		c->isal_c.level = (uint32_t)level;
		c->isal_c.level_buf_size = isal_level_buf_size(level);
		if (c->isal_c.level_buf_size) {
			c->isal_c.level_buf = malloc(c->isal_c.level_buf_size);
			if (!c->isal_c.level_buf)
				goto fail;
		}
		break;
	case BD_ZLIB:
		if (decomp) {
			if (inflateInit2(&c->z, zlib_wbits(fmt)) != Z_OK)
				goto fail;
		} else if (deflateInit2(&c->z, level, Z_DEFLATED, zlib_wbits(fmt), 8,
					Z_DEFAULT_STRATEGY) != Z_OK) {
			goto fail;
		}
		break;
	case BD_LIBDEFLATE:
		if (decomp)
			c->ldd = libdeflate_alloc_decompressor();
		else
			c->ldc = libdeflate_alloc_compressor(level);
		if (!c->ldd && !c->ldc)
			goto fail;
		break;
	default:
		goto fail;
	}
	return c;
fail:
	free(c);
	return NULL;
}

void bd_close(struct bd_codec *c)
{
	if (!c)
		return;
	switch (c->lib) {
	case BD_ISAL:
		if (c->decomp)
			free(c->isal_d);
		else
			free(c->isal_c.level_buf);
		break;
	case BD_ZLIB:
		if (c->decomp)
			inflateEnd(&c->z);
		else
			deflateEnd(&c->z);
		break;
	case BD_LIBDEFLATE:
		if (c->decomp)
			libdeflate_free_decompressor(c->ldd);
		else
			libdeflate_free_compressor(c->ldc);
		break;
	}
	free(c);
}

static int isal_comp(struct bd_codec *c, const void *src, size_t slen, void *dst, size_t *dlen)
{
	static const uint16_t gz_flag[] = { IGZIP_DEFLATE, IGZIP_ZLIB, IGZIP_GZIP };
	struct isal_zstream *zs = &c->isal_c.zs;

	/* Stateless: only the per-call fields; the stream itself was set up once. */
	zs->next_in = (uint8_t *)src;
	zs->avail_in = (uint32_t)slen;
	zs->total_in = 0;
	zs->next_out = dst;
	zs->avail_out = (uint32_t)*dlen;
	zs->total_out = 0;
	zs->level = c->isal_c.level;
	zs->level_buf = c->isal_c.level_buf;
	zs->level_buf_size = c->isal_c.level_buf_size;
	zs->gzip_flag = gz_flag[c->fmt];
	/* ISA-L 2.30 remembers a written zlib/gzip header across stateless calls
	 * (and rewrites gzip_flag to *_NO_HDR): without this only block 0 gets one. */
	zs->internal_state.has_wrap_hdr = 0;
	zs->end_of_stream = 1;
	zs->flush = NO_FLUSH;
	if (isal_deflate_stateless(zs) != COMP_OK || zs->avail_in)
		return -1;
	*dlen = (size_t)(zs->next_out - (uint8_t *)dst);
	return 0;
}

static int isal_decomp(struct bd_codec *c, const void *src, size_t slen, void *dst, size_t *dlen)
{
	static const uint32_t crc_flag[] = { ISAL_DEFLATE, ISAL_ZLIB, ISAL_GZIP };
	struct inflate_state *st = c->isal_d;

	st->next_in = (uint8_t *)src;
	st->avail_in = (uint32_t)slen;
	st->next_out = dst;
	st->avail_out = (uint32_t)*dlen;
	st->crc_flag = crc_flag[c->fmt];
	if (isal_inflate_stateless(st) != ISAL_DECOMP_OK)
		return -1;
	*dlen = st->total_out;
	return 0;
}

static int zlib_run(struct bd_codec *c, const void *src, size_t slen, void *dst, size_t *dlen)
{
	z_stream *z = &c->z;
	int ret;

	if ((c->decomp ? inflateReset(z) : deflateReset(z)) != Z_OK)
		return -1;
	z->next_in = (Bytef *)src;
	z->avail_in = (uInt)slen;
	z->next_out = dst;
	z->avail_out = (uInt)*dlen;
	ret = c->decomp ? inflate(z, Z_FINISH) : deflate(z, Z_FINISH);
	if (ret != Z_STREAM_END)
		return -1;
	*dlen = z->total_out;
	return 0;
}

static int ld_run(struct bd_codec *c, const void *src, size_t slen, void *dst, size_t *dlen)
{
	enum libdeflate_result r;
	size_t out = 0;

	if (!c->decomp) {
		if (c->fmt == BD_FMT_DEFLATE)
			out = libdeflate_deflate_compress(c->ldc, src, slen, dst, *dlen);
		else if (c->fmt == BD_FMT_ZLIB)
			out = libdeflate_zlib_compress(c->ldc, src, slen, dst, *dlen);
		else
			out = libdeflate_gzip_compress(c->ldc, src, slen, dst, *dlen);
		if (!out)
			return -1;
		*dlen = out;
		return 0;
	}
	if (c->fmt == BD_FMT_DEFLATE)
		r = libdeflate_deflate_decompress(c->ldd, src, slen, dst, *dlen, &out);
	else if (c->fmt == BD_FMT_ZLIB)
		r = libdeflate_zlib_decompress(c->ldd, src, slen, dst, *dlen, &out);
	else
		r = libdeflate_gzip_decompress(c->ldd, src, slen, dst, *dlen, &out);
	if (r != LIBDEFLATE_SUCCESS)
		return -1;
	*dlen = out;
	return 0;
}

int bd_run(struct bd_codec *c, const void *src, size_t slen, void *dst, size_t *dlen)
{
	if (slen > UINT32_MAX || *dlen > UINT32_MAX)
		return -1;
	switch (c->lib) {
	case BD_ISAL:
		return c->decomp ? isal_decomp(c, src, slen, dst, dlen) :
				   isal_comp(c, src, slen, dst, dlen);
	case BD_ZLIB:
		return zlib_run(c, src, slen, dst, dlen);
	case BD_LIBDEFLATE:
		return ld_run(c, src, slen, dst, dlen);
	}
	return -1;
}

int bd_verify(int fmt, const void *comp, size_t clen, const void *raw, size_t rlen,
	      void *scratch)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, zlib_wbits(fmt)) != Z_OK)
		return -1;
	z.next_in = (Bytef *)comp;
	z.avail_in = (uInt)clen;
	z.next_out = scratch;
	z.avail_out = (uInt)rlen + 1;	/* one spare byte: catch output that is too long */
	ret = inflate(&z, Z_FINISH);
	/* The block must be one complete stream that uses all of its bytes. */
	if (ret != Z_STREAM_END || z.avail_in || z.total_out != rlen ||
	    memcmp(scratch, raw, rlen))
		ret = -1;
	else
		ret = 0;
	inflateEnd(&z);
	return ret;
}

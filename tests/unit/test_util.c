/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include <uadk/wd_sched.h>
#include "test_util.h"

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void td_fill(uint8_t *buf, size_t len, enum tdata kind, uint32_t seed)
{
	static const char *const words[] = { "warp ", "drive ", "queue ", "ring ", "deflate ",
					     "the ", "of ", "accelerator ", "\n", "0x1f, " };
	uint32_t s = seed * 2654435761u + 1;
	size_t i = 0;

	while (i < len) {
		int k = kind == TD_MIXED ? (int)((i >> 13) % 4) : (int)kind;

		if (k == 3) {
			/* period 6000: the only matches are 6000 bytes back, so a
			 * 4 KiB window forbids them and a strict decoder notices */
			uint32_t h = (uint32_t)(i % 6000) * 2654435761u;

			buf[i++] = (uint8_t)(h >> 24);
		} else if (k == TD_ZEROS) {
			buf[i++] = 0;
		} else if (k == TD_RANDOM) {
			buf[i++] = (uint8_t)xorshift(&s);
		} else {
			const char *w = words[xorshift(&s) % 10];

			while (*w && i < len)
				buf[i++] = (uint8_t)*w++;
		}
	}
}

int td_zlib_wbits(int alg, int win)
{
	static const int bits[] = { 12, 13, 14, 14, 15 };	/* 24K: our encoders use 16K */
	int b = bits[win];

	return alg == WD_DEFLATE ? -b : alg == WD_ZLIB ? b : b + 16;
}

long td_zlib_inflate(int alg, int win, const uint8_t *src, size_t len, uint8_t *dst, size_t cap)
{
	z_stream z;
	long out;
	int ret;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, td_zlib_wbits(alg, win)) != Z_OK)
		return -1;
	z.next_in = (Bytef *)src;
	z.avail_in = (uInt)len;
	z.next_out = dst;
	/*
	 * Small output steps: zlib then has to take history from its window,
	 * so a match farther back than the window fails ("too far back").
	 * Decoding into one big buffer would silently allow it.
	 */
	do {
		size_t room = cap - (size_t)(z.next_out - dst);

		z.avail_out = (uInt)(room < 256 ? room : 256);
		ret = inflate(&z, Z_NO_FLUSH);
	} while (ret == Z_OK && (z.avail_in || !z.avail_out) && (size_t)(z.next_out - dst) < cap);
	if (ret == Z_OK && z.avail_in == 0)
		ret = inflate(&z, Z_FINISH);
	out = (long)z.total_out;
	/* the whole input must be one stream, nothing after it */
	if (ret != Z_STREAM_END || z.avail_in)
		out = -1;
	inflateEnd(&z);
	return out;
}

long td_zlib_deflate(int alg, int level, int wbits, int strategy, const uint8_t *src, size_t len,
		     uint8_t *dst, size_t cap)
{
	int w = alg == WD_DEFLATE ? -wbits : alg == WD_ZLIB ? wbits : wbits + 16;
	z_stream z;
	long out;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, level, Z_DEFLATED, w, 8, strategy) != Z_OK)
		return -1;
	z.next_in = (Bytef *)src;
	z.avail_in = (uInt)len;
	z.next_out = dst;
	z.avail_out = (uInt)cap;
	out = deflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	deflateEnd(&z);
	return out;
}

handle_t td_sess(int alg, int op, int level, int win, int mode)
{
	struct sched_params sp = { .numa_id = -1, .type = (__u8)op, .mode = (__u8)mode };
	struct wd_comp_sess_setup ss = {
		.alg_type = alg, .comp_lv = level, .win_sz = win, .op_type = op,
		.sched_param = &sp,
	};

	return wd_comp_alloc_sess(&ss);
}

int td_mkdirs(const char *path)
{
	char buf[1024], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	return mkdir(buf, 0755) && access(buf, F_OK) ? -1 : 0;
}

int td_write_file(const char *path, const char *text)
{
	char dir[1024], *slash;
	FILE *f;
	int ret;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -1;
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (td_mkdirs(dir))
			return -1;
	}
	f = fopen(path, "w");
	if (!f)
		return -1;
	ret = fputs(text, f) < 0 ? -1 : 0;
	return fclose(f) ? -1 : ret;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int td_rm_tree(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

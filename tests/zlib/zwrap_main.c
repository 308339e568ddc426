/* SPDX-License-Identifier: Apache-2.0 */
/* zwrap's driver and shared helpers (see zwrap.h). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "zfnv.h"
#include "zwrap.h"

unsigned char zw_data[ZW_DATA_LEN];
long zw_live;

void zw_data_init(void)
{
	static const char *const words[] = { "warp ", "drive ", "zlib ", "deflate ", "inflate ",
		"window ", "stream ", "\n", "0123 ", "queue ", "accelerator ", "the " };
	uint32_t x = 12345;
	size_t i = 0;

	while (i < ZW_DATA_LEN) {
		const char *w;

		x = x * 1103515245u + 12345u;
		w = words[(x >> 16) % (sizeof(words) / sizeof(words[0]))];
		while (*w && i < ZW_DATA_LEN)
			zw_data[i++] = (unsigned char)*w++;
	}
}

uint64_t zw_hash(const void *p, size_t n)
{
	return zfnv(p, n);
}

void zw_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void zw_show(const char *what, const z_stream *s, long ret)
{
	if (s == NULL) {
		zw_line("%s: ret=%ld", what, ret);
		return;
	}
	zw_line("%s: ret=%ld in=%u/%lu out=%u/%lu adler=%08lx type=%d msg=%s", what, ret,
		s->avail_in, s->total_in, s->avail_out, s->total_out, s->adler, s->data_type,
		s->msg ? s->msg : "-");
}

voidpf zw_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	zw_live++;
	return calloc(items, size);
}

void zw_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	if (p != NULL)
		zw_live--;
	free(p);
}

size_t zw_deflate_all(z_stream *s, const unsigned char *in, size_t n, unsigned char *out,
		      size_t cap, unsigned step, int flush_last)
{
	size_t done = 0, produced = 0;
	int ret = Z_OK;

	while (ret == Z_OK || ret == Z_BUF_ERROR) {
		size_t chunk = n - done < step ? n - done : step;
		int last = done + chunk == n;

		s->next_in = (Bytef *)(uintptr_t)(in + done);
		s->avail_in = (uInt)chunk;
		s->next_out = out + produced;
		s->avail_out = (uInt)(cap - produced < step ? cap - produced : step);
		ret = deflate(s, last ? flush_last : Z_NO_FLUSH);
		done += chunk - s->avail_in;
		produced = (size_t)(s->next_out - out);
		if (last && s->avail_in == 0 && flush_last != Z_FINISH && s->avail_out != 0)
			break;
		if (produced == cap)
			break;
	}
	zw_show("deflate_all", s, ret);
	return produced;
}

int main(void)
{
	Dl_info info;

	/* which library serves zlib's API: stderr, not the transcript */
	if (dladdr((void *)(uintptr_t)deflate, &info) && info.dli_fname != NULL)
		fprintf(stderr, "zwrap: deflate from %s\n", info.dli_fname);
	setvbuf(stdout, NULL, _IOLBF, 0);
	zw_data_init();
	zw_bad_states();
	zw_deflate_parts();
	zw_inflate_parts();
	zw_misc_parts();
	zw_line("end");
	return 0;
}

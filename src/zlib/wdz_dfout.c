/* SPDX-License-Identifier: Apache-2.0 */
/* The fast deflate's output: zlib's pending bytes, header, trailer, stored
 * blocks (wdz_dfout.h). */
#include <string.h>
#include <stdlib.h>
#include "wd_bytes.h"
#include "wdz_dfout.h"
#include "wdz_state.h"

int wdz_out_reserve(struct wdz_dfast *df, size_t need)
{
	size_t ncap;
	unsigned char *p;

	if (df->pos == df->len) {
		df->hdr_end = df->hdr_end > df->pos ? df->hdr_end - df->pos : 0;
		df->pos = df->len = 0;
	}
	if (df->cap - df->len >= need)
		return 0;
	ncap = df->cap * 2 > df->len + need ? df->cap * 2 : df->len + need;
	p = realloc(df->out, ncap);
	if (p == NULL)
		return -1;
	df->out = p;
	df->cap = ncap;
	return 0;
}

/* Give out what fits; zlib sets data_type at its first block, once the
 * header is out and there is room to go on. */
void wdz_drain(z_streamp strm, struct wdz_dfast *df)
{
	size_t n = df->len - df->pos;

	if (n > strm->avail_out)
		n = strm->avail_out;
	if (n) {
		memcpy(strm->next_out, df->out + df->pos, n);
		df->pos += n;
		strm->next_out += n;
		strm->avail_out -= (uInt)n;
		strm->total_out += n;
	}
	if (!df->dt_set && df->dt_known &&
	    (df->pos > df->hdr_end || (df->pos == df->hdr_end && strm->avail_out > 0))) {
		strm->data_type = df->data_type;
		df->dt_set = 1;
	}
}

/* zlib's header bytes for a stream without dictionary or gzip header, at
 * the level the stream started with: only the deflate data can differ. */
size_t wdz_header_bytes(const struct wdz_dfast *df, unsigned char *p)
{
	static const unsigned char gz[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	unsigned h;

	if (df->wrap == 1) {
		/* CM 8, CINFO 7; FLEVEL as zlib: 0 for level 1, 1 below 6, 2 at 6, 3 above */
		h = (8 + (7 << 4)) << 8;
		h |= (unsigned)(df->hdr_level < 2 ? 0 : df->hdr_level < 6 ? 1 :
				df->hdr_level == 6 ? 2 : 3) << 6;
		h += 31 - h % 31;
		p[0] = (unsigned char)(h >> 8);
		p[1] = (unsigned char)h;
		return 2;
	}
	if (df->wrap == 2) {
		/* XFL 2 at level 9, 4 at level 1; OS 3 (Unix), as Debian's zlib */
		memcpy(p, gz, 10);
		p[8] = df->hdr_level == 9 ? 2 : df->hdr_level < 2 ? 4 : 0;
		return 10;
	}
	return 0;
}

int wdz_queue_header(struct wdz_dfast *df)
{
	if (df->used || df->hdr_end || df->wrap == 0)
		return 0;
	if (wdz_out_reserve(df, 10))
		return -1;
	df->len += wdz_header_bytes(df, df->out + df->len);
	df->hdr_end = df->len;
	return 0;
}

int wdz_queue_trailer(z_streamp strm, struct wdz_dfast *df)
{
	if (wdz_out_reserve(df, 8))
		return -1;
	if (df->wrap == 1) {
		wd_put_be32(df->out + df->len, df->check);
		df->len += 4;
	} else {
		wd_put_le32(df->out + df->len, df->check);
		wd_put_le32(df->out + df->len + 4, strm->total_in);
		df->len += 8;
	}
	return 0;
}

size_t wdz_stored_size(size_t n)
{
	return n + 5 * (n ? (n + 65534) / 65535 : 1);
}

void wdz_put_stored(unsigned char *p, const unsigned char *d, size_t n, int final)
{
	do {
		size_t k = n < 65535 ? n : 65535;

		*p++ = final && k == n;
		p[0] = (unsigned char)k;
		p[1] = (unsigned char)(k >> 8);
		p[2] = (unsigned char)~k;
		p[3] = (unsigned char)(~k >> 8);
		memcpy(p + 4, d, k);
		p += 4 + k;
		d += k;
		n -= k;
	} while (n);
}


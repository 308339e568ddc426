/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `zseq verify RECORDS`: decode every deflate stream segment a run wrote
 * (zs_write_record),
 * with the zlib this process has (zlib_seq.sh runs it without the drop-in:
 * the system zlib), against the seed's data made again here.
 */
#include <stdlib.h>
#include <string.h>
#include "zseq.h"

/* a segment as the verifier reads it: the record, its flush points, its
 * output (ZSEQ_BREAK=verify flips a byte of it, which must be caught) */
void zs_write_record(const struct zs_record *rec, const uint64_t *flush_pts,
		     const unsigned char *out)
{
	FILE *f = zs.records;
	size_t mid = rec->out_len / 2;

	if (f == NULL)
		return;
	fwrite(rec, sizeof(*rec), 1, f);
	if (rec->nflush)
		fwrite(flush_pts, sizeof(uint64_t) * 2, rec->nflush, f);
	if (rec->out_len && zs.brk && !strcmp(zs.brk, "verify")) {
		unsigned char c = out[mid] ^ 0x20;

		fwrite(out, 1, mid, f);
		fwrite(&c, 1, 1, f);
		fwrite(out + mid + 1, 1, rec->out_len - mid - 1, f);
	} else if (rec->out_len) {
		fwrite(out, 1, rec->out_len, f);
	}
	if (ferror(f))
		zs_fail("writing the record file");
}

struct seg {
	struct zs_record rec;
	uint64_t *fp;
	unsigned char *out, *data, *dict;
	size_t len, dlen;
};

/* feed out[from..to) to s, with at most want - got bytes of output room
 * plus one (so a byte too many shows); the output goes to got */
static int feed(struct seg *g, z_stream *s, size_t from, size_t to, unsigned char *dst,
		size_t want, size_t *got)
{
	int r = Z_OK;

	s->next_in = g->out + from;
	s->avail_in = (uInt)(to - from);
	for (;;) {
		s->next_out = dst + *got;
		s->avail_out = (uInt)(want + 1 - *got);
		r = inflate(s, Z_SYNC_FLUSH);
		*got = (size_t)(s->next_out - dst);
		if (r == Z_NEED_DICT && g->rec.dict) {
			r = inflateSetDictionary(s, g->dict, (uInt)g->dlen);
			ZS_CHECK(r == Z_OK, "decoding: inflateSetDictionary %d", r);
			continue;
		}
		if (r != Z_OK || s->avail_in == 0 || s->avail_out == 0)
			return r;
	}
}

static void check_seg(struct seg *g)
{
	const struct zs_record *rc = &g->rec;
	const unsigned char *data = g->data + rc->in_off;
	int raw = rc->wbits < 0, wb = raw ? -15 : rc->wbits > 15 ? 31 : 15, r;
	unsigned char *dst = malloc(rc->in_len + 1);
	size_t got = 0, at = 0;
	unsigned fulls = 0;
	z_stream s;

	if (dst == NULL)
		abort();
	ZS_CHECK(rc->in_off + rc->in_len <= g->len, "record: input past the data");
	memset(&s, 0, sizeof(s));
	ZS_CHECK(inflateInit2(&s, wb) == Z_OK, "inflateInit2");
	if (raw && rc->dict)
		ZS_CHECK(inflateSetDictionary(&s, g->dict, (uInt)g->dlen) == Z_OK, "raw dictionary");
	for (uint32_t k = 0; k < rc->nflush; k++) {
		size_t in = (size_t)(g->fp[2 * k] & ~(1ull << 63)), out = (size_t)g->fp[2 * k + 1];

		zs.call = k;
		ZS_CHECK(in <= rc->in_len && out <= rc->out_len && out >= at, "record: bad flush point");
		r = feed(g, &s, at, out, dst, rc->in_len, &got);
		ZS_CHECK((r == Z_OK || r == Z_BUF_ERROR) && got == in && !memcmp(dst, data, in),
			 "flush point %u: %zu bytes of output decode to %zu bytes (%d), %zu given",
			 k, out, got, r, in);
		at = out;
	}
	if (rc->finished) {
		zs.call = rc->nflush;
		r = feed(g, &s, at, rc->out_len, dst, rc->in_len, &got);
		ZS_CHECK(r == Z_STREAM_END && s.avail_in == 0 && got == rc->in_len &&
			 !memcmp(dst, data, got),
			 "the stream decodes to %zu bytes (%d, %u left over), %zu given", got, r,
			 s.avail_in, (size_t)rc->in_len);
	}
	inflateEnd(&s);
	/* after a full flush a raw stream needs no history: decode the rest alone */
	for (uint32_t k = 0; raw && rc->finished && k < rc->nflush && fulls < 2; k++) {
		size_t in = (size_t)(g->fp[2 * k] & ~(1ull << 63)), out = (size_t)g->fp[2 * k + 1];

		if (!(g->fp[2 * k] >> 63))
			continue;
		fulls++;
		zs.call = k;
		got = 0;
		memset(&s, 0, sizeof(s));
		ZS_CHECK(inflateInit2(&s, -15) == Z_OK, "inflateInit2");
		r = feed(g, &s, out, rc->out_len, dst, rc->in_len - in, &got);
		ZS_CHECK(r == Z_STREAM_END && got == rc->in_len - in && !memcmp(dst, data + in, got),
			 "after the full flush at %zu, the rest decodes to %zu bytes (%d)", out, got,
			 r);
		inflateEnd(&s);
	}
	free(dst);
}

/* setjmp here, not in the loop: the loop's locals stay out of its frame */
static void check_one(struct seg *g)
{
	if (!zs.next || !setjmp(*zs.next))
		check_seg(g);
}

unsigned long zs_verify(FILE *f)
{
	struct seg g;
	unsigned long n = 0;
	uint32_t seed = 0;
	int have = 0;

	memset(&g, 0, sizeof(g));
	zs.what = "verify";
	while (fread(&g.rec, sizeof(g.rec), 1, f) == 1) {
		zs.seed = g.rec.seed;
		zs.call = 0;
		g.fp = malloc(sizeof(uint64_t) * 2 * g.rec.nflush + 1);
		g.out = malloc(g.rec.out_len + 1);
		if (g.fp == NULL || g.out == NULL)
			abort();
		if (fread(g.fp, sizeof(uint64_t) * 2, g.rec.nflush, f) != g.rec.nflush ||
		    fread(g.out, 1, g.rec.out_len, f) != g.rec.out_len)
			zs_fail("record file truncated");
		if (!have || seed != g.rec.seed) {
			struct zrng r;

			free(g.data);
			free(g.dict);
			zr_for(&r, g.rec.seed, ZS_DATA);
			g.data = zs_gen_data(&r, &g.len);
			zr_for(&r, g.rec.seed, ZS_DICT);
			g.dict = zs_gen_dict(&r, g.data, g.len, &g.dlen);
			seed = g.rec.seed;
			have = 1;
		}
		check_one(&g);
		free(g.fp);
		free(g.out);
		n++;
	}
	free(g.data);
	free(g.dict);
	return n;
}

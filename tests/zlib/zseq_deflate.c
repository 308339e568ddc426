/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zseq's deflate scenario: a random deflateInit2 (level, windowBits in its
 * raw/zlib/gzip forms, memLevel, strategy), maybe a dictionary, a gzip
 * header, primed bits, then random deflate calls (every flush mode, avail_in
 * and avail_out from 1 byte to 256 KiB, sometimes 0) mixed with
 * deflateParams, deflateCopy (going on with either stream), deflateReset,
 * deflatePending and deflateBound, until Z_STREAM_END; sometimes a reset
 * and a second stream. Each call is checked at once (zseq_main.c lists the
 * invariants); each stream segment goes to the record file for the
 * verifier, which decodes it with the system zlib.
 */
#include <stdlib.h>
#include <string.h>
#include "zseq.h"

#define ZS_CALL_CAP 600	/* then buffers get large, so a scenario ends */

struct dsc {
	struct zrng r;		/* the call sequence */
	z_stream *s;
	unsigned char *in;		/* next_in is not const without Z_CONST */
	size_t len, pos;	/* pos: input given so far (next_in + avail_in) */
	const unsigned char *dict;
	size_t dlen;
	int wbits, wrap, gran;	/* wrap: 0 raw, 1 zlib, 2 gzip */
	/* the segment since init or reset */
	size_t seg_off;
	struct zbuf out;
	uint64_t *fp;
	size_t nfp, capfp;
	int seg_dict, primed, only_nf, finishing, segs;
	int level, w, mem;	/* the stream's parameters now */
	uLong bound;
	gz_header head;
};

static z_stream *new_stream(void)
{
	z_stream *s = calloc(1, sizeof(*s));

	if (s == NULL)
		abort();
	return s;
}

static size_t seg_in(const struct dsc *d)
{
	return (size_t)(d->s->next_in - d->in) - d->seg_off;
}

static void write_record(struct dsc *d, int finished)
{
	struct zs_record rec = {
		.seed = zs.seed, .wbits = d->wbits, .dict = (uint32_t)d->seg_dict,
		.finished = (uint32_t)finished, .in_off = d->seg_off, .in_len = seg_in(d),
		.adler = (uint32_t)d->s->adler, .nflush = (uint32_t)d->nfp, .out_len = d->out.len,
	};

	if (d->primed)
		return;		/* a primed stream starts with bits only the caller knows */
	zs_write_record(&rec, d->fp, d->out.p);
}

/* Check one call's bookkeeping: what moved is what the pointers, the
 * avail counts and the totals all say. */
struct snap {
	const Bytef *ni;
	Bytef *no;
	uInt ai, ao;
	uLong ti, to;
};

static void snap_take(struct snap *p, const z_stream *s)
{
	p->ni = s->next_in;
	p->no = s->next_out;
	p->ai = s->avail_in;
	p->ao = s->avail_out;
	p->ti = s->total_in;
	p->to = s->total_out;
}

static void snap_check(const struct snap *p, const z_stream *s, size_t *used, size_t *made)
{
	ZS_CHECK(s->avail_in <= p->ai && s->avail_out <= p->ao,
		 "avail grew: in %u -> %u, out %u -> %u", p->ai, s->avail_in, p->ao, s->avail_out);
	*used = p->ai - s->avail_in;
	*made = p->ao - s->avail_out;
	ZS_CHECK(s->next_in == p->ni + *used && s->next_out == p->no + *made,
		 "next_in/next_out moved %td/%td, avail says %zu/%zu", s->next_in - p->ni,
		 s->next_out - p->no, *used, *made);
	ZS_CHECK(s->total_in == p->ti + *used && s->total_out == p->to + *made,
		 "total_in/total_out moved %lu/%lu, avail says %zu/%zu", s->total_in - p->ti,
		 s->total_out - p->to, *used, *made);
}

/* output room for the next call: fresh space at the end of the segment */
static void give_out(struct dsc *d, uInt a)
{
	zb_reserve(&d->out, a ? a : 1);
	d->s->next_out = d->out.p + d->out.len;
	d->s->avail_out = a;
}

static void give_in(struct dsc *d, size_t n)
{
	if (n > d->len - d->pos)
		n = d->len - d->pos;
	if (d->s->avail_in == 0)
		d->s->next_in = d->in + d->pos;	/* next_in + avail_in == in + pos */
	d->s->avail_in += (uInt)n;
	d->pos += n;
}

/* the segment's start: the dictionary, gzip header and primed bits the
 * sequence asks for, then deflateBound (F lines: every mode answers these
 * as zlib) */
static void seg_start(struct dsc *d)
{
	/* later segments start after calls whose number may differ in default
	 * mode (the sequence draws per call): only the first is comparable */
	char k = d->segs ? 'E' : 'F';
	int r;

	d->seg_off = (size_t)(d->s->next_in - d->in);
	d->out.len = 0;
	d->nfp = 0;
	d->seg_dict = d->primed = d->finishing = 0;
	d->only_nf = 1;
	if (zr_pct(&d->r, 25)) {
		r = deflateSetDictionary(d->s, d->dict, (uInt)d->dlen);
		zs_line(k, "setdict %zu r=%d adler=%08lx", d->dlen, r, d->s->adler);
		ZS_CHECK(r == (d->wrap == 2 ? Z_STREAM_ERROR : Z_OK), "deflateSetDictionary: %d", r);
		d->seg_dict = r == Z_OK;
	}
	if (d->wrap == 2 && zr_pct(&d->r, 20)) {
		static unsigned char extra[] = "xtra-field";
		static char name[] = "zseq.name", comment[] = "zseq comment";

		memset(&d->head, 0, sizeof(d->head));
		d->head.text = (int)zr_below(&d->r, 2);
		d->head.time = zr_next(&d->r);
		d->head.os = (int)zr_below(&d->r, 256);
		if (zr_pct(&d->r, 50)) {
			d->head.extra = extra;
			d->head.extra_len = (uInt)sizeof(extra);
		}
		d->head.name = zr_pct(&d->r, 50) ? (Bytef *)name : Z_NULL;
		d->head.comment = zr_pct(&d->r, 50) ? (Bytef *)comment : Z_NULL;
		d->head.hcrc = (int)zr_below(&d->r, 2);
		r = deflateSetHeader(d->s, &d->head);
		zs_line(k, "setheader r=%d", r);
		ZS_CHECK(r == Z_OK, "deflateSetHeader: %d", r);
	}
	if (zr_pct(&d->r, 10)) {
		/* an empty fixed block, not last (10 bits: 0, 01, then code 256),
		 * so the stream still decodes; at times in two pieces */
		if (zr_pct(&d->r, 50)) {
			r = deflatePrime(d->s, 10, 2);
		} else {
			r = deflatePrime(d->s, 3, 2);
			if (r == Z_OK)
				r = deflatePrime(d->s, 7, 0);
		}
		zs_line(k, "prime r=%d", r);
		ZS_CHECK(r == Z_OK, "deflatePrime: %d", r);
		d->primed = 1;
	}
	d->bound = deflateBound(d->s, (uLong)(d->len - d->seg_off));
	zs_line(k, "bound %zu -> %lu", d->len - d->seg_off, d->bound);
}

static void show(const struct dsc *d, const char *what, int a, int r, size_t made)
{
	const z_stream *s = d->s;

	zs_line('E', "%u %s %d r=%d in=%u/%lu out=%u/%lu adler=%08lx type=%d h=%016llx",
		zs.call, what, a, r, s->avail_in, s->total_in, s->avail_out, s->total_out,
		s->adler, s->data_type,
		(unsigned long long)zs_hash(d->out.p + d->out.len - made, made));
}

/*
 * zlib 1.2.13's deflateBound underestimates stored blocks (level 0) when
 * windowBits <= memLevel + 7: it returns its bound for fixed blocks, and an
 * empty stored block is a byte longer (zlib 1.3 fixed it). zlib breaks
 * that promise itself, so it is not checked there.
 */
static int bound_promised(const struct dsc *d)
{
	return !(d->level == 0 && d->w <= d->mem + 7) && !d->primed;
}

static void check_end(struct dsc *d)
{
	const unsigned char *data = d->in + d->seg_off;
	size_t n = seg_in(d);
	uLong want = d->wrap == 1 ? zs_adler32(data, n) : d->wrap == 2 ? zs_crc32(data, n) : 1;

	ZS_CHECK(d->s->next_in == d->in + d->len && d->pos == d->len,
		 "Z_STREAM_END with %zu bytes of input not consumed",
		 (size_t)(d->in + d->len - d->s->next_in));
	if (zs.brk && !strcmp(zs.brk, "adler"))
		want ^= 1;
	ZS_CHECK(d->s->adler == want, "adler %08lx at the end, the data's is %08lx", d->s->adler,
		 want);
	ZS_CHECK(!d->only_nf || !bound_promised(d) || d->out.len <= d->bound,
		 "%zu bytes out, deflateBound said %lu (no flush, no params)", d->out.len, d->bound);
}

/* one deflate call; 1 when the stream ended */
static int do_deflate(struct dsc *d, int flush, uInt a)
{
	struct snap p;
	size_t used, made;
	int r;

	give_out(d, a);
	snap_take(&p, d->s);
	r = deflate(d->s, flush);
	snap_check(&p, d->s, &used, &made);
	d->out.len += made;
	show(d, "deflate", flush, r, made);
	if (flush == Z_TREES) {
		/* not a deflate flush value: refused, nothing moved */
		ZS_CHECK(r == Z_STREAM_ERROR && !used && !made, "deflate(Z_TREES): %d", r);
		return 0;
	}
	ZS_CHECK(r == Z_OK || r == Z_BUF_ERROR || r == Z_STREAM_END, "deflate returned %d", r);
	ZS_CHECK(r != Z_BUF_ERROR || (!used && !made), "Z_BUF_ERROR after progress");
	ZS_CHECK(p.ao != 0 || r == Z_BUF_ERROR, "no output room but %d", r);
	if (r == Z_STREAM_END) {
		ZS_CHECK(flush == Z_FINISH, "Z_STREAM_END for flush %d", flush);
		check_end(d);
		return 1;
	}
	if (flush == Z_FINISH && p.ao != 0) {
		ZS_CHECK(r == Z_OK && d->s->avail_out == 0,
			 "Z_FINISH with room returned %d, %u bytes of room left", r, d->s->avail_out);
	}
	if ((flush == Z_SYNC_FLUSH || flush == Z_FULL_FLUSH) && r == Z_OK && d->s->avail_out) {
		/* the flush is complete: everything given decodes from the output */
		ZS_CHECK(d->s->avail_in == 0, "flush done with %u bytes of input left",
			 d->s->avail_in);
		if (d->nfp == d->capfp) {
			d->capfp = d->capfp ? 2 * d->capfp : 16;
			d->fp = realloc(d->fp, d->capfp * 2 * sizeof(*d->fp));
			if (d->fp == NULL)
				abort();
		}
		d->fp[2 * d->nfp] = seg_in(d) | (uint64_t)(flush == Z_FULL_FLUSH) << 63;
		d->fp[2 * d->nfp + 1] = d->out.len;
		d->nfp++;
	}
	if (flush != Z_NO_FLUSH && flush != Z_FINISH)
		d->only_nf = 0;
	return 0;
}

static void do_params(struct dsc *d)
{
	int level = (int)zr_below(&d->r, 11) - 1, strategy = (int)zr_below(&d->r, 5);
	struct snap p;
	size_t used, made;
	int r;

	give_out(d, zr_pct(&d->r, 10) ? 0 : zs_avail(&d->r, d->gran));
	snap_take(&p, d->s);
	r = deflateParams(d->s, level, strategy);
	snap_check(&p, d->s, &used, &made);
	d->out.len += made;
	show(d, "params", level * 10 + strategy, r, made);
	/* Z_BUF_ERROR: the flush it does first did not complete */
	ZS_CHECK(r == Z_OK || r == Z_BUF_ERROR, "deflateParams: %d", r);
	if (r == Z_OK)
		d->level = level;
	d->only_nf = 0;
}

static void do_copy(struct dsc *d)
{
	z_stream *c = new_stream();
	int r = deflateCopy(c, d->s), keep_copy = zr_pct(&d->r, 50), e;

	ZS_CHECK(r == Z_OK, "deflateCopy: %d", r);
	if (keep_copy) {
		e = deflateEnd(d->s);
		free(d->s);
		d->s = c;
	} else {
		e = deflateEnd(c);
		free(c);
	}
	zs_line('E', "%u copy keep=%d end=%d", zs.call, keep_copy, e);
	/* Z_DATA_ERROR: ended with data pending, as zlib says */
	ZS_CHECK(e == Z_OK || e == Z_DATA_ERROR, "deflateEnd after copy: %d", e);
}

static void do_misc(struct dsc *d, unsigned what)
{
	unsigned pend = 0;
	int bits = 0, r;

	if (what == 0) {
		r = deflatePending(d->s, &pend, &bits);
		zs_line('E', "%u pending r=%d %u %d", zs.call, r, pend, bits);
		ZS_CHECK(r == Z_OK && bits >= 0 && bits < 17, "deflatePending: %d bits %d", r, bits);
	} else {
		uLong b = deflateBound(d->s, zr_below(&d->r, 1u << 20));

		zs_line('E', "%u bound %lu", zs.call, b);
	}
}

/* a deflate call, its flush mode and buffer sizes from the sequence */
static int step_deflate(struct dsc *d)
{
	int flush = Z_NO_FLUSH;
	uInt a;
	unsigned c;

	if (!d->finishing && zr_pct(&d->r, d->s->avail_in ? 30 : 85))
		give_in(d, zs_avail(&d->r, d->gran));
	c = zr_below(&d->r, 100);
	if (d->finishing || (d->pos == d->len && c < 15)) {
		flush = Z_FINISH;
	} else if (c < 45) {
		flush = Z_NO_FLUSH;
	} else if (c < 52) {
		flush = Z_PARTIAL_FLUSH;
	} else if (c < 62) {
		flush = Z_SYNC_FLUSH;
	} else if (c < 69) {
		flush = Z_FULL_FLUSH;
	} else if (c < 76) {
		flush = Z_BLOCK;
	} else if (c < 77) {
		flush = Z_TREES;
	} else if (c < 80) {
		/* all the rest at once with Z_FINISH */
		give_in(d, d->len - d->pos);
		flush = Z_FINISH;
	}
	if (flush == Z_FINISH)
		d->finishing = 1;
	a = zr_pct(&d->r, 3) ? 0 : zs_avail(&d->r, d->gran);
	if (zs.call > ZS_CALL_CAP) {
		give_in(d, d->len - d->pos);
		a = (uInt)(d->len + (1u << 18));
	}
	/* drawn in every mode: the sequence must not depend on -x */
	if (d->finishing && zr_pct(&d->r, 5) && zs.exact) {
		/* after Z_FINISH only Z_FINISH is allowed; zlib refuses another
		 * flush once it has all the input (the drop-in's fast path may
		 * refuse earlier: docs/zlib-dropin.md), so only exact runs try */
		struct snap p;
		size_t used, made;
		int r;

		give_out(d, 1);
		snap_take(&p, d->s);
		r = deflate(d->s, Z_NO_FLUSH);
		snap_check(&p, d->s, &used, &made);
		d->out.len += made;
		show(d, "late", Z_NO_FLUSH, r, made);
	}
	return do_deflate(d, flush, a);
}

/* a segment's start: the one-shot at times (all input, Z_FINISH first;
 * with deflateBound's room zlib promises Z_STREAM_END); 1 if it ended */
static int seg_begin(struct dsc *d)
{
	int room;

	seg_start(d);
	if (!zr_pct(&d->r, 20))
		return 0;
	room = zr_pct(&d->r, 60);
	zs.call++;
	give_in(d, d->len);
	d->finishing = 1;
	if (do_deflate(d, Z_FINISH, room ? (uInt)d->bound : zs_avail(&d->r, d->gran)))
		return 1;
	ZS_CHECK(!room || !bound_promised(d), "one-shot with deflateBound's room did not end");
	return 0;
}

static void scenario(struct dsc *d)
{
	int done = seg_begin(d);

	while (!done || (d->segs < 3 && zr_pct(&d->r, 15))) {
		unsigned c;

		zs.call++;
		if (done) {
			/* once more from the start of the data, on the same stream */
			int r;

			write_record(d, 1);
			r = deflateReset(d->s);
			zs_line('E', "reset at end r=%d", r);
			ZS_CHECK(r == Z_OK, "deflateReset: %d", r);
			d->s->next_in = d->in;
			d->s->avail_in = 0;
			d->pos = 0;
			d->segs++;
			done = seg_begin(d);
			continue;
		}
		c = zr_below(&d->r, 100);
		if (c < 4 && !d->finishing) {
			do_params(d);
		} else if (c < 7) {
			do_copy(d);
		} else if (c < 8 && !d->finishing && d->segs < 3) {
			int r;

			write_record(d, 0);
			r = deflateReset(d->s);
			zs_line('E', "%u reset r=%d", zs.call, r);
			ZS_CHECK(r == Z_OK, "deflateReset: %d", r);
			d->segs++;
			done = seg_begin(d);
		} else if (c < 14) {
			do_misc(d, c & 1);
		} else {
			done = step_deflate(d);
		}
	}
	write_record(d, 1);
}

void zs_deflate_scenario(uint32_t seed)
{
	struct zrng dr;
	struct dsc d;
	unsigned char *in, *dict;
	int level, form, w, mem, strategy, r;

	memset(&d, 0, sizeof(d));
	zs.seed = seed;
	zs.what = "deflate";
	zs.call = 0;
	zr_for(&dr, seed, ZS_DATA);
	in = zs_gen_data(&dr, &d.len);
	zr_for(&dr, seed, ZS_DICT);
	dict = zs_gen_dict(&dr, in, d.len, &d.dlen);
	d.in = in;
	d.dict = dict;
	zr_for(&d.r, seed, ZS_CALLS);
	d.gran = zs_gran(&d.r);
	level = (int)zr_below(&d.r, 11) - 1;
	form = (int)zr_below(&d.r, 3);
	w = zr_pct(&d.r, 5) ? 8 : 9 + (int)zr_below(&d.r, 7);
	mem = 1 + (int)zr_below(&d.r, 9);
	strategy = zr_pct(&d.r, 50) ? Z_DEFAULT_STRATEGY : (int)zr_below(&d.r, 5);
	if (zr_pct(&d.r, 50)) {
		/* what the drop-in's fast path takes: a full window, the
		 * default strategy */
		w = 15;
		strategy = Z_DEFAULT_STRATEGY;
	}
	d.wrap = form;
	d.level = level;
	d.w = w == 8 ? 9 : w;	/* zlib's deflate makes windowBits 8 into 9 */
	d.mem = mem;
	d.wbits = form == 0 ? -w : form == 2 ? w + 16 : w;
	d.s = new_stream();
	r = deflateInit2(d.s, level, Z_DEFLATED, d.wbits, mem, strategy);
	zs_line('F', "init len=%zu level=%d wbits=%d mem=%d strategy=%d r=%d", d.len, level,
		d.wbits, mem, strategy, r);
	if (r == Z_OK) {
		/* next_out is never NULL: deflateParams may deflate first */
		give_out(&d, 0);
		d.s->next_in = d.in;	/* segments are placed by next_in */
		scenario(&d);
		zs_line('E', "end segs=%d total_in=%lu", d.segs, d.s->total_in);
		r = deflateEnd(d.s);
		ZS_CHECK(r == Z_OK, "deflateEnd after Z_STREAM_END: %d", r);
	} else {
		/* zlib refuses raw and gzip with windowBits 8 */
		ZS_CHECK(w == 8 && form != 1 && r == Z_STREAM_ERROR, "deflateInit2: %d", r);
	}
	free(d.s);
	free(d.fp);
	zb_free(&d.out);
	free(in);
	free(dict);
}

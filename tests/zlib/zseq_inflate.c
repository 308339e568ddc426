/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zseq's inflate scenario. Its input is a stream made by zlib (random
 * level, format, window, strategy; maybe a dictionary, sync/full flushes,
 * two or three gzip members), intact, truncated, corrupted or followed by
 * junk. Runs under the drop-in read that input from the plain run's corpus
 * file (-r), so every run inflates the same bytes. Then random inflate
 * calls (every flush value, avail_in/avail_out from 1 byte, sometimes 0)
 * mixed with inflateMark, inflateCopy, inflateReset2 (decode again from
 * the start), inflateSyncPoint and inflateGetDictionary; Z_NEED_DICT gets
 * the dictionary, a data error sometimes inflateSync, a gzip member's end
 * inflateReset and the next member, as gzip does. The final state is an
 * F line: every mode must end as zlib does.
 */
#include <stdlib.h>
#include <string.h>
#include "zseq.h"

enum { V_INTACT, V_TRUNC, V_CORRUPT, V_JUNK };
#define ZS_CALL_CAP 600	/* then buffers get large, so a scenario ends */

struct isc {
	struct zrng r;
	struct zrng er;		/* what to do on a data error: drawn per error, not per call */
	z_stream *s;
	unsigned char *src;
	size_t slen, pos;		/* pos: input given so far */
	unsigned char *want, *dict;	/* the members' data, concatenated; the dictionary */
	size_t wlen, dlen;
	int gran, format, w, variant, use_dict, wbits, wbits_ok, synced, dict_set;
	struct zbuf out;
	int want_head;		/* inflateGetHeader for each gzip member */
	gz_header head;
	unsigned char hextra[16], hname[8], hcomment[64];	/* small: truncation too */
};

/* ask for the gzip header of the member to come (wants one in 16 KiB) */
static void get_header(struct isc *d)
{
	int r;

	if (!d->want_head)
		return;
	memset(&d->head, 0, sizeof(d->head));
	memset(d->hextra, 0, sizeof(d->hextra));
	memset(d->hname, 0, sizeof(d->hname));
	memset(d->hcomment, 0, sizeof(d->hcomment));
	d->head.extra = d->hextra;
	d->head.extra_max = sizeof(d->hextra);
	d->head.name = d->hname;
	d->head.name_max = sizeof(d->hname);
	d->head.comment = d->hcomment;
	d->head.comm_max = sizeof(d->hcomment);
	r = inflateGetHeader(d->s, &d->head);
	ZS_CHECK(r == (d->wbits > 15 ? Z_OK : Z_STREAM_ERROR), "inflateGetHeader: %d", r);
}

/* what a member's header said: every mode reads it as zlib */
static void show_header(const struct isc *d)
{
	const gz_header *h = &d->head;

	if (!d->want_head || d->wbits <= 15)
		return;
	zs_line('F', "header done=%d text=%d time=%lu os=%d extra=%u/%016llx name=%016llx "
		"comment=%016llx hcrc=%d", h->done, h->text, h->time, h->os, h->extra_len,
		(unsigned long long)zs_hash(d->hextra, sizeof(d->hextra)),
		(unsigned long long)zs_hash(d->hname, sizeof(d->hname)),
		(unsigned long long)zs_hash(d->hcomment, sizeof(d->hcomment)), h->hcrc);
}

/* one member as zlib makes it: maybe with flushes every few KiB */
static void make_member(struct isc *d, struct zrng *mk, const unsigned char *p, size_t n,
			struct zbuf *o)
{
	int level = (int)zr_below(mk, 11) - 1, mem = 1 + (int)zr_below(mk, 9);
	int strategy = zr_pct(mk, 60) ? Z_DEFAULT_STRATEGY : (int)zr_below(mk, 5);
	int wbits = d->format == 0 ? -d->w : d->format == 2 ? d->w + 16 : d->w;
	size_t step = zr_pct(mk, 25) ? 1 + zr_below(mk, 8192) : n + 1, at = 0;
	z_stream s;
	int r, flush;

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, level, Z_DEFLATED, wbits, mem, strategy) != Z_OK)
		zs_fail("making the inflate input: deflateInit2");
	if (d->use_dict && deflateSetDictionary(&s, d->dict, (uInt)d->dlen) != Z_OK)
		zs_fail("making the inflate input: deflateSetDictionary");
	if (d->format == 2 && zr_pct(mk, 40)) {
		/* a gzip header with fields, for inflateGetHeader */
		static unsigned char extra[] = "zseq-extra";
		static char name[] = "member.txt", comment[] = "made by zseq";
		static gz_header h;

		memset(&h, 0, sizeof(h));
		h.text = 1;
		h.time = zr_next(mk);
		h.os = (int)zr_below(mk, 256);
		h.extra = zr_pct(mk, 50) ? extra : Z_NULL;
		h.extra_len = h.extra ? (uInt)sizeof(extra) : 0;
		h.name = zr_pct(mk, 50) ? (Bytef *)name : Z_NULL;
		h.comment = zr_pct(mk, 50) ? (Bytef *)comment : Z_NULL;
		h.hcrc = (int)zr_below(mk, 2);
		if (deflateSetHeader(&s, &h) != Z_OK)
			zs_fail("making the inflate input: deflateSetHeader");
	}
	do {
		size_t k = n - at < step ? n - at : step;

		s.next_in = (Bytef *)(uintptr_t)(p + at);
		s.avail_in = (uInt)k;
		at += k;
		flush = at == n ? Z_FINISH : zr_pct(mk, 50) ? Z_SYNC_FLUSH : Z_FULL_FLUSH;
		do {
			zb_reserve(o, 65536);
			s.next_out = o->p + o->len;
			s.avail_out = 65536;
			r = deflate(&s, flush);
			o->len += 65536 - s.avail_out;
		} while (s.avail_out == 0);
	} while (flush != Z_FINISH);
	if (r != Z_STREAM_END || deflateEnd(&s) != Z_OK)
		zs_fail("making the inflate input: deflate %d", r);
}

static void make_input(struct isc *d, uint32_t seed)
{
	struct zrng mk, dr;
	struct zbuf o = { 0 };
	int members;
	size_t at = 0;

	zr_for(&dr, seed, ZS_IDATA);
	d->want = zs_gen_data(&dr, &d->wlen);
	zr_for(&dr, seed, ZS_DICT);
	d->dict = zs_gen_dict(&dr, d->want, d->wlen, &d->dlen);
	zr_for(&mk, seed, ZS_MAKE);
	d->format = (int)zr_below(&mk, 3);
	d->w = 9 + (int)zr_below(&mk, 7);
	d->use_dict = d->format != 2 && zr_pct(&mk, 20);
	/* drawn before the members: -r runs skip making them */
	d->variant = (int)zr_below(&mk, 100);
	d->variant = d->variant < 55 ? V_INTACT : d->variant < 70 ? V_TRUNC :
		     d->variant < 85 ? V_CORRUPT : V_JUNK;
	members = d->format == 2 && zr_pct(&mk, 30) ? 2 + (int)zr_below(&mk, 2) : 1;
	for (int m = 0; m < members; m++) {
		size_t n = m == members - 1 ? d->wlen - at : zr_below(&mk, (uint32_t)(d->wlen - at + 1));

		if (!zs.corpus_in)
			make_member(d, &mk, d->want + at, n, &o);
		at += n;
	}
	if (zs.corpus_in) {
		uint32_t s;
		uint64_t n;

		if (fread(&s, sizeof(s), 1, zs.corpus_in) != 1 || s != seed ||
		    fread(&n, sizeof(n), 1, zs.corpus_in) != 1)
			zs_fail("corpus file: no stream for this seed");
		zb_reserve(&o, n + 1);
		if (fread(o.p, 1, n, zs.corpus_in) != n)
			zs_fail("corpus file: short stream");
		o.len = n;
	} else if (d->variant == V_TRUNC) {
		o.len = zr_below(&mk, (uint32_t)o.len);
	} else if (d->variant == V_CORRUPT) {
		for (int k = 1 + (int)zr_below(&mk, 3); k > 0; k--)
			o.p[zr_below(&mk, (uint32_t)o.len)] ^= (unsigned char)(1 + zr_below(&mk, 255));
	} else if (d->variant == V_JUNK) {
		size_t k = 1 + zr_below(&mk, 64);

		zb_reserve(&o, k);
		while (k--)
			o.p[o.len++] = (unsigned char)zr_next(&mk);
	}
	if (zs.corpus_out) {
		uint64_t n = o.len;

		fwrite(&seed, sizeof(seed), 1, zs.corpus_out);
		fwrite(&n, sizeof(n), 1, zs.corpus_out);
		fwrite(o.p, 1, o.len, zs.corpus_out);
	}
	d->src = o.p;
	d->slen = o.len;
}

/* inflateInit2's windowBits: mostly one that fits the stream, at times a
 * smaller window or the wrong format (wbits_ok 0: then zlib's error is
 * what every mode must give) */
static void pick_wbits(struct isc *d)
{
	int w = d->w + (int)zr_below(&d->r, (uint32_t)(16 - d->w)), c = (int)zr_below(&d->r, 100);

	d->wbits_ok = 1;
	if (c < 8) {
		d->wbits_ok = 0;
		w = 8 + (int)zr_below(&d->r, 8);
	}
	if (d->format == 0) {
		d->wbits = -w;
	} else if (d->format == 1) {
		d->wbits = c >= 8 && c < 30 ? 0 : c >= 30 && c < 50 ? w + 32 : w;
	} else {
		d->wbits = c >= 8 && c < 40 ? w + 32 : w + 16;
	}
	if (zr_pct(&d->r, 3)) {
		static const int any[] = { -15, 15, 31, 47, 0 };

		d->wbits = any[zr_below(&d->r, 5)];
		d->wbits_ok = 0;
	}
}

static void restart(struct isc *d)
{
	int r;

	d->s->next_in = d->src;
	d->s->avail_in = 0;
	d->pos = 0;
	d->out.len = 0;
	d->synced = 0;
	d->dict_set = 0;
	get_header(d);
	if (d->format == 0 && d->use_dict && d->wbits < 0) {
		r = inflateSetDictionary(d->s, d->dict, (uInt)d->dlen);
		ZS_CHECK(r == Z_OK, "inflateSetDictionary (raw): %d", r);
	}
}

static void give_in(struct isc *d, size_t n)
{
	if (n > d->slen - d->pos)
		n = d->slen - d->pos;
	if (d->s->avail_in == 0)
		d->s->next_in = d->src + d->pos;
	d->s->avail_in += (uInt)n;
	d->pos += n;
}

/* one inflate call, checked; its return code */
static int do_inflate(struct isc *d)
{
	static const int flushes[] = { Z_NO_FLUSH, Z_NO_FLUSH, Z_NO_FLUSH, Z_SYNC_FLUSH,
				       Z_FINISH, Z_BLOCK, Z_TREES };
	z_stream *s = d->s;
	int flush = flushes[zr_below(&d->r, 7)], r;
	uInt a, ai, ao;
	const Bytef *ni;
	uLong ti, to;
	size_t used, made;

	if (zr_pct(&d->r, s->avail_in ? 30 : 85))
		give_in(d, zs_avail(&d->r, d->gran));
	a = zr_pct(&d->r, 3) ? 0 : zs_avail(&d->r, d->gran);
	if (d->out.len == 0 && zr_pct(&d->r, 25)) {
		/* all of it at once: with room, the drop-in's one-shot; with
		 * less, what it may decode ahead and deliver over later calls */
		give_in(d, d->slen);
		if (zr_pct(&d->r, 60))
			a = (uInt)(d->wlen > d->slen ? d->wlen : d->slen) + (uInt)zr_below(&d->r, 2);
	}
	if (zs.call > ZS_CALL_CAP) {
		give_in(d, d->slen);
		a = (uInt)(d->wlen + 4096);
	}
	zb_reserve(&d->out, a + 1);
	s->next_out = d->out.p + d->out.len;
	s->avail_out = a;
	ni = s->next_in;
	ai = s->avail_in;
	ao = a;
	ti = s->total_in;
	to = s->total_out;
	r = inflate(s, flush);
	ZS_CHECK(s->avail_in <= ai && s->avail_out <= ao, "avail grew");
	used = ai - s->avail_in;
	made = ao - s->avail_out;
	ZS_CHECK(s->next_in == ni + used && s->next_out == d->out.p + d->out.len + made,
		 "next_in/next_out disagree with avail_in/avail_out");
	/* zlib returns Z_NEED_DICT without counting the header in total_in */
	ZS_CHECK(s->total_in == ti + (r == Z_NEED_DICT ? 0 : used) && s->total_out == to + made,
		 "total_in/total_out moved %lu/%lu, avail says %zu/%zu", s->total_in - ti,
		 s->total_out - to, used, made);
	zs_line('E', "%u inflate %d r=%d in=%u/%lu out=%u/%lu adler=%08lx type=%d h=%016llx",
		zs.call, flush, r, s->avail_in, s->total_in, s->avail_out, s->total_out, s->adler,
		s->data_type, (unsigned long long)zs_hash(d->out.p + d->out.len, made));
	if (d->variant != V_CORRUPT && !d->synced && d->wbits_ok) {
		/* what a call writes is the next piece of the true output */
		ZS_CHECK(d->out.len + made <= d->wlen &&
			 !memcmp(d->out.p + d->out.len, d->want + d->out.len, made),
			 "output at %zu..%zu is not the data's", d->out.len, d->out.len + made);
	}
	d->out.len += made;
	ZS_CHECK(r == Z_OK || r == Z_STREAM_END || r == Z_NEED_DICT || r == Z_DATA_ERROR ||
		 r == Z_BUF_ERROR, "inflate returned %d", r);
	ZS_CHECK(r != Z_BUF_ERROR || flush == Z_FINISH || (!used && !made),
		 "Z_BUF_ERROR after progress (flush %d)", flush);
	return r;
}

/* after a data error: look for the next flush point; 1 if found */
static int do_sync(struct isc *d)
{
	for (int tries = 0; tries < 64; tries++) {
		int r;

		if (d->s->avail_in == 0 && d->pos < d->slen)
			give_in(d, zs_avail(&d->r, d->gran));
		r = inflateSync(d->s);
		zs_line('E', "%u sync r=%d in=%u/%lu", zs.call, r, d->s->avail_in, d->s->total_in);
		ZS_CHECK(r == Z_OK || r == Z_DATA_ERROR || r == Z_BUF_ERROR, "inflateSync: %d", r);
		if (r == Z_OK)
			return d->synced = 1;
		if (d->pos == d->slen && d->s->avail_in == 0)
			return 0;
	}
	return 0;
}

static void other_call(struct isc *d, unsigned c, int *restarts)
{
	int r;

	if (c < 3) {
		zs_line('E', "%u mark %ld", zs.call, inflateMark(d->s));
	} else if (c < 5) {
		z_stream *cp = calloc(1, sizeof(*cp));
		int keep = zr_pct(&d->r, 50), e;

		if (cp == NULL)
			abort();
		r = inflateCopy(cp, d->s);
		ZS_CHECK(r == Z_OK, "inflateCopy: %d", r);
		if (keep) {
			e = inflateEnd(d->s);
			free(d->s);
			d->s = cp;
		} else {
			e = inflateEnd(cp);
			free(cp);
		}
		zs_line('E', "%u copy keep=%d end=%d", zs.call, keep, e);
		ZS_CHECK(e == Z_OK, "inflateEnd after inflateCopy: %d", e);
	} else if (c < 6 && *restarts < 2) {
		/* from the start again. How many calls come before this one may
		 * differ in default mode, so the final state must not depend on
		 * it: at times through other windowBits (zlib then frees its
		 * window), but always back to the scenario's. */
		if (zr_pct(&d->r, 50)) {
			static const int other[] = { -9, -15, 8, 15, 0, 25, 31, 40, 47 };

			r = inflateReset2(d->s, other[zr_below(&d->r, 9)]);
			zs_line('E', "%u reset2 other r=%d", zs.call, r);
			ZS_CHECK(r == Z_OK, "inflateReset2: %d", r);
		}
		r = inflateReset2(d->s, d->wbits);
		zs_line('E', "%u reset2 r=%d", zs.call, r);
		ZS_CHECK(r == Z_OK, "inflateReset2: %d", r);
		++*restarts;
		restart(d);
	} else if (c < 7) {
		zs_line('E', "%u syncpoint %d", zs.call, inflateSyncPoint(d->s));
	} else {
		unsigned char buf[32768];
		uInt n = 0;

		r = inflateGetDictionary(d->s, buf, &n);
		zs_line('E', "%u getdict r=%d n=%u h=%016llx", zs.call, r, n,
			(unsigned long long)zs_hash(buf, n));
	}
}

static int run(struct isc *d)
{
	int restarts = 0, members = 0, syncs = 0, r;

	for (;;) {
		unsigned c = zr_below(&d->r, 100);

		zs.call++;
		if (c < 8) {
			other_call(d, c, &restarts);
			continue;
		}
		r = do_inflate(d);
		if (r == Z_OK)
			continue;
		if (r == Z_BUF_ERROR) {
			if (d->pos == d->slen && d->s->avail_in == 0 && d->s->avail_out)
				return r;	/* truncated: nothing more will come */
			continue;
		}
		if (r == Z_NEED_DICT) {
			if (!d->use_dict || d->dict_set)
				return r;
			r = inflateSetDictionary(d->s, d->dict, (uInt)d->dlen);
			zs_line('E', "%u setdict r=%d", zs.call, r);
			d->dict_set = 1;
			if (r != Z_OK)
				return r;
			continue;
		}
		if (r == Z_STREAM_END) {
			members++;
			zs_line('E', "%u member %d ends", zs.call, members);
			show_header(d);
			if (d->format != 2 || d->wbits <= 15 || (d->pos == d->slen && !d->s->avail_in))
				return r;
			r = inflateReset(d->s);
			ZS_CHECK(r == Z_OK, "inflateReset: %d", r);
			get_header(d);
			continue;
		}
		/* Z_DATA_ERROR */
		if (syncs++ < 3 && zr_pct(&d->er, 40) && do_sync(d))
			continue;
		return r;
	}
}

void zs_inflate_scenario(uint32_t seed)
{
	struct isc d;
	int r, fin;

	memset(&d, 0, sizeof(d));
	zs.seed = seed;
	zs.what = "inflate";
	zs.call = 0;
	make_input(&d, seed);
	zr_for(&d.r, seed, ZS_ICALLS);
	zr_for(&d.er, seed, ZS_IEVENTS);
	d.gran = zs_gran(&d.r);
	d.want_head = d.format == 2 && zr_pct(&d.r, 40);
	pick_wbits(&d);
	d.s = calloc(1, sizeof(*d.s));
	if (d.s == NULL)
		abort();
	r = inflateInit2(d.s, d.wbits);
	zs_line('F', "init len=%zu in=%zu format=%d w=%d variant=%d wbits=%d r=%d", d.wlen,
		d.slen, d.format, d.w, d.variant, d.wbits, r);
	ZS_CHECK(r == Z_OK, "inflateInit2(%d): %d", d.wbits, r);
	restart(&d);
	fin = run(&d);
	zs_line('F', "final r=%d in=%lu out=%lu left=%zu adler=%08lx got=%zu h=%016llx", fin,
		d.s->total_in, d.s->total_out,
		d.slen - (size_t)(d.s->next_in - d.src), d.s->adler, d.out.len,
		(unsigned long long)zs_hash(d.out.p, d.out.len));
	if (d.wbits_ok && (d.variant == V_INTACT || d.variant == V_JUNK)) {
		/* a whole stream with a window that fits: all the data */
		ZS_CHECK(d.out.len == d.wlen && (fin == Z_STREAM_END || (d.format == 2 && d.variant == V_JUNK)),
			 "a whole stream gave %zu of %zu bytes, ending %d", d.out.len, d.wlen, fin);
	}
	r = inflateEnd(d.s);
	ZS_CHECK(r == Z_OK, "inflateEnd: %d", r);
	free(d.s);
	free(d.src);
	free(d.want);
	free(d.dict);
	zb_free(&d.out);
}

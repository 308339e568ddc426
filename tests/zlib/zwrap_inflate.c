/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inflate through the wrapper: inflateBack with callbacks, gzip headers
 * both ways, Z_BLOCK with data_type and inflateMark, inflateSync after a
 * full flush, inflateCopy mid-stream, inflatePrime, inflateValidate,
 * inflateUndermine, inflateReset2, corrupt data, trailing data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zwrap.h"

#define CAP (ZW_DATA_LEN + 4096)

static unsigned char comp[CAP], plain[CAP];

/* inflateBack's callbacks: input in 100-byte pieces, output hashed */
struct back_in {
	unsigned char *p;
	size_t left;
};
struct back_out {
	uint64_t h;
	size_t n;
};

static unsigned back_in_cb(void *desc, z_const unsigned char **buf)
{
	struct back_in *in = desc;
	unsigned n = in->left < 100 ? (unsigned)in->left : 100;

	*buf = in->p;
	in->p += n;
	in->left -= n;
	return n;
}

static int back_out_cb(void *desc, unsigned char *buf, unsigned len)
{
	struct back_out *out = desc;

	out->h ^= zw_hash(buf, len) + out->n;
	out->n += len;
	return 0;
}

static void back(void)
{
	static unsigned char window[32768];
	struct back_in in;
	struct back_out out = { 0, 0 };
	z_stream d, s;
	size_t n;

	memset(&d, 0, sizeof(d));
	deflateInit2(&d, 6, Z_DEFLATED, -15, 8, 0);
	n = zw_deflate_all(&d, zw_data, ZW_DATA_LEN, comp, CAP, 65536, Z_FINISH);
	deflateEnd(&d);

	memset(&s, 0, sizeof(s));
	zw_show("back: bad wbits", &s, inflateBackInit(&s, 7, window));
	zw_show("back: init", &s, inflateBackInit(&s, 15, window));
	in.p = comp;
	in.left = n;
	zw_show("back: run", &s, inflateBack(&s, back_in_cb, &in, back_out_cb, &out));
	zw_line("back: %zu bytes %016llx left %zu", out.n, (unsigned long long)out.h, in.left);
	/* corrupt data, on the same state */
	memcpy(plain, comp, n);
	plain[0] |= 0x06;	/* block type 3: reserved */
	in.p = plain;
	in.left = n;
	out.n = 0;
	out.h = 0;
	zw_show("back: corrupt", &s, inflateBack(&s, back_in_cb, &in, back_out_cb, &out));
	zw_show("back: end", &s, inflateBackEnd(&s));
	zw_show("back: end again", &s, inflateBackEnd(&s));
}

static void gzip_header(void)
{
	static unsigned char extra[] = "AB\x04\x00wdzl";
	unsigned char xbuf[32], nbuf[32], cbuf[8];
	gz_header h, g;
	z_stream d, s;
	size_t n, i;

	memset(xbuf, 0, sizeof(xbuf));
	memset(nbuf, 0, sizeof(nbuf));
	memset(cbuf, 0, sizeof(cbuf));
	memset(&h, 0, sizeof(h));
	h.text = 1;
	h.time = 1700000000;
	h.os = 3;
	h.extra = extra;
	h.extra_len = 8;
	h.name = (Bytef *)"zwrap.txt";
	h.comment = (Bytef *)"a comment longer than the buffer";
	h.hcrc = 1;
	memset(&d, 0, sizeof(d));
	zw_show("gzhdr: init", &d, deflateInit2(&d, 9, Z_DEFLATED, 31, 8, 0));
	zw_show("gzhdr: set", &d, deflateSetHeader(&d, &h));
	n = zw_deflate_all(&d, zw_data, 50000, comp, CAP, 8192, Z_FINISH);
	zw_show("gzhdr: end", &d, deflateEnd(&d));
	/* two members and trailing bytes: inflate stops at each end */
	memcpy(comp + n, comp, n);
	memcpy(comp + 2 * n, "TRAIL", 5);

	memset(&s, 0, sizeof(s));
	zw_show("gzhdr: inflateInit2 47", &s, inflateInit2(&s, 47));
	memset(&g, 0, sizeof(g));
	g.extra = xbuf;
	g.extra_max = sizeof(xbuf);
	g.name = nbuf;
	g.name_max = sizeof(nbuf);
	g.comment = cbuf;
	g.comm_max = sizeof(cbuf);
	zw_show("gzhdr: get", &s, inflateGetHeader(&s, &g));
	s.next_in = comp;
	s.next_out = plain;
	s.avail_out = CAP;
	/* a byte at a time through the header */
	for (i = 0; i < 40; i++) {
		s.avail_in = 1;
		inflate(&s, Z_NO_FLUSH);
	}
	zw_line("gzhdr: done %d text %d time %lu os %d xlen %u name %.31s comment %.8s hcrc %d",
		g.done, g.text, g.time, g.os, g.extra_len, (char *)nbuf, (char *)cbuf, g.hcrc);
	s.avail_in = (uInt)(2 * n + 5 - 40);
	zw_show("gzhdr: member 1", &s, inflate(&s, Z_NO_FLUSH));
	zw_line("gzhdr: done %d comment %.8s hcrc %d extra %016llx", g.done, (char *)cbuf, g.hcrc,
		(unsigned long long)zw_hash(xbuf, sizeof(xbuf)));
	zw_show("gzhdr: reset", &s, inflateReset(&s));
	zw_show("gzhdr: member 2", &s, inflate(&s, Z_FINISH));
	zw_show("gzhdr: trailing", &s, inflate(&s, Z_FINISH));
	zw_show("gzhdr: reset2 raw", &s, inflateReset2(&s, -15));
	zw_show("gzhdr: reset2 bad", &s, inflateReset2(&s, 3));
	zw_show("gzhdr: end", &s, inflateEnd(&s));
}

static void block_sync_copy(void)
{
	z_stream d, s, c;
	size_t n, half;
	int ret = Z_OK, blocks = 0;

	memset(&d, 0, sizeof(d));
	deflateInit(&d, 6);
	d.next_out = comp;
	d.avail_out = CAP;
	d.next_in = zw_data;
	d.avail_in = ZW_DATA_LEN / 2;
	deflate(&d, Z_FULL_FLUSH);
	half = d.total_out;
	d.avail_in = ZW_DATA_LEN / 2;
	zw_show("block: deflate", &d, deflate(&d, Z_FINISH));
	n = d.total_out;
	deflateEnd(&d);

	/* Z_BLOCK steps: data_type bits, inflateMark, then copy mid-stream */
	memset(&s, 0, sizeof(s));
	inflateInit(&s);
	s.next_in = comp;
	s.avail_in = (uInt)n;
	s.next_out = plain;
	s.avail_out = CAP;
	while (ret == Z_OK && blocks < 3) {
		s.avail_out = 50000;
		ret = inflate(&s, Z_BLOCK);
		zw_show("block: Z_BLOCK", &s, ret);
		zw_line("block: mark %ld codes %lu", inflateMark(&s), inflateCodesUsed(&s));
		blocks++;
	}
	s.avail_out = 777;
	zw_show("block: Z_TREES", &s, inflate(&s, Z_TREES));
	s.avail_out = 777;
	zw_show("block: mid-block", &s, inflate(&s, Z_NO_FLUSH));
	zw_line("block: mark %ld codes %lu", inflateMark(&s), inflateCodesUsed(&s));
	memset(&c, 0, sizeof(c));
	zw_show("block: inflateCopy", &s, inflateCopy(&c, &s));
	/* the copy writes elsewhere; both must produce the whole data */
	s.avail_out = (uInt)(CAP - s.total_out);
	zw_show("block: original finish", &s, inflate(&s, Z_FINISH));
	zw_line("block: original %016llx", (unsigned long long)zw_hash(plain, s.total_out));
	memset(plain, 0, CAP);
	c.avail_out = (uInt)(CAP - c.total_out);
	zw_show("block: copy finish", &c, inflate(&c, Z_FINISH));
	zw_line("block: copy tail %016llx", (unsigned long long)zw_hash(c.next_out - 20000, 20000));
	zw_show("block: copy end", &c, inflateEnd(&c));

	/* corrupt the first half: inflateSync finds the full-flush point */
	zw_show("sync: reset", &s, inflateReset(&s));
	s.next_in = comp + 10;
	s.avail_in = (uInt)(n - 10);
	s.next_out = plain;
	s.avail_out = CAP;
	zw_show("sync: sync", &s, inflateSync(&s));
	zw_line("sync: at %lu of %zu (flush point %zu)", (unsigned long)(s.next_in - comp), n, half);
	zw_show("sync: syncpoint", &s, inflateSyncPoint(&s));
	zw_show("sync: inflate", &s, inflate(&s, Z_FINISH));
	zw_show("sync: validate off", &s, inflateValidate(&s, 0));
	zw_show("sync: undermine", &s, inflateUndermine(&s, 1));
	zw_show("sync: end", &s, inflateEnd(&s));

	/* inflatePrime on a raw stream whose first 3 bits were cut off */
	memset(&d, 0, sizeof(d));
	deflateInit2(&d, 6, Z_DEFLATED, -15, 8, 0);
	zw_show("prime: deflatePrime", &d, deflatePrime(&d, 8, 0x5a));
	n = zw_deflate_all(&d, zw_data, 4000, comp, CAP, 4096, Z_FINISH);
	deflateEnd(&d);
	memset(&s, 0, sizeof(s));
	inflateInit2(&s, -15);
	zw_show("prime: inflatePrime", &s, inflatePrime(&s, 8, comp[0]));
	zw_show("prime: bad", &s, inflatePrime(&s, 17, 0));
	s.next_in = comp + 1;
	s.avail_in = (uInt)(n - 1);
	s.next_out = plain;
	s.avail_out = CAP;
	zw_show("prime: inflate", &s, inflate(&s, Z_SYNC_FLUSH));
	zw_show("prime: resetkeep", &s, inflateResetKeep(&s));
	zw_show("prime: end", &s, inflateEnd(&s));

	/* corrupt zlib stream: Z_DATA_ERROR with zlib's message */
	memset(&s, 0, sizeof(s));
	inflateInit(&s);
	s.next_in = (Bytef *)"\x78\x9c\xff\xff\xff\xff";
	s.avail_in = 6;
	s.next_out = plain;
	s.avail_out = CAP;
	zw_show("corrupt: inflate", &s, inflate(&s, Z_NO_FLUSH));
	zw_show("corrupt: again", &s, inflate(&s, Z_NO_FLUSH));
	zw_show("corrupt: end", &s, inflateEnd(&s));
}

void zw_inflate_parts(void)
{
	back();
	gzip_header();
	block_sync_copy();
}

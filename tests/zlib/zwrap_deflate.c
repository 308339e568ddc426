/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Deflate through the wrapper: deflateCopy mid-stream, deflateParams
 * mid-stream (with too little output space: Z_BUF_ERROR), every strategy,
 * deflateTune/Bound/Pending/Prime, dictionaries, custom allocators, 1-byte
 * buffers, flush modes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zwrap.h"

#define CAP (ZW_DATA_LEN + 4096)

static unsigned char out1[CAP], out2[CAP];

static void copy_mid_stream(void)
{
	z_stream a, b;
	size_t n1, n2;
	uInt half = ZW_DATA_LEN / 2;

	memset(&a, 0, sizeof(a));
	a.zalloc = zw_alloc;
	a.zfree = zw_free;
	zw_show("copy: init", &a, deflateInit2(&a, 6, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY));
	a.next_in = zw_data;
	a.avail_in = half;
	a.next_out = out1;
	a.avail_out = CAP;
	zw_show("copy: first half", &a, deflate(&a, Z_NO_FLUSH));
	memset(&b, 0xa5, sizeof(b));	/* garbage in dest: deflateCopy overwrites it */
	zw_show("copy: deflateCopy", &a, deflateCopy(&b, &a));
	/* the two streams go on differently and independently */
	a.next_in = zw_data + half;
	a.avail_in = half;
	zw_show("copy: a finish", &a, deflate(&a, Z_FINISH));
	n1 = (size_t)(a.next_out - out1);
	memcpy(out2, out1, (size_t)(b.next_out - out1));
	b.next_out = out2 + (b.next_out - out1);
	b.next_in = zw_data;		/* other data after the copy point */
	b.avail_in = 1000;
	zw_show("copy: b finish", &b, deflate(&b, Z_FINISH));
	n2 = (size_t)(b.next_out - out2);
	zw_line("copy: a %zu bytes %016llx, b %zu bytes %016llx", n1,
		(unsigned long long)zw_hash(out1, n1), n2, (unsigned long long)zw_hash(out2, n2));
	zw_show("copy: a end", &a, deflateEnd(&a));
	zw_show("copy: b end", &b, deflateEnd(&b));
	zw_line("copy: live blocks after End %ld", zw_live);
}

static void params_mid_stream(void)
{
	static const int steps[][2] = { { 9, Z_FILTERED }, { 0, Z_DEFAULT_STRATEGY },
		{ 6, Z_HUFFMAN_ONLY }, { 3, Z_RLE }, { 7, Z_FIXED }, { 1, Z_DEFAULT_STRATEGY } };
	z_stream s;
	unsigned pend = 0;
	int bits = 0;
	size_t off = 0, i;
	const size_t piece = ZW_DATA_LEN / 8;

	memset(&s, 0, sizeof(s));
	zw_show("params: init", &s, deflateInit(&s, 1));
	s.next_out = out1;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		s.next_in = zw_data + off;
		s.avail_in = (uInt)piece;
		s.avail_out = (uInt)(CAP - (size_t)(s.next_out - out1));
		zw_show("params: deflate", &s, deflate(&s, Z_NO_FLUSH));
		off += piece;
		/* too little room for what deflateParams must flush first */
		s.avail_out = 1;
		zw_show("params: deflateParams, 1 byte out", &s, deflateParams(&s, steps[i][0], steps[i][1]));
		s.avail_out = (uInt)(CAP - (size_t)(s.next_out - out1));
		zw_show("params: deflateParams", &s, deflateParams(&s, steps[i][0], steps[i][1]));
		zw_show("params: deflatePending", &s, deflatePending(&s, &pend, &bits));
		zw_line("params: pending %u bits %d bound %lu", pend, bits, deflateBound(&s, 12345));
	}
	zw_show("params: deflateTune", &s, deflateTune(&s, 8, 16, 128, 256));
	s.next_in = zw_data + off;
	s.avail_in = (uInt)(ZW_DATA_LEN - off);
	s.avail_out = (uInt)(CAP - (size_t)(s.next_out - out1));
	zw_show("params: Z_BLOCK", &s, deflate(&s, Z_BLOCK));
	zw_show("params: deflatePrime", &s, deflatePrime(&s, 3, 2));
	zw_show("params: Z_PARTIAL_FLUSH", &s, deflate(&s, Z_PARTIAL_FLUSH));
	zw_show("params: Z_SYNC_FLUSH", &s, deflate(&s, Z_SYNC_FLUSH));
	zw_show("params: Z_FULL_FLUSH", &s, deflate(&s, Z_FULL_FLUSH));
	zw_show("params: finish", &s, deflate(&s, Z_FINISH));
	zw_show("params: finish again", &s, deflate(&s, Z_FINISH));
	zw_line("params: %lu bytes %016llx", s.total_out,
		(unsigned long long)zw_hash(out1, s.total_out));
	zw_show("params: reset", &s, deflateReset(&s));
	zw_show("params: resetkeep", &s, deflateResetKeep(&s));
	zw_show("params: params after reset", &s, deflateParams(&s, 2, Z_DEFAULT_STRATEGY));
	zw_show("params: end", &s, deflateEnd(&s));
}

static void dictionaries(void)
{
	static const char dict[] = "accelerator queue drive warp window stream deflate inflate";
	unsigned char got[40000];
	uInt glen = 0;
	z_stream d, i;
	size_t n;
	int wbits;

	for (wbits = 15; wbits >= -15; wbits -= 30) {
		memset(&d, 0, sizeof(d));
		zw_show("dict: init", &d, deflateInit2(&d, 6, Z_DEFLATED, wbits, 9, 0));
		zw_show("dict: set", &d, deflateSetDictionary(&d, (const Bytef *)dict, sizeof(dict)));
		zw_show("dict: get", &d, deflateGetDictionary(&d, got, &glen));
		zw_line("dict: deflate dict %u bytes %016llx", glen,
			(unsigned long long)zw_hash(got, glen));
		n = zw_deflate_all(&d, zw_data, 30000, out1, CAP, 4096, Z_FINISH);
		/* zlib streams: a dictionary only before the first deflate */
		zw_show("dict: set after", &d, deflateSetDictionary(&d, (const Bytef *)dict, 4));
		zw_show("dict: end", &d, deflateEnd(&d));

		memset(&i, 0, sizeof(i));
		zw_show("dict: inflateInit", &i, inflateInit2(&i, wbits));
		if (wbits < 0)
			zw_show("dict: raw set", &i,
				inflateSetDictionary(&i, (const Bytef *)dict, sizeof(dict)));
		i.next_in = out1;
		i.avail_in = (uInt)n;
		i.next_out = out2;
		i.avail_out = CAP;
		zw_show("dict: inflate", &i, inflate(&i, Z_NO_FLUSH));
		if (wbits > 0) {
			zw_show("dict: wrong dict", &i, inflateSetDictionary(&i, (const Bytef *)"x", 1));
			zw_show("dict: right dict", &i,
				inflateSetDictionary(&i, (const Bytef *)dict, sizeof(dict)));
			zw_show("dict: inflate", &i, inflate(&i, Z_NO_FLUSH));
		}
		glen = 0;
		zw_show("dict: inflateGetDictionary", &i, inflateGetDictionary(&i, got, &glen));
		zw_line("dict: window %u bytes %016llx, out %016llx", glen,
			(unsigned long long)zw_hash(got, glen),
			(unsigned long long)zw_hash(out2, i.total_out));
		zw_show("dict: inflateEnd", &i, inflateEnd(&i));
	}
}

/* zlib example.c's style: one byte in, one byte out */
static void tiny_buffers(void)
{
	z_stream s;
	int ret = Z_OK;
	size_t len = 5000;

	memset(&s, 0, sizeof(s));
	zw_show("tiny: init", &s, deflateInit(&s, Z_DEFAULT_COMPRESSION));
	s.next_in = zw_data;
	s.next_out = out1;
	while (s.total_in != len && s.total_out < CAP) {
		s.avail_in = s.avail_out = 1;
		ret = deflate(&s, Z_NO_FLUSH);
		if (ret != Z_OK)
			break;
	}
	for (;;) {
		s.avail_out = 1;
		ret = deflate(&s, Z_FINISH);
		if (ret != Z_OK)
			break;
	}
	zw_show("tiny: deflate", &s, ret);
	zw_line("tiny: %016llx", (unsigned long long)zw_hash(out1, s.total_out));
	zw_show("tiny: end", &s, deflateEnd(&s));
}

void zw_deflate_parts(void)
{
	copy_mid_stream();
	params_mid_stream();
	dictionaries();
	tiny_buffers();
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream decompression (wd_do_comp_strm) against zlib, through the public
 * API and the CPU driver (ISA-L's stateful inflate with exact ends):
 *   - thousands of streams made by zlib (levels 0-9, default, filtered,
 *     fixed, Huffman-only and RLE strategies, windows 2^9..2^15, some with
 *     flushes of every kind between random pieces, some of them tiny, which
 *     makes many small blocks and so the hand-over to zlib), raw, zlib
 *     and gzip, 1-3 members back to back and random trailing bytes, decoded
 *     in random input and output pieces (1 byte .. 256 KiB): the output is
 *     the data, each WD_STREAM_END has consumed exactly its member, the
 *     trailing bytes are never consumed, every status is the contract's;
 *   - truncated streams: WD_IN_EPARA with last, WD_SUCCESS/WD_EAGAIN and all
 *     input consumed without;
 *   - gzip headers with every optional field, split anywhere;
 *   - corrupt headers, trailers and damaged data: the same verdict as zlib;
 *   - hand-made blocks (istream_blocks.c): reserved symbols, incomplete and
 *     over-subscribed Huffman codes, as zlib judges them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "test_util.h"
#include "istream_test.h"

#define MAXDATA		(3u << 20)
#define MAXIN		(3 * (MAXDATA + MAXDATA / 8 + 4096) + 64)
#define MAXOUT		(3 * MAXDATA + 4096)

static handle_t sess[3];	/* WD_DEFLATE, WD_ZLIB, WD_GZIP decompression */
static uint8_t *data, *out;
uint8_t *in;			/* the compressed input (istream_test.h) */
static uint32_t rs = 12345;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 17;
	rs ^= rs << 5;
	return rs;
}

static int setup(void **state)
{
	int f;

	(void)state;
	data = malloc(MAXDATA);
	in = malloc(MAXIN);
	out = malloc(MAXOUT);
	if (!data || !in || !out || wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR))
		return -1;
	for (f = 0; f < 3; f++) {
		sess[f] = td_sess(f, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
		if (!sess[f])
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int f = 0; f < 3; f++)
		wd_comp_free_sess(sess[f]);
	wd_comp_uninit2();
	free(data);
	free(in);
	free(out);
	return 0;
}

/* A piece size: tiny, small, large, or mostly small with large bursts. */
static uint32_t piece(int dist)
{
	switch (dist) {
	case 0:
		return 1 + rnd() % 16;
	case 1:
		return 1 + rnd() % 4096;
	case 2:
		return 1 + rnd() % (256u << 10);
	default:
		return rnd() % 4 ? 1 + rnd() % 512 : 1 + rnd() % (256u << 10);
	}
}

struct member {
	uint32_t off, len;	/* in in[] */
	uint32_t doff, dlen;	/* its data in out-order: data[doff..) */
};

/*
 * Decode in[0..len) in pieces; members[] say where each stream ends and
 * what it decodes to (data[]). Checks every call against the contract.
 */
static void decode_members(int fmt, const struct member *mb, int nm, uint32_t len, int din,
			   int dout)
{
	uint32_t ip = 0, op = 0, mstart = 0, calls = 0;
	int m = 0;

	wd_comp_reset_sess(sess[fmt]);
	while (m < nm) {
		struct wd_comp_req r = { .op_type = WD_DIR_DECOMPRESS, .data_fmt = WD_FLAT_BUF };
		uint32_t ilen = piece(din), olen = piece(dout);

		if (ilen > len - ip)
			ilen = len - ip;
		if (olen > MAXOUT - op)
			olen = MAXOUT - op;
		r.src = in + ip;
		r.src_len = ilen;
		r.dst = out + op;
		r.dst_len = olen;
		r.last = ip + ilen == len;
		assert_int_equal(wd_do_comp_strm(sess[fmt], &r), 0);
		assert_true(r.src_len <= ilen && r.dst_len <= olen);
		ip += r.src_len;
		op += r.dst_len;
		assert_true(++calls < 50000000);
		switch (r.status) {
		case WD_SUCCESS:
			assert_int_equal(r.src_len, ilen);
			break;
		case WD_EAGAIN:
			assert_int_equal(r.dst_len, olen);
			break;
		case WD_STREAM_END:
			/* exactly this member's bytes, exactly its data */
			if (ip - mstart != mb[m].len)
				fail_msg("fmt %d member %d: consumed %u, stream is %u", fmt, m,
					 ip - mstart, mb[m].len);
			assert_int_equal(op, mb[m].doff + mb[m].dlen);
			assert_int_equal(memcmp(out + mb[m].doff, data, mb[m].dlen), 0);
			mstart = ip;
			m++;
			break;
		default:
			fail_msg("fmt %d member %d: status %u at %u/%u", fmt, m, r.status, ip, len);
		}
	}
	assert_true(ip <= len);
}

static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE };

/* Draw a data size, mostly small, sometimes up to MAXDATA. */
static uint32_t draw_size(int tiny)
{
	uint32_t k = rnd() % 16;

	if (k == 0)
		return 0;
	if (tiny || k < 10)
		return rnd() % 3000;
	if (k < 15)
		return rnd() % (96u << 10);
	return rnd() % MAXDATA;
}

/*
 * Like td_zlib_deflate, in random pieces each ended by a random flush, so
 * that empty stored blocks, byte-aligned block ends and partial-flush
 * empty fixed blocks fall anywhere (also right before the stream's end).
 */
static long zflushed(int fmt, int level, int wbits, int strategy, uint32_t n, uint8_t *dst,
		     uint32_t cap)
{
	static const int flushes[] = { Z_NO_FLUSH, Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_PARTIAL_FLUSH,
				       Z_BLOCK };
	int w = fmt == WD_DEFLATE ? -wbits : fmt == WD_ZLIB ? wbits : wbits + 16;
	uint32_t done = 0, k;
	bool many = rnd() % 2;	/* tiny pieces: many small blocks (the zlib hand-over) */
	z_stream z;
	long got;
	int ret;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, w, 8, strategy), Z_OK);
	z.next_out = dst;
	z.avail_out = cap;
	do {
		k = many ? rnd() % 100 : rnd() % 3 ? rnd() % 2000 : rnd() % (n + 1);
		k = k > n - done ? n - done : k;
		z.next_in = data + done;
		z.avail_in = k;
		ret = deflate(&z, flushes[rnd() % 5]);
		assert_true(ret == Z_OK || ret == Z_BUF_ERROR);	/* BUF: nothing to do */
		done += k - z.avail_in;
	} while (done < n && (many || rnd() % 16));
	z.next_in = data + done;
	z.avail_in = n - done;
	got = deflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	deflateEnd(&z);
	return got;
}

/* Compress data[0..n) with zlib into in+off; returns the stream's length. */
static uint32_t zmake(int fmt, uint32_t off, uint32_t n)
{
	int level = (int)(rnd() % 10), wbits = 9 + (int)(rnd() % 7), st = strategies[rnd() % 5];
	long c = rnd() % 4 ? td_zlib_deflate(fmt, level, wbits, st, data, n, in + off, MAXIN - off) :
		 zflushed(fmt, level, wbits, st, n, in + off, MAXIN - off);

	assert_true(c > 0);
	return (uint32_t)c;
}

static void test_differential(void **state)
{
	struct member mb[3];
	int i;

	(void)state;
	for (i = 0; i < 2500; i++) {
		int fmt = (int)(rnd() % 3), nm = 1 + (int)(rnd() % 3), din = (int)(rnd() % 4),
		    dout = (int)(rnd() % 4), m;
		uint32_t off = 0, doff = 0, n = draw_size(din == 0 || dout == 0), t;

		/* the same data for every member keeps the checks simple */
		td_fill(data, n, (enum tdata)(rnd() % 4), rnd());
		for (m = 0; m < nm; m++) {
			mb[m].off = off;
			mb[m].len = zmake(fmt, off, n);
			mb[m].doff = doff;
			mb[m].dlen = n;
			off += mb[m].len;
			doff += n;
		}
		/* trailing bytes: never the caller's to lose */
		for (t = rnd() % 20; t; t--)
			in[off++] = (uint8_t)rnd();
		decode_members(fmt, mb, nm, off, din, dout);
	}
}

/* One stream request: ilen bytes of in at ip into out at op, room olen. */
static void strm_call(int fmt, struct wd_comp_req *r, uint32_t ip, uint32_t ilen, uint32_t op,
		      uint32_t olen, bool last)
{
	memset(r, 0, sizeof(*r));
	r->src = in + ip;
	r->src_len = ilen;
	r->dst = out + op;
	r->dst_len = olen;
	r->last = last;
	r->op_type = WD_DIR_DECOMPRESS;
	assert_int_equal(wd_do_comp_strm(sess[fmt], r), 0);
}

/* Decode a cut stream in pieces; the last call's status is returned. */
static int decode_cut(int fmt, uint32_t len, bool last, int din, int dout, uint32_t *outlen)
{
	uint32_t ip = 0, op = 0;
	struct wd_comp_req r;

	wd_comp_reset_sess(sess[fmt]);
	for (;;) {
		uint32_t ilen = piece(din), olen = piece(dout);

		if (ilen > len - ip)
			ilen = len - ip;
		if (olen > MAXOUT - op)
			olen = MAXOUT - op;
		strm_call(fmt, &r, ip, ilen, op, olen, last && ip + ilen == len);
		ip += r.src_len;
		op += r.dst_len;
		*outlen = op;
		if (r.status == WD_EAGAIN) {
			assert_int_equal(r.dst_len, olen);
			continue;
		}
		if (r.status != WD_SUCCESS)
			return r.status;
		assert_int_equal(r.src_len, ilen);
		if (ip == len)
			return WD_SUCCESS;
	}
}

static void test_truncated(void **state)
{
	uint32_t n, len, cut, got;
	int i, fmt, st;

	(void)state;
	for (i = 0; i < 1500; i++) {
		fmt = (int)(rnd() % 3);
		n = draw_size(1);
		td_fill(data, n, (enum tdata)(rnd() % 4), rnd());
		len = zmake(fmt, 0, n);
		cut = rnd() % len;
		/* with last: corrupt (truncated); the output so far is the data's */
		st = decode_cut(fmt, cut, true, (int)(rnd() % 4), (int)(rnd() % 4), &got);
		if (st != WD_IN_EPARA)
			fail_msg("fmt %d cut %u/%u: status %d", fmt, cut, len, st);
		assert_true(got <= n);
		assert_int_equal(memcmp(out, data, got), 0);
		/* without: all of it taken, more wanted */
		st = decode_cut(fmt, cut, false, (int)(rnd() % 4), (int)(rnd() % 4), &got);
		assert_int_equal(st, WD_SUCCESS);
		assert_int_equal(memcmp(out, data, got), 0);
	}
}

/* zlib's verdict on one stream at in[0..len): decoded bytes, or -1 if bad. */
static const char *zmsg;	/* zlib's message for the last rejection */

static long zlib_says(int fmt, uint32_t len, uint32_t *used)
{
	z_stream z;
	long got;
	int ret;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, fmt == WD_DEFLATE ? -15 : fmt == WD_ZLIB ? 15 : 31), Z_OK);
	z.next_in = in;
	z.avail_in = len;
	z.next_out = data + MAXDATA / 2;
	z.avail_out = MAXDATA / 2;
	ret = inflate(&z, Z_FINISH);
	got = ret == Z_STREAM_END ? (long)z.total_out : -1;
	*used = len - z.avail_in;
	zmsg = z.msg ? z.msg : "";
	inflateEnd(&z);
	return got;
}

/* Our verdict on in[0..len) (last set): the same as zlib's, in any pieces. */
void same_verdict(int fmt, uint32_t len, const char *what)
{
	uint32_t zused, ip = 0, op = 0;
	long zgot = zlib_says(fmt, len, &zused);
	struct wd_comp_req r;
	int din = (int)(rnd() % 4), dout = (int)(rnd() % 4);

	wd_comp_reset_sess(sess[fmt]);
	for (;;) {
		uint32_t ilen = piece(din), olen = piece(dout);

		if (ilen > len - ip)
			ilen = len - ip;
		if (olen > MAXDATA / 2 - op)
			olen = MAXDATA / 2 - op;
		strm_call(fmt, &r, ip, ilen, op, olen, ip + ilen == len);
		ip += r.src_len;
		op += r.dst_len;
		if (r.status != WD_SUCCESS && r.status != WD_EAGAIN)
			break;
	}
	if (zgot < 0 && r.status != WD_IN_EPARA)
		fail_msg("%s (fmt %d, %u bytes): zlib rejects it (%s), we say %u", what, fmt, len,
			 zmsg, r.status);
	if (zgot >= 0) {
		if (r.status != WD_STREAM_END)
			fail_msg("%s (fmt %d): zlib decodes it, we say %u", what, fmt, r.status);
		assert_int_equal(ip, zused);
		assert_int_equal(op, (uint32_t)zgot);
		assert_int_equal(memcmp(out, data + MAXDATA / 2, op), 0);
	}
}

/* A gzip member with the given optional fields around raw deflate of n bytes. */
static uint32_t gzip_with(uint8_t flags, uint32_t n, bool good_hcrc)
{
	uint32_t p = 0, c, crc;
	long raw;

	in[p++] = 0x1f;
	in[p++] = 0x8b;
	in[p++] = 8;
	in[p++] = flags;
	for (int k = 0; k < 6; k++)
		in[p++] = (uint8_t)rnd();
	if (flags & 4) {
		uint32_t x = rnd() % 300;

		in[p++] = (uint8_t)x;
		in[p++] = (uint8_t)(x >> 8);
		for (; x; x--)
			in[p++] = (uint8_t)rnd();
	}
	for (int f = 8; f <= 16; f <<= 1) {
		if (!(flags & f))
			continue;
		for (uint32_t x = rnd() % 40; x; x--)
			in[p++] = (uint8_t)(1 + rnd() % 255);
		in[p++] = 0;
	}
	if (flags & 2) {
		crc = (uint32_t)crc32(0, in, p) ^ (good_hcrc ? 0 : 1);
		in[p++] = (uint8_t)crc;
		in[p++] = (uint8_t)(crc >> 8);
	}
	raw = td_zlib_deflate(WD_DEFLATE, 6, 15, Z_DEFAULT_STRATEGY, data, n, in + p, MAXIN - p);
	assert_true(raw > 0);
	p += (uint32_t)raw;
	crc = (uint32_t)crc32(0, data, n);
	for (c = 0; c < 4; c++)
		in[p++] = (uint8_t)(crc >> (8 * c));
	for (c = 0; c < 4; c++)
		in[p++] = (uint8_t)(n >> (8 * c));
	return p;
}

static void test_gzip_headers(void **state)
{
	(void)state;
	for (int i = 0; i < 600; i++) {
		uint8_t flags = (uint8_t)(rnd() & 0x1e);
		uint32_t n = rnd() % 5000, len;

		td_fill(data, n, TD_TEXT, rnd());
		len = gzip_with(flags, n, i % 8 != 0);
		same_verdict(WD_GZIP, len, "gzip header fields");
	}
}

/* Damage one stream here and there: we must agree with zlib. */
static void test_corrupt(void **state)
{
	(void)state;
	for (int i = 0; i < 3000; i++) {
		int fmt = (int)(rnd() % 3), k;
		uint32_t n = rnd() % 20000, len;

		td_fill(data, n, (enum tdata)(rnd() % 4), rnd());
		len = zmake(fmt, 0, n);
		for (k = 1 + (int)(rnd() % 3); k; k--) {
			/* the first and last bytes (header, trailer) more often */
			uint32_t at = rnd() % 3 ? rnd() % len :
				      rnd() % 2 ? rnd() % (len < 12 ? len : 12) :
				      len - 1 - rnd() % (len < 10 ? len : 10);

			in[at] ^= (uint8_t)(1u << (rnd() % 8));
		}
		same_verdict(fmt, len, "damaged stream");
	}
	/* zlib header asking for a preset dictionary: no dictionary API */
	in[0] = 0x78;
	in[1] = 0xbb;	/* FDICT, check bits right */
	memset(in + 2, 0, 16);
	same_verdict(WD_ZLIB, 18, "zlib FDICT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_gzip_headers),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_reserved_symbols),
		cmocka_unit_test(test_incomplete_codes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

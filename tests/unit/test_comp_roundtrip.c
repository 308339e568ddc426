/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Round trips through the CPU driver: formats x levels x windows x sizes in
 * sync, stream and async mode. zlib decodes every output independently, with
 * the window the session asked for, so an over-long match distance fails.
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

#define MIB (1u << 20)
#define BIG (24 * MIB)

static const size_t sizes[] = { 0, 1, 4096, 65536, MIB };
static const int levels[] = { 1, 2, 3, 4, 6, 9, 12, 15 };
static uint8_t *src, *cmp, *out, *ref;

static int setup(void **state)
{
	(void)state;
	src = malloc(BIG);
	cmp = malloc(BIG + BIG / 8 + 4096);
	out = malloc(BIG);
	ref = malloc(BIG);
	td_fill(src, BIG, TD_MIXED, 7);
	return wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR);
}

static int teardown(void **state)
{
	(void)state;
	wd_comp_uninit2();
	free(src);
	free(cmp);
	free(out);
	free(ref);
	return 0;
}

static size_t cap_for(size_t n)
{
	return n + n / 8 + 1024;
}

/* Decode with zlib (strict window) and with our sync decompressor. */
static void check_decodes(int alg, int win, const uint8_t *data, size_t n, size_t clen,
			  const char *what)
{
	struct wd_comp_req r = { .src = cmp, .src_len = (__u32)clen, .dst = out,
				 .dst_len = (__u32)(n ? n : 1), .op_type = WD_DIR_DECOMPRESS };
	handle_t d = td_sess(alg, WD_DIR_DECOMPRESS, 1, win, CTX_MODE_SYNC);
	long z = td_zlib_inflate(alg, win, cmp, clen, ref, n ? n : 1);

	if (z != (long)n || memcmp(ref, data, n)) {
		print_error("%s: zlib decode failed (alg %d win %d n %zu got %ld)\n", what, alg, win, n,
			    z);
		fail();
	}
	assert_true(d);
	assert_int_equal(wd_do_comp_sync(d, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	assert_int_equal(r.dst_len, n);
	assert_int_equal(r.src_len, clen);
	assert_memory_equal(out, data, n);
	wd_comp_free_sess(d);
}

static void test_sync_matrix(void **state)
{
	size_t si, li;
	int alg, win;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		for (li = 0; li < sizeof(levels) / sizeof(levels[0]); li++)
			for (win = WD_COMP_WS_4K; win <= WD_COMP_WS_32K; win++)
				for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
					size_t n = sizes[si];
					handle_t c = td_sess(alg, WD_DIR_COMPRESS, levels[li], win,
							     CTX_MODE_SYNC);
					struct wd_comp_req r = { .src = src, .src_len = (__u32)n,
								 .dst = cmp, .dst_len = (__u32)cap_for(n),
								 .op_type = WD_DIR_COMPRESS };

					assert_true(c);
					assert_int_equal(wd_do_comp_sync(c, &r), 0);
					assert_int_equal(r.status, WD_SUCCESS);
					assert_int_equal(r.src_len, n);
					check_decodes(alg, win, src, n, r.dst_len, "sync");
					wd_comp_free_sess(c);
				}
}

/* Compress in a stream with awkward input and output chunk sizes. */
static size_t stream_compress(handle_t c, const uint8_t *data, size_t n, size_t in_chunk,
			      size_t out_chunk)
{
	size_t in = 0, outp = 0, cap = cap_for(n);
	int guard = 0;

	for (;;) {
		size_t give = n - in < in_chunk ? n - in : in_chunk;
		size_t room = cap - outp < out_chunk ? cap - outp : out_chunk;
		struct wd_comp_req r = { .src = (void *)(data + in), .src_len = (__u32)give,
					 .dst = cmp + outp, .dst_len = (__u32)room,
					 .op_type = WD_DIR_COMPRESS, .last = in + give == n };

		assert_int_equal(wd_do_comp_strm(c, &r), 0);
		assert_true(r.src_len <= give && r.dst_len <= room);
		in += r.src_len;
		outp += r.dst_len;
		if (r.status == WD_STREAM_END)
			break;
		assert_true(r.status == WD_SUCCESS || r.status == WD_EAGAIN);
		assert_true(++guard < 10000000);
	}
	assert_int_equal(in, n);
	return outp;
}

/* Decompress a stream held in cmp[0..clen) with chunking; returns output size. */
static size_t stream_decompress(handle_t d, size_t clen, size_t cap, size_t in_chunk,
				size_t out_chunk)
{
	size_t in = 0, outp = 0;
	int guard = 0;

	for (;;) {
		size_t give = clen - in < in_chunk ? clen - in : in_chunk;
		size_t room = cap - outp < out_chunk ? cap - outp : out_chunk;
		struct wd_comp_req r = { .src = cmp + in, .src_len = (__u32)give, .dst = out + outp,
					 .dst_len = (__u32)(room ? room : 1),
					 .op_type = WD_DIR_DECOMPRESS, .last = in + give == clen };

		assert_int_equal(wd_do_comp_strm(d, &r), 0);
		in += r.src_len;
		outp += r.dst_len;
		if (r.status == WD_STREAM_END && in == clen)
			break;
		assert_true(r.status == WD_SUCCESS || r.status == WD_EAGAIN ||
			    r.status == WD_STREAM_END);
		assert_true(++guard < 10000000);
	}
	return outp;
}

static void test_stream_matrix(void **state)
{
	static const size_t chunks[][2] = { { 1, 7 }, { 4096, 4096 }, { 100000, 33 }, { MIB, MIB } };
	static const int slevels[] = { 1, 3, 6, 9 };
	size_t si, ci, li;
	int alg, win;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		for (li = 0; li < 4; li++)
			for (win = WD_COMP_WS_4K; win <= WD_COMP_WS_32K; win += 2)
				for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++)
					for (ci = 0; ci < 4; ci++) {
						size_t n = sizes[si], clen, dlen;
						handle_t c, d;

						/* byte-at-a-time only on small inputs: it is slow */
						if (chunks[ci][0] == 1 && n > 65536)
							continue;
						c = td_sess(alg, WD_DIR_COMPRESS, slevels[li], win,
							    CTX_MODE_SYNC);
						d = td_sess(alg, WD_DIR_DECOMPRESS, 1, win, CTX_MODE_SYNC);
						clen = stream_compress(c, src, n, chunks[ci][0],
								       chunks[ci][1]);
						check_decodes(alg, win, src, n, clen, "stream");
						dlen = stream_decompress(d, clen, n + 1, chunks[ci][0],
									 chunks[ci][1]);
						assert_int_equal(dlen, n);
						assert_memory_equal(out, src, n);
						wd_comp_free_sess(c);
						wd_comp_free_sess(d);
					}
}

struct async_done {
	int calls;
	int bad;
};

static void *on_done(struct wd_comp_req *req, void *param)
{
	struct async_done *d = param;

	d->calls++;
	d->bad += req->status != WD_SUCCESS;
	*(__u32 *)req->priv = req->dst_len;	/* req is the library's copy */
	return NULL;
}

static void test_async(void **state)
{
	enum { N = 64, BLK = 65536 };
	static struct wd_comp_req reqs[N];
	static uint8_t cbuf[N][BLK + BLK / 8 + 1024];
	static __u32 lens[N];
	struct async_done done = { 0 };
	int alg, i, sent;
	__u32 cnt;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		handle_t c = td_sess(alg, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);

		assert_true(c);
		memset(&done, 0, sizeof(done));
		for (i = 0, sent = 0; i < N; i++) {
			reqs[i] = (struct wd_comp_req){ .src = src + (size_t)i * BLK, .src_len = BLK,
							.dst = cbuf[i], .dst_len = sizeof(cbuf[i]),
							.cb = on_done, .cb_param = &done,
							.op_type = WD_DIR_COMPRESS, .priv = &lens[i] };
			assert_int_equal(wd_do_comp_async(c, &reqs[i]), 0);
			sent++;
		}
		while (done.calls < sent)
			wd_comp_poll(0, &cnt);
		assert_int_equal(done.bad, 0);
		for (i = 0; i < N; i++) {
			long z = td_zlib_inflate(alg, WD_COMP_WS_32K, cbuf[i], lens[i], ref, BLK);

			assert_int_equal(z, BLK);
			assert_memory_equal(ref, src + (size_t)i * BLK, BLK);
		}
		wd_comp_free_sess(c);
	}
}

/* One async request per case: formats x levels x windows x sizes, both ways. */
static void test_async_matrix(void **state)
{
	static const int alevels[] = { 1, 3, 6, 12 };
	struct async_done done;
	size_t si, li;
	int alg, win;
	__u32 cnt, clen, dlen;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		for (li = 0; li < 4; li++)
			for (win = WD_COMP_WS_4K; win <= WD_COMP_WS_32K; win += 2)
				for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
					size_t n = sizes[si];
					handle_t c = td_sess(alg, WD_DIR_COMPRESS, alevels[li], win,
							     CTX_MODE_ASYNC);
					handle_t d = td_sess(alg, WD_DIR_DECOMPRESS, 1, win, CTX_MODE_ASYNC);
					struct wd_comp_req r = { .src = src, .src_len = (__u32)n, .dst = cmp,
								 .dst_len = (__u32)cap_for(n), .cb = on_done,
								 .cb_param = &done, .priv = &clen };

					memset(&done, 0, sizeof(done));
					assert_int_equal(wd_do_comp_async(c, &r), 0);
					while (done.calls < 1)
						wd_comp_poll(0, &cnt);
					assert_int_equal(done.bad, 0);
					r = (struct wd_comp_req){ .src = cmp, .src_len = clen, .dst = out,
								  .dst_len = (__u32)(n ? n : 1), .cb = on_done,
								  .cb_param = &done, .priv = &dlen,
								  .op_type = WD_DIR_DECOMPRESS };
					assert_int_equal(wd_do_comp_async(d, &r), 0);
					while (done.calls < 2)
						wd_comp_poll(0, &cnt);
					assert_int_equal(done.bad, 0);
					assert_int_equal(dlen, n);
					assert_memory_equal(out, src, n);
					assert_int_equal(td_zlib_inflate(alg, win, cmp, clen, ref, n ? n : 1), n);
					wd_comp_free_sess(c);
					wd_comp_free_sess(d);
				}
}

/* Streams from another encoder: every level/window/strategy zlib offers. */
static void test_decodes_foreign(void **state)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FIXED, Z_HUFFMAN_ONLY, Z_RLE };
	size_t n = 300000;
	int alg, lvl, wb, st;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		for (lvl = 0; lvl <= 9; lvl += 3)
			for (wb = 9; wb <= 15; wb++)
				for (st = 0; st < 4; st++) {
					long clen = td_zlib_deflate(alg, lvl, wb == 9 && alg == WD_DEFLATE ? 10 : wb,
								    strategies[st], src, n, cmp, cap_for(n));
					handle_t d = td_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K,
							     CTX_MODE_SYNC);
					struct wd_comp_req r = { .src = cmp, .src_len = (__u32)clen,
								 .dst = out, .dst_len = (__u32)n,
								 .op_type = WD_DIR_DECOMPRESS };

					assert_true(clen > 0);
					assert_int_equal(wd_do_comp_sync(d, &r), 0);
					assert_int_equal(r.status, WD_SUCCESS);
					assert_int_equal(r.dst_len, n);
					assert_memory_equal(out, src, n);
					assert_int_equal(stream_decompress(d, (size_t)clen, n, 777, 5000), n);
					assert_memory_equal(out, src, n);
					wd_comp_free_sess(d);
				}
}

static void test_gzip_members(void **state)
{
	size_t a = 100000, b = 50000, c = 0;
	long l1, l2, l3;
	handle_t d = td_sess(WD_GZIP, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	struct wd_comp_req r;

	(void)state;
	l1 = td_zlib_deflate(WD_GZIP, 6, 15, Z_DEFAULT_STRATEGY, src, a, cmp, MIB);
	l2 = td_zlib_deflate(WD_GZIP, 1, 15, Z_DEFAULT_STRATEGY, src + a, b, cmp + l1, MIB);
	l3 = td_zlib_deflate(WD_GZIP, 9, 15, Z_DEFAULT_STRATEGY, src + a + b, c, cmp + l1 + l2, MIB);
	/* one-shot: one member per request, each stopping at its own end */
	r = (struct wd_comp_req){ .src = cmp, .src_len = (__u32)(l1 + l2 + l3), .dst = out,
				  .dst_len = (__u32)MIB, .op_type = WD_DIR_DECOMPRESS };
	assert_int_equal(wd_do_comp_sync(d, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	assert_int_equal(r.src_len, l1);
	assert_int_equal(r.dst_len, a);
	r = (struct wd_comp_req){ .src = cmp + l1, .src_len = (__u32)(l2 + l3), .dst = out + a,
				  .dst_len = (__u32)MIB, .op_type = WD_DIR_DECOMPRESS };
	assert_int_equal(wd_do_comp_sync(d, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	assert_int_equal(r.src_len, l2);
	assert_int_equal(r.dst_len, b);
	r = (struct wd_comp_req){ .src = cmp + l1 + l2, .src_len = (__u32)l3, .dst = out + a + b,
				  .dst_len = (__u32)MIB, .op_type = WD_DIR_DECOMPRESS };
	assert_int_equal(wd_do_comp_sync(d, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	assert_int_equal(r.src_len, l3);
	assert_int_equal(r.dst_len, c);
	assert_memory_equal(out, src, a + b + c);
	assert_int_equal(stream_decompress(d, (size_t)(l1 + l2 + l3), MIB, 999, 4096), a + b);
	assert_memory_equal(out, src, a + b);
	wd_comp_free_sess(d);
}

/* Tens of MiB through sync2 and stream mode, each format. */
static void test_large(void **state)
{
	int alg;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		handle_t c = td_sess(alg, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		handle_t d = td_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		struct wd_comp_req r = { .src = src, .src_len = BIG, .dst = cmp,
					 .dst_len = (__u32)cap_for(BIG), .op_type = WD_DIR_COMPRESS };
		size_t clen;

		assert_int_equal(wd_do_comp_sync2(c, &r), 0);
		assert_int_equal(r.status, WD_SUCCESS);
		assert_int_equal(r.src_len, BIG);
		clen = r.dst_len;
		assert_int_equal(td_zlib_inflate(alg, WD_COMP_WS_32K, cmp, clen, ref, BIG), BIG);
		assert_memory_equal(ref, src, BIG);
		r = (struct wd_comp_req){ .src = cmp, .src_len = (__u32)clen, .dst = out,
					  .dst_len = BIG, .op_type = WD_DIR_DECOMPRESS };
		assert_int_equal(wd_do_comp_sync2(d, &r), 0);
		assert_int_equal(r.status, WD_SUCCESS);
		assert_int_equal(r.dst_len, BIG);
		assert_memory_equal(out, src, BIG);
		clen = stream_compress(c, src, BIG, 3 * 65536 + 1, 200000);
		assert_int_equal(td_zlib_inflate(alg, WD_COMP_WS_32K, cmp, clen, ref, BIG), BIG);
		assert_memory_equal(ref, src, BIG);
		wd_comp_free_sess(c);
		wd_comp_free_sess(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_matrix),
		cmocka_unit_test(test_stream_matrix),
		cmocka_unit_test(test_async),
		cmocka_unit_test(test_async_matrix),
		cmocka_unit_test(test_decodes_foreign),
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad input, each with the error it must give: NULL pointers, zero lengths,
 * bad enums, wrong call order, double free, too-small dst (with a canary
 * proving nothing is written past dst_len), truncated/corrupt/random streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "test_util.h"

#define N 65536
#define CANARY 0xA5

static uint8_t src[N], cmp[2 * N], out[2 * N];

static void *noop_cb(struct wd_comp_req *req, void *p)
{
	(void)req;
	(void)p;
	return NULL;
}

static void test_before_init(void **state)
{
	struct wd_comp_req req = { .src = src, .src_len = 1, .dst = out, .dst_len = 1 };
	__u32 cnt;

	(void)state;
	assert_int_equal(td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, 4, 0), 0);
	assert_int_equal(wd_do_comp_sync(0, &req), -WD_EINVAL);
	assert_int_equal(wd_comp_poll(1, &cnt), -WD_EINVAL);
	assert_int_equal(wd_comp_poll_ctx(0, 1, &cnt), -WD_EINVAL);
	wd_comp_uninit2();	/* uninit without init: nothing happens */
	wd_comp_uninit();
	wd_comp_free_sess(0);
}

static void test_init_args(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 1, 1 }, { 1, 1 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	struct wd_ctx_config cfg = { 0 };
	struct wd_ctx ctxs[1] = { { 0, 0, 0 } };
	struct wd_sched *sched;

	(void)state;
	assert_int_equal(wd_comp_init2_(NULL, SCHED_POLICY_RR, TASK_INSTR, NULL), -WD_EINVAL);
	assert_int_equal(wd_comp_init2("lz4", SCHED_POLICY_RR, TASK_INSTR), -WD_EINVAL);
	assert_int_equal(wd_comp_init2("zlib", 99, TASK_INSTR), -WD_EINVAL);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_DEV, TASK_INSTR), -WD_EINVAL);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, 7), -WD_EINVAL);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, -1), -WD_EINVAL);
	p.op_type_num = 0;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_INSTR, &p), -WD_EINVAL);
	p.op_type_num = 3;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_INSTR, &p), -WD_EINVAL);
	p.op_type_num = WD_DIR_MAX;
	p.ctx_set_num = NULL;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_INSTR, &p), -WD_EINVAL);
	nums[0].sync_ctx_num = 100000;
	p.ctx_set_num = nums;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_INSTR, &p), -WD_EINVAL);
	assert_int_equal(wd_comp_init(NULL, NULL), -WD_EINVAL);
	assert_int_equal(wd_comp_init(&cfg, NULL), -WD_EINVAL);
	cfg.ctx_num = 1;
	cfg.ctxs = ctxs;	/* handle 0 is not a ctx */
	sched = wd_sched_rr_alloc(SCHED_POLICY_RR, 2, 1, NULL);	/* the caller owns it */
	assert_int_equal(wd_comp_init(&cfg, sched), -WD_EINVAL);
	wd_sched_rr_release(sched);
	assert_int_equal(wd_comp_ctx_num_init(0, 5, 1, 0), -WD_EINVAL);
	assert_int_equal(wd_comp_ctx_num_init(0, 0, 0, 0), -WD_EINVAL);
}

static int up(void **state)
{
	(void)state;
	td_fill(src, N, TD_MIXED, 3);
	return wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR);
}

static int down(void **state)
{
	(void)state;
	wd_comp_uninit2();
	return 0;
}

static void test_sess_args(void **state)
{
	struct sched_params sp = { .numa_id = -1, .type = 9 };
	struct wd_comp_sess_setup ss = { .alg_type = WD_ZLIB, .comp_lv = 1, .op_type = 0 };

	(void)state;
	assert_int_equal(wd_comp_alloc_sess(NULL), 0);
	ss.alg_type = WD_LZ4;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	ss.alg_type = WD_LZ77_ZSTD;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	ss.alg_type = (enum wd_comp_alg_type)-1;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	ss.alg_type = WD_ZLIB;
	ss.comp_lv = (enum wd_comp_level)16;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	ss.comp_lv = WD_COMP_L1;
	ss.win_sz = (enum wd_comp_winsz_type)5;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	ss.win_sz = WD_COMP_WS_32K;
	ss.op_type = WD_DIR_MAX;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	ss.op_type = WD_DIR_COMPRESS;
	ss.sched_param = &sp;
	assert_int_equal(wd_comp_alloc_sess(&ss), 0);
	assert_int_equal(wd_comp_reset_sess(0), -WD_EINVAL);
}

static void test_req_args(void **state)
{
	handle_t c = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, 4, CTX_MODE_SYNC);
	handle_t a = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, 4, CTX_MODE_ASYNC);
	struct wd_comp_req ok = { .src = src, .src_len = 100, .dst = out, .dst_len = 1000 };
	struct wd_comp_req r;

	(void)state;
	assert_true(c && a);
	assert_int_equal(wd_do_comp_sync(c, NULL), -WD_EINVAL);
	assert_int_equal(wd_do_comp_strm(c, NULL), -WD_EINVAL);
	assert_int_equal(wd_do_comp_sync2(c, NULL), -WD_EINVAL);
	assert_int_equal(wd_do_comp_async(a, NULL), -WD_EINVAL);
	r = ok; r.src = NULL;
	assert_int_equal(wd_do_comp_sync(c, &r), -WD_EINVAL);
	r = ok; r.dst = NULL;
	assert_int_equal(wd_do_comp_sync(c, &r), -WD_EINVAL);
	r = ok; r.dst_len = 0;
	assert_int_equal(wd_do_comp_strm(c, &r), -WD_EINVAL);
	r = ok; r.op_type = WD_DIR_DECOMPRESS;	/* session compresses */
	assert_int_equal(wd_do_comp_sync(c, &r), -WD_EINVAL);
	r = ok; r.data_fmt = WD_SGL_BUF;
	assert_int_equal(wd_do_comp_sync(c, &r), -WD_EINVAL);
	r = ok; r.cb = noop_cb;	/* a sync request with a callback is a mistake */
	assert_int_equal(wd_do_comp_sync(c, &r), -WD_EINVAL);
	r = ok;	/* async needs cb and cb_param */
	assert_int_equal(wd_do_comp_async(a, &r), -WD_EINVAL);
	r.cb = noop_cb;
	assert_int_equal(wd_do_comp_async(a, &r), -WD_EINVAL);
	r = ok; r.src_len = 0;	/* empty input is data, not an error */
	assert_int_equal(wd_do_comp_sync(c, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	r = ok;
	assert_int_equal(wd_do_comp_sync((handle_t)src, &r), -WD_EINVAL);	/* not a session */
	wd_comp_free_sess(c);
	wd_comp_free_sess(c);	/* double free: ignored */
	wd_comp_free_sess((handle_t)src);	/* stray handle: ignored */
	wd_comp_free_sess(a);
}

/* dst one byte short of the result: status WD_OUT_EPARA, canary intact. */
static void test_small_dst(void **state)
{
	int alg, lvl, mode;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		for (lvl = 1; lvl <= 12; lvl += 5) {
			handle_t c = td_sess(alg, WD_DIR_COMPRESS, lvl, 4, CTX_MODE_SYNC);
			handle_t d = td_sess(alg, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
			struct wd_comp_req r = { .src = src, .src_len = N, .dst = cmp, .dst_len = 2 * N };
			__u32 clen;

			assert_int_equal(wd_do_comp_sync(c, &r), 0);
			clen = r.dst_len;
			for (mode = 0; mode < 2; mode++) {
				memset(out, CANARY, sizeof(out));
				r = (struct wd_comp_req){ .src = mode ? cmp : src,
							  .src_len = mode ? clen : N, .dst = out,
							  .dst_len = mode ? N - 1 : clen - 1,
							  .op_type = mode ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS };
				assert_int_equal(wd_do_comp_sync(mode ? d : c, &r), 0);
				assert_int_equal(r.status, WD_OUT_EPARA);
				assert_int_equal(out[mode ? N - 1 : clen - 1], CANARY);
				assert_int_equal(out[mode ? N : clen], CANARY);
			}
			/* sync2 of a whole stream into too little room says so too */
			r = (struct wd_comp_req){ .src = src, .src_len = N, .dst = out, .dst_len = 100 };
			assert_int_equal(wd_do_comp_sync2(c, &r), 0);
			assert_int_equal(r.status, WD_OUT_EPARA);
			wd_comp_free_sess(c);
			wd_comp_free_sess(d);
		}
}

static void expect_bad(handle_t d, const uint8_t *data, __u32 len)
{
	struct wd_comp_req r = { .src = (void *)data, .src_len = len, .dst = out, .dst_len = 2 * N,
				 .op_type = WD_DIR_DECOMPRESS };
	__u32 in = 0;

	assert_int_equal(wd_do_comp_sync(d, &r), 0);
	assert_int_equal(r.status, WD_IN_EPARA);
	/* stream mode, last = 1 on the final piece, must say the same */
	for (;;) {
		r = (struct wd_comp_req){ .src = (void *)(data + in), .src_len = len - in > 1000 ? 1000 : len - in,
					  .dst = out, .dst_len = 2 * N, .op_type = WD_DIR_DECOMPRESS };
		r.last = in + r.src_len == len;
		assert_int_equal(wd_do_comp_strm(d, &r), 0);
		in += r.src_len;
		if (r.status != WD_SUCCESS && r.status != WD_EAGAIN)
			break;
		assert_true(in <= len);
	}
	assert_int_equal(r.status, WD_IN_EPARA);
	wd_comp_reset_sess(d);
	r = (struct wd_comp_req){ .src = (void *)data, .src_len = len, .dst = out, .dst_len = 2 * N,
				  .op_type = WD_DIR_DECOMPRESS };
	assert_int_equal(wd_do_comp_sync2(d, &r), 0);
	assert_int_equal(r.status, WD_IN_EPARA);
}

static void test_bad_streams(void **state)
{
	static uint8_t bad[2 * N];
	int alg, i;

	(void)state;
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		handle_t c = td_sess(alg, WD_DIR_COMPRESS, 1, 4, CTX_MODE_SYNC);
		handle_t d = td_sess(alg, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
		struct wd_comp_req r = { .src = src, .src_len = N, .dst = cmp, .dst_len = 2 * N };
		__u32 clen, cut;

		assert_int_equal(wd_do_comp_sync(c, &r), 0);
		clen = r.dst_len;
		/* truncated anywhere */
		for (cut = 0; cut < clen; cut += clen / 7 + 1)
			expect_bad(d, cmp, cut);
		expect_bad(d, cmp, clen - 1);
		/* a flipped bit in the trailer (checksum) or the body */
		if (alg != WD_DEFLATE) {
			memcpy(bad, cmp, clen);
			bad[clen - 3] ^= 0x10;
			expect_bad(d, bad, clen);
		}
		memcpy(bad, cmp, clen);
		bad[clen / 2] ^= 0xff;
		bad[clen / 2 + 1] ^= 0x55;
		if (alg != WD_DEFLATE)
			expect_bad(d, bad, clen);
		/* random bytes */
		td_fill(bad, 4096, TD_RANDOM, 99);
		bad[0] = (uint8_t)(alg == WD_DEFLATE ? 0x07 : bad[0]);	/* reserved block type */
		expect_bad(d, bad, 4096);
		/* trailing garbage after a complete stream */
		{
			memcpy(bad, cmp, clen);
			memset(bad + clen, 0x5a, 8);
			r = (struct wd_comp_req){ .src = bad, .src_len = clen + 8, .dst = out,
						  .dst_len = 2 * N, .op_type = WD_DIR_DECOMPRESS };
			/* a stream ends where it ends: the garbage is left unconsumed,
			 * one-shot and stream alike */
			assert_int_equal(wd_do_comp_sync(d, &r), 0);
			assert_int_equal(r.status, WD_SUCCESS);
			assert_int_equal(r.src_len, clen);
			assert_int_equal(r.dst_len, N);
			assert_memory_equal(out, src, N);
			r = (struct wd_comp_req){ .src = bad, .src_len = clen + 8, .dst = out,
						  .dst_len = 2 * N, .op_type = WD_DIR_DECOMPRESS };
			assert_int_equal(wd_do_comp_strm(d, &r), 0);
			assert_int_equal(r.status, WD_STREAM_END);
			assert_int_equal(r.src_len, clen);
			assert_int_equal(r.dst_len, N);
		}
		/* after all that the session still works */
		r = (struct wd_comp_req){ .src = cmp, .src_len = clen, .dst = out, .dst_len = 2 * N,
					  .op_type = WD_DIR_DECOMPRESS };
		assert_int_equal(wd_do_comp_sync(d, &r), 0);
		assert_int_equal(r.status, WD_SUCCESS);
		assert_memory_equal(out, src, N);
		for (i = 0; i < 2; i++)
			wd_comp_free_sess(i ? c : d);
	}
}

static uint8_t hexval(char c)
{
	return (uint8_t)(c <= '9' ? c - '0' : c - 'a' + 10);
}

/* Inputs the fuzzer found; each once broke the stream path. */
static void test_fuzz_regressions(void **state)
{
	static const char *const hex[] = {
		/* an invalid literal/length code: zlib and libdeflate refuse it */
		"eddce3721e8c1686e1d8b66d36b66ddbb6ddd8b66dbb311abbb16ddbd6fe661fc77b0c6b66fd78e6"
		"9e8b2471756a104988c06fc0c5b3cc689c",
		/* once reported one byte more consumed than given */
		"838383757c7c7c8383d44a826aa1832d",
	};
	handle_t d = td_sess(WD_DEFLATE, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
	uint8_t in[64];
	size_t i, k, n;

	(void)state;
	for (i = 0; i < sizeof(hex) / sizeof(hex[0]); i++) {
		n = strlen(hex[i]) / 2;
		for (k = 0; k < n; k++)
			in[k] = (uint8_t)(hexval(hex[i][2 * k]) << 4 | hexval(hex[i][2 * k + 1]));
		expect_bad(d, in, (__u32)n);
		{
			struct wd_comp_req r = { .src = in, .src_len = (__u32)n, .dst = out,
						 .dst_len = 2 * N, .op_type = WD_DIR_DECOMPRESS,
						 .last = 1 };

			wd_comp_reset_sess(d);
			assert_int_equal(wd_do_comp_strm(d, &r), 0);
			assert_true(r.src_len <= n);
		}
	}
	wd_comp_free_sess(d);
}

/*
 * A gzip header CRC (FHCRC) is checked, one-shot and stream, as zlib does:
 * libdeflate alone skips it (the fuzzer found a member with a wrong one
 * decoded as if fine).
 */
static void test_gzip_header_crc(void **state)
{
	static const char text[] = "header crc, header crc, header crc";
	handle_t d = td_sess(WD_GZIP, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
	gz_header h = { .name = (Bytef *)"f.txt", .comment = (Bytef *)"c", .hcrc = 1 };
	uint8_t gz[256];
	z_stream z = { 0 };
	int bad, hoff;

	(void)state;
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	assert_int_equal(deflateSetHeader(&z, &h), Z_OK);
	z.next_in = (Bytef *)text;
	z.avail_in = sizeof(text);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	assert_true(gz[3] & 0x02);	/* FHCRC set */
	hoff = 10 + 6 + 2;		/* after "f.txt\0" and "c\0" */
	for (bad = 0; bad < 2; bad++) {
		struct wd_comp_req r = { .src = gz, .src_len = (__u32)z.total_out, .dst = out,
					 .dst_len = 2 * N, .op_type = WD_DIR_DECOMPRESS };

		assert_int_equal(wd_do_comp_sync(d, &r), 0);
		if (!bad) {
			assert_int_equal(r.status, WD_SUCCESS);
			assert_int_equal(r.dst_len, sizeof(text));
			gz[hoff] ^= 0x5a;	/* now the header CRC is wrong */
		} else {
			assert_int_equal(r.status, WD_IN_EPARA);
		}
	}
	expect_bad(d, gz, (__u32)z.total_out);	/* the stream path agrees */
	deflateEnd(&z);
	wd_comp_free_sess(d);
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(wd_strerror(-WD_EINVAL), "invalid argument or call order");
	assert_string_equal(wd_strerror(WD_IN_EPARA), "input data corrupt or truncated");
	assert_string_equal(wd_strerror(12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest pre[] = {
		cmocka_unit_test(test_before_init),
		cmocka_unit_test(test_init_args),
		cmocka_unit_test(test_strerror),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sess_args),
		cmocka_unit_test(test_req_args),
		cmocka_unit_test(test_small_dst),
		cmocka_unit_test(test_bad_streams),
		cmocka_unit_test(test_fuzz_regressions),
		cmocka_unit_test(test_gzip_header_crc),
	};

	return cmocka_run_group_tests(pre, NULL, NULL) | cmocka_run_group_tests(tests, up, down);
}

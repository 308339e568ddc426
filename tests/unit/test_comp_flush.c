/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libwd_comp's private stream flush (wd_comp_priv.h), which the zlib
 * drop-in's fast deflate relies on, through the CPU driver: after every
 * flush the output so far ends with zlib's 00 00 ff ff and decodes (zlib,
 * independently) to exactly the input so far; after a full flush the rest
 * decodes with no history; a dst too small to hold a flush continues with
 * WD_EAGAIN; a preset dictionary is used by ISA-L streams (and decodes at
 * every level); bad calls
 * are refused before anything is consumed.
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
#include "wd_comp_priv.h"

#define N (3u << 20)

static uint8_t *src, *cmp, *back;

static int setup(void **state)
{
	(void)state;
	src = malloc(N);
	cmp = malloc(N + N / 4 + 65536);
	back = malloc(N);
	td_fill(src, N, TD_MIXED, 11);
	return wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR);
}

static int teardown(void **state)
{
	(void)state;
	wd_comp_uninit2();
	free(src);
	free(cmp);
	free(back);
	return 0;
}

/* zlib inflates a raw stream's first clen bytes with Z_SYNC_FLUSH: the bytes it gives */
static size_t raw_prefix(const uint8_t *c, size_t clen, uint8_t *dst, size_t cap)
{
	z_stream z;
	size_t got;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -15), Z_OK);
	z.next_in = (Bytef *)c;
	z.avail_in = (uInt)clen;
	z.next_out = dst;
	z.avail_out = (uInt)cap;
	assert_true(inflate(&z, Z_SYNC_FLUSH) >= 0);
	assert_int_equal(z.avail_in, 0);
	got = z.total_out;
	inflateEnd(&z);
	return got;
}

/* Feed src[0..n) with flush, in dst pieces of at most room bytes. */
static size_t put(handle_t h, const uint8_t *in, size_t n, uint8_t *dst, size_t room,
		  enum wdi_comp_flush f)
{
	size_t used = 0, made = 0;
	struct wd_comp_req r;

	for (;;) {
		memset(&r, 0, sizeof(r));
		r.src = (void *)(in + used);
		r.src_len = (__u32)(n - used);
		r.dst = dst + made;
		r.dst_len = (__u32)room;
		r.op_type = WD_DIR_COMPRESS;
		assert_int_equal(wdi_comp_strm_flush(h, &r, f, NULL, 0), 0);
		used += r.src_len;
		made += r.dst_len;
		if (r.status == WD_SUCCESS)
			break;
		assert_int_equal(r.status, WD_EAGAIN);
		assert_true(r.src_len || r.dst_len);
	}
	assert_int_equal(used, n);
	return made;
}

static void test_sync_points(void **state)
{
	static const int levels[] = { 1, 2, 3, 6, 9 };
	static const size_t pieces[] = { 1, 1000, 70000, 1u << 20 };

	(void)state;
	for (size_t li = 0; li < sizeof(levels) / sizeof(levels[0]); li++)
		for (size_t room = 64; room <= (1u << 22); room *= 4096) {
			handle_t h = td_sess(WD_DEFLATE, WD_DIR_COMPRESS, levels[li], WD_COMP_WS_32K,
					     CTX_MODE_SYNC);
			size_t in = 0, clen = 0, k = 0;

			assert_true(h);
			while (in < N) {
				size_t n = pieces[k++ % 4];

				if (n > N - in)
					n = N - in;
				clen += put(h, src + in, n, cmp + clen, room, WDI_COMP_FLUSH_SYNC);
				in += n;
				assert_true(clen >= 4);
				assert_memory_equal(cmp + clen - 4, "\x00\x00\xff\xff", 4);
				assert_int_equal(raw_prefix(cmp, clen, back, N), in);
				assert_memory_equal(back, src, in);
			}
			wd_comp_free_sess(h);
		}
}

static void test_full_flush_forgets(void **state)
{
	handle_t h = td_sess(WD_DEFLATE, WD_DIR_COMPRESS, 3, WD_COMP_WS_32K, CTX_MODE_SYNC);
	size_t half = N / 2, a, b;

	(void)state;
	/* the second half repeats the first: with history it would refer back */
	memcpy(src + half, src, half);
	a = put(h, src, half, cmp, N, WDI_COMP_FLUSH_FULL);
	b = put(h, src + half, half, cmp + a, N, WDI_COMP_FLUSH_SYNC);
	assert_int_equal(raw_prefix(cmp + a, b, back, N), half);
	assert_memory_equal(back, src, half);
	wd_comp_free_sess(h);
	td_fill(src, N, TD_MIXED, 11);
}

/* One sync-flushed stream of src[0..n) with dict: its size; decoded by zlib
 * with the dictionary when dict is set. */
static size_t with_dict(int level, const uint8_t *dict, size_t dlen, size_t n)
{
	handle_t h = td_sess(WD_DEFLATE, WD_DIR_COMPRESS, level, WD_COMP_WS_32K, CTX_MODE_SYNC);
	struct wd_comp_req r = { .src = src, .src_len = (__u32)n, .dst = cmp,
				 .dst_len = (__u32)(n + 4096), .op_type = WD_DIR_COMPRESS };
	z_stream z;

	assert_int_equal(wdi_comp_strm_flush(h, &r, WDI_COMP_FLUSH_SYNC, dict, (__u32)dlen), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	assert_int_equal(r.src_len, n);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -15), Z_OK);
	if (dict)
		assert_int_equal(inflateSetDictionary(&z, dict, (uInt)dlen), Z_OK);
	z.next_in = cmp;
	z.avail_in = r.dst_len;
	z.next_out = back;
	z.avail_out = N;
	assert_true(inflate(&z, Z_SYNC_FLUSH) >= 0);
	assert_int_equal(z.total_out, n);
	assert_memory_equal(back, src, n);
	inflateEnd(&z);
	wd_comp_free_sess(h);
	return r.dst_len;
}

static void test_dictionary(void **state)
{
	static const int levels[] = { 1, 3, 6 };
	uint8_t dict[16384];

	(void)state;
	/* random data that is the dictionary again: without it stored, with
	 * it a few bytes of matches */
	td_fill(dict, sizeof(dict), TD_RANDOM, 5);
	memcpy(src, dict, sizeof(dict));
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		size_t plain = with_dict(levels[i], NULL, 0, sizeof(dict));
		size_t used = with_dict(levels[i], dict, sizeof(dict), sizeof(dict));

		print_message("level %d: %zu bytes, %zu with the dictionary\n", levels[i], plain, used);
		/* L4+ flushed raw segments run on libdeflate, which has no
		 * dictionary: it decodes (with_dict checked) but is not smaller */
		if (levels[i] <= 3)
			assert_true(used * 4 < plain);
	}
	td_fill(src, N, TD_MIXED, 11);
}

static void test_refused(void **state)
{
	handle_t c = td_sess(WD_DEFLATE, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	handle_t d = td_sess(WD_DEFLATE, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	struct wd_comp_req r = { .src = src, .src_len = 100, .dst = cmp, .dst_len = 1000,
				 .op_type = WD_DIR_COMPRESS };

	(void)state;
	assert_int_equal(wdi_comp_strm_flush(c, &r, WDI_COMP_FLUSH_NONE, NULL, 0), -WD_EINVAL);
	assert_int_equal(wdi_comp_strm_flush(c, &r, (enum wdi_comp_flush)7, NULL, 0), -WD_EINVAL);
	assert_int_equal(wdi_comp_strm_flush(c, NULL, WDI_COMP_FLUSH_SYNC, NULL, 0), -WD_EINVAL);
	assert_int_equal(wdi_comp_strm_flush(0, &r, WDI_COMP_FLUSH_SYNC, NULL, 0), -WD_EINVAL);
	r.last = 1;
	assert_int_equal(wdi_comp_strm_flush(c, &r, WDI_COMP_FLUSH_SYNC, NULL, 0), -WD_EINVAL);
	r.last = 0;
	r.op_type = WD_DIR_DECOMPRESS;
	assert_int_equal(wdi_comp_strm_flush(d, &r, WDI_COMP_FLUSH_SYNC, NULL, 0), -WD_EINVAL);
	/* nothing was consumed: the request is untouched */
	assert_int_equal(r.src_len, 100);
	assert_int_equal(r.dst_len, 1000);
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_points),
		cmocka_unit_test(test_full_flush_forgets),
		cmocka_unit_test(test_dictionary),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

// SPDX-License-Identifier: Apache-2.0
/*
 * Learning across small stateless requests, through the public API
 * (warpdrive.h: wd_comp_set_learning): every page a learning session makes
 * is a whole stream zlib reads alone, in any order, with pages dropped;
 * learning engages (its bytes are not ISA-L's); sizes stay within the
 * documented bound of the ordinary path's; a learning decompression session
 * answers every input (foreign, corrupt, truncated, too small a dst)
 * exactly as a session without learning does.
 */
#define _GNU_SOURCE	/* mkstemp, popen under -std=c11 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "test_util.h"

#define PG	4096u
#define NPAGES	192u
#define CAP	(2 * PG)

struct pages {
	uint8_t raw[NPAGES][PG];
	uint8_t out[NPAGES][CAP];
	uint32_t len[NPAGES];
};

#define TD_BINARY	((enum tdata)100)

/* Records as a program's heap holds them: counters, pointers, small flags. */
static void fill_binary(uint8_t *b, uint32_t seed)
{
	uint64_t base = 0x7f3a00000000ull + (uint64_t)seed * 4096;

	for (uint32_t i = 0; i < PG; i += 32) {
		uint64_t rec[4] = { base + i * 3, i / 32 + seed, (seed * 2654435761u + i) & 0xff,
				    base + (i ^ 0x5a0) };

		memcpy(b + i, rec, sizeof(rec));
	}
}

static void fill_page(uint8_t *b, enum tdata kind, uint32_t seed)
{
	if (kind == TD_BINARY)
		fill_binary(b, seed);
	else
		td_fill(b, PG, kind, seed);
}

/* Statistics that change abruptly every few pages: text, random, zeros, binary. */
static void fill_pages(struct pages *p, uint32_t seed)
{
	static const enum tdata order[] = { TD_TEXT, TD_TEXT, TD_BINARY, TD_RANDOM, TD_ZEROS,
					    TD_TEXT, TD_BINARY, TD_BINARY, TD_ZEROS, TD_RANDOM };

	for (uint32_t i = 0; i < NPAGES; i++)
		fill_page(p->raw[i], order[(i / 3 + seed) % 10], seed * 1000 + i);
}

static int setup(void **state)
{
	(void)state;
	return wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_MIX) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	wd_comp_uninit2();
	return 0;
}

static uint32_t comp_one(handle_t h, const uint8_t *src, uint32_t len, uint8_t *dst,
			 uint32_t cap, uint32_t *status)
{
	struct wd_comp_req req = { .op_type = WD_DIR_COMPRESS, .src = (void *)src,
				   .src_len = len, .dst = dst, .dst_len = cap };

	assert_int_equal(wd_do_comp_sync(h, &req), 0);
	*status = req.status;
	return req.status ? 0 : req.dst_len;
}

static void comp_pages(handle_t h, struct pages *p)
{
	uint32_t st;

	for (uint32_t i = 0; i < NPAGES; i++) {
		p->len[i] = comp_one(h, p->raw[i], PG, p->out[i], CAP, &st);
		assert_int_equal(st, WD_SUCCESS);
	}
}

/* gzip(1) reads the learned gzip pages as one file of concatenated members. */
static void gzip_reads(const struct pages *p)
{
	char path[] = "/tmp/wd_learn_XXXXXX", cmd[64];
	int fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	static uint8_t back[PG];
	size_t n;

	assert_non_null(f);
	for (uint32_t i = 0; i < NPAGES; i++)
		assert_int_equal(fwrite(p->out[i], 1, p->len[i], f), p->len[i]);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "gzip -dc %s", path);
	f = popen(cmd, "r");
	assert_non_null(f);
	for (uint32_t i = 0; i < NPAGES; i++) {
		n = fread(back, 1, PG, f);
		assert_int_equal(n, PG);
		assert_memory_equal(back, p->raw[i], PG);
	}
	assert_int_equal(fread(back, 1, 1, f), 0);
	assert_int_equal(pclose(f), 0);
	unlink(path);
}

/* Each learned page alone through zlib; the learned bytes differ from the
 * ordinary path's (learning ran) and are within its documented bound. */
static void run_format(int alg, int level)
{
	struct pages *on = calloc(1, sizeof(*on)), *off = calloc(1, sizeof(*off));
	handle_t hon = td_sess(alg, WD_DIR_COMPRESS, level, WD_COMP_WS_32K, CTX_MODE_SYNC);
	handle_t hoff = td_sess(alg, WD_DIR_COMPRESS, level, WD_COMP_WS_32K, CTX_MODE_SYNC);
	uint64_t total_on = 0, total_off = 0;
	uint8_t back[PG];
	int differ = 0;

	assert_non_null(on);
	assert_non_null(off);
	assert_true(hon && hoff);
	assert_int_equal(wd_comp_set_learning(hoff, 0), 0);
	fill_pages(on, (uint32_t)(alg * 3 + level));
	memcpy(off->raw, on->raw, sizeof(on->raw));
	comp_pages(hon, on);
	comp_pages(hoff, off);
	for (uint32_t i = 0; i < NPAGES; i++) {
		assert_int_equal(td_zlib_inflate(alg, WD_COMP_WS_32K, on->out[i], on->len[i], back,
						 sizeof(back)), PG);
		assert_memory_equal(back, on->raw[i], PG);
		assert_true(on->len[i] <= compressBound(PG) + 18);
		/*
		 * per page: the documented bound, (n + 100) x 25/24 + 1 for a
		 * page the page path writes in n bytes without learning
		 * (docs/levels.md), ISA-L's bytes standing in for n
		 */
		if (on->len[i] > (off->len[i] + 100) * 25 / 24 + 1)
			fail_msg("page %u: %u bytes learned, %u ordinary", i, on->len[i], off->len[i]);
		differ += on->len[i] != off->len[i] || memcmp(on->out[i], off->out[i], on->len[i]);
		total_on += on->len[i];
		total_off += off->len[i];
	}
	/* every level 1-3 takes the page path (level 2 with level 1's matcher) */
	assert_true(differ > 0);
	if (alg == WD_GZIP)
		gzip_reads(on);
	/* the whole sequence: within 2% of the ordinary path */
	assert_true(total_on * 50 <= total_off * 51);
	wd_comp_free_sess(hon);
	wd_comp_free_sess(hoff);
	free(on);
	free(off);
}

static void test_pages_decode_alone(void **state)
{
	(void)state;
	for (int alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		for (int level = 1; level <= 3; level++)
			run_format(alg, level);
}

/* Learning off for a session: the ordinary path's bytes, the same as a new
 * session's first request (which never learns). */
static void test_off_is_ordinary(void **state)
{
	uint8_t page[PG], a[CAP], b[CAP];
	handle_t hoff = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	uint32_t st, la, lb;

	(void)state;
	assert_int_equal(wd_comp_set_learning(hoff, 0), 0);
	for (uint32_t i = 0; i < 40; i++) {
		handle_t fresh = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K,
					 CTX_MODE_SYNC);

		fill_page(page, i % 4 == 3 ? TD_BINARY : (enum tdata)(i % 4), i);
		la = comp_one(hoff, page, PG, a, CAP, &st);
		assert_int_equal(st, WD_SUCCESS);
		lb = comp_one(fresh, page, PG, b, CAP, &st);
		assert_int_equal(st, WD_SUCCESS);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		wd_comp_free_sess(fresh);
	}
	assert_int_equal(wd_comp_set_learning(hoff, 2), -WD_EINVAL);
	assert_int_equal(wd_comp_set_learning(0, 1), -WD_EINVAL);
	wd_comp_free_sess(hoff);
	assert_int_equal(wd_comp_set_learning(hoff, 1), -WD_EINVAL);	/* freed */
}

struct dres {
	int ret;
	uint32_t status, used, made;
	uint8_t out[CAP];
};

static void decomp_one(handle_t h, const uint8_t *src, uint32_t len, uint32_t cap,
		       struct dres *r)
{
	struct wd_comp_req req = { .op_type = WD_DIR_DECOMPRESS, .src = (void *)src,
				   .src_len = len, .dst = r->out, .dst_len = cap };

	memset(r->out, 0, sizeof(r->out));
	r->ret = wd_do_comp_sync(h, &req);
	r->status = req.status;
	r->used = req.src_len;
	r->made = req.dst_len;
}

/* The same answer from a learning session and an ordinary one. */
static void same_answer(handle_t hon, handle_t hoff, const uint8_t *src, uint32_t len,
			uint32_t cap)
{
	static struct dres a, b;

	decomp_one(hon, src, len, cap, &a);
	decomp_one(hoff, src, len, cap, &b);
	assert_int_equal(a.ret, b.ret);
	assert_int_equal(a.status, b.status);
	if (a.status == WD_SUCCESS) {
		assert_int_equal(a.used, b.used);
		assert_int_equal(a.made, b.made);
		assert_memory_equal(a.out, b.out, a.made);
	}
}

/* Pages decoded shuffled, some dropped; then foreign, damaged, truncated
 * and too-small-dst inputs give the ordinary session's exact answers. */
static void decode_any_order(int alg)
{
	struct pages *p = calloc(1, sizeof(*p));
	handle_t hc = td_sess(alg, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	handle_t hon = td_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	handle_t hoff = td_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	uint32_t order[NPAGES], s = 7;
	static struct dres r;
	static uint8_t buf[CAP + 16];

	assert_non_null(p);
	assert_int_equal(wd_comp_set_learning(hoff, 0), 0);
	fill_pages(p, 3);
	comp_pages(hc, p);
	for (uint32_t i = 0; i < NPAGES; i++)
		order[i] = i;
	for (uint32_t i = NPAGES - 1; i > 0; i--) {
		uint32_t j, t;

		s = s * 1103515245u + 12345u;
		j = (s >> 8) % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (uint32_t k = 0; k < NPAGES; k++) {
		uint32_t i = order[k];

		if (k % 5 == 2)
			continue;	/* dropped */
		decomp_one(hon, p->out[i], p->len[i], PG, &r);
		assert_int_equal(r.ret, 0);
		assert_int_equal(r.status, WD_SUCCESS);
		assert_int_equal(r.used, p->len[i]);
		assert_int_equal(r.made, PG);
		assert_memory_equal(r.out, p->raw[i], PG);
	}
	for (uint32_t i = 0; i < 24; i++) {
		uint32_t n = p->len[i];

		/* trailing bytes after the stream stay unconsumed */
		memcpy(buf, p->out[i], n);
		memset(buf + n, 0xa5, 16);
		same_answer(hon, hoff, buf, n + 16, PG);
		/* every dst size around the page's */
		for (uint32_t cap = PG - 3; cap <= PG; cap++)
			same_answer(hon, hoff, p->out[i], n, cap);
		/* truncated, and one flipped bit at several places */
		for (uint32_t cut = 0; cut < n; cut += 1 + n / 13)
			same_answer(hon, hoff, p->out[i], cut, PG);
		for (uint32_t at = 0; at < n * 8; at += 1 + n * 8 / 29) {
			memcpy(buf, p->out[i], n);
			buf[at / 8] ^= (uint8_t)(1u << at % 8);
			same_answer(hon, hoff, buf, n, PG);
		}
	}
	/* foreign streams made by zlib: every level and strategy */
	for (int level = 0; level <= 9; level++) {
		for (int strat = 0; strat <= 4; strat++) {
			long n = td_zlib_deflate(alg, level, 15, strat, p->raw[level * 5 + strat],
						 PG, buf, sizeof(buf));

			assert_true(n > 0);
			same_answer(hon, hoff, buf, (uint32_t)n, PG);
		}
	}
	wd_comp_free_sess(hc);
	wd_comp_free_sess(hon);
	wd_comp_free_sess(hoff);
	free(p);
}

static void test_decode_any_order(void **state)
{
	(void)state;
	for (int alg = WD_DEFLATE; alg <= WD_GZIP; alg++)
		decode_any_order(alg);
}

/* dst too small for a learned page: the ordinary path's verdict, and a
 * stream that fits always decodes. */
static void test_small_dst(void **state)
{
	uint8_t page[PG], out[CAP], back[PG];
	handle_t hon = td_sess(WD_GZIP, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	handle_t hoff = td_sess(WD_GZIP, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	uint32_t st_on, st_off, full, n;

	(void)state;
	assert_int_equal(wd_comp_set_learning(hoff, 0), 0);
	for (uint32_t i = 0; i < 8; i++) {
		td_fill(page, PG, TD_TEXT, 100 + i);
		comp_one(hon, page, PG, out, CAP, &st_on);	/* learn */
	}
	fill_binary(page, 99);
	full = comp_one(hoff, page, PG, out, CAP, &st_off);
	for (uint32_t cap = 1; cap <= full + 40; cap += cap < 64 ? 1 : 7) {
		n = comp_one(hon, page, PG, out, cap, &st_on);
		comp_one(hoff, page, PG, out + PG, cap, &st_off);
		if (st_off == WD_SUCCESS)
			assert_int_equal(st_on, WD_SUCCESS);
		if (st_on == WD_SUCCESS) {
			assert_true(n <= cap);
			assert_int_equal(td_zlib_inflate(WD_GZIP, WD_COMP_WS_32K, out, n, back,
							 sizeof(back)), PG);
			assert_memory_equal(back, page, PG);
		} else {
			assert_int_equal(st_on, WD_OUT_EPARA);
		}
	}
	wd_comp_free_sess(hon);
	wd_comp_free_sess(hoff);
}

/* Windows under 32 KiB: learned pages inflate with that window. */
static void test_small_windows(void **state)
{
	uint8_t page[PG], out[CAP], back[PG];
	uint32_t st, n;

	(void)state;
	for (int win = WD_COMP_WS_4K; win <= WD_COMP_WS_32K; win++) {
		handle_t h = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 2, win, CTX_MODE_SYNC);

		for (uint32_t i = 0; i < 12; i++) {
			fill_page(page, i % 4 == 3 ? TD_BINARY : (enum tdata)(i % 4), 50 + i);
			n = comp_one(h, page, PG, out, CAP, &st);
			assert_int_equal(st, WD_SUCCESS);
			assert_int_equal(td_zlib_inflate(WD_ZLIB, win, out, n, back, sizeof(back)),
					 PG);
			assert_memory_equal(back, page, PG);
		}
		wd_comp_free_sess(h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_decode_alone),
		cmocka_unit_test(test_off_is_ordinary),
		cmocka_unit_test(test_decode_any_order),
		cmocka_unit_test(test_small_dst),
		cmocka_unit_test(test_small_windows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

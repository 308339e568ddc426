// SPDX-License-Identifier: Apache-2.0
/*
 * Sessions that learn across small requests (warpdrive.h), shared by
 * threads: a session's learned state is one thread's at a time, the others
 * go the ordinary way meanwhile, and every page still round-trips and
 * decodes with zlib. Run under TSan by scripts/test.sh (label "threads").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "test_util.h"
#include "threads_util.h"

#define THREADS	4
#define PAGES	240
#define PG	4096u

struct worker {
	handle_t c, d;		/* shared, or the thread's own */
	int alg, id;
};

static void *page_worker(void *arg)
{
	struct worker *w = arg;
	static const enum tdata kinds[] = { TD_TEXT, TD_ZEROS, TD_TEXT, TD_RANDOM };
	uint8_t page[PG];

	for (int i = 0; i < PAGES; i++) {
		td_fill(page, PG, kinds[(i / 5 + w->id) % 4], (uint32_t)(w->id * 10000 + i));
		if (tt_sync_roundtrip(w->c, w->d, w->alg, WD_COMP_WS_32K, page, PG,
				      1 + i % 9))
			break;
	}
	return NULL;
}

static void run(int alg, int shared)
{
	struct worker w[THREADS];
	handle_t c = 0, d = 0;

	tt_reset();
	assert_int_equal(tt_init2("zlib", SCHED_POLICY_RR, 2, 0), 0);
	if (shared) {
		c = tt_sess(alg, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		d = tt_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		assert_true(c && d);
	}
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .c = c, .d = d, .alg = alg, .id = i };
		if (!shared) {
			w[i].c = tt_sess(alg, WD_DIR_COMPRESS, 1 + i % 3, WD_COMP_WS_32K,
					 CTX_MODE_SYNC);
			w[i].d = tt_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
			assert_true(w[i].c && w[i].d);
		}
	}
	assert_int_equal(tt_run(THREADS, page_worker, w, sizeof(w[0])), 0);
	for (int i = 0; i < THREADS; i++) {
		if (!shared || !i) {
			wd_comp_free_sess(w[i].c);
			wd_comp_free_sess(w[i].d);
		}
	}
	wd_comp_uninit2();
	assert_int_equal(tt_failures(), 0);
}

static void test_learn_shared(void **state)
{
	(void)state;
	run(WD_ZLIB, 1);
	run(WD_GZIP, 1);
	run(WD_DEFLATE, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learn_shared),
	};

	if (argc > 1) {
		if (!tt_known_test(argv[1], tests, sizeof(tests) / sizeof(tests[0])))
			return 2;
		cmocka_set_test_filter(argv[1]);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

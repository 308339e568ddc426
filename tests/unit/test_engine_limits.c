/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Engine limits and error paths: ctx plans that ask for nothing on a node,
 * classes the plan table cannot hold, the async pool depth a caller asks
 * for (wd_cap_config.ctx_msg_num), and a driver's error reaching an async
 * callback as it reaches a sync caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "wd_engine.h"
#include "fake_drv.h"
#include "test_util.h"

/*
 * A node listed with zero ctxs gets none. The plan used to count only the
 * explicit ctxs but open the default number for an all-zero node: a heap
 * overflow of the ctx array (ASan: heap-buffer-overflow).
 */
static void test_plan_zero_node(void **state)
{
	__u32 num = 9;
	__u8 en;

	(void)state;
	setenv("WD_COMP_CTX_NUM", "sync-comp:1@0,sync-comp:0@1", 1);
	assert_int_equal(wd_comp_env_init(NULL), 0);
	assert_int_equal(wd_comp_get_ctx_info(NULL, 0), 1);
	assert_int_equal(wd_comp_get_env_param(0, WD_DIR_COMPRESS, CTX_MODE_SYNC, &num, &en), 0);
	assert_int_equal(num, 1);
	assert_int_equal(wd_comp_get_env_param(1, WD_DIR_COMPRESS, CTX_MODE_SYNC, &num, &en), 0);
	assert_int_equal(num, 0);
	wd_comp_env_uninit();
	/* nothing asked for at all: a mistake, not the defaults */
	setenv("WD_COMP_CTX_NUM", "sync-comp:0@0", 1);
	assert_int_equal(wd_comp_env_init(NULL), -WD_EINVAL);
	assert_int_equal(wd_comp_get_ctx_info(NULL, 0), 0);
	unsetenv("WD_COMP_CTX_NUM");
}

static void nop_complete(struct wd_msg_hdr *h)
{
	(void)h;
}

/* A class with more op types than the plan table holds is refused, never indexed. */
static void test_class_too_many_ops(void **state)
{
	static const char *const names[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i" };
	static const char *const algs[] = { "zlib", NULL };
	static const struct wdi_class big = {
		.cls = WD_CLASS_COMP, .name = "big", .env_prefix = "BIG", .algs = algs,
		.env_alg = "zlib", .msg_size = sizeof(struct wd_comp_msg),
		.sess_size = sizeof(struct wdi_sess), .op_type_num = WDI_MAX_OPS + 1,
		.op_names = names, .complete = nop_complete,
	};
	static struct wdi_engine e = WDI_ENGINE_INIT(&big);
	struct wd_ctx_nums nums[WDI_MAX_OPS + 1] = { { 1, 0 } };
	struct wd_ctx_params p = { .op_type_num = WDI_MAX_OPS + 1, .ctx_set_num = nums };
	struct wdi_ctx_plan plans[2];

	(void)state;
	assert_int_equal(wdi_engine_init_v2(&e, "zlib", SCHED_POLICY_RR, TASK_INSTR, NULL),
			 -WD_EINVAL);
	assert_int_equal(wdi_engine_init_v2(&e, "zlib", SCHED_POLICY_RR, TASK_INSTR, &p),
			 -WD_EINVAL);
	assert_int_equal(wdi_engine_ctx_num_init(&e, 0, WDI_MAX_OPS, 1, CTX_MODE_SYNC),
			 -WD_EINVAL);
	assert_int_equal(wdi_env_ctx_plan(&big, "sync-i:1@0", plans, 2), -WD_EINVAL);
	setenv("WD_BIG_CTX_NUM", "sync-i:1@0", 1);
	assert_int_equal(wdi_engine_env_init(&e, NULL), -WD_EINVAL);
	unsetenv("WD_BIG_CTX_NUM");
	assert_int_equal(e.style, WDI_UNINIT);
}

static int cb_calls;
static __u32 cb_status;
static void *record_cb(struct wd_comp_req *req, void *param)
{
	(void)param;
	cb_calls++;
	cb_status = req->status;
	return NULL;
}

/* Post n async requests on s; returns how many were accepted before -WD_EBUSY. */
static int fill_async(handle_t s, int n, uint8_t *buf)
{
	struct wd_comp_req r = { .src = buf, .src_len = 8, .dst = buf + 8, .dst_len = 8,
				 .cb = record_cb, .cb_param = &cb_calls };
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = wd_do_comp_async(s, &r);
		if (ret == -WD_EBUSY)
			return i;
		assert_int_equal(ret, 0);
	}
	return i;
}

/* wd_cap_config.ctx_msg_num sets the async pool of every ctx (1..1024, 0: 1024). */
static void test_ctx_msg_num(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 0, 1 }, { 0, 0 } };
	struct wd_cap_config cap = { .ctx_msg_num = 4 };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums, .cap = &cap };
	struct wd_ctx ctxs[1] = { { 7, WD_DIR_COMPRESS, CTX_MODE_ASYNC } };
	struct wd_ctx_config cfg = { .ctx_num = 1, .ctxs = ctxs, .cap = &cap };
	struct wd_sched *sched = wd_sched_rr_alloc(SCHED_POLICY_RR, 2, 1, wd_comp_poll_ctx);
	struct sched_params sp = { .numa_id = 0, .type = 0, .mode = CTX_MODE_ASYNC };
	static uint8_t buf[16];
	__u32 cnt;
	handle_t s;

	(void)state;
	fake_reset();
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	fake_hold = 1;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), 0);
	s = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	assert_int_equal(fill_async(s, 10, buf), 4);
	fake_hold = 0;
	assert_int_equal(wd_comp_poll(0, &cnt), 0);
	assert_int_equal(cnt, 4);
	wd_comp_free_sess(s);
	wd_comp_uninit2();
	cap.ctx_msg_num = 1025;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), -WD_EINVAL);

	/* the v1 style reads it from its config */
	cap.ctx_msg_num = 2;
	sp.begin = sp.end = 0;
	assert_int_equal(wd_sched_rr_instance(sched, &sp), 0);
	assert_int_equal(wd_comp_init(&cfg, sched), 0);
	fake_hold = 1;
	s = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	assert_int_equal(fill_async(s, 10, buf), 2);
	fake_hold = 0;
	assert_int_equal(wd_comp_poll_ctx(0, 0, &cnt), 0);
	assert_int_equal(cnt, 2);
	wd_comp_free_sess(s);
	wd_comp_uninit();
	cap.ctx_msg_num = 5000;
	assert_int_equal(wd_comp_init(&cfg, sched), -WD_EINVAL);
	wd_sched_rr_release(sched);
	wdi_driver_unregister(&fake_hw);
}

/*
 * A request the driver cannot execute: the sync call returns the driver's
 * code, and an async callback gets the same code as its status (it used
 * to get WD_ENOPROC whatever happened).
 */
static void test_async_error_status(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 1, 1 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	uint8_t src[8] = "abcdefg", dst[8];
	struct wd_comp_req r = { .src = src, .src_len = 8, .dst = dst, .dst_len = 8 };
	static const int codes[] = { -WD_ADDR_ERR, -WD_HW_EACCESS, -WD_EIO, -WD_ENOMEM };
	handle_t ss, as;
	__u32 cnt;
	size_t i;

	(void)state;
	fake_reset();
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), 0);
	ss = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	as = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		fake_result = codes[i];
		r.dst_len = 8;
		assert_int_equal(wd_do_comp_sync(ss, &r), codes[i]);
		r.cb = record_cb;
		r.cb_param = &cb_calls;
		cb_calls = 0;
		cb_status = 0;
		assert_int_equal(wd_do_comp_async(as, &r), 0);
		assert_int_equal(wd_comp_poll(1, &cnt), 0);
		assert_int_equal(cb_calls, 1);
		assert_int_equal(cb_status, (__u32)-codes[i]);
		r.cb = NULL;
		r.cb_param = NULL;
	}
	fake_result = 0;
	wd_comp_free_sess(ss);
	wd_comp_free_sess(as);
	wd_comp_uninit2();
	wdi_driver_unregister(&fake_hw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_zero_node),
		cmocka_unit_test(test_class_too_many_ops),
		cmocka_unit_test(test_ctx_msg_num),
		cmocka_unit_test(test_async_error_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The engine, registry and scheduler in isolation, with the fake hardware
 * driver of fake_drv.c (it "compresses" by copying).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <uadk/wd_comp.h>
#ifdef WD_TEST_HAVE_NUMA
#include <numa.h>
#endif
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "wd_engine.h"
#include "fake_drv.h"
#include "test_util.h"

static int cb_count;
static struct wd_comp_req *last_cb_req;
static __u32 last_cb_len;
static void *count_cb(struct wd_comp_req *req, void *param)
{
	last_cb_req = req;
	last_cb_len = req->dst_len;
	(*(int *)param)++;
	return NULL;
}

static void test_registry(void **state)
{
	struct wd_driver_info info[8];
	struct wd_driver bad = fake_hw;
	int n, i, found = 0;

	(void)state;
	assert_int_equal(wdi_driver_register(NULL), -WD_EINVAL);
	bad.send = NULL;
	assert_int_equal(wdi_driver_register(&bad), -WD_EINVAL);
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	assert_int_equal(wdi_driver_register(&fake_hw), -WD_EEXIST);
	n = wd_get_driver_info(info, 8);
	assert_true(n >= 2);
	/* hardware ranks before the CPU driver */
	assert_string_equal(info[0].name, "fake_hw");
	for (i = 0; i < n; i++)
		found += !strcmp(info[i].name, "cpu_deflate") && info[i].kind == WD_DRIVER_CPU;
	assert_int_equal(found, 1);
	assert_int_equal(wd_get_driver_info(NULL, 1), -WD_EINVAL);
	wdi_driver_unregister(&fake_hw);
}

static void test_task_types(void **state)
{
	(void)state;
	unsetenv("WD_CPU_AS_HW");
	/* no queue device: TASK_HW must fail clearly, not fall back silently */
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_HW), -WD_ENODEV);
	setenv("WD_CPU_AS_HW", "1", 1);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_HW), 0);
	wd_comp_uninit2();
	unsetenv("WD_CPU_AS_HW");
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	wd_comp_uninit2();
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_HW), 0);
	assert_int_equal(fake_opened, 2 * 2);	/* one sync + one async per op type */
	wd_comp_uninit2();
	assert_int_equal(fake_opened, 0);
	wdi_driver_unregister(&fake_hw);
}

static void test_refcount_and_stale(void **state)
{
	uint8_t src[64], dst[64];
	struct wd_comp_req req = { .src = src, .src_len = 64, .dst = dst, .dst_len = 64 };
	handle_t s;

	(void)state;
	memset(src, 7, sizeof(src));
	assert_int_equal(wd_comp_init2("gzip", SCHED_POLICY_RR, TASK_INSTR), 0);
	/* a second channel: counted, reported as -WD_EEXIST like UADK */
	assert_int_equal(wd_comp_init2("gzip", SCHED_POLICY_RR, TASK_INSTR), -WD_EEXIST);
	s = td_sess(WD_GZIP, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(s);
	wd_comp_uninit2();	/* first channel leaves: the other keeps working */
	assert_int_equal(wd_do_comp_sync(s, &req), 0);
	assert_int_equal(req.status, WD_SUCCESS);
	wd_comp_uninit2();	/* last one frees */
	req.dst_len = 64;
	assert_int_equal(wd_do_comp_sync(s, &req), -WD_EINVAL);	/* stale session */
	wd_comp_free_sess(s);
	wd_comp_uninit2();	/* extra uninit: harmless */
	assert_int_equal(wd_comp_init2("gzip", SCHED_POLICY_RR, TASK_INSTR), 0);
	wd_comp_uninit2();
}

static void test_partial_queues(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 4, 0 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	uint8_t src[32] = "abc", dst[32];
	struct wd_comp_req req = { .src = src, .src_len = 32, .dst = dst, .dst_len = 32 };
	handle_t s;
	int i;

	(void)state;
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	fake_max_open = 2;	/* the device has 2 free queues, we ask for 4 */
	memset(fake_sends, 0, sizeof(fake_sends));
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), 0);
	assert_int_equal(fake_opened, 2);
	s = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	for (i = 0; i < 10; i++) {
		req.dst_len = 32;
		assert_int_equal(wd_do_comp_sync(s, &req), 0);
		assert_memory_equal(src, dst, 32);
	}
	/* round robin over the two queues it has */
	assert_int_equal(fake_sends[0], 5);
	assert_int_equal(fake_sends[1], 5);
	wd_comp_free_sess(s);
	wd_comp_uninit2();
	fake_max_open = 0;	/* no queue at all: init fails, nothing leaks */
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), -WD_EBUSY);
	assert_int_equal(fake_opened, 0);
	fake_max_open = 1000;
	wdi_driver_unregister(&fake_hw);
}

static void test_async_pool_and_poll(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 1, 1 }, { 1, 1 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	static struct wd_comp_req reqs[WDI_DEFAULT_DEPTH + 1];
	static uint8_t dst[WDI_DEFAULT_DEPTH + 1][8];
	uint8_t src[8] = "1234567";
	__u32 count = 0, total = 0;
	handle_t s;
	int i, ret;

	(void)state;
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	assert_int_equal(wd_comp_init2_("deflate", SCHED_POLICY_RR, TASK_HW, &p), 0);
	s = td_sess(WD_DEFLATE, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	assert_true(s);
	fake_hold = 1;	/* the device is slow: nothing completes */
	cb_count = 0;
	for (i = 0; i <= WDI_DEFAULT_DEPTH; i++) {
		reqs[i] = (struct wd_comp_req){ .src = src, .src_len = 8, .dst = dst[i], .dst_len = 8,
						.cb = count_cb, .cb_param = &cb_count };
		ret = wd_do_comp_async(s, &reqs[i]);
		if (i < WDI_DEFAULT_DEPTH)
			assert_int_equal(ret, 0);
		else
			assert_int_equal(ret, -WD_EBUSY);	/* pool exhausted */
	}
	assert_int_equal(wd_comp_poll(0, &count), 0);
	assert_int_equal(count, 0);
	fake_hold = 0;
	assert_int_equal(wd_comp_poll(10, &count), 0);
	assert_int_equal(count, 10);
	total = count;
	while (total < WDI_DEFAULT_DEPTH) {
		assert_int_equal(wd_comp_poll(0, &count), 0);
		assert_true(count > 0);
		total += count;
	}
	assert_int_equal(cb_count, WDI_DEFAULT_DEPTH);
	assert_int_equal(last_cb_len, 8);
	/* as in UADK the callback gets the library's copy: the caller's req
	 * may be gone (DPDK submits from a stack variable) */
	assert_true(last_cb_req < &reqs[0] || last_cb_req > &reqs[WDI_DEFAULT_DEPTH]);
	assert_memory_equal(dst[5], src, 8);
	/* pool slots came back: the next submit succeeds */
	reqs[0].dst_len = 8;
	assert_int_equal(wd_do_comp_async(s, &reqs[0]), 0);
	assert_int_equal(wd_comp_poll(1, &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(wd_comp_poll_ctx(999, 1, &count), -WD_EINVAL);
	assert_int_equal(wd_comp_poll(1, NULL), -WD_EINVAL);
	wd_comp_free_sess(s);
	wd_comp_uninit2();
	wdi_driver_unregister(&fake_hw);
}

static void test_env_plan(void **state)
{
	static const char *const names[] = { "comp", "decomp" };
	struct wdi_class cls = { .name = "comp", .env_prefix = "COMP", .op_type_num = 2,
				 .op_names = names };
	struct wdi_ctx_plan plans[4];
	static const char *const bad[] = { "", "sync-comp", "sync-comp:1", "sync-zip:1@0",
					   "syn-comp:1@0", "sync-comp:x@0", "sync-comp:1@99",
					   "sync-comp:1@0,", "sync-comp:-1@0", "sync-comp:99999@0" };
	size_t i;

	(void)state;
	assert_int_equal(wdi_env_ctx_plan(&cls, "sync-comp:2@0,async-decomp:3@1,sync-comp:1@0",
					  plans, 4), 2);
	assert_int_equal(plans[0].numa, 0);
	assert_int_equal(plans[0].num[0][CTX_MODE_SYNC], 3);
	assert_int_equal(plans[1].numa, 1);
	assert_int_equal(plans[1].num[1][CTX_MODE_ASYNC], 3);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(wdi_env_ctx_plan(&cls, bad[i], plans, 4), -WD_EINVAL);
	/* through the public call */
	setenv("WD_COMP_CTX_NUM", "sync-comp:1@0,sync-decomp:1@0", 1);
	assert_int_equal(wd_comp_env_init(NULL), 0);
	{
		__u32 num = 9;
		__u8 en = 9;

		assert_int_equal(wd_comp_get_env_param(0, WD_DIR_COMPRESS, CTX_MODE_SYNC, &num, &en), 0);
		assert_int_equal(num, 1);
		assert_int_equal(en, 0);
		assert_int_equal(wd_comp_get_env_param(0, 5, 0, &num, &en), -WD_EINVAL);
	}
	wd_comp_env_uninit();
	setenv("WD_COMP_CTX_NUM", "sync-comp:one@0", 1);
	assert_int_equal(wd_comp_env_init(NULL), -WD_EINVAL);
	unsetenv("WD_COMP_CTX_NUM");
}

static void test_sched_api(void **state)
{
	struct wd_sched *s;
	struct sched_params p = { .numa_id = 0, .type = 0, .mode = 0, .begin = 2, .end = 4 };
	handle_t key;
	__u32 seen[8] = { 0 }, i;

	(void)state;
	assert_null(wd_sched_rr_alloc(SCHED_POLICY_BUTT, 2, 1, NULL));
	assert_null(wd_sched_rr_alloc(SCHED_POLICY_RR, 0, 1, NULL));
	s = wd_sched_rr_alloc(SCHED_POLICY_RR, 2, 4, NULL);
	assert_non_null(s);
	assert_int_equal(wd_sched_rr_instance(s, &p), 0);
	p.begin = 5;
	p.end = 1;
	assert_int_equal(wd_sched_rr_instance(s, &p), -WD_EINVAL);
	p.begin = 0;
	p.type = 7;
	assert_int_equal(wd_sched_rr_instance(s, &p), -WD_EINVAL);
	assert_int_equal(wd_sched_rr_instance(NULL, &p), -WD_EINVAL);
	/* a key on node 3 falls back to node 0, the only one with a region */
	p = (struct sched_params){ .numa_id = 3, .type = 0 };
	key = s->sched_init(s->h_sched_ctx, &p);
	assert_true(key);
	for (i = 0; i < 30; i++)
		seen[s->pick_next_ctx(s->h_sched_ctx, (void *)key, CTX_MODE_SYNC)]++;
	assert_int_equal(seen[2], 10);
	assert_int_equal(seen[3], 10);
	assert_int_equal(seen[4], 10);
	/* no async region: an invalid position, never a wild index */
	assert_int_equal(s->pick_next_ctx(s->h_sched_ctx, (void *)key, CTX_MODE_ASYNC), INVALID_POS);
	free((void *)key);
	wd_sched_rr_release(s);
	wd_sched_rr_release(NULL);
}

/* ctx_params.bmp: the same ctx sets on every NUMA node of the mask. */
static void test_numa_mask(void **state)
{
#ifdef WD_TEST_HAVE_NUMA
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 2, 1 }, { 1, 1 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	struct sched_params sp = { .numa_id = 1, .type = WD_DIR_COMPRESS };
	struct wd_comp_sess_setup ss = { .alg_type = WD_GZIP, .comp_lv = 1, .op_type = 0,
					 .sched_param = &sp };
	uint8_t src[100] = "numa", dst[200];
	struct wd_comp_req r = { .src = src, .src_len = 100, .dst = dst, .dst_len = 200 };
	__u32 num;
	__u8 en;
	handle_t s;

	(void)state;
	p.bmp = numa_bitmask_alloc(64);
	numa_bitmask_setbit(p.bmp, 0);
	numa_bitmask_setbit(p.bmp, 1);	/* a node this VM may not have: still a region */
	assert_int_equal(wd_comp_init2_("gzip", SCHED_POLICY_RR, TASK_INSTR, &p), 0);
	assert_int_equal(wd_comp_get_env_param(1, WD_DIR_COMPRESS, CTX_MODE_SYNC, &num, &en), 0);
	assert_int_equal(num, 2);
	assert_int_equal(wd_comp_get_env_param(0, WD_DIR_DECOMPRESS, CTX_MODE_ASYNC, &num, &en), 0);
	assert_int_equal(num, 1);
	s = wd_comp_alloc_sess(&ss);	/* a session on node 1 */
	assert_true(s);
	assert_int_equal(wd_do_comp_sync(s, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	wd_comp_free_sess(s);
	wd_comp_uninit2();
	numa_bitmask_clearall(p.bmp);	/* an empty mask is a mistake */
	assert_int_equal(wd_comp_init2_("gzip", SCHED_POLICY_RR, TASK_INSTR, &p), -WD_EINVAL);
	numa_bitmask_free(p.bmp);
#else
	(void)state;
	skip();	/* built without libnuma: the mask cannot be made */
#endif
}

/* A device that never completes: the sync call gives up, it does not hang. */
static void test_sync_timeout(void **state)
{
	uint8_t src[16] = "x", dst[16];
	struct wd_comp_req r = { .src = src, .src_len = 16, .dst = dst, .dst_len = 16 };
	handle_t s;

	(void)state;
	setenv("WD_SYNC_TIMEOUT_MS", "50", 1);
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_HW), 0);
	s = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	fake_hold = 1;
	assert_int_equal(wd_do_comp_sync(s, &r), -WD_ETIMEDOUT);
	fake_hold = 0;
	wd_comp_free_sess(s);
	wd_comp_uninit2();
	wdi_driver_unregister(&fake_hw);
	unsetenv("WD_SYNC_TIMEOUT_MS");
}

/* The library says nothing unless WD_LOG_LEVEL asks (read once per process). */
static void test_quiet_by_default(void **state)
{
	FILE *cap = tmpfile();
	int saved = dup(2);
	struct wd_comp_req r = { 0 };

	(void)state;
	assert_non_null(cap);
	fflush(stderr);
	dup2(fileno(cap), 2);
	/* errors and warnings that would log if asked */
	wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_HW);
	wd_comp_init2("lz4", SCHED_POLICY_RR, TASK_INSTR);
	wd_comp_alloc_sess(NULL);
	wd_do_comp_sync(0, &r);
	wd_comp_free_sess((handle_t)&r);
	setenv("WD_COMP_CTX_NUM", "bogus", 1);
	wd_comp_env_init(NULL);
	unsetenv("WD_COMP_CTX_NUM");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fseek(cap, 0, SEEK_END);
	assert_int_equal(ftell(cap), 0);
	fclose(cap);
}

/* UADK's first init style: the caller lays out ctxs and builds the scheduler. */
/* Stream requests go back to the queue that holds the session's state. */
static void test_stream_home(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 4, 0 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	uint8_t src[32] = "abc", dst[32];
	struct wd_comp_req req = { .src = src, .src_len = 32, .dst = dst };
	handle_t st, plain;
	int i, used = 0;

	(void)state;
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	memset(fake_sends, 0, sizeof(fake_sends));
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), 0);
	st = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	plain = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	for (i = 0; i < 8; i++) {
		req.dst_len = 32;
		req.last = i == 7;
		assert_int_equal(wd_do_comp_strm(st, &req), 0);	/* -WD_EIO: wrong queue */
		/* a stateless request between chunks must not move the stream */
		req.dst_len = 32;
		assert_int_equal(wd_do_comp_sync(plain, &req), 0);
	}
	for (i = 0; i < 4; i++)
		used += fake_sends[i] > 0;
	assert_int_equal(used, 4);	/* stateless requests still rotate */
	wd_comp_free_sess(st);
	wd_comp_free_sess(plain);
	wd_comp_uninit2();
	wdi_driver_unregister(&fake_hw);
}

static void test_init_v1(void **state)
{
	struct wd_ctx ctxs[4] = {
		{ 1, WD_DIR_COMPRESS, CTX_MODE_SYNC }, { 2, WD_DIR_DECOMPRESS, CTX_MODE_SYNC },
		{ 3, WD_DIR_COMPRESS, CTX_MODE_ASYNC }, { 4, WD_DIR_DECOMPRESS, CTX_MODE_ASYNC },
	};
	struct wd_ctx_config cfg = { .ctx_num = 4, .ctxs = ctxs };
	struct wd_sched *sched = wd_sched_rr_alloc(SCHED_POLICY_RR, 2, 1, wd_comp_poll_ctx);
	uint8_t src[4096], cmp[8192], out[4096];
	struct wd_comp_req r = { .src = src, .src_len = 4096, .dst = cmp, .dst_len = 8192 };
	int i, done = 0;
	handle_t c, a;
	__u32 cnt;

	(void)state;
	td_fill(src, sizeof(src), TD_TEXT, 1);
	for (i = 0; i < 4; i++) {
		struct sched_params p = { .numa_id = 0, .type = ctxs[i].op_type,
					  .mode = ctxs[i].ctx_mode, .begin = (__u32)i, .end = (__u32)i };

		assert_int_equal(wd_sched_rr_instance(sched, &p), 0);
	}
	assert_int_equal(wd_comp_init(&cfg, sched), 0);
	c = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	a = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	assert_int_equal(wd_do_comp_sync(c, &r), 0);
	assert_int_equal(r.status, WD_SUCCESS);
	assert_int_equal(td_zlib_inflate(WD_ZLIB, 4, cmp, r.dst_len, out, 4096), 4096);
	assert_memory_equal(out, src, 4096);
	r = (struct wd_comp_req){ .src = src, .src_len = 4096, .dst = cmp, .dst_len = 8192,
				  .cb = count_cb, .cb_param = &done };
	assert_int_equal(wd_do_comp_async(a, &r), 0);
	assert_int_equal(wd_comp_poll_ctx(2, 1, &cnt), 0);	/* the async comp ctx */
	assert_int_equal(cnt, 1);
	assert_int_equal(done, 1);
	assert_int_equal(wd_comp_poll_ctx(0, 1, &cnt), -WD_EINVAL);	/* a sync ctx */
	wd_comp_free_sess(c);
	wd_comp_free_sess(a);
	wd_comp_uninit();
	wd_sched_rr_release(sched);
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[800];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(td_write_file(path, text), 0);
}

/* v1 init with real wd_request_ctx() handles: the HW driver adopts them. */
static void test_init_v1_adopt(void **state)
{
	char root[] = "/tmp/wd_adopt_XXXXXX", sys[600], dev[600], node[700];
	struct wd_ctx ctxs[2] = { { 0, WD_DIR_COMPRESS, CTX_MODE_SYNC },
				  { 0, WD_DIR_DECOMPRESS, CTX_MODE_SYNC } };
	struct wd_ctx_config cfg = { .ctx_num = 2, .ctxs = ctxs };
	struct wd_sched *sched = wd_sched_rr_alloc(SCHED_POLICY_RR, 2, 1, wd_comp_poll_ctx);
	struct uacce_dev_list *list;
	uint8_t src[32] = "adopted", dst[32];
	struct wd_comp_req r = { .src = src, .src_len = 32, .dst = dst, .dst_len = 32 };
	handle_t s;
	int i;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	snprintf(node, sizeof(node), "%s/fake-0", sys);
	assert_int_equal(td_mkdirs(dev), 0);
	put_file(node, "api", "fake_v1\n");
	put_file(node, "flags", "0\n");
	put_file(node, "algorithms", "zlib\ngzip\n");
	put_file(node, "available_instances", "4\n");
	put_file(dev, "fake-0", "");
	setenv("WD_UACCE_SYSFS", sys, 1);
	setenv("WD_UACCE_DEVFS", dev, 1);
	list = wd_get_accel_list("zlib");
	assert_non_null(list);
	for (i = 0; i < 2; i++) {
		struct sched_params p = { .numa_id = 0, .type = ctxs[i].op_type,
					  .mode = CTX_MODE_SYNC, .begin = (__u32)i, .end = (__u32)i };

		ctxs[i].ctx = wd_request_ctx(list->dev);
		assert_true(ctxs[i].ctx != 0);
		assert_int_equal(wd_sched_rr_instance(sched, &p), 0);
	}
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	fake_nadopted = 0;
	assert_int_equal(wd_comp_init(&cfg, sched), 0);
	assert_int_equal(fake_nadopted, 2);
	assert_true(fake_adopted[0] == ctxs[0].ctx && fake_adopted[1] == ctxs[1].ctx);
	s = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_int_equal(wd_do_comp_sync(s, &r), 0);
	assert_memory_equal(dst, src, 32);
	wd_comp_free_sess(s);
	wd_comp_uninit();
	/* the caller still owns its handles after uninit */
	assert_non_null(wd_ctx_get_api(ctxs[0].ctx));
	for (i = 0; i < 2; i++)
		wd_release_ctx(ctxs[i].ctx);
	wd_free_list_accels(list);
	wd_sched_rr_release(sched);
	wdi_driver_unregister(&fake_hw);
	unsetenv("WD_UACCE_SYSFS");
	unsetenv("WD_UACCE_DEVFS");
	assert_int_equal(td_rm_tree(root), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_by_default),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_task_types),
		cmocka_unit_test(test_refcount_and_stale),
		cmocka_unit_test(test_partial_queues),
		cmocka_unit_test(test_async_pool_and_poll),
		cmocka_unit_test(test_env_plan),
		cmocka_unit_test(test_sched_api),
		cmocka_unit_test(test_init_v1),
		cmocka_unit_test(test_stream_home),
		cmocka_unit_test(test_init_v1_adopt),
		cmocka_unit_test(test_sync_timeout),
		cmocka_unit_test(test_numa_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sessions: handles that are freed, foreign or made up are refused without
 * reading freed memory (ASan would say so); set-ups the bound drivers do
 * not support fail at allocation; a session only one driver supports stays
 * on that driver; and the engine serves a second class (a toy cipher with
 * per-session keys) from a descriptor and a WDI_CLASS_API line alone.
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
#include "wd_class_api.h"
#include "fake_drv.h"
#include "test_util.h"

static void test_freed_session(void **state)
{
	uint8_t src[64], dst[128];
	struct wd_comp_req r = { .src = src, .src_len = 64, .dst = dst, .dst_len = 128 };
	handle_t s, s2, bogus[] = { 1, 2, 0x12345, ~0UL, (handle_t)&r, (handle_t)1 << 32 | 1 };
	size_t i;

	(void)state;
	td_fill(src, sizeof(src), TD_TEXT, 3);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	s = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(s);
	assert_int_equal(wd_do_comp_sync(s, &r), 0);
	wd_comp_free_sess(s);
	r.dst_len = 128;
	assert_int_equal(wd_do_comp_sync(s, &r), -WD_EINVAL);
	assert_int_equal(wd_do_comp_strm(s, &r), -WD_EINVAL);
	assert_int_equal(wd_do_comp_sync2(s, &r), -WD_EINVAL);
	assert_int_equal(wd_comp_reset_sess(s), -WD_EINVAL);
	wd_comp_free_sess(s);	/* a second free is ignored */
	/* the slot is reused: the old handle still names nothing */
	s2 = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(s2 && s2 != s);
	assert_int_equal(wd_do_comp_sync(s, &r), -WD_EINVAL);
	r.dst_len = 128;
	assert_int_equal(wd_do_comp_sync(s2, &r), 0);
	assert_int_equal(td_zlib_inflate(WD_ZLIB, WD_COMP_WS_32K, dst, r.dst_len, src, 64), 64);
	for (i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
		if (bogus[i] == s2)
			continue;
		r.dst_len = 128;
		assert_int_equal(wd_do_comp_sync(bogus[i], &r), -WD_EINVAL);
		wd_comp_free_sess(bogus[i]);
	}
	r.dst_len = 128;
	assert_int_equal(wd_do_comp_sync(s2, &r), 0);	/* the bogus frees touched nothing */
	wd_comp_free_sess(s2);
	wd_comp_uninit2();
}

/* WarpDrive serves plain user pointers: a user memory pool is refused. */
static void test_mm_type(void **state)
{
	struct wd_comp_sess_setup ss = { .alg_type = WD_ZLIB, .op_type = WD_DIR_COMPRESS };
	handle_t s;

	(void)state;
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	ss.mm_type = UADK_MEM_USER;
	assert_false(wd_comp_alloc_sess(&ss));
	ss.mm_type = UADK_MEM_PROXY;
	assert_false(wd_comp_alloc_sess(&ss));
	ss.mm_type = (enum wd_mem_type)77;
	assert_false(wd_comp_alloc_sess(&ss));
	ss.mm_type = UADK_MEM_AUTO;
	s = wd_comp_alloc_sess(&ss);
	assert_true(s);
	wd_comp_free_sess(s);
	wd_comp_uninit2();
}

/* supports() is asked at allocation; a session only one driver serves stays there. */
static void test_supports_at_alloc(void **state)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 2, 0 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	uint8_t src[4096], dst[8192], out[4096];
	struct wd_comp_req r = { .src = src, .src_len = 4096, .dst = dst };
	handle_t hi, lo;
	int i;

	(void)state;
	td_fill(src, sizeof(src), TD_TEXT, 9);
	fake_reset();
	fake_max_level = 9;
	assert_int_equal(wdi_driver_register(&fake_hw), 0);
	/* only the fake is bound: level 12 fails at allocation, not on a request */
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_HW), 0);
	assert_false(td_sess(WD_ZLIB, WD_DIR_COMPRESS, 12, WD_COMP_WS_32K, CTX_MODE_SYNC));
	lo = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 6, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(lo);
	wd_comp_free_sess(lo);
	wd_comp_uninit2();

	/* one queue left: the second sync ctx is the CPU's */
	fake_max_open = 1;
	memset(fake_sends, 0, sizeof(fake_sends));
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_MIX, &p), 0);
	hi = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 12, WD_COMP_WS_32K, CTX_MODE_SYNC);
	lo = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 6, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(hi && lo);
	/* level 6: both drivers serve it, the scheduler starts on the fake's queue */
	r.dst_len = sizeof(dst);
	assert_int_equal(wd_do_comp_sync(lo, &r), 0);
	assert_int_equal(fake_sends[0], 1);
	for (i = 0; i < 6; i++) {
		r.dst_len = sizeof(dst);
		assert_int_equal(wd_do_comp_sync(hi, &r), 0);
		assert_int_equal(r.status, WD_SUCCESS);
		/* real deflate from the CPU driver, never the fake's copy */
		assert_int_equal(td_zlib_inflate(WD_ZLIB, WD_COMP_WS_32K, dst, r.dst_len, out,
						 sizeof(out)), 4096);
		assert_memory_equal(out, src, 4096);
	}
	assert_int_equal(fake_sends[0], 1);
	wd_comp_free_sess(hi);
	wd_comp_free_sess(lo);
	wd_comp_uninit2();

	/*
	 * compress on the fake's one queue, decompress on the CPU: under
	 * TASK_MIX a device that may refuse sessions (it has supports()) gets a
	 * CPU ctx beside it, so the level the fake refuses runs on the CPU
	 */
	nums[WD_DIR_COMPRESS].sync_ctx_num = 1;
	nums[WD_DIR_DECOMPRESS].sync_ctx_num = 1;
	assert_int_equal(wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_MIX, &p), 0);
	memset(fake_sends, 0, sizeof(fake_sends));
	hi = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 12, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(hi);
	r = (struct wd_comp_req){ .src = src, .src_len = sizeof(src), .dst = dst,
				  .dst_len = sizeof(dst), .op_type = WD_DIR_COMPRESS };
	assert_int_equal(wd_do_comp_sync(hi, &r), 0);
	assert_int_equal(td_zlib_inflate(WD_ZLIB, WD_COMP_WS_32K, dst, r.dst_len, out,
					 sizeof(out)), 4096);
	assert_int_equal(fake_sends[0], 0);	/* not the fake's copy */
	wd_comp_free_sess(hi);
	lo = td_sess(WD_ZLIB, WD_DIR_DECOMPRESS, 12, WD_COMP_WS_32K, CTX_MODE_SYNC);
	assert_true(lo);
	r = (struct wd_comp_req){ .src = dst, .dst = out, .dst_len = sizeof(out),
				  .op_type = WD_DIR_DECOMPRESS };
	r.src_len = (__u32)td_zlib_deflate(WD_ZLIB, 6, 15, 0, src, sizeof(src), dst, sizeof(dst));
	assert_int_equal(wd_do_comp_sync(lo, &r), 0);
	assert_int_equal(r.dst_len, 4096);
	assert_memory_equal(out, src, 4096);
	wd_comp_free_sess(lo);
	wd_comp_uninit2();
	fake_reset();
	wdi_driver_unregister(&fake_hw);
}

/* --- a second class: a toy "cipher" that xors with a per-session key ---- */

struct toy_msg {
	struct wd_msg_hdr hdr;
	const __u8 *in;
	__u8 *out;
	__u32 len;
	int *done;
};

struct toy_key {
	__u8 key[4];
	bool set;
};

static int toy_inits, toy_frees, toy_completions;

static void toy_complete(struct wd_msg_hdr *h)
{
	struct toy_msg *m = (struct toy_msg *)h;

	(*m->done)++;
	toy_completions++;
}

static const char *const toy_algs[] = { "xor", NULL };
static const char *const toy_ops[] = { "enc", "dec" };
static const struct wdi_class toy_class = {
	.cls = WD_CLASS_CIPHER, .name = "toy", .env_prefix = "TOY", .algs = toy_algs,
	.env_alg = "xor", .msg_size = sizeof(struct toy_msg), .sess_size = sizeof(struct wdi_sess),
	.op_type_num = 2, .op_names = toy_ops, .complete = toy_complete,
};
static struct wdi_engine toy_engine = WDI_ENGINE_INIT(&toy_class);

/* The whole standard public surface of the new class. */
WDI_CLASS_API(toy, toy_engine)

struct toy_ctx {
	struct wd_msg_hdr *done[64];
	unsigned int head, tail;
};

static int toy_open(const struct wd_driver *d, const char *alg, int numa, __u8 op, __u8 mode,
		    __u32 depth, void **out)
{
	(void)d; (void)alg; (void)numa; (void)op; (void)mode; (void)depth;
	*out = calloc(1, sizeof(struct toy_ctx));
	return *out ? 0 : -WD_ENOMEM;
}

static void toy_close(void *c)
{
	free(c);
}

static int toy_send(void *p, struct wd_msg_hdr *h)
{
	struct toy_ctx *c = p;
	struct toy_msg *m = (struct toy_msg *)h;
	struct toy_key *k = h->sess ? h->sess->priv : NULL;
	__u32 i;

	if (c->tail - c->head == 64)
		return -WD_EBUSY;
	if (!k || !k->set)
		h->result = -WD_EINVAL;
	for (i = 0; !h->result && i < m->len; i++)
		m->out[i] = m->in[i] ^ k->key[i % 4];
	c->done[c->tail++ % 64] = h;
	return 0;
}

static int toy_recv(void *p, struct wd_msg_hdr **out)
{
	struct toy_ctx *c = p;

	if (c->head == c->tail)
		return -WD_EAGAIN;
	*out = c->done[c->head++ % 64];
	return 0;
}

static bool toy_supports(const struct wd_driver *d, const struct wd_alg_spec *spec)
{
	(void)d;
	return spec->alg == 0 && spec->key_len == 4;
}

static int toy_sess_init(const struct wd_driver *d, struct wd_drv_sess *sess,
			 const struct wd_alg_spec *spec)
{
	(void)d; (void)spec;
	sess->priv = calloc(1, sizeof(struct toy_key));
	toy_inits++;
	return sess->priv ? 0 : -WD_ENOMEM;
}

static int toy_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len)
{
	struct toy_key *k = sess->priv;

	(void)kind;
	if (len != 4)
		return -WD_EINVAL;
	memcpy(k->key, key, 4);
	k->set = true;
	return 0;
}

static void toy_sess_free(void *home, struct wd_drv_sess *sess)
{
	(void)home;
	free(sess->priv);
	sess->priv = NULL;
	toy_frees++;
}

static const char *const toy_drv_algs[] = { "xor", NULL };
static const struct wd_driver toy_drv = {
	.name = "toy_cpu", .desc = "toy cipher", .kind = WD_DRV_CPU, .alg_class = WD_CLASS_CIPHER,
	.algs = toy_drv_algs, .op_mask = 3, .ctx_open = toy_open, .ctx_close = toy_close,
	.send = toy_send, .recv = toy_recv, .supports = toy_supports, .sess_init = toy_sess_init,
	.set_key = toy_set_key, .sess_free = toy_sess_free,
};

static handle_t toy_sess(__u32 key_len, __u8 mode)
{
	struct sched_params sp = { .numa_id = -1, .type = 0, .mode = mode };
	struct wd_alg_spec spec = { .alg = 0, .op_type = 0, .key_len = key_len };
	void *s = wdi_sess_alloc(&toy_engine, &sp, &spec);

	return s ? wdi_sess_publish(&toy_engine, s) : 0;
}

static void test_second_class(void **state)
{
	const __u8 key[4] = { 1, 2, 3, 4 }, in[8] = "plaintx";
	__u8 out[8];
	struct toy_msg m = { .in = in, .out = out, .len = 8 };
	uint8_t src[8] = "1234567", dst[8];
	struct wd_comp_req cr = { .src = src, .src_len = 8, .dst = dst, .dst_len = 8 };
	struct wdi_sess *s;
	handle_t h, ha;
	int done = 0, i;
	__u32 cnt;

	(void)state;
	assert_int_equal(wdi_driver_register(&toy_drv), 0);
	assert_int_equal(wd_toy_init2_("aes", SCHED_POLICY_RR, TASK_INSTR, NULL), -WD_EINVAL);
	assert_int_equal(wd_toy_init2_("xor", SCHED_POLICY_RR, TASK_INSTR, NULL), 0);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	assert_false(toy_sess(5, CTX_MODE_SYNC));	/* unsupported key size: refused here */
	toy_inits = toy_frees = 0;
	h = toy_sess(4, CTX_MODE_SYNC);
	assert_true(h);
	assert_int_equal(toy_inits, 1);		/* sess_init ran at allocation */
	s = wdi_sess_get(&toy_engine, h);
	assert_non_null(s);
	assert_ptr_equal(s->drv.drv, &toy_drv);
	/* no key yet: the driver's refusal comes back */
	m.hdr.sess = &s->drv;
	assert_int_equal(wdi_engine_sync(&toy_engine, s, &m.hdr), 0);
	assert_int_equal(m.hdr.result, -WD_EINVAL);
	assert_int_equal(wdi_sess_set_key(&toy_engine, s, WD_KEY_CIPHER, key, 3), -WD_EINVAL);
	assert_int_equal(wdi_sess_set_key(&toy_engine, s, WD_KEY_CIPHER, key, 4), 0);
	m.hdr.result = 0;
	assert_int_equal(wdi_engine_sync(&toy_engine, s, &m.hdr), 0);
	assert_int_equal(m.hdr.result, 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(out[i], in[i] ^ key[i % 4]);
	/* a toy handle is not a compression session, and the reverse */
	assert_int_equal(wd_do_comp_sync(h, &cr), -WD_EINVAL);
	wd_comp_free_sess(h);		/* ignored: not comp's */
	assert_non_null(wdi_sess_get(&toy_engine, h));
	/* async through the shared pool and poll, completed by the class */
	ha = toy_sess(4, CTX_MODE_ASYNC);
	s = wdi_sess_get(&toy_engine, ha);
	assert_int_equal(wdi_sess_set_key(&toy_engine, s, WD_KEY_CIPHER, key, 4), 0);
	m.hdr.sess = &s->drv;
	m.done = &done;
	for (i = 0; i < 5; i++)
		assert_int_equal(wdi_engine_async(&toy_engine, s, &m.hdr), 0);
	assert_int_equal(wd_toy_poll(0, &cnt), 0);
	assert_int_equal(cnt, 5);
	assert_int_equal(done, 5);
	assert_true(wd_toy_get_ctx_info(NULL, 0) > 0);
	wd_toy_free_sess(h);
	wd_toy_free_sess(ha);
	assert_int_equal(toy_frees, 2);
	assert_null(wdi_sess_get(&toy_engine, h));
	wd_comp_uninit2();
	wd_toy_uninit2();
	wdi_driver_unregister(&toy_drv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_freed_session),
		cmocka_unit_test(test_mm_type),
		cmocka_unit_test(test_supports_at_alloc),
		cmocka_unit_test(test_second_class),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cipher class: its descriptor, UADK 2.10's session, key and request
 * rules, requests turned into struct wd_cipher_msg and results turned
 * back. Init, sessions, queues and polling are the engine's (src/engine).
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_cipher.h"
#include "wd_class_api.h"
#include "crypto_common.h"
#include "wd_log.h"

#define CIPHER_MODES	WD_CIPHER_MODE_TYPE_MAX

/* UADK's name table: [alg][mode]; NULL where no algorithm exists. */
static const char *const cipher_names[WD_CIPHER_ALG_TYPE_MAX][CIPHER_MODES] = {
	[WD_CIPHER_SM4] = {
		[WD_CIPHER_ECB] = "ecb(sm4)", [WD_CIPHER_CBC] = "cbc(sm4)",
		[WD_CIPHER_CTR] = "ctr(sm4)", [WD_CIPHER_XTS] = "xts(sm4)",
		[WD_CIPHER_OFB] = "ofb(sm4)", [WD_CIPHER_CFB] = "cfb(sm4)",
		[WD_CIPHER_CBC_CS1] = "cbc-cs1(sm4)", [WD_CIPHER_CBC_CS2] = "cbc-cs2(sm4)",
		[WD_CIPHER_CBC_CS3] = "cbc-cs3(sm4)", [WD_CIPHER_XTS_GB] = "xts(sm4)",
	},
	[WD_CIPHER_AES] = {
		[WD_CIPHER_ECB] = "ecb(aes)", [WD_CIPHER_CBC] = "cbc(aes)",
		[WD_CIPHER_CTR] = "ctr(aes)", [WD_CIPHER_XTS] = "xts(aes)",
		[WD_CIPHER_OFB] = "ofb(aes)", [WD_CIPHER_CFB] = "cfb(aes)",
		[WD_CIPHER_CBC_CS1] = "cbc-cs1(aes)", [WD_CIPHER_CBC_CS2] = "cbc-cs2(aes)",
		[WD_CIPHER_CBC_CS3] = "cbc-cs3(aes)",
	},
	[WD_CIPHER_DES] = { [WD_CIPHER_ECB] = "ecb(des)", [WD_CIPHER_CBC] = "cbc(des)" },
	[WD_CIPHER_3DES] = { [WD_CIPHER_ECB] = "ecb(des3_ede)", [WD_CIPHER_CBC] = "cbc(des3_ede)" },
};

/* What wd_cipher_init2_() accepts: every name of the table. */
static const char *const cipher_algs[] = {
	"ecb(aes)", "cbc(aes)", "xts(aes)", "ecb(sm4)", "cbc(sm4)", "ctr(sm4)", "xts(sm4)",
	"ecb(des)", "cbc(des)", "ecb(des3_ede)", "cbc(des3_ede)", "ctr(aes)", "ofb(aes)",
	"cfb(aes)", "cbc-cs1(aes)", "cbc-cs2(aes)", "cbc-cs3(aes)", "ofb(sm4)", "cfb(sm4)",
	"cbc-cs1(sm4)", "cbc-cs2(sm4)", "cbc-cs3(sm4)", NULL
};
static const char *const cipher_op_names[] = { "encrypt", "decrypt" };

/*
 * The request rules of the session's algorithm, worked out once at
 * allocation so a request is checked with a few compares: in_bytes must
 * be >= min_len and a multiple of len_mask + 1, and an IV of iv_len bytes
 * is needed unless iv_len is 0 (ECB).
 */
struct cipher_sess {
	struct wdi_sess base;
	bool keyed;
	__u8 block;		/* 16, or 8 for DES/3DES */
	__u8 iv_len;
	__u8 len_mask;
	__u8 min_len;
};

static void cipher_complete(struct wd_msg_hdr *hdr)
{
	struct wd_cipher_msg *m = (struct wd_cipher_msg *)hdr;

	wdc_bounce_done(m->bounce, m->req.list_dst, m->out, m->len, !hdr->result);
	m->req.state = wdc_async_state(hdr, m->status);
	m->req.cb(&m->req, m->req.cb_param);
}

static const struct wdi_class cipher_class = {
	.cls = WD_CLASS_CIPHER,
	.name = "cipher",
	.env_prefix = "CIPHER",
	.algs = cipher_algs,
	.env_alg = "cbc(aes)",
	.msg_size = sizeof(struct wd_cipher_msg),
	.sess_size = sizeof(struct cipher_sess),
	.op_type_num = 2,
	.op_names = cipher_op_names,
	.flags = WDI_CLASS_UNTYPED,
	.complete = cipher_complete,
};

static struct wdi_engine engine = WDI_ENGINE_INIT(&cipher_class);

WDI_CLASS_API(cipher, engine)

/* ECB and CBC take whole blocks; CTR, OFB and CFB any length. */
static __u8 rule_len_mask(const struct cipher_sess *s)
{
	__u32 mode = s->base.spec.mode;

	return mode == WD_CIPHER_ECB || mode == WD_CIPHER_CBC ? s->block - 1 : 0;
}

/* XTS and CBC-CS need at least one block (their stealing needs a whole one). */
static __u8 rule_min_len(const struct cipher_sess *s)
{
	switch (s->base.spec.mode) {
	case WD_CIPHER_XTS:
	case WD_CIPHER_XTS_GB:
	case WD_CIPHER_CBC_CS1:
	case WD_CIPHER_CBC_CS2:
	case WD_CIPHER_CBC_CS3:
		return 16;
	default:
		return 1;	/* never 0 bytes */
	}
}

handle_t wd_cipher_alloc_sess(struct wd_cipher_sess_setup *setup)
{
	struct cipher_sess *s;
	struct wd_alg_spec spec;

	if (!setup || (__u32)setup->alg >= WD_CIPHER_ALG_TYPE_MAX ||
	    (__u32)setup->mode >= CIPHER_MODES || !cipher_names[setup->alg][setup->mode]) {
		wd_err("wd_cipher_alloc_sess: no such cipher");
		return 0;
	}
	memset(&spec, 0, sizeof(spec));
	spec.alg = setup->alg;
	spec.mode = setup->mode;
	s = wdc_sess_alloc(&engine, setup->mm_type, setup->sched_param, &spec);
	if (!s)
		return 0;
	s->block = setup->alg == WD_CIPHER_DES || setup->alg == WD_CIPHER_3DES ? 8 : 16;
	s->iv_len = setup->mode == WD_CIPHER_ECB ? 0 : s->block;
	s->len_mask = rule_len_mask(s);
	s->min_len = rule_min_len(s);
	return wdi_sess_publish(&engine, s);
}

/* DES weak and semi-weak keys (FIPS 74), parity bits ignored. */
static bool des_weak(const __u8 *key)
{
	static const __u8 weak[16][8] = {
		{ 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01 },
		{ 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE },
		{ 0x1F, 0x1F, 0x1F, 0x1F, 0x0E, 0x0E, 0x0E, 0x0E },
		{ 0xE0, 0xE0, 0xE0, 0xE0, 0xF1, 0xF1, 0xF1, 0xF1 },
		{ 0x01, 0xFE, 0x01, 0xFE, 0x01, 0xFE, 0x01, 0xFE },
		{ 0xFE, 0x01, 0xFE, 0x01, 0xFE, 0x01, 0xFE, 0x01 },
		{ 0x1F, 0xE0, 0x1F, 0xE0, 0x0E, 0xF1, 0x0E, 0xF1 },
		{ 0xE0, 0x1F, 0xE0, 0x1F, 0xF1, 0x0E, 0xF1, 0x0E },
		{ 0x01, 0xE0, 0x01, 0xE0, 0x01, 0xF1, 0x01, 0xF1 },
		{ 0xE0, 0x01, 0xE0, 0x01, 0xF1, 0x01, 0xF1, 0x01 },
		{ 0x1F, 0xFE, 0x1F, 0xFE, 0x0E, 0xFE, 0x0E, 0xFE },
		{ 0xFE, 0x1F, 0xFE, 0x1F, 0xFE, 0x0E, 0xFE, 0x0E },
		{ 0x01, 0x1F, 0x01, 0x1F, 0x01, 0x0E, 0x01, 0x0E },
		{ 0x1F, 0x01, 0x1F, 0x01, 0x0E, 0x01, 0x0E, 0x01 },
		{ 0xE0, 0xFE, 0xE0, 0xFE, 0xF1, 0xFE, 0xF1, 0xFE },
		{ 0xFE, 0xE0, 0xFE, 0xE0, 0xFE, 0xF1, 0xFE, 0xF1 },
	};
	int i, j;

	for (i = 0; i < 16; i++) {
		for (j = 0; j < 8 && (key[j] & 0xFE) == (weak[i][j] & 0xFE); j++)
			;
		if (j == 8)
			return true;
	}
	return false;
}

static bool key_len_ok(__u32 alg, __u32 mode, const __u8 *key, __u32 len)
{
	if (mode == WD_CIPHER_XTS || mode == WD_CIPHER_XTS_GB) {
		if (len & 1)
			return false;
		len /= 2;
		if (alg == WD_CIPHER_AES && len == 24)
			return false;	/* XTS-AES is 128 or 256 */
	}
	switch (alg) {
	case WD_CIPHER_SM4:
		return len == 16;
	case WD_CIPHER_AES:
		return len == 16 || len == 24 || len == 32;
	case WD_CIPHER_DES:
		return len == 8 && !des_weak(key);
	case WD_CIPHER_3DES:
		return len == 16 || len == 24;
	}
	return false;
}

int wd_cipher_set_key(handle_t h_sess, const __u8 *key, __u32 key_len)
{
	struct cipher_sess *s = (struct cipher_sess *)wdi_sess_get(&engine, h_sess);
	int ret;

	if (!s || !key || !key_len_ok(s->base.spec.alg, s->base.spec.mode, key, key_len)) {
		wd_err("wd_cipher_set_key: bad session or key (%u bytes)", key_len);
		return -WD_EINVAL;
	}
	ret = wdi_sess_set_key(&engine, &s->base, WD_KEY_CIPHER, key, key_len);
	s->keyed = !ret;
	return ret;
}

static inline __attribute__((always_inline)) int req_check(const struct cipher_sess *s,
							 const struct wd_cipher_req *req, bool async)
{
	if (__builtin_expect(!s || !req || !s->keyed, 0))
		return -WD_EINVAL;
	if (__builtin_expect((__u32)req->op_type > WD_CIPHER_DECRYPTION ||
			     req->in_bytes < s->min_len || (req->in_bytes & s->len_mask) ||
			     req->out_buf_bytes < req->in_bytes, 0))
		return -WD_EINVAL;
	if (s->iv_len && __builtin_expect(!req->iv || req->iv_bytes != s->iv_len, 0))
		return -WD_EINVAL;
	if (async && !req->cb)
		return -WD_EINVAL;
	if (__builtin_expect(req->data_fmt == WD_FLAT_BUF, 1))
		return req->src && req->dst ? 0 : -WD_EINVAL;
	if (req->data_fmt == WD_SGL_BUF)
		return wdc_sgl_covers(req->list_src, req->in_bytes) &&
		       wdc_sgl_covers(req->list_dst, req->in_bytes) ? 0 : -WD_EINVAL;
	return -WD_EINVAL;
}

/* Resolve req into m; -WD_ENOMEM when a scatter-gather bounce fails. */
static int msg_fill(struct wd_cipher_msg *m, struct cipher_sess *s, struct wd_cipher_req *req)
{
	wdc_hdr_init(&m->hdr, &s->base);
	m->alg = (__u8)s->base.spec.alg;
	m->mode = (__u8)s->base.spec.mode;
	m->encrypt = req->op_type == WD_CIPHER_ENCRYPTION;
	m->iv_len = s->iv_len;
	m->len = req->in_bytes;
	m->iv = req->iv;
	m->status = 0;
	m->bounce = NULL;
	if (__builtin_expect(req->data_fmt == WD_FLAT_BUF, 1)) {
		m->in = req->src;
		m->out = req->dst;
		return 0;
	}
	m->bounce = wdc_bounce_new(req->list_src, req->in_bytes, req->in_bytes);
	if (!m->bounce)
		return -WD_ENOMEM;
	m->in = m->bounce;
	m->out = (__u8 *)m->bounce + req->in_bytes;
	return 0;
}

int wd_do_cipher_sync(handle_t h_sess, struct wd_cipher_req *req)
{
	struct cipher_sess *s = (struct cipher_sess *)wdi_sess_get(&engine, h_sess);
	struct wd_cipher_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	req->state = 0;
	ret = msg_fill(&m, s, req);
	if (__builtin_expect(ret, 0))
		return ret;
	ret = wdc_sync(&engine, &s->base, &m.hdr);
	wdc_bounce_done(m.bounce, req->list_dst, m.out, m.len, !ret);
	return ret;
}

int wd_do_cipher_async(handle_t h_sess, struct wd_cipher_req *req)
{
	struct cipher_sess *s = (struct cipher_sess *)wdi_sess_get(&engine, h_sess);
	struct wd_cipher_msg m;
	int ret = req_check(s, req, true);

	if (__builtin_expect(ret, 0))
		return ret;
	req->state = 0;
	ret = msg_fill(&m, s, req);
	if (ret)
		return ret;
	m.req = *req;	/* the callback gets this copy (UADK semantics) */
	return wdc_async(&engine, &s->base, &m.hdr, m.bounce);
}

struct wd_cipher_msg *wd_cipher_get_msg(__u32 idx, __u32 tag)
{
	(void)idx;
	(void)tag;
	return NULL;	/* no UADK driver plug-ins here */
}

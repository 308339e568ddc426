/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The digest class: hashes, HMAC and the AES MACs. UADK 2.10's session,
 * key and request rules, the long-hash protocol (DOING / END, and
 * STREAM_* to resume in another session) kept per session, requests
 * turned into struct wd_digest_msg. The engine does the rest.
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_digest.h"
#include "wd_class_api.h"
#include "crypto_common.h"
#include "wd_log.h"

static const char *const digest_algs[] = {
	"sm3", "md5", "sha1", "sha256", "sha224", "sha384", "sha512", "sha512-224",
	"sha512-256", "xcbc-mac-96(aes)", "xcbc-prf-128(aes)", "cmac(aes)", "gmac(aes)", NULL
};
static const char *const digest_op_names[] = { "digest" };

/* Per algorithm: MAC bytes, running-state bytes (0: no long hash), block bytes. */
static const struct {
	__u8 mac;
	__u8 full;
	__u8 block;
} digest_sizes[WD_DIGEST_TYPE_MAX] = {
	[WD_DIGEST_SM3] = { WD_DIGEST_SM3_LEN, WD_DIGEST_SM3_FULL_LEN, 64 },
	[WD_DIGEST_MD5] = { WD_DIGEST_MD5_LEN, WD_DIGEST_MD5_FULL_LEN, 64 },
	[WD_DIGEST_SHA1] = { WD_DIGEST_SHA1_LEN, WD_DIGEST_SHA1_FULL_LEN, 64 },
	[WD_DIGEST_SHA256] = { WD_DIGEST_SHA256_LEN, WD_DIGEST_SHA256_FULL_LEN, 64 },
	[WD_DIGEST_SHA224] = { WD_DIGEST_SHA224_LEN, WD_DIGEST_SHA224_FULL_LEN, 64 },
	[WD_DIGEST_SHA384] = { WD_DIGEST_SHA384_LEN, WD_DIGEST_SHA384_FULL_LEN, 128 },
	[WD_DIGEST_SHA512] = { WD_DIGEST_SHA512_LEN, WD_DIGEST_SHA512_FULL_LEN, 128 },
	[WD_DIGEST_SHA512_224] = { WD_DIGEST_SHA512_224_LEN, WD_DIGEST_SHA512_224_FULL_LEN, 128 },
	[WD_DIGEST_SHA512_256] = { WD_DIGEST_SHA512_256_LEN, WD_DIGEST_SHA512_256_FULL_LEN, 128 },
	[WD_DIGEST_AES_XCBC_MAC_96] = { WD_DIGEST_AES_XCBC_MAC_96_LEN, 0, 16 },
	[WD_DIGEST_AES_XCBC_PRF_128] = { WD_DIGEST_AES_XCBC_PRF_128_LEN, 0, 16 },
	[WD_DIGEST_AES_CMAC] = { WD_DIGEST_AES_CMAC_LEN, 0, 16 },
	[WD_DIGEST_AES_GMAC] = { WD_DIGEST_AES_GMAC_LEN, 0, 16 },
};

#define GMAC_IV_LEN	16

struct digest_sess {
	struct wdi_sess base;
	bool keyed;		/* set_key was called (HMAC, AES MACs need it) */
	bool doing;		/* a long hash is under way: out holds its state */
	__u64 done;		/* bytes of it hashed so far */
	/* the algorithm's rules, looked up once at allocation */
	bool need_key;		/* HMAC and the AES MACs */
	bool aes_mac;
	__u8 mac_len;
	__u8 full_len;		/* 0: no long hash */
	__u8 block;
};

static bool is_aes_mac(__u32 alg)
{
	return alg >= WD_DIGEST_AES_XCBC_MAC_96;
}

static void digest_complete(struct wd_msg_hdr *hdr)
{
	struct wd_digest_msg *m = (struct wd_digest_msg *)hdr;

	free(m->bounce);	/* input only: nothing goes back */
	m->req.state = wdc_async_state(hdr, m->status);
	/* UADK calls a digest callback with the request, not cb_param */
	m->req.cb(&m->req);
}

static const struct wdi_class digest_class = {
	.cls = WD_CLASS_DIGEST,
	.name = "digest",
	.env_prefix = "DIGEST",
	.algs = digest_algs,
	.env_alg = "sha256",
	.msg_size = sizeof(struct wd_digest_msg),
	.sess_size = sizeof(struct digest_sess),
	.op_type_num = 1,
	.op_names = digest_op_names,
	.flags = WDI_CLASS_UNTYPED,
	.complete = digest_complete,
};

static struct wdi_engine engine = WDI_ENGINE_INIT(&digest_class);

WDI_CLASS_API(digest, engine)

handle_t wd_digest_alloc_sess(struct wd_digest_sess_setup *setup)
{
	struct wd_alg_spec spec;
	struct digest_sess *s;

	if (!setup || (__u32)setup->alg >= WD_DIGEST_TYPE_MAX ||
	    (__u32)setup->mode >= WD_DIGEST_MODE_MAX) {
		wd_err("wd_digest_alloc_sess: no such digest");
		return 0;
	}
	memset(&spec, 0, sizeof(spec));
	spec.alg = setup->alg;
	/* the AES MACs are keyed whatever mode names them (UADK's test says HMAC) */
	spec.mode = is_aes_mac(setup->alg) ? WD_DIGEST_HMAC : setup->mode;
	s = wdc_sess_alloc(&engine, setup->mm_type, setup->sched_param, &spec);
	if (!s)
		return 0;
	s->need_key = spec.mode == WD_DIGEST_HMAC;
	s->aes_mac = is_aes_mac(spec.alg);
	s->mac_len = digest_sizes[spec.alg].mac;
	s->full_len = digest_sizes[spec.alg].full;
	s->block = digest_sizes[spec.alg].block;
	return wdi_sess_publish(&engine, s);
}

static bool key_ok(__u32 alg, __u32 mode, const __u8 *key, __u32 len)
{
	if ((!key && len) || mode != WD_DIGEST_HMAC)
		return false;	/* a plain hash takes no key */
	switch (alg) {
	case WD_DIGEST_AES_GMAC:
		return len == 16 || len == 24 || len == 32;
	case WD_DIGEST_AES_XCBC_MAC_96:
	case WD_DIGEST_AES_XCBC_PRF_128:
	case WD_DIGEST_AES_CMAC:
		return len == 16;
	default:
		return len <= (alg <= WD_DIGEST_SHA224 ? 64u : 128u);
	}
}

int wd_digest_set_key(handle_t h_sess, const __u8 *key, __u32 key_len)
{
	struct digest_sess *s = (struct digest_sess *)wdi_sess_get(&engine, h_sess);
	int ret;

	if (!s || !key_ok(s->base.spec.alg, s->base.spec.mode, key, key_len)) {
		wd_err("wd_digest_set_key: bad session, mode or key (%u bytes)", key_len);
		return -WD_EINVAL;
	}
	ret = wdi_sess_set_key(&engine, &s->base, WD_KEY_AUTH, key, key_len);
	s->keyed = !ret;
	return ret;
}

/* The rules of the rarer requests: long-hash parts, resumed streams, AES MACs. */
static __attribute__((noinline)) int req_check_more(const struct digest_sess *s,
						    const struct wd_digest_req *req)
{
	if (req->has_next >= WD_DIGEST_MSG_STATE_MAX)
		return -WD_EINVAL;
	if (req->has_next == WD_DIGEST_END || req->has_next == WD_DIGEST_STREAM_END) {
		if (req->out_bytes > s->mac_len)
			return -WD_EINVAL;
	} else {
		/* a part of a long hash: whole blocks, the state's size out */
		if (!s->full_len || req->out_bytes != s->full_len || !req->in_bytes ||
		    req->in_bytes % s->block)
			return -WD_EINVAL;
	}
	if ((req->has_next == WD_DIGEST_STREAM_DOING || req->has_next == WD_DIGEST_STREAM_END) &&
	    (!s->full_len || req->long_data_len % s->block))
		return -WD_EINVAL;
	if (s->base.spec.alg == WD_DIGEST_AES_GMAC && (!req->iv || req->iv_bytes != GMAC_IV_LEN))
		return -WD_EINVAL;
	if (s->aes_mac && s->base.spec.alg != WD_DIGEST_AES_GMAC && !req->in_bytes)
		return -WD_EINVAL;	/* as UADK: XCBC and CMAC need data */
	return 0;
}

static inline __attribute__((always_inline)) int req_check(const struct digest_sess *s,
							 const struct wd_digest_req *req, bool async)
{
	if (__builtin_expect(!s || !req || (s->need_key && !s->keyed), 0))
		return -WD_EINVAL;	/* a keyed digest: set_key first */
	if (__builtin_expect(!req->out_bytes || req->out_buf_bytes < req->out_bytes || !req->out,
			     0))
		return -WD_EINVAL;
	if (__builtin_expect(req->has_next == WD_DIGEST_END && !s->aes_mac, 1)) {
		if (req->out_bytes > s->mac_len)
			return -WD_EINVAL;
	} else if (req_check_more(s, req)) {
		return -WD_EINVAL;
	}
	/* one request at a time per long hash: async parts could pass each other */
	if (async && (!req->cb || req->has_next != WD_DIGEST_END))
		return -WD_EINVAL;
	if (__builtin_expect(req->data_fmt == WD_FLAT_BUF, 1))
		return req->in || !req->in_bytes ? 0 : -WD_EINVAL;
	if (req->data_fmt == WD_SGL_BUF)
		return wdc_sgl_covers(req->list_in, req->in_bytes) ? 0 : -WD_EINVAL;
	return -WD_EINVAL;
}

static inline __attribute__((always_inline)) int msg_fill(struct wd_digest_msg *m,
							struct digest_sess *s,
							struct wd_digest_req *req)
{
	bool part = req->has_next == WD_DIGEST_DOING || req->has_next == WD_DIGEST_STREAM_DOING;

	/* resuming another session's stream: take its position, then go on as UADK does */
	if (req->has_next == WD_DIGEST_STREAM_DOING || req->has_next == WD_DIGEST_STREAM_END) {
		s->done = req->long_data_len;
		s->doing = req->long_data_len != 0;
		req->has_next = part ? WD_DIGEST_DOING : WD_DIGEST_END;
	}
	wdc_hdr_init(&m->hdr, &s->base);
	m->alg = (__u8)s->base.spec.alg;
	m->mode = (__u8)s->base.spec.mode;
	m->stage = part ? WD_DIGEST_PART : s->doing ? WD_DIGEST_LAST : WD_DIGEST_ONESHOT;
	m->resume = s->doing;
	m->in_len = req->in_bytes;
	m->out_len = req->out_bytes;
	m->iv_len = req->iv_bytes;
	m->done_len = s->done;
	m->out = req->out;
	m->iv = req->iv;
	m->status = 0;
	m->bounce = NULL;
	if (__builtin_expect(req->data_fmt == WD_FLAT_BUF, 1)) {
		m->in = req->in;
		return 0;
	}
	m->bounce = wdc_bounce_new(req->list_in, req->in_bytes, 0);
	m->in = m->bounce;
	return m->bounce ? 0 : -WD_ENOMEM;
}

int wd_do_digest_sync(handle_t h_sess, struct wd_digest_req *req)
{
	struct digest_sess *s = (struct digest_sess *)wdi_sess_get(&engine, h_sess);
	struct wd_digest_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	req->state = 0;
	ret = msg_fill(&m, s, req);
	if (__builtin_expect(!ret, 1))
		ret = wdc_sync(&engine, &s->base, &m.hdr);
	if (__builtin_expect(m.bounce != NULL, 0))
		free(m.bounce);
	if (__builtin_expect(ret, 0))
		return ret;
	/*
	 * A one-shot writes nothing back: threads may share a session for
	 * one-shots (UADK allows it), and its stream fields are already clear.
	 */
	if (m.stage == WD_DIGEST_PART) {
		s->doing = true;
		s->done += m.in_len;
	} else if (m.stage == WD_DIGEST_LAST) {
		s->doing = false;
		s->done = 0;
	}
	return 0;
}

int wd_do_digest_async(handle_t h_sess, struct wd_digest_req *req)
{
	struct digest_sess *s = (struct digest_sess *)wdi_sess_get(&engine, h_sess);
	struct wd_digest_msg m;
	int ret = req_check(s, req, true);

	if (__builtin_expect(ret, 0))
		return ret;
	if (s->doing)
		return -WD_EINVAL;	/* a long hash ends with a sync request */
	req->state = 0;
	ret = msg_fill(&m, s, req);
	if (ret)
		return ret;
	m.req = *req;	/* the callback gets this copy (UADK semantics) */
	return wdc_async(&engine, &s->base, &m.hdr, m.bounce);
}

struct wd_digest_msg *wd_digest_get_msg(__u32 idx, __u32 tag)
{
	(void)idx;
	(void)tag;
	return NULL;	/* no UADK driver plug-ins here */
}

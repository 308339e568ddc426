/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AEAD class: GCM, CCM and authenc (CBC + HMAC) for AES and SM4.
 * UADK 2.10's session, key, tag-size and request rules (block mode and
 * GCM's FIRST / MIDDLE / END stream), requests turned into struct
 * wd_aead_msg. The engine does the rest.
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_aead.h"
#include "wd_class_api.h"
#include "crypto_common.h"
#include "wd_log.h"

static const char *const aead_algs[] = {
	"ccm(aes)", "gcm(aes)", "authenc(generic,cbc(aes))", "authenc(generic,cbc(sm4))",
	"ccm(sm4)", "gcm(sm4)", NULL
};
static const char *const aead_op_names[] = { "enc-digest", "dec-digest", "digest-enc",
					     "digest-dec" };

#define AEAD_TAG_MAX	16
#define AEAD_IV_GCM	12
#define AEAD_IV_BLOCK	16
#define CCM_AAD_MAX	65279	/* the two-byte AAD length encoding */

/* MAC bytes of the hashes authenc may use (SM3 .. SHA512_256). */
static const __u8 hmac_len[WD_DIGEST_AES_XCBC_MAC_96] = {
	[WD_DIGEST_SM3] = 32, [WD_DIGEST_MD5] = 16, [WD_DIGEST_SHA1] = 20,
	[WD_DIGEST_SHA256] = 32, [WD_DIGEST_SHA224] = 28, [WD_DIGEST_SHA384] = 48,
	[WD_DIGEST_SHA512] = 64, [WD_DIGEST_SHA512_224] = 28, [WD_DIGEST_SHA512_256] = 32,
};

struct aead_sess {
	struct wdi_sess base;
	__u8 cmode;
	__u8 dalg;
	__u16 authsize;		/* 0 until set_authsize: no default, as UADK */
	bool ckeyed;
	bool akeyed;
	bool ready;		/* keys and tag size set: requests may come */
	__u8 iv_len;		/* GCM 12, CCM and authenc 16 */
};

static void sess_update_ready(struct aead_sess *s)
{
	s->ready = s->ckeyed && s->authsize && (s->cmode != WD_CIPHER_CBC || s->akeyed);
}

static void aead_complete(struct wd_msg_hdr *hdr)
{
	struct wd_aead_msg *m = (struct wd_aead_msg *)hdr;

	/* a bounced request's result starts with dst's AAD part */
	wdc_bounce_done(m->bounce, m->req.list_dst, m->bounce ? m->out - m->aad_len : NULL,
			(__u64)m->aad_len + m->len, !hdr->result && !m->status);
	m->req.state = wdc_async_state(hdr, m->status);
	m->req.cb(&m->req, m->req.cb_param);
}

static const struct wdi_class aead_class = {
	.cls = WD_CLASS_AEAD,
	.name = "aead",
	.env_prefix = "AEAD",
	.algs = aead_algs,
	.env_alg = "gcm(aes)",
	.msg_size = sizeof(struct wd_aead_msg),
	.sess_size = sizeof(struct aead_sess),
	.op_type_num = 4,
	.op_names = aead_op_names,
	.flags = WDI_CLASS_UNTYPED,
	.complete = aead_complete,
};

static struct wdi_engine engine = WDI_ENGINE_INIT(&aead_class);

WDI_CLASS_API(aead, engine)

static struct aead_sess *sess_of(handle_t h)
{
	return (struct aead_sess *)wdi_sess_get(&engine, h);
}

handle_t wd_aead_alloc_sess(struct wd_aead_sess_setup *setup)
{
	struct wd_alg_spec spec;
	struct aead_sess *s;

	if (!setup || ((__u32)setup->calg != WD_CIPHER_AES && setup->calg != WD_CIPHER_SM4) ||
	    (setup->cmode != WD_CIPHER_GCM && setup->cmode != WD_CIPHER_CCM &&
	     setup->cmode != WD_CIPHER_CBC) ||
	    (setup->cmode == WD_CIPHER_CBC &&
	     ((__u32)setup->dalg > WD_DIGEST_SHA512_256 || setup->dmode != WD_DIGEST_HMAC))) {
		wd_err("wd_aead_alloc_sess: no such AEAD (authenc needs an HMAC of SM3..SHA512-256)");
		return 0;
	}
	memset(&spec, 0, sizeof(spec));
	spec.alg = setup->calg;
	spec.mode = setup->cmode;
	if (setup->cmode == WD_CIPHER_CBC)
		spec.param = WD_AEAD_SPEC_PARAM(setup->dalg, setup->dmode);
	s = wdc_sess_alloc(&engine, setup->mm_type, setup->sched_param, &spec);
	if (!s)
		return 0;
	s->cmode = (__u8)setup->cmode;
	s->dalg = (__u8)(setup->cmode == WD_CIPHER_CBC ? setup->dalg : 0);
	s->iv_len = s->cmode == WD_CIPHER_GCM ? AEAD_IV_GCM : AEAD_IV_BLOCK;
	return wdi_sess_publish(&engine, s);
}

int wd_aead_set_ckey(handle_t h_sess, const __u8 *key, __u16 key_len)
{
	struct aead_sess *s = sess_of(h_sess);
	int ret;

	if (!s || !key || (s->base.spec.alg == WD_CIPHER_SM4 ? key_len != 16 :
			   key_len != 16 && key_len != 24 && key_len != 32)) {
		wd_err("wd_aead_set_ckey: bad session or key (%u bytes)", key_len);
		return -WD_EINVAL;
	}
	ret = wdi_sess_set_key(&engine, &s->base, WD_KEY_CIPHER, key, key_len);
	s->ckeyed = !ret;
	sess_update_ready(s);
	return ret;
}

int wd_aead_set_akey(handle_t h_sess, const __u8 *key, __u16 key_len)
{
	struct aead_sess *s = sess_of(h_sess);
	int ret;

	if (!s || s->cmode != WD_CIPHER_CBC || (key_len && !key) ||
	    key_len > (s->dalg > WD_DIGEST_SHA256 ? 128 : 64)) {
		wd_err("wd_aead_set_akey: bad session (authenc only) or key (%u bytes)", key_len);
		return -WD_EINVAL;
	}
	ret = wdi_sess_set_key(&engine, &s->base, WD_KEY_AUTH, key, key_len);
	s->akeyed = !ret;
	sess_update_ready(s);
	return ret;
}

int wd_aead_set_authsize(handle_t h_sess, __u16 authsize)
{
	struct aead_sess *s = sess_of(h_sess);
	bool ok;

	if (!s)
		return -WD_EINVAL;
	if (s->cmode == WD_CIPHER_CCM)
		ok = authsize >= 4 && authsize <= AEAD_TAG_MAX && !(authsize & 1);
	else if (s->cmode == WD_CIPHER_GCM)
		ok = authsize >= 8 && authsize <= AEAD_TAG_MAX;
	else
		ok = authsize >= 1 && authsize <= hmac_len[s->dalg];
	if (!ok) {
		wd_err("wd_aead_set_authsize: %u bytes is not a tag size of this AEAD", authsize);
		return -WD_EINVAL;
	}
	s->authsize = authsize;
	sess_update_ready(s);
	return 0;
}

int wd_aead_get_authsize(handle_t h_sess)
{
	struct aead_sess *s = sess_of(h_sess);

	return s ? s->authsize : -WD_EINVAL;
}

int wd_aead_get_maxauthsize(handle_t h_sess)
{
	struct aead_sess *s = sess_of(h_sess);

	if (!s)
		return -WD_EINVAL;
	return s->cmode == WD_CIPHER_CBC ? hmac_len[s->dalg] : AEAD_TAG_MAX;
}

static int lens_check(const struct aead_sess *s, const struct wd_aead_req *req)
{
	__u64 total = (__u64)req->in_bytes + req->assoc_bytes;

	switch (req->msg_state) {
	case AEAD_MSG_BLOCK:
		if (!total || (s->cmode == WD_CIPHER_CBC && (!req->in_bytes || req->in_bytes % 16)) ||
		    (s->cmode == WD_CIPHER_CCM && req->assoc_bytes > CCM_AAD_MAX))
			return -WD_EINVAL;
		return 0;
	case AEAD_MSG_FIRST:
		return req->assoc_bytes ? 0 : -WD_EINVAL;
	case AEAD_MSG_MIDDLE:
		return req->in_bytes && !(req->in_bytes % 16) ? 0 : -WD_EINVAL;
	default:
		return 0;	/* END: any tail */
	}
}

/* The rules beyond a flat GCM block request: streams, CCM, authenc, SGL. */
static __attribute__((noinline)) int req_check_more(const struct aead_sess *s,
						    const struct wd_aead_req *req)
{
	if ((__u32)req->msg_state >= AEAD_MSG_INVALID ||
	    (req->msg_state != AEAD_MSG_BLOCK && s->cmode != WD_CIPHER_GCM))
		return -WD_EINVAL;
	/* CCM counter block: flags = L - 1 with L in 2..8 (nonce 7..13 bytes) */
	if (s->cmode == WD_CIPHER_CCM && (((__u8 *)req->iv)[0] < 1 || ((__u8 *)req->iv)[0] > 7))
		return -WD_EINVAL;
	if (lens_check(s, req))
		return -WD_EINVAL;
	if (req->data_fmt == WD_FLAT_BUF) {
		__u64 in = req->msg_state == AEAD_MSG_FIRST ? req->assoc_bytes :
			   req->msg_state == AEAD_MSG_BLOCK ? (__u64)req->in_bytes + req->assoc_bytes :
			   req->in_bytes;
		__u32 out = req->msg_state == AEAD_MSG_FIRST ? 0 : req->in_bytes;

		return (req->src || !in) && (req->dst || !out) ? 0 : -WD_EINVAL;
	}
	/* scatter-gather: block mode only (a stream keeps state across lists) */
	if (req->data_fmt == WD_SGL_BUF && req->msg_state == AEAD_MSG_BLOCK &&
	    wdc_sgl_covers(req->list_src, (__u64)req->in_bytes + req->assoc_bytes) &&
	    wdc_sgl_covers(req->list_dst, (__u64)req->in_bytes + req->assoc_bytes))
		return 0;
	return -WD_EINVAL;
}

static inline __attribute__((always_inline)) int req_check(const struct aead_sess *s,
							 const struct wd_aead_req *req, bool async)
{
	if (__builtin_expect(!s || !req || !s->ready, 0))
		return -WD_EINVAL;	/* keys and tag size come first */
	if (__builtin_expect((__u32)req->op_type > WD_CIPHER_DECRYPTION_DIGEST || !req->iv ||
			     !req->mac || req->mac_bytes < s->authsize ||
			     req->iv_bytes != s->iv_len, 0))
		return -WD_EINVAL;
	if (__builtin_expect(req->msg_state == AEAD_MSG_BLOCK && s->cmode == WD_CIPHER_GCM &&
			     req->data_fmt == WD_FLAT_BUF, 1)) {
		if (!(req->in_bytes | req->assoc_bytes) || !req->src || (req->in_bytes && !req->dst))
			return -WD_EINVAL;
	} else if (req_check_more(s, req)) {
		return -WD_EINVAL;
	}
	return async && !req->cb ? -WD_EINVAL : 0;
}

static inline __attribute__((always_inline)) int msg_fill(struct wd_aead_msg *m,
							struct aead_sess *s,
							struct wd_aead_req *req)
{
	bool first = req->msg_state == AEAD_MSG_FIRST;
	bool with_aad = req->msg_state == AEAD_MSG_BLOCK || first;
	const __u8 *src;
	__u8 *dst;

	wdc_hdr_init(&m->hdr, &s->base);
	m->calg = (__u8)s->base.spec.alg;
	m->cmode = s->cmode;
	m->dalg = s->dalg;
	m->encrypt = req->op_type == WD_CIPHER_ENCRYPTION_DIGEST;
	m->stage = (__u8)req->msg_state;
	m->iv_len = (__u8)req->iv_bytes;
	m->authsize = s->authsize;
	/* a stream's tag is written whole when there is room, as UADK's driver does */
	if (req->msg_state == AEAD_MSG_END && m->encrypt && req->mac_bytes >= AEAD_TAG_MAX)
		m->authsize = AEAD_TAG_MAX;
	m->aad_len = with_aad ? req->assoc_bytes : 0;
	m->len = first ? 0 : req->in_bytes;
	m->mac = req->mac;
	m->iv = req->iv;
	m->status = 0;
	m->bounce = NULL;
	if (__builtin_expect(req->data_fmt == WD_FLAT_BUF, 1)) {
		src = req->src;
		dst = req->dst;
	} else {
		__u64 n = (__u64)m->aad_len + m->len;

		m->bounce = wdc_bounce_new(req->list_src, n, n);
		if (!m->bounce)
			return -WD_ENOMEM;
		src = m->bounce;
		dst = (__u8 *)m->bounce + n;
		memcpy(dst, src, m->aad_len);	/* dst's AAD part goes back unchanged */
	}
	m->aad = with_aad ? src : NULL;
	m->in = src ? src + m->aad_len : NULL;
	m->out = dst && !first ? dst + m->aad_len : NULL;
	return 0;
}

int wd_do_aead_sync(handle_t h_sess, struct wd_aead_req *req)
{
	struct aead_sess *s = sess_of(h_sess);
	struct wd_aead_msg m;
	int ret = req_check(s, req, false);

	if (__builtin_expect(ret, 0))
		return ret;
	req->state = 0;
	ret = msg_fill(&m, s, req);
	if (__builtin_expect(!ret, 1))
		ret = wdc_sync(&engine, &s->base, &m.hdr);
	wdc_bounce_done(m.bounce, req->list_dst, m.bounce ? m.out - m.aad_len : NULL,
			(__u64)m.aad_len + m.len, !ret && !m.status);
	if (ret)
		return ret;
	req->state = (__u16)m.status;
	/* a stream's tag mismatch is also an error of the call, as in UADK */
	return m.status && req->msg_state == AEAD_MSG_END ? -WD_EINVAL : 0;
}

int wd_do_aead_async(handle_t h_sess, struct wd_aead_req *req)
{
	struct aead_sess *s = sess_of(h_sess);
	struct wd_aead_msg m;
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

struct wd_aead_msg *wd_aead_get_msg(__u32 idx, __u32 tag)
{
	(void)idx;
	(void)tag;
	return NULL;	/* no UADK driver plug-ins here */
}

// SPDX-License-Identifier: Apache-2.0
/*
 * The digests (OSSL_OP_DIGEST): one implementation over the descriptors
 * of digest_table.c, with OpenSSL's semantics (digestcommon.c, sha2_prov.c):
 * the same parameters, dupctx mid-message, SHA-1's SSL3 master-secret
 * parameter; Final once per Init.
 *
 * OpenSSL 3.0 frees and makes the provider context on every
 * EVP_DigestInit_ex, and `openssl speed` does a whole EVP_Digest per
 * block: so contexts are kept per algorithm in a lock-free pool, each with
 * the wd_digest session (and software context) it made once. A message
 * takes its path at its first Update: the software path (OpenSSL's own
 * code in the private library context) when offload is off or the Update
 * is below cpu_below_digest, WarpDrive otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "digest_int.h"

enum md_state {
	MD_IDLE,	/* no Init yet, or a failed request: Update and Final refused */
	MD_FRESH,	/* initialised, path not chosen yet */
	MD_WD,
	MD_SW,
	MD_DONE,	/* finalised: Init again first */
};

/*
 * A context copied again and again while whole blocks wait in its hold
 * (OpenSSL's legacy HMAC_CTX keeps its ipad and opad digests so, and
 * PBKDF2 copies both for every iteration) would have every copy hash
 * those blocks again. The first copy hashes them once, in its own
 * session, and leaves the state reached with the original for the later
 * copies. The original is never changed by a copy (threads may copy one
 * context at once): the state is published once, and the original takes
 * it up itself at its own next Update or Final.
 */
struct md_prefix {
	uint64_t sent;
	uint8_t chain[WDP_MD_MAX_SIZE];
};

struct md_ctx {
	const struct wdp_md_desc *d;
	uint8_t state;
	bool sw_counted;		/* this software message is in the counters */
	struct wdp_dsess ss;		/* kept across messages and pool round trips */
	const struct wdp_md_sw *swi;	/* the software path's functions, once looked up */
	void *sw;			/* its context: kept like the session */
	struct md_prefix *prefix;	/* of this message, once a copy made it */
	struct wdp_dstream st;
};

static void drop_prefix(struct md_ctx *c)
{
	if (c->prefix) {
		explicit_bzero(c->prefix, sizeof(*c->prefix));
		free(c->prefix);
		c->prefix = NULL;
	}
}

/* The original takes up the state a copy published (see struct md_prefix). */
static void adopt_prefix(struct md_ctx *c)
{
	struct md_prefix *p = c->prefix;

	if (!p || c->st.sent)
		return;
	c->st.sent = p->sent;
	memcpy(c->st.chain, p->chain, sizeof(c->st.chain));
	c->st.chained = true;
	c->st.held -= (uint32_t)p->sent;
	memmove(c->st.hold, c->st.hold + p->sent, c->st.held);
}

/* Idle contexts per algorithm, with their sessions. */
static struct wdp_slots pool[WDP_MD_NUM];
static int hook_set;

static void md_destroy(struct md_ctx *c)
{
	drop_prefix(c);
	if (c->ss.h)
		wdp_sess_free(WDP_DIGEST, c->ss.h);
	if (c->sw)
		c->swi->freectx(c->sw);
	wdp_ds_wipe(&c->st);
	free(c);
}

/* At the provider's last unload: the pooled sessions go before the class does. */
static void pool_teardown(void)
{
	for (int i = 0; i < WDP_MD_NUM; i++) {
		uintptr_t v;

		while ((v = wdp_slots_get(&pool[i], WDP_SLOTS)) != 0)
			md_destroy((struct md_ctx *)v);
	}
	wdp_md_refused_reset();
	wdp_md_sw_reset();
	__atomic_store_n(&hook_set, 0, __ATOMIC_RELEASE);
}

static struct md_ctx *md_new(const struct wdp_md_desc *d)
{
	struct md_ctx *c = (struct md_ctx *)wdp_slots_get(&pool[d->index], WDP_SLOTS);

	if (!c) {
		c = malloc(sizeof(*c));
		if (!c) {
			wdp_raise(WDP_R_NO_MEMORY, "digest context");
			return NULL;
		}
		c->d = d;
		c->ss.h = 0;
		c->ss.dirty = false;
		c->swi = NULL;
		c->sw = NULL;
		c->prefix = NULL;
		c->st.touched = 0;
		c->st.chained = false;
	}
	c->state = MD_IDLE;
	c->sw_counted = false;
	wdp_ds_reset(&c->st);
	return c;
}

static void md_free(void *vctx)
{
	struct md_ctx *c = vctx;

	if (!c)
		return;
	drop_prefix(c);
	wdp_ds_wipe(&c->st);
	if (c->sw && c->state != MD_IDLE && c->state != MD_WD)
		c->swi->init(c->sw, NULL);	/* its init clears the message it held */
	if (!__atomic_load_n(&hook_set, __ATOMIC_ACQUIRE) &&
	    !__atomic_exchange_n(&hook_set, 1, __ATOMIC_ACQ_REL))
		wdp_at_teardown(pool_teardown);
	if (!wdp_slots_put(&pool[c->d->index], WDP_SLOTS, (uintptr_t)c))
		md_destroy(c);
}

static bool wd_ready_slow(struct md_ctx *c)
{
	if (!wdp_dsess_live(&c->ss)) {
		c->ss.h = wdp_digest_sess_new(c->d->alg, WD_DIGEST_NORMAL);
		c->ss.dirty = false;
		c->ss.gen = wdp_fork_gen();
	}
	return c->ss.h != 0;
}

static inline bool wd_ready(struct md_ctx *c)
{
	if (__builtin_expect(c->ss.h && c->ss.gen == wdp_fork_gen(), 1))
		return true;
	return wd_ready_slow(c);
}

static bool sw_ready(struct md_ctx *c)
{
	if (!c->swi && !(c->swi = wdp_md_sw_get(c->d)))
		return false;
	if (!c->sw && !(c->sw = c->swi->newctx(c->swi->provctx)))
		return false;
	return c->swi->init(c->sw, NULL) == 1;
}

/* The message's path, by the size of its first data (0: an empty message). */
static int start(struct md_ctx *c, size_t first)
{
	if (wdp_cfg.offload && first >= wdp_cpu_below(WDP_BELOW_HASH) && wd_ready(c)) {
		c->state = MD_WD;
		return 1;
	}
	/* no error mark: it costs as much as a small digest; sw_ready fails only without memory */
	if (sw_ready(c)) {
		c->state = MD_SW;
		return 1;
	}
	if (wd_ready(c)) {
		c->state = MD_WD;
		return 1;
	}
	wdp_raise(WDP_R_NO_SESSION, "%s: neither WarpDrive nor the software path", c->d->sw_name);
	return 0;
}

static int md_init_state(struct md_ctx *c)
{
	drop_prefix(c);
	c->state = MD_FRESH;
	c->sw_counted = false;
	wdp_ds_reset(&c->st);
	return 1;
}

static int md_update(void *vctx, const unsigned char *in, size_t len)
{
	struct md_ctx *c = vctx;

	if (!c || (c->state != MD_FRESH && c->state != MD_WD && c->state != MD_SW)) {
		wdp_raise(WDP_R_WRONG_STATE, "digest update without init");
		return 0;
	}
	if (!len)
		return 1;
	if (!in) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "digest update: NULL data");
		return 0;
	}
	if (c->state == MD_FRESH && !start(c, len))
		return 0;
	if (c->state == MD_SW) {
		wdp_count_sw();
		c->sw_counted = true;
		if (c->swi->update(c->sw, in, len) == 1)
			return 1;
		wdp_raise(WDP_R_SW_FAILED, "%s update", c->d->sw_name);
	} else {
		if (c->prefix)
			adopt_prefix(c);
		/* bytes that only wait in the hold need no session yet */
		if (!wdp_ds_fits(&c->st, len) && !wd_ready(c))
			/* a copy made mid-message that gets no session of its own */
			wdp_raise(WDP_R_NO_SESSION, "%s: no WarpDrive session", c->d->sw_name);
		else if (wdp_ds_update(c->d, &c->ss, &c->st, in, len))
			return 1;
	}
	c->state = MD_IDLE;
	return 0;
}

static int md_final(void *vctx, unsigned char *out, size_t *outl, size_t outsz)
{
	struct md_ctx *c = vctx;
	size_t n;
	int ok;

	if (!c || (c->state != MD_FRESH && c->state != MD_WD && c->state != MD_SW)) {
		wdp_raise(WDP_R_WRONG_STATE, "digest final without init, or twice");
		return 0;
	}
	if (!out || outsz < c->d->size) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "%s: %zu bytes for a %u-byte digest",
			  c->d->sw_name, outsz, c->d->size);
		return 0;
	}
	if (c->state == MD_FRESH && !start(c, 0))
		return 0;
	if (c->state == MD_SW) {
		if (!c->sw_counted)
			wdp_count_sw();
		ok = c->swi->final(c->sw, out, &n, outsz) == 1;
		if (!ok)
			wdp_raise(WDP_R_SW_FAILED, "%s final", c->d->sw_name);
	} else if (!wd_ready(c)) {
		wdp_raise(WDP_R_NO_SESSION, "%s: no WarpDrive session", c->d->sw_name);
		ok = 0;
	} else {
		adopt_prefix(c);
		ok = wdp_ds_final(c->d, &c->ss, &c->st, out);
	}
	c->state = ok ? MD_DONE : MD_IDLE;
	if (ok && outl)
		*outl = c->d->size;
	return ok;
}

/* dst continues src's message through src's prefix (made now if worth it); false: no prefix. */
static bool copy_via_prefix(struct md_ctx *src, struct md_ctx *dst)
{
	struct md_prefix *p = __atomic_load_n(&src->prefix, __ATOMIC_ACQUIRE), *mine, *none = NULL;

	if (src->st.sent || (!p && src->st.held < src->d->block))
		return false;
	if (p) {
		dst->st.sent = p->sent;
		memcpy(dst->st.chain, p->chain, sizeof(dst->st.chain));
		dst->st.chained = true;
		dst->st.held = src->st.held - (uint32_t)p->sent;
		memcpy(dst->st.hold, src->st.hold + p->sent, dst->st.held);
		if (dst->st.held > dst->st.touched)
			dst->st.touched = dst->st.held;
		return true;
	}
	wdp_ds_copy(&dst->st, &src->st);
	ERR_set_mark();
	if (!wd_ready(dst) || !wdp_ds_flush(dst->d, &dst->ss, &dst->st)) {
		/* a plain copy then: it hashes the blocks at its Final */
		ERR_pop_to_mark();
		wdp_ds_copy(&dst->st, &src->st);
		return true;
	}
	ERR_clear_last_mark();
	mine = malloc(sizeof(*mine));
	if (mine) {
		mine->sent = dst->st.sent;
		memcpy(mine->chain, dst->st.chain, sizeof(mine->chain));
		if (!__atomic_compare_exchange_n(&src->prefix, &none, mine, false, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
			free(mine);	/* another copy published the same state first */
	}
	return true;
}

static void *md_dup(void *vsrc)
{
	struct md_ctx *src = vsrc, *dst;

	if (!src || !(dst = md_new(src->d)))
		return NULL;
	dst->state = src->state;
	dst->sw_counted = src->sw_counted;
	if (src->state == MD_SW) {
		if (dst->sw)
			dst->swi->freectx(dst->sw);
		dst->swi = src->swi;
		if (!(dst->sw = src->swi->dupctx(src->sw))) {
			wdp_raise(WDP_R_SW_FAILED, "%s: copying the context", src->d->sw_name);
			md_free(dst);
			return NULL;
		}
	} else if (src->state == MD_WD && !copy_via_prefix(src, dst)) {
		wdp_ds_copy(&dst->st, &src->st);
	}
	return dst;
}

static int md_init(void *vctx, const OSSL_PARAM params[])
{
	(void)params;
	return vctx ? md_init_state(vctx) : 0;
}

static int md_get_params(const struct wdp_md_desc *d, OSSL_PARAM params[])
{
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_BLOCK_SIZE)) &&
	    !OSSL_PARAM_set_size_t(p, d->block))
		goto bad;
	if ((p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_SIZE)) &&
	    !OSSL_PARAM_set_size_t(p, d->size))
		goto bad;
	if ((p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_XOF)) && !OSSL_PARAM_set_int(p, 0))
		goto bad;
	if ((p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_ALGID_ABSENT)) &&
	    !OSSL_PARAM_set_int(p, d->algid_absent))
		goto bad;
	return 1;
bad:
	wdp_raise(WDP_R_BAD_ARGUMENT, "failed to set parameter %s", p->key);
	return 0;
}

static const OSSL_PARAM *md_gettable_params(void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_BLOCK_SIZE, NULL),
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_SIZE, NULL),
		OSSL_PARAM_int(OSSL_DIGEST_PARAM_XOF, NULL),
		OSSL_PARAM_int(OSSL_DIGEST_PARAM_ALGID_ABSENT, NULL),
		OSSL_PARAM_END
	};

	(void)provctx;
	return known;
}

/*
 * SHA-1's SSL3 master-secret parameter (SSLv3 client authentication,
 * RFC 6101 5.6.8): the context then holds SHA1(ms | pad2 | SHA1(msg | ms | pad1)),
 * so Final returns the SSLv3 hash. Runs on whatever path the message is on.
 */
static int sha1_ssl3_ms(struct md_ctx *c, const unsigned char *ms, size_t len)
{
	unsigned char pad[40], inner[20];
	size_t n;
	int ok;

	if (len != 48 || c->state == MD_IDLE || c->state == MD_DONE)
		return 0;
	memset(pad, 0x36, sizeof(pad));
	if (!md_update(c, ms, len) || !md_update(c, pad, sizeof(pad)) ||
	    !md_final(c, inner, &n, sizeof(inner)))
		return 0;
	md_init_state(c);
	memset(pad, 0x5c, sizeof(pad));
	ok = md_update(c, ms, len) && md_update(c, pad, sizeof(pad)) &&
	     md_update(c, inner, sizeof(inner));
	OPENSSL_cleanse(inner, sizeof(inner));
	return ok;
}

static int sha1_set_ctx_params(void *vctx, const OSSL_PARAM params[])
{
	const OSSL_PARAM *p;

	if (!vctx)
		return 0;
	if (!params)
		return 1;
	p = OSSL_PARAM_locate_const(params, OSSL_DIGEST_PARAM_SSL3_MS);
	if (p && p->data_type == OSSL_PARAM_OCTET_STRING)
		return sha1_ssl3_ms(vctx, p->data, p->data_size);
	return 1;
}

static const OSSL_PARAM *sha1_settable_ctx_params(void *ctx, void *provctx)
{
	static const OSSL_PARAM known[] = {
		{ OSSL_DIGEST_PARAM_SSL3_MS, OSSL_PARAM_OCTET_STRING, NULL, 0, 0 },
		OSSL_PARAM_END
	};

	(void)ctx;
	(void)provctx;
	return known;
}

static int sha1_init(void *vctx, const OSSL_PARAM params[])
{
	return vctx && md_init_state(vctx) && sha1_set_ctx_params(vctx, params);
}

#define MD_COMMON(pfx, init)							\
	{ OSSL_FUNC_DIGEST_NEWCTX, (void (*)(void))pfx##_newctx },		\
	{ OSSL_FUNC_DIGEST_INIT, (void (*)(void))init },			\
	{ OSSL_FUNC_DIGEST_UPDATE, (void (*)(void))md_update },			\
	{ OSSL_FUNC_DIGEST_FINAL, (void (*)(void))md_final },			\
	{ OSSL_FUNC_DIGEST_FREECTX, (void (*)(void))md_free },			\
	{ OSSL_FUNC_DIGEST_DUPCTX, (void (*)(void))md_dup },			\
	{ OSSL_FUNC_DIGEST_GET_PARAMS, (void (*)(void))pfx##_get_params },	\
	{ OSSL_FUNC_DIGEST_GETTABLE_PARAMS, (void (*)(void))md_gettable_params }

#define MD_WRAPPERS(pfx, id)							\
	static void *pfx##_newctx(void *provctx)				\
	{									\
		(void)provctx;							\
		return md_new(&wdp_md_descs[id]);				\
	}									\
	static int pfx##_get_params(OSSL_PARAM params[])			\
	{									\
		return md_get_params(&wdp_md_descs[id], params);		\
	}

#define MD_PLAIN(pfx, id)							\
	MD_WRAPPERS(pfx, id)							\
	static const OSSL_DISPATCH pfx##_functions[] = {			\
		MD_COMMON(pfx, md_init), { 0, NULL }				\
	};

MD_WRAPPERS(sha1, WDP_MD_SHA1)
static const OSSL_DISPATCH sha1_functions[] = {
	MD_COMMON(sha1, sha1_init),
	{ OSSL_FUNC_DIGEST_SET_CTX_PARAMS, (void (*)(void))sha1_set_ctx_params },
	{ OSSL_FUNC_DIGEST_SETTABLE_CTX_PARAMS, (void (*)(void))sha1_settable_ctx_params },
	{ 0, NULL }
};
MD_PLAIN(sha224, WDP_MD_SHA224)
MD_PLAIN(sha256, WDP_MD_SHA256)
MD_PLAIN(sha384, WDP_MD_SHA384)
MD_PLAIN(sha512, WDP_MD_SHA512)
MD_PLAIN(sha512_224, WDP_MD_SHA512_224)
MD_PLAIN(sha512_256, WDP_MD_SHA512_256)
MD_PLAIN(sm3, WDP_MD_SM3)
MD_PLAIN(md5, WDP_MD_MD5)

const OSSL_ALGORITHM wdp_digest_algs[] = {
	{ WDP_NAMES_SHA1, WDP_PROPS, sha1_functions, "WarpDrive SHA-1" },
	{ WDP_NAMES_SHA224, WDP_PROPS, sha224_functions, "WarpDrive SHA-224" },
	{ WDP_NAMES_SHA256, WDP_PROPS, sha256_functions, "WarpDrive SHA-256" },
	{ WDP_NAMES_SHA384, WDP_PROPS, sha384_functions, "WarpDrive SHA-384" },
	{ WDP_NAMES_SHA512, WDP_PROPS, sha512_functions, "WarpDrive SHA-512" },
	{ WDP_NAMES_SHA512_224, WDP_PROPS, sha512_224_functions, "WarpDrive SHA-512/224" },
	{ WDP_NAMES_SHA512_256, WDP_PROPS, sha512_256_functions, "WarpDrive SHA-512/256" },
	{ WDP_NAMES_SM3, WDP_PROPS, sm3_functions, "WarpDrive SM3" },
	{ WDP_NAMES_MD5, WDP_PROPS, md5_functions, "WarpDrive MD5" },
	{ NULL, NULL, NULL, NULL }
};

// SPDX-License-Identifier: Apache-2.0
/*
 * HMAC (EVP_MAC "HMAC"), with OpenSSL's semantics (hmac_prov.c): the same
 * parameters; the digest parameter takes effect with the next key; Init
 * with a NULL key starts a new message with the key in use; a copy
 * continues mid-message.
 *
 * One implementation for every digest. The digests WarpDrive runs go
 * through a keyed wd_digest session (WD_DIGEST_HMAC) with the message
 * engine of the digests; others (SHA-3, BLAKE2 ...), messages that start
 * below cpu_below_digest, offload = off, and TLS 1.2's constant-time CBC
 * record MAC (OSSL_MAC_PARAM_TLS_DATA_SIZE: libssl's receive side of a
 * MAC-then-encrypt suite, which must not leak the padding length through
 * timing) run on OpenSSL's HMAC in the private library context.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "mac_int.h"

enum hm_state {
	HM_IDLE,	/* no key yet, or a failed request */
	HM_READY,	/* keyed, message not started: its path is chosen at the first data */
	HM_WD,
	HM_SW,
	HM_DONE,
};

struct hmac_ctx {
	const struct wdp_md_desc *sel;	/* the digest parameter, when WarpDrive runs it */
	char selname[WDP_MDNAME_MAX];	/* the digest parameter ("": none yet) */
	struct wdp_hkey *key;		/* key and digest in use */
	uint8_t state;
	bool sw_counted;
	size_t tls_data_size;
	struct wdp_dsess ss;		/* keyed with key, while the context holds it */
	EVP_MAC_CTX *sw;		/* keyed with key, when not NULL */
	struct wdp_dstream st;
};

static void *hmac_new(void *provctx)
{
	struct hmac_ctx *c = malloc(sizeof(*c));

	(void)provctx;
	if (!c) {
		wdp_raise(WDP_R_NO_MEMORY, "HMAC context");
		return NULL;
	}
	memset(c, 0, offsetof(struct hmac_ctx, st));
	c->st.touched = 0;
	c->st.chained = false;
	wdp_ds_reset(&c->st);
	return c;
}

/* The context lets go of its key (and what it holds keyed with it). */
static void drop_key(struct hmac_ctx *c)
{
	if (c->key)
		wdp_hkey_sess_put(c->key, &c->ss);
	EVP_MAC_CTX_free(c->sw);
	c->sw = NULL;
	wdp_hkey_unref(c->key);
	c->key = NULL;
}

static void hmac_free(void *vctx)
{
	struct hmac_ctx *c = vctx;

	if (!c)
		return;
	drop_key(c);
	wdp_ds_wipe(&c->st);
	free(c);
}

static void new_message(struct hmac_ctx *c)
{
	c->state = HM_READY;
	c->sw_counted = false;
	wdp_ds_reset(&c->st);
}

static int set_key(struct hmac_ctx *c, const unsigned char *key, size_t len)
{
	struct wdp_hkey *k;

	if (!c->selname[0]) {
		wdp_raise(WDP_R_WRONG_STATE, "HMAC: key set before the digest");
		return 0;
	}
	/* Init with the key of every message is common: keep what is keyed */
	if (!wdp_hkey_same(c->key, c->sel, c->selname, key, len)) {
		k = wdp_hkey_new(c->sel, c->selname, key, len);
		if (!k)
			return 0;
		drop_key(c);
		c->key = k;
	}
	new_message(c);
	return 1;
}

static int get_int_flag(const OSSL_PARAM params[], const char *name)
{
	const OSSL_PARAM *p = OSSL_PARAM_locate_const(params, name);
	int v;

	return !p || OSSL_PARAM_get_int(p, &v);
}

static int hmac_set_params(void *vctx, const OSSL_PARAM params[])
{
	struct hmac_ctx *c = vctx;
	const OSSL_PARAM *p;
	const char *name;

	if (!c)
		return 0;
	if (!params)
		return 1;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_PROPERTIES)) &&
	    p->data_type != OSSL_PARAM_UTF8_STRING)
		return 0;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_DIGEST))) {
		name = NULL;
		if (!OSSL_PARAM_get_utf8_string_ptr(p, &name) || !name ||
		    strlen(name) >= sizeof(c->selname)) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "HMAC: bad digest parameter");
			return 0;
		}
		c->sel = wdp_md_find(name);
		/* HMAC needs a block hash: an XOF (SHAKE) is refused here, as OpenSSL does */
		if (!c->sel && (!wdp_sw_md(name) ||
				(EVP_MD_get_flags(wdp_sw_md(name)) & EVP_MD_FLAG_XOF))) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "HMAC: no block digest %s", name);
			return 0;
		}
		strcpy(c->selname, c->sel ? c->sel->sw_name : name);
	}
	/* accepted as OpenSSL does; they only steered its legacy digest contexts */
	if (!get_int_flag(params, OSSL_MAC_PARAM_DIGEST_NOINIT) ||
	    !get_int_flag(params, OSSL_MAC_PARAM_DIGEST_ONESHOT))
		return 0;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_KEY))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING ||
		    !set_key(c, p->data, p->data_size))
			return 0;
	}
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_TLS_DATA_SIZE))) {
		OSSL_PARAM one[2] = { *p, OSSL_PARAM_END };

		if (!OSSL_PARAM_get_size_t(p, &c->tls_data_size))
			return 0;
		/* a message already on the software path goes on there in TLS mode */
		if (c->state == HM_SW && !EVP_MAC_CTX_set_params(c->sw, one))
			return 0;
	}
	return 1;
}

static int hmac_init(void *vctx, const unsigned char *key, size_t keylen,
		     const OSSL_PARAM params[])
{
	struct hmac_ctx *c = vctx;

	if (!c || !hmac_set_params(c, params))
		return 0;
	if (key)
		return set_key(c, key, keylen);
	if (!c->key) {
		wdp_raise(WDP_R_WRONG_STATE, "HMAC: init without a key");
		return 0;
	}
	new_message(c);
	return 1;
}

/* The software path for this message: a context keyed with the key, reset. */
static int sw_start(struct hmac_ctx *c)
{
	OSSL_PARAM p[2];

	if (c->sw) {
		if (!EVP_MAC_init(c->sw, NULL, 0, NULL))
			goto fail;
	} else if (!(c->sw = wdp_hkey_sw_new(c->key))) {
		return 0;
	}
	if (c->tls_data_size) {
		p[0] = OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_TLS_DATA_SIZE, &c->tls_data_size);
		p[1] = OSSL_PARAM_construct_end();
		if (!EVP_MAC_CTX_set_params(c->sw, p))
			goto fail;
	}
	c->state = HM_SW;
	return 1;
fail:
	wdp_raise(WDP_R_SW_FAILED, "HMAC-%s: software path", c->key->mdname);
	return 0;
}

/* A session keyed with the key (one made before a fork is replaced). */
static bool have_sess(struct hmac_ctx *c)
{
	return wdp_dsess_live(&c->ss) || wdp_hkey_sess_get(c->key, &c->ss);
}

static int start(struct hmac_ctx *c, size_t first)
{
	if (wdp_cfg.offload && !c->tls_data_size && c->key->d &&
	    first >= wdp_cpu_below(WDP_BELOW_MAC) && have_sess(c)) {
		c->state = HM_WD;
		return 1;
	}
	return sw_start(c);
}

static bool wd_ready(struct hmac_ctx *c)
{
	if (!have_sess(c)) {
		wdp_raise(WDP_R_NO_SESSION, "HMAC-%s: no WarpDrive session", c->key->mdname);
		return false;
	}
	return true;
}

static int hmac_update(void *vctx, const unsigned char *in, size_t len)
{
	struct hmac_ctx *c = vctx;

	if (!c || (c->state != HM_READY && c->state != HM_WD && c->state != HM_SW)) {
		wdp_raise(WDP_R_WRONG_STATE, "HMAC update without init, or after final");
		return 0;
	}
	/* a TLS record MAC checks even an empty first update (it must be the header) */
	if (!len && !(c->tls_data_size && c->state != HM_WD))
		return 1;
	if (!in && len) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "HMAC update: NULL data");
		return 0;
	}
	if (c->state == HM_READY && !start(c, len))
		return 0;
	if (c->state == HM_SW) {
		wdp_count_sw();
		c->sw_counted = true;
		return EVP_MAC_update(c->sw, in, len);
	}
	if (wd_ready(c) && wdp_ds_update(c->key->d, &c->ss, &c->st, in, len))
		return 1;
	c->state = HM_IDLE;
	return 0;
}

static int hmac_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	struct hmac_ctx *c = vctx;
	int ok;

	if (!c || (c->state != HM_READY && c->state != HM_WD && c->state != HM_SW)) {
		wdp_raise(WDP_R_WRONG_STATE, "HMAC final without init, or twice");
		return 0;
	}
	if (c->state == HM_READY && !start(c, 0))
		return 0;
	if (c->state == HM_SW) {
		if (!c->sw_counted)
			wdp_count_sw();
		ok = EVP_MAC_final(c->sw, out, outl, outsize);
	} else if (!out || outsize < c->key->size) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "HMAC: %zu bytes for %zu", outsize, c->key->size);
		return 0;
	} else {
		ok = wd_ready(c) && wdp_ds_final(c->key->d, &c->ss, &c->st, out);
		if (ok && outl)
			*outl = c->key->size;
	}
	c->state = ok ? HM_DONE : HM_IDLE;
	return ok;
}

static void *hmac_dup(void *vsrc)
{
	struct hmac_ctx *src = vsrc, *dst;

	if (!src || !(dst = hmac_new(NULL)))
		return NULL;
	dst->sel = src->sel;
	memcpy(dst->selname, src->selname, sizeof(dst->selname));
	dst->state = src->state;
	dst->sw_counted = src->sw_counted;
	dst->tls_data_size = src->tls_data_size;
	if (src->key) {
		wdp_hkey_ref(src->key);
		dst->key = src->key;
	}
	if (src->state == HM_SW && !(dst->sw = EVP_MAC_CTX_dup(src->sw))) {
		wdp_raise(WDP_R_SW_FAILED, "HMAC: copying the software context");
		hmac_free(dst);
		return NULL;
	}
	if (src->state == HM_WD)
		wdp_ds_copy(&dst->st, &src->st);
	return dst;
}

static int hmac_get_params(void *vctx, OSSL_PARAM params[])
{
	struct hmac_ctx *c = vctx;
	OSSL_PARAM *p;
	int block = 0;

	if (!c)
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_SIZE)) &&
	    !OSSL_PARAM_set_size_t(p, c->key ? c->key->size : 0))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_BLOCK_SIZE))) {
		/* of the digest parameter, as OpenSSL reports it */
		if (c->sel) {
			block = c->sel->block;
		} else if (c->selname[0]) {
			const EVP_MD *md = wdp_sw_md(c->selname);

			block = md ? EVP_MD_get_block_size(md) : 0;
		}
		if (!OSSL_PARAM_set_int(p, block))
			return 0;
	}
	return 1;
}

static const OSSL_PARAM *hmac_gettable(void *ctx, void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_SIZE, NULL),
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_BLOCK_SIZE, NULL),
		OSSL_PARAM_END
	};

	(void)ctx;
	(void)provctx;
	return known;
}

static const OSSL_PARAM *hmac_settable(void *ctx, void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, NULL, 0),
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_PROPERTIES, NULL, 0),
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_KEY, NULL, 0),
		OSSL_PARAM_int(OSSL_MAC_PARAM_DIGEST_NOINIT, NULL),
		OSSL_PARAM_int(OSSL_MAC_PARAM_DIGEST_ONESHOT, NULL),
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_TLS_DATA_SIZE, NULL),
		OSSL_PARAM_END
	};

	(void)ctx;
	(void)provctx;
	return known;
}

const OSSL_DISPATCH wdp_hmac_functions[] = {
	{ OSSL_FUNC_MAC_NEWCTX, (void (*)(void))hmac_new },
	{ OSSL_FUNC_MAC_DUPCTX, (void (*)(void))hmac_dup },
	{ OSSL_FUNC_MAC_FREECTX, (void (*)(void))hmac_free },
	{ OSSL_FUNC_MAC_INIT, (void (*)(void))hmac_init },
	{ OSSL_FUNC_MAC_UPDATE, (void (*)(void))hmac_update },
	{ OSSL_FUNC_MAC_FINAL, (void (*)(void))hmac_final },
	{ OSSL_FUNC_MAC_GETTABLE_CTX_PARAMS, (void (*)(void))hmac_gettable },
	{ OSSL_FUNC_MAC_GET_CTX_PARAMS, (void (*)(void))hmac_get_params },
	{ OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS, (void (*)(void))hmac_settable },
	{ OSSL_FUNC_MAC_SET_CTX_PARAMS, (void (*)(void))hmac_set_params },
	{ 0, NULL }
};

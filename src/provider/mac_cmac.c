// SPDX-License-Identifier: Apache-2.0
/*
 * CMAC (EVP_MAC "CMAC"), with OpenSSL's semantics (cmac_prov.c): the
 * cipher parameter takes effect with the next key; Init with a NULL key
 * restarts the message. Final ends the message (OpenSSL's CMAC_Final
 * leaves its chaining state advanced, so what follows is garbage there:
 * refused here, as for the digests and HMAC).
 *
 * wd_digest's CMAC is AES-128 (16-byte keys) over a whole message: an
 * AES-128-CBC context collects its message and MACs it in one request at
 * Final. Other ciphers (AES-192/256, SM4, DES-EDE3 ...), messages that
 * start below cpu_below_digest, empty messages (wd_digest's CMAC wants
 * data), offload = off and messages past WDP_MBUF_MAX run on OpenSSL's
 * CMAC in the private library context.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "mac_int.h"

#define AES128_CBC "AES-128-CBC:AES128:2.16.840.1.101.3.4.1.2"

enum { P_NONE, P_WD, P_SW, P_DONE };	/* the path of the message (P_NONE: no data yet) */

struct cmac_ctx {
	char sel[WDP_MDNAME_MAX];	/* the cipher parameter, until a key takes it */
	char cur[WDP_MDNAME_MAX];	/* the cipher of the key; "": no key */
	size_t block;			/* of cur */
	bool wd_able;			/* cur is AES-128-CBC */
	uint8_t path;
	bool sw_counted;
	bool sess_keyed;		/* sess has key */
	bool sw_keyed;			/* sw has cur and the key */
	unsigned char key[16];		/* AES-128's (others live in sw only) */
	handle_t sess;
	unsigned int sess_gen;		/* the fork generation sess was made in */
	EVP_MAC_CTX *sw;
	struct wdp_mbuf buf;
};

static void *cmac_new(void *provctx)
{
	struct cmac_ctx *c = calloc(1, sizeof(*c));

	(void)provctx;
	if (!c)
		wdp_raise(WDP_R_NO_MEMORY, "CMAC context");
	return c;
}

static void cmac_free(void *vctx)
{
	struct cmac_ctx *c = vctx;

	if (!c)
		return;
	if (c->sess)
		wdp_sess_free(WDP_DIGEST, c->sess);
	EVP_MAC_CTX_free(c->sw);
	wdp_mbuf_free(&c->buf);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

static void new_message(struct cmac_ctx *c)
{
	c->path = P_NONE;
	c->sw_counted = false;
	wdp_mbuf_reset(&c->buf);
}

static bool sw_ctx(struct cmac_ctx *c)
{
	EVP_MAC *mac;

	if (!c->sw && (mac = wdp_sw_mac("CMAC")) != NULL)
		c->sw = EVP_MAC_CTX_new(mac);
	return c->sw != NULL;
}

/* The software context keyed with cipher `name` and the key. */
static int sw_key(struct cmac_ctx *c, const char *name, const unsigned char *key, size_t len)
{
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)name, 0);
	p[1] = OSSL_PARAM_construct_end();
	c->sw_keyed = sw_ctx(c) && EVP_MAC_init(c->sw, key, len, p);
	return c->sw_keyed;
}

static int set_key(struct cmac_ctx *c, const unsigned char *key, size_t len)
{
	char name[WDP_MDNAME_MAX];
	const EVP_CIPHER *ci;

	memcpy(name, c->sel[0] ? c->sel : c->cur, sizeof(name));
	c->sel[0] = 0;		/* as OpenSSL: a cipher parameter serves one key */
	c->cur[0] = 0;		/* until the key is in */
	new_message(c);
	if (!name[0] || !key) {
		wdp_raise(WDP_R_WRONG_STATE, "CMAC: a key needs a cipher (and the key)");
		return 0;
	}
	c->wd_able = wdp_name_in(AES128_CBC, name);
	c->sess_keyed = false;
	if (c->wd_able) {
		if (len != sizeof(c->key)) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "CMAC: AES-128 takes a 16-byte key, not %zu",
				  len);
			return 0;
		}
		memcpy(c->key, key, len);
		c->sw_keyed = false;	/* keyed when a message needs it */
		c->block = 16;
	} else {
		/* OpenSSL's CMAC checks the key (and cipher) now, as it would */
		if (!sw_key(c, name, key, len)) {
			wdp_raise(WDP_R_SW_FAILED, "CMAC-%s: the key is refused", name);
			return 0;
		}
		ci = wdp_sw_cipher(name);
		c->block = ci ? (size_t)EVP_CIPHER_get_block_size(ci) : 0;
	}
	memcpy(c->cur, name, sizeof(c->cur));
	return 1;
}

static int cmac_set_params(void *vctx, const OSSL_PARAM params[])
{
	struct cmac_ctx *c = vctx;
	const OSSL_PARAM *p;
	const char *name = NULL;

	if (!c)
		return 0;
	if (!params)
		return 1;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_PROPERTIES)) &&
	    p->data_type != OSSL_PARAM_UTF8_STRING)
		return 0;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_CIPHER))) {
		if (!OSSL_PARAM_get_utf8_string_ptr(p, &name) || !name ||
		    strlen(name) >= sizeof(c->sel) ||
		    (!wdp_name_in(AES128_CBC, name) && !wdp_sw_cipher(name))) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "CMAC: no cipher %s", name ? name : "");
			return 0;
		}
		strcpy(c->sel, wdp_name_in(AES128_CBC, name) ? "AES-128-CBC" : name);
	}
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_KEY)))
		return p->data_type == OSSL_PARAM_OCTET_STRING && set_key(c, p->data, p->data_size);
	return 1;
}

static int cmac_init(void *vctx, const unsigned char *key, size_t keylen,
		     const OSSL_PARAM params[])
{
	struct cmac_ctx *c = vctx;

	if (!c || !cmac_set_params(c, params))
		return 0;
	if (key)
		return set_key(c, key, keylen);
	if (!c->cur[0]) {
		wdp_raise(WDP_R_WRONG_STATE, "CMAC: init without a key");
		return 0;
	}
	new_message(c);
	return 1;
}

static int sw_start(struct cmac_ctx *c)
{
	int ok = c->sw_keyed ? EVP_MAC_init(c->sw, NULL, 0, NULL) : sw_key(c, c->cur, c->key, 16);

	if (!ok) {
		wdp_raise(WDP_R_SW_FAILED, "CMAC-%s: software path", c->cur);
		return 0;
	}
	c->path = P_SW;
	return 1;
}

/* A session keyed with the key; false (no error) when WarpDrive has none. */
static bool wd_ready(struct cmac_ctx *c)
{
	if (c->sess && c->sess_gen != wdp_fork_gen()) {
		/* made before a fork: useless in this process */
		wdp_sess_free(WDP_DIGEST, c->sess);
		c->sess = 0;
	}
	if (!c->sess) {
		c->sess = wdp_aesmac_sess(WD_DIGEST_AES_CMAC, c->key, 16);
		c->sess_keyed = c->sess != 0;
		c->sess_gen = wdp_fork_gen();
	}
	else if (!c->sess_keyed)
		c->sess_keyed = wdp_aesmac_set_key(c->sess, c->key, 16);
	return c->sess_keyed;
}

/* The message's path, by its first data (0: Final of an empty message). */
static int start(struct cmac_ctx *c, size_t first)
{
	if (c->wd_able && wdp_cfg.offload && first && first >= wdp_cpu_below(WDP_BELOW_MAC) &&
	    wd_ready(c)) {
		c->path = P_WD;
		return 1;
	}
	return sw_start(c);
}

/* The software path takes over a collected message (too long, or no session for a copy). */
static int take_over(struct cmac_ctx *c)
{
	if (!sw_start(c) || !EVP_MAC_update(c->sw, c->buf.p, c->buf.len))
		return 0;
	wdp_mbuf_reset(&c->buf);
	return 1;
}

static int cmac_update(void *vctx, const unsigned char *in, size_t len)
{
	struct cmac_ctx *c = vctx;

	if (!c || !c->cur[0] || c->path == P_DONE) {
		wdp_raise(WDP_R_WRONG_STATE, "CMAC update without a key, or after final");
		return 0;
	}
	if (!len)
		return 1;
	if (!in) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "CMAC update: NULL data");
		return 0;
	}
	if (c->path == P_NONE && !start(c, len))
		return 0;
	if (c->path == P_WD) {
		if (wdp_mbuf_add(&c->buf, in, len))
			return 1;
		if (!take_over(c))
			return 0;
	}
	wdp_count_sw();
	c->sw_counted = true;
	return EVP_MAC_update(c->sw, in, len);
}

static int cmac_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	struct cmac_ctx *c = vctx;
	int ok;

	if (!c || !c->cur[0] || c->path == P_DONE) {
		wdp_raise(WDP_R_WRONG_STATE, "CMAC final without a key, or twice");
		return 0;
	}
	if (!out || outsize < c->block) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "CMAC: %zu bytes for %zu", outsize, c->block);
		return 0;
	}
	if (c->path == P_NONE && !start(c, 0))
		return 0;
	if (c->path == P_WD && !wd_ready(c) && !take_over(c))
		return 0;
	if (c->path == P_WD) {
		ok = wdp_aesmac_run(c->sess, &c->buf, NULL, out);
		if (ok && outl)
			*outl = 16;
	} else {
		if (!c->sw_counted)
			wdp_count_sw();
		ok = EVP_MAC_final(c->sw, out, outl, outsize);
	}
	c->path = P_DONE;
	wdp_mbuf_reset(&c->buf);
	return ok;
}

static void *cmac_dup(void *vsrc)
{
	struct cmac_ctx *src = vsrc, *dst;

	if (!src || !(dst = cmac_new(NULL)))
		return NULL;
	memcpy(dst, src, offsetof(struct cmac_ctx, sess));
	dst->sess_keyed = false;	/* a session of its own when a message needs one */
	if ((src->sw && !(dst->sw = EVP_MAC_CTX_dup(src->sw))) ||
	    !wdp_mbuf_copy(&dst->buf, &src->buf)) {
		wdp_raise(WDP_R_NO_MEMORY, "CMAC: copying the context");
		cmac_free(dst);
		return NULL;
	}
	return dst;
}

static int cmac_get_params(void *vctx, OSSL_PARAM params[])
{
	struct cmac_ctx *c = vctx;
	size_t n = c && c->cur[0] ? c->block : 0;
	OSSL_PARAM *p;

	if ((p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_SIZE)) && !OSSL_PARAM_set_size_t(p, n))
		return 0;
	if ((p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_BLOCK_SIZE)) &&
	    !OSSL_PARAM_set_size_t(p, n))
		return 0;
	return 1;
}

static const OSSL_PARAM *cmac_gettable(void *ctx, void *provctx)
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

static const OSSL_PARAM *cmac_settable(void *ctx, void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_CIPHER, NULL, 0),
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_PROPERTIES, NULL, 0),
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_KEY, NULL, 0),
		OSSL_PARAM_END
	};

	(void)ctx;
	(void)provctx;
	return known;
}

const OSSL_DISPATCH wdp_cmac_functions[] = {
	{ OSSL_FUNC_MAC_NEWCTX, (void (*)(void))cmac_new },
	{ OSSL_FUNC_MAC_DUPCTX, (void (*)(void))cmac_dup },
	{ OSSL_FUNC_MAC_FREECTX, (void (*)(void))cmac_free },
	{ OSSL_FUNC_MAC_INIT, (void (*)(void))cmac_init },
	{ OSSL_FUNC_MAC_UPDATE, (void (*)(void))cmac_update },
	{ OSSL_FUNC_MAC_FINAL, (void (*)(void))cmac_final },
	{ OSSL_FUNC_MAC_GETTABLE_CTX_PARAMS, (void (*)(void))cmac_gettable },
	{ OSSL_FUNC_MAC_GET_CTX_PARAMS, (void (*)(void))cmac_get_params },
	{ OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS, (void (*)(void))cmac_settable },
	{ OSSL_FUNC_MAC_SET_CTX_PARAMS, (void (*)(void))cmac_set_params },
	{ 0, NULL }
};

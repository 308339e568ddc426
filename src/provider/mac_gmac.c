// SPDX-License-Identifier: Apache-2.0
/*
 * GMAC (EVP_MAC "GMAC"), with OpenSSL's semantics (gmac_prov.c over its
 * GCM cipher context): the cipher parameter resets key and IV; a message
 * starts with an IV (a random one if none was set, as OpenSSL's GCM
 * encryption does); after Final the context needs a new IV; Init without
 * key or IV changes nothing.
 *
 * wd_digest's GMAC is AES with a 16-byte initial counter block J0 over a
 * whole message: an AES-GCM context with a 12-byte IV (J0 = IV || 1)
 * collects its message and MACs it in one request at Final. Other IV
 * lengths (J0 would be a GHASH of the IV), messages that start below
 * cpu_below_digest, offload = off and messages past WDP_MBUF_MAX run on
 * OpenSSL's GMAC in the private library context; so does the whole
 * context for a GCM cipher other than AES (it is then a proxy).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "mac_int.h"

static const char *const aes_gcm[3] = {
	"AES-128-GCM:id-aes128-GCM:2.16.840.1.101.3.4.1.6",
	"AES-192-GCM:id-aes192-GCM:2.16.840.1.101.3.4.1.26",
	"AES-256-GCM:id-aes256-GCM:2.16.840.1.101.3.4.1.46",
};

enum { IV_UNSET, IV_SET, IV_USED, IV_DONE };	/* OpenSSL's GCM iv_state */
enum { P_NONE, P_WD, P_SW };

#define GMAC_TAG	16
#define IV_MAX		128	/* OpenSSL's GCM_IV_MAX_SIZE */

struct gmac_ctx {
	char cipher[WDP_MDNAME_MAX];	/* "": none yet */
	uint8_t aes;			/* AES-GCM's key bytes; 0: a software-only cipher (proxy) */
	bool key_set;
	uint8_t iv_state;
	uint8_t path;
	bool sw_counted;
	bool sw_cipher;			/* sw has the cipher */
	bool sw_keyed;			/* sw has the key */
	bool sess_keyed;
	unsigned char key[32];
	unsigned char iv[IV_MAX];
	size_t ivlen;
	handle_t sess;
	unsigned int sess_gen;		/* the fork generation sess was made in */
	EVP_MAC_CTX *sw;
	struct wdp_mbuf buf;
};

static void *gmac_new(void *provctx)
{
	struct gmac_ctx *c = calloc(1, sizeof(*c));

	(void)provctx;
	if (!c)
		wdp_raise(WDP_R_NO_MEMORY, "GMAC context");
	return c;
}

static void gmac_free(void *vctx)
{
	struct gmac_ctx *c = vctx;

	if (!c)
		return;
	if (c->sess)
		wdp_sess_free(WDP_DIGEST, c->sess);
	EVP_MAC_CTX_free(c->sw);
	wdp_mbuf_free(&c->buf);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

static bool proxy(const struct gmac_ctx *c)
{
	return c->cipher[0] && !c->aes;
}

static bool sw_ctx(struct gmac_ctx *c)
{
	EVP_MAC *mac;

	if (!c->sw && (mac = wdp_sw_mac("GMAC")) != NULL)
		c->sw = EVP_MAC_CTX_new(mac);
	return c->sw != NULL;
}

/* A new cipher: as OpenSSL's reset cipher context, no key, no IV, 12-byte IVs. */
static int set_cipher(struct gmac_ctx *c, const OSSL_PARAM *p, const OSSL_PARAM params[])
{
	const char *name = NULL;
	int i;

	if (!OSSL_PARAM_get_utf8_string_ptr(p, &name) || !name ||
	    strlen(name) >= sizeof(c->cipher)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "GMAC: bad cipher parameter");
		return 0;
	}
	c->cipher[0] = 0;
	c->key_set = false;
	c->iv_state = IV_UNSET;
	c->ivlen = 12;
	c->path = P_NONE;
	c->sw_cipher = c->sw_keyed = c->sess_keyed = false;
	wdp_mbuf_reset(&c->buf);
	for (i = 0; i < 3 && !wdp_name_in(aes_gcm[i], name); i++)
		;
	if (i < 3) {
		c->aes = (uint8_t)(16 + 8 * i);
		memcpy(c->cipher, aes_gcm[i], 11);	/* "AES-nnn-GCM" */
		c->cipher[11] = 0;
		return 1;
	}
	/* another GCM cipher: OpenSSL's GMAC does it all (and checks the mode) */
	c->aes = 0;
	EVP_MAC_CTX_free(c->sw);
	c->sw = NULL;
	if (!sw_ctx(c) || !EVP_MAC_CTX_set_params(c->sw, params)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "GMAC: cipher %s refused", name);
		return 0;
	}
	strcpy(c->cipher, name);
	return 2;	/* params done */
}

static int set_key(struct gmac_ctx *c, const unsigned char *key, size_t len)
{
	if (!c->cipher[0] || len != c->aes) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "GMAC: a %zu-byte key for %s", len,
			  c->cipher[0] ? c->cipher : "no cipher");
		return 0;
	}
	memcpy(c->key, key, len);
	c->key_set = true;
	c->sw_keyed = c->sess_keyed = false;
	return 1;
}

static int gmac_set_params(void *vctx, const OSSL_PARAM params[])
{
	struct gmac_ctx *c = vctx;
	const OSSL_PARAM *p;
	int r;

	if (!c)
		return 0;
	if (!params)
		return 1;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_CIPHER))) {
		r = set_cipher(c, p, params);
		if (r != 1)
			return r == 2;
	} else if (proxy(c)) {
		return EVP_MAC_CTX_set_params(c->sw, params);
	}
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_KEY)) &&
	    (p->data_type != OSSL_PARAM_OCTET_STRING || !set_key(c, p->data, p->data_size)))
		return 0;
	if ((p = OSSL_PARAM_locate_const(params, OSSL_MAC_PARAM_IV))) {
		if (p->data_type != OSSL_PARAM_OCTET_STRING || !c->cipher[0] || !p->data_size ||
		    p->data_size > IV_MAX) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "GMAC: bad IV (%zu bytes)", p->data_size);
			return 0;
		}
		/* a new IV starts a new message */
		memcpy(c->iv, p->data, p->data_size);
		c->ivlen = p->data_size;
		c->iv_state = IV_SET;
		c->path = P_NONE;
		c->sw_counted = false;
		wdp_mbuf_reset(&c->buf);
	}
	return 1;
}

static int gmac_init(void *vctx, const unsigned char *key, size_t keylen,
		     const OSSL_PARAM params[])
{
	struct gmac_ctx *c = vctx;

	if (!c || !gmac_set_params(c, params))
		return 0;
	if (proxy(c))
		return EVP_MAC_init(c->sw, key, keylen, NULL);
	if (key)
		return set_key(c, key, keylen);
	if (!c->cipher[0]) {
		wdp_raise(WDP_R_WRONG_STATE, "GMAC: init without a cipher");
		return 0;
	}
	return 1;
}

/* The software path for this message: OpenSSL's GMAC with our cipher, key and IV. */
static int sw_start(struct gmac_ctx *c)
{
	OSSL_PARAM p[3], *q = p;

	if (!sw_ctx(c))
		goto fail;
	if (!c->sw_cipher)
		*q++ = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, c->cipher, 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, c->iv, c->ivlen);
	*q = OSSL_PARAM_construct_end();
	/* the cipher parameter comes first: the key follows it */
	if (!EVP_MAC_CTX_set_params(c->sw, p) ||
	    (!c->sw_keyed && !EVP_MAC_init(c->sw, c->key, c->aes, NULL)))
		goto fail;
	c->sw_cipher = c->sw_keyed = true;
	c->path = P_SW;
	return 1;
fail:
	wdp_raise(WDP_R_SW_FAILED, "GMAC-%s: software path", c->cipher);
	return 0;
}

/* A session keyed with the key; false (no error) when WarpDrive has none. */
static bool wd_ready(struct gmac_ctx *c)
{
	if (c->sess && c->sess_gen != wdp_fork_gen()) {
		/* made before a fork: useless in this process */
		wdp_sess_free(WDP_DIGEST, c->sess);
		c->sess = 0;
	}
	if (!c->sess) {
		c->sess = wdp_aesmac_sess(WD_DIGEST_AES_GMAC, c->key, c->aes);
		c->sess_keyed = c->sess != 0;
		c->sess_gen = wdp_fork_gen();
	}
	else if (!c->sess_keyed)
		c->sess_keyed = wdp_aesmac_set_key(c->sess, c->key, c->aes);
	return c->sess_keyed;
}

/* The software path takes over a collected message (too long, or no session for a copy). */
static int take_over(struct gmac_ctx *c)
{
	if (!sw_start(c) || !EVP_MAC_update(c->sw, c->buf.p, c->buf.len))
		return 0;
	wdp_mbuf_reset(&c->buf);
	return 1;
}

/* The message starts: its IV (a random one if none was set), its path. */
static int start(struct gmac_ctx *c, size_t first)
{
	if (!c->cipher[0] || !c->key_set || c->iv_state == IV_DONE) {
		wdp_raise(WDP_R_WRONG_STATE, "GMAC: no cipher, no key, or the IV is used up");
		return 0;
	}
	if (c->iv_state == IV_USED)
		return 1;
	if (c->iv_state == IV_UNSET && RAND_bytes(c->iv, (int)c->ivlen) <= 0)
		return 0;
	c->iv_state = IV_USED;
	c->sw_counted = false;
	wdp_mbuf_reset(&c->buf);
	if (wdp_cfg.offload && c->ivlen == 12 && first >= wdp_cpu_below(WDP_BELOW_MAC) &&
	    wd_ready(c)) {
		c->path = P_WD;
		return 1;
	}
	return sw_start(c);
}

static int gmac_update(void *vctx, const unsigned char *in, size_t len)
{
	struct gmac_ctx *c = vctx;

	if (!c)
		return 0;
	if (!len)
		return 1;
	if (proxy(c))
		return EVP_MAC_update(c->sw, in, len);
	if (!in) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "GMAC update: NULL data");
		return 0;
	}
	if (!start(c, len))
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

static int gmac_final(void *vctx, unsigned char *out, size_t *outl, size_t outsize)
{
	struct gmac_ctx *c = vctx;
	unsigned char j0[16];
	size_t n = 0;
	int ok;

	if (!c)
		return 0;
	if (proxy(c))
		return EVP_MAC_final(c->sw, out, outl, outsize);
	if (!out || outsize < GMAC_TAG) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "GMAC: %zu bytes for 16", outsize);
		return 0;
	}
	if (!start(c, 0))
		return 0;
	if (c->path == P_WD && !wd_ready(c) && !take_over(c))
		return 0;
	if (c->path == P_WD) {
		memcpy(j0, c->iv, 12);
		memcpy(j0 + 12, "\0\0\0\1", 4);
		ok = wdp_aesmac_run(c->sess, &c->buf, j0, out);
	} else {
		if (!c->sw_counted)
			wdp_count_sw();
		ok = EVP_MAC_final(c->sw, out, &n, outsize);
	}
	c->iv_state = IV_DONE;	/* as OpenSSL's GCM: the IV is not used twice */
	c->path = P_NONE;
	wdp_mbuf_reset(&c->buf);
	if (ok && outl)
		*outl = GMAC_TAG;
	return ok;
}

static void *gmac_dup(void *vsrc)
{
	struct gmac_ctx *src = vsrc, *dst;

	if (!src || !(dst = gmac_new(NULL)))
		return NULL;
	memcpy(dst, src, offsetof(struct gmac_ctx, sess));
	dst->sess_keyed = false;	/* a session of its own when a message needs one */
	if ((src->sw && !(dst->sw = EVP_MAC_CTX_dup(src->sw))) ||
	    !wdp_mbuf_copy(&dst->buf, &src->buf)) {
		wdp_raise(WDP_R_NO_MEMORY, "GMAC: copying the context");
		gmac_free(dst);
		return NULL;
	}
	return dst;
}

static int gmac_get_params(OSSL_PARAM params[])
{
	OSSL_PARAM *p = OSSL_PARAM_locate(params, OSSL_MAC_PARAM_SIZE);

	return !p || OSSL_PARAM_set_size_t(p, GMAC_TAG);
}

static const OSSL_PARAM *gmac_gettable(void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_size_t(OSSL_MAC_PARAM_SIZE, NULL),
		OSSL_PARAM_END
	};

	(void)provctx;
	return known;
}

static const OSSL_PARAM *gmac_settable(void *ctx, void *provctx)
{
	static const OSSL_PARAM known[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_CIPHER, NULL, 0),
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_PROPERTIES, NULL, 0),
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_KEY, NULL, 0),
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_IV, NULL, 0),
		OSSL_PARAM_END
	};

	(void)ctx;
	(void)provctx;
	return known;
}

const OSSL_DISPATCH wdp_gmac_functions[] = {
	{ OSSL_FUNC_MAC_NEWCTX, (void (*)(void))gmac_new },
	{ OSSL_FUNC_MAC_DUPCTX, (void (*)(void))gmac_dup },
	{ OSSL_FUNC_MAC_FREECTX, (void (*)(void))gmac_free },
	{ OSSL_FUNC_MAC_INIT, (void (*)(void))gmac_init },
	{ OSSL_FUNC_MAC_UPDATE, (void (*)(void))gmac_update },
	{ OSSL_FUNC_MAC_FINAL, (void (*)(void))gmac_final },
	{ OSSL_FUNC_MAC_GETTABLE_PARAMS, (void (*)(void))gmac_gettable },
	{ OSSL_FUNC_MAC_GET_PARAMS, (void (*)(void))gmac_get_params },
	{ OSSL_FUNC_MAC_SETTABLE_CTX_PARAMS, (void (*)(void))gmac_settable },
	{ OSSL_FUNC_MAC_SET_CTX_PARAMS, (void (*)(void))gmac_set_params },
	{ 0, NULL }
};

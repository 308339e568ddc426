// SPDX-License-Identifier: Apache-2.0
/*
 * A cipher context's life: creation, init (OpenSSL 3.0's rules for what a
 * re-init keeps), duplication mid-stream, and the WarpDrive session behind
 * it.
 *
 * Sessions are made lazily, at the first message that runs on WarpDrive,
 * so messages that all go to the software path never pay for one. A
 * session is kept across re-inits: the same key costs nothing, a new key
 * is one set_key on the same session. A duplicate shares the session (a
 * reference count) instead of making its own: measured with AES-128-CBC
 * on the CPU driver, copy + 1 KiB Update + free took 1.2 us shared and
 * 3.4 us with a session of its own. The driver serialises what threads
 * sharing a session do; the first of the two that changes its key takes a
 * session of its own.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "cipher.h"

void *wdp_cipher_newctx(void *provctx, const struct wdp_cipher_desc *d)
{
	struct wdp_cctx *c = OPENSSL_zalloc(sizeof(*c));

	(void)provctx;
	if (!c) {
		wdp_raise(WDP_R_NO_MEMORY, "cipher context");
		return NULL;
	}
	c->d = d;
	c->pad = 1;
	return c;
}

static void sess_put(struct wdp_csess *s)
{
	if (s && __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		wdp_sess_free(WDP_CIPHER, s->h);
		OPENSSL_free(s);
	}
}

void wdp_cipher_sess_drop(struct wdp_cctx *c)
{
	sess_put(c->sess);
	c->sess = NULL;
	c->sess_keyed = 0;
}

void wdp_cipher_freectx(void *vctx)
{
	struct wdp_cctx *c = vctx;

	if (!c)
		return;
	wdp_cipher_sess_drop(c);
	wdp_cipher_sw_free(c);		/* OpenSSL's freectx cleanses its key schedule */
	OPENSSL_clear_free(c, sizeof(*c));	/* our key, IVs, held block */
}

void *wdp_cipher_dupctx(void *vctx)
{
	struct wdp_cctx *c = vctx, *n;

	if (!c || !wdp_cipher_idle(c))
		return NULL;
	n = OPENSSL_malloc(sizeof(*n));
	if (!n) {
		wdp_raise(WDP_R_NO_MEMORY, "cipher context");
		return NULL;
	}
	*n = *c;
	n->sw = NULL;
	n->sw_keyed = 0;
	if (c->tlsmac_ptr == c->tlsmac)
		n->tlsmac_ptr = n->tlsmac;
	/* mid-message on the software path, that context is the state */
	if (c->sw && c->path == WDP_PATH_SW) {
		if (!wdp_cipher_sw_dup(n, c)) {
			OPENSSL_clear_free(n, sizeof(*n));
			wdp_raise(WDP_R_NO_MEMORY, "cipher context copy");
			return NULL;
		}
		n->sw_keyed = c->sw_keyed;
	}
	if (n->sess)
		__atomic_add_fetch(&n->sess->refs, 1, __ATOMIC_RELAXED);
	return n;
}

/* The WarpDrive mode this message needs (CBC-CTS: the variant chosen now). */
static uint8_t wd_mode(const struct wdp_cctx *c)
{
	if (c->d->kind == WDP_CK_CTS)
		return (uint8_t)(WD_CIPHER_CBC_CS1 + c->cts_mode);
	return c->d->mode;
}

static int sess_new(struct wdp_cctx *c, uint8_t mode)
{
	struct wd_cipher_sess_setup setup;
	struct wdp_csess *s;
	handle_t h;

	memset(&setup, 0, sizeof(setup));
	setup.alg = (enum wd_cipher_alg)c->d->alg;
	setup.mode = (enum wd_cipher_mode)mode;
	/* not served here is not an error: the software path takes it */
	ERR_set_mark();
	h = wdp_sess_new(WDP_CIPHER, &setup);
	ERR_pop_to_mark();
	if (!h)
		return 0;
	s = OPENSSL_zalloc(sizeof(*s));
	if (!s) {
		wdp_sess_free(WDP_CIPHER, h);
		return 0;
	}
	s->h = h;
	s->refs = 1;
	s->mode = mode;
	c->sess = s;
	c->sess_keyed = 0;
	return 1;
}

int wdp_cipher_sess_ready(struct wdp_cctx *c)
{
	uint8_t mode = wd_mode(c);
	struct wdp_csess *s = c->sess;

	if (c->wd_failed)
		return 0;
	/* a shared session keeps its key: a context re-keying leaves it */
	if (s && (s->mode != mode ||
		  (!c->sess_keyed &&
		   __atomic_load_n(&s->refs, __ATOMIC_ACQUIRE) > 1)))
		wdp_cipher_sess_drop(c);
	if (!c->sess && !sess_new(c, mode)) {
		c->wd_failed = 1;
		return 0;
	}
	if (!c->sess_keyed) {
		if (wd_cipher_set_key(c->sess->h, c->key, c->d->keylen)) {
			/* e.g. a device refusing a key OpenSSL takes */
			c->wd_failed = 1;
			return 0;
		}
		c->sess_keyed = 1;
	}
	return 1;
}

static int halves_equal(const unsigned char *key, size_t len)
{
	return CRYPTO_memcmp(key, key + len / 2, len / 2) == 0;
}

static int cinit(struct wdp_cctx *c, const unsigned char *key, size_t keylen,
		 const unsigned char *iv, size_t ivlen, const OSSL_PARAM params[], int enc)
{
	const struct wdp_cipher_desc *d = c->d;
	unsigned int m = d->evp_mode;

	if (!wdp_cipher_idle(c))
		return 0;
	/* a CTR re-init without an IV continues the running counter */
	if (c->path == WDP_PATH_SW)
		wdp_cipher_sw_end(c, !iv && m == EVP_CIPH_CTR_MODE);
	c->path = WDP_PATH_NONE;
	if (d->kind != WDP_CK_XTS) {
		c->num = 0;
		c->bufsz = 0;
		c->updated = 0;
	}
	c->enc = enc ? 1 : 0;
	if (iv && m != EVP_CIPH_ECB_MODE) {
		if (ivlen != d->ivlen) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "invalid iv length %zu", ivlen);
			return 0;
		}
		memcpy(c->iv, iv, ivlen);
		memcpy(c->oiv, iv, ivlen);
		c->iv_set = 1;
	} else if (!iv && c->iv_set &&
		   (m == EVP_CIPH_CBC_MODE || m == EVP_CIPH_CFB_MODE || m == EVP_CIPH_OFB_MODE)) {
		/* OpenSSL restores these modes' IV, as 1.1.1 did */
		memcpy(c->iv, c->oiv, d->ivlen);
	}
	if (key) {
		if (keylen != d->keylen) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "invalid key length %zu", keylen);
			return 0;
		}
		/* equal XTS halves: OpenSSL refuses to encrypt with them (Rogaway) */
		if (d->kind == WDP_CK_XTS && enc && halves_equal(key, keylen)) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "xts duplicated keys");
			return 0;
		}
		if (!c->key_set || CRYPTO_memcmp(c->key, key, keylen)) {
			memcpy(c->key, key, keylen);
			c->sess_keyed = 0;
			c->sw_keyed = 0;
			c->wd_failed = 0;
		}
		c->key_set = 1;
	}
	return wdp_cipher_set_ctx_params(c, params);
}

int wdp_cipher_einit(void *vctx, const unsigned char *key, size_t keylen,
		     const unsigned char *iv, size_t ivlen, const OSSL_PARAM params[])
{
	return cinit(vctx, key, keylen, iv, ivlen, params, 1);
}

int wdp_cipher_dinit(void *vctx, const unsigned char *key, size_t keylen,
		     const unsigned char *iv, size_t ivlen, const OSSL_PARAM params[])
{
	return cinit(vctx, key, keylen, iv, ivlen, params, 0);
}

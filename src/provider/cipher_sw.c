// SPDX-License-Identifier: Apache-2.0
/*
 * The ciphers' software path: OpenSSL's default implementation of the same
 * algorithm (wdp_sw_cipher: the default provider in the core's private
 * library context), called through its own dispatch table.
 *
 * Going through an EVP_CIPHER_CTX would put a second EVP layer under the
 * one the application already went through: at 16-byte Updates that layer
 * costs a third of the time (measured with openssl speed). The provider's
 * functions take the same arguments ours got, sizes and all, so the
 * default provider also does its own output-size checks and buffering.
 *
 * The table of each algorithm is looked up once (OSSL_PROVIDER_query_operation
 * on the provider wdp_sw_cipher's EVP_CIPHER comes from) and kept until the
 * provider is unloaded.
 */
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>
#include <openssl/provider.h>

#include "cipher.h"

#define SWC_MAX 64

static struct wdp_swc swc_table[SWC_MAX];
static int swc_ready[SWC_MAX];		/* 1: filled, -1: none (acquire/release) */
static pthread_mutex_t swc_lock = PTHREAD_MUTEX_INITIALIZER;

/* The provider was unloaded: its context and tables go with it. */
static void swc_forget(void)
{
	pthread_mutex_lock(&swc_lock);
	for (int i = 0; i < SWC_MAX; i++)
		__atomic_store_n(&swc_ready[i], 0, __ATOMIC_RELEASE);
	memset(swc_table, 0, sizeof(swc_table));
	pthread_mutex_unlock(&swc_lock);
}

/* Is `name` one of the ':'-separated names? */
static int has_name(const char *names, const char *name)
{
	size_t n = strlen(name);

	while (*names) {
		size_t len = strcspn(names, ":");

		if (len == n && !strncasecmp(names, name, n))
			return 1;
		names += len;
		if (*names == ':')
			names++;
	}
	return 0;
}

static int fill(struct wdp_swc *t, const OSSL_DISPATCH *f)
{
	for (; f->function_id; f++) {
		switch (f->function_id) {
		case OSSL_FUNC_CIPHER_NEWCTX:
			t->newctx = OSSL_FUNC_cipher_newctx(f);
			break;
		case OSSL_FUNC_CIPHER_FREECTX:
			t->freectx = OSSL_FUNC_cipher_freectx(f);
			break;
		case OSSL_FUNC_CIPHER_DUPCTX:
			t->dupctx = OSSL_FUNC_cipher_dupctx(f);
			break;
		case OSSL_FUNC_CIPHER_ENCRYPT_INIT:
			t->einit = OSSL_FUNC_cipher_encrypt_init(f);
			break;
		case OSSL_FUNC_CIPHER_DECRYPT_INIT:
			t->dinit = OSSL_FUNC_cipher_decrypt_init(f);
			break;
		case OSSL_FUNC_CIPHER_UPDATE:
			t->update = OSSL_FUNC_cipher_update(f);
			break;
		case OSSL_FUNC_CIPHER_FINAL:
			t->final = OSSL_FUNC_cipher_final(f);
			break;
		case OSSL_FUNC_CIPHER_CIPHER:
			t->cipher = OSSL_FUNC_cipher_cipher(f);
			break;
		case OSSL_FUNC_CIPHER_GET_CTX_PARAMS:
			t->get_ctx_params = OSSL_FUNC_cipher_get_ctx_params(f);
			break;
		case OSSL_FUNC_CIPHER_SET_CTX_PARAMS:
			t->set_ctx_params = OSSL_FUNC_cipher_set_ctx_params(f);
			break;
		default:
			break;
		}
	}
	return t->newctx && t->freectx && t->dupctx && t->einit && t->dinit && t->update &&
	       t->final && t->cipher && t->get_ctx_params && t->set_ctx_params;
}

static int lookup(const struct wdp_cipher_desc *d, struct wdp_swc *t)
{
	const OSSL_ALGORITHM *algs, *a;
	const OSSL_PROVIDER *prov;
	EVP_CIPHER *cipher;
	char name[32];
	int no_cache = 0, ok = 0;

	wdp_cipher_sw_name(d, name, sizeof(name));
	cipher = wdp_sw_cipher(name);
	prov = cipher ? EVP_CIPHER_get0_provider(cipher) : NULL;
	algs = prov ? OSSL_PROVIDER_query_operation(prov, OSSL_OP_CIPHER, &no_cache) : NULL;
	for (a = algs; a && a->algorithm_names; a++)
		if (has_name(a->algorithm_names, name)) {
			ok = fill(t, a->implementation);
			break;
		}
	if (ok)
		t->provctx = OSSL_PROVIDER_get0_provider_ctx(prov);
	if (algs)
		OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_CIPHER, algs);
	return ok && t->provctx;
}

static const struct wdp_swc *swc(const struct wdp_cipher_desc *d)
{
	size_t i = (size_t)(d - wdp_cipher_descs);
	int st;

	if (i >= SWC_MAX)
		return NULL;
	st = __atomic_load_n(&swc_ready[i], __ATOMIC_ACQUIRE);
	if (st)
		return st > 0 ? &swc_table[i] : NULL;
	pthread_mutex_lock(&swc_lock);
	if (!swc_ready[i]) {
		wdp_at_teardown(swc_forget);
		memset(&swc_table[i], 0, sizeof(swc_table[i]));
		__atomic_store_n(&swc_ready[i], lookup(d, &swc_table[i]) ? 1 : -1,
				 __ATOMIC_RELEASE);
	}
	st = swc_ready[i];
	pthread_mutex_unlock(&swc_lock);
	return st > 0 ? &swc_table[i] : NULL;
}

void wdp_cipher_sw_free(struct wdp_cctx *c)
{
	if (c->sw)
		c->swf->freectx(c->sw);
	c->sw = NULL;
	c->sw_keyed = 0;
}

int wdp_cipher_sw_dup(struct wdp_cctx *to, const struct wdp_cctx *from)
{
	to->sw = from->swf->dupctx(from->sw);
	return to->sw != NULL;
}

int wdp_cipher_sw_push(struct wdp_cctx *c)
{
	const struct wdp_cipher_desc *d = c->d;
	const unsigned char *key = NULL, *iv = NULL;
	OSSL_PARAM params[5], *p = params;
	unsigned int pad = c->pad;
	char cts[4] = "CS1";
	int ok;

	if (!c->sw) {
		c->swf = swc(d);
		c->sw = c->swf ? c->swf->newctx(c->swf->provctx) : NULL;
		if (!c->sw)
			return 0;
		c->sw_keyed = 0;
	}
	/* OpenSSL keys a schedule per direction: a new direction needs the key again */
	if (c->key_set && (!c->sw_keyed || c->sw_enc != c->enc))
		key = c->key;
	if (c->iv_set && d->ivlen)
		iv = c->iv;
	if (d->kind != WDP_CK_XTS)	/* XTS has none of these */
		*p++ = OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_PADDING, &pad);
	if (d->kind == WDP_CK_CTS) {
		cts[2] = (char)('1' + c->cts_mode);
		*p++ = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, cts, 0);
	}
	if (d->kind == WDP_CK_BLOCK || d->kind == WDP_CK_STREAM) {
		*p++ = OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_TLS_VERSION, &c->tlsversion);
		*p++ = OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_TLS_MAC_SIZE, &c->tlsmacsize);
	}
	*p = OSSL_PARAM_construct_end();
	/*
	 * OpenSSL refuses equal XTS halves when encrypting even where we took
	 * them (a key set for decryption, then an encrypting re-init without
	 * one): that message stays on WarpDrive.
	 */
	if (key && d->kind == WDP_CK_XTS && c->enc &&
	    !CRYPTO_memcmp(key, key + d->keylen / 2, d->keylen / 2))
		goto fail;
	ok = (c->enc ? c->swf->einit : c->swf->dinit)(c->sw, key, key ? d->keylen : 0, iv,
						      iv ? d->ivlen : 0, params);
	if (!ok)
		goto fail;
	if (key) {
		c->sw_keyed = 1;
		c->sw_enc = c->enc;
	}
	return 1;
fail:
	/* start over next time rather than keep a half-initialised context */
	wdp_cipher_sw_free(c);
	return 0;
}

int wdp_cipher_sw_pull(struct wdp_cctx *c)
{
	OSSL_PARAM p[2] = {
		OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_UPDATED_IV, c->iv, c->d->ivlen),
		OSSL_PARAM_END
	};

	return !c->d->ivlen || (c->sw && c->swf->get_ctx_params(c->sw, p));
}

void wdp_cipher_sw_end(struct wdp_cctx *c, int keep_counter)
{
	if (keep_counter)
		wdp_cipher_sw_pull(c);
}

static const char *const sw_state_keys[] = {
	OSSL_CIPHER_PARAM_UPDATED_IV, OSSL_CIPHER_PARAM_NUM, OSSL_CIPHER_PARAM_TLS_MAC,
};

int wdp_cipher_sw_get(struct wdp_cctx *c, OSSL_PARAM params[])
{
	for (size_t i = 0; i < sizeof(sw_state_keys) / sizeof(sw_state_keys[0]); i++) {
		OSSL_PARAM one[2], *p = OSSL_PARAM_locate(params, sw_state_keys[i]);

		if (!p)
			continue;
		one[0] = *p;
		one[1] = OSSL_PARAM_construct_end();
		if (!c->swf->get_ctx_params(c->sw, one))
			return 0;
		p->return_size = one[0].return_size;
	}
	return 1;
}

int wdp_cipher_sw_set(struct wdp_cctx *c, const OSSL_PARAM params[])
{
	return c->swf->set_ctx_params(c->sw, params);
}

int wdp_cipher_sw_final(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize)
{
	int ok = c->swf->final(c->sw, out, outl, outsize);

	if (ok && *outl)
		wdp_count_sw();
	return ok;
}

int wdp_cipher_sw_cipher(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
			 const unsigned char *in, size_t inl)
{
	wdp_count_sw();
	return c->swf->cipher(c->sw, out, outl, outsize, in, inl);
}

// SPDX-License-Identifier: Apache-2.0
/*
 * warpdrive's CMAC and GMAC against OpenSSL's default provider: the
 * ciphers WarpDrive runs and those only the software path has, messages
 * split into Updates across the collection limit, copies mid-message, and
 * the call-order rules of cmac_prov.c / gmac_prov.c (pending cipher, a GMAC
 * IV used once; a CMAC Final ends the message, where OpenSSL goes on with
 * garbage).
 */
#include <openssl/core_names.h>
#include "pd_common.h"

static unsigned char msg[(3u << 20) + 5], key[32], iv[128];
static EVP_MAC *wc, *rc, *wg, *rg;

static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 4096, 5000, 1u << 20, (1u << 20) + 1,
				3u << 20 };

static OSSL_PARAM *cparams(OSSL_PARAM *p, const char *cipher, const unsigned char *ivp,
			   size_t ivlen)
{
	OSSL_PARAM *q = p;

	if (cipher)
		*q++ = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)cipher, 0);
	if (ivp)
		*q++ = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, (void *)ivp, ivlen);
	*q = OSSL_PARAM_construct_end();
	return p;
}

/* Feed n bytes in pieces of varying size. */
static int feed(EVP_MAC_CTX *c, const unsigned char *p, size_t n, unsigned int seed)
{
	while (n) {
		size_t k;

		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % 3 == 0 ? (seed >> 8) % 17 : (seed >> 8) % 70000;
		if (k > n)
			k = n;
		if (!EVP_MAC_update(c, p, k))
			return 0;
		p += k;
		n -= k;
	}
	return 1;
}

static int both_equal(EVP_MAC_CTX *w, EVP_MAC_CTX *r)
{
	unsigned char a[32], b[32];
	size_t la = 0, lb = 0;
	int ow, or;

	ERR_set_mark();
	ow = EVP_MAC_final(w, a, &la, sizeof(a));
	or = EVP_MAC_final(r, b, &lb, sizeof(b));
	ERR_pop_to_mark();
	return ow == or && (!ow || (la == lb && !memcmp(a, b, la)));
}

static void cmac(const char *cipher, size_t klen)
{
	OSSL_PARAM p[3];
	EVP_MAC_CTX *w = EVP_MAC_CTX_new(wc), *r = EVP_MAC_CTX_new(rc), *dw, *dr;
	unsigned char out[32];
	size_t n;

	CHECK(EVP_MAC_CTX_get_mac_size(w) == EVP_MAC_CTX_get_mac_size(r), "CMAC size before key");
	CHECK(EVP_MAC_init(w, key, klen, cparams(p, cipher, NULL, 0)) &&
	      EVP_MAC_init(r, key, klen, p), "CMAC-%s init", cipher);
	CHECK(EVP_MAC_CTX_get_mac_size(w) == EVP_MAC_CTX_get_mac_size(r) &&
	      EVP_MAC_CTX_get_block_size(w) == EVP_MAC_CTX_get_block_size(r), "CMAC sizes");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t cut = sizes[i] / 2;

		CHECK(EVP_MAC_init(w, NULL, 0, NULL) && EVP_MAC_init(r, NULL, 0, NULL), "re-init");
		CHECK(feed(w, msg, cut, (unsigned int)i) && feed(r, msg, cut, 1), "feed");
		dw = EVP_MAC_CTX_dup(w);
		dr = EVP_MAC_CTX_dup(r);
		CHECK(feed(w, msg + cut, sizes[i] - cut, 3) &&
		      feed(r, msg + cut, sizes[i] - cut, 4),
		      "feed 2");
		CHECK(both_equal(w, r), "CMAC-%s %zu differs", cipher, sizes[i]);
		/* OpenSSL's second Final (or more data) gives garbage: refused here */
		ERR_set_mark();
		CHECK(!EVP_MAC_final(w, out, &n, sizeof(out)), "CMAC-%s second final", cipher);
		CHECK(!EVP_MAC_update(w, msg, 33), "CMAC-%s update after final", cipher);
		ERR_pop_to_mark();
		CHECK(dw && dr && feed(dw, msg + 7, sizes[i] / 3, 5) &&
		      feed(dr, msg + 7, sizes[i] / 3, 6),
		      "copy");
		CHECK(both_equal(dw, dr), "CMAC-%s copy at %zu differs", cipher, cut);
		EVP_MAC_CTX_free(dw);
		EVP_MAC_CTX_free(dr);
	}
	/* a cipher parameter waits for a key: Init without one keeps the old cipher */
	CHECK(EVP_MAC_init(w, NULL, 0, cparams(p, "AES-256-CBC", NULL, 0)) &&
	      EVP_MAC_init(r, NULL, 0, p), "pending cipher");
	CHECK(EVP_MAC_update(w, msg, 1000) && EVP_MAC_update(r, msg, 1000) && both_equal(w, r),
	      "CMAC-%s after a pending cipher differs", cipher);
	/* a wrong key length fails on both, and leaves no key */
	ERR_set_mark();
	CHECK(!EVP_MAC_init(w, key, klen + 1, cparams(p, cipher, NULL, 0)) &&
	      !EVP_MAC_init(r, key, klen + 1, p), "CMAC-%s wrong key length accepted", cipher);
	CHECK(!EVP_MAC_update(w, msg, 5) == !EVP_MAC_update(r, msg, 5), "update without key");
	ERR_pop_to_mark();
	EVP_MAC_CTX_free(w);
	EVP_MAC_CTX_free(r);
}

static void gmac(const char *cipher, size_t klen, size_t ivlen)
{
	OSSL_PARAM p[3];
	EVP_MAC_CTX *w = EVP_MAC_CTX_new(wg), *r = EVP_MAC_CTX_new(rg), *dw, *dr;

	CHECK(EVP_MAC_init(w, key, klen, cparams(p, cipher, iv, ivlen)) &&
	      EVP_MAC_init(r, key, klen, p), "GMAC-%s init", cipher);
	CHECK(EVP_MAC_CTX_get_mac_size(w) == EVP_MAC_CTX_get_mac_size(r), "GMAC size");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t cut = sizes[i] / 2;

		iv[0] = (unsigned char)i;	/* a new IV: a new message */
		CHECK(EVP_MAC_init(w, NULL, 0, cparams(p, NULL, iv, ivlen)) &&
		      EVP_MAC_init(r, NULL, 0, p), "GMAC new IV");
		CHECK(feed(w, msg, cut, (unsigned int)i) && feed(r, msg, cut, 1), "feed");
		dw = EVP_MAC_CTX_dup(w);
		dr = EVP_MAC_CTX_dup(r);
		/* Init without key or IV changes nothing, even mid-message */
		CHECK(EVP_MAC_init(w, NULL, 0, NULL) && EVP_MAC_init(r, NULL, 0, NULL), "init");
		CHECK(feed(w, msg + cut, sizes[i] - cut, 3) &&
		      feed(r, msg + cut, sizes[i] - cut, 4),
		      "feed 2");
		CHECK(both_equal(w, r), "GMAC-%s iv %zu msg %zu differs", cipher, ivlen, sizes[i]);
		/* the IV is used up: Final and Update fail on both until a new one */
		CHECK(both_equal(w, r), "GMAC-%s second final", cipher);
		ERR_set_mark();
		CHECK(!EVP_MAC_update(w, msg, 3) == !EVP_MAC_update(r, msg, 3),
		      "update after final");
		ERR_pop_to_mark();
		CHECK(dw && dr && feed(dw, msg + 9, sizes[i] / 3, 5) &&
		      feed(dr, msg + 9, sizes[i] / 3, 6),
		      "copy");
		CHECK(both_equal(dw, dr), "GMAC-%s copy differs", cipher);
		EVP_MAC_CTX_free(dw);
		EVP_MAC_CTX_free(dr);
	}
	/* the cipher parameter resets key and IV */
	ERR_set_mark();
	CHECK(EVP_MAC_CTX_set_params(w, cparams(p, cipher, NULL, 0)) &&
	      EVP_MAC_CTX_set_params(r, p), "cipher again");
	CHECK(!EVP_MAC_update(w, msg, 3) == !EVP_MAC_update(r, msg, 3), "update after reset");
	CHECK(!EVP_MAC_init(w, key, klen + 1, NULL) && !EVP_MAC_init(r, key, klen + 1, NULL),
	      "GMAC wrong key length accepted");
	ERR_pop_to_mark();
	/* no IV: a random one (both succeed, the tags differ) */
	CHECK(EVP_MAC_init(w, key, klen, NULL) && EVP_MAC_update(w, msg, 40), "random IV");
	{
		unsigned char a[16], b[16];
		size_t la, lb;
		EVP_MAC_CTX *w2 = EVP_MAC_CTX_dup(w);

		CHECK(w2 && EVP_MAC_final(w, a, &la, 16) && EVP_MAC_final(w2, b, &lb, 16),
		      "random IV final");
		CHECK(!memcmp(a, b, 16), "a copy keeps the random IV");
		EVP_MAC_CTX_free(w2);
	}
	EVP_MAC_CTX_free(w);
	EVP_MAC_CTX_free(r);
}

static void lists(EVP_MAC *w, EVP_MAC *r, const char *what)
{
	const OSSL_PARAM *gw = EVP_MAC_settable_ctx_params(w), *gr = EVP_MAC_settable_ctx_params(r);
	int i;

	for (i = 0; gw[i].key && gr[i].key; i++)
		CHECK(!strcmp(gw[i].key, gr[i].key) && gw[i].data_type == gr[i].data_type,
		      "%s settable %s", what, gw[i].key);
	CHECK(!gw[i].key && !gr[i].key, "%s settable lists differ", what);
	CHECK(!EVP_MAC_gettable_ctx_params(w) == !EVP_MAC_gettable_ctx_params(r) &&
	      !EVP_MAC_gettable_params(w) == !EVP_MAC_gettable_params(r), "%s gettable", what);
}

/* Calls out of order and parameters of the wrong type: refused, nothing breaks. */
static void wrong_order(const char *name)
{
	EVP_MAC *m = EVP_MAC_fetch(pd_wd, name, "provider=warpdrive");
	EVP_MAC_CTX *c = m ? EVP_MAC_CTX_new(m) : NULL, *d;
	unsigned char out[64];
	size_t n = 0, big = 5;
	OSSL_PARAM bad[] = {
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_DIGEST, key, 5),
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_CIPHER, key, 5),
		OSSL_PARAM_END
	};
	OSSL_PARAM badkey[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_KEY, "abc", 3),
		OSSL_PARAM_END
	};
	OSSL_PARAM badiv[] = {
		OSSL_PARAM_octet_string(OSSL_MAC_PARAM_IV, iv, 0),
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_TLS_DATA_SIZE, "x", 1),
		OSSL_PARAM_END
	};

	CHECK(c, "%s context", name);
	if (!c)
		return;
	ERR_set_mark();
	CHECK(!EVP_MAC_update(c, msg, 10) || !strcmp(name, "GMAC"), "%s update before init", name);
	CHECK(!EVP_MAC_final(c, out, &n, sizeof(out)), "%s final before init", name);
	d = EVP_MAC_CTX_dup(c);
	CHECK(d, "%s dup of a fresh context", name);
	CHECK(!EVP_MAC_final(d, out, &n, sizeof(out)), "%s final of a fresh copy", name);
	EVP_MAC_CTX_free(d);
	CHECK(!EVP_MAC_CTX_set_params(c, bad), "%s non-string name accepted", name);
	CHECK(!EVP_MAC_CTX_set_params(c, badkey), "%s string key accepted", name);
	(void)EVP_MAC_CTX_set_params(c, badiv);
	(void)EVP_MAC_init(c, key, 0, NULL);
	(void)EVP_MAC_update(c, NULL, 0);
	(void)EVP_MAC_update(c, msg, big);
	(void)EVP_MAC_final(c, NULL, &n, 0);
	(void)EVP_MAC_final(c, out, &n, 1);
	ERR_pop_to_mark();
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(m);
}

int main(int argc, char **argv)
{
	pd_setup(argc, argv);
	pd_fill(msg, sizeof(msg), 4);
	pd_fill(key, sizeof(key), 5);
	pd_fill(iv, sizeof(iv), 6);
	wc = EVP_MAC_fetch(pd_wd, "CMAC", "provider=warpdrive");
	rc = EVP_MAC_fetch(pd_ref, "CMAC", NULL);
	wg = EVP_MAC_fetch(pd_wd, "GMAC", "provider=warpdrive");
	rg = EVP_MAC_fetch(pd_ref, "GMAC", NULL);
	if (!wc || !rc || !wg || !rg) {
		ERR_print_errors_fp(stderr);
		return 1;
	}
	wrong_order("HMAC");
	wrong_order("CMAC");
	wrong_order("GMAC");
	lists(wc, rc, "CMAC");
	lists(wg, rg, "GMAC");
	cmac("AES-128-CBC", 16);
	cmac("aes128", 16);
	cmac("AES-192-CBC", 24);
	cmac("AES-256-CBC", 32);
	cmac("DES-EDE3-CBC", 24);
	cmac("SM4-CBC", 16);
	gmac("AES-128-GCM", 16, 12);
	gmac("AES-192-GCM", 24, 12);
	gmac("id-aes256-GCM", 32, 12);
	gmac("AES-128-GCM", 16, 1);
	gmac("AES-256-GCM", 32, 16);
	gmac("AES-128-GCM", 16, 128);
	gmac("ARIA-128-GCM", 16, 12);
	EVP_MAC_free(wc);
	EVP_MAC_free(rc);
	EVP_MAC_free(wg);
	EVP_MAC_free(rg);
	return pd_finish("pd_aesmac");
}

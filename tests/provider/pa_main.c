// SPDX-License-Identifier: Apache-2.0
/*
 * pa_aead PROVIDER_DIR [CONFIG]: loads warpdrive (and default) from
 * PROVIDER_DIR into a library context (CONFIG: an openssl.cnf whose
 * warpdrive section sets cpu_below_aead / offload, to run the same cases
 * on the software path), then runs the GCM and CCM cases and the random
 * misuse of pa_chaos.c and the ASYNC jobs of pa_async.c. Exit 0 when
 * every check passed.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/provider.h>
#include "pa_test.h"

OSSL_LIB_CTX *pa_wlib;
int pa_failures;
int pa_verbose;

static uint64_t rng = 88172645463325252ULL;

void pa_seed(uint64_t s)
{
	rng = s * 2654435761ULL + 88172645463325252ULL;
}

uint32_t pa_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

void pa_rand_bytes(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)pa_rand();
}

size_t pa_rand_len(size_t max)
{
	static const size_t edges[] = { 0, 1, 15, 16, 17, 31, 32, 33, 255, 256, 1023, 1024,
					1025, 4095, 4096, 4097, 8191, 8192 };
	size_t n;

	switch (pa_rand() % 4) {
	case 0:
		n = edges[pa_rand() % (sizeof(edges) / sizeof(edges[0]))];
		break;
	case 1:
		n = pa_rand() % 48;
		break;
	default:
		n = pa_rand() % (max + 1);
		break;
	}
	return n > max ? max : n;
}

EVP_CIPHER *pa_fetch_wd(const char *name)
{
	return EVP_CIPHER_fetch(pa_wlib, name, "provider=warpdrive");
}

EVP_CIPHER *pa_fetch_ref(const char *name)
{
	return EVP_CIPHER_fetch(NULL, name, "provider=default");
}

int pa_set_ivlen(EVP_CIPHER_CTX *c, size_t n)
{
	OSSL_PARAM p[2] = { OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &n), OSSL_PARAM_END };

	return EVP_CIPHER_CTX_set_params(c, p);
}

int pa_set_tag(EVP_CIPHER_CTX *c, const unsigned char *tag, size_t n)
{
	OSSL_PARAM p[2] = { OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, (void *)tag, n),
			    OSSL_PARAM_END };

	return EVP_CIPHER_CTX_set_params(c, p);
}

int pa_get_tag(EVP_CIPHER_CTX *c, unsigned char *tag, size_t n)
{
	OSSL_PARAM p[2] = { OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, n),
			    OSSL_PARAM_END };

	return EVP_CIPHER_CTX_get_params(c, p);
}

/* The references agree with the default provider's AES-GCM / AES-CCM. */
void pa_ref_selftest(void)
{
	unsigned char key[32], iv[64], aad[300], in[600], o1[600], o2[600], t1[16], t2[16];
	EVP_CIPHER *g = pa_fetch_ref("AES-256-GCM"), *cc = pa_fetch_ref("AES-256-CCM");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n, i;

	for (i = 0; i < 200; i++) {
		size_t ivlen = i % 3 ? 12 : 1 + pa_rand() % 64, alen = pa_rand() % 300,
		       len = pa_rand() % 600, nlen = 7 + pa_rand() % 7, m = 4 + 2 * (pa_rand() % 7);

		pa_rand_bytes(key, 32);
		pa_rand_bytes(iv, sizeof(iv));
		pa_rand_bytes(aad, alen);
		pa_rand_bytes(in, len);
		pa_ref_gcm("AES-256-ECB", key, 32, iv, ivlen, aad, alen, in, len, o1, t1, 1);
		EVP_EncryptInit_ex2(c, g, NULL, NULL, NULL);
		pa_set_ivlen(c, ivlen);
		EVP_EncryptInit_ex2(c, NULL, key, iv, NULL);
		EVP_EncryptUpdate(c, NULL, &n, aad, (int)alen);
		EVP_EncryptUpdate(c, o2, &n, in, (int)len);
		EVP_EncryptFinal_ex(c, o2 + len, &n);
		pa_get_tag(c, t2, 16);
		PA_CHECK(!memcmp(o1, o2, len) && !memcmp(t1, t2, 16), "reference GCM (ivlen %zu)",
			 ivlen);

		pa_ref_ccm("AES-256-ECB", key, 32, iv, nlen, m, aad, alen, in, len, o1, t1, 1);
		EVP_EncryptInit_ex2(c, cc, NULL, NULL, NULL);
		pa_set_ivlen(c, nlen);
		pa_set_tag(c, NULL, m);
		EVP_EncryptInit_ex2(c, NULL, key, iv, NULL);
		EVP_EncryptUpdate(c, NULL, &n, NULL, (int)len);
		EVP_EncryptUpdate(c, NULL, &n, aad, (int)alen);
		EVP_EncryptUpdate(c, o2, &n, in, (int)len);
		EVP_EncryptFinal_ex(c, o2 + len, &n);
		pa_get_tag(c, t2, m);
		PA_CHECK(!memcmp(o1, o2, len) && !memcmp(t1, t2, m), "reference CCM (n %zu m %zu)",
			 nlen, m);
	}
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(g);
	EVP_CIPHER_free(cc);
}

int main(int argc, char **argv)
{
	OSSL_PROVIDER *wd = NULL, *def = NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROVIDER_DIR [CONFIG]\n", argv[0]);
		return 2;
	}
	pa_verbose = getenv("PA_VERBOSE") ? atoi(getenv("PA_VERBOSE")) : 0;
	pa_wlib = OSSL_LIB_CTX_new();
	if (!pa_wlib || !OSSL_PROVIDER_set_default_search_path(pa_wlib, argv[1]) ||
	    (argc > 2 && !OSSL_LIB_CTX_load_config(pa_wlib, argv[2])) ||
	    (!OSSL_PROVIDER_available(pa_wlib, "warpdrive") &&
	     !(wd = OSSL_PROVIDER_load(pa_wlib, "warpdrive"))) ||
	    (!OSSL_PROVIDER_available(pa_wlib, "default") &&
	     !(def = OSSL_PROVIDER_load(pa_wlib, "default")))) {
		ERR_print_errors_fp(stderr);
		fprintf(stderr, "cannot load the warpdrive provider from %s\n", argv[1]);
		return 2;
	}
	pa_ref_selftest();
	pa_gcm_tests();
	pa_gcm_more();
	pa_ccm_tests();
	pa_chaos_tests();
	pa_async_tests();
	ERR_clear_error();
	/* unloaded: the provider's teardown runs (its counters, its sessions) */
	if (wd)
		OSSL_PROVIDER_unload(wd);
	if (def)
		OSSL_PROVIDER_unload(def);
	OSSL_LIB_CTX_free(pa_wlib);
	if (pa_failures) {
		fprintf(stderr, "pa_aead: %d failures\n", pa_failures);
		return 1;
	}
	printf("pa_aead: all checks passed\n");
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pa_aead: the provider's AEAD ciphers (src/provider/aead_*.c) against
 * OpenSSL's default provider, call for call (AES), and against the
 * reference GCM / CCM of pa_ref.c over the default provider's ECB (SM4,
 * which the default provider has no AEAD of).
 */
#ifndef PA_TEST_H
#define PA_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <openssl/evp.h>

extern OSSL_LIB_CTX *pa_wlib;	/* warpdrive + default, warpdrive preferred */
extern int pa_failures;
extern int pa_verbose;

#define PA_CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			pa_failures++;						\
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
		}								\
	} while (0)

/* deterministic random (xorshift), seeded per test */
void pa_seed(uint64_t s);
uint32_t pa_rand(void);
void pa_rand_bytes(unsigned char *p, size_t n);
size_t pa_rand_len(size_t max);	/* biased to block edges and small sizes */

EVP_CIPHER *pa_fetch_wd(const char *name);	/* warpdrive's */
EVP_CIPHER *pa_fetch_ref(const char *name);	/* the default provider's */

/* reference GCM and CCM over an ECB cipher of the default provider */
int pa_ref_gcm(const char *ecb, const unsigned char *key, size_t klen, const unsigned char *iv,
	       size_t ivlen, const unsigned char *aad, size_t alen, const unsigned char *in,
	       size_t len, unsigned char *out, unsigned char tag[16], int enc);
int pa_ref_ccm(const char *ecb, const unsigned char *key, size_t klen, const unsigned char *nonce,
	       size_t nlen, size_t m, const unsigned char *aad, size_t alen,
	       const unsigned char *in, size_t len, unsigned char *out, unsigned char *tag, int enc);

/* parameter helpers */
int pa_set_ivlen(EVP_CIPHER_CTX *c, size_t n);
int pa_set_tag(EVP_CIPHER_CTX *c, const unsigned char *tag, size_t n);
int pa_get_tag(EVP_CIPHER_CTX *c, unsigned char *tag, size_t n);

void pa_ref_selftest(void);
void pa_gcm_tests(void);
void pa_gcm_more(void);
void pa_ccm_tests(void);
void pa_chaos_tests(void);
void pa_async_tests(void);

#endif /* PA_TEST_H */

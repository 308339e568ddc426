/* SPDX-License-Identifier: Apache-2.0 */
/* What the cross-checks of test_crypto_cross share. */
#ifndef TEST_CROSS_H
#define TEST_CROSS_H

#include "crypto_util.h"
#include "cross_evp.h"

#define CROSS_MAX	(64 * 1024)	/* the longest request */

/*
 * A random length in [min, max], a multiple of unit: mostly short, some
 * long, now and then exactly min or max.
 */
uint32_t cross_len(uint32_t min, uint32_t max, uint32_t unit);

/* Fail naming what, with the seed printed at the start, when n bytes differ. */
void cross_same(const char *what, const void *got, const void *want, size_t n);

/* Poll class cls (WD_CIPHER ...) until *done reaches target; fails after a bound. */
void cross_poll(int cls, const volatile int *done, int target);

/*
 * GCM and CCM written out over OpenSSL's ECB of alg (cross_ref.c): the
 * reference for SM4-GCM / SM4-CCM, which OpenSSL 3.0 lacks. ref_gcm
 * writes the whole 16-byte tag; both compute the tag also when decrypting
 * (the caller compares).
 */
int ref_gcm(int alg, int enc, const uint8_t *key, uint32_t klen, const uint8_t *iv12,
	    const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	    uint8_t *tag);
int ref_ccm(int alg, int enc, const uint8_t *key, uint32_t klen, const uint8_t *nonce,
	    size_t nlen, const uint8_t *aad, size_t alen, const uint8_t *in, size_t len,
	    uint8_t *out, uint8_t *tag, size_t tlen);

void cross_cipher_evp(void **state);
void cross_cipher_chain(void **state);
void cross_cipher_async_sgl(void **state);
void cross_cipher_sm4_modes(void **state);
void cross_digest_evp(void **state);
void cross_digest_parts(void **state);
void cross_digest_macs(void **state);
void cross_digest_async_sgl(void **state);
void cross_aead_evp(void **state);
void cross_aead_authenc(void **state);
void cross_aead_stream(void **state);
void cross_aead_async_sgl(void **state);
void cross_env_init(void **state);

#endif /* TEST_CROSS_H */

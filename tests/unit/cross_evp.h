/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reference side of test_crypto_cross: OpenSSL's EVP (default and
 * legacy providers, the process's own library context), by UADK's
 * algorithm numbers. Each call returns 0, or -1 when OpenSSL lacks the
 * algorithm or fails.
 */
#ifndef CROSS_EVP_H
#define CROSS_EVP_H

#include <stddef.h>
#include <stdint.h>

/* Load the default and legacy providers (DES); false when that fails. */
int evp_setup(void);

/* OpenSSL's name for a UADK cipher (NULL: OpenSSL 3.0 has none). */
const char *evp_cipher_name(int alg, int mode, uint32_t klen, const char **cts_mode);
int evp_crypt(int alg, int mode, const uint8_t *key, uint32_t klen, const uint8_t *iv, int enc,
	      const uint8_t *in, uint8_t *out, uint32_t len);

int evp_hash(int alg, const void *m, size_t len, uint8_t *out);
int evp_hmac(int alg, const uint8_t *key, size_t klen, const void *m, size_t len, uint8_t *out);
int evp_cmac(const uint8_t *key, const void *m, size_t len, uint8_t *out);
int evp_gmac(const uint8_t *key, size_t klen, const uint8_t *iv12, const void *m, size_t len,
	     uint8_t *out);
/* AES-XCBC-MAC (RFC 3566), built here on AES-128-ECB: the full 16 bytes. */
int evp_xcbc(const uint8_t *key, const void *m, size_t len, uint8_t *out);

/* AES-GCM, 12-byte IV; decryption: 0 only when the tag (taglen) verifies. */
int evp_gcm(int enc, const uint8_t *key, size_t klen, const uint8_t *iv12, const uint8_t *aad,
	    size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen);
/* AES-CCM with an nlen-byte nonce; decryption: 0 only when the tag verifies. */
int evp_ccm(int enc, const uint8_t *key, size_t klen, const uint8_t *nonce, size_t nlen,
	    const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	    uint8_t *tag, size_t taglen);

#endif /* CROSS_EVP_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenSSL EVP as the independent reference for the crypto tests
 * (test_crypto_threads.c, fuzz_crypto.c). Names are OpenSSL's
 * ("AES-128-CBC", "SHA256"). Every call is thread-safe: each builds and
 * frees its own EVP context.
 */
#ifndef CRYPTO_REF_H
#define CRYPTO_REF_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic bytes (xorshift) from a seed; any seed gives a different stream. */
void cr_fill(uint8_t *buf, size_t len, uint32_t seed);

/* A cipher without padding: 0, or -1 when OpenSSL refuses. */
int cr_cipher(const char *name, int enc, const uint8_t *key, const uint8_t *iv,
	      const uint8_t *in, size_t len, uint8_t *out);

/* A hash (key NULL) or an HMAC of it; returns the MAC length, or -1. */
int cr_mac(const char *md, const uint8_t *key, size_t klen, const uint8_t *in, size_t len,
	   uint8_t *out);

/*
 * AES-GCM (key 16/24/32 bytes, any IV length). Encrypt writes out and
 * taglen bytes of tag; decrypt checks tag. 0, 1 when the tag does not
 * verify, -1 when OpenSSL fails.
 */
int cr_gcm(int enc, const uint8_t *key, size_t klen, const uint8_t *iv, size_t ivlen,
	   const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	   uint8_t *tag, size_t taglen);

/*
 * AES-CCM with a nonce of nlen (7..13) bytes: as cr_gcm. len 0 is allowed.
 */
int cr_ccm(int enc, const uint8_t *key, size_t klen, const uint8_t *nonce, size_t nlen,
	   const uint8_t *aad, size_t alen, const uint8_t *in, size_t len, uint8_t *out,
	   uint8_t *tag, size_t taglen);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the crypto client programs (dpdk_crypto_client.c,
 * ossl_provider_*.c) share: pass/fail counting and OpenSSL EVP as the
 * reference (crypto_client_util.c, compiled into each client). The clients
 * are built against the installed library (run_client_tests.sh), plus
 * -lcrypto.
 */
#ifndef CRYPTO_CLIENT_UTIL_H
#define CRYPTO_CLIENT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The program's name in messages (set it first in main). */
extern const char *cc_prog;

/* Count a result; print the first failures. */
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "<prog>: N passed, M failed" (run_client_tests.sh looks for it); the exit status. */
int cc_summary(void);
/* Deterministic bytes from a seed. */
void cc_fill(uint8_t *p, size_t n, uint32_t seed);
/* An unpadded cipher (OpenSSL's name); 0 or -1. */
int cc_cipher(const char *name, int enc, const uint8_t *key, const uint8_t *iv,
	      const uint8_t *in, size_t len, uint8_t *out);
/* A hash (key NULL) or its HMAC; the MAC length or -1. */
int cc_mac(const char *md, const uint8_t *key, size_t klen, const uint8_t *in, size_t len,
	   uint8_t *out);
/* AES-GCM, 12-byte IV, 16-byte tag: encrypt writes it, decrypt checks it; 0, 1 bad tag, -1. */
int cc_gcm(int enc, const uint8_t *key, size_t klen, const uint8_t *iv, const uint8_t *aad,
	   size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers of the libwd_crypto tests (test_crypto_errors, _kat, _cross).
 * Public API only: these tests include the installed headers and nothing
 * of src/, so they hold for any library with UADK 2.10's API.
 */
#ifndef CRYPTO_UTIL_H
#define CRYPTO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_sched.h>

/* Session scheduling parameters as the clients pass them. */
extern struct sched_params ct_sp;

/* init2 of each class with one algorithm (clients name the first they use). */
int ct_init_cipher(void);
int ct_init_digest(void);
int ct_init_aead(void);
void ct_uninit_all(void);

/* A keyed session, or 0 (set-up or key refused). */
handle_t ct_cipher_sess(int alg, int mode, const uint8_t *key, uint32_t klen);
/* Plain hash: key NULL and klen 0; HMAC and the AES MACs: mode WD_DIGEST_HMAC. */
handle_t ct_digest_sess(int alg, int mode, const uint8_t *key, uint32_t klen);
/* GCM / CCM: dalg ignored; authenc: HMAC of dalg with akey. */
handle_t ct_aead_sess(int calg, int cmode, int dalg, const uint8_t *ckey, uint16_t cklen,
		      const uint8_t *akey, uint16_t aklen, uint16_t authsize);

/* One sync cipher request on flat buffers: the call's return. */
int ct_cipher(handle_t h, int op, const void *in, void *out, uint32_t len, void *iv,
	      uint32_t iv_len);
/* One sync digest request (has_next END unless told); the call's return. */
int ct_digest(handle_t h, const void *in, uint32_t len, void *out, uint32_t out_len,
	      uint16_t has_next, uint64_t long_len);

/* The lengths of the MAC and the running state of a digest algorithm. */
uint32_t ct_mac_len(int alg);
uint32_t ct_full_len(int alg);
uint32_t ct_block_len(int alg);
/* UADK's HMAC key limit for alg (64 up to SHA-224 in the enum, else 128). */
uint32_t ct_hmac_key_max(int alg);

/* Deterministic random numbers: WD_TEST_SEED or the fixed default, printed. */
uint64_t ct_seed(void);
uint64_t ct_rand(void);
uint32_t ct_below(uint32_t n);	/* 0 .. n-1 */
void ct_fill(void *buf, size_t len);

/*
 * A scatter-gather copy of a flat buffer: 1..parts elements in separate
 * allocations (so a sanitizer sees a write past one), sometimes with an
 * element without data between them (UADK skips those).
 */
struct ct_sgl {
	struct wd_datalist node[12];
	int n;
};
void ct_sgl_make(struct ct_sgl *s, const void *data, size_t len, int parts);
void ct_sgl_read(const struct ct_sgl *s, void *flat, size_t len);
void ct_sgl_free(struct ct_sgl *s);

/* Hex of up to 64 bytes for messages (a static buffer per call site slot). */
const char *ct_hex(const void *p, size_t n);

#endif /* CRYPTO_UTIL_H */

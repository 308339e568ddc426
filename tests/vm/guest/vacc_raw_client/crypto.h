/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vacc_raw_client: the crypto subcommands' shared declarations
 * (crypto_util.c: descriptors, sysfs, OpenSSL references).
 *
 *   crypto.c          crypto:         every advertised algorithm vs OpenSSL
 *   crypto_hostile.c  crypto-hostile: bad fields, slots, streams, addresses,
 *                                     SETUP loops, a queue closed keyed
 *   crypto_busy.c     crypto-busy:    requests in flight until killed
 */
#ifndef VACC_RAW_CLIENT_CRYPTO_H
#define VACC_RAW_CLIENT_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "raw.h"

struct vacc_sqe cr_sqe(uint8_t op, uint16_t sess, uint8_t alg, const void *src, uint32_t slen,
		       void *dst, uint32_t dlen);
struct vacc_cqe cr_setup(struct vq *q, uint16_t sess, uint8_t alg, const void *key,
			 uint32_t klen, const void *k2, uint32_t k2len);
struct vacc_cqe cr_cipher(struct vq *q, uint16_t sess, uint8_t alg, int dec, void *iv,
			  uint8_t ivlen, const void *src, void *dst, uint32_t len);
struct vacc_cqe cr_digest(struct vq *q, uint16_t sess, uint8_t alg, uint8_t stage,
			  uint64_t resume_done, int resume, const void *src, uint32_t slen,
			  void *dst, uint32_t dlen, void *iv, uint8_t ivlen);
struct vacc_cqe cr_aead(struct vq *q, uint16_t sess, uint8_t alg, uint8_t stage, int dec,
			void *iv, uint8_t ivlen, const void *src, uint32_t slen, uint32_t aad,
			void *dst, void *mac, uint8_t tlen);

int alg_listed(const char *name);
void rnd_bytes(void *p, size_t n);
void *xmalloc(size_t n);

int ossl_cipher(const char *name, int cts, const uint8_t *key, const uint8_t *iv,
		const uint8_t *in, size_t len, int enc, uint8_t *out, uint8_t *next_iv);
int ossl_digest(const char *name, const uint8_t *in, size_t len, uint8_t *md);
int ossl_hmac(const char *name, const uint8_t *key, size_t klen, const uint8_t *in,
	      size_t len, uint8_t *md);
int ref_state(const char *hash, int hmac, const uint8_t *key, size_t kl, const uint8_t *m,
	      size_t len, uint8_t *w);
int ossl_cmac(const uint8_t *key, size_t klen, const uint8_t *in, size_t len, uint8_t *mac);
int ref_xcbc(const uint8_t *key, size_t klen, const uint8_t *in, size_t len, uint8_t *mac);
int ossl_gcm(const uint8_t *key, size_t klen, const uint8_t *iv, const uint8_t *aad,
	     size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, int dec);
int ref_gmac(const uint8_t *key, size_t klen, const uint8_t *j0, const uint8_t *aad,
	     size_t alen, uint8_t *mac);
int ossl_ccm(const uint8_t *key, size_t klen, const uint8_t *iv, const uint8_t *aad,
	     size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag,
	     int tlen, int dec);
int ref_authenc(const char *hash, const uint8_t *ckey, size_t cklen, const uint8_t *akey,
		size_t aklen, const uint8_t *iv, const uint8_t *aad, size_t alen,
		const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag);

#endif

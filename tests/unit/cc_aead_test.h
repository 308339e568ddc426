/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the files of test_cc_aead share: the CPU AEAD driver's class
 * (cc_aead_class), requests to it, buffers, and the references
 * (cc_aead_ref.c).
 */
#ifndef CC_AEAD_TEST_H
#define CC_AEAD_TEST_H

#include <openssl/evp.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"
#include "cc_test.h"

#define MAXLEN		(64 * 1024 + 64)

/* The NIST vectors run (printed with the checks). */
extern unsigned long nist_vectors;

void *sess_open(__u8 calg, __u8 cmode, __u8 dalg, const __u8 *key, __u32 klen, int own);
void sess_close(void *st);

struct req {
	int enc, stage;
	const __u8 *iv, *aad, *in;
	__u8 *out, *mac;
	__u32 aad_len, len;
	__u16 authsize;
};

/* Returns the status (0 / WD_IN_EPARA); the request must have executed. */
int run(void *st, const struct req *r);
/* CCM's IV from a nonce: L' first, then a random counter the driver must ignore. */
void ccm_iv(__u8 *iv, const __u8 *nonce, int nlen);

/* MAXLEN each (buf_aad twice that): set up around the whole group. */
extern __u8 *buf_in, *buf_out, *buf_ref, *buf_io, *buf_aad;
int bufs_setup(void **unused);
int bufs_teardown(void **unused);
/* An AAD length: mostly short, now and then none or long. */
__u32 rnd_aad(void);
/* ct/tag of pt both ways, out of place and in place (through buf_out, buf_io). */
void both_ways(void *s, const __u8 *iv, const __u8 *aad, __u32 alen, const __u8 *pt,
	       const __u8 *ct, const __u8 *tag, __u32 len, __u16 authsize);

/* The hashes of authenc: enum, OpenSSL name, MAC bytes, a key length limit. */
struct aead_hash {
	__u8 dalg;
	const char *md;
	__u32 dlen, maxkey;
};
extern const struct aead_hash hashes[];
#define NHASHES	9

/* References (cc_aead_ref.c). */
EVP_CIPHER_CTX *ref_ctx(const char *name, int enc, const __u8 *key, const __u8 *iv);
void ref_aead(const char *name, int ccm, const __u8 *key, const __u8 *nonce, int nlen,
	      const __u8 *aad, int alen, const __u8 *in, __u8 *out, int len, __u8 *tag,
	      int taglen);
void ref_gcm(const char *ecb, const __u8 *key, const __u8 *iv, const __u8 *aad, size_t alen,
	     const __u8 *in, __u8 *out, size_t len, __u8 *tag);
void ref_authenc(const char *cbc, const char *md, const __u8 *key, const __u8 *akey,
		 __u32 aklen, const __u8 *iv, const __u8 *aad, __u32 alen, const __u8 *in,
		 __u8 *out, __u32 len, __u8 *tag);

/* The tests, in the order main() runs them. */
void test_nist_gcm(void **unused);
void test_nist_ccm(void **unused);
void test_rfc8998(void **unused);
void test_random_gcm(void **unused);
void test_random_ccm(void **unused);
void test_random_authenc(void **unused);
void test_gcm_streams(void **unused);
void test_tag_corruption(void **unused);

#endif /* CC_AEAD_TEST_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the files of test_cc_digest share: cpu_digest's struct cc_class,
 * requests to it, and OpenSSL as the reference (cc_digest_ref.c).
 */
#ifndef CC_DIGEST_TEST_H
#define CC_DIGEST_TEST_H

#include "cc.h"
#include "cc_test.h"

/* EVP name, block, MAC bytes, state bytes */
struct alg_info {
	const char *evp;
	__u32 block, mac, full;
};

/* The hashes, by enum wd_digest_type: SM3 .. SHA512-256. */
extern const struct alg_info algs[];
#define NHASH	(WD_DIGEST_SHA512_256 + 1)

extern const struct cc_class *cls;

void *sess_new(__u32 alg, __u32 mode, const __u8 *key, __u32 klen);
void sess_free(void *st);
/* One request; its hdr.result (status must be 0 when that is). */
int run(void *st, __u32 alg, __u32 mode, int stage, int resume, const __u8 *in, __u32 in_len,
	__u8 *out, __u32 out_len, __u64 done, const __u8 *iv, __u32 iv_len);
void oneshot(void *st, __u32 alg, __u32 mode, const __u8 *in, __u32 len, __u8 *out,
	     __u32 out_len, const __u8 *iv);
/* Counted; fails naming what and the message length. */
void check_eq(const __u8 *got, const __u8 *want, size_t n, const char *what, size_t len);
/* The message as a long hash over two sessions (cc_digest_streams.c). */
void stream_mac(__u32 alg, __u32 mode, const __u8 *key, __u32 klen, const __u8 *msg,
		size_t len, __u8 *mac, __u32 mac_len);

/* References built on OpenSSL (cc_digest_ref.c). */
void ref_hash(__u32 alg, const __u8 *in, size_t len, __u8 *md);
void ref_mac(const char *mac, const char *pname, const char *pval, const __u8 *key,
	     size_t klen, const __u8 *in, size_t len, __u8 *out);
void ref_hmac(__u32 alg, const __u8 *key, size_t klen, const __u8 *in, size_t len, __u8 *out);
const char *aes_name(size_t klen, const char *mode);
void ref_gmac(const __u8 *key, size_t klen, const __u8 j0[16], const __u8 *in, size_t len,
	      __u8 tag[16]);
void ref_xcbc(const __u8 key[16], const __u8 *in, size_t len, __u8 mac[16]);

/* The tests, in the order main() runs them. */
void test_hash_vectors(void **unused);
void test_sm3_gbt(void **unused);
void test_hmac_vectors(void **unused);
void test_cmac_vectors(void **unused);
void test_gmac_vectors(void **unused);
void test_xcbc_rfc(void **unused);
void test_hash_random(void **unused);
void test_hmac_random(void **unused);
void test_state_format(void **unused);
void test_aes_random(void **unused);
void test_errors(void **unused);
void test_empty_null(void **unused);

#endif /* CC_DIGEST_TEST_H */

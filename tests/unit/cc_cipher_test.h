/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the files of test_cc_cipher share: the CPU cipher driver's class,
 * requests to it, buffers, and OpenSSL as the reference.
 */
#ifndef CC_CIPHER_TEST_H
#define CC_CIPHER_TEST_H

#include "cipher_internal.h"
#include "cc_test.h"

extern struct cc_class cc_cipher_class;
/* what cc_done() recorded (cc_stubs.c) */
extern struct wd_msg_hdr *cc_stub_done[];
extern unsigned int cc_stub_ndone;

#define MAXLEN		(64 * 1024 + 64)

/* MAXLEN each, allocated by main(). */
extern __u8 *pt, *ct, *buf, *buf2, *refbuf;
/* AES-XTS vectors with bit-length data units (printed at the end). */
extern int xts_skipped;

struct cipher_state *sess_new(__u8 alg, __u8 mode, int own, const __u8 *key, __u32 klen);
void sess_free(struct cipher_state *st);
void fill_msg(struct wd_cipher_msg *m, struct cipher_state *st, int enc, const __u8 *in,
	      __u8 *out, __u32 len, __u8 *iv, __u8 ivlen);
/* One request through run(); its hdr.result (status must be 0). */
int drive(struct cipher_state *st, int enc, const __u8 *in, __u8 *out, __u32 len, __u8 *iv,
	  __u8 ivlen);

/* OpenSSL from the default library context: the reference (cc_cipher_ref.c). */
void ref(const char *name, const char *cts, int enc, const __u8 *key, const __u8 *iv,
	 const __u8 *in, __u8 *out, __u32 len);
/* CBC-CS by the addendum's definition, from plain CBC over P || 0-pad. */
void ref_cs(const char *cbc, __u8 mode, const __u8 *key, const __u8 *iv, const __u8 *in,
	    __u8 *out, __u32 len);

/* The tests, in the order main() runs them. */
void test_keys(void **unused);
void test_rows(void **unused);
void test_aes_xts_vectors(void **unused);
void test_sm4_vectors(void **unused);
void test_sm4_xts_gb(void **unused);
void test_sm4_xts_roundtrip(void **unused);
void test_aes_xts_equal_halves(void **unused);
void test_lanes(void **unused);
void test_ctr_counter_edges(void **unused);

#endif /* CC_CIPHER_TEST_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* What the known-answer tests of test_crypto_kat share. */
#ifndef TEST_KAT_H
#define TEST_KAT_H

#include "crypto_util.h"
#include "vectors.h"

/* What a record runner did with one record. */
enum kat_result {
	KAT_SKIP,	/* outside what UADK's API serves (the family's note says why) */
	KAT_OK,		/* computed through the API and equal to the vector */
	KAT_REFUSED,	/* the API refused it with the code UADK gives: checked */
};

typedef enum kat_result (*kat_fn)(const struct tv_rec *r, void *arg);

/* Counts of a family, printed by kat_report. */
struct kat_tally {
	long ok, refused, skipped, files;
};

/*
 * Every record (a block holding key) of one file through fn. Fails the
 * test when the file cannot be read or gives no OK or REFUSED record.
 */
void kat_file(struct kat_tally *t, const char *rel, const char *key, kat_fn fn, void *arg);
/* Every file of dir starting with prefix and ending with suffix (at least one). */
void kat_dir(struct kat_tally *t, const char *dir, const char *prefix, const char *suffix,
	     const char *key, kat_fn fn, void *arg);
/* "family: N vectors checked (M refused as UADK does, K skipped: note)". */
void kat_report(const char *family, const struct kat_tally *t, const char *note);

/* A hex field that must be there (fails the test naming file and line). */
long kat_hex(const struct tv_rec *r, const char *name, uint8_t *buf, size_t cap);
/* Fail with file:line when the n bytes differ. */
void kat_same(const struct tv_rec *r, const char *what, const void *got, const void *want,
	      size_t n);

/* The families (kat_cipher.c, kat_digest.c, kat_aead.c). */
void kat_aes_ecb(void **state);
void kat_aes_cbc(void **state);
void kat_aes_cfb(void **state);
void kat_aes_ofb(void **state);
void kat_aes_ctr(void **state);
void kat_aes_xts(void **state);
void kat_3des(void **state);
void kat_sm4(void **state);
void kat_sha(void **state);
void kat_md5(void **state);
void kat_sm3(void **state);
void kat_hmac(void **state);
void kat_cmac(void **state);
void kat_xcbc(void **state);
void kat_gcm(void **state);
void kat_gmac(void **state);
void kat_ccm(void **state);
void kat_sm4_aead(void **state);

#endif /* TEST_KAT_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prov_nist_test: known answers from python3-cryptography-vectors (NIST
 * CAVP .rsp files, RFC examples), read at run time with the reader of
 * tests/unit (vectors.h), run through EVP on the target (warpdrive) and on
 * the reference (default): both must give the vector's answer.
 */
#ifndef PROV_NIST_H
#define PROV_NIST_H

#include <stdbool.h>
#include <stddef.h>
#include "prov_evp.h"
#include "prov_util.h"
#include "vectors.h"

#define NIST_MAXD	(128 * 1024)

struct nist_tally {
	long ok, fail, not_served, skipped, target_only, files;
};

/*
 * One vector on one side: PE_OK when it gave the vector's answer,
 * PE_NOT_SERVED, or anything else with why filled in.
 */
typedef int (*nist_side_fn)(const struct prov_side *side, const struct tv_rec *r, void *arg,
			    char *why, size_t whylen);

/* Run fn on the target, then on the reference, and count the outcome. */
void nist_both(struct nist_tally *t, const struct tv_rec *r, nist_side_fn fn, void *arg);
/* Same for a vector that is no file record (an RFC example). */
void nist_both_named(struct nist_tally *t, const char *what, nist_side_fn fn, void *arg);

/*
 * The records of a file (or of every file of dir with prefix and suffix)
 * through rec, which calls nist_both or counts a skip. A missing file or
 * one that yields nothing fails the family.
 */
typedef void (*nist_rec_fn)(struct nist_tally *t, const struct tv_rec *r, void *arg);
void nist_file(struct nist_tally *t, const char *rel, const char *key, nist_rec_fn rec, void *arg);
void nist_dir(struct nist_tally *t, const char *dir, const char *prefix, const char *suffix,
	      const char *skip_prefix, const char *key, nist_rec_fn rec, void *arg);

/* A hex field into buf: its length, or -1 (the caller reports). */
long nist_hex(const struct tv_rec *r, const char *name, unsigned char *buf, size_t cap);
/* Compare; on a difference fill why and return false. */
bool nist_same(const char *what, const void *got, const void *want, size_t n, char *why,
	       size_t whylen);

/* The families (prov_nist_cipher.c, prov_nist_hash.c). */
void nist_aes_ecb(struct nist_tally *t);
void nist_aes_cbc(struct nist_tally *t);
void nist_aes_cfb(struct nist_tally *t);
void nist_aes_ofb(struct nist_tally *t);
void nist_aes_ctr(struct nist_tally *t);
void nist_aes_xts(struct nist_tally *t);
void nist_3des(struct nist_tally *t);
void nist_sm4(struct nist_tally *t);
void nist_gcm(struct nist_tally *t);
void nist_ccm(struct nist_tally *t);
void nist_sm4_aead(struct nist_tally *t);
void nist_sha(struct nist_tally *t);
void nist_sha_monte(struct nist_tally *t);
void nist_md5_sm3(struct nist_tally *t);
void nist_hmac(struct nist_tally *t);
void nist_cmac(struct nist_tally *t);
void nist_gmac(struct nist_tally *t);

#endif /* PROV_NIST_H */

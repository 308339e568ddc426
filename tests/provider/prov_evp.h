/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One EVP operation on one side (a property query), for the known-answer
 * and cross tests. Each fetches the algorithm with the side's properties
 * and runs a whole message through a fresh context, the input split into
 * updates at the offsets the caller gives (so a test decides how the
 * message is fed: whole, 1 byte then the rest, random pieces).
 *
 * Return: PE_OK; PE_NOT_SERVED when the side has no such algorithm;
 * PE_AUTH when an AEAD decryption's tag did not verify; PE_ERR when a call
 * failed (err says which, with OpenSSL's reason); PE_NOCOPY (the cross
 * test's) when EVP_CIPHER_CTX_copy was refused, cleanly.
 */
#ifndef PROV_EVP_H
#define PROV_EVP_H

#include <stdbool.h>
#include <openssl/evp.h>
#include <stddef.h>
#include "prov_util.h"

enum { PE_OK, PE_NOT_SERVED, PE_AUTH, PE_ERR, PE_NOCOPY };

/* err gets the formatted message and OpenSSL's reason for the last error;
 * returns PE_ERR (for "return pe_fail(err, errlen, ...)") */
int pe_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Where a message is cut into updates: cuts[0..n) ascending offsets. */
struct pe_split {
	const size_t *cuts;
	int n;
};

/* Piece k (0..n) of a split of len bytes: its length, its offset in *off. */
size_t pe_piece(struct pe_split s, size_t len, int k, size_t *off);

struct pe_cipher {
	const char *name;
	int enc;
	const unsigned char *key, *iv;
	size_t klen, ivlen;	/* ivlen: set as the AEAD IV length when not the default */
	const unsigned char *in;
	size_t len;
	unsigned char *out;	/* len bytes (+ a block for safety) */
	/* AEAD */
	const unsigned char *aad;
	size_t aadlen;
	struct pe_split aad_split;
	unsigned char *tag;	/* encryption: filled; decryption: checked */
	size_t taglen;
	const char *cts_mode;	/* CBC-CTS variant or NULL */
};

int pe_cipher(const struct prov_side *side, const struct pe_cipher *c, struct pe_split split,
	      char *err, size_t errlen);
/*
 * ctx initialised for c (cipher ci, direction, CTS variant, AEAD IV and tag
 * lengths, key length, key and IV; padding off): PE_OK or PE_ERR (err).
 * Only name-independent fields of c are read (not in/out/aad).
 */
int pe_cipher_setup(EVP_CIPHER_CTX *ctx, EVP_CIPHER *ci, const struct pe_cipher *c, bool aead,
		    bool ccm, char *err, size_t errlen);

int pe_digest(const struct prov_side *side, const char *name, const unsigned char *in, size_t len,
	      struct pe_split split, unsigned char *out, size_t *outlen, char *err, size_t errlen);

struct pe_mac {
	const char *name;	/* HMAC, CMAC, GMAC */
	const char *sub;	/* its digest or cipher */
	const unsigned char *key, *iv;
	size_t klen, ivlen;
	const unsigned char *in;
	size_t len;
};

int pe_mac(const struct prov_side *side, const struct pe_mac *m, struct pe_split split,
	   unsigned char *out, size_t *outlen, char *err, size_t errlen);

/* Is the algorithm served on the side (kind: 'c' cipher, 'd' digest, 'm' MAC)? */
bool pe_served(const struct prov_side *side, int kind, const char *name);

#endif /* PROV_EVP_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prov_cross_test: random cross-checks of the target (warpdrive) against
 * the reference (the default provider). The operations here keep one EVP
 * context per side, algorithm and direction across cases, and re-initialise
 * it the way applications do (same key and a new IV, or a new key), so the
 * provider's session reuse is exercised as much as its fresh contexts.
 */
#ifndef PROV_CROSS_H
#define PROV_CROSS_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/evp.h>
#include "prov_evp.h"
#include "prov_util.h"

/* A persistent cipher context of one side and direction. */
struct xc_state {
	EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx;
	bool ready;		/* keyed once: a re-init may keep the cipher */
	size_t ivlen, taglen, klen;
	const char *cts;
	unsigned char key[64];	/* the key it holds: a re-init with it passes none */
};

/* One cipher operation: what a case asks of a side. */
struct xc_op {
	int enc;
	bool reuse;		/* re-initialise the kept context (else start afresh) */
	bool pad;		/* EVP padding on (ECB, CBC) */
	const char *cts;	/* CBC-CTS variant */
	const unsigned char *key, *iv, *aad, *in;
	size_t klen, ivlen, aadlen, len, taglen;
	struct pe_split split, aad_split;	/* CCM takes both whole */
	bool copy;		/* EVP_CIPHER_CTX_copy at copy_at (not CCM) */
	size_t copy_at;
	unsigned char *out;	/* len + 2 blocks */
	unsigned char *tag;	/* encryption: set; decryption: checked */
};

/*
 * PE_OK (*outlen bytes out), PE_AUTH (a decryption's tag failed), PE_ERR
 * (err filled), PE_NOCOPY (the copy was refused; the operation is left
 * unfinished). A re-init with the key the context holds passes no key.
 */
int xc_cipher(struct xc_state *st, const struct xc_op *op, size_t *outlen, char *err,
	      size_t errlen);
void xc_state_free(struct xc_state *st);

/* A digest: whole message through a kept context; copy_at: duplicate there (or -1). */
int xc_digest(EVP_MD_CTX **kept, EVP_MD *md, const unsigned char *in, size_t len,
	      struct pe_split split, long copy_at, unsigned char *out, size_t *outlen, char *err,
	      size_t errlen);

/* A MAC through a kept context; key NULL re-initialises with the kept key. */
struct xm_op {
	const OSSL_PARAM *params;
	const unsigned char *key;
	size_t klen;
	const unsigned char *in;
	size_t len;
	struct pe_split split;
	long dup_at;		/* duplicate the context there and finish both, or -1 */
};

int xc_mac(EVP_MAC_CTX **kept, EVP_MAC *mac, const struct xm_op *op, unsigned char *out,
	   size_t *outlen, char *err, size_t errlen);

/* One algorithm under test: its implementations and kept contexts per side. */
enum { XT, XR };	/* target, reference */

struct xalg {
	char name[64];		/* "AES-128-GCM", "SHA2-256", "HMAC SHA2-256" */
	int kind;		/* 'c', 'd', 'm' */
	EVP_CIPHER *c[2];	/* [XR] NULL: the reference lacks it (checked alone) */
	struct xc_state st[2][2];	/* side, direction */
	unsigned char last_key[64];	/* a case keeps the previous key half the time */
	size_t last_klen;
	EVP_MD *md[2];
	EVP_MD_CTX *dctx[2];
	EVP_MAC *mac[2];
	char sub[48];		/* the MAC's digest or cipher */
	const char *sub_param;	/* OSSL_MAC_PARAM_DIGEST or _CIPHER */
	size_t sub_klen;	/* CMAC, GMAC: their cipher's key length */
	EVP_MAC_CTX *mctx[2];
	bool mac_keyed[2];	/* the kept context holds mac_key */
	unsigned char mac_key[2][200];
	size_t mac_klen[2];
	long cases, bytes, fails, alone, refused, nocopy;
};

struct xrun {
	const struct prov_opts *o;
	size_t max_len;
	unsigned long long seed;
	int verbose;
};

/* One random case of a (prov_cross_cases.c); false when it failed (printed). */
bool x_cipher_case(const struct xrun *x, struct xalg *a, struct prov_rng *g, long n);
bool x_digest_case(const struct xrun *x, struct xalg *a, struct prov_rng *g, long n);
bool x_mac_case(const struct xrun *x, struct xalg *a, struct prov_rng *g, long n);

#endif /* PROV_CROSS_H */

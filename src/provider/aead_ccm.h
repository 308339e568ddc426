/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CCM: the context and the split between its files.
 *   aead_ccm.c      the OpenSSL face (ciphercommon_ccm.c's calls, states, rules)
 *   aead_ccm_run.c  one message: a wd_aead block request, or OpenSSL's own
 *                   AES-CCM (software path)
 *
 * CCM is one-shot in OpenSSL: lengths first (the payload length by a NULL
 * update or by the payload update itself), AAD in one update, the payload
 * in one update; so every message is one block request, no stream.
 *
 * OpenSSL's CCM128 context takes M (tag bytes) and L (length-field bytes)
 * when the key is set, and the nonce and length when the length is set;
 * the fields below keep those moments apart as it does, so that a change
 * of IV length or tag length after the key, or of IV after the length,
 * behaves as in OpenSSL.
 */
#ifndef WDP_AEAD_CCM_H
#define WDP_AEAD_CCM_H

#include "aead.h"

#define CCM_WD_AAD_MAX		65279	/* AAD with the two-byte length encoding */
#define CCM_TLS_EXPLICIT_IV	8
#define CCM_TLS_FIXED_IV	4

struct ccm_ctx {
	struct aead_base b;

	/* what OpenSSL's PROV_CCM_CTX keeps */
	size_t l, m;			/* length-field and tag bytes as set now */
	int iv_set, len_set, tag_set;
	unsigned char iv[15];
	unsigned char tag[AEAD_TAG_MAX];	/* decrypt: expected; encrypt: computed */
	size_t tls_aad_len;		/* AEAD_UNSET outside TLS record mode */
	size_t tls_aad_pad_sz;
	unsigned char tls_aad[AEAD_TLS_AAD];

	/* what OpenSSL's CCM128 context holds */
	size_t key_l, key_m;		/* L and M at the last key */
	unsigned char nonce[15];	/* at the last length setting (a key: zeros) */
	uint64_t mlen;			/* the length then; 0 once a payload used it */
	int m_lost;			/* a length mismatch cleared M's bits (until a key) */
	size_t aad_len;			/* the AAD (in b.buf): the last non-empty one */
	int aad_used;			/* ...and its MAC state was used by a payload */
	int tag_valid;			/* the MAC state is still the tag in tag[] */
};

/*
 * Encrypt (tag out: key_m bytes) or decrypt and check (tag in) one message
 * with the nonce, length and AAD the context holds. 1 ok, 0 failure
 * (decrypt: out wiped; error raised).
 */
int ccm_run(struct ccm_ctx *c, const unsigned char *in, unsigned char *out, size_t len,
	    unsigned char *tag);

#endif /* WDP_AEAD_CCM_H */

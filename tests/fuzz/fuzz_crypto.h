/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto fuzzer's parts (fuzz_crypto.c: input layout and AEAD;
 * fuzz_crypto_digest.c: digest streaming). An invariant that does not hold
 * aborts, so libFuzzer keeps the input as a reproducer.
 */
#ifndef FUZZ_CRYPTO_H
#define FUZZ_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FC_CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "fuzz_crypto: %s:%d: ", __FILE__, __LINE__);	\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			abort();						\
		}								\
	} while (0)

/*
 * The input, after a fixed header (short inputs are zero-padded):
 *   hdr[0]   selector: bit 7 digest (else AEAD); the rest per part
 *   hdr[1..7] per part (see the two files)
 *   key[32] iv[16] tag[32], then body (AEAD: AAD, then payload)
 */
#define FC_HDR	8
#define FC_TAG		32	/* the largest tag: authenc's HMAC-SHA256 */
#define FC_FIXED	(FC_HDR + 32 + 16 + FC_TAG)

struct fc_in {
	uint8_t hdr[FC_HDR];
	uint8_t key[32];
	uint8_t iv[16];
	uint8_t tag[FC_TAG];
	const uint8_t *body;
	size_t body_len;
};

void fc_aead(const struct fc_in *in);
void fc_digest(const struct fc_in *in);

#endif

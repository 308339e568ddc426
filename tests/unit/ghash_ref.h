/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GCM's GHASH written out bit by bit (SP 800-38D, the textbook
 * shift-and-add): the reference GCMs of test_crypto_cross (cross_ref.c)
 * and test_cc_aead build on it.
 */
#ifndef GHASH_REF_H
#define GHASH_REF_H

#include <stddef.h>
#include <stdint.h>

/* y = GHASH_h over y and p: p in 16-byte blocks, the last one zero-padded. */
void ref_ghash(uint8_t y[16], const uint8_t h[16], const uint8_t *p, size_t len);
/* GCM's tag: y (GHASH of A and C so far) over the bit lengths, XOR E(J0). */
void ref_gcm_tag(uint8_t tag[16], uint8_t y[16], const uint8_t h[16], const uint8_t ej0[16],
		 size_t alen, size_t len);

#endif /* GHASH_REF_H */

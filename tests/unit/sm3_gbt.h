/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SM3's examples in GB/T 32905-2016 Appendix A, as printed in the
 * standard: test_crypto_kat and test_cc_digest check against the same
 * bytes.
 */
#ifndef SM3_GBT_H
#define SM3_GBT_H

#include <stdint.h>

/* Example 1: "abc". */
extern const uint8_t sm3_gbt_abc[32];
/* Example 2: "abcd" 16 times (64 bytes). */
extern const uint8_t sm3_gbt_abcd16[32];

#endif /* SM3_GBT_H */

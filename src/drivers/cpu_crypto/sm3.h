/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SM3 compression (GB/T 32905-2016). OpenSSL 3.0 keeps its SM3 behind EVP
 * only, and a long hash must resume from a chaining value we hold.
 */
#ifndef WD_SM3_H
#define WD_SM3_H

#include <stddef.h>
#include <linux/types.h>
#include "wd_local.h"

#define SM3_BLOCK	64

/* The initial value V(0) into h. */
WDI_LOCAL void sm3_start(__u32 h[8]);
/* Compress n 64-byte blocks into h. */
WDI_LOCAL void sm3_blocks(__u32 h[8], const __u8 *in, size_t n);

#endif /* WD_SM3_H */

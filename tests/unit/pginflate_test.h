/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by test_comp_pginflate.c and pginflate_blocks.c. */
#ifndef PGINFLATE_TEST_H
#define PGINFLATE_TEST_H

#include <stdint.h>
#include "cpu_pgcache.h"

/*
 * Decode src[0..len) into an exact dst_len buffer with a guard after it;
 * CPU_PGI_OK must match zlib exactly. must_ok: the stream is valid and
 * fits, so it must be decoded here. Returns the result.
 */
int check_same(struct cpu_pgcache *C, const uint8_t *src, uint32_t len, uint32_t dst_len,
	       int must_ok);

void test_last_bits(void **state);	/* pginflate_blocks.c */
void test_code_rules(void **state);

#endif

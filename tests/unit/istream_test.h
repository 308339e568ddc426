/* SPDX-License-Identifier: Apache-2.0 */
/* test_comp_istream's parts: the hand-made deflate blocks (istream_blocks.c). */
#ifndef ISTREAM_TEST_H
#define ISTREAM_TEST_H

#include <stdint.h>

/* The input buffer the streams under test are built in. */
extern uint8_t *in;
/* Decode in[0..len) in random pieces (last set): zlib's verdict, or fail. */
void same_verdict(int fmt, uint32_t len, const char *what);

void test_reserved_symbols(void **state);
void test_incomplete_codes(void **state);

#endif

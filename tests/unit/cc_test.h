/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the unit tests of the CPU crypto drivers share (test_cc_digest,
 * test_cc_aead, test_cc_cipher): each drives one struct cc_class directly,
 * counts its checks, and reads the published vectors through vectors.c.
 */
#ifndef CC_TEST_H
#define CC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "vectors.h"

/* The checks a test program made: printed at its end, so a lost one shows. */
extern unsigned long cc_checks;

#define CHECK_MEM(a, b, n) do { cc_checks++; assert_memory_equal((a), (b), (n)); } while (0)
#define CHECK_INT(a, b) do { cc_checks++; assert_int_equal((a), (b)); } while (0)

/* xorshift from a fixed seed: every run draws the same lengths and data. */
uint32_t cc_rnd(void);
void cc_fill(void *buf, size_t len);
bool cc_is_zero(const void *buf, size_t len);

/* Hex that must parse into at most cap bytes: the byte count. */
size_t cc_unhex(const char *hex, uint8_t *buf, size_t cap);
/* The same into a new buffer (free it); NULL hex gives 0 bytes. */
uint8_t *cc_unhex_new(const char *hex, size_t *len);
/* A hex field the record must have. */
size_t cc_hex(const struct tv_rec *r, const char *name, uint8_t *buf, size_t cap);

typedef void cc_vec_fn(const struct tv_rec *r, void *arg);

/*
 * fn for every record (a block holding key) of the vector file rel; the
 * count. A missing file fails the test: the vectors are a dependency.
 */
int cc_vec_each(const char *rel, const char *key, cc_vec_fn *fn, void *arg);

#endif /* CC_TEST_H */

/* SPDX-License-Identifier: Apache-2.0 */
/* What the bad-input tables of test_crypto_errors share. */
#ifndef TEST_ERRORS_H
#define TEST_ERRORS_H

#include "crypto_util.h"

/* Handles that are not a session of the class under test. */
enum bad_handle {
	BAD_ZERO,
	BAD_ONE,
	BAD_ALLONES,
	BAD_GARBAGE,
	BAD_POINTER,	/* the address of real memory */
	BAD_FREED,	/* a session of the class, freed */
	BAD_OTHER1,	/* a live session of another class */
	BAD_OTHER2,	/* ... of the third class */
};

/* cls: WD_CIPHER, WD_DIGEST or WD_AEAD (enum wd_alg_type). */
handle_t err_bad_handle(int cls, int which);
/* Free what err_bad_handle made for `which`. */
void err_bad_handle_done(int which, handle_t h);
/* Poll cls until *count reaches target (bounded); the count reached. */
int err_poll_until(int cls, const int *count, int target);
/*
 * A table case's outcome: the call returned want (else the test fails,
 * naming the class and case); a refused call left every byte of out[0..n)
 * at 0xa5 (n 0: nothing to look at). true when the call was refused.
 */
bool err_refused(const char *cls_name, const char *what, int ret, int want, const __u8 *out,
		 size_t n);
/*
 * An accepted request finished well: state 0, and an async one completed
 * exactly once (*count moved from before to before + 1 by polling cls).
 */
void err_accepted(int cls, bool async, __u16 state, const int *count, int before);

void errors_cipher_table(void **state);
void errors_digest_table(void **state);
void errors_aead_table(void **state);

#endif /* TEST_ERRORS_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evp_data_test: OpenSSL's own evp_test data files run through EVP on two
 * sides (the reference provider and the target), stanza by stanza.
 *
 * The file grammar (OpenSSL's test/evp_test.c and test/testutil/stanza.c):
 * a stanza is a run of "Key = Value" lines ended by a blank line; lines
 * starting with '#' are comments; "Title = ..." lines name a section and
 * are no pair; "PrivateKey = name" / "PublicKey = name" are followed by a
 * PEM block up to its -----END line. The first pair names the kind of test
 * (Cipher, Digest, MAC, ...), optionally after "Availablein = providers"
 * and "FIPSversion = ...". A value is hex, "a quoted string" (\n escapes),
 * NULL (no buffer) or empty (a buffer of length 0).
 */
#ifndef EVP_DATA_H
#define EVP_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "prov_util.h"

struct ed_pair {
	char *key, *value;
	int line;
};

struct ed_stanza {
	const char *file;	/* base name, for messages */
	int line;		/* where its first pair is */
	int n, cap;
	struct ed_pair *p;
};

struct ed_reader;

/* NULL (message printed) when the file cannot be read. */
struct ed_reader *ed_open(const char *path);
/* The next stanza: 1, 0 at the end, -1 on a line the grammar has no room for. */
int ed_next(struct ed_reader *r, struct ed_stanza *s);
void ed_close(struct ed_reader *r);
void ed_stanza_free(struct ed_stanza *s);
void ed_stanza_print(FILE *out, const struct ed_stanza *s);

/* A decoded value; p is NULL only for the literal NULL. */
struct ed_buf {
	unsigned char *p;
	size_t n;
};
/* Decode value into b (freed first): true, or false when it is no value. */
bool ed_bin(const char *value, struct ed_buf *b);
void ed_buf_free(struct ed_buf *b);

enum ed_status {
	ED_PASS,	/* every way of running it gave what the stanza expects */
	ED_FAIL,	/* one did not: why says which and how */
	ED_NOT_SERVED,	/* the side has no such algorithm */
	ED_SKIP,	/* the harness does not run it (why says why) */
};

struct ed_outcome {
	enum ed_status st;
	char alg[64];		/* the algorithm's name as the side fetched it */
	char why[768];
	int ways;		/* ways of running it that were checked */
	bool unparsed;		/* skipped for a keyword the harness does not know */
};

/* Record a failure (the first one stays); always returns "fail". */
void ed_fail(struct ed_outcome *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ed_skip(struct ed_outcome *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The runners. first: the index of the pair naming the test (Cipher = ...);
 * expect: the stanza's Result value or NULL (success expected). Each fetches
 * the algorithm with side->props and sets o.
 */
void ed_run_cipher(const struct ed_stanza *s, int first, const char *expect,
		   const struct prov_side *side, struct ed_outcome *o);
void ed_run_digest(const struct ed_stanza *s, int first, const char *expect,
		   const struct prov_side *side, struct ed_outcome *o);
void ed_run_mac(const struct ed_stanza *s, int first, const char *expect,
		const struct prov_side *side, struct ed_outcome *o);

/*
 * Compare what a way of running a stanza ended with (err: NULL or the
 * evp_test-style error name) with what the stanza expects; a mismatch is
 * recorded in o with the way's name. True when they agree.
 */
bool ed_expect(struct ed_outcome *o, const char *way, const char *err, const char *detail,
	       const char *expect);

#endif /* EVP_DATA_H */

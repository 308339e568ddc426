/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reader for the test-vector files of python3-cryptography-vectors: NIST
 * CAVP .rsp files and the package's own .txt files in the same style.
 *
 * A file is a sequence of blocks separated by blank lines ('#' comment
 * lines are ignored). A block holding the record key the caller names
 * ("COUNT", "Count", "MD" ... compared without case) is one record; any
 * other block, and every "[...]" line, sets values that stay in force for
 * the records after it (section headers such as [ENCRYPT], [Keylen = 128],
 * a CCM file's Key = and Nonce = lines before its records). A record sees
 * its own lines first, then those standing values. A line without '='
 * (GCM's "FAIL") is a value with an empty text. "[ENCRYPT]" and
 * "[DECRYPT]" set the value "section".
 *
 * The vectors directory is $WD_TEST_VECTORS, else Debian's
 * /usr/lib/python3/dist-packages/cryptography_vectors.
 */
#ifndef TEST_VECTORS_H
#define TEST_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TV_MAX_FIELDS	32
#define TV_MAX_FILES	64

struct tv_field {
	const char *name;
	const char *value;
};

struct tv_rec {
	const char *file;	/* base name, for messages */
	int line;		/* where the record starts */
	int n;
	struct tv_field f[TV_MAX_FIELDS];	/* record's own fields first */
};

struct tv_file;

/* The vectors directory (never NULL). */
const char *tv_dir(void);

/*
 * The files of directory rel (relative to tv_dir()) whose names start with
 * prefix and end with suffix, sorted; their paths relative to tv_dir() go
 * to names[] (free with tv_free_names). Returns the count, or -1 when the
 * directory cannot be read.
 */
int tv_list(const char *rel, const char *prefix, const char *suffix, char **names, int max);
void tv_free_names(char **names, int n);

/*
 * Shared with other text readers (tests/provider's evp_test reader): a
 * whole file as one NUL-terminated malloc'd string (NULL if unreadable),
 * and the next line cut out of such a text at *pos (its '\n' replaced by
 * NUL, *pos moved past it; NULL at the end).
 */
char *tv_slurp(const char *path);
char *tv_cut_line(char **pos);

/* Open rel (relative to tv_dir()); NULL with a message on stderr. */
struct tv_file *tv_open(const char *rel);
void tv_close(struct tv_file *f);

/*
 * The next record (a block holding key), or false at the end. Aborts the
 * test program with a message when a block holds key twice (a file the
 * reader would misread).
 */
bool tv_next(struct tv_file *f, const char *key, struct tv_rec *r);

/* A value of the record, or NULL; names compare without case. */
const char *tv_get(const struct tv_rec *r, const char *name);
bool tv_has(const struct tv_rec *r, const char *name);
/* A decimal value, or -1 when absent or not a number. */
long tv_int(const struct tv_rec *r, const char *name);
/*
 * A hex value into buf: the byte count, or -1 when absent, odd, not hex or
 * longer than cap. An empty value gives 0.
 */
long tv_hex(const struct tv_rec *r, const char *name, uint8_t *buf, size_t cap);

/* Hex text to bytes (the same rules as tv_hex). */
long tv_unhex(const char *hex, uint8_t *buf, size_t cap);

#endif /* TEST_VECTORS_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cipher tests' harness (pc_*): warpdrive in a library context of its
 * own (configured from the command line, so one binary runs the WarpDrive
 * path, the software path or both mixed), OpenSSL's default provider in
 * the default library context as the reference, a deterministic RNG, and
 * a pair of contexts that every operation is applied to and compared on.
 *
 * usage: pc_cipher MODULE_DIR [key=value ...]   (warpdrive_sect settings)
 */
#ifndef PC_UTIL_H
#define PC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <openssl/evp.h>

extern int pc_fails;
extern const char *pc_what;	/* what is being tested, for messages */

#define PC_CHECK(cond, ...)								\
	do {										\
		if (!(cond)) {								\
			pc_fails++;							\
			if (pc_fails <= 40) {						\
				fprintf(stderr, "FAIL %s:%d [%s] ", __FILE__, __LINE__,	\
					pc_what);					\
				fprintf(stderr, __VA_ARGS__);				\
				fputc('\n', stderr);					\
			}								\
		}									\
	} while (0)

/* Load warpdrive with the settings of argv[2..]; 0 on success. */
int pc_setup(int argc, char **argv);
void pc_teardown(void);

EVP_CIPHER *pc_fetch_wd(const char *name);
EVP_CIPHER *pc_fetch_ref(const char *name);

uint64_t pc_rand(void);
size_t pc_below(size_t n);		/* uniform in [0, n) */
void pc_fill(void *p, size_t n);

/* The two sides of a comparison. */
struct pc_pair {
	EVP_CIPHER_CTX *w, *r;
};

int pc_pair_new(struct pc_pair *p);
void pc_pair_free(struct pc_pair *p);
int pc_pair_copy(struct pc_pair *to, const struct pc_pair *from);
/* Same init on both; checks they agree; returns the result. */
int pc_init(struct pc_pair *p, const EVP_CIPHER *cw, const EVP_CIPHER *cr,
	    const unsigned char *key, const unsigned char *iv, int enc, const OSSL_PARAM *prm);
/* Same Update on both (out of place, or in place if inplace); compares; result. */
int pc_update(struct pc_pair *p, const unsigned char *in, size_t inl, int inplace);
int pc_final(struct pc_pair *p);
/* EVP_Cipher on both. */
int pc_cipher(struct pc_pair *p, const unsigned char *in, size_t inl);
/* Compare UPDATED_IV (and NUM) of both. */
void pc_same_state(struct pc_pair *p);

#endif /* PC_UTIL_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_crypto_hw: guest tests of cipher, digest and AEAD through the public
 * API (libwd_crypto) with TASK_HW on vacc queues, every result checked
 * byte for byte against OpenSSL. What the files share.
 */
#ifndef WD_CRYPTO_HW_H
#define WD_CRYPTO_HW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>

typedef unsigned char u8;

extern int failures;

#include "guest_check.h"

/* A failed sub-check says why once; the CHECK line after it sums up. */
#define NOTE(...) (printf("#   " __VA_ARGS__), printf("\n"), fflush(stdout))

enum cls { CLS_CIPHER, CLS_DIGEST, CLS_AEAD, CLS_N };

/*
 * One algorithm of the device's list (VACC_CALGS in kernel/vacc/vacc_abi.h)
 * and how the public API and OpenSSL name it.
 */
struct calg {
	const char *name;	/* the device's sysfs name */
	enum cls cls;
	int alg;		/* wd_cipher_alg / wd_digest_type / aead calg */
	int mode;		/* wd_cipher_mode / wd_digest_mode / aead cmode */
	int dalg;		/* authenc: the HMAC's hash */
	const char *ref;	/* OpenSSL: EVP name or template ("AES-%u-CBC") */
	u8 keys[4];		/* key bytes to test, 0-terminated (none: a hash) */
};

/* What the run is about: the task type and the driver expected to serve it. */
struct run {
	int task;		/* TASK_HW or TASK_MIX */
	bool device;		/* a vacc device exists */
	const char *want[CLS_N];	/* driver name expected per class, NULL: any */
};
extern struct run run;

/* algs.c */
extern const struct calg calgs[];
const struct calg *calg_find(const char *name);
/* Every VACC_CALGS name has an entry (0), else prints the missing and returns -1. */
int calg_table_complete(void);
/* The device's crypto algorithms (all of VACC_CALGS without one); returns the count. */
int calg_advertised(const struct calg **out, int max);
bool calg_is_advertised(const char *name);
bool vacc_present(void);

/* util.c */
void fill(u8 *b, size_t n, unsigned int seed);
/* memcmp with a note at the first difference; true when equal. */
bool same(const char *what, const u8 *got, const u8 *want, size_t n);
const char *cls_name(enum cls c);
int class_init(enum cls c, int task, __u32 nsync, __u32 nasync);
void class_uninit(enum cls c);
/* class_init with the run's task type, 1 sync + 1 async ctx, as CHECK lines. */
bool setup_class(enum cls c);
/* The ctxs of the class's init all served by drivers named want... (prints them). */
bool ctxs_on(enum cls c, const char *want);
/*
 * Which driver ran the session's requests: 1 all on a driver whose name
 * starts with want, 0 not, -1 cannot tell (no per-session counts in this
 * library and the init has ctxs of several drivers). desc gets a summary.
 */
int sess_ran_on(enum cls c, handle_t h, const char *want, char *desc, size_t n);
/* sess_ran_on as a CHECK line (unknown: a "#" note; want NULL: just say). */
void check_driver(enum cls c, handle_t h, const char *want, const char *what);
/* Poll the class's async ctxs until *done reaches n or ~20 s pass; true when it did. */
bool poll_until(enum cls c, volatile int *done, int n);

/* ref.c: OpenSSL references; each returns 0, or -1 when OpenSSL lacks the algorithm */
int ref_cipher(const struct calg *a, int enc, const u8 *key, unsigned int klen, const u8 *iv,
	       const u8 *in, u8 *out, size_t len);
int ref_digest(const struct calg *a, const u8 *key, unsigned int klen, const u8 *iv,
	       const u8 *in, size_t len, u8 *mac, unsigned int *maclen);
/* AEAD encryption: ciphertext and a taglen tag. iv: the API's (GCM 12, CCM/authenc 16). */
int ref_aead(const struct calg *a, const u8 *ckey, unsigned int cklen, const u8 *akey,
	     unsigned int aklen, const u8 *iv, const u8 *aad, size_t alen, const u8 *in,
	     u8 *out, size_t len, u8 *tag, unsigned int taglen);
/* MAC size of a digest algorithm, state size of its long hash (0: none), block. */
unsigned int dg_mac_len(int alg);
unsigned int dg_full_len(int alg);
unsigned int dg_block(int alg);

/* t_async.c: a keyed session of any class, and one request on it with its reference */
#define JOB_LEN		1024
#define AAD_LEN		16

struct sess {
	const struct calg *a;
	handle_t h;
	u8 key[32], akey[64];
	unsigned int klen, aklen, authsize;
};

struct job {
	struct sess *s;
	u8 in[AAD_LEN + JOB_LEN], out[AAD_LEN + JOB_LEN], want[JOB_LEN];
	u8 iv0[16], iv[16], mac[16], tag[16];
	size_t len;
	bool bad_tag;		/* aead: a decryption whose tag is wrong */
	bool unchecked;		/* no OpenSSL reference for it here */
	volatile int done;
	__u16 state;
};

/* The first key size of a; false when allocation or a key is refused. */
bool sess_open(struct sess *s, const struct calg *a, unsigned int seed);
void sess_close(struct sess *s);
/* The class's common algorithm (cbc(aes), hmac(sha256), gcm(aes)) if listed, else its first. */
const struct calg *main_alg(enum cls c, const struct calg **list, int n);
/* Job i's data, IV and reference result (every tenth AEAD one: a wrong tag). */
void job_prepare(struct job *j, struct sess *s, int i);
int job_submit(struct job *j, bool sync);
bool job_good(const struct job *j, int i);

/* the tests, one per subcommand */
void test_cipher(void);
void test_digest(void);
void test_aead(void);
void test_async(void);
void test_unadvertised(void);
int busy_loop(void);
void test_smoke(void);

#endif /* WD_CRYPTO_HW_H */

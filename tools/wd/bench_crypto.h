/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd bench` for the symmetric crypto classes (cipher, digest, aead): the
 * algorithm, the options, one request as every implementation sees it, and
 * the implementations (WarpDrive through the public API, OpenSSL EVP and
 * Intel ipsec-mb called directly).
 */
#ifndef WD_BENCH_CRYPTO_H
#define WD_BENCH_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bench_common.h"

enum bc_class { BC_CIPHER, BC_DIGEST, BC_AEAD };

#define BC_MAX_SIZES	16
#define BC_MAX_ROUNDS	BENCH_MAX_ROUNDS
#define BC_MAX_THREADS	BENCH_MAX_THREADS
#define BC_MAX_INFLIGHT	1024
#define BC_KEY_MAX	64	/* cipher key bytes (AES-256-XTS) */
#define BC_AKEY_LEN	32	/* HMAC key bytes: a SHA-256-sized secret */
#define BC_TAG_MAX	64	/* digest output / AEAD tag room */
#define BC_IV_MAX	16

/* One algorithm at one key size, resolved from its name. */
struct bc_alg {
	char name[64];		/* UADK style: "cbc(aes)", "hmac(sha256)", "authenc(...)" */
	enum bc_class cls;
	const char *init;	/* what wd_<class>_init2_() is given */
	int calg, cmode;	/* enum wd_cipher_alg / wd_cipher_mode (cipher, aead) */
	int dalg, dmode;	/* enum wd_digest_type / wd_digest_mode (digest, authenc) */
	int key_bits;		/* AES: 128/192/256 per key; 0 where fixed or none */
	unsigned key_len;	/* cipher key bytes (XTS: both halves), or MAC key bytes */
	unsigned akey_len;	/* authenc: HMAC key bytes */
	unsigned iv_len;	/* the algorithm's own IV / nonce bytes (0: none) */
	unsigned granule;	/* request lengths must be multiples of this */
	unsigned min_len;
	unsigned mac_len;	/* digest bytes out, or AEAD tag bytes */
};

/* The libraries called directly, and the framework. */
enum bc_impl {
	BC_WD,
	BC_EVP,		/* OpenSSL EVP, one request at a time */
	BC_IMB,		/* ipsec-mb, one request at a time */
	BC_IMB_N,	/* ipsec-mb job API, --inflight jobs in flight (async runs) */
	BC_IMPLS,
};

struct bc_opts {
	struct bc_alg alg;
	size_t sizes[BC_MAX_SIZES];
	int nsizes;
	bool encrypt;		/* --op enc|dec (digests: always "enc") */
	bool async;
	unsigned inflight;
	int threads, rounds, cpu;
	unsigned aad;		/* AEAD associated data bytes */
	double duration;
	bool lib[BC_IMPLS];	/* which direct implementations run */
	bool json;
	int task;		/* --task: TASK_INSTR (default), TASK_HW, TASK_MIX */
};

/*
 * Parse the crypto bench's command line (argv[0] is "bench"): 0, 1 after
 * --help, 2 on a usage error (message printed).
 */
int bc_parse(int argc, char **argv, struct bc_opts *o);
/* Resolve an algorithm name (UADK or OpenSSL style) at key_bits (0: default). */
int bc_alg_lookup(const char *name, int key_bits, struct bc_alg *a, char *err, size_t errlen);
/* Whether name is a crypto algorithm (so `wd bench` hands over to us). */
bool bc_alg_known(const char *name);
const char *bc_class_name(enum bc_class c);
const char *bc_impl_name(int impl);
/* OpenSSL names ("AES-128-CBC", "SHA256"), NULL when it has none. */
const char *bc_evp_cipher_name(const struct bc_alg *a, char *buf, size_t len);
const char *bc_evp_md_name(int dalg);
int bc_crypto_main(int argc, char **argv);

/*
 * One request. The payload is len bytes; for AEAD, in and out start with
 * aad bytes of associated data (out: room for it), the payload follows.
 * iv holds alg.iv_len bytes for this request; tag is the digest or tag
 * output, or for AEAD decryption the tag to check.
 */
struct bc_io {
	const unsigned char *in;
	unsigned char *out;
	size_t len;
	unsigned aad;
	unsigned char *iv;
	unsigned char *tag;
	/*
	 * The output will be checked. An implementation that can only work in
	 * place (ipsec-mb's encrypt-then-MAC hashes its source) copies in to
	 * out first; in timed runs it transforms whatever out holds, which is
	 * the same work.
	 */
	bool check;
};

/* What every implementation is given. */
struct bc_cfg {
	const struct bc_alg *alg;
	bool encrypt;
	bool async;		/* wd: async sessions and requests */
	unsigned inflight;	/* slots of the in-flight implementations */
	unsigned aad;		/* AEAD associated data bytes of every request */
	unsigned char key[BC_KEY_MAX];
	unsigned char akey[BC_AKEY_LEN];
};

/*
 * An implementation. open() is per thread; NULL with a reason in why when
 * it cannot run this algorithm (a library without it is not an error).
 * One-at-a-time implementations have one(): 0, or -1 with a message.
 * In-flight ones have submit() and reap() instead:
 *   submit  start io in slot (its buffers stay in use until reaped):
 *           0, 1 when full (reap first), -1 on error
 *   reap    complete what it can, making progress when anything is in
 *           flight; write the finished slots to done (| BC_SLOT_FAILED for
 *           a request that failed: error() says why); how many, or -1 when
 *           the implementation itself failed (nothing more will complete)
 */
#define BC_SLOT_FAILED	0x80000000u
struct bc_impl_ops {
	void *(*open)(const struct bc_cfg *c, char *why, size_t len);
	int (*one)(void *st, const struct bc_io *io);
	int (*submit)(void *st, unsigned slot, const struct bc_io *io);
	int (*reap)(void *st, unsigned *done, unsigned max);
	/* the last error's text */
	const char *(*error)(void *st);
	void (*close)(void *st);
};

extern const struct bc_impl_ops bc_wd_ops, bc_wd_async_ops, bc_evp_ops, bc_imb_ops, bc_imb_n_ops;

/* wd_<class>_init2_() with threads sync + threads async ctxs; 0 or -WD_E*. */
int bc_wd_init(const struct bc_alg *a, unsigned threads, int task);
void bc_wd_uninit(const struct bc_alg *a);


/*
 * One size's requests, shared read-only by every thread: nblk blocks of
 * stride bytes (AAD then payload) walked in turn, and for AEAD decryption
 * the tag of each block. Requests get base_iv with a request counter in
 * its last 4 bytes, or base_iv itself when fixed_iv (AEAD decryption: the
 * blocks were encrypted under it).
 */
struct bc_data {
	size_t size, stride, nblk;
	unsigned aad;
	unsigned char *src;
	unsigned char *tags;		/* nblk * BC_TAG_MAX */
	unsigned char base_iv[BC_IV_MAX];
	bool fixed_iv;
};

struct bc_result {
	double secs;		/* wall time, first start to last finish */
	uint64_t reqs;
	uint64_t bytes;		/* payload */
};

struct bc_job {
	const struct bc_data *d;
	const struct bc_impl_ops *ops;
	const struct bc_cfg *cfg;
	unsigned threads;
	int cpu;		/* >= 0: pin thread i to CPU cpu + i */
	double duration;
};

/* Time job on its threads; 0, or -1 with a message in err. */
int bc_run(const struct bc_job *job, struct bc_result *res, char *err, size_t errlen);
/*
 * One request on block blk of d with counter 0 (outside any timing), on an
 * open implementation: out gets stride bytes, tag BC_TAG_MAX (for AEAD
 * decryption tag holds the tag to check). 0, or -1 with a message in err.
 */
int bc_single(const struct bc_data *d, const struct bc_impl_ops *ops, void *st, size_t blk,
	      unsigned char *out, unsigned char *tag, char *err, size_t errlen);

/* Blocks of random bytes (fixed seed) and a random IV for one size. */
int bc_data_make(struct bc_data *d, size_t size, unsigned aad, bool fixed_iv);
void bc_data_free(struct bc_data *d);
/* Reproducible random bytes (keys). */
void bc_random(void *p, size_t n, uint64_t seed);
/*
 * Before timing: block 0 through every implementation with on[i] set,
 * compared with the reference (the first library that has the algorithm).
 * AEAD decryption first encrypts every block, so each has a tag to check,
 * and wd must refuse a corrupted tag. on[i] is cleared for a library that
 * lacks the algorithm; note[i] says why, or what the check found. 0, or
 * -1 with the mismatch or failure in err.
 */
int bc_check(struct bc_data *d, const struct bc_cfg *cfg, const struct bc_impl_ops *const *ops,
	     bool *on, char (*note)[192], char *err, size_t errlen);

#endif /* WD_BENCH_CRYPTO_H */

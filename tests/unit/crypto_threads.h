/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the threaded crypto tests (test_crypto_threads.c,
 * crypto_threads_async.c): an algorithm table, sessions, and "jobs" (one
 * request each, whose expected output OpenSSL computes when the job is
 * made). Public API only. Worker threads record failures with TT_CHECK
 * (threads_util.h); the main thread asserts tt_failures() == 0.
 */
#ifndef CRYPTO_THREADS_H
#define CRYPTO_THREADS_H

#include <pthread.h>
#include <stdint.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_sched.h>

enum ct_kind { CT_CIPHER, CT_DIGEST, CT_AEAD };

struct ct_alg {
	enum ct_kind kind;
	int alg, mode;		/* cipher: alg/mode; digest: type/mode; aead: AES + GCM */
	uint32_t klen;		/* cipher or AEAD key; HMAC key (0: a plain hash) */
	uint32_t gran;		/* payload length granularity (16, 8 or 1) */
	uint32_t ivlen;		/* 0: no IV (ECB, hashes) */
	uint32_t maclen;	/* digest bytes, or the AEAD tag size */
	const char *ossl;	/* OpenSSL's name for the reference */
};

/* Every algorithm the tests run, and some by name for the tests that want one. */
extern const struct ct_alg ct_algs[];
extern const int ct_nalgs;
extern const struct ct_alg ct_aes128_cbc, ct_aes256_cbc, ct_aes128_ctr, ct_hmac_sha256,
	ct_gcm128;

struct ct_sess {
	const struct ct_alg *a;
	handle_t h;
	uint8_t key[128];
};

/* alloc_sess + keys (seeded); 0, or -1 with the failure recorded. */
int ct_sess_open(struct ct_sess *s, const struct ct_alg *a, uint32_t seed);
void ct_sess_close(struct ct_sess *s);

/*
 * One request. src is [aad][payload]; the library writes dst (AEAD: the
 * payload at dst + aad), mac and iv. want / mac_want / iv_want are what
 * OpenSSL says they must become.
 */
struct ct_job {
	const struct ct_sess *s;
	int enc;
	uint32_t len, aad;
	uint8_t *src, *dst, *want;
	uint8_t iv[16], iv_want[16];
	int iv_check;		/* the IV write-back is defined (CBC, CTR) */
	uint8_t mac[64], mac_want[64];
	/* filled by the async callback */
	int calls;		/* atomic */
	int req_ok;		/* the callback's request is the one submitted */
	int in_submit;		/* the callback ran inside wd_do_*_async */
	uint16_t state;
	pthread_t cb_thread;
};

/* A payload length for this algorithm near len (granularity, minimums). */
uint32_t ct_len(const struct ct_alg *a, uint32_t len);
/* Make a job (buffers, data from seed, OpenSSL's expected results); 0 or -1. */
int ct_job_make(struct ct_job *j, const struct ct_sess *s, int enc, uint32_t len, uint32_t seed);
void ct_job_free(struct ct_job *j);
/* Run the job with wd_do_*_sync; 0 when the call and the state say success. */
int ct_job_sync(struct ct_job *j);
/*
 * Submit the job with wd_do_*_async, building the request in *scratch (a
 * struct big enough for any request kind, which the caller reuses and may
 * scribble on as soon as this returns). Returns what the call returned.
 */
union ct_req {
	struct wd_cipher_req c;
	struct wd_digest_req d;
	struct wd_aead_req a;
};
int ct_job_async(struct ct_job *j, union ct_req *scratch);
/* The job's outputs against OpenSSL's; 0 or -1 (recorded). what: for the message. */
int ct_job_check(const struct ct_job *j, const char *what);

/* Poll every class once; returns the number of completions. */
uint32_t ct_poll_all(void);

/*
 * init2_ of the three classes with sync/async ctxs and an in-flight window
 * (depth 0: the default), TASK_MIX, RR; 0 or the first failing return.
 */
int ct_init(uint32_t sync_n, uint32_t async_n, uint32_t depth);
void ct_uninit(void);

/* The thread that may run callbacks (0: any except a submitter). */
extern pthread_t ct_poller;
extern int ct_poller_set;
/* Completions so far (atomic). */
extern int ct_done;

#endif

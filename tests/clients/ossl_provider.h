/* SPDX-License-Identifier: Apache-2.0 */
/* The two halves of the uadk_provider-pattern client (ossl_provider_client.c). */
#ifndef OSSL_PROVIDER_H
#define OSSL_PROVIDER_H

#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_sched.h>

enum { CLS_CIPHER, CLS_DIGEST, CLS_AEAD };

/* wd_<cls>_init2_ as the provider calls it (all NUMA nodes, swapped arguments). */
int prov_init(int cls, const char *alg, __u32 sync_n, __u32 async_n);
/* A session's sched_param: numa -1, type 0. */
extern struct sched_params sched_any;

/* ossl_provider_aead.c: GCM sync streams and async block mode; async cipher and digest. */
void aead(void);
void cipher_digest_async(void);
/* The one poll thread; it polls only while a job waits. 0 or pthread_create's error. */
int prov_poll_start(void);
void prov_poll_stop(void);

#endif

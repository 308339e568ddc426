/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU crypto drivers (cipher, digest, aead): what they share.
 *
 * Each class's driver is a struct cc_class: its wd_driver ops table plus
 * the class's session hooks. cc_driver.c implements the wd_driver side
 * once for all three: ctxs (a completion ring, and for classes with
 * multi-buffer lanes a lane manager), send/recv, and sessions (a lock
 * around the class's per-session state, since UADK lets several threads
 * use one session at once).
 *
 * A request runs inside send(): sync requests and, for classes without
 * lanes, async ones. A class with lanes (mb_submit) takes async requests
 * into its lanes instead; they complete when the lanes fill or, at the
 * latest, when a poll finds nothing done and flushes them (mb_flush). So
 * 32 requests submitted before a poll run as 32 lanes' worth of work.
 *
 * OpenSSL is only ever reached through cc_ossl_*(): a private library
 * context with the default and legacy providers, so a process that loads
 * a WarpDrive OpenSSL provider globally never recurses into it.
 */
#ifndef CC_H
#define CC_H

#include <stddef.h>
#include "wd_crypto_drv.h"
#include "wd_lock.h"

struct cc_ctx;
struct evp_cipher_st;
struct evp_md_st;
struct evp_mac_st;

struct cc_class {
	struct wd_driver drv;		/* first: the registry's view */
	size_t state_size;		/* per-session state, zeroed before init */
	/* Set up state for spec (the class checked spec against UADK's table). */
	int (*init)(void *state, const struct wd_alg_spec *spec);
	/* Install a key of kind WD_KEY_* (length checked by the class; 0 clears). */
	int (*set_key)(void *state, __u32 kind, const __u8 *key, __u32 len);
	/* Free what init/set_key allocated (state itself is the driver's). */
	void (*fini)(void *state);
	/* Execute msg now: fill its outputs, hdr.result and status. */
	void (*run)(void *state, struct wd_msg_hdr *msg);
	/*
	 * Execute msg without the session's lock if it only reads state (keys
	 * expanded, per-request context on the stack), and say so; false: not
	 * done, run() it under the lock. Threads sharing a session then do not
	 * meet on it, and a small request saves two atomics (a tenth of its
	 * time). NULL: every request takes the lock.
	 */
	bool (*run_shared)(const void *state, struct wd_msg_hdr *msg);
	/* Stream position forgotten (digest / GCM stream); NULL: nothing kept. */
	void (*reset)(void *state);

	/* Optional multi-buffer lanes for async ctxs (all NULL: none). */
	void *(*lanes_open)(void);
	void (*lanes_close)(void *lanes);
	/*
	 * Take msg into the lanes, or return 1 to have it run at once (a
	 * request the lanes do not serve). Jobs that complete are handed to
	 * cc_done(). Called with the ctx's lane lock held.
	 */
	int (*mb_submit)(struct cc_ctx *ctx, void *lanes, void *state, struct wd_msg_hdr *msg);
	/* Complete every job in the lanes (cc_done() each); lane lock held. */
	void (*mb_flush)(struct cc_ctx *ctx, void *lanes);
};

/* A finished message (from run, mb_submit or mb_flush) to the ctx's ring. */
void cc_done(struct cc_ctx *ctx, struct wd_msg_hdr *msg);

/* The wd_driver hooks every CPU crypto driver uses (cc_driver.c). */
int cc_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type, __u8 mode,
		__u32 depth, void **out);
void cc_ctx_close(void *ctx);
int cc_send(void *ctx, struct wd_msg_hdr *msg);
int cc_recv(void *ctx, struct wd_msg_hdr **msg);
int cc_sess_init(const struct wd_driver *drv, struct wd_drv_sess *sess,
		 const struct wd_alg_spec *spec);
int cc_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len);
void cc_sess_free(void *home_ctx, struct wd_drv_sess *sess);
void cc_sess_reset(void *home_ctx, struct wd_drv_sess *sess);
int cc_sess_run(struct wd_drv_sess *sess, struct wd_msg_hdr *msg);

/* Fills the hooks above into a class's wd_driver. */
#define CC_DRIVER_OPS					\
	.kind = WD_DRV_CPU,				\
	.ctx_open = cc_ctx_open,			\
	.ctx_close = cc_ctx_close,			\
	.send = cc_send,				\
	.recv = cc_recv,				\
	.sess_init = cc_sess_init,			\
	.set_key = cc_set_key,				\
	.sess_free = cc_sess_free,			\
	.sess_reset = cc_sess_reset,			\
	.sess_run = cc_sess_run

/*
 * OpenSSL, fetched once from WarpDrive's private library context (names
 * as EVP_CIPHER_fetch takes them: "AES-128-CBC", "DES-CBC" (legacy
 * provider), "SHA256" ...). NULL when OpenSSL lacks the algorithm. The
 * objects live until the library is unloaded; never free them.
 */
const struct evp_cipher_st *cc_ossl_cipher(const char *name);
const struct evp_md_st *cc_ossl_md(const char *name);
struct evp_mac_st *cc_ossl_mac(const char *name);

/*
 * Intel ipsec-mb (cc_imb.c): a new manager for the job API (one thread at
 * a time), and the process's manager for direct calls (key expansion,
 * GCM, GHASH), which keep no state in it. NULL when ipsec-mb cannot run.
 */
struct IMB_MGR *cc_imb_new(void);
struct IMB_MGR *cc_imb_direct(void);

/* Constant-time compare of n bytes: 0 when equal. */
int cc_memcmp_ct(const void *a, const void *b, size_t n);
/* Zero n bytes in a way the compiler keeps (keys, states). */
void cc_wipe(void *p, size_t n);

#endif /* CC_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OpenSSL 3 provider `warpdrive`: what its algorithm files share.
 *
 * Every operation runs on one of two paths, chosen per message:
 *   - the WarpDrive path: a wd_cipher / wd_digest / wd_aead session
 *     (TASK_MIX: a queue device when one serves the algorithm, else the
 *     CPU drivers), one request per Update/Final through wdp_run(), which
 *     submits asynchronously and pauses the caller's OpenSSL ASYNC job when
 *     there is one, and waits synchronously otherwise;
 *   - the software path: OpenSSL's own default implementation, fetched
 *     in a private library context, for messages that start below the
 *     class's cpu_below_* size, for offload = off, and for what the
 *     WarpDrive path cannot do exactly.
 * Nothing on a request's path allocates or locks: sessions are made when a
 * key is set and kept across re-inits.
 */
#ifndef WDP_PROV_H
#define WDP_PROV_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>

/* The classes of the WarpDrive API the provider drives. */
enum wdp_class { WDP_CIPHER, WDP_DIGEST, WDP_AEAD, WDP_CLASS_NUM };

/* Provider configuration (warpdrive.cnf's provider section; defaults in prov_config.c). */
struct wdp_config {
	int offload;			/* 0: every operation on the software path */
	int async_jobs;			/* 0: never submit asynchronously, even in a job */
	size_t cpu_below[WDP_CLASS_NUM];	/* configured: messages starting below: software path */
	int cpu_below_set[WDP_CLASS_NUM];	/* 0: the measured defaults (wdp_cpu_below) */
	char disable[512];		/* comma-separated algorithm names not offered */
};

extern struct wdp_config wdp_cfg;

/* The provider context every algorithm context points to. */
struct wdp_prov {
	const OSSL_CORE_HANDLE *handle;
};

/* Reason codes of the errors the provider raises (strings in prov_errors.c). */
enum wdp_reason {
	WDP_R_BAD_ARGUMENT = 1,		/* a NULL, a wrong length, a bad parameter value */
	WDP_R_WRONG_STATE,		/* wrong call order (no key, no IV, update after final) */
	WDP_R_OUTPUT_TOO_SMALL,
	WDP_R_NO_SESSION,		/* WarpDrive could not make a session for the algorithm */
	WDP_R_REQUEST_FAILED,		/* a WarpDrive request failed (code in the message) */
	WDP_R_TAG_MISMATCH,		/* AEAD/MAC verification failed */
	WDP_R_BAD_PADDING,
	WDP_R_NO_MEMORY,
	WDP_R_SW_FAILED,		/* the software path failed */
	WDP_R_NUM
};

/* Raise an error on the application's error queue (printf-style detail). */
void wdp_raise(int reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Sessions. wdp_sess_new() makes a session of class c from a
 * wd_{cipher,digest,aead}_sess_setup (initialising the class on first use);
 * returns 0 (and raises WDP_R_NO_SESSION) when it cannot. wdp_sess_free()
 * adds the session's per-driver request counts to the provider's counters.
 */
handle_t wdp_sess_new(enum wdp_class c, void *setup);
void wdp_sess_free(enum wdp_class c, handle_t h);

/*
 * Run one request (a struct wd_{cipher,digest,aead}_req of class c; its cb
 * and cb_param are the runner's). Inside an OpenSSL ASYNC job (and
 * async_jobs on) it is submitted asynchronously and the job pauses until
 * the request completed; otherwise it runs synchronously. Returns 0 when
 * the request ran (req->state then says how: 0 or a WD_* status), or the
 * negative WD_* code of a request that could not be run.
 */
int wdp_run(enum wdp_class c, handle_t h, void *req);

/*
 * The size below which a message of a kind starts on the software path:
 * the configured cpu_below_* of its class, else the measured default, which
 * depends on whether a queue device serves the class (docs/openssl-provider.md):
 * on the CPU drivers alone, plain digests and CCM run the same code as
 * OpenSSL plus a request's cost, so they stay on OpenSSL's at every size;
 * with a device everything but small cipher messages is offered to it.
 */
enum wdp_below {
	WDP_BELOW_CIPHER,	/* cpu_below_cipher */
	WDP_BELOW_HASH,		/* cpu_below_digest: SHA, SM3, MD5 */
	WDP_BELOW_MAC,		/* cpu_below_digest: HMAC, CMAC, GMAC */
	WDP_BELOW_GCM,		/* cpu_below_aead */
	WDP_BELOW_CCM,		/* cpu_below_aead */
	WDP_BELOW_NUM
};
size_t wdp_cpu_below(enum wdp_below k);

/* Count one request run on the software path (for WARPDRIVE_STATS). */
void wdp_count_sw(void);

/*
 * Register fn to run once when the provider's last instance is unloaded,
 * before the classes are shut down (e.g. to free pooled sessions with
 * wdp_sess_free). Call it when the state first exists; repeats are ignored.
 */
void wdp_at_teardown(void (*fn)(void));

/*
 * The software path: OpenSSL's default implementations in a private library
 * context; NULL when it has no such algorithm (callers then never switch).
 * The provider owns what they return (never free it); a lookup after the
 * first is a lock-free scan, but keep the pointer in your context anyway.
 */
EVP_CIPHER *wdp_sw_cipher(const char *name);
EVP_MD *wdp_sw_md(const char *name);
EVP_MAC *wdp_sw_mac(const char *name);

/* What EVP_CIPHER_get_params reports of a cipher or AEAD (prov_cipher_params.c). */
struct wdp_cipher_info {
	unsigned int mode;		/* EVP_CIPH_*_MODE */
	size_t keylen, blksz, ivlen;
	int aead, custom_iv, cts, rand_key;
};
int wdp_cipher_alg_params(OSSL_PARAM params[], const struct wdp_cipher_info *i);
/* Set key in params if it is asked for: 1, or 0 when the type does not fit. */
int wdp_param_set_int(OSSL_PARAM params[], const char *key, int v);
int wdp_param_set_size(OSSL_PARAM params[], const char *key, size_t v);
const OSSL_PARAM *wdp_cipher_alg_gettable(void *provctx);

/* Does the configuration offer algorithm `name` (not in `disable`)? */
int wdp_alg_enabled(const char *name);

/* The algorithm tables of the algorithm files, terminated by a NULL name. */
extern const OSSL_ALGORITHM wdp_cipher_algs[];	/* cipher_*.c */
extern const OSSL_ALGORITHM wdp_aead_algs[];	/* aead_*.c (OSSL_OP_CIPHER too) */
extern const OSSL_ALGORITHM wdp_digest_algs[];
extern const OSSL_ALGORITHM wdp_mac_algs[];

/* Teardown hooks of the parts that keep process-wide state. */
void wdp_sw_teardown(void);
void wdp_run_teardown(void);
void wdp_stats_report(void);
void wdp_stats_add_session(handle_t h);
void wdp_teardown_hooks(void);

/* The core's functions the provider uses (prov_init.c fills them in). */
struct wdp_core {
	const OSSL_CORE_HANDLE *handle;	/* the latest instance's, for errors */
	OSSL_FUNC_core_get_params_fn *get_params;
	OSSL_FUNC_core_new_error_fn *new_error;
	OSSL_FUNC_core_set_error_debug_fn *set_error_debug;
	OSSL_FUNC_core_vset_error_fn *vset_error;
};

extern struct wdp_core wdp_core;

/* prov_config.c */
int wdp_config_load(const OSSL_CORE_HANDLE *handle);

#define WDP_PROPS "provider=warpdrive"

#endif /* WDP_PROV_H */

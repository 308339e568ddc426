// SPDX-License-Identifier: Apache-2.0
/*
 * Sessions and requests of the three WarpDrive classes the provider drives,
 * behind one set of functions: each class is a row of accessors, the logic
 * (lazy class init, the sync path, the ASYNC-job path) exists once.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <openssl/async.h>
#include <uadk/warpdrive.h>
#include <uadk/wd_sched.h>

#include "prov.h"
#include "prov_async.h"

struct class_ops {
	const char *init_alg;		/* any algorithm of the class: init2 wants one */
	int (*ctx_info)(struct wd_ctx_info *out, int max);
	int (*init2)(char *alg, __u32 sched_type, int task_type, struct wd_ctx_params *p);
	void (*uninit2)(void);
	handle_t (*alloc)(void *setup);
	void (*free)(handle_t h);
	int (*sync)(handle_t h, void *req);
	int (*async)(handle_t h, void *req);
	int (*poll)(__u32 expt, __u32 *count);
	void (*arm)(void *req, struct wdp_wait *w);	/* set cb and cb_param */
	void (*set_state)(void *req, int state);
};

/* ---- per-class accessors: the requests differ only in where fields lie ---- */

static void *cipher_done(struct wd_cipher_req *req, void *param)
{
	(void)param;
	wdp_wait_finish(req->cb_param, req->state);
	return NULL;
}

static void *digest_done(void *req_copy)
{
	/* called with the library's copy of the request (wd_digest.h) */
	struct wd_digest_req *req = req_copy;

	wdp_wait_finish(req->cb_param, req->state);
	return NULL;
}

static void *aead_done(struct wd_aead_req *req, void *param)
{
	(void)param;
	wdp_wait_finish(req->cb_param, req->state);
	return NULL;
}

static handle_t cipher_alloc(void *s) { return wd_cipher_alloc_sess(s); }
static handle_t digest_alloc(void *s) { return wd_digest_alloc_sess(s); }
static handle_t aead_alloc(void *s) { return wd_aead_alloc_sess(s); }
static int cipher_sync(handle_t h, void *r) { return wd_do_cipher_sync(h, r); }
static int digest_sync(handle_t h, void *r) { return wd_do_digest_sync(h, r); }
static int aead_sync(handle_t h, void *r) { return wd_do_aead_sync(h, r); }
static int cipher_async(handle_t h, void *r) { return wd_do_cipher_async(h, r); }
static int digest_async(handle_t h, void *r) { return wd_do_digest_async(h, r); }
static int aead_async(handle_t h, void *r) { return wd_do_aead_async(h, r); }

static void cipher_arm(void *r, struct wdp_wait *w)
{
	((struct wd_cipher_req *)r)->cb = cipher_done;
	((struct wd_cipher_req *)r)->cb_param = w;
}

static void digest_arm(void *r, struct wdp_wait *w)
{
	((struct wd_digest_req *)r)->cb = digest_done;
	((struct wd_digest_req *)r)->cb_param = w;
}

static void aead_arm(void *r, struct wdp_wait *w)
{
	((struct wd_aead_req *)r)->cb = aead_done;
	((struct wd_aead_req *)r)->cb_param = w;
}

static void cipher_state(void *r, int s) { ((struct wd_cipher_req *)r)->state = (__u16)s; }
static void digest_state(void *r, int s) { ((struct wd_digest_req *)r)->state = (__u16)s; }
static void aead_state(void *r, int s) { ((struct wd_aead_req *)r)->state = (__u16)s; }

static const struct class_ops classes[WDP_CLASS_NUM] = {
	[WDP_CIPHER] = { "cbc(aes)", wd_cipher_get_ctx_info, wd_cipher_init2_, wd_cipher_uninit2, cipher_alloc,
			 wd_cipher_free_sess, cipher_sync, cipher_async, wd_cipher_poll,
			 cipher_arm, cipher_state },
	[WDP_DIGEST] = { "sha256", wd_digest_get_ctx_info, wd_digest_init2_, wd_digest_uninit2, digest_alloc,
			 wd_digest_free_sess, digest_sync, digest_async, wd_digest_poll,
			 digest_arm, digest_state },
	[WDP_AEAD] = { "gcm(aes)", wd_aead_get_ctx_info, wd_aead_init2_, wd_aead_uninit2, aead_alloc,
		       wd_aead_free_sess, aead_sync, aead_async, wd_aead_poll,
		       aead_arm, aead_state },
};

/* ---- class init: once, on the first session; undone at the last teardown ---- */

enum { CLASS_OFF, CLASS_READY, CLASS_FAILED };

static pthread_mutex_t class_lock = PTHREAD_MUTEX_INITIALIZER;
static int class_state[WDP_CLASS_NUM];
/*
 * Does submitting asynchronously from an ASYNC job pay for the job switch?
 * With a queue device, always: the device works while the jobs submit. On
 * the CPU drivers only for ciphers, whose async requests wait to fill
 * multi-buffer lanes; their digest and AEAD requests run inline at submit,
 * so pausing would add a job switch and a poll and gain nothing (measured:
 * GCM and SHA-256 through `openssl speed -async_jobs 32` at 0.3-0.8x of the
 * sync path). Set when the class initialises.
 */
static int async_pays[WDP_CLASS_NUM];
static int has_device[WDP_CLASS_NUM];
static long live_sessions[WDP_CLASS_NUM];

/*
 * fork(): libwd tears its classes down in the child (the parent's queues are
 * not the child's), so the child's first session initialises its class
 * again. Sessions made before the fork are stale there; freeing them is
 * harmless, and the live counts restart. The lock is held across the fork so
 * the child never inherits it taken.
 */
static void fork_prepare(void)
{
	pthread_mutex_lock(&class_lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&class_lock);
}

static void fork_child(void)
{
	for (int c = 0; c < WDP_CLASS_NUM; c++) {
		class_state[c] = CLASS_OFF;
		has_device[c] = 0;
		live_sessions[c] = 0;
	}
	pthread_mutex_unlock(&class_lock);
}

static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

static void fork_register(void)
{
	pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* Has class c a ctx on a queue device (a driver of kind WD_DRIVER_HW)? */
static int class_has_device(enum wdp_class c)
{
	struct wd_driver_info drv[16];
	struct wd_ctx_info ctx[64];
	int nd = wd_get_driver_info(drv, 16), nc = classes[c].ctx_info(ctx, 64);

	for (int i = 0; i < nc && i < 64; i++)
		for (int j = 0; j < nd && j < 16; j++)
			if (!strcmp(ctx[i].driver, drv[j].name) && drv[j].kind == WD_DRIVER_HW)
				return 1;
	return 0;
}

static int class_ready(enum wdp_class c)
{
	int st = __atomic_load_n(&class_state[c], __ATOMIC_ACQUIRE);

	if (st != CLASS_OFF)
		return st == CLASS_READY;
	pthread_once(&fork_once, fork_register);
	pthread_mutex_lock(&class_lock);
	if (class_state[c] == CLASS_OFF) {
		/*
		 * TASK_MIX: the queue devices that serve the class, and CPU
		 * ctxs beside them for what they refuse; the CPU alone when
		 * there is no device. A failure is remembered: every later
		 * session goes to the software path instead of retrying.
		 */
		int ret = classes[c].init2((char *)classes[c].init_alg, SCHED_POLICY_RR,
					   TASK_MIX, NULL);

		if (!ret) {
			has_device[c] = class_has_device(c);
			async_pays[c] = c == WDP_CIPHER || has_device[c];
		}

		__atomic_store_n(&class_state[c], ret ? CLASS_FAILED : CLASS_READY,
				 __ATOMIC_RELEASE);
	}
	st = class_state[c];
	pthread_mutex_unlock(&class_lock);
	return st == CLASS_READY;
}

handle_t wdp_sess_new(enum wdp_class c, void *setup)
{
	handle_t h;

	if ((unsigned int)c >= WDP_CLASS_NUM || !setup || !class_ready(c)) {
		wdp_raise(WDP_R_NO_SESSION, "WarpDrive class %d is not available", (int)c);
		return 0;
	}
	h = classes[c].alloc(setup);
	if (!h) {
		wdp_raise(WDP_R_NO_SESSION, "no WarpDrive session for the algorithm");
		return 0;
	}
	__atomic_fetch_add(&live_sessions[c], 1, __ATOMIC_RELAXED);
	return h;
}

void wdp_sess_free(enum wdp_class c, handle_t h)
{
	if ((unsigned int)c >= WDP_CLASS_NUM || !h)
		return;
	wdp_stats_add_session(h);
	classes[c].free(h);
	__atomic_fetch_sub(&live_sessions[c], 1, __ATOMIC_RELAXED);
}

/* ---- which path a message starts on ---- */

static const enum wdp_class below_class[WDP_BELOW_NUM] = {
	WDP_CIPHER, WDP_DIGEST, WDP_DIGEST, WDP_AEAD, WDP_AEAD
};

/*
 * Measured on the CPU drivers (docs/openssl-provider.md): below 1 KiB an
 * AES-CBC request costs more than OpenSSL's whole update; plain digests and
 * CCM run OpenSSL's or the same block code plus 70-90 ns of request path at
 * every size; HMAC, CMAC, GMAC and GCM win at every size (kept keys and pads).
 */
static const size_t below_cpu[WDP_BELOW_NUM] = { 1024, SIZE_MAX, 0, 0, SIZE_MAX };
/* With a queue device: the same cipher floor; the rest is offered to the device. */
static const size_t below_dev[WDP_BELOW_NUM] = { 1024, 0, 0, 0, 0 };

size_t wdp_cpu_below(enum wdp_below k)
{
	enum wdp_class c = below_class[k];

	if (wdp_cfg.cpu_below_set[c])
		return wdp_cfg.cpu_below[c];
	if (!class_ready(c))
		return below_cpu[k];
	return has_device[c] ? below_dev[k] : below_cpu[k];
}

/* ---- requests ---- */

/* Submits, and pauses the job until the request completed (prov_async.c
 * says how the application learns to resume it). */
static int run_in_job(const struct class_ops *k, ASYNC_JOB *job, handle_t h, void *req)
{
	struct wdp_wait w = { 0, 0 };
	__u32 n;
	int ret;

	k->arm(req, &w);
	for (;;) {
		ret = k->async(h, req);
		if (ret != -WD_EBUSY)
			break;
		/* every slot is taken: reap what is done, then let others run */
		if (k->poll(0, &n) == 0 && n)
			continue;
		if (!wdp_job_pause(job))
			return -WD_EBUSY;
	}
	if (ret)
		return ret;
	while (!wdp_wait_done(&w)) {
		if (!wdp_job_pause(job)) {
			/* cannot pause (no wait fd): complete it here */
			while (!wdp_wait_done(&w))
				k->poll(0, &n);
			break;
		}
		if (!wdp_wait_done(&w))
			k->poll(0, &n);
	}
	k->set_state(req, w.state);
	return 0;
}

int wdp_run(enum wdp_class c, handle_t h, void *req)
{
	const struct class_ops *k = &classes[c];
	ASYNC_JOB *job;

	/* wd_digest takes only whole messages (END) asynchronously: a long one's parts wait */
	if (c == WDP_DIGEST && ((struct wd_digest_req *)req)->has_next != WD_DIGEST_END)
		return k->sync(h, req);
	if (wdp_cfg.async_jobs && async_pays[c] && (job = wdp_current_job()) != NULL)
		return run_in_job(k, job, h, req);
	return k->sync(h, req);
}

void wdp_run_teardown(void)
{
	wdp_teardown_hooks();
	pthread_mutex_lock(&class_lock);
	for (int c = 0; c < WDP_CLASS_NUM; c++) {
		/* a session the application leaked keeps its class alive */
		if (class_state[c] == CLASS_READY &&
		    __atomic_load_n(&live_sessions[c], __ATOMIC_RELAXED) == 0)
			classes[c].uninit2();
		__atomic_store_n(&class_state[c], CLASS_OFF, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&class_lock);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc crypto drivers ("vacc_cipher", "vacc_digest", "vacc_aead"):
 * what the three share. Each class file supplies its descriptor builder,
 * its completion and a struct vacc_cdriver; everything else is here once.
 *
 * Sessions (wd_drv_sess.priv = struct vacc_csess): set_key keeps a copy
 * of the keys and gives them a process-unique id, new on every set_key.
 * Plain hashes have no key: their id names the algorithm, so all sessions
 * of one hash share a session slot.
 *
 * Session slots (vacc_cslot.c): a queue has max_sessions slots, keyed by
 * VACC_OP_CRYPTO_SETUP. Each ctx keeps a table slot -> key id. A request
 * whose id is not in the table takes a free slot, else evicts one
 * round-robin, and a SETUP is posted before it; descriptors run in order,
 * so the requests still queued on an evicted slot ran with its old key.
 * The key bytes a SETUP reads sit in a buffer of its in-flight slot, so
 * they stay put until the device has read them, whatever the session does
 * meanwhile (set_key again, free), and are wiped when it completes.
 *
 * A SETUP (or a stream start we post) that fails leaves the slot free, so
 * the requests behind it complete with BAD_SESS / BAD_STREAM. The recv
 * side records the failure in the slot; such a request then reports what
 * the failure means in the CPU driver's terms (a key the kernel refuses:
 * -WD_EINVAL, as cpu_* refuse it; NOMEM: -WD_ENOMEM), and the send side
 * posts SETUP again before the session's next request.
 *
 * AEAD GCM streams (FIRST / MIDDLE / END) keep their state in the slot:
 * the session is bound to the queue (sess->bound, so the engine sends the
 * rest of the stream there) and the slot is pinned (never evicted) until
 * END, an error, sess_reset or sess_free. Streams need a sync ctx: an
 * async ctx's completions run outside the engine's ctx lock. A MIDDLE/END
 * with no stream begun (a client that skips FIRST when it has no AAD, as
 * cpu_aead allows) gets a FIRST without AAD posted before it.
 *
 * Locking: prepare (send side) runs under the engine's ctx lock and the
 * ctx's submit lock; the table is the send side's. The recv side writes
 * only a slot's atomic failure record and the key buffer of a completed
 * in-flight slot (the send side does not reuse that slot until recv puts
 * it back). Stream state is touched by send and sync recv, both under the
 * engine's ctx lock, and by sess_free/reset with that lock held.
 */
#ifndef VACC_CRYPTO_H
#define VACC_CRYPTO_H

#include <pthread.h>
#include "wd_crypto_drv.h"
#include "vacc_drv.h"

#define VACC_CKEY_MAX	128u	/* cipher / MAC key bytes (an HMAC key up to SHA-512's block) */
#define VACC_AKEY_MAX	128u	/* authenc's HMAC key */
#define VACC_KEYLESS_ID	(1ull << 63)	/* | calg: a plain hash's id */

/* A crypto session: wd_drv_sess.priv. */
struct vacc_csess {
	__u64 id;			/* atomic; the current keys' id, 0: not keyed */
	__u64 serial;			/* names the session (stream pins); never changes */
	__u8 calg;			/* enum vacc_calg */
	__u8 opcode;			/* its class's VACC_OP_* */
	bool ckeyed;			/* key set (cipher, MAC or AEAD cipher key) */
	bool akeyed;			/* authenc: HMAC key set */
	__u32 klen;
	__u32 aklen;
	pthread_spinlock_t klock;	/* set_key vs a SETUP copying the keys */
	__u8 key[VACC_CKEY_MAX];
	__u8 akey[VACC_AKEY_MAX];
	/* the session's slot on the queue it used last: a guess, always checked */
	struct vacc_ctx *hint_c;	/* atomic */
	__u32 hint_slot;		/* atomic */
	/* AEAD stream: sync ctxs only, under the engine's lock of sc */
	struct vacc_ctx *sc;		/* the queue holding the stream; NULL: none */
	__u16 sslot;			/* its slot there */
	bool sopen;			/* a FIRST was posted for the current stream */
};

/* A crypto class's driver: the registry's ops table and the class's parts. */
struct vacc_cdriver {
	struct wd_driver drv;		/* first: the registry's view */
	const struct vacc_class *qcls;	/* descriptors and completions */
	const char *cname;		/* VACC_CLASS_*_NAME */
	__u8 opcode;			/* VACC_OP_CIPHER / DIGEST / AEAD */
	/* The vacc_calg serving spec, 0 when the device has none. */
	__u8 (*calg_of)(const struct wd_alg_spec *spec);
};

/* vacc_crypto.c: the wd_driver hooks the three drivers share */
int vacc_c_probe(const struct wd_driver *drv);
int vacc_c_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type,
		    __u8 mode, __u32 depth, void **out);
int vacc_c_ctx_adopt(const struct wd_driver *drv, handle_t h, __u8 op_type, __u8 mode,
		     __u32 depth, void **out);
bool vacc_c_supports(const struct wd_driver *drv, const struct wd_alg_spec *spec);
int vacc_c_sess_init(const struct wd_driver *drv, struct wd_drv_sess *sess,
		     const struct wd_alg_spec *spec);
int vacc_c_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len);
void vacc_c_sess_free(void *home_ctx, struct wd_drv_sess *sess);
void vacc_c_sess_reset(void *home_ctx, struct wd_drv_sess *sess);

#define VACC_CRYPTO_DRIVER_OPS			\
	.kind = WD_DRV_HW,			\
	.priority = 0,				\
	.probe = vacc_c_probe,			\
	.ctx_open = vacc_c_ctx_open,		\
	.ctx_close = vacc_ctx_close,		\
	.ctx_adopt = vacc_c_ctx_adopt,		\
	.ctx_forget = vacc_ctx_forget,		\
	.send = vacc_send,			\
	.recv = vacc_recv,			\
	.wait = vacc_wait,			\
	.supports = vacc_c_supports,		\
	.sess_init = vacc_c_sess_init,		\
	.set_key = vacc_c_set_key,		\
	.sess_free = vacc_c_sess_free,		\
	.sess_reset = vacc_c_sess_reset

/* The session of a message (NULL when the engine gave none). */
static inline struct vacc_csess *vacc_c_sess(const struct wd_msg_hdr *m)
{
	return m->sess ? (struct vacc_csess *)m->sess->priv : NULL;
}

/* The sysfs name of algorithm calg (NULL: no such id). */
const char *vacc_calg_name(__u8 calg);

/*
 * A request's length against the queue's max_len: -WD_EINVAL (what the
 * CPU drivers say of a request they refuse) with a log line when above.
 */
int vacc_c_len_ok(const struct vacc_ctx *c, __u64 len);

/*
 * hdr.result of a completed crypto request (sl its in-flight slot), as
 * the CPU driver reports the same case; *auth_fail set for an AEAD tag
 * that did not verify (only when the request may fail so).
 */
int vacc_c_result(struct vacc_ctx *c, const struct vacc_slot *sl, const struct vacc_cqe *e,
		  bool may_auth_fail, bool *auth_fail);

/* vacc_cslot.c: the queue's session slots (the vacc_class hooks) */
int vacc_c_ctx_init(struct vacc_ctx *c);
void vacc_c_ctx_fini(struct vacc_ctx *c);
int vacc_c_prepare(struct vacc_ctx *c, struct wd_msg_hdr *m, struct vacc_sqe *s, __u64 *cookie);
void vacc_c_internal_done(struct vacc_ctx *c, __u32 idx, const struct vacc_cqe *e);
/*
 * A request with cookie completed BAD_SESS/BAD_STREAM: the error a failed
 * set-up before it means, or 0 when none failed (the sides disagree).
 */
int vacc_c_setup_error(struct vacc_ctx *c, __u64 cookie);
/* The session's AEAD stream on c ended (END, error): unpin, unbind. */
void vacc_c_stream_end(struct vacc_ctx *c, struct wd_drv_sess *sess);
/*
 * A BLOCK request of a session completed on c (sync ctxs): if it ran on
 * the slot of the session's stream, the device ended that stream.
 */
void vacc_c_block_done(struct vacc_ctx *c, struct wd_drv_sess *sess, __u64 cookie);
/* sess_free / sess_reset with the session's home ctx (locked by the engine). */
void vacc_c_sess_drop(struct vacc_ctx *c, struct wd_drv_sess *sess, bool free_slot);

/* The class hooks every crypto vacc_class uses. */
#define VACC_CRYPTO_CLASS_HOOKS			\
	.prepare = vacc_c_prepare,		\
	.internal_done = vacc_c_internal_done,	\
	.ctx_init = vacc_c_ctx_init,		\
	.ctx_fini = vacc_c_ctx_fini

/* Zero n bytes in a way the compiler keeps (keys). */
static inline void vacc_wipe(void *p, size_t n)
{
	__builtin_memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

#endif /* VACC_CRYPTO_H */

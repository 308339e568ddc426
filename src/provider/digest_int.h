/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the digest and MAC files of the provider share: the descriptors of
 * the hashes WarpDrive runs, the lock-free slot pools that keep sessions
 * (and whole digest contexts) across messages, and the message engine
 * that turns Update/Final calls into wd_digest requests.
 *
 * The message engine keeps the whole state of a message in the caller's
 * context: the chaining value after the whole blocks sent so far, their
 * count, and the bytes not sent yet. Every request says where the message
 * stands (STREAM_DOING / STREAM_END with long_data_len), so a context can
 * continue in any session of its algorithm and key: a copy made mid-message
 * goes on in a session of its own.
 */
#ifndef WDP_DIGEST_INT_H
#define WDP_DIGEST_INT_H

#include <stdbool.h>
#include <string.h>
#include "prov.h"

#define WDP_MD_MAX_SIZE		64	/* digest and running-state bytes */
#define WDP_MD_MAX_BLOCK	128

/*
 * Bytes an Update may leave in the context instead of sending them: a
 * message that arrives in one Update of up to this size (EVP_Digest, most
 * MACs) costs one request, at Final, instead of a part and a last request.
 * Copying 2 KiB costs less than a request's overhead.
 */
#define WDP_MD_HOLD		2048

/* The names of OpenSSL's default provider (providers/implementations/include/prov/names.h). */
#define WDP_NAMES_SHA1		"SHA1:SHA-1:SSL3-SHA1:1.3.14.3.2.26"
#define WDP_NAMES_SHA224	"SHA2-224:SHA-224:SHA224:2.16.840.1.101.3.4.2.4"
#define WDP_NAMES_SHA256	"SHA2-256:SHA-256:SHA256:2.16.840.1.101.3.4.2.1"
#define WDP_NAMES_SHA384	"SHA2-384:SHA-384:SHA384:2.16.840.1.101.3.4.2.2"
#define WDP_NAMES_SHA512	"SHA2-512:SHA-512:SHA512:2.16.840.1.101.3.4.2.3"
#define WDP_NAMES_SHA512_224	"SHA2-512/224:SHA-512/224:SHA512-224:2.16.840.1.101.3.4.2.5"
#define WDP_NAMES_SHA512_256	"SHA2-512/256:SHA-512/256:SHA512-256:2.16.840.1.101.3.4.2.6"
#define WDP_NAMES_SM3		"SM3:1.2.156.10197.1.401"
#define WDP_NAMES_MD5		"MD5:SSL3-MD5:1.2.840.113549.2.5"

/* One hash WarpDrive runs, named as OpenSSL's default provider names it. */
struct wdp_md_desc {
	const char *names;		/* OSSL_ALGORITHM names: "SHA2-256:SHA-256:..." */
	const char *sw_name;		/* the default provider's name (software path) */
	enum wd_digest_type alg;
	uint8_t size;			/* digest bytes */
	uint8_t full;			/* running-state bytes of a DOING part */
	uint8_t block;
	uint8_t algid_absent;		/* OSSL_DIGEST_PARAM_ALGID_ABSENT */
	uint8_t index;			/* position in wdp_md_descs */
};

enum { WDP_MD_SHA1, WDP_MD_SHA224, WDP_MD_SHA256, WDP_MD_SHA384, WDP_MD_SHA512,
       WDP_MD_SHA512_224, WDP_MD_SHA512_256, WDP_MD_SM3, WDP_MD_MD5, WDP_MD_NUM };

extern const struct wdp_md_desc wdp_md_descs[WDP_MD_NUM];

/*
 * The software path of digest d: the default provider's functions in the
 * private library context, called directly (digest_sw.c); NULL: none.
 */
struct wdp_md_sw {
	void *provctx;
	OSSL_FUNC_digest_newctx_fn *newctx;
	OSSL_FUNC_digest_init_fn *init;
	OSSL_FUNC_digest_update_fn *update;
	OSSL_FUNC_digest_final_fn *final;
	OSSL_FUNC_digest_dupctx_fn *dupctx;
	OSSL_FUNC_digest_freectx_fn *freectx;
};

const struct wdp_md_sw *wdp_md_sw_get(const struct wdp_md_desc *d);
void wdp_md_sw_reset(void);	/* at teardown, with the private library context */

/* The descriptor one of whose names is `name` (any case); NULL: none. */
const struct wdp_md_desc *wdp_md_find(const char *name);

/* Is `name` (any case) one of the ':'-separated names in `names`? */
bool wdp_name_in(const char *names, const char *name);

/*
 * A pool of up to WDP_SLOTS values (pointers or session handles; 0 is
 * "empty"). get and put are one atomic exchange each on an uncontended
 * slot: no lock, no ABA (a slot holds a value or nothing).
 */
#define WDP_SLOTS 16

struct wdp_slots {
	uintptr_t v[WDP_SLOTS];
};

static inline uintptr_t wdp_slots_get(struct wdp_slots *p, int n)
{
	for (int i = 0; i < n; i++)
		if (__atomic_load_n(&p->v[i], __ATOMIC_RELAXED)) {
			uintptr_t v = __atomic_exchange_n(&p->v[i], 0, __ATOMIC_ACQUIRE);

			if (v)
				return v;
		}
	return 0;
}

/* 0 when every slot is taken (the caller frees the value). */
static inline int wdp_slots_put(struct wdp_slots *p, int n, uintptr_t v)
{
	for (int i = 0; i < n; i++) {
		uintptr_t empty = 0;

		if (!__atomic_load_n(&p->v[i], __ATOMIC_RELAXED) &&
		    __atomic_compare_exchange_n(&p->v[i], &empty, v, false, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

/*
 * fork(): a child cannot use the sessions its parent made (libwd fails
 * them with -WD_EINVAL there). Whatever keeps a session keeps the fork
 * generation it was made in; a session of an older generation is freed
 * and replaced when next needed (a message's state is in its context, so
 * it goes on in the new session).
 */
extern unsigned int wdp_forks;

static inline unsigned int wdp_fork_gen(void)
{
	return __atomic_load_n(&wdp_forks, __ATOMIC_ACQUIRE);
}

/*
 * A wd_digest session as a context holds it. `dirty`: a part of a long
 * message went through it and no last request followed, so the library's
 * own long-hash flag may be set: its next request must say where the
 * message stands (STREAM_END), a plain END would resume the old message.
 */
struct wdp_dsess {
	handle_t h;
	bool dirty;
	unsigned int gen;		/* wdp_fork_gen() when h was made */
};

/* Frees ss's session if a fork made it unusable; true if ss still has one. */
static inline bool wdp_dsess_live(struct wdp_dsess *ss)
{
	if (ss->h && ss->gen != wdp_fork_gen()) {
		wdp_sess_free(WDP_DIGEST, ss->h);
		ss->h = 0;
		ss->dirty = false;
	}
	return ss->h != 0;
}

/* The state of one message on the WarpDrive path (see the top comment). */
struct wdp_dstream {
	uint64_t sent;			/* message bytes sent as parts (whole blocks) */
	uint32_t held;			/* bytes waiting in hold[] */
	uint32_t touched;		/* high-water mark of hold[] since the last wipe */
	bool chained;			/* chain[] holds a state since the last wipe */
	uint8_t chain[WDP_MD_MAX_SIZE];	/* running state after `sent` bytes */
	uint8_t hold[WDP_MD_HOLD];
};

static inline void wdp_ds_reset(struct wdp_dstream *s)
{
	s->sent = 0;
	s->held = 0;
}

/* Do len bytes fit in the hold (no request needed to take them)? */
static inline bool wdp_ds_fits(const struct wdp_dstream *s, size_t len)
{
	return len <= WDP_MD_HOLD - s->held;
}

/* Feed len bytes (len > 0) of the message. 0 (error raised) on failure. */
int wdp_ds_update(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s,
		  const unsigned char *in, size_t len);

/* Finish the message: d->size bytes to out. 0 (error raised) on failure. */
int wdp_ds_final(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s,
		 unsigned char *out);

/* dst continues src's message (in whatever session dst has). */
void wdp_ds_copy(struct wdp_dstream *dst, const struct wdp_dstream *src);

/* Send the whole blocks waiting in the hold as parts now; 0 (error raised) on failure. */
int wdp_ds_flush(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s);

/* memset the compiler keeps (OPENSSL_cleanse goes byte by byte: too slow per message) */
static inline void wdp_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* Clear the message bytes and state a context kept (they may be secret). */
static inline void wdp_ds_wipe(struct wdp_dstream *s)
{
	if (s->touched)
		wdp_wipe(s->hold, s->touched);
	if (s->chained)
		wdp_wipe(s->chain, sizeof(s->chain));
	s->touched = 0;
	s->chained = false;
	wdp_ds_reset(s);
}

/*
 * A session of wd_digest algorithm alg in mode (WD_DIGEST_NORMAL, or
 * WD_DIGEST_HMAC: HMAC and the AES MACs), or 0 without leaving an error
 * behind: callers then take the software path. Remembers an algorithm
 * WarpDrive refused, so later messages do not ask again (until a fork or
 * the provider's teardown).
 */
handle_t wdp_digest_sess_new(enum wd_digest_type alg, enum wd_digest_mode mode);
bool wdp_digest_wd_usable(enum wd_digest_type alg, enum wd_digest_mode mode);
void wdp_md_refused_reset(void);	/* at teardown: a new load asks again */

#endif /* WDP_DIGEST_INT_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AEAD ciphers of the provider (GCM and CCM over wd_aead): what their
 * files share. aead_base.c holds the key, the per-context sessions, the
 * scratch buffer and the software-path context; aead_gcm*.c and
 * aead_ccm.c the two modes; aead_algs.c the descriptor and OSSL tables.
 *
 * Every context owns its sessions: a GCM stream lives in its wd_aead
 * session, so two contexts never share one. They are made when a key is
 * set and kept while the key stays the same (a re-init with the same key
 * bytes costs a compare).
 */
#ifndef WDP_AEAD_H
#define WDP_AEAD_H

#include "prov.h"

#define AEAD_KEY_MAX	32
#define AEAD_TAG_MAX	16
#define AEAD_BLK	16
#define AEAD_UNSET	((size_t)-1)	/* OpenSSL's UNINITIALISED_SIZET */
#define AEAD_TLS_AAD	13		/* EVP_AEAD_TLS1_AAD_LEN */

enum aead_mode { AEAD_GCM, AEAD_CCM };

/* One algorithm: the rows of aead_algs.c. */
struct aead_desc {
	const char *sw_name;		/* the default provider's name; NULL: none */
	enum wd_cipher_alg alg;
	enum aead_mode mode;
	size_t keylen;
};

/* What a GCM and a CCM context share. */
struct aead_base {
	const struct aead_desc *d;
	int enc;
	int wd_only;			/* no software implementation (SM4): always WarpDrive */
	int key_set;
	unsigned int key_gen;		/* bumped whenever the key bytes change */
	unsigned char key[AEAD_KEY_MAX];

	handle_t sess;			/* wd_aead session (0: none yet / none possible) */
	int sess_keyed;
	int sess_failed;		/* WarpDrive refused: this key runs in software */
	int authsize;			/* the session's tag size (0: not set yet) */
	handle_t ctr;			/* wd_cipher CTR session: single blocks E(K, x) */
	int ctr_keyed;

	EVP_CIPHER_CTX *sw;		/* the software path's context, made on first use */
	unsigned int sw_key_gen;	/* key_gen it was keyed with (0: not keyed) */
	int sw_m, sw_l, sw_enc;		/* CCM: tag/length sizes and direction at its key */

	unsigned char *buf;		/* scratch: buffered AAD, bounce buffers */
	size_t buf_cap;

	/*
	 * A request of this context is in flight and its ASYNC job paused.
	 * Another job of the thread calling into the context now would change
	 * (or free) the state the request reads: refused (aead_idle).
	 */
	int busy;
};

/* 1, or 0 with an error raised while a paused job's request is in flight. */
int aead_busy_error(void);
static inline int aead_idle(const struct aead_base *b)
{
	return __builtin_expect(!b->busy, 1) || aead_busy_error();
}

void aead_base_init(struct aead_base *b, const struct aead_desc *d);
/* Frees sessions, the software context and the buffer; wipes the key. */
void aead_base_cleanup(struct aead_base *b);
/* dst is a byte copy of src: give it its own sessions, context, buffer. */
int aead_base_dup(struct aead_base *dst, const struct aead_base *src);
/*
 * freectx / dupctx of a GCM or CCM context of size bytes that embeds its
 * aead_base at offset off: a context in use by a paused job is neither freed
 * (leaking it beats freeing what its request reads) nor copied; a copy is
 * the bytes plus the base's own duplicate (sessions, buffers).
 */
void aead_ctx_free(void *ctx, size_t size, size_t off);
void *aead_ctx_dup(const void *ctx, size_t size, size_t off, const char *what);

/*
 * A key from an init. Same bytes as before: nothing happens. Otherwise the
 * session (made now when offload is on) is re-keyed. 0 (error raised) only
 * when the algorithm has no software path and WarpDrive refused the key.
 */
int aead_base_setkey(struct aead_base *b, const unsigned char *key, size_t keylen);

/*
 * May this context's messages run on WarpDrive: a keyed session, and
 * offload on (an algorithm without software path ignores offload = off).
 */
static inline int aead_wd_ok(const struct aead_base *b)
{
	return b->sess_keyed && (wdp_cfg.offload || b->wd_only);
}

/* The session's tag size, changed only when it differs. 1 ok, 0 error. */
int aead_set_authsize(struct aead_base *b, int n);

/*
 * Run one wd_aead request on the context's session (the caller fills the
 * request; op_type from b->enc). 0 ok, 1 tag mismatch (state WD_IN_EPARA),
 * -1 another failure (error raised).
 */
int aead_run(struct aead_base *b, struct wd_aead_req *req);
/* The same in the given direction (1 encrypt), whatever the context's. */
int aead_run_dir(struct aead_base *b, struct wd_aead_req *req, int enc);

/*
 * CTR through the context's wd_cipher session: out = in ^ E(K, ctr),
 * E(K, ctr + 1) ... (len < 2^32; the 128-bit counter of wd_cipher: callers
 * keep GCM's 32-bit counter from wrapping). 1 ok, 0 error raised.
 */
int aead_ctr(struct aead_base *b, const unsigned char ctr[AEAD_BLK], const unsigned char *in,
	     unsigned char *out, size_t len);
/* out = E(K, in) for one block, through the CTR session. 1 ok, 0 error. */
int aead_block(struct aead_base *b, const unsigned char in[AEAD_BLK],
	       unsigned char out[AEAD_BLK]);

/* The scratch buffer with room for n bytes (contents kept); NULL: error raised. */
unsigned char *aead_buf(struct aead_base *b, size_t n);

/* The software context (made on first use); NULL (error raised) when none. */
EVP_CIPHER_CTX *aead_sw_ctx(struct aead_base *b);
/* Does the algorithm have a software path at all? */
static inline int aead_has_sw(const struct aead_base *b)
{
	return !b->wd_only;
}

/* Constant-time compare of n bytes: 0 when equal. */
int aead_memcmp(const void *a, const void *b, size_t n);

/* ---- parameters: the same names, types and lists as OpenSSL's AEAD ciphers ---- */

/*
 * The context parameters of OpenSSL's AEAD ciphers, found in one pass over
 * an array (OSSL_PARAM_locate per name costs a strcmp per name and element,
 * on every init and ctrl). found[k] is the first element with that key, as
 * OSSL_PARAM_locate would return; callers then act in OpenSSL's order.
 */
enum aead_pk {
	PK_IVLEN, PK_KEYLEN, PK_TAGLEN, PK_IV, PK_UPDATED_IV, PK_TLS_AAD_PAD, PK_TAG,
	PK_TLS_IV_GEN, PK_TLS_AAD, PK_TLS_IV_FIXED, PK_TLS_IV_INV, PK_NUM
};

/* Returns the mask of found keys (1 << PK_*); entries outside it are unset. */
unsigned int aead_params_scan(const OSSL_PARAM *params, OSSL_PARAM *found[PK_NUM]);
#define AEAD_P(f, mask, k)	(((mask) >> (k)) & 1 ? (f)[k] : NULL)

int aead_get_params(OSSL_PARAM params[], unsigned int mode, size_t keylen);
const OSSL_PARAM *aead_gettable_ctx_params(void *cctx, void *provctx);
const OSSL_PARAM *aead_settable_ctx_params(void *cctx, void *provctx);

/* ---- the two modes' dispatch functions (aead_gcm.c, aead_ccm.c) ---- */

#define AEAD_MODE_FNS(m)							\
	void *wdp_##m##_newctx(void *provctx, const struct aead_desc *d);	\
	OSSL_FUNC_cipher_freectx_fn wdp_##m##_freectx;				\
	OSSL_FUNC_cipher_dupctx_fn wdp_##m##_dupctx;				\
	OSSL_FUNC_cipher_encrypt_init_fn wdp_##m##_einit;			\
	OSSL_FUNC_cipher_decrypt_init_fn wdp_##m##_dinit;			\
	OSSL_FUNC_cipher_update_fn wdp_##m##_update;				\
	OSSL_FUNC_cipher_final_fn wdp_##m##_final;				\
	OSSL_FUNC_cipher_cipher_fn wdp_##m##_cipher;				\
	OSSL_FUNC_cipher_get_ctx_params_fn wdp_##m##_get_ctx_params;		\
	OSSL_FUNC_cipher_set_ctx_params_fn wdp_##m##_set_ctx_params;

AEAD_MODE_FNS(gcm)
AEAD_MODE_FNS(ccm)

#endif /* WDP_AEAD_H */

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The provider's non-AEAD ciphers: one implementation for all of them,
 * driven by a descriptor per algorithm (cipher_algs.c).
 *
 * A context follows OpenSSL 3.0's generic cipher context (ciphercommon.c)
 * field for field where the semantics live: iv is OpenSSL's running IV
 * register (for CFB/OFB the shift/feedback register, for CTR the counter),
 * oiv the IV as set, buf the held block of ECB/CBC or CTR's keystream,
 * num the used bytes of a stream block. That is what makes UPDATED_IV and
 * NUM read back exactly as OpenSSL's.
 *
 * Each message (from an init to the next; each record in TLS mode) runs on
 * one of two paths, chosen at its first Update with data:
 *   WD: the cipher_*.c code, one WarpDrive request per Update where possible;
 *   SW: a context of OpenSSL's own implementation (the default provider
 *       of prov_sw.c, called through its dispatch table: cipher_sw.c) that
 *       gets our key/IV/parameters pushed at the message start and then
 *       does everything; the state it holds is pulled back when a later
 *       message needs it (CTR's running counter, TLS's chained IV).
 */
#ifndef WDP_CIPHER_H
#define WDP_CIPHER_H

#include "prov.h"

/* How the generic code treats an algorithm. */
enum wdp_ckind {
	WDP_CK_BLOCK,		/* ECB, CBC: buffering, padding, TLS records */
	WDP_CK_STREAM,		/* CTR, OFB, CFB-128: any length, num */
	WDP_CK_CTS,		/* CBC-CTS: one Update, CS1/CS2/CS3 */
	WDP_CK_XTS,		/* one Update per data unit */
};

/* Which parameter lists the algorithm has (OpenSSL's differ by family). */
enum wdp_cparams { WDP_CP_GENERIC, WDP_CP_CTS, WDP_CP_XTS, WDP_CP_TDES };

/* Flags reported by get_params (OpenSSL's PROV_CIPHER_FLAG_* meanings). */
#define WDP_CF_CTS		0x01
#define WDP_CF_CUSTOM_IV	0x02
#define WDP_CF_RAND_KEY		0x04

struct wdp_cipher_desc {
	const char *names;	/* OSSL_ALGORITHM names, as OpenSSL spells them */
	unsigned int evp_mode;	/* EVP_CIPH_*_MODE */
	uint8_t alg;		/* enum wd_cipher_alg */
	uint8_t mode;		/* enum wd_cipher_mode (CTS: chosen per message) */
	uint8_t kind;		/* enum wdp_ckind */
	uint8_t params;		/* enum wdp_cparams */
	uint8_t keylen;		/* bytes (XTS: both halves) */
	uint8_t blksz;		/* OpenSSL's block size: 1 for stream modes and XTS */
	uint8_t cblk;		/* the cipher's block: 16, or 8 for 3DES */
	uint8_t ivlen;		/* 0 for ECB */
	uint8_t flags;		/* WDP_CF_* */
};

enum wdp_path { WDP_PATH_NONE, WDP_PATH_WD, WDP_PATH_SW };

/* A WarpDrive session, shared (counted) between a context and its dups. */
struct wdp_csess {
	handle_t h;
	int refs;
	uint8_t mode;		/* the session's wd_cipher_mode */
};

#define WDP_CKEY_MAX	64	/* AES-256-XTS */

struct wdp_cctx {
	const struct wdp_cipher_desc *d;
	unsigned char iv[16];		/* OpenSSL's running register */
	unsigned char oiv[16];
	unsigned char buf[16];		/* held block (ECB/CBC), keystream (CTR) */
	unsigned char key[WDP_CKEY_MAX];
	unsigned char tlsmac[EVP_MAX_MD_SIZE];
	size_t bufsz;			/* bytes in buf (ECB/CBC) */
	size_t tlsmacsize;
	unsigned int num;		/* stream modes: used bytes of the block */
	unsigned int tlsversion;	/* > 0: TLS record mode (block kinds) */
	unsigned int cts_mode;		/* 0 CS1, 1 CS2, 2 CS3 */
	unsigned int key_set : 1, iv_set : 1, enc : 1, pad : 1, updated : 1, use_bits : 1;
	unsigned int sess_keyed : 1;	/* the session holds our current key */
	unsigned int sw_keyed : 1;	/* the SW context holds our current key */
	unsigned int sw_enc : 1;	/* ... in this direction */
	unsigned int wd_failed : 1;	/* WarpDrive cannot serve this key: SW */
	/*
	 * A request of this context is in flight: its job is paused. Another
	 * job of the thread calling in now (e.g. a DRBG, whose shared EVP
	 * contexts assume no re-entry) would change the state under it.
	 */
	unsigned int busy : 1;
	uint8_t path;			/* enum wdp_path of the current message */
	const unsigned char *tlsmac_ptr;	/* TLS_MAC: NULL, tlsmac or into out */
	struct wdp_csess *sess;
	void *sw;			/* the default provider's context */
	const struct wdp_swc *swf;	/* ... and its functions */
};

extern const struct wdp_cipher_desc wdp_cipher_descs[];
/* The default provider's name of d (its first name) in buf. */
const char *wdp_cipher_sw_name(const struct wdp_cipher_desc *d, char *buf, size_t len);

/* 0 (error raised) when a paused job's request of c is in flight. */
int wdp_cipher_busy_error(const struct wdp_cctx *c);
static inline int wdp_cipher_idle(const struct wdp_cctx *c)
{
	return __builtin_expect(!c->busy, 1) || wdp_cipher_busy_error(c);
}

/* cipher_ctx.c: the lifecycle */
void *wdp_cipher_newctx(void *provctx, const struct wdp_cipher_desc *d);
OSSL_FUNC_cipher_freectx_fn wdp_cipher_freectx;
OSSL_FUNC_cipher_dupctx_fn wdp_cipher_dupctx;
OSSL_FUNC_cipher_encrypt_init_fn wdp_cipher_einit;
OSSL_FUNC_cipher_decrypt_init_fn wdp_cipher_dinit;
/* A keyed session of the right mode for this message, or 0. */
int wdp_cipher_sess_ready(struct wdp_cctx *c);
void wdp_cipher_sess_drop(struct wdp_cctx *c);

/* cipher_params.c */
int wdp_cipher_get_params(const struct wdp_cipher_desc *d, OSSL_PARAM params[]);
OSSL_FUNC_cipher_get_ctx_params_fn wdp_cipher_get_ctx_params;
OSSL_FUNC_cipher_set_ctx_params_fn wdp_cipher_set_ctx_params;
const OSSL_PARAM *wdp_cipher_gettable_ctx(enum wdp_cparams which);
const OSSL_PARAM *wdp_cipher_settable_ctx(enum wdp_cparams which);

/* cipher_path.c: entry points and the choice of path */
OSSL_FUNC_cipher_update_fn wdp_cipher_update;
OSSL_FUNC_cipher_final_fn wdp_cipher_final;
OSSL_FUNC_cipher_cipher_fn wdp_cipher_cipher;

/* cipher_sw.c: the software path (the default provider's functions) */
struct wdp_swc {
	void *provctx;
	OSSL_FUNC_cipher_newctx_fn *newctx;
	OSSL_FUNC_cipher_freectx_fn *freectx;
	OSSL_FUNC_cipher_dupctx_fn *dupctx;
	OSSL_FUNC_cipher_encrypt_init_fn *einit;
	OSSL_FUNC_cipher_decrypt_init_fn *dinit;
	OSSL_FUNC_cipher_update_fn *update;
	OSSL_FUNC_cipher_final_fn *final;
	OSSL_FUNC_cipher_cipher_fn *cipher;
	OSSL_FUNC_cipher_get_ctx_params_fn *get_ctx_params;
	OSSL_FUNC_cipher_set_ctx_params_fn *set_ctx_params;
};

/* An Update on the software path (the caller counts it). */
static inline int wdp_cipher_sw_update(struct wdp_cctx *c, unsigned char *out, size_t *outl,
				       size_t outsize, const unsigned char *in, size_t inl)
{
	return c->swf->update(c->sw, out, outl, outsize, in, inl);
}
/* Bring the SW context to our state at a message start; 0 if it cannot run it. */
int wdp_cipher_sw_push(struct wdp_cctx *c);
/* Take the running IV back from the SW context. */
int wdp_cipher_sw_pull(struct wdp_cctx *c);
/* Before an init replaces the state: take back what the SW context holds. */
void wdp_cipher_sw_end(struct wdp_cctx *c, int keep_counter);
/* Forward get/set of the message's state to the SW context (path SW). */
int wdp_cipher_sw_get(struct wdp_cctx *c, OSSL_PARAM params[]);
int wdp_cipher_sw_set(struct wdp_cctx *c, const OSSL_PARAM params[]);
void wdp_cipher_sw_free(struct wdp_cctx *c);
int wdp_cipher_sw_dup(struct wdp_cctx *to, const struct wdp_cctx *from);
int wdp_cipher_sw_final(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize);
int wdp_cipher_sw_cipher(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
			 const unsigned char *in, size_t inl);

/*
 * cipher_wd.c: one WarpDrive request over whole blocks (any length for
 * stream modes), IV read and written back through iv (NULL for ECB).
 */
int wdp_cipher_wd(struct wdp_cctx *c, unsigned char *out, const unsigned char *in,
		  size_t len, unsigned char *iv);

/* cipher_block.c: ECB, CBC (WD path) */
int wdp_cblock_update(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl);
int wdp_cblock_final(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize);
int wdp_cblock_cipher(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl);

/* cipher_stream.c: CTR, OFB, CFB (WD path) */
int wdp_cstream_run(struct wdp_cctx *c, unsigned char *out, const unsigned char *in, size_t inl);

/* cipher_cts_xts.c (WD path) */
int wdp_ccts_update(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		    const unsigned char *in, size_t inl);
int wdp_cxts_cipher(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		    const unsigned char *in, size_t inl);

/* cipher_tls.c: one TLS record in place (WD path) */
int wdp_ctls_record(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		    const unsigned char *in, size_t inl);

#endif /* WDP_CIPHER_H */

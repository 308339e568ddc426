/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU AEAD driver (cpu_aead): per-session state and the split between
 * its files. aead_driver.c owns the session hooks and dispatch; each mode
 * lives in its own file:
 *   aead_gcm_aes.c  AES-GCM through ipsec-mb's direct functions
 *   aead_gcm_sm4.c  SM4-GCM: SM4-CTR (OpenSSL) + ipsec-mb's GHASH with our H
 *   aead_ccm.c      AES-CCM through OpenSSL; SM4-CCM our own SP 800-38C
 *   aead_authenc.c  CBC (OpenSSL) + HMAC (aead_hmac.c)
 */
#ifndef AEAD_INTERNAL_H
#define AEAD_INTERNAL_H

#include <stdbool.h>
/* without the 0.53 names (MD5, SHA1, AES_BLOCK_SIZE ...) that clash with OpenSSL/UADK */
#define NO_COMPAT_IMB_API_053
#include <intel-ipsec-mb.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include "cc.h"

struct evp_cipher_ctx_st;
struct evp_mac_ctx_st;

#define AEAD_BLOCK	16
#define AEAD_GCM_IV	12
#define AEAD_CCM_IV	16
#define AEAD_HMAC_MAX	64	/* largest digest (SHA512) */
#define AEAD_HBLOCK_MAX	128	/* largest hash block (SHA384/512) */

/* ipsec-mb's GCM entry points for one AES key size */
struct aead_gcm_fns {
	aes_gcm_pre_t pre;
	aes_gcm_enc_dec_t enc, dec;
	aes_gcm_init_t init;
	aes_gcm_enc_dec_update_t enc_update, dec_update;
	aes_gcm_enc_dec_finalize_t enc_final, dec_final;
};

/*
 * HMAC with the pads already hashed: a request copies the two prepared
 * contexts (plain structs, no allocation). Hashes without an exported
 * low-level API (SM3, SHA-512/224, SHA-512/256) go through an EVP_MAC_CTX
 * re-initialised with its stored key.
 */
enum aead_hash_kind { AH_MD5, AH_SHA1, AH_SHA224, AH_SHA256, AH_SHA384, AH_SHA512, AH_EVP };

union aead_hash_ctx {
	MD5_CTX md5;
	SHA_CTX sha1;
	SHA256_CTX sha256;
	SHA512_CTX sha512;
};

struct aead_hmac {
	enum aead_hash_kind kind;
	__u32 dlen;			/* digest bytes */
	__u32 blen;			/* hash block bytes */
	union aead_hash_ctx ictx;	/* after key ^ ipad */
	union aead_hash_ctx octx;	/* after key ^ opad */
	union aead_hash_ctx work;
	struct evp_mac_ctx_st *mac;	/* AH_EVP */
	const char *md_name;		/* AH_EVP: OpenSSL digest name */
};

/* GCM stream (AEAD_MSG_FIRST/MIDDLE/END) between requests */
struct aead_gcm_stream {
	bool open;
	struct gcm_context_data imb;	/* AES: ipsec-mb's running state */
	/* SM4: our own running state */
	__u8 ghash[AEAD_BLOCK];		/* GHASH so far (AAD, then ciphertext) */
	__u8 ek_j0[AEAD_BLOCK];		/* E(K, J0): masks the tag */
	__u8 ctr[AEAD_BLOCK];		/* next counter block */
	__u64 aad_len;
	__u64 len;
};

struct aead_state {
	__u8 calg;		/* enum wd_cipher_alg */
	__u8 cmode;		/* WD_CIPHER_GCM / CCM / CBC */
	__u8 dalg;		/* authenc: enum wd_digest_type */
	bool ckey_set;
	bool ccm_own;		/* CCM through our SP 800-38C construction */
	__u32 ckey_len;

	/*
	 * GCM: expanded AES key + GHASH tables (AES), GHASH tables of our
	 * H (SM4). ipsec-mb wants 64-byte alignment; the state itself comes
	 * from calloc, so gcm_kd points into kd_mem.
	 */
	struct gcm_key_data *gcm_kd;
	const struct aead_gcm_fns *gcm;
	__u8 kd_mem[sizeof(struct gcm_key_data) + 64];
	struct aead_gcm_stream st;

	/*
	 * OpenSSL contexts, keyed at set_key, re-IV'd per request:
	 *   AES-CCM (OpenSSL)   cx_enc = encrypt, cx_dec = decrypt
	 *   own CCM             cx_enc = CBC encrypt (CBC-MAC), cx_dec = CTR
	 *   SM4-GCM             cx_enc = CTR
	 *   authenc             cx_enc = CBC encrypt, cx_dec = CBC decrypt
	 */
	struct evp_cipher_ctx_st *cx_enc;
	struct evp_cipher_ctx_st *cx_dec;
	/*
	 * AES-CCM (OpenSSL): OpenSSL fixes the tag and length-field sizes
	 * when it takes the key, so a request with other sizes re-keys its
	 * context from ckey. [0] encrypt, [1] decrypt; 0 = not keyed yet.
	 */
	__u8 ccm_m[2], ccm_l[2];
	__u8 ckey[32];

	struct aead_hmac hmac;	/* authenc */
};


/* Modes: run() of each, set_key of those that expand keys themselves. */
int aead_gcm_aes_set_key(struct aead_state *s, const __u8 *key, __u32 len);
void aead_gcm_aes_run(struct aead_state *s, struct wd_aead_msg *m);
int aead_gcm_sm4_set_key(struct aead_state *s, const __u8 *key, __u32 len);
void aead_gcm_sm4_run(struct aead_state *s, struct wd_aead_msg *m);
int aead_ccm_set_key(struct aead_state *s, const __u8 *key, __u32 len);
void aead_ccm_run(struct aead_state *s, struct wd_aead_msg *m);
int aead_authenc_set_key(struct aead_state *s, const __u8 *key, __u32 len);
void aead_authenc_run(struct aead_state *s, struct wd_aead_msg *m);

/* HMAC over the concatenation of two buffers (authenc: AAD || ciphertext). */
int aead_hmac_init(struct aead_hmac *h, __u8 dalg);
int aead_hmac_set_key(struct aead_hmac *h, const __u8 *key, __u32 len);
int aead_hmac2(struct aead_hmac *h, const __u8 *a, size_t alen, const __u8 *b, size_t blen,
	       __u8 *md);
void aead_hmac_fini(struct aead_hmac *h);

/*
 * Tests only: make a CCM session use our own construction whatever calg
 * is (so it can be run with AES against OpenSSL's AES-CCM). Call before
 * set_key.
 */
void aead_ccm_force_own(struct aead_state *s);

extern struct cc_class cc_aead_class;

#endif /* AEAD_INTERNAL_H */
